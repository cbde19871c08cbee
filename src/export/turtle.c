/* Turtle's IRIs and literals: see turtle.h. */
#include "export/turtle.h"

#include <string.h>

void
turtle_iri(struct buf *out, const char *iri)
{
	buf_putc(out, '<');
	for (const unsigned char *p = (const unsigned char *)iri; *p; p++) {
		if (*p <= 0x20 || strchr("<>\"{}|^`\\", *p))
			buf_printf(out, "%%%02X", *p);
		else
			buf_putc(out, (char)*p);
	}
	buf_putc(out, '>');
}

/* The length of the valid UTF-8 sequence at p (1–4), or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *p)
{
	size_t n = p[0] < 0x80             ? 1
	           : (p[0] & 0xE0) == 0xC0 ? 2
	           : (p[0] & 0xF0) == 0xE0 ? 3
	           : (p[0] & 0xF8) == 0xF0 ? 4
	                                   : 0;
	if (n == 2 && p[0] < 0xC2)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

static void
quoted(struct buf *out, const char *text)
{
	buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		unsigned char c = *p;
		if (c == '"' || c == '\\') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c == '\n') {
			buf_puts(out, "\\n");
		} else if (c == '\r') {
			buf_puts(out, "\\r");
		} else if (c == '\t') {
			buf_puts(out, "\\t");
		} else if (c < 0x20 || c == 0x7F) {
			buf_printf(out, "\\u%04X", c);
		} else {
			size_t n = utf8_len(p);
			if (!n) {
				buf_puts(out, "\\uFFFD");
				p++;
				continue;
			}
			buf_append(out, (const char *)p, n);
			p += n;
			continue;
		}
		p++;
	}
	buf_putc(out, '"');
}

void
turtle_literal(struct buf *out, const char *text, const char *lang)
{
	quoted(out, text ? text : "");
	if (lang && *lang)
		buf_printf(out, "@%s", lang);
}

void
turtle_typed(struct buf *out, const char *text, const char *datatype)
{
	quoted(out, text ? text : "");
	buf_puts(out, "^^");
	turtle_iri(out, datatype);
}

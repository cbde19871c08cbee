/* The escaping HTML writer. */
#include "html/html.h"
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
html_init(struct html *h, struct buf *out)
{
	memset(h, 0, sizeof *h);
	h->out = out;
}

void
html_escape(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void
url_encode(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "%%%02X", c);
	}
}

static void
attrs(struct html *h, va_list ap)
{
	const char *name;
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		if (!value)
			continue;
		buf_putc(h->out, ' ');
		buf_puts(h->out, name);
		if (*value) {
			buf_puts(h->out, "=\"");
			html_escape(h->out, value, strlen(value));
			buf_putc(h->out, '"');
		}
	}
}

/* "<tag" with the name/value pairs of ap as attributes, then ">". */
static void
start_tag(struct html *h, const char *tag, va_list ap)
{
	buf_putc(h->out, '<');
	buf_puts(h->out, tag);
	attrs(h, ap);
	buf_putc(h->out, '>');
}

void
html_open(struct html *h, const char *tag, ...)
{
	va_list ap;
	va_start(ap, tag);
	start_tag(h, tag, ap);
	va_end(ap);
	if (h->depth < HTML_DEPTH)
		h->stack[h->depth++] = tag;
	else
		h->broken = true;
}

void
html_void(struct html *h, const char *tag, ...)
{
	va_list ap;
	va_start(ap, tag);
	start_tag(h, tag, ap);
	va_end(ap);
}

void
html_close(struct html *h, const char *tag)
{
	if (h->depth == 0 || strcmp(h->stack[h->depth - 1], tag) != 0) {
		log_error("html: </%s> does not match <%s>", tag,
		          h->depth ? h->stack[h->depth - 1] : "(none)");
		h->broken = true;
		return;
	}
	h->depth--;
	buf_puts(h->out, "</");
	buf_puts(h->out, tag);
	buf_putc(h->out, '>');
}

void
html_close_to(struct html *h, int depth)
{
	while (h->depth > depth)
		html_close(h, h->stack[h->depth - 1]);
}

void
html_elem(struct html *h, const char *tag, const char *text, ...)
{
	va_list ap;
	va_start(ap, text);
	start_tag(h, tag, ap);
	va_end(ap);
	if (text)
		html_escape(h->out, text, strlen(text));
	buf_puts(h->out, "</");
	buf_puts(h->out, tag);
	buf_putc(h->out, '>');
}

void
html_text(struct html *h, const char *text)
{
	if (text)
		html_escape(h->out, text, strlen(text));
}

void
html_textn(struct html *h, const char *text, size_t n)
{
	html_escape(h->out, text, n);
}

void
html_textf(struct html *h, const char *fmt, ...)
{
	struct buf tmp = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&tmp, fmt, ap);
	va_end(ap);
	html_escape(h->out, tmp.data ? tmp.data : "", tmp.len);
	buf_free(&tmp);
}

void
html_raw_trusted(struct html *h, const char *markup)
{
	buf_puts(h->out, markup);
}

/* Sending a stored file: a safe Content-Disposition, the type's name, the size in words. */
#include "pages/view_stored_file.h"
#include "domain/attachment.h"
#include "util/buf.h"

#include <string.h>

/* Writes s percent-encoded for RFC 8187's ext-value (filename*=UTF-8''…). */
static void
put_ext_value(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_putc(b, (char)*p);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* The ASCII form keeps printable ASCII without quote, backslash and percent; each other
 * character becomes "_". */
const char *
stored_file_disposition(struct request *r, const char *disposition, const char *filename)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s; filename=\"", disposition);
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue; /* a continuation byte: its character already became "_" */
		buf_putc(&b, *p >= 0x20 && *p < 0x7f && !strchr("\"\\%", *p) ? (char)*p : '_');
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	put_ext_value(&b, filename);
	const char *v = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return v;
}

const char *
stored_file_type_label(const char *mime)
{
	for (int t = 0; t < AT_COUNT; t++)
		if (strcmp(attachment_types[t].mime, mime) == 0)
			return attachment_types[t].label;
	return mime;
}

const char *
stored_file_size_text(struct request *r, int64_t size)
{
	if (size < 1024 * 1024)
		return arena_printf(&r->arena, "%lld kB", (long long)((size + 1023) / 1024));
	char *s = arena_printf(&r->arena, "%.1f MB", (double)size / (1024.0 * 1024.0));
	if (r->lang == LANG_DE)
		for (char *c = s; *c; c++)
			if (*c == '.')
				*c = ',';
	return s;
}

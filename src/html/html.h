/* The escaping HTML writer (after kcgi's kcgihtml.c). Markup comes from literals; every
 * value is escaped for its context. Open elements are kept on a stack so tags cannot
 * mismatch. The only unescaped output is html_raw_trusted(). */
#ifndef HTML_HTML_H
#define HTML_HTML_H
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define HTML_DEPTH 48

struct html {
	struct buf *out;
	const char *stack[HTML_DEPTH];
	int depth;
	bool broken; /* a close did not match: a bug, reported by tests */
};

void html_init(struct html *h, struct buf *out);

/* Opens an element. Attributes follow as name/value pairs ending in NULL; a NULL value
 * leaves that attribute out, "" writes it bare (boolean attributes). Values are escaped. */
void html_open(struct html *h, const char *tag, ...) __attribute__((sentinel));
/* A void element (input, img, meta, link, br): not pushed. */
void html_void(struct html *h, const char *tag, ...) __attribute__((sentinel));
/* Closes the innermost element, which must be tag. */
void html_close(struct html *h, const char *tag);
/* Closes every element down to depth (for the layout's end). */
void html_close_to(struct html *h, int depth);
/* <tag attrs…>text</tag> in one call. */
void html_elem(struct html *h, const char *tag, const char *text, ...) __attribute__((sentinel));

void html_text(struct html *h, const char *text);
void html_textn(struct html *h, const char *text, size_t n);
void html_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes markup produced elsewhere and already safe (the Markdown renderer, whose raw
 * HTML is off). The name is long on purpose: every use is a place to review. */
void html_raw_trusted(struct html *h, const char *markup);

/* Escapes for text and double-quoted attribute values alike. */
void html_escape(struct buf *b, const char *s, size_t n);
/* Percent-encodes a URL query component. */
void url_encode(struct buf *b, const char *s);

#endif

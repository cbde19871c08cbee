/* The escaping HTML writer (after kcgi's kcgihtml.c). Markup comes from literals; every
 * value is escaped for its context, and every URL attribute passes html_href. Open
 * elements are kept on a stack so tags cannot mismatch. The writer is opaque: there is no
 * way to put unescaped bytes into a page but the functions below. */
#ifndef HTML_HTML_H
#define HTML_HTML_H
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

struct html;

/* A writer appending to out, allocated in a (nothing to free: it ends with the arena).
 * Pages get theirs from the layout (layout_begin). */
struct html *html_new(struct arena *a, struct buf *out);

/* True when a close did not match or the stack overflowed: a bug in the page. */
bool html_broken(const struct html *h);
/* How many elements are open. */
int html_depth(const struct html *h);
/* For the log: what broke the writer ("</div> does not match <p>"), else which element
 * is still open ("<main> is not closed"), else NULL when all is well. In a's memory. */
const char *html_problem(const struct html *h, struct arena *a);

/* "<!DOCTYPE html>" and a line break. */
void html_doctype(struct html *h);

/* Opens an element. Attributes follow as name/value pairs ending in NULL; a NULL value
 * leaves that attribute out, "" writes it bare (boolean attributes). Values are escaped;
 * the values of href, src, action, formaction, poster and cite go through html_href. */
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
/* A named character reference of n bytes ("&frac12;") as written, for the browser, which
 * knows them all, to read; anything not shaped like one is written as text. */
void html_entity(struct html *h, const char *ref, size_t n);

/* The value to write for a URL attribute that may come from people: url without its
 * leading spaces and control characters when it is relative (no scheme: it starts with
 * "/", "?" or "#", or no ":" comes before the first of them) or its scheme is http, https
 * or mailto; else "#". The scheme is read as browsers read it: case-insensitively, with
 * tabs and line breaks inside it ignored. So javascript:, data:, vbscript: and every
 * other scheme never reach a page. NULL gives NULL (the attribute is left out). */
const char *html_href(const char *url);

/* Markdown as HTML, written through h (md4c's parser; raw HTML is text, every link and
 * image goes through html_href, nesting deeper than a page can hold is flattened). */
void html_markdown(struct html *h, const char *markdown);
/* The same with its headings below a heading of level: "# A" becomes <h(level+1)>, and
 * no heading goes past <h6>. */
void html_markdown_below(struct html *h, const char *markdown, int level);
/* True when markdown holds raw HTML (a tag, a comment, an HTML block) that md4c would pass
 * through were HTML allowed; html_markdown writes it as text. For forms that refuse it. */
bool html_markdown_has_raw_html(const char *markdown);

/* A piece of a page kept to be written again (a cache of rendered parts): it can only be
 * made by a writer, from elements opened and closed between html_fragment_begin and
 * html_fragment_take, so appending it cannot unbalance or unescape the page. */
struct html_fragment;
/* Starts recording a fragment at the writer's current position (one at a time). */
void html_fragment_begin(struct html *h);
/* The bytes written since html_fragment_begin, malloc'd (html_fragment_free), or NULL
 * when they do not form whole elements (more closes than opens, or some left open) or the
 * writer broke; the bytes stay written either way. */
struct html_fragment *html_fragment_take(struct html *h);
/* Writes f. When was is not NULL, every occurrence of was in f (an attribute value the
 * fragment was rendered with, such as a CSRF token) is written as now, escaped. */
void html_fragment_append(struct html *h, const struct html_fragment *f, const char *was,
                          const char *now);
/* The same for a smaller piece inside a fragment being recorded (a row of a kept table,
 * kept by itself): one piece at a time, nested in at most one fragment. */
void html_piece_begin(struct html *h);
struct html_fragment *html_piece_take(struct html *h);
size_t html_fragment_size(const struct html_fragment *f);
void html_fragment_free(struct html_fragment *f);

/* Percent-encodes a URL query component. */
void url_encode(struct buf *b, const char *s);

#endif

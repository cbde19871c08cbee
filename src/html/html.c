/* The escaping HTML writer. */
#include "html/html.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than any page; Markdown keeps its own nesting well below it (markdown.c). */
#define HTML_DEPTH 48

/* What is being recorded of the output: from where, at which depth it began, and the lowest
 * depth since (below the first is unbalanced). */
struct recorder {
	bool on;
	size_t at;
	int depth, low;
};

struct html {
	struct buf *out;
	const char *stack[HTML_DEPTH];
	int depth;
	bool broken;      /* a close did not match, or the stack overflowed */
	char problem[96]; /* the first thing that broke it, for the log */
	/* The fragment (html_fragment_begin … take) and a piece recorded inside it (or
	 * without one), one level down. */
	struct recorder fragment, piece;
};

struct html_fragment {
	size_t len;
	char data[];
};

struct html *
html_new(struct arena *a, struct buf *out)
{
	struct html *h = arena_calloc(a, sizeof *h);
	h->out = out;
	return h;
}

bool
html_broken(const struct html *h)
{
	return h->broken;
}

int
html_depth(const struct html *h)
{
	return h->depth;
}

const char *
html_problem(const struct html *h, struct arena *a)
{
	if (h->broken)
		return arena_strdup(a, h->problem);
	if (h->depth)
		return arena_printf(a, "<%s> is not closed", h->stack[h->depth - 1]);
	return NULL;
}

/* Marks the writer broken; the first reason is kept for the log. */
static void
note_depth(struct recorder *r, int depth)
{
	if (r->on && depth < r->low)
		r->low = depth;
}

static void breaks(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
breaks(struct html *h, const char *fmt, ...)
{
	if (!h->broken) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(h->problem, sizeof h->problem, fmt, ap);
		va_end(ap);
	}
	h->broken = true;
}

void
html_doctype(struct html *h)
{
	buf_puts(h->out, "<!DOCTYPE html>\n");
}

/* Escapes for text and double-quoted attribute values alike. */
static void
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

/* Attributes whose value the browser loads or follows as a URL. */
static bool
url_attribute(const char *name)
{
	static const char *const names[] = {"href",       "src",    "action",
	                                    "formaction", "poster", "cite"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* True when the n bytes of s, with tabs and line breaks left out as browsers do, are
 * the scheme name want (case-insensitive). */
static bool
scheme_is(const char *s, size_t n, const char *want)
{
	size_t k = 0, wn = strlen(want);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		if (k == wn || (s[i] | 0x20) != want[k])
			return false;
		k++;
	}
	return k == wn;
}

const char *
html_href(const char *url)
{
	if (!url)
		return NULL;
	/* Browsers drop leading C0 controls and spaces before they look for a scheme. */
	while (*url && (unsigned char)*url <= 0x20)
		url++;
	size_t n = strcspn(url, ":/?#");
	if (url[n] != ':')
		return url; /* no scheme: relative to the page, or "//host" in its scheme */
	if (scheme_is(url, n, "http") || scheme_is(url, n, "https") || scheme_is(url, n, "mailto"))
		return url;
	return "#";
}

static void
attrs(struct html *h, va_list ap)
{
	const char *name;
	while ((name = va_arg(ap, const char *))) {
		const char *value = va_arg(ap, const char *);
		if (value && url_attribute(name))
			value = html_href(value);
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
		breaks(h, "<%s> opened more than %d deep", tag, HTML_DEPTH);
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
		/* Reported once, with the route, where the page ends (layout_end). */
		breaks(h, "</%s> does not match <%s>", tag,
		       h->depth ? h->stack[h->depth - 1] : "(none)");
		return;
	}
	h->depth--;
	note_depth(&h->fragment, h->depth);
	note_depth(&h->piece, h->depth);
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

/* True for "&name;": a letter, then letters and digits, as every named reference is. */
static bool
named_reference(const char *ref, size_t n)
{
	if (n < 3 || n > 40 || ref[0] != '&' || ref[n - 1] != ';')
		return false;
	for (size_t i = 1; i < n - 1; i++) {
		char c = ref[i];
		bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		if (!letter && !(i > 1 && c >= '0' && c <= '9'))
			return false;
	}
	return true;
}

void
html_entity(struct html *h, const char *ref, size_t n)
{
	if (named_reference(ref, n))
		buf_append(h->out, ref, n); /* "&", letters and digits, ";": no markup */
	else
		html_escape(h->out, ref, n);
}

/* ---- fragments ---- */

static void
record_begin(struct html *h, struct recorder *r, const char *what)
{
	if (r->on)
		breaks(h, "a %s begun inside another at depth %d", what, h->depth);
	r->on = true;
	r->at = h->out->len;
	r->depth = r->low = h->depth;
}

/* The recorded bytes, or NULL when nothing was recorded or they are not balanced. */
static struct html_fragment *
record_take(struct html *h, struct recorder *r)
{
	if (!r->on)
		return NULL;
	r->on = false;
	if (h->broken || r->low < r->depth || h->depth != r->depth)
		return NULL;
	size_t n = h->out->len - r->at;
	struct html_fragment *f = xmalloc(sizeof *f + n + 1);
	f->len = n;
	memcpy(f->data, h->out->data + r->at, n);
	f->data[n] = '\0';
	return f;
}

void
html_fragment_begin(struct html *h)
{
	record_begin(h, &h->fragment, "fragment");
}

struct html_fragment *
html_fragment_take(struct html *h)
{
	return record_take(h, &h->fragment);
}

void
html_piece_begin(struct html *h)
{
	record_begin(h, &h->piece, "piece");
}

struct html_fragment *
html_piece_take(struct html *h)
{
	return record_take(h, &h->piece);
}

void
html_fragment_append(struct html *h, const struct html_fragment *f, const char *was,
                     const char *now)
{
	struct buf from = BUF_INIT;
	if (was)
		html_escape(&from, was, strlen(was));
	if (!from.len) {
		buf_append(h->out, f->data, f->len);
		buf_free(&from);
		return;
	}
	const char *p = f->data, *end = f->data + f->len, *hit;
	buf_grow(h->out, f->len);
	while ((hit = memmem(p, (size_t)(end - p), from.data, from.len)) != NULL) {
		buf_append(h->out, p, (size_t)(hit - p));
		html_escape(h->out, now, strlen(now));
		p = hit + from.len;
	}
	buf_append(h->out, p, (size_t)(end - p));
	buf_free(&from);
}

size_t
html_fragment_size(const struct html_fragment *f)
{
	return f->len;
}

void
html_fragment_free(struct html_fragment *f)
{
	free(f);
}

/* Markdown through the escaping writer: md4c's parser calls back for every block, span
 * and piece of text, and each becomes html_open/html_close/html_text, so no byte of the
 * text reaches the page unescaped and every link passes html_href. The markup matches
 * what md4c-html writes (the same elements, attributes and line breaks). */
#include "html/html.h"

#include "util/mem.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Markdown nests blocks and spans without limit; past this depth their elements are left
 * out (the text stays), so a page keeps room for its own elements (HTML_DEPTH). */
#define MD_NEST_MAX 24

/* An element md4c entered and has not left. */
struct md_open {
	const char *tag;
	bool written; /* false past MD_NEST_MAX */
};

struct md {
	struct html *h;
	int shift; /* added to every heading's level */
	struct md_open *open;
	size_t n, cap;
	int written; /* how many of open are written */
	int image;   /* image nesting: text inside goes to alt */
	struct buf alt;
};

static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};

/* The named references decoded here as md4c-html decodes them: those that matter in a
 * URL, and the usual ones of German text. Any other stays a reference in text (the
 * browser reads it, html_entity) and is kept as typed in attributes. */
static const struct {
	const char *name;
	const char *text;
} named[] = {
    {"&amp;", "&"},       {"&lt;", "<"},     {"&gt;", ">"},    {"&quot;", "\""},
    {"&apos;", "'"},      {"&colon;", ":"},  {"&sol;", "/"},   {"&quest;", "?"},
    {"&num;", "#"},       {"&period;", "."}, {"&Tab;", "\t"},  {"&NewLine;", "\n"},
    {"&nbsp;", "\u00a0"}, {"&auml;", "ä"},   {"&ouml;", "ö"},  {"&uuml;", "ü"},
    {"&Auml;", "Ä"},      {"&Ouml;", "Ö"},   {"&Uuml;", "Ü"},  {"&szlig;", "ß"},
    {"&euro;", "€"},      {"&ndash;", "–"},  {"&mdash;", "—"}, {"&hellip;", "…"},
    {"&bdquo;", "„"},     {"&ldquo;", "“"},  {"&rdquo;", "”"}, {"&laquo;", "«"},
    {"&raquo;", "»"},     {"&copy;", "©"},
};

/* The UTF-8 of code point c into out (U+FFFD for none, surrogates, or past U+10FFFF). */
static void
put_codepoint(struct buf *out, unsigned long c)
{
	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		buf_putc(out, (char)c);
	} else if (c < 0x800) {
		buf_putc(out, (char)(0xC0 | (c >> 6)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_putc(out, (char)(0xE0 | (c >> 12)));
		buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_putc(out, (char)(0xF0 | (c >> 18)));
		buf_putc(out, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	}
}

/* Appends the text of a numeric reference or one of the table to out, as md4c-html
 * decodes it, and returns true; false (nothing appended) for other named ones. */
static bool
decode_reference(struct buf *out, const char *ref, size_t n)
{
	if (n > 3 && ref[1] == '#') {
		bool hex = ref[2] == 'x' || ref[2] == 'X';
		unsigned long c = 0;
		for (size_t i = hex ? 3 : 2; i + 1 < n && c <= 0x10FFFF; i++)
			c = c * (hex ? 16 : 10) + (unsigned long)(ref[i] <= '9'
			                                              ? ref[i] - '0'
			                                              : (ref[i] | 0x20) - 'a' + 10);
		put_codepoint(out, c);
		return true;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, ref, n) == 0) {
			buf_puts(out, named[i].text);
			return true;
		}
	return false;
}

/* An attribute of md4c (a link's address or title, a code block's language) as text. */
static void
put_attribute(struct buf *out, const MD_ATTRIBUTE *a)
{
	for (int i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *text = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			put_codepoint(out, 0);
		else if (a->substr_types[i] != MD_TEXT_ENTITY || !decode_reference(out, text, n))
			buf_append(out, text, n); /* another named one stays as typed: text */
	}
}

/* A link's or image's address, percent-encoded as md4c-html does (so spaces and control
 * characters cannot stand in a scheme); "&" stays for the writer to escape. */
static const char *
url_of(struct buf *tmp, const MD_ATTRIBUTE *a)
{
	struct buf raw = BUF_INIT;
	put_attribute(&raw, a);
	buf_reset(tmp);
	for (size_t i = 0; i < raw.len; i++) {
		unsigned char c = (unsigned char)raw.data[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		            (c >= '0' && c <= '9') || (c && strchr("-_.+!*(),%#@?=;:/$&", c));
		if (keep)
			buf_putc(tmp, (char)c);
		else
			buf_printf(tmp, "%%%02X", c);
	}
	buf_free(&raw);
	return buf_str(tmp);
}

/* An attribute as plain text, or NULL when md4c gave none (an empty one is left out). */
static const char *
text_of(struct buf *tmp, const MD_ATTRIBUTE *a)
{
	if (!a->text || !a->size)
		return NULL;
	buf_reset(tmp);
	put_attribute(tmp, a);
	return buf_str(tmp);
}

/* Opens tag unless MD_NEST_MAX elements are open already (then its text goes on without
 * it), with up to two attributes as for html_open (a NULL name ends them). */
static void
enter(struct md *m, const char *tag, const char *n1, const char *v1, const char *n2, const char *v2)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->open = xrealloc(m->open, m->cap * sizeof *m->open);
	}
	bool write = m->written < MD_NEST_MAX;
	m->open[m->n++] = (struct md_open){tag, write};
	if (write) {
		m->written++;
		html_open(m->h, tag, n1, v1, n2, v2, NULL);
	}
}

/* Closes the innermost open tag and whatever is still open inside it. md4c's callbacks
 * do not always nest (a paragraph can end inside a strikethrough span that holds a
 * link), so the writer is kept whole here rather than trusted to the parser: a leave
 * without its enter is ignored, and elements left open inside are closed with it. */
static void
leave(struct md *m, const char *tag)
{
	size_t i = m->n;
	while (i > 0 && strcmp(m->open[i - 1].tag, tag) != 0)
		i--;
	if (i == 0)
		return;
	while (m->n >= i) {
		struct md_open *o = &m->open[--m->n];
		if (o->written) {
			html_close(m->h, o->tag);
			m->written--;
		}
	}
}

static const char *
heading(const struct md *m, const MD_BLOCK_H_DETAIL *d)
{
	int level = (int)d->level + m->shift;
	return heading_tags[(level < 1 ? 1 : level > 6 ? 6 : level) - 1];
}

/* The element a block becomes (NULL for the document, raw HTML and the rule, which have
 * none to close), and whether md4c-html breaks the line after its start tag. */
static const char *
block_tag(const struct md *m, MD_BLOCKTYPE type, void *detail, bool *newline)
{
	*newline = type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL || type == MD_BLOCK_OL ||
	           type == MD_BLOCK_TABLE || type == MD_BLOCK_THEAD || type == MD_BLOCK_TBODY ||
	           type == MD_BLOCK_TR;
	switch (type) {
	case MD_BLOCK_QUOTE:
		return "blockquote";
	case MD_BLOCK_UL:
		return "ul";
	case MD_BLOCK_OL:
		return "ol";
	case MD_BLOCK_LI:
		return "li";
	case MD_BLOCK_H:
		return heading(m, detail);
	case MD_BLOCK_CODE:
		return "pre";
	case MD_BLOCK_P:
		return "p";
	case MD_BLOCK_TABLE:
		return "table";
	case MD_BLOCK_THEAD:
		return "thead";
	case MD_BLOCK_TBODY:
		return "tbody";
	case MD_BLOCK_TR:
		return "tr";
	case MD_BLOCK_TH:
		return "th";
	case MD_BLOCK_TD:
		return "td";
	default:
		return NULL;
	}
}

static const char *
align(MD_ALIGN a)
{
	return a == MD_ALIGN_LEFT     ? "left"
	       : a == MD_ALIGN_CENTER ? "center"
	       : a == MD_ALIGN_RIGHT  ? "right"
	                              : NULL;
}

static int
enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md *m = userdata;
	bool newline;
	const char *tag = block_tag(m, type, detail, &newline);
	if (type == MD_BLOCK_HR && m->written < MD_NEST_MAX) {
		html_void(m->h, "hr", NULL);
		html_text(m->h, "\n");
	}
	if (!tag)
		return 0;
	char start[16];
	if (type == MD_BLOCK_OL) {
		unsigned n = ((MD_BLOCK_OL_DETAIL *)detail)->start;
		snprintf(start, sizeof start, "%u", n);
		enter(m, tag, "start", n == 1 ? NULL : start, NULL, NULL);
	} else if (type == MD_BLOCK_CODE) {
		/* <pre><code class="language-…">, the language as md4c-html writes it. */
		const MD_BLOCK_CODE_DETAIL *d = detail;
		struct buf lang = BUF_INIT, cls = BUF_INIT;
		const char *l = text_of(&lang, &d->lang);
		if (l)
			buf_printf(&cls, "%s%s", strncmp(l, "language-", 9) == 0 ? "" : "language-",
			           l);
		enter(m, "pre", NULL, NULL, NULL, NULL);
		enter(m, "code", "class", l ? buf_str(&cls) : NULL, NULL, NULL);
		buf_free(&lang);
		buf_free(&cls);
	} else if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
		enter(m, tag, "align", align(((MD_BLOCK_TD_DETAIL *)detail)->align), NULL, NULL);
	} else {
		enter(m, tag, NULL, NULL, NULL, NULL);
	}
	if (newline)
		html_text(m->h, "\n");
	return 0;
}

static int
leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md *m = userdata;
	bool newline;
	const char *tag = block_tag(m, type, detail, &newline);
	if (!tag)
		return 0;
	if (m->image) {
		/* An image the parser never left: its description stays, as text. */
		m->image = 0;
		html_textn(m->h, m->alt.data ? m->alt.data : "", m->alt.len);
	}
	leave(m, tag); /* "pre" closes the "code" inside too */
	/* md4c-html ends every block with a line break; a left-out one still parts words. */
	html_text(m->h, "\n");
	return 0;
}

static const char *
span_tag(MD_SPANTYPE type)
{
	switch (type) {
	case MD_SPAN_EM:
		return "em";
	case MD_SPAN_STRONG:
		return "strong";
	case MD_SPAN_U:
		return "u";
	case MD_SPAN_A:
		return "a";
	case MD_SPAN_CODE:
		return "code";
	case MD_SPAN_DEL:
		return "del";
	default:
		return NULL;
	}
}

static int
enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md *m = userdata;
	/* Inside an image's description only its text counts (it becomes alt). */
	if (m->image) {
		m->image += type == MD_SPAN_IMG;
		return 0;
	}
	if (type == MD_SPAN_IMG) {
		m->image = 1;
		buf_reset(&m->alt);
		return 0;
	}
	const char *tag = span_tag(type);
	if (type == MD_SPAN_A) {
		const MD_SPAN_A_DETAIL *d = detail;
		struct buf href = BUF_INIT, title = BUF_INIT;
		enter(m, tag, "href", url_of(&href, &d->href), "title", text_of(&title, &d->title));
		buf_free(&href);
		buf_free(&title);
	} else if (tag) {
		enter(m, tag, NULL, NULL, NULL, NULL);
	}
	return 0;
}

static int
leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md *m = userdata;
	if (m->image) {
		m->image -= type == MD_SPAN_IMG;
		if (m->image || type != MD_SPAN_IMG)
			return 0;
		const MD_SPAN_IMG_DETAIL *d = detail;
		struct buf src = BUF_INIT, title = BUF_INIT;
		html_void(m->h, "img", "src", url_of(&src, &d->src), "alt", buf_str(&m->alt),
		          "title", text_of(&title, &d->title), NULL);
		buf_free(&src);
		buf_free(&title);
		return 0;
	}
	const char *tag = span_tag(type);
	if (tag)
		leave(m, tag);
	return 0;
}

static int
text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, void *userdata)
{
	struct md *m = userdata;
	if (m->image) {
		if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
			buf_putc(&m->alt, ' ');
		else if (type == MD_TEXT_NULLCHAR)
			put_codepoint(&m->alt, 0);
		else if (type != MD_TEXT_ENTITY || !decode_reference(&m->alt, t, size))
			buf_append(&m->alt, t, size);
		return 0;
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		html_text(m->h, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
		html_void(m->h, "br", NULL);
		html_text(m->h, "\n");
		break;
	case MD_TEXT_SOFTBR:
		html_text(m->h, "\n");
		break;
	case MD_TEXT_ENTITY: {
		struct buf c = BUF_INIT;
		if (decode_reference(&c, t, size))
			html_textn(m->h, c.data, c.len);
		else
			html_entity(m->h, t, size); /* the browser knows every name */
		buf_free(&c);
		break;
	}
	default: /* normal, code, and raw HTML, which MD_FLAG_NOHTML makes text anyway */
		html_textn(m->h, t, size);
		break;
	}
	return 0;
}

void
html_markdown_below(struct html *h, const char *markdown, int level)
{
	if (!markdown)
		return;
	struct md m = {.h = h, .shift = level};
	MD_PARSER parser = {
	    .abi_version = 0,
	    .flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH,
	    .enter_block = enter_block,
	    .leave_block = leave_block,
	    .enter_span = enter_span,
	    .leave_span = leave_span,
	    .text = text,
	};
	int depth = html_depth(h);
	md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &m);
	/* md4c skips the remaining leave callbacks when it stops early (out of memory):
	 * what it opened is closed here, so the page around stays whole. */
	html_close_to(h, depth);
	free(m.open);
	buf_free(&m.alt);
}

void
html_markdown(struct html *h, const char *markdown)
{
	html_markdown_below(h, markdown, 0);
}

/* ---- raw HTML, for forms that refuse it ---- */

static int
no_block(MD_BLOCKTYPE type, void *detail, void *ctx)
{
	(void)detail;
	if (type == MD_BLOCK_HTML)
		*(bool *)ctx = true;
	return 0;
}

static int
no_span(MD_SPANTYPE type, void *detail, void *ctx)
{
	(void)type, (void)detail, (void)ctx;
	return 0;
}

static int
no_text(MD_TEXTTYPE type, const MD_CHAR *t, MD_SIZE size, void *ctx)
{
	(void)t, (void)size;
	if (type == MD_TEXT_HTML)
		*(bool *)ctx = true;
	return 0;
}

bool
html_markdown_has_raw_html(const char *markdown)
{
	if (!markdown)
		return false;
	/* Parsed the way md4c reads HTML when it is allowed: what it would pass through raw
	 * is what html_markdown shows as text, and what a form may point out. */
	bool found = false;
	MD_PARSER parser = {
	    .abi_version = 0,
	    .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH,
	    .enter_block = no_block,
	    .leave_block = no_block,
	    .enter_span = no_span,
	    .leave_span = no_span,
	    .text = no_text,
	};
	md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &found);
	return found;
}

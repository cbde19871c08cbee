/* The A4 document writer: a document of blocks of styled text, built from the writer's
 * calls and from Markdown (md4c); pdf_layout.c lays it out and draws it. */
#include "export/pdf.h"
#include "export/pdf_doc.h"
#include "util/mem.h"

#include <md4c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pdf_doc *
pdf_new(enum lang lang)
{
	struct pdf_doc *d = xcalloc(1, sizeof *d);
	d->lang = lang;
	d->brand = xstrdup(PDF_BRAND_NAME);
	d->programme = xstrdup(PDF_BRAND_PROGRAMME);
	return d;
}

void
pdf_free(struct pdf_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		buf_free(&b->text);
		for (size_t s = 0; s < b->nspans; s++)
			free(b->spans[s].uri);
		free(b->spans);
		free(b->dest);
	}
	free(d->blocks);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->base_url);
	free(d->footer);
	free(d->brand);
	free(d->programme);
	free(d);
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

void
pdf_set_info(struct pdf_doc *d, const char *title, const char *author, const char *subject,
             int64_t date, const char *base_url, const char *footer)
{
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->base_url);
	free(d->footer);
	d->title = dup_or_null(title);
	d->author = dup_or_null(author);
	d->subject = dup_or_null(subject);
	d->base_url = dup_or_null(base_url);
	if (d->base_url) {
		size_t n = strlen(d->base_url);
		if (d->base_url[n - 1] == '/')
			d->base_url[n - 1] = '\0';
	}
	d->footer = dup_or_null(footer);
	d->date = date;
}

void
pdf_set_brand(struct pdf_doc *d, const char *name, const char *programme)
{
	if (name) {
		free(d->brand);
		d->brand = xstrdup(name);
	}
	if (programme) {
		free(d->programme);
		d->programme = xstrdup(programme);
	}
}

/* ---- Building blocks ---- */

static size_t
add_block(struct pdf_doc *d, enum kind kind, int indent)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->blocks = xrealloc(d->blocks, d->cap * sizeof *d->blocks);
	}
	struct block *b = &d->blocks[d->n];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->indent = indent;
	return d->n++;
}

static void
add_span(struct block *b, enum span_kind kind, size_t start, size_t end, const char *uri)
{
	if (end <= start)
		return;
	if (b->nspans == b->capspans) {
		b->capspans = b->capspans ? 2 * b->capspans : 8;
		b->spans = xrealloc(b->spans, b->capspans * sizeof *b->spans);
	}
	b->spans[b->nspans++] = (struct span){kind, start, end, uri ? xstrdup(uri) : NULL};
}

static bool
has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t p = strlen(prefix);
	return n >= p && strncasecmp(s, prefix, p) == 0;
}

/* The URI a link may open: http(s) and mailto as they are, "/path" against the base URL;
 * NULL for anything else (javascript:, relative paths, fragments). */
static char *
link_target(const struct pdf_doc *d, const char *uri, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)uri[i] <= ' ')
			return NULL;
	if (has_prefix(uri, n, "https://") || has_prefix(uri, n, "http://") ||
	    has_prefix(uri, n, "mailto:"))
		return xstrndup(uri, n);
	if (n && uri[0] == '/' && (n < 2 || uri[1] != '/') && d->base_url) {
		size_t bn = strlen(d->base_url);
		char *out = xmalloc(bn + n + 1);
		memcpy(out, d->base_url, bn);
		memcpy(out + bn, uri, n);
		out[bn + n] = '\0';
		return out;
	}
	return NULL;
}

static void
text_block(struct pdf_doc *d, enum kind kind, const char *text)
{
	size_t i = add_block(d, kind, 0);
	buf_puts(&d->blocks[i].text, text ? text : "");
}

void
pdf_title(struct pdf_doc *d, const char *text)
{
	text_block(d, K_TITLE, text);
}

void
pdf_lead(struct pdf_doc *d, const char *text)
{
	text_block(d, K_LEAD, text);
}

void
pdf_chapter(struct pdf_doc *d, const char *text, const char *dest)
{
	size_t i = add_block(d, K_CHAPTER, 0);
	buf_puts(&d->blocks[i].text, text ? text : "");
	d->blocks[i].dest = xstrdup(dest);
}

void
pdf_toc_entry(struct pdf_doc *d, const char *text, const char *dest)
{
	size_t i = add_block(d, K_TOC, 0);
	buf_puts(&d->blocks[i].text, text ? text : "");
	d->blocks[i].dest = xstrdup(dest);
}

void
pdf_page_break(struct pdf_doc *d)
{
	add_block(d, K_BREAK, 0);
}

void
pdf_heading(struct pdf_doc *d, const char *text)
{
	text_block(d, K_HEADING, text);
}

void
pdf_subheading(struct pdf_doc *d, const char *text)
{
	text_block(d, K_SUBHEADING, text);
}

void
pdf_paragraph(struct pdf_doc *d, const char *text)
{
	text_block(d, K_PARA, text);
}

void
pdf_bullet(struct pdf_doc *d, const char *text)
{
	size_t i = add_block(d, K_ITEM, 1);
	strcpy(d->blocks[i].marker, "•");
	buf_puts(&d->blocks[i].text, text ? text : "");
}

void
pdf_meta(struct pdf_doc *d, const char *label, const char *value, const char *uri)
{
	/* add_block may move the block list: index first, then take the address. */
	size_t i = add_block(d, K_META, 0);
	struct block *b = &d->blocks[i];
	buf_puts(&b->text, label);
	buf_puts(&b->text, ": ");
	add_span(b, S_BOLD, 0, b->text.len - 1, NULL);
	size_t start = b->text.len;
	buf_puts(&b->text, value ? value : "");
	if (uri) {
		char *target = link_target(d, uri, strlen(uri));
		add_span(b, S_LINK, start, b->text.len, target);
		free(target);
	}
}

void
pdf_meta_more(struct pdf_doc *d, const char *label, const char *value, const char *uri)
{
	if (!d->n || d->blocks[d->n - 1].kind != K_META) {
		pdf_meta(d, label, value, uri);
		return;
	}
	struct block *b = &d->blocks[d->n - 1];
	buf_puts(&b->text, " · ");
	size_t start = b->text.len;
	buf_puts(&b->text, label);
	buf_puts(&b->text, ": ");
	add_span(b, S_BOLD, start, b->text.len - 1, NULL);
	start = b->text.len;
	buf_puts(&b->text, value ? value : "");
	if (uri) {
		char *target = link_target(d, uri, strlen(uri));
		add_span(b, S_LINK, start, b->text.len, target);
		free(target);
	}
}

void
pdf_link(struct pdf_doc *d, const char *text, const char *uri)
{
	size_t i = add_block(d, K_PARA, 0);
	struct block *b = &d->blocks[i];
	buf_puts(&b->text, text && *text ? text : uri);
	char *target = link_target(d, uri, strlen(uri));
	add_span(b, S_LINK, 0, b->text.len, target);
	free(target);
}

/* Bold text, a detail, and the address on a line of its own: a paragraph or a list item. */
static void
address_block(struct pdf_doc *d, bool item, const char *text, const char *detail, const char *uri)
{
	size_t i = add_block(d, item ? K_ITEM : K_PARA, item);
	struct block *b = &d->blocks[i];
	if (item)
		strcpy(b->marker, "•");
	buf_puts(&b->text, text && *text ? text : uri);
	add_span(b, S_BOLD, 0, b->text.len, NULL);
	if (detail && *detail) {
		buf_putc(&b->text, ' ');
		buf_puts(&b->text, detail);
	}
	buf_puts(&b->text, "\xE2\x80\xA8"); /* LINE SEPARATOR: the address on a line of its own */
	size_t start = b->text.len;
	char *target = link_target(d, uri, strlen(uri));
	/* The address as the reader will type it: absolute, also when given as "/path". */
	buf_puts(&b->text, target ? target : uri);
	add_span(b, S_LINK, start, b->text.len, target);
	free(target);
}

void
pdf_rule(struct pdf_doc *d)
{
	add_block(d, K_RULE, 0);
}

void
pdf_address_item(struct pdf_doc *d, const char *text, const char *detail, const char *uri)
{
	address_block(d, true, text, detail, uri);
}

void
pdf_address(struct pdf_doc *d, const char *text, const char *uri)
{
	address_block(d, false, text, NULL, uri);
}

/* ---- Markdown into blocks (md4c's parser, no HTML in between) ---- */

#define MD_MAX_DEPTH 16

struct md_state {
	struct pdf_doc *d;
	long cur;      /* index of the block text goes to, -1 for none */
	bool li_fresh; /* cur is a list item that has no text yet */
	int lists, quotes;
	struct {
		bool ordered;
		unsigned next;
	} list[MD_MAX_DEPTH];
	struct open_span {
		enum span_kind kind;
		size_t start;
		char *uri;
	} open[MD_MAX_DEPTH];
	int nopen;
	bool cell_first;
};

static struct block *
md_cur(struct md_state *m)
{
	if (m->cur < 0) {
		/* Text outside a paragraph (after a nested list in a tight item): a new one. */
		enum kind k = m->quotes ? K_QUOTE : m->lists ? K_ITEM : K_PARA;
		m->cur = (long)add_block(m->d, k, m->lists + m->quotes);
	}
	return &m->d->blocks[m->cur];
}

static void
md_new(struct md_state *m, enum kind kind)
{
	m->cur = (long)add_block(m->d, kind, m->lists + m->quotes);
	m->li_fresh = false;
}

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md_state *m = userdata;
	switch (type) {
	case MD_BLOCK_QUOTE:
		m->quotes++;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		if (m->lists < MD_MAX_DEPTH) {
			m->list[m->lists].ordered = type == MD_BLOCK_OL;
			m->list[m->lists].next =
			    type == MD_BLOCK_OL ? ((MD_BLOCK_OL_DETAIL *)detail)->start : 0;
		}
		m->lists++;
		m->cur = -1;
		break;
	case MD_BLOCK_LI: {
		md_new(m, K_ITEM);
		struct block *b = md_cur(m);
		int depth = m->lists < MD_MAX_DEPTH ? m->lists : MD_MAX_DEPTH;
		if (depth > 0 && m->list[depth - 1].ordered)
			snprintf(b->marker, sizeof b->marker, "%u.", m->list[depth - 1].next++);
		else
			strcpy(b->marker, depth % 2 ? "•" : "–");
		m->li_fresh = true;
		break;
	}
	case MD_BLOCK_HR:
		add_block(m->d, K_RULE, 0);
		m->cur = -1;
		break;
	case MD_BLOCK_H:
		/* Section headings come from the document; Markdown headings sit below them. */
		md_new(m, K_SUBHEADING);
		break;
	case MD_BLOCK_CODE:
		md_new(m, K_CODE);
		break;
	case MD_BLOCK_P:
		if (m->li_fresh && m->cur >= 0) {
			m->li_fresh = false;
			break;
		}
		md_new(m, m->quotes ? K_QUOTE : m->lists ? K_ITEM : K_PARA);
		break;
	case MD_BLOCK_TR:
		md_new(m, m->quotes ? K_QUOTE : K_PARA);
		m->cell_first = true;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD: {
		struct block *b = md_cur(m);
		if (!m->cell_first)
			buf_puts(&b->text, " | ");
		m->cell_first = false;
		if (type == MD_BLOCK_TH && m->nopen < MD_MAX_DEPTH)
			m->open[m->nopen++] = (struct open_span){S_BOLD, b->text.len, NULL};
		break;
	}
	default:
		break;
	}
	return 0;
}

static void
md_close_span(struct md_state *m)
{
	m->nopen--;
	struct block *b = md_cur(m);
	add_span(b, m->open[m->nopen].kind, m->open[m->nopen].start, b->text.len,
	         m->open[m->nopen].uri);
	free(m->open[m->nopen].uri);
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md_state *m = userdata;
	switch (type) {
	case MD_BLOCK_QUOTE:
		m->quotes--;
		m->cur = -1;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		m->lists--;
		m->cur = -1;
		break;
	case MD_BLOCK_TH:
		if (m->nopen > 0)
			md_close_span(m);
		break;
	case MD_BLOCK_LI:
	case MD_BLOCK_H:
	case MD_BLOCK_CODE:
	case MD_BLOCK_P:
	case MD_BLOCK_TR:
		m->cur = -1;
		m->li_fresh = false;
		break;
	default:
		break;
	}
	return 0;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *m = userdata;
	enum span_kind kind;
	char *uri = NULL;
	switch (type) {
	case MD_SPAN_EM:
	case MD_SPAN_IMG: /* the alt text, in italics */
		kind = S_ITALIC;
		break;
	case MD_SPAN_STRONG:
		kind = S_BOLD;
		break;
	case MD_SPAN_CODE:
		kind = S_CODE;
		break;
	case MD_SPAN_DEL:
		kind = S_STRIKE;
		break;
	case MD_SPAN_A: {
		const MD_ATTRIBUTE *href = &((MD_SPAN_A_DETAIL *)detail)->href;
		kind = S_LINK;
		uri = link_target(m->d, href->text, href->size);
		break;
	}
	default:
		return 0;
	}
	if (m->nopen >= MD_MAX_DEPTH) {
		free(uri);
		return 0;
	}
	struct block *b = md_cur(m);
	m->li_fresh = false;
	m->open[m->nopen].kind = kind;
	m->open[m->nopen].start = b->text.len;
	m->open[m->nopen].uri = uri;
	m->nopen++;
	return 0;
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *m = userdata;
	switch (type) {
	case MD_SPAN_EM:
	case MD_SPAN_IMG:
	case MD_SPAN_STRONG:
	case MD_SPAN_CODE:
	case MD_SPAN_DEL:
	case MD_SPAN_A:
		if (m->nopen > 0)
			md_close_span(m);
		break;
	default:
		break;
	}
	return 0;
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (char)(0xC0 | (cp >> 6)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_putc(b, (char)(0xE0 | (cp >> 12)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | (cp >> 18)));
		buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* The entities people type in German text; numeric ones in full. Others stay as typed. */
static void
put_entity(struct buf *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		unsigned long cp;
	} named[] = {{"&amp;", '&'},      {"&lt;", '<'},       {"&gt;", '>'},
	             {"&quot;", '"'},     {"&apos;", '\''},    {"&nbsp;", 0xA0},
	             {"&shy;", 0xAD},     {"&auml;", 0xE4},    {"&ouml;", 0xF6},
	             {"&uuml;", 0xFC},    {"&Auml;", 0xC4},    {"&Ouml;", 0xD6},
	             {"&Uuml;", 0xDC},    {"&szlig;", 0xDF},   {"&euro;", 0x20AC},
	             {"&ndash;", 0x2013}, {"&mdash;", 0x2014}, {"&hellip;", 0x2026}};
	if (n > 3 && s[1] == '#') {
		char tmp[16];
		size_t len = n - 3 < sizeof tmp - 1 ? n - 3 : sizeof tmp - 1;
		bool hex = s[2] == 'x' || s[2] == 'X';
		memcpy(tmp, s + 2 + hex, len - hex);
		tmp[len - hex] = '\0';
		put_utf8(b, strtoul(tmp, NULL, hex ? 16 : 10));
		return;
	}
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, s, n) == 0) {
			put_utf8(b, named[i].cp);
			return;
		}
	buf_append(b, s, n);
}

static int
md_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	struct md_state *m = userdata;
	struct block *b = md_cur(m);
	m->li_fresh = false;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_puts(&b->text, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
		buf_puts(&b->text, "\xE2\x80\xA8"); /* LINE SEPARATOR: a break, same paragraph */
		break;
	case MD_TEXT_SOFTBR:
		buf_putc(&b->text, ' ');
		break;
	case MD_TEXT_ENTITY:
		put_entity(&b->text, text, size);
		break;
	default:
		buf_append(&b->text, text, size);
		break;
	}
	return 0;
}

void
pdf_markdown(struct pdf_doc *d, const char *markdown)
{
	if (!markdown || !*markdown)
		return;
	struct md_state m = {.d = d, .cur = -1};
	MD_PARSER parser = {
	    .flags = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
	             MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEEMAILAUTOLINKS |
	             MD_FLAG_PERMISSIVEWWWAUTOLINKS,
	    .enter_block = md_enter_block,
	    .leave_block = md_leave_block,
	    .enter_span = md_enter_span,
	    .leave_span = md_leave_span,
	    .text = md_text,
	};
	md_parse(markdown, (MD_SIZE)strlen(markdown), &parser, &m);
	while (m.nopen > 0)
		free(m.open[--m.nopen].uri);
}

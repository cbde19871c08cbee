/* The PDF writer's layout and drawing: blocks are laid out with pango, paginated so
 * headings stay with their text, and drawn into a cairo PDF surface in one pass (the page
 * count is known before the first page is drawn, so every footer can say "of M"). */
#include "export/pdf.h"
#include "export/pdf_doc.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 in PostScript points, and the page's frame. */
#define PAGE_W 595.2756
#define PAGE_H 841.8898
#define MARGIN_X 62.0
#define MARGIN_TOP 60.0
/* The first page starts lower: above, the band with the logo and the programme's name. */
#define FIRST_TOP 88.0
#define BAND_TOP 22.0
#define LOGO_SIZE 36.0
#define MARGIN_BOTTOM 78.0
#define FOOTER_BASELINE (PAGE_H - 42.0)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define INDENT_STEP 16.0
#define FONT "DejaVu Sans"
#define FONT_MONO "DejaVu Sans Mono"

struct style {
	const char *font;
	double before, after; /* space in points */
	double spacing;       /* line-height factor */
	unsigned color;       /* 0xRRGGBB */
	bool keep_with_next;
};

static const struct style styles[] = {
    [K_TITLE] = {FONT " Bold 19", 0, 10, 1.15, 0x0b3d6e, true},
    [K_LEAD] = {FONT " 11.5", 0, 12, 1.35, 0x1a1a1a, false},
    [K_META] = {FONT " 9", 0, 2.5, 1.25, 0x404040, false},
    [K_HEADING] = {FONT " Bold 13.5", 16, 6, 1.2, 0x0b3d6e, true},
    [K_SUBHEADING] = {FONT " Bold 11", 10, 4, 1.2, 0x1a1a1a, true},
    [K_PARA] = {FONT " 10", 0, 7, 1.4, 0x1a1a1a, false},
    [K_ITEM] = {FONT " 10", 0, 3, 1.4, 0x1a1a1a, false},
    [K_CODE] = {FONT_MONO " 8.5", 2, 8, 1.3, 0x1a1a1a, false},
    [K_QUOTE] = {FONT " Italic 10", 0, 7, 1.4, 0x404040, false},
    [K_RULE] = {NULL, 4, 8, 1, 0x999999, false},
    [K_CHAPTER] = {FONT " Bold 17", 0, 10, 1.15, 0x0b3d6e, true},
    [K_TOC] = {FONT " 10.5", 0, 5, 1.3, 0x1a1a1a, false},
    [K_BREAK] = {NULL, 0, 0, 1, 0, false},
    /* Table rows (pdf_table.c draws them in fonts of its own): the header row stays with
     * the first row after it. */
    [K_ROW_HEAD] = {NULL, 4, 0, 1, 0x1a1a1a, true},
    [K_ROW] = {NULL, 0, 0, 1, 0x1a1a1a, false},
};

/* Space below a table's last row. */
#define TABLE_AFTER 10.0

static bool
is_row(const struct block *b)
{
	return b->kind == K_ROW_HEAD || b->kind == K_ROW;
}

/* The width a table-of-contents line leaves for its page number. */
#define TOC_NUMBER_W 36.0
#define HEAD_BASELINE 38.0

#define LINK_COLOR 0x0b5cad

/* ---- Layout ---- */

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fontmap; /* made once, used under render_lock only */

struct placed {
	size_t block;
	PangoLayoutLine *line; /* NULL for a rule */
	bool first;            /* the block's first line */
	int page;
	double top, base; /* line top and baseline on its page */
	double height;    /* to the next line's top */
	double logical_x;
};

struct layout {
	struct placed *lines;
	size_t n, cap;
	int pages;
	double first_top; /* where page 1's text starts (below the band, if any) */
	double density;   /* 1: the styles' spacing; less: tighter (see fit()) */
};

static void
set_color(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
	                     (rgb & 0xFF) / 255.0);
}

static void
insert_attr(PangoAttrList *list, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(list, a);
}

static PangoLayout *
new_layout(PangoContext *ctx, const char *font, double width, double spacing)
{
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(l, (float)spacing);
	return l;
}

/* Trailing white space (and line separators) would make empty last lines. */
static void
trim_text(struct block *b)
{
	while (b->text.len) {
		char c = b->text.data[b->text.len - 1];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			b->text.data[--b->text.len] = '\0';
		} else if (b->text.len >= 3 &&
		           memcmp(b->text.data + b->text.len - 3, "\xE2\x80\xA8", 3) == 0) {
			b->text.len -= 3;
			b->text.data[b->text.len] = '\0';
		} else {
			break;
		}
	}
}

/* Puts the list marker and a tab before the text, moving the spans along. */
static void
hang_marker(struct block *b)
{
	struct buf text = BUF_INIT;
	buf_puts(&text, b->marker);
	buf_putc(&text, '\t');
	size_t shift = text.len;
	buf_append(&text, b->text.data, b->text.len);
	buf_free(&b->text);
	b->text = text;
	for (size_t i = 0; i < b->nspans; i++) {
		b->spans[i].start += shift;
		b->spans[i].end += shift;
	}
	b->hanging = true;
}

/* The block's layout, its type at scale times the style's size (1: as the style says). */
static void
make_layout(PangoContext *ctx, struct block *b, double scale)
{
	const struct style *st = &styles[b->kind];
	if (b->layout)
		g_object_unref(b->layout);
	b->layout = NULL;
	if (is_row(b)) {
		/* A row is one unit: pdf_table.c lays out its cells. */
		b->x = MARGIN_X;
		b->row_height = pdf_row_height(ctx, b, CONTENT_W);
		return;
	}
	trim_text(b);
	if (b->kind == K_RULE || b->kind == K_BREAK || b->text.len == 0)
		return;
	if (b->marker[0] && !b->hanging)
		hang_marker(b);
	/* Deeper nesting than this is drawn at this depth: the text keeps a usable width. */
	int indent = b->indent < 8 ? b->indent : 8;
	double x = MARGIN_X + indent * INDENT_STEP;
	if (b->kind == K_CODE)
		x += 8;
	if (b->hanging)
		x -= INDENT_STEP;
	b->x = x;
	b->layout = new_layout(ctx, st->font,
	                       MARGIN_X + CONTENT_W - x - (b->kind == K_TOC ? TOC_NUMBER_W : 0),
	                       st->spacing);
	if (scale != 1) {
		PangoFontDescription *fd = pango_font_description_from_string(st->font);
		pango_font_description_set_size(
		    fd, (gint)(pango_font_description_get_size(fd) * scale + 0.5));
		pango_layout_set_font_description(b->layout, fd);
		pango_font_description_free(fd);
	}
	if (b->hanging) {
		/* The first line starts at the marker, the others where the tab puts the
		 * text, so the text reads "• item" in order when extracted. */
		pango_layout_set_indent(b->layout, (int)(-INDENT_STEP * PANGO_SCALE));
		PangoTabArray *tabs = pango_tab_array_new_with_positions(
		    1, FALSE, PANGO_TAB_LEFT, (int)(INDENT_STEP * PANGO_SCALE));
		pango_layout_set_tabs(b->layout, tabs);
		pango_tab_array_free(tabs);
	}
	pango_layout_set_text(b->layout, b->text.data, (int)b->text.len);
	PangoAttrList *attrs = pango_attr_list_new();
	for (size_t i = 0; i < b->nspans; i++) {
		const struct span *s = &b->spans[i];
		size_t end = s->end < b->text.len ? s->end : b->text.len;
		if (s->start >= end)
			continue;
		switch (s->kind) {
		case S_BOLD:
			insert_attr(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s->start, end);
			break;
		case S_ITALIC:
			insert_attr(attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), s->start, end);
			break;
		case S_CODE:
			insert_attr(attrs, pango_attr_family_new(FONT_MONO), s->start, end);
			break;
		case S_STRIKE:
			insert_attr(attrs, pango_attr_strikethrough_new(TRUE), s->start, end);
			break;
		case S_LINK:
			if (!s->uri)
				break;
			insert_attr(attrs, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE),
			            s->start, end);
			insert_attr(attrs,
			            pango_attr_foreground_new(((LINK_COLOR >> 16) & 0xFF) * 257,
			                                      ((LINK_COLOR >> 8) & 0xFF) * 257,
			                                      (LINK_COLOR & 0xFF) * 257),
			            s->start, end);
			break;
		}
	}
	pango_layout_set_attributes(b->layout, attrs);
	pango_attr_list_unref(attrs);
}

/* Line metrics of a block: for each line its advance (to the next line's top, or its own
 * height for the last) and its baseline below its top, in points. */
struct metric {
	PangoLayoutLine *line;
	double advance, baseline, x;
};

static size_t
block_metrics(struct block *b, struct metric **out)
{
	if (is_row(b)) {
		struct metric *m = xcalloc(1, sizeof *m);
		m->advance = b->row_height;
		*out = m;
		return 1;
	}
	if (!b->layout) {
		*out = NULL;
		return 0;
	}
	int n = pango_layout_get_line_count(b->layout);
	struct metric *m = xcalloc((size_t)n, sizeof *m);
	PangoLayoutIter *it = pango_layout_get_iter(b->layout);
	int i = 0;
	int prev_top = 0;
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		m[i].line = pango_layout_iter_get_line_readonly(it);
		m[i].baseline =
		    (pango_layout_iter_get_baseline(it) - logical.y) / (double)PANGO_SCALE;
		m[i].advance = logical.height / (double)PANGO_SCALE;
		m[i].x = logical.x / (double)PANGO_SCALE;
		if (i > 0)
			m[i - 1].advance = (logical.y - prev_top) / (double)PANGO_SCALE;
		prev_top = logical.y;
		i++;
	} while (i < n && pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*out = m;
	return (size_t)i;
}

static void
place(struct layout *L, size_t block, PangoLayoutLine *line, bool first, int page, double top,
      double base, double height, double x)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? 2 * L->cap : 256;
		L->lines = xrealloc(L->lines, L->cap * sizeof *L->lines);
	}
	L->lines[L->n++] = (struct placed){block, line, first, page, top, base, height, x};
}

/* The height the start of a block needs on a page: its first two lines (no orphans). */
static double
start_height(const struct metric *m, size_t n)
{
	double h = 0;
	for (size_t i = 0; i < n && i < 2; i++)
		h += m[i].advance;
	return h;
}

static double
page_top(const struct layout *L, int page)
{
	return page == 0 ? L->first_top : MARGIN_TOP;
}

static void
paginate(struct pdf_doc *d, struct layout *L)
{
	const double bottom = PAGE_H - MARGIN_BOTTOM;
	const double k = L->density;
	int page = 0;
	double top = page_top(L, 0);
	double y = top;
#define NEW_PAGE()                                                                                 \
	do {                                                                                       \
		page++;                                                                            \
		y = top = MARGIN_TOP;                                                              \
	} while (0)
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		const struct style *st = &styles[b->kind];
		if ((b->kind == K_BREAK || b->kind == K_CHAPTER) && y > top)
			NEW_PAGE();
		if (b->kind == K_BREAK)
			continue;
		if (b->kind == K_RULE) {
			double need = k * (st->before + st->after);
			if (y + need > bottom)
				NEW_PAGE();
			place(L, i, NULL, true, page, y + k * st->before, y + k * st->before, 0,
			      MARGIN_X);
			y += need;
			continue;
		}
		struct metric *m;
		size_t n = block_metrics(b, &m);
		if (n == 0)
			continue;
		double before = y > top ? k * st->before : 0;
		double need = before + start_height(m, n);
		if (st->keep_with_next) {
			/* A heading never ends a page: it goes with the start of its text. */
			for (size_t j = i + 1; j < d->n; j++) {
				struct block *nb = &d->blocks[j];
				if (nb->kind == K_RULE)
					break;
				struct metric *next_m;
				size_t next_n = block_metrics(nb, &next_m);
				if (!next_n)
					continue;
				need += k * (st->after + styles[nb->kind].before) +
				        start_height(next_m, next_n);
				free(next_m);
				break;
			}
		}
		if (y + need > bottom && y > top) {
			NEW_PAGE();
			before = 0;
			/* A table that goes on: its header row again at the top of the page. */
			size_t head = i;
			while (b->kind == K_ROW && head > 0 && d->blocks[head].kind == K_ROW)
				head--;
			if (b->kind == K_ROW && d->blocks[head].kind == K_ROW_HEAD) {
				double hh = d->blocks[head].row_height;
				place(L, head, NULL, false, page, y, y, hh, MARGIN_X);
				y += hh;
			}
		}
		y += before;
		for (size_t l = 0; l < n; l++) {
			bool overflow = y + m[l].advance > bottom;
			/* No widow: the last line of a paragraph does not start a page alone. */
			bool widow =
			    l >= 2 && l == n - 2 && y + m[l].advance + m[l + 1].advance > bottom;
			if ((overflow || widow) && y > top)
				NEW_PAGE();
			place(L, i, m[l].line, l == 0, page, y, y + m[l].baseline, m[l].advance,
			      b->x + m[l].x);
			y += m[l].advance;
		}
		y += k * st->after;
		if (is_row(b) && (i + 1 == d->n || !is_row(&d->blocks[i + 1])))
			y += TABLE_AFTER;
		free(m);
	}
#undef NEW_PAGE
	L->pages = page + 1;
}

/* Sets every layout's line spacing for the layout's density (the styles' at 1). Pango
 * lays the text out again, so lines placed before are gone: paginate afresh after it. */
static void
set_density(struct pdf_doc *d, struct layout *L, double density)
{
	free(L->lines);
	L->lines = NULL;
	L->n = L->cap = 0;
	L->density = density;
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		if (b->layout)
			pango_layout_set_line_spacing(
			    b->layout, (float)(1 + (styles[b->kind].spacing - 1) * density));
	}
}

/* True when a page is nearly empty: the last one, or the last of a chapter (the next page
 * starts one), filled to less than 40 %. */
static bool
has_sparse_page(const struct pdf_doc *d, const struct layout *L)
{
	const double bottom = PAGE_H - MARGIN_BOTTOM;
	for (int page = 0; page < L->pages; page++) {
		double used = 0;
		bool chapter_next = page == L->pages - 1;
		for (size_t k = 0; k < L->n; k++) {
			const struct placed *p = &L->lines[k];
			if (p->page == page && p->top + p->height > used)
				used = p->top + p->height;
			if (p->page == page + 1 && p->first &&
			    d->blocks[p->block].kind == K_CHAPTER)
				chapter_next = true;
		}
		double top = page_top(L, page);
		if (page > 0 && chapter_next && used - top < (bottom - top) * 0.4)
			return true;
	}
	return false;
}

/* Lays the document out; where a nearly empty page is left, tighter spacing (and at last a
 * slightly smaller type) is tried, and kept only when it saves a page: the first step that
 * does, the least tightening. */
static void
fit(PangoContext *ctx, struct pdf_doc *d, struct layout *L)
{
	static const struct {
		double density, scale;
	} tighter[] = {{0.8, 1}, {0.6, 1}, {0.6, 0.92}, {0.5, 0.86}};
	for (size_t i = 0; i < d->n; i++)
		make_layout(ctx, &d->blocks[i], 1);
	set_density(d, L, 1);
	paginate(d, L);
	if (L->pages < 2 || !has_sparse_page(d, L))
		return;
	int pages = L->pages;
	double scale = 1;
	size_t i = 0;
	for (; i < sizeof tighter / sizeof tighter[0]; i++) {
		if (tighter[i].scale != scale) {
			scale = tighter[i].scale;
			for (size_t k = 0; k < d->n; k++)
				make_layout(ctx, &d->blocks[k], scale);
		}
		set_density(d, L, tighter[i].density);
		paginate(d, L);
		if (L->pages < pages)
			return;
	}
	/* None saves a page: as the styles say. */
	for (size_t k = 0; k < d->n; k++)
		make_layout(ctx, &d->blocks[k], 1);
	set_density(d, L, 1);
	paginate(d, L);
}

/* ---- Drawing ---- */

/* A number for cairo's attribute strings, always with a '.', whatever the locale. */
static void
put_num(struct buf *b, double v)
{
	long long c = (long long)(v * 100 + (v < 0 ? -0.5 : 0.5));
	if (c < 0) {
		buf_putc(b, '-');
		c = -c;
	}
	buf_printf(b, "%lld.%02lld", c / 100, c % 100);
}

/* uri='…' with cairo's escapes for a quoted string. */
static void
put_uri_attr(struct buf *b, const char *uri)
{
	buf_puts(b, " uri='");
	for (const char *p = uri; *p; p++) {
		if (*p == '\'' || *p == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *p);
	}
	buf_putc(b, '\'');
}

static void
draw_links(cairo_t *cr, const struct block *b, const struct placed *p)
{
	int start = pango_layout_line_get_start_index(p->line);
	int len = pango_layout_line_get_length(p->line);
	for (size_t i = 0; i < b->nspans; i++) {
		const struct span *s = &b->spans[i];
		if (s->kind != S_LINK || !s->uri)
			continue;
		int lo = (int)s->start > start ? (int)s->start : start;
		int hi = (int)s->end < start + len ? (int)s->end : start + len;
		if (lo >= hi)
			continue;
		int *ranges = NULL, nranges = 0;
		pango_layout_line_get_x_ranges(p->line, lo, hi, &ranges, &nranges);
		struct buf attr = BUF_INIT;
		buf_puts(&attr, "rect=[");
		for (int r = 0; r < nranges; r++) {
			double x0 = b->x + ranges[2 * r] / (double)PANGO_SCALE;
			double x1 = b->x + ranges[2 * r + 1] / (double)PANGO_SCALE;
			if (r)
				buf_putc(&attr, ' ');
			put_num(&attr, x0);
			buf_putc(&attr, ' ');
			put_num(&attr, p->top);
			buf_putc(&attr, ' ');
			put_num(&attr, x1 - x0);
			buf_putc(&attr, ' ');
			put_num(&attr, p->height);
		}
		buf_putc(&attr, ']');
		put_uri_attr(&attr, s->uri);
		g_free(ranges);
		if (nranges > 0) {
			cairo_tag_begin(cr, CAIRO_TAG_LINK, buf_str(&attr));
			cairo_tag_end(cr, CAIRO_TAG_LINK);
		}
		buf_free(&attr);
	}
}

static void
draw_footer(cairo_t *cr, PangoContext *ctx, const struct pdf_doc *d, int page, int pages)
{
	char text[96];
	snprintf(text, sizeof text, i18n_get(d->lang, "Page %d of %d"), page, pages);
	set_color(cr, 0xb0b0b0);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, FOOTER_BASELINE - 14);
	cairo_line_to(cr, PAGE_W - MARGIN_X, FOOTER_BASELINE - 14);
	cairo_stroke(cr);
	set_color(cr, 0x595959);
	PangoLayout *right = new_layout(ctx, FONT " 8", CONTENT_W, 1.0);
	pango_layout_set_text(right, text, -1);
	pango_layout_set_alignment(right, PANGO_ALIGN_RIGHT);
	cairo_move_to(cr, MARGIN_X,
	              FOOTER_BASELINE - pango_layout_get_baseline(right) / (double)PANGO_SCALE);
	pango_cairo_show_layout(cr, right);
	g_object_unref(right);
	if (d->footer) {
		PangoLayout *left = new_layout(ctx, FONT " 8", CONTENT_W * 0.7, 1.0);
		pango_layout_set_text(left, d->footer, -1);
		pango_layout_set_ellipsize(left, PANGO_ELLIPSIZE_END);
		cairo_move_to(cr, MARGIN_X,
		              FOOTER_BASELINE -
		                  pango_layout_get_baseline(left) / (double)PANGO_SCALE);
		pango_cairo_show_layout(cr, left);
		g_object_unref(left);
	}
}

/* What drawing carries from line to line: the outline entry the headings hang under (a
 * chapter's, else the root), the layout, for the table of contents' page numbers, and the
 * structure tags open (the block whose lines are being drawn, and the list or table of
 * contents it belongs to). */
struct draw_state {
	PangoContext *ctx;
	const struct layout *L;
	int outline_parent;
	long open_block;   /* -1: none */
	const char *group; /* "L", "TOC" or NULL */
};

/* ---- Structure (tagged PDF) ---- */

/* The structure element of a block's lines on one page (cairo 1.16 marks content only on
 * the page its element began: a paragraph across pages is one element per page). */
static const char *
block_tag(enum kind kind)
{
	switch (kind) {
	case K_TITLE:
	case K_CHAPTER:
		return "H1";
	case K_HEADING:
		return "H2";
	case K_SUBHEADING:
		return "H3";
	case K_ITEM:
		return "LI";
	case K_TOC:
		return "TOCI";
	case K_QUOTE:
		return "BlockQuote";
	case K_CODE:
		return "Code";
	case K_RULE:
	case K_BREAK:
		return NULL;
	default:
		return "P";
	}
}

static const char *
block_group(enum kind kind)
{
	return kind == K_ITEM ? "L" : kind == K_TOC ? "TOC" : NULL;
}

static void
tag_close_block(cairo_t *cr, const struct pdf_doc *d, struct draw_state *ds)
{
	if (ds->open_block < 0)
		return;
	enum kind kind = d->blocks[ds->open_block].kind;
	if (kind == K_ITEM)
		cairo_tag_end(cr, "LBody");
	cairo_tag_end(cr, block_tag(kind));
	ds->open_block = -1;
}

static void
tag_close_group(cairo_t *cr, const struct pdf_doc *d, struct draw_state *ds)
{
	tag_close_block(cr, d, ds);
	if (ds->group)
		cairo_tag_end(cr, ds->group);
	ds->group = NULL;
}

/* Before a line of block i: the tags of the block before closed, block i's opened. */
static void
tag_enter(cairo_t *cr, const struct pdf_doc *d, struct draw_state *ds, size_t i)
{
	if (ds->open_block == (long)i)
		return;
	enum kind kind = d->blocks[i].kind;
	const char *group = block_group(kind);
	if (!block_tag(kind) || !group || !ds->group || strcmp(group, ds->group) != 0)
		tag_close_group(cr, d, ds);
	else
		tag_close_block(cr, d, ds);
	const char *tag = block_tag(kind);
	if (!tag)
		return;
	if (group && !ds->group) {
		cairo_tag_begin(cr, group, NULL);
		ds->group = group;
	}
	cairo_tag_begin(cr, tag, NULL);
	if (kind == K_ITEM)
		cairo_tag_begin(cr, "LBody", NULL);
	ds->open_block = (long)i;
}

/* The page (from 1) where the chapter named dest starts; 0 when there is none. */
static int
dest_page(const struct pdf_doc *d, const struct layout *L, const char *dest)
{
	for (size_t k = 0; k < L->n; k++) {
		const struct block *b = &d->blocks[L->lines[k].block];
		if (b->kind == K_CHAPTER && L->lines[k].first && b->dest &&
		    strcmp(b->dest, dest) == 0)
			return L->lines[k].page + 1;
	}
	return 0;
}

/* "page=N pos=[x y]": the place a line starts, for the outline. */
static void
put_place(struct buf *b, const struct placed *p)
{
	buf_printf(b, "page=%d pos=[", p->page + 1);
	put_num(b, MARGIN_X);
	buf_putc(b, ' ');
	put_num(b, p->top);
	buf_putc(b, ']');
}

static void
draw_toc_line(cairo_t *cr, const struct pdf_doc *d, const struct block *b, const struct placed *p,
              struct draw_state *ds)
{
	int page = dest_page(d, ds->L, b->dest);
	if (!page)
		return;
	char num[16];
	snprintf(num, sizeof num, "%d", page);
	PangoLayout *n = new_layout(ds->ctx, styles[K_TOC].font, TOC_NUMBER_W, 1.0);
	pango_layout_set_text(n, num, -1);
	pango_layout_set_alignment(n, PANGO_ALIGN_RIGHT);
	cairo_move_to(cr, PAGE_W - MARGIN_X - TOC_NUMBER_W,
	              p->base - pango_layout_get_baseline(n) / (double)PANGO_SCALE);
	pango_cairo_show_layout(cr, n);
	g_object_unref(n);
	/* The whole line links to the chapter. */
	struct buf attr = BUF_INIT;
	buf_puts(&attr, "rect=[");
	put_num(&attr, MARGIN_X);
	buf_putc(&attr, ' ');
	put_num(&attr, p->top);
	buf_putc(&attr, ' ');
	put_num(&attr, CONTENT_W);
	buf_putc(&attr, ' ');
	put_num(&attr, p->height);
	buf_printf(&attr, "] dest='%s'", b->dest);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, buf_str(&attr));
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	buf_free(&attr);
}

static void
draw_line(cairo_t *cr, cairo_surface_t *surface, const struct pdf_doc *d, const struct placed *p,
          struct draw_state *ds)
{
	const struct block *b = &d->blocks[p->block];
	const struct style *st = &styles[b->kind];
	tag_enter(cr, d, ds, p->block);
	if (is_row(b)) {
		pdf_row_draw(cr, ds->ctx, b, MARGIN_X, p->top, CONTENT_W);
		return;
	}
	if (!p->line) {
		set_color(cr, st->color);
		cairo_set_line_width(cr, 0.75);
		cairo_move_to(cr, MARGIN_X, p->top);
		cairo_line_to(cr, PAGE_W - MARGIN_X, p->top);
		cairo_stroke(cr);
		return;
	}
	set_color(cr, st->color);
	cairo_move_to(cr, p->logical_x, p->base);
	pango_cairo_show_layout_line(cr, p->line);
	draw_links(cr, b, p);
	if (p->first && b->kind == K_TOC && b->dest)
		draw_toc_line(cr, d, b, p, ds);
	if (p->first && b->kind == K_CHAPTER) {
		struct buf attr = BUF_INIT;
		buf_printf(&attr, "name='%s' x=", b->dest);
		put_num(&attr, MARGIN_X);
		buf_puts(&attr, " y=");
		put_num(&attr, p->top);
		cairo_tag_begin(cr, CAIRO_TAG_DEST, buf_str(&attr));
		cairo_tag_end(cr, CAIRO_TAG_DEST);
		buf_reset(&attr);
		put_place(&attr, p);
		ds->outline_parent = cairo_pdf_surface_add_outline(surface, CAIRO_PDF_OUTLINE_ROOT,
		                                                   b->text.data, buf_str(&attr), 0);
		buf_free(&attr);
	}
	if (p->first && b->kind == K_HEADING) {
		struct buf dest = BUF_INIT;
		put_place(&dest, p);
		cairo_pdf_surface_add_outline(surface, ds->outline_parent, b->text.data,
		                              buf_str(&dest), 0);
		buf_free(&dest);
	}
}

/* The running head: the title of the chapter a page belongs to, on every page of it but
 * its first (where the title itself stands). */
static void
draw_head(cairo_t *cr, PangoContext *ctx, const char *text)
{
	set_color(cr, 0x595959);
	PangoLayout *head = new_layout(ctx, FONT " 8", CONTENT_W, 1.0);
	pango_layout_set_text(head, text, -1);
	pango_layout_set_ellipsize(head, PANGO_ELLIPSIZE_END);
	cairo_move_to(cr, MARGIN_X,
	              HEAD_BASELINE - pango_layout_get_baseline(head) / (double)PANGO_SCALE);
	pango_cairo_show_layout(cr, head);
	g_object_unref(head);
	set_color(cr, 0xb0b0b0);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, HEAD_BASELINE + 6);
	cairo_line_to(cr, PAGE_W - MARGIN_X, HEAD_BASELINE + 6);
	cairo_stroke(cr);
}

/* ---- The first page's band: the logo and the programme's name ---- */

static void
fill_rgb(cairo_t *cr, unsigned rgb)
{
	set_color(cr, rgb);
	cairo_fill(cr);
}

/* A quadratic Bézier segment from the current point, as cairo's cubic. */
static void
quad_to(cairo_t *cr, double qx, double qy, double x, double y)
{
	double x0, y0;
	cairo_get_current_point(cr, &x0, &y0);
	cairo_curve_to(cr, x0 + 2.0 / 3 * (qx - x0), y0 + 2.0 / 3 * (qy - y0),
	               x + 2.0 / 3 * (qx - x), y + 2.0 / 3 * (qy - y), x, y);
}

/* The lighthouse of assets/logo.svg (a 40 × 40 view box), drawn at (x, y), size wide. */
static void
draw_logo(cairo_t *cr, double x, double y, double size)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_scale(cr, size / 40, size / 40);
	cairo_save(cr);
	cairo_arc(cr, 20, 20, 20, 0, 2 * G_PI);
	cairo_clip(cr);
	cairo_rectangle(cr, 0, 0, 40, 40);
	fill_rgb(cr, 0x0b6e79);
	/* The beams. */
	cairo_move_to(cr, 20, 11.6);
	cairo_line_to(cr, 0, 7);
	cairo_line_to(cr, 0, 16.2);
	cairo_close_path(cr);
	cairo_move_to(cr, 20, 11.6);
	cairo_line_to(cr, 40, 7);
	cairo_line_to(cr, 40, 16.2);
	cairo_close_path(cr);
	fill_rgb(cr, 0xffe2a0);
	/* The sea. */
	cairo_move_to(cr, 0, 34.5);
	quad_to(cr, 5, 32.3, 10, 34.5);
	quad_to(cr, 15, 36.7, 20, 34.5);
	quad_to(cr, 25, 32.3, 30, 34.5);
	quad_to(cr, 35, 36.7, 40, 34.5);
	cairo_line_to(cr, 40, 40);
	cairo_line_to(cr, 0, 40);
	cairo_close_path(cr);
	fill_rgb(cr, 0x0b2f4a);
	cairo_restore(cr);
	/* The tower: roof, lantern, gallery, shaft and its stripes. */
	cairo_move_to(cr, 15.6, 9.2);
	cairo_line_to(cr, 20, 5.2);
	cairo_line_to(cr, 24.4, 9.2);
	cairo_close_path(cr);
	fill_rgb(cr, 0xffffff);
	cairo_rectangle(cr, 17, 9.2, 6, 4.8);
	fill_rgb(cr, 0xffb84d);
	cairo_rectangle(cr, 15.2, 14, 9.6, 1.8);
	fill_rgb(cr, 0x0b2f4a);
	cairo_move_to(cr, 16.6, 15.8);
	cairo_line_to(cr, 23.4, 15.8);
	cairo_line_to(cr, 26, 34.5);
	cairo_line_to(cr, 14, 34.5);
	cairo_close_path(cr);
	fill_rgb(cr, 0xffffff);
	cairo_move_to(cr, 15.8, 21.5);
	cairo_line_to(cr, 24.2, 21.5);
	cairo_line_to(cr, 24.6, 24.5);
	cairo_line_to(cr, 15.4, 24.5);
	cairo_close_path(cr);
	cairo_move_to(cr, 14.9, 28);
	cairo_line_to(cr, 25.1, 28);
	cairo_line_to(cr, 25.5, 31);
	cairo_line_to(cr, 14.5, 31);
	cairo_close_path(cr);
	fill_rgb(cr, 0x0b2f4a);
	cairo_restore(cr);
}

static bool
has_band(const struct pdf_doc *d)
{
	return (d->brand && *d->brand) || (d->programme && *d->programme);
}

/* The logo, and beside it the name and the programme (one paragraph of the structure). */
static void
draw_band(cairo_t *cr, PangoContext *ctx, const struct pdf_doc *d)
{
	draw_logo(cr, MARGIN_X, BAND_TOP, LOGO_SIZE);
	struct buf text = BUF_INIT;
	buf_puts(&text, d->brand ? d->brand : "");
	size_t bold = text.len;
	if (d->programme && *d->programme) {
		if (text.len)
			buf_puts(&text, "\xE2\x80\xA8");
		buf_puts(&text, d->programme);
	}
	PangoLayout *l = new_layout(ctx, FONT " 9", CONTENT_W - LOGO_SIZE - 10, 1.15);
	pango_layout_set_text(l, buf_str(&text), (int)text.len);
	PangoAttrList *attrs = pango_attr_list_new();
	insert_attr(attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0, bold);
	insert_attr(attrs, pango_attr_size_new(13 * PANGO_SCALE), 0, bold);
	pango_layout_set_attributes(l, attrs);
	pango_attr_list_unref(attrs);
	int h;
	pango_layout_get_size(l, NULL, &h);
	cairo_tag_begin(cr, "P", NULL);
	set_color(cr, 0x0b3d6e);
	cairo_move_to(cr, MARGIN_X + LOGO_SIZE + 10,
	              BAND_TOP + (LOGO_SIZE - h / (double)PANGO_SCALE) / 2);
	pango_cairo_show_layout(cr, l);
	cairo_tag_end(cr, "P");
	g_object_unref(l);
	buf_free(&text);
	set_color(cr, 0xb0b0b0);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, BAND_TOP + LOGO_SIZE + 10);
	cairo_line_to(cr, PAGE_W - MARGIN_X, BAND_TOP + LOGO_SIZE + 10);
	cairo_stroke(cr);
}

/* ---- The document's language ----
 *
 * cairo 1.16 writes no /Lang and has no call for it, so the catalog is written again with
 * it in an incremental update appended to cairo's file (ISO 32000-1, 7.5.6): the catalog
 * object anew, an xref section for it, a trailer pointing to cairo's. /ViewerPreferences
 * /DisplayDocTitle makes viewers show the title rather than the file name. */

/* The last occurrence of needle in [data, data + n), or NULL. */
static const char *
find_last(const char *data, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = n; i >= k; i--)
		if (memcmp(data + i - k, needle, k) == 0)
			return data + i - k;
	return NULL;
}

static const char *
find_in(const char *from, const char *end, const char *needle)
{
	size_t k = strlen(needle);
	for (const char *p = from; p + k <= end; p++)
		if (memcmp(p, needle, k) == 0)
			return p;
	return NULL;
}

/* The number after key ("/Size 26", "/Root 25 0 R") in [from, end); -1 when absent. */
static long
number_after(const char *from, const char *end, const char *key)
{
	const char *p = find_in(from, end, key);
	if (!p)
		return -1;
	p += strlen(key);
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
		p++;
	long v = 0;
	bool any = false;
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = true)
		v = v * 10 + (*p - '0');
	return any ? v : -1;
}

static bool
add_lang(struct buf *pdf, const char *lang)
{
	const char *data = pdf->data, *end = pdf->data + pdf->len;
	const char *trailer = find_last(data, pdf->len, "trailer");
	const char *startxref = find_last(data, pdf->len, "startxref");
	if (!trailer || !startxref || startxref < trailer)
		return false;
	long size = number_after(trailer, startxref, "/Size");
	long root = number_after(trailer, startxref, "/Root");
	long info = number_after(trailer, startxref, "/Info");
	long prev = number_after(startxref, end, "startxref");
	if (size <= 0 || root <= 0 || prev <= 0)
		return false;
	char head[32];
	snprintf(head, sizeof head, "\n%ld 0 obj\n", root);
	const char *obj = find_in(data, trailer, head);
	const char *close = obj ? find_in(obj, trailer, "endobj") : NULL;
	const char *open = obj ? find_in(obj, close ? close : trailer, "<<") : NULL;
	if (!close || !open)
		return false;
	const char *last = close;
	while (last > open && memcmp(last, ">>", 2) != 0)
		last--;
	if (last <= open || find_in(open, last, "/Lang"))
		return false;
	struct buf out = BUF_INIT;
	if (pdf->data[pdf->len - 1] != '\n')
		buf_putc(&out, '\n');
	size_t at = pdf->len + out.len;
	buf_printf(&out, "%ld 0 obj\n", root);
	buf_append(&out, open, (size_t)(last - open));
	buf_printf(&out,
	           "   /Lang (%s)\n   /ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n",
	           lang);
	size_t xref = pdf->len + out.len;
	buf_printf(&out, "xref\n%ld 1\n%010zu 00000 n \ntrailer\n<< /Size %ld\n   /Root %ld 0 R\n",
	           root, at, size, root);
	if (info > 0)
		buf_printf(&out, "   /Info %ld 0 R\n", info);
	buf_printf(&out, "   /Prev %ld\n>>\nstartxref\n%zu\n%%%%EOF\n", prev, xref);
	buf_append(pdf, out.data, out.len);
	buf_free(&out);
	return true;
}

static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int length)
{
	buf_append(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata(cairo_surface_t *surface, const struct pdf_doc *d)
{
	if (d->title)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, d->title);
	if (d->author)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, d->author);
	if (d->subject)
		cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, d->subject);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Leuchtturm");
	/* Without these cairo writes the clock's time, and the bytes differ on every call. */
	char when[40];
	time_format_rfc3339(when, sizeof when, d->date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, when);
}

static PangoContext *
new_context(cairo_t *cr, enum lang lang)
{
	if (!fontmap)
		fontmap = pango_cairo_font_map_new();
	PangoContext *ctx = pango_font_map_create_context(fontmap);
	pango_cairo_update_context(cr, ctx);
	/* Points as the unit, and no hinting: the layout must not depend on a device. */
	pango_cairo_context_set_resolution(ctx, 72);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_language(ctx, pango_language_from_string(i18n_code(lang)));
	return ctx;
}

int
pdf_render(struct pdf_doc *d, struct buf *out)
{
	struct buf bytes = BUF_INIT;
	struct layout L = {0};
	int rc = -1;
	pthread_mutex_lock(&render_lock);
	cairo_surface_t *surface =
	    cairo_pdf_surface_create_for_stream(write_out, &bytes, PAGE_W, PAGE_H);
	set_metadata(surface, d);
	cairo_t *cr = cairo_create(surface);
	PangoContext *ctx = new_context(cr, d->lang);
	L.first_top = has_band(d) ? FIRST_TOP : MARGIN_TOP;
	fit(ctx, d, &L);
	size_t k = 0;
	struct draw_state ds = {ctx, &L, CAIRO_PDF_OUTLINE_ROOT, -1, NULL};
	const char *head = NULL; /* the chapter the page continues */
	cairo_tag_begin(cr, "Document", NULL);
	for (int page = 0; page < L.pages; page++) {
		if (page == 0 && has_band(d))
			draw_band(cr, ctx, d);
		bool starts = false;
		const char *next_head = head;
		for (; k < L.n && L.lines[k].page == page; k++) {
			const struct block *b = &d->blocks[L.lines[k].block];
			if (b->kind == K_CHAPTER && L.lines[k].first) {
				starts = true;
				next_head = b->text.data;
			}
			draw_line(cr, surface, d, &L.lines[k], &ds);
		}
		/* A block's element ends with the page (see block_tag); a list goes on. */
		tag_close_block(cr, d, &ds);
		if (head && !starts)
			draw_head(cr, ctx, head);
		head = next_head;
		draw_footer(cr, ctx, d, page + 1, L.pages);
		cairo_show_page(cr);
	}
	tag_close_group(cr, d, &ds);
	cairo_tag_end(cr, "Document");
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		if (b->layout)
			g_object_unref(b->layout);
		b->layout = NULL;
	}
	g_object_unref(ctx);
	pthread_mutex_unlock(&render_lock);
	free(L.lines);
	if (status != CAIRO_STATUS_SUCCESS) {
		log_error("pdf: %s", cairo_status_to_string(status));
	} else {
		if (!add_lang(&bytes, i18n_code(d->lang)))
			log_error("pdf: the document's language could not be added");
		buf_append(out, bytes.data, bytes.len);
		rc = L.pages;
	}
	buf_free(&bytes);
	return rc;
}

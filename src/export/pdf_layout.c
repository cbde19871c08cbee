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

static void
make_layout(PangoContext *ctx, struct block *b)
{
	const struct style *st = &styles[b->kind];
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

static void
paginate(struct pdf_doc *d, struct layout *L)
{
	const double bottom = PAGE_H - MARGIN_BOTTOM;
	double y = MARGIN_TOP;
	int page = 0;
	for (size_t i = 0; i < d->n; i++) {
		struct block *b = &d->blocks[i];
		const struct style *st = &styles[b->kind];
		if ((b->kind == K_BREAK || b->kind == K_CHAPTER) && y > MARGIN_TOP) {
			page++;
			y = MARGIN_TOP;
		}
		if (b->kind == K_BREAK)
			continue;
		if (b->kind == K_RULE) {
			double need = st->before + st->after;
			if (y + need > bottom) {
				page++;
				y = MARGIN_TOP;
			}
			place(L, i, NULL, true, page, y + st->before, y + st->before, 0, MARGIN_X);
			y += need;
			continue;
		}
		struct metric *m;
		size_t n = block_metrics(b, &m);
		if (n == 0)
			continue;
		double before = y > MARGIN_TOP ? st->before : 0;
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
				need += st->after + styles[nb->kind].before +
				        start_height(next_m, next_n);
				free(next_m);
				break;
			}
		}
		if (y + need > bottom && y > MARGIN_TOP) {
			page++;
			y = MARGIN_TOP;
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
		for (size_t k = 0; k < n; k++) {
			bool overflow = y + m[k].advance > bottom;
			/* No widow: the last line of a paragraph does not start a page alone. */
			bool widow =
			    k >= 2 && k == n - 2 && y + m[k].advance + m[k + 1].advance > bottom;
			if ((overflow || widow) && y > MARGIN_TOP) {
				page++;
				y = MARGIN_TOP;
			}
			place(L, i, m[k].line, k == 0, page, y, y + m[k].baseline, m[k].advance,
			      b->x + m[k].x);
			y += m[k].advance;
		}
		y += st->after;
		if (is_row(b) && (i + 1 == d->n || !is_row(&d->blocks[i + 1])))
			y += TABLE_AFTER;
		free(m);
	}
	L->pages = page + 1;
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
 * chapter's, else the root) and the layout, for the table of contents' page numbers. */
struct draw_state {
	PangoContext *ctx;
	const struct layout *L;
	int outline_parent;
};

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
	for (size_t i = 0; i < d->n; i++)
		make_layout(ctx, &d->blocks[i]);
	paginate(d, &L);
	size_t k = 0;
	struct draw_state ds = {ctx, &L, CAIRO_PDF_OUTLINE_ROOT};
	const char *head = NULL; /* the chapter the page continues */
	for (int page = 0; page < L.pages; page++) {
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
		if (head && !starts)
			draw_head(cr, ctx, head);
		head = next_head;
		draw_footer(cr, ctx, d, page + 1, L.pages);
		cairo_show_page(cr);
	}
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
		buf_append(out, bytes.data, bytes.len);
		rc = L.pages;
	}
	buf_free(&bytes);
	return rc;
}

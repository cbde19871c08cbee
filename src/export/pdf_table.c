/* Tables in the A4 document writer: each row is a block of its own (K_ROW_HEAD, K_ROW)
 * whose text holds the cells separated by tabs; pdf_layout.c paginates a row as one unit and
 * asks this file for its height and to draw it. */
#include "export/pdf_table.h"
#include "export/pdf.h"
#include "export/pdf_doc.h"
#include "util/mem.h"

#include <string.h>

#define FONT_CELL "DejaVu Sans 9"
#define FONT_HEAD "DejaVu Sans Bold 8.5"
#define PAD_X 4.0
#define PAD_Y 3.0
#define COLOR_TEXT 0x1a1a1a
#define COLOR_HEAD_BG 0xe6edf5
#define COLOR_HEAD_RULE 0x0b3d6e
#define COLOR_RULE 0xc8c8c8

/* The same growth as pdf.c's blocks (which keeps its helper to itself). */
static struct block *
row_block(struct pdf_doc *d, enum kind kind)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 32;
		d->blocks = xrealloc(d->blocks, d->cap * sizeof *d->blocks);
	}
	struct block *b = &d->blocks[d->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	return b;
}

static void
add_row(struct pdf_doc *d, enum kind kind, const struct pdf_table *t, const char *const *cells)
{
	struct block *b = row_block(d, kind);
	b->table = *t;
	if (b->table.ncols < 1)
		b->table.ncols = 1;
	if (b->table.ncols > PDF_TABLE_MAX_COLS)
		b->table.ncols = PDF_TABLE_MAX_COLS;
	for (size_t c = 0; c < b->table.ncols; c++) {
		if (c)
			buf_putc(&b->text, '\t');
		/* Tabs separate the cells, and other control characters have no place in a
		 * cell: each becomes a space (a line break stays one). */
		for (const char *p = cells[c] ? cells[c] : ""; *p; p++)
			buf_putc(&b->text, (unsigned char)*p < ' ' && *p != '\n' ? ' ' : *p);
	}
}

void
pdf_table_head(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells)
{
	add_row(d, K_ROW_HEAD, t, cells);
}

void
pdf_table_row(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells)
{
	add_row(d, K_ROW, t, cells);
}

static void
set_color(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
	                     (rgb & 0xFF) / 255.0);
}

/* Column c's left edge and width within a table width points wide. */
static void
column(const struct pdf_table *t, size_t c, double width, double *left, double *w)
{
	unsigned total = 0, before = 0;
	for (size_t i = 0; i < t->ncols; i++) {
		unsigned wi = t->width[i] ? t->width[i] : 1;
		if (i < c)
			before += wi;
		total += wi;
	}
	*left = width * before / total;
	*w = width * (t->width[c] ? t->width[c] : 1) / total;
}

/* The cell's text: the c-th tab-separated part of the block's text. */
static const char *
cell_text(const struct block *b, size_t c, size_t *len)
{
	const char *p = b->text.data ? b->text.data : "";
	for (size_t i = 0; i < c && p; i++) {
		p = strchr(p, '\t');
		if (p)
			p++;
	}
	if (!p) {
		*len = 0;
		return "";
	}
	const char *end = strchr(p, '\t');
	*len = end ? (size_t)(end - p) : strlen(p);
	return p;
}

static PangoLayout *
cell_layout(PangoContext *ctx, const struct block *b, size_t c, double width, double *left)
{
	double w;
	column(&b->table, c, width, left, &w);
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd =
	    pango_font_description_from_string(b->kind == K_ROW_HEAD ? FONT_HEAD : FONT_CELL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)((w - 2 * PAD_X) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_line_spacing(l, 1.2f);
	if (b->table.numeric[c])
		pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	size_t len;
	const char *text = cell_text(b, c, &len);
	pango_layout_set_text(l, text, (int)len);
	return l;
}

double
pdf_row_height(PangoContext *ctx, const struct block *b, double width)
{
	double tallest = 0;
	for (size_t c = 0; c < b->table.ncols; c++) {
		double left;
		PangoLayout *l = cell_layout(ctx, b, c, width, &left);
		PangoRectangle logical;
		pango_layout_get_extents(l, NULL, &logical);
		double h = logical.height / (double)PANGO_SCALE;
		if (h > tallest)
			tallest = h;
		g_object_unref(l);
	}
	return tallest + 2 * PAD_Y;
}

void
pdf_row_draw(cairo_t *cr, PangoContext *ctx, const struct block *b, double x, double top,
             double width)
{
	double h = b->row_height;
	bool head = b->kind == K_ROW_HEAD;
	if (head) {
		set_color(cr, COLOR_HEAD_BG);
		cairo_rectangle(cr, x, top, width, h);
		cairo_fill(cr);
	}
	set_color(cr, COLOR_TEXT);
	for (size_t c = 0; c < b->table.ncols; c++) {
		double left;
		PangoLayout *l = cell_layout(ctx, b, c, width, &left);
		cairo_move_to(cr, x + left + PAD_X, top + PAD_Y);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
	}
	set_color(cr, head ? COLOR_HEAD_RULE : COLOR_RULE);
	cairo_set_line_width(cr, head ? 0.75 : 0.5);
	cairo_move_to(cr, x, top + h);
	cairo_line_to(cr, x + width, top + h);
	cairo_stroke(cr);
}

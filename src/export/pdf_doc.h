/* The PDF writer's document model: blocks of text with spans, shared by pdf.c (which
 * builds it) and pdf_layout.c (which lays it out and draws it), and pdf_table.c (tables);
 * no other file includes it. */
#ifndef EXPORT_PDF_DOC_H
#define EXPORT_PDF_DOC_H
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/pdf_table.h"
#include "util/buf.h"
#include "util/i18n.h"

enum kind {
	K_TITLE,
	K_LEAD,
	K_META,
	K_HEADING,
	K_SUBHEADING,
	K_PARA,
	K_ITEM,
	K_CODE,
	K_QUOTE,
	K_RULE,
	/* The brochure's (issue 12): a chapter title that starts a page, names a destination
	 * and becomes the running head; a table-of-contents line linking to a destination
	 * with its page number; a page break. */
	K_CHAPTER,
	K_TOC,
	K_BREAK,
	/* A table's header row and its other rows (pdf_table.c): the cells are the text,
	 * separated by tabs; laid out and drawn by pdf_row_height and pdf_row_draw. */
	K_ROW_HEAD,
	K_ROW
};

enum span_kind { S_BOLD, S_ITALIC, S_CODE, S_STRIKE, S_LINK };

struct span {
	enum span_kind kind;
	size_t start, end; /* byte offsets into the block's text */
	char *uri;         /* S_LINK: an absolute URI, or NULL when not clickable */
};

struct block {
	enum kind kind;
	struct buf text;
	struct span *spans;
	size_t nspans, capspans;
	int indent;      /* list and quote nesting */
	char marker[16]; /* list item marker ("•", "3."); "" for none */
	char *dest;      /* K_CHAPTER: its destination's name; K_TOC: the one it links to */
	/* K_ROW_HEAD, K_ROW: the table's columns. */
	struct pdf_table table;
	/* Set while rendering. */
	bool hanging; /* the marker and a tab start the text (a hanging indent) */
	PangoLayout *layout;
	double x; /* left edge of the text */
	/* K_ROW_HEAD, K_ROW: the row's height. */
	double row_height;
};

struct pdf_doc {
	enum lang lang;
	char *title, *author, *subject, *base_url, *footer;
	char *brand, *programme; /* the first page's band ("" for none) */
	int64_t date;
	struct block *blocks;
	size_t n, cap;
};

/* pdf_table.c, for pdf_layout.c: the height of a table row laid out width points wide, and
 * the row drawn with its top left corner at (x, top). */
double pdf_row_height(PangoContext *ctx, const struct block *b, double width);
void pdf_row_draw(cairo_t *cr, PangoContext *ctx, const struct block *b, double x, double top,
                  double width);

#endif

/* Tables in the A4 document writer (export/pdf.h): rows of plain-text cells in columns of
 * relative widths, text left or numbers right, a header row in bold on a tinted ground
 * that stays on a page with the first row after it, a rule under every row. A row is never
 * split across pages; a cell's text wraps within its column. Same input, same bytes, as
 * for the rest of the document. */
#ifndef EXPORT_PDF_TABLE_H
#define EXPORT_PDF_TABLE_H
#include <stdbool.h>
#include <stddef.h>

struct pdf_doc;

#define PDF_TABLE_MAX_COLS 8

struct pdf_table {
	size_t ncols;                            /* 1 … PDF_TABLE_MAX_COLS */
	unsigned char width[PDF_TABLE_MAX_COLS]; /* relative widths (0 counts as 1) */
	bool numeric[PDF_TABLE_MAX_COLS];        /* right-aligned */
};

/* The header row: t->ncols cells (NULL counts as ""). */
void pdf_table_head(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells);
/* A row of the table body: t->ncols cells (NULL counts as ""). */
void pdf_table_row(struct pdf_doc *d, const struct pdf_table *t, const char *const *cells);

#endif

/* Tabular exports: CSV (RFC 4180, for Excel too) and XLSX (libxlsxwriter) from a generic
 * table of strings. */
#ifndef EXPORT_TABLE_H
#define EXPORT_TABLE_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum table_type {
	TABLE_TEXT = 0, /* any text; guarded against formula injection */
	TABLE_DATE,     /* "YYYY-MM-DD" (or an RFC 3339 time, of which the date is used) */
	TABLE_NUMBER,   /* a decimal number as text ("42", "-1.5") */
	TABLE_URL,      /* an absolute http(s) URL: a hyperlink in XLSX */
};

struct table_column {
	const char *title; /* the header cell (already translated) */
	enum table_type type;
	double width; /* XLSX column width in characters; 0 for a default */
};

struct table {
	const struct table_column *columns;
	size_t ncols;
	const char **cells; /* nrows × ncols, row by row; NULL cells are empty */
	size_t nrows, cap;
};

/* An empty table with these columns (the array must outlive the table). */
void table_init(struct table *t, const struct table_column *columns, size_t ncols);
/* Appends a row and returns its ncols cells, all NULL, for the caller to fill. The
 * strings are not copied: they must outlive the table (e.g. in the request's arena). */
const char **table_add_row(struct table *t);
void table_free(struct table *t);

/* Appends the table as CSV: UTF-8 with a byte-order mark (so Excel reads umlauts), CRLF
 * line ends, fields quoted when they hold a comma, quote, CR or LF. A text cell that
 * starts with = + - @ (or a tab or CR) gets a leading ' so spreadsheets show it as text
 * instead of running it as a formula. */
void table_csv(struct buf *out, const struct table *t);
/* The CSV field for one cell as table_csv writes it (for tests). */
void table_csv_field(struct buf *out, const char *cell, enum table_type type);

/* Appends the table as an XLSX workbook with one sheet named sheet_name: a bold, frozen
 * header row with an autofilter, column widths, dates as dates, URLs as links. The
 * document's creation time is `created` (UTC seconds), so the same data gives the same
 * workbook content. The workbook is written to a temporary file (libxlsxwriter writes
 * files only) that is removed before returning. Returns 0, or -1 (logged). */
int table_xlsx(struct buf *out, const struct table *t, const char *sheet_name, int64_t created);

#endif

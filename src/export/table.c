/* CSV and XLSX writers for a generic table of strings. */
#include "export/table.h"
#include "util/log.h"
#include "util/mem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void
table_init(struct table *t, const struct table_column *columns, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->columns = columns;
	t->ncols = ncols;
}

const char **
table_add_row(struct table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	const char **row = t->cells + t->nrows * t->ncols;
	memset(row, 0, t->ncols * sizeof *row);
	t->nrows++;
	return row;
}

void
table_free(struct table *t)
{
	free(t->cells);
	memset(t, 0, sizeof *t);
}

/* ---- CSV ---- */

/* Spreadsheets take a cell that starts with one of these as a formula (OWASP's list). A
 * number column may hold "-1.5"; anything else there is treated as text. */
static bool
needs_guard(const char *s, enum table_type type)
{
	if (!s[0] || !strchr("=+-@\t\r", s[0]))
		return false;
	if (type == TABLE_NUMBER) {
		char *end;
		strtod(s, &end);
		return end == s || *end;
	}
	return true;
}

void
table_csv_field(struct buf *out, const char *cell, enum table_type type)
{
	const char *s = cell ? cell : "";
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(out, '"');
	if (needs_guard(s, type))
		buf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}

void
table_csv(struct buf *out, const struct table *t)
{
	buf_puts(out, "\xEF\xBB\xBF");
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			buf_putc(out, ',');
		table_csv_field(out, t->columns[c].title, TABLE_TEXT);
	}
	buf_puts(out, "\r\n");
	for (size_t r = 0; r < t->nrows; r++) {
		const char **cells = t->cells + r * t->ncols;
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				buf_putc(out, ',');
			table_csv_field(out, cells[c], t->columns[c].type);
		}
		buf_puts(out, "\r\n");
	}
}

/* ---- XLSX ---- */

/* Excel refuses strings over 32,767 characters: longer text is cut at a character
 * boundary with an ellipsis (the full text is in the JSON API and the CSV). */
#define XLSX_MAX_CHARS 32000

static const char *
clip(const char *s, char **owned)
{
	size_t chars = 0;
	const char *p = s;
	for (; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > XLSX_MAX_CHARS)
			break;
	}
	if (!*p)
		return s;
	size_t n = (size_t)(p - s);
	*owned = xmalloc(n + 4);
	memcpy(*owned, s, n);
	memcpy(*owned + n, "\xE2\x80\xA6", 4);
	return *owned;
}

static bool
parse_date(const char *s, lxw_datetime *dt)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 || y < 1900 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return false;
	*dt = (lxw_datetime){y, m, d, 0, 0, 0};
	return true;
}

struct xlsx_formats {
	lxw_format *header, *date, *link, *text;
};

static void
xlsx_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *cell, enum table_type type,
          const struct xlsx_formats *f)
{
	if (!cell || !*cell)
		return;
	lxw_datetime dt;
	char *end;
	switch (type) {
	case TABLE_DATE:
		if (parse_date(cell, &dt)) {
			worksheet_write_datetime(ws, row, col, &dt, f->date);
			return;
		}
		break;
	case TABLE_NUMBER: {
		double v = strtod(cell, &end);
		if (end != cell && !*end) {
			worksheet_write_number(ws, row, col, v, NULL);
			return;
		}
		break;
	}
	case TABLE_URL:
		/* Excel takes at most 2,079 characters in a link and refuses others: text. */
		if ((strncmp(cell, "https://", 8) == 0 || strncmp(cell, "http://", 7) == 0) &&
		    worksheet_write_url(ws, row, col, cell, f->link) == LXW_NO_ERROR)
			return;
		break;
	case TABLE_TEXT:
		break;
	}
	/* Cells written as strings are never formulas in XLSX, so no guard is needed here. */
	char *owned = NULL;
	worksheet_write_string(ws, row, col, clip(cell, &owned), f->text);
	free(owned);
}

static int
read_file(const char *path, struct buf *out)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(out, chunk, n);
	int err = ferror(fp);
	fclose(fp);
	return err ? -1 : 0;
}

int
table_xlsx(struct buf *out, const struct table *t, const char *sheet_name, int64_t created)
{
	char path[] = "/tmp/leuchtturm-xlsx-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("xlsx: mkstemp: %s", strerror(errno));
		return -1;
	}
	close(fd);
	/* The library writes its parts to temporary files first; keep them in /tmp too. */
	lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = "/tmp"};
	lxw_workbook *wb = workbook_new_opt(path, &opts);
	if (!wb) {
		log_error("xlsx: cannot create a workbook");
		unlink(path);
		return -1;
	}
	lxw_doc_properties props = {
	    .title = (char *)sheet_name, .author = "Leuchtturm", .created = (time_t)created};
	workbook_set_properties(wb, &props);
	lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name);
	struct xlsx_formats f = {workbook_add_format(wb), workbook_add_format(wb),
	                         workbook_add_format(wb), workbook_add_format(wb)};
	format_set_bold(f.header);
	format_set_num_format(f.date, "yyyy-mm-dd");
	format_set_underline(f.link, LXW_UNDERLINE_SINGLE);
	format_set_font_color(f.link, LXW_COLOR_BLUE);
	format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);

	for (size_t c = 0; c < t->ncols; c++) {
		const struct table_column *col = &t->columns[c];
		double width = col->width > 0 ? col->width : LXW_DEF_COL_WIDTH;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width, NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)c, col->title, f.header);
	}
	size_t rows = t->nrows < LXW_ROW_MAX - 1 ? t->nrows : LXW_ROW_MAX - 1;
	for (size_t r = 0; r < rows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			xlsx_cell(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, t->cells[r * t->ncols + c],
			          t->columns[c].type, &f);
	worksheet_freeze_panes(ws, 1, 0);
	if (t->ncols)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(t->ncols - 1));

	lxw_error err = workbook_close(wb);
	int rc = 0;
	if (err != LXW_NO_ERROR) {
		log_error("xlsx: %s", lxw_strerror(err));
		rc = -1;
	} else if (read_file(path, out) != 0) {
		log_error("xlsx: reading back %s failed", path);
		rc = -1;
	}
	unlink(path);
	return rc;
}

/* Unit tests for tables in the PDF writer (export/pdf_table.h): the cells come back with
 * pdftotext -layout in their rows, numbers right-aligned under their heading; a long table
 * goes on over pages with its header row again at the top of each; a long cell wraps
 * within its column; control characters in a cell do not break the row; the same input
 * gives the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/pdf.h"
#include "export/pdf_table.h"

#define MAR_01_2026_0800 1772352000LL

static const struct pdf_table cols = {3, {4, 1, 1}, {false, true, true}};

static struct pdf_doc *
sample(int rows)
{
	struct pdf_doc *d = pdf_new(LANG_DE);
	pdf_set_info(d, "Tabellen", "Leuchtturm", NULL, MAR_01_2026_0800, NULL, "Tabellen");
	pdf_title(d, "Tabellen");
	pdf_heading(d, "Je Land");
	pdf_table_head(d, &cols, (const char *const[]){"Land", "Übernahmen", "Interesse"});
	for (int i = 0; i < rows; i++) {
		char label[64], a[16], b[16];
		snprintf(label, sizeof label, "Zeile %03d", i);
		snprintf(a, sizeof a, "%d", i * 7);
		snprintf(b, sizeof b, "%d", i % 5);
		pdf_table_row(d, &cols, (const char *const[]){label, a, b});
	}
	pdf_table_row(
	    d, &cols,
	    (const char *const[]){"Ein sehr langer Name einer guten Praxis, der in seiner "
	                          "Spalte umbricht, statt in die Zahlen zu laufen",
	                          "12", NULL});
	pdf_table_row(d, &cols, (const char *const[]){"Mit\tTab\x01und Steuerzeichen", "3", "4"});
	pdf_paragraph(d, "Danach geht der Text weiter.");
	return d;
}

static char *
layout_text(const struct buf *pdf)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return NULL;
	char path[] = "/tmp/test-pdf-table-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "pdftotext -layout -enc UTF-8 %s -", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf out = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&out, chunk, n);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	return buf_detach(&out);
}

/* The number of lines of text whose words are words (runs of spaces made one). */
static int
rows_like(const char *text, const char *words)
{
	int found = 0;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char squeezed[512];
		size_t k = 0;
		for (size_t i = 0; i < n && k < sizeof squeezed - 1; i++)
			if (line[i] != ' ' || (k && squeezed[k - 1] != ' '))
				squeezed[k++] = line[i] == '\f' ? ' ' : line[i];
		while (k && squeezed[k - 1] == ' ')
			k--;
		squeezed[k] = '\0';
		const char *s = squeezed[0] == ' ' ? squeezed + 1 : squeezed;
		found += strcmp(s, words) == 0;
		line = end ? end + 1 : NULL;
	}
	return found;
}

static void
test_rows_come_back(void **state)
{
	(void)state;
	struct pdf_doc *d = sample(3);
	struct buf pdf = BUF_INIT;
	assert_int_equal(pdf_render(d, &pdf), 1);
	char *text = layout_text(&pdf);
	if (!text)
		skip();
	assert_int_equal(rows_like(text, "Land Übernahmen Interesse"), 1);
	assert_int_equal(rows_like(text, "Zeile 000 0 0"), 1);
	assert_int_equal(rows_like(text, "Zeile 002 14 2"), 1);
	/* The long name wraps within its column: the number stays on its first line. */
	assert_null(strstr(text, "Zahlen zu laufen 12"));
	assert_non_null(strstr(text, "Zahlen zu laufen"));
	assert_int_equal(rows_like(text, "Mit Tab und Steuerzeichen 3 4"), 1);
	assert_non_null(strstr(text, "Danach geht der Text weiter."));
	free(text);
	pdf_free(d);
	buf_free(&pdf);
}

static void
test_long_table_repeats_its_header(void **state)
{
	(void)state;
	struct pdf_doc *d = sample(120);
	struct buf pdf = BUF_INIT;
	int pages = pdf_render(d, &pdf);
	assert_true(pages >= 3);
	char *text = layout_text(&pdf);
	if (!text)
		skip();
	/* The header on every page the table is on, each row once. */
	assert_int_equal(rows_like(text, "Land Übernahmen Interesse"), pages);
	for (int i = 0; i < 120; i++) {
		char row[64];
		snprintf(row, sizeof row, "Zeile %03d %d %d", i, i * 7, i % 5);
		assert_int_equal(rows_like(text, row), 1);
	}
	free(text);
	/* The same input, the same bytes. */
	struct pdf_doc *again = sample(120);
	struct buf b = BUF_INIT;
	assert_int_equal(pdf_render(again, &b), pages);
	assert_int_equal(b.len, pdf.len);
	assert_memory_equal(b.data, pdf.data, pdf.len);
	pdf_free(again);
	buf_free(&b);
	pdf_free(d);
	buf_free(&pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rows_come_back),
	    cmocka_unit_test(test_long_table_repeats_its_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

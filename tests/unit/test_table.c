/* Unit tests for the tabular exports (export/table.h): CSV quoting, the byte-order mark
 * and CRLF, the formula-injection guard, and an XLSX that unzip can read back. */
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

#include "export/table.h"

static const struct table_column cols[] = {
    {"Titel", TABLE_TEXT, 40},
    {"Veröffentlicht", TABLE_DATE, 14},
    {"Anzahl", TABLE_NUMBER, 8},
    {"Adresse", TABLE_URL, 40},
};

static char *
field(const char *cell, enum table_type type)
{
	struct buf b = BUF_INIT;
	table_csv_field(&b, cell, type);
	return buf_detach(&b);
}

#define ASSERT_FIELD(cell, type, expected)                                                         \
	do {                                                                                       \
		char *got = field(cell, type);                                                     \
		assert_string_equal(got, expected);                                                \
		free(got);                                                                         \
	} while (0)

static void
test_plain_fields_are_not_quoted(void **state)
{
	ASSERT_FIELD("Anerkennungsberatung für Ärztinnen", TABLE_TEXT,
	             "Anerkennungsberatung für Ärztinnen");
	ASSERT_FIELD("", TABLE_TEXT, "");
	ASSERT_FIELD(NULL, TABLE_TEXT, "");
}

static void
test_separators_quotes_and_line_breaks_are_quoted(void **state)
{
	ASSERT_FIELD("a,b", TABLE_TEXT, "\"a,b\"");
	ASSERT_FIELD("say \"hi\"", TABLE_TEXT, "\"say \"\"hi\"\"\"");
	ASSERT_FIELD("line1\nline2", TABLE_TEXT, "\"line1\nline2\"");
	ASSERT_FIELD("cr\r", TABLE_TEXT, "\"cr\r\"");
}

static void
test_formula_starts_get_a_quote_mark(void **state)
{
	ASSERT_FIELD("=HYPERLINK(\"http://evil\")", TABLE_TEXT,
	             "\"'=HYPERLINK(\"\"http://evil\"\")\"");
	ASSERT_FIELD("+1", TABLE_TEXT, "'+1");
	ASSERT_FIELD("-2+3", TABLE_TEXT, "'-2+3");
	ASSERT_FIELD("@SUM(A1)", TABLE_TEXT, "'@SUM(A1)");
	ASSERT_FIELD("\tx", TABLE_TEXT, "'\tx");
	/* Only at the start. */
	ASSERT_FIELD("a=b", TABLE_TEXT, "a=b");
}

static void
test_numbers_may_be_negative_but_not_formulas(void **state)
{
	ASSERT_FIELD("-1.5", TABLE_NUMBER, "-1.5");
	ASSERT_FIELD("-1+cmd", TABLE_NUMBER, "'-1+cmd");
	ASSERT_FIELD("=1", TABLE_NUMBER, "'=1");
	ASSERT_FIELD("=1", TABLE_URL, "'=1");
}

static void
test_csv_has_bom_header_and_crlf(void **state)
{
	struct table t;
	table_init(&t, cols, 4);
	const char **row = table_add_row(&t);
	row[0] = "Mentoring, digital";
	row[1] = "2026-03-01";
	row[2] = "3";
	row[3] = "https://example.org/praxis/mentoring";
	row = table_add_row(&t);
	row[0] = "=1+1";
	struct buf b = BUF_INIT;
	table_csv(&b, &t);
	assert_string_equal(
	    buf_str(&b),
	    "\xEF\xBB\xBFTitel,Veröffentlicht,Anzahl,Adresse\r\n"
	    "\"Mentoring, digital\",2026-03-01,3,https://example.org/praxis/mentoring\r\n"
	    "'=1+1,,,\r\n");
	buf_free(&b);
	table_free(&t);
}

static void
test_many_rows_grow_the_table(void **state)
{
	struct table t;
	table_init(&t, cols, 4);
	for (int i = 0; i < 1000; i++)
		table_add_row(&t)[0] = "x";
	assert_int_equal(t.nrows, 1000);
	struct buf b = BUF_INIT;
	table_csv(&b, &t);
	size_t lines = 0;
	for (size_t i = 0; i + 1 < b.len; i++)
		lines += b.data[i] == '\r' && b.data[i + 1] == '\n';
	assert_int_equal(lines, 1001);
	buf_free(&b);
	table_free(&t);
}

/* The text of one part of the XLSX (a zip), read with unzip -p; NULL when unzip is missing. */
static char *
xlsx_part(const struct buf *xlsx, const char *part)
{
	if (system("command -v unzip >/dev/null 2>&1") != 0)
		return NULL;
	char path[] = "/tmp/test-table-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, xlsx->data, xlsx->len), (ssize_t)xlsx->len);
	close(fd);
	char cmd[256];
	snprintf(cmd, sizeof cmd, "unzip -p %s %s", path, part);
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

static void
test_xlsx_holds_the_values(void **state)
{
	struct table t;
	table_init(&t, cols, 4);
	const char **row = table_add_row(&t);
	row[0] = "Qualifizierung für Pflegekräfte & Ärztinnen";
	row[1] = "2026-03-01";
	row[2] = "42";
	row[3] = "https://example.org/praxis/pflege";
	row = table_add_row(&t);
	row[0] = "=1+1";
	row[1] = "kein Datum";
	struct buf b = BUF_INIT;
	assert_int_equal(table_xlsx(&b, &t, "Gute Praxis", 1772352000), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "PK", 2);
	char *strings = xlsx_part(&b, "xl/sharedStrings.xml");
	if (!strings)
		skip();
	assert_non_null(strstr(strings, "Qualifizierung für Pflegekräfte &amp; Ärztinnen"));
	assert_non_null(strstr(strings, "Veröffentlicht"));
	/* A string cell is text in XLSX, never a formula: no guard needed, none added. */
	assert_non_null(strstr(strings, "<t>=1+1</t>"));
	assert_non_null(strstr(strings, "kein Datum"));
	free(strings);
	char *sheet = xlsx_part(&b, "xl/worksheets/sheet1.xml");
	/* The header row is frozen and the number is a number. */
	assert_non_null(strstr(sheet, "state=\"frozen\""));
	assert_non_null(strstr(sheet, "<v>42</v>"));
	/* 2026-03-01 is Excel serial day 46082. */
	assert_non_null(strstr(sheet, "<v>46082</v>"));
	assert_non_null(strstr(sheet, "<autoFilter"));
	free(sheet);
	char *core = xlsx_part(&b, "docProps/core.xml");
	assert_non_null(strstr(core, "2026-03-01T08:00:00Z"));
	free(core);
	buf_free(&b);
	table_free(&t);
}

static void
test_xlsx_is_the_same_for_the_same_data(void **state)
{
	struct table t;
	table_init(&t, cols, 4);
	table_add_row(&t)[0] = "Eins";
	struct buf a = BUF_INIT, b = BUF_INIT;
	assert_int_equal(table_xlsx(&a, &t, "Gute Praxis", 1772352000), 0);
	assert_int_equal(table_xlsx(&b, &t, "Gute Praxis", 1772352000), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_free(&a);
	buf_free(&b);
	table_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_fields_are_not_quoted),
	    cmocka_unit_test(test_separators_quotes_and_line_breaks_are_quoted),
	    cmocka_unit_test(test_formula_starts_get_a_quote_mark),
	    cmocka_unit_test(test_numbers_may_be_negative_but_not_formulas),
	    cmocka_unit_test(test_csv_has_bom_header_and_crlf),
	    cmocka_unit_test(test_many_rows_grow_the_table),
	    cmocka_unit_test(test_xlsx_holds_the_values),
	    cmocka_unit_test(test_xlsx_is_the_same_for_the_same_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

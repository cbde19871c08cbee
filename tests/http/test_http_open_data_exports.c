/* HTTP integration tests of the downloads: the CSV and XLSX exports, the sitemap and a
 * practice's PDF. One server for the group; the practices are seeded through the domain's
 * import (tests/http/seed_practices.c, $LEUCHTTURM_SEED). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"
#include "open_data_fixture.h"

/* ---- downloads ---- */

static void
test_csv_export_of_the_selection(void **state)
{
	struct resp r;
	get_ok("/export/practices.csv", &r, "text/csv");
	const char *cd = resp_header(&r, "Content-Disposition");
	assert_non_null(cd);
	assert_non_null(strstr(cd, "attachment; filename=\""));
	assert_non_null(strstr(cd, ".csv\""));
	assert_memory_equal(r.body, "\xEF\xBB\xBF", 3);
	assert_body_has(&r, "\r\n");
	assert_body_has(&r, "Mentoring für Ärztinnen & Ärzte,");
	assert_body_has(&r, tstr("%s/praxis/od-mentoring,", server.base));
	/* The formula-like title is defused for spreadsheets. */
	assert_body_has(&r, "'=SUMME(1;2) Formelpraxis");
	assert_hidden(&r);
	resp_free(&r);
	get_ok("/export/practices.csv?art=produkt", &r, "text/csv");
	assert_body_has(&r, "Formelpraxis");
	assert_body_lacks(&r, "Mentoring für");
	resp_free(&r);
}

static void
test_xlsx_export_reads_back(void **state)
{
	struct resp r;
	get_ok("/export/practices.xlsx", &r,
	       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_memory_equal(r.body, "PK", 2);
	assert_non_null(strstr(resp_header(&r, "Content-Disposition"), ".xlsx\""));
	char *strings = NULL;
	int rc = tool_on_body(
	    &r, (const char *const[]){"unzip", "-p", "FILE", "xl/sharedStrings.xml", NULL},
	    &strings);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(strings, "Mentoring für Ärztinnen &amp; Ärzte"));
	assert_null(strstr(strings, "Geheimer Entwurf"));
	assert_null(strstr(strings, "Archivierte Praxis"));
	free(strings);
	/* And as data in a real reader: Debian's openpyxl (scripts/install-deps) opens the
	 * workbook and finds the title in a cell. Debian's own python3, whatever the PATH has. */
	char *cells = NULL;
	rc = tool_on_body(
	    &r,
	    (const char *const[]){"/usr/bin/python3", "-c",
	                          "import sys, openpyxl\n"
	                          /* a file object: openpyxl judges names by their ending */
	                          "ws = openpyxl.load_workbook(open(sys.argv[1], 'rb')).active\n"
	                          "print(ws.max_row)\n"
	                          "for row in ws.iter_rows(values_only=True):\n"
	                          "    print('|'.join(str(v) for v in row))\n",
	                          "FILE", NULL},
	    &cells);
	if (rc != 0)
		fail_msg("openpyxl: %s", cells ? cells : "");
	assert_non_null(strstr(cells, "Mentoring für Ärztinnen & Ärzte"));
	assert_null(strstr(cells, "Geheimer Entwurf"));
	free(cells);
	resp_free(&r);
}

static void
test_sitemap_lists_published_practices(void **state)
{
	struct resp r;
	get_ok("/sitemap.xml", &r, "application/xml");
	assert_well_formed_xml(&r);
	assert_body_has(&r, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
	assert_body_has(&r, tstr("<loc>%s/</loc>", server.base));
	assert_body_has(&r, tstr("<loc>%s/praxis</loc>", server.base));
	assert_body_has(&r, tstr("<loc>%s/ueber</loc>", server.base));
	assert_body_has(
	    &r,
	    tstr("<loc>%s/praxis/od-mentoring</loc>\n\t\t<lastmod>2026-05-02T10:00:00Z</lastmod>",
	         server.base));
	assert_hidden(&r);
	resp_free(&r);
}

static void
test_pdf_of_a_practice(void **state)
{
	struct resp a, b;
	get_ok("/praxis/od-mentoring.pdf", &a, "application/pdf");
	assert_memory_equal(a.body, "%PDF-", 5);
	assert_string_equal(resp_header(&a, "Content-Disposition"),
	                    "inline; filename=\"od-mentoring.pdf\"");
	char *text = NULL;
	int rc = tool_on_body(
	    &a, (const char *const[]){"pdftotext", "-enc", "UTF-8", "FILE", "-", NULL}, &text);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "Mentoring für Ärztinnen & Ärzte"));
	assert_non_null(strstr(text, "Viele Ärztinnen warten lange auf die Approbation."));
	assert_non_null(strstr(text, "Seite 1 von"));
	free(text);
	/* The same practice gives the same bytes. */
	get_ok("/praxis/od-mentoring.pdf", &b, "application/pdf");
	assert_int_equal(a.body_len, b.body_len);
	assert_memory_equal(a.body, b.body, a.body_len);
	const char *inm = tstr("If-None-Match: %s", resp_header(&a, "ETag"));
	resp_free(&a);
	resp_free(&b);
	struct req q = {.path = "/praxis/od-mentoring.pdf",
	                .headers = (const char *const[]){inm, NULL}};
	assert_int_equal(http_request(web, &q, &a), 304);
	resp_free(&a);
}

static void
test_pdf_of_hidden_or_unknown_is_404(void **state)
{
	static const char *const paths[] = {"/praxis/od-entwurf.pdf", "/praxis/od-archiv.pdf",
	                                    "/praxis/gibt-es-nicht.pdf"};
	for (size_t i = 0; i < 3; i++) {
		struct resp r;
		assert_int_equal(http_get(web, paths[i], &r), 404);
		const char *ct = resp_header(&r, "Content-Type");
		assert_true(ct && strncmp(ct, "application/pdf", 15) != 0);
		resp_free(&r);
	}
	/* ".pdf" alone names no practice: not the PDF route. */
	struct resp r;
	http_get(web, "/praxis/.pdf", &r);
	const char *ct = resp_header(&r, "Content-Type");
	assert_true(!ct || strncmp(ct, "application/pdf", 15) != 0);
	resp_free(&r);
}

/* "/praxis/:slug.pdf" and the page's "/praxis/:slug" share the path: each gets its own. */
static void
test_page_and_pdf_addresses_coexist(void **state)
{
	struct resp r;
	get_ok("/praxis/od-mentoring", &r, "text/html");
	assert_body_has(&r, "Mentoring für Ärztinnen &amp; Ärzte");
	resp_free(&r);
	get_ok("/praxis/od-mentoring.pdf", &r, "application/pdf");
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_csv_export_of_the_selection),
	    cmocka_unit_test(test_xlsx_export_reads_back),
	    cmocka_unit_test(test_sitemap_lists_published_practices),
	    cmocka_unit_test(test_pdf_of_a_practice),
	    cmocka_unit_test(test_pdf_of_hidden_or_unknown_is_404),
	    cmocka_unit_test(test_page_and_pdf_addresses_coexist),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

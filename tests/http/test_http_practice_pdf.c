/* HTTP integration tests of a practice's PDF as a reader gets it (issue 12, point 6): the
 * programme's name beside the logo on the first page, a tagged PDF (pdfinfo: "Tagged:
 * yes"; headings and paragraphs in its structure) with the document's language, no nearly
 * empty second page, the downloads listed with their addresses, and the address where an
 * interest in adopting it is reported (issue 11). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "practice_files_fixture.h"

/* A demo practice whose text, at the styles' spacing, runs a few lines onto a second page. */
#define SLUG "kompetenzfeststellung-mit-arbeitsproben"

static char *
run(const char *tool, const char *arg, const char *path)
{
	const char *argv[] = {tool, arg, path, NULL};
	const char *argv_text[] = {tool, "-layout", "-enc", "UTF-8", path, "-", NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(strcmp(tool, "pdftotext") == 0 ? argv_text : argv, NULL, &out), 0);
	return out;
}

static void
test_first_page_structure_and_language(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis/" SLUG ".pdf", &r);
	assert_status(&r, 200);
	const char *path = resp_save(s, &r, "practice.pdf");
	char *info = run("pdfinfo", "-isodates", path);
	assert_non_null(strstr(info, "Tagged:          yes"));
	/* It fits on one page: the tighter spacing saved the nearly empty second one. */
	assert_non_null(strstr(info, "Pages:           1"));
	free(info);
	char *tree = run("pdfinfo", "-struct", path);
	assert_non_null(strstr(tree, "Document"));
	assert_non_null(strstr(tree, "H1 (block)"));
	assert_non_null(strstr(tree, "H2 (block)"));
	assert_non_null(strstr(tree, "H3 (block)"));
	assert_non_null(strstr(tree, "P (block)"));
	assert_non_null(strstr(tree, "Link (inline)"));
	free(tree);
	/* The language and the title shown, in the catalog's update of cairo's file. */
	assert_true(resp_has_bytes(&r, "/Lang (de)"));
	assert_true(resp_has_bytes(&r, "/DisplayDocTitle true"));
	char *text = run("pdftotext", NULL, path);
	/* The band first: the name and the programme, then the practice's title. */
	const char *brand = strstr(text, "Leuchtturm");
	const char *programme = strstr(text, "IQ Good Practice");
	const char *title = strstr(text, "Kompetenzfeststellung mit Arbeitsproben");
	assert_non_null(brand);
	assert_non_null(programme);
	assert_non_null(title);
	assert_true(brand < title && programme < title);
	/* The interest address (issue 11) as its own short block. */
	assert_non_null(
	    strstr(text, "Interesse an einer Übernahme? Hier der Praxis Bescheid geben:"));
	assert_non_null(strstr(text, "/praxis/" SLUG "/interesse"));
	free(text);
	resp_free(&r);
	/* English: the language named so. */
	client_header(c, "Accept-Language: en");
	http_get(c, "/praxis/" SLUG ".pdf", &r);
	assert_status(&r, 200);
	assert_true(resp_has_bytes(&r, "/Lang (en)"));
	resp_free(&r);
	client_free(c);
}

static void
test_downloads_listed_with_addresses(void **state)
{
	struct srv *s = *state;
	long id = sql_long(s, "SELECT id FROM practice WHERE slug = '" SLUG "'");
	assert_true(id > 0);
	struct client *o = logged_in(s, DEMO_ADMIN);
	struct resp r;
	upload(o, id, false, "Leitfaden für Beratende", "Leitfaden.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long doc = file_id(s, id, "Leitfaden.pdf");
	assert_true(doc > 0);
	client_free(o);
	struct client *c = client_new(s);
	http_get(c, "/praxis/" SLUG ".pdf", &r);
	assert_status(&r, 200);
	const char *path = resp_save(s, &r, "with-download.pdf");
	char *text = run("pdftotext", NULL, path);
	assert_non_null(strstr(text, "Downloads"));
	assert_non_null(strstr(text, "Leitfaden für Beratende (PDF"));
	assert_non_null(strstr(text, tstr("/praxis/" SLUG "/download/%ld", doc)));
	free(text);
	/* The address works for a reader who types it. */
	resp_free(&r);
	http_get(c, tstr("/praxis/" SLUG "/download/%ld", doc), &r);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_first_page_structure_and_language, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_downloads_listed_with_addresses, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

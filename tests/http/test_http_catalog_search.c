/* HTTP integration tests of the catalog's search: stemming, umlauts, FTS5 syntax as text,
 * facet filters, sorting and pages; bad query strings are 400 or a clear page, never 500.
 * One server for the group, with the demo data plus the practices below, imported with
 * `leuchtturm import`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "catalog_fixture.h"

static void
test_search_stemming_and_umlauts(void **state)
{
	struct resp r;
	/* Plural finds singular: "Anerkennungsberatungen" → "Anerkennungsberatung im Betrieb". */
	get_status("/praxis?q=Anerkennungsberatungen", 200, &r);
	assert_body_has(&r, "/praxis/anerkennungsberatung-im-betrieb");
	assert_body_has(&r, "<mark>Anerkennungsberatung</mark>");
	resp_free(&r);
	/* Without umlauts, in capitals, or with "oe". */
	get_status("/praxis?q=ZAUNKONIG", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	resp_free(&r);
	get_status("/praxis?q=zaunkoenig", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	resp_free(&r);
	get_status("/praxis?q=%C3%9Cberschrift", 200, &r); /* Überschrift */
	assert_body_has(&r, "/praxis/cat-markdown");
	resp_free(&r);
	get_status("/praxis?q=ueberschriften", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	resp_free(&r);
	/* Never the unpublished or archived ones. */
	get_status("/praxis?q=Zebrafink", 200, &r);
	assert_body_lacks(&r, "cat-entwurf");
	assert_body_lacks(&r, "cat-archiv");
	assert_body_has(&r, "0 ");
	resp_free(&r);
}

static void
test_search_syntax_is_text(void **state)
{
	static const char *const queries[] = {
	    "%22",
	    "%22%22",
	    "*",
	    "-",
	    "NEAR(",
	    "NEAR(a+b)",
	    "a+AND",
	    "OR",
	    "NOT+x",
	    "(",
	    ")",
	    "title:x",
	    "%7Btitle%7D:x",
	    "%5E",
	    "x*",
	    "%27%3B+DROP+TABLE+practice%3B--",
	    "%E2%80%9E",
	    "%F0%9F%98%80",
	    "%00",
	};
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		struct resp r;
		const char *path = tstr("/praxis?q=%s", queries[i]);
		long status = http_get(web, path, &r);
		/* %00 is refused by the parser (400); everything else is a search. */
		long want = strcmp(queries[i], "%00") == 0 ? 400 : 200;
		if (status != want) {
			resp_dump(&r);
			fail_msg("GET %s: %ld, want %ld", path, status, want);
		}
		resp_free(&r);
	}
	/* Over-long: cut, with a note, and still an answer. */
	char q[3000] = "/praxis?q=";
	for (int i = 0; i < 300; i++)
		strcat(q, "Wort+");
	struct resp r;
	get_status(q, 200, &r);
	assert_body_has(&r, "class=\"notice notice-info\"");
	resp_free(&r);
}

static void
test_filters(void **state)
{
	struct resp r;
	/* Art: products only. */
	get_status("/praxis?art=produkt", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	assert_body_has(&r, "/praxis/digitale-lernplattform-berufsbezogenes-deutsch");
	assert_body_lacks(&r, "/praxis/anerkennungsberatung-im-betrieb\""); /* a Konzept */
	assert_body_has(&r, "name=\"art\" value=\"produkt\" checked");
	resp_free(&r);
	/* Two values of a facet: either; with another facet: both. */
	get_status("/praxis?feld=gruendung&land=sl", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	assert_body_has(&r, "/praxis/gruendungsberatung-fuer-migrantinnen");
	assert_body_lacks(&r, "/praxis/gruendungslotsen-im-quartier\"");
	resp_free(&r);
	/* Year of publication. */
	get_status("/praxis?jahr=2018", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown");
	assert_body_has(&r, "1 ");
	resp_free(&r);
	/* Unknown values: ignored with a clear note, not an error. */
	get_status("/praxis?feld=gibt-es-nicht&jahr=neunzehn", 200, &r);
	assert_body_has(&r, "notice-warning");
	assert_body_has(&r, "feld=gibt-es-nicht");
	assert_body_has(&r, "jahr=neunzehn");
	resp_free(&r);
	/* Empty values and unknown parameters are no filters. */
	get_status("/praxis?feld=&q=&foo=bar", 200, &r);
	assert_body_lacks(&r, "notice-warning");
	resp_free(&r);
}

static void
test_sorting(void **state)
{
	struct resp r;
	get_status("/praxis?sort=titel", 200, &r);
	/* "Anerkennungslotsen" before "Antidiskriminierung…" before "Betriebliche…". */
	const char *a = strstr(r.body, "/praxis/anerkennungslotsen\"");
	const char *b = strstr(r.body, "/praxis/antidiskriminierungsberatung-am-arbeitsplatz\"");
	const char *c = strstr(r.body, "/praxis/betriebliche-integration-im-hafen\"");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	resp_free(&r);
	/* Newest first by default: the test's practice of 2018 is on page 2. */
	get_status("/praxis", 200, &r);
	assert_body_lacks(&r, "/praxis/cat-markdown\"");
	resp_free(&r);
	get_status("/praxis?seite=2", 200, &r);
	assert_body_has(&r, "/praxis/cat-markdown\"");
	assert_body_has(&r, "href=\"/praxis\" rel=\"prev\"");
	resp_free(&r);
	/* An unknown sort is the default. */
	get_status("/praxis?sort=zufall", 200, &r);
	resp_free(&r);
}

static void
test_pagination_edges(void **state)
{
	struct resp r;
	get_status("/praxis?seite=3", 404, &r);
	assert_body_has(&r, "href=\"/praxis?seite=2\""); /* the way to the last page */
	resp_free(&r);
	get_status("/praxis?q=Zebrafink&seite=2", 404, &r);
	resp_free(&r);
	static const char *const bad[] = {
	    "-1", "0", "abc", "1.5", "1e3", "100001", "99999999999999999999", "%201"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		get_status(tstr("/praxis?seite=%s", bad[i]), 400, &r);
		resp_free(&r);
	}
	get_status("/praxis?seite=1&seite=abc", 200, &r); /* the first one counts */
	resp_free(&r);
}

static void
test_malformed_query_strings(void **state)
{
	static const char *const bad[] = {
	    "/praxis?q=%ZZ",    "/praxis?q=%C3",          "/praxis?q=%",
	    "/praxis?q=%FF%FE", "/praxis?feld=%E0%80%80", "/praxis/%ZZ"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct resp r;
		long status = http_get(web, bad[i], &r);
		if (status != 400)
			resp_dump(&r);
		assert_int_equal(status, 400);
		resp_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_search_stemming_and_umlauts),
	    cmocka_unit_test(test_search_syntax_is_text),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_sorting),
	    cmocka_unit_test(test_pagination_edges),
	    cmocka_unit_test(test_malformed_query_strings),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

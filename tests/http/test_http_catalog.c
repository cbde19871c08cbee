/* HTTP integration tests of the public catalog: /praxis with search (stemming, umlauts,
 * FTS5 syntax as text), facet filters, sorting and pages; /praxis/SLUG; unpublished and
 * archived practices invisible; ETag/Last-Modified and 304; gzip; bad input is 400 or a
 * clear page, never 500. One server for the group, with the demo data plus the practices
 * below, imported with `leuchtturm import`. */
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

static struct srv server;
static struct client *web;

#define COMPLETE                                                                                   \
	" \"organisation_name\": \"IQ Testnetz\", \"implementation\": \"Umsetzung.\","             \
	" \"results\": \"Ergebnisse.\", \"transfer\": \"Transfer.\""

/* Slugs start with "cat-" so they cannot meet the demo's. The word "Zebrafink" is only in
 * practices nobody may see. */
static const char seed[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
    "{\"slug\": \"cat-markdown\", \"title\": \"Katalogtest Markdown Sicherheit\","
    " \"teaser\": \"Ein Test <b>ohne</b> HTML.\", \"art\": \"produkt\", " COMPLETE ","
    " \"situation\": \"# Überschrift\\n\\n[Klick](javascript:alert(1)) und "
    "<script>alert(2)</script> und [gut](https://example.org/gut) **fett**\","
    " \"criterion_transferable\": \"Übertragbar wie ein Zaunkönig.\","
    " \"handlungsfelder\": [\"gruendung\"], \"bundeslaender\": [\"sl\"],"
    " \"published_at\": \"2018-05-05\"},"
    "{\"slug\": \"cat-entwurf\", \"title\": \"Zebrafink Entwurf\", \"teaser\": \"Zebrafink\","
    " \"status\": \"unpublished\"},"
    "{\"slug\": \"cat-archiv\", \"title\": \"Zebrafink Archiv\", \"teaser\": \"Zebrafink\","
    " \"art\": \"konzept\", \"situation\": \"Zebrafink.\", " COMPLETE ","
    " \"status\": \"archived\", \"published_at\": \"2020-01-01\"}"
    "]}";

static int
import_json(const char *json, char **out)
{
	static int n;
	const char *path = tstr("%s/import-%d.json", server.dir, ++n);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(json, f);
	fclose(f);
	return srv_cli(&server, NULL, out, "import", path, NULL);
}

static int
group_setup(void **state)
{
	if (srv_start(&server) != 0)
		return -1;
	char *out = NULL;
	int rc = import_json(seed, &out);
	if (rc != 0)
		fprintf(stderr, "import failed (%d): %s\n", rc, out ? out : "");
	free(out);
	web = client_new(&server);
	return rc == 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	client_free(web);
	return srv_stop(&server);
}

static void
get_status(const char *path, long want, struct resp *r)
{
	long status = http_get(web, path, r);
	if (status != want) {
		resp_dump(r);
		fail_msg("GET %s: %ld, want %ld", path, status, want);
	}
}

static void
test_catalog_page(void **state)
{
	struct resp r;
	get_status("/praxis", 200, &r);
	/* The search form, the facets, the feeds in the head and on the page. */
	assert_body_has(&r, "role=\"search\"");
	assert_body_has(&r, "<input type=\"search\" id=\"q\" name=\"q\"");
	assert_body_has(&r, "<fieldset class=\"facet\">");
	assert_body_has(&r, "name=\"feld\" value=\"anerkennungsberatung\"");
	assert_body_has(&r, "name=\"land\" value=\"sl\"");
	assert_body_has(&r, "name=\"jahr\" value=\"2025\"");
	assert_body_has(&r, "<link rel=\"alternate\" type=\"application/atom+xml\"");
	assert_body_has(&r, "<link rel=\"alternate\" type=\"application/rss+xml\"");
	assert_body_has(&r, "href=\"/feed.atom\"");
	assert_body_has(&r, "<link rel=\"canonical\" href=\"http://127.0.0.1");
	/* 34 demo practices and one of the tests': two pages. */
	assert_body_has(&r, "35 ");
	assert_body_has(&r, "href=\"/praxis?seite=2\" rel=\"next\"");
	assert_body_lacks(&r, "Zebrafink");
	assert_body_lacks(&r, "cat-entwurf");
	assert_body_lacks(&r, "cat-archiv");
	resp_free(&r);
}

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

static void
test_detail_page(void **state)
{
	struct resp r;
	get_status("/praxis/anerkennungsberatung-im-betrieb", 200, &r);
	assert_body_has(&r, "<h1>Anerkennungsberatung im Betrieb</h1>");
	assert_body_has(&r, "id=\"s-situation\"");
	assert_body_has(&r, "id=\"s-transfer\"");
	assert_body_has(&r, "id=\"criteria-h\"");
	assert_body_has(&r, "Selin Arslan");
	assert_body_has(&r, "href=\"mailto:anerkennung@stuttgart.iq-demo.example\"");
	assert_body_has(&r, ">Förderprogramm IQ</a>");
	assert_body_has(&r, "href=\"/praxis/anerkennungsberatung-im-betrieb.pdf\"");
	assert_body_has(&r, "id=\"related-h\"");
	assert_body_has(&r, "<link rel=\"canonical\" href=\"http://127.0.0.1:");
	assert_body_has(&r, "/praxis/anerkennungsberatung-im-betrieb\">");
	assert_body_has(&r, "<meta property=\"og:type\" content=\"article\">");
	assert_body_has(&r,
	                "<meta property=\"og:title\" content=\"Anerkennungsberatung im Betrieb\">");
	assert_body_has(&r, "<meta name=\"description\" content=\"Die Anerkennungsberatung kommt");
	/* No downloads section without files. */
	assert_body_lacks(&r, "Downloads");
	/* Related practices are others. */
	char *related = str_between(r.body, "id=\"related-h\"", "</section>");
	assert_non_null(related);
	assert_null(strstr(related, "/praxis/anerkennungsberatung-im-betrieb\""));
	free(related);
	resp_free(&r);
}

static void
test_markdown_is_safe(void **state)
{
	struct resp r;
	get_status("/praxis/cat-markdown", 200, &r);
	assert_body_lacks(&r, "javascript:");
	assert_body_lacks(&r, "<script>alert");
	assert_body_has(&r, "&lt;script&gt;");
	assert_body_has(&r, "<a href=\"https://example.org/gut\">gut</a>");
	assert_body_has(&r, "<strong>fett</strong>");
	/* "# Überschrift" sits below the section's <h2>. */
	assert_body_has(&r, "<h3>Überschrift</h3>");
	assert_body_lacks(&r, "<b>ohne</b>");
	resp_free(&r);
}

static void
test_unpublished_invisible(void **state)
{
	static const char *const paths[] = {"/praxis/cat-entwurf", "/praxis/cat-archiv",
	                                    "/praxis/gibt-es-nicht", "/praxis/GROSS",
	                                    "/praxis/a..b"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp r;
		get_status(paths[i], 404, &r);
		assert_body_lacks(&r, "Zebrafink");
		resp_free(&r);
	}
	/* Right after unpublishing, a published practice is gone too. */
	char *out = NULL;
	assert_int_equal(
	    srv_sql(&server,
	            "UPDATE practice SET status = 'unpublished' WHERE slug = 'anerkennungslotsen'",
	            &out),
	    0);
	free(out);
	struct resp r;
	get_status("/praxis/anerkennungslotsen", 404, &r);
	resp_free(&r);
	get_status("/praxis?q=Anerkennungslotsen", 200, &r);
	assert_body_lacks(&r, "/praxis/anerkennungslotsen\"");
	resp_free(&r);
	assert_int_equal(
	    srv_sql(&server,
	            "UPDATE practice SET status = 'published', updated_at = updated_at + 1 "
	            "WHERE slug = 'anerkennungslotsen'",
	            &out),
	    0);
	free(out);
	get_status("/praxis/anerkennungslotsen", 200, &r);
	resp_free(&r);
}

static void
test_not_modified(void **state)
{
	struct resp r;
	get_status("/praxis?feld=deutsch", 200, &r);
	const char *etag = resp_header(&r, "ETag");
	const char *lm = resp_header(&r, "Last-Modified");
	assert_non_null(etag);
	assert_non_null(lm);
	assert_true(strncmp(etag, "W/\"", 3) == 0);
	char *e = strdup(etag), *l = strdup(lm);
	resp_free(&r);

	const char *inm[] = {tstr("If-None-Match: %s", e), NULL};
	struct req q = {.path = "/praxis?feld=deutsch", .headers = inm};
	assert_int_equal(http_request(web, &q, &r), 304);
	assert_int_equal(r.body_len, 0);
	assert_string_equal(resp_header(&r, "ETag"), e);
	resp_free(&r);
	const char *ims[] = {tstr("If-Modified-Since: %s", l), NULL};
	q.headers = ims;
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);
	/* The tag without its W/ (as some proxies send it) is the same tag: 304, never an
	 * empty 200; a tag that only contains ours is another one. */
	const char *bare[] = {tstr("If-None-Match: %s", e + 2), NULL};
	q.headers = bare;
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);
	const char *longer[] = {tstr("If-None-Match: \"x%s", e + 3), NULL};
	q.headers = longer;
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_true(r.body_len > 0);
	resp_free(&r);
	/* Parameters the catalog does not know, or given in another order, are the same page
	 * and the same cache entry. */
	const char *unknown[] = {tstr("If-None-Match: %s", e), NULL};
	struct req u = {.path = "/praxis?unbekannt=1&feld=deutsch", .headers = unknown};
	assert_int_equal(http_request(web, &u, &r), 304);
	resp_free(&r);
	/* Another query or language is another page. */
	q.path = "/praxis?feld=ika";
	q.headers = inm;
	assert_int_equal(http_request(web, &q, &r), 200);
	resp_free(&r);
	const char *en[] = {tstr("If-None-Match: %s", e), "Accept-Language: en", NULL};
	q.path = "/praxis?feld=deutsch";
	q.headers = en;
	assert_int_equal(http_request(web, &q, &r), 200);
	resp_free(&r);
	/* A change to the catalog makes the old copy stale. */
	char *out = NULL;
	int rc = import_json("{\"practices\": [{\"slug\": \"cat-neu\", \"title\": \"Neu\","
	                     " \"status\": \"unpublished\"}]}",
	                     &out);
	free(out);
	assert_int_equal(rc, 0);
	q.headers = inm;
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_string_not_equal(resp_header(&r, "ETag"), e);
	resp_free(&r);

	/* The detail page too. */
	get_status("/praxis/anerkennungsberatung-im-betrieb", 200, &r);
	const char *detail[] = {tstr("If-None-Match: %s", resp_header(&r, "ETag")), NULL};
	resp_free(&r);
	struct req d = {.path = "/praxis/anerkennungsberatung-im-betrieb", .headers = detail};
	assert_int_equal(http_request(web, &d, &r), 304);
	resp_free(&r);
	free(e);
	free(l);
}

static void
test_gzip(void **state)
{
	const char *gz[] = {"Accept-Encoding: gzip, deflate", NULL};
	struct req q = {.path = "/praxis", .headers = gz};
	struct resp r;
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_non_null(resp_header(&r, "Content-Encoding"));
	assert_string_equal(resp_header(&r, "Content-Encoding"), "gzip");
	assert_non_null(strstr(resp_header(&r, "Vary"), "Accept-Encoding"));
	assert_true(r.body_len > 2 && (unsigned char)r.body[0] == 0x1f &&
	            (unsigned char)r.body[1] == 0x8b);
	resp_free(&r);
	/* Not without asking, not when refused, not for a small body. */
	assert_int_equal(http_get(web, "/praxis", &r), 200);
	assert_null(resp_header(&r, "Content-Encoding"));
	assert_non_null(strstr(resp_header(&r, "Vary"), "Accept-Encoding"));
	resp_free(&r);
	const char *refused[] = {"Accept-Encoding: gzip;q=0, identity", NULL};
	q.headers = refused;
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_null(resp_header(&r, "Content-Encoding"));
	resp_free(&r);
	const char *star[] = {"Accept-Encoding: *", NULL};
	q.headers = star;
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_non_null(resp_header(&r, "Content-Encoding"));
	resp_free(&r);
}

static void
test_logged_in_pages_are_not_shared(void **state)
{
	struct resp r;
	/* An anonymous visitor's page, kept by the server. */
	get_status("/praxis?feld=ika", 200, &r);
	assert_non_null(resp_header(&r, "ETag"));
	assert_body_lacks(&r, "action=\"/abmelden\"");
	resp_free(&r);
	struct client *admin = client_new(&server);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	static const char *const pages[] = {"/praxis?feld=ika",
	                                    "/praxis/anerkennungsberatung-im-betrieb"};
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(http_get(admin, pages[i], &r), 200);
		/* Their own navigation and logout form, and no validators to share. */
		assert_body_has(&r, "action=\"/abmelden\"");
		assert_body_has(&r, "href=\"/admin/praxis\"");
		assert_null(resp_header(&r, "ETag"));
		assert_non_null(strstr(resp_header(&r, "Cache-Control"), "no-store"));
		resp_free(&r);
	}
	client_free(admin);
	/* And the anonymous page never carries someone's session. */
	get_status("/praxis?feld=ika", 200, &r);
	assert_body_lacks(&r, "action=\"/abmelden\"");
	assert_body_lacks(&r, "_csrf");
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog_page),
	    cmocka_unit_test(test_search_stemming_and_umlauts),
	    cmocka_unit_test(test_search_syntax_is_text),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_sorting),
	    cmocka_unit_test(test_pagination_edges),
	    cmocka_unit_test(test_malformed_query_strings),
	    cmocka_unit_test(test_detail_page),
	    cmocka_unit_test(test_markdown_is_safe),
	    cmocka_unit_test(test_unpublished_invisible),
	    cmocka_unit_test(test_not_modified),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_logged_in_pages_are_not_shared),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

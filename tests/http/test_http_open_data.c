/* HTTP integration tests of the open data: the Atom and RSS feeds, the JSON API and its
 * OpenAPI file, the CSV and XLSX exports, the sitemap and a practice's PDF. Published
 * practices only, everywhere (also right after one is unpublished); 404s; 304s; bad
 * parameters are 400s, never 500s. One server for the group; the practices are seeded
 * through the domain's import (tests/http/seed_practices.c, $LEUCHTTURM_SEED). */
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

static struct srv server;
static struct client *web;

/* Two published practices (one with a formula-like title), one unpublished, one archived,
 * and one published that a test unpublishes. Slugs start with "od-" so they cannot meet
 * the demo data's. */
static const char seed[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
    "{\"slug\": \"od-mentoring\", \"title\": \"Mentoring für Ärztinnen & Ärzte\","
    " \"teaser\": \"Begleitung bis zur <Approbation>.\", \"art\": \"konzept\","
    " \"organisation_name\": \"IQ Netzwerk Hessen\", \"bundesland\": \"Hessen\","
    " \"contact_name\": \"Anna Beispiel\", \"contact_email\": \"anna@example.org\","
    " \"situation\": \"Viele **Ärztinnen** warten lange auf die Approbation.\","
    " \"implementation\": \"- Beratung\\n- Qualifizierung mit [Kursen](https://example.org/k)\","
    " \"results\": \"42 Approbationen\", \"transfer\": \"Leicht übertragbar.\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"links\": [{\"url\": \"https://example.org/mentoring\", \"label\": \"Projektseite\"}],"
    " \"handlungsfelder\": [\"anerkennungsberatung\"], \"zielgruppen\": [\"gesundheit\"],"
    " \"status\": \"published\", \"published_at\": \"2026-03-01\","
    " \"updated_at\": \"2026-05-02T10:00:00Z\"},"
    "{\"slug\": \"od-formel\", \"title\": \"=SUMME(1;2) Formelpraxis\", \"teaser\": \"Kurz\","
    " \"art\": \"produkt\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"published\", \"published_at\": \"2025-01-10\"},"
    "{\"slug\": \"od-bald-weg\", \"title\": \"Bald zurückgezogene Praxis\", \"teaser\": \"x\","
    " \"art\": \"massnahme\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"published\", \"published_at\": \"2025-06-01\"},"
    "{\"slug\": \"od-entwurf\", \"title\": \"Geheimer Entwurf Zebrafink\", \"teaser\": "
    "\"Zebrafink\","
    " \"status\": \"unpublished\"},"
    "{\"slug\": \"od-archiv\", \"title\": \"Archivierte Praxis Zebrafink\", \"teaser\": "
    "\"Zebrafink\","
    " \"art\": \"konzept\", \"organisation_name\": \"Org\", \"situation\": \"a\","
    " \"implementation\": \"b\", \"results\": \"c\", \"transfer\": \"d\","
    " \"criterion_transferable\": \"Ja\", \"criterion_innovative\": \"Ja\","
    " \"criterion_sustainable\": \"Ja\", \"criterion_efficient\": \"Ja\","
    " \"status\": \"archived\", \"published_at\": \"2024-02-02\"}"
    "]}";

/* What no public answer may ever contain. */
static const char *const hidden[] = {"od-entwurf", "Geheimer Entwurf", "od-archiv",
                                     "Archivierte Praxis"};

static void
assert_hidden(struct resp *r)
{
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		assert_body_lacks(r, hidden[i]);
}

static int
group_setup(void **state)
{
	if (srv_start(&server) != 0)
		return -1;
	const char *path = tstr("%s/seed.json", server.dir);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(seed, f);
	fclose(f);
	const char *tool = getenv("LEUCHTTURM_SEED");
	const char *argv[] = {tool ? tool : "build/tests/http/seed_practices", server.db, path,
	                      NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fprintf(stderr, "seeding failed (%d): %s\n", rc, out ? out : "");
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
get_ok(const char *path, struct resp *r, const char *type)
{
	long status = http_get(web, path, r);
	if (status != 200)
		resp_dump(r);
	assert_int_equal(status, 200);
	const char *ct = resp_header(r, "Content-Type");
	assert_non_null(ct);
	if (strncmp(ct, type, strlen(type)) != 0)
		fail_msg("%s: Content-Type %s, want %s", path, ct, type);
}

/* Runs a tool on the body written to a file: argv holds "FILE" where the path goes. */
static int
tool_on_body(const struct resp *r, const char *const *args, char **output)
{
	char path[] = "/tmp/test-open-data-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r->body, r->body_len), (ssize_t)r->body_len);
	close(fd);
	const char *argv[16];
	size_t n = 0;
	for (; args[n] && n < 15; n++)
		argv[n] = strcmp(args[n], "FILE") == 0 ? path : args[n];
	argv[n] = NULL;
	int rc = run_cmd(argv, NULL, output);
	unlink(path);
	return rc;
}

static void
assert_well_formed_xml(const struct resp *r)
{
	char *out = NULL;
	int rc = tool_on_body(r, (const char *const[]){"xmllint", "--noout", "FILE", NULL}, &out);
	if (rc != 0)
		fail_msg("xmllint: %s", out ? out : "");
	free(out);
}

/* ---- feeds ---- */

static void
test_atom_feed_lists_published_practices(void **state)
{
	struct resp r;
	get_ok("/feed.atom", &r, "application/atom+xml");
	assert_well_formed_xml(&r);
	assert_body_has(&r, "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	assert_body_has(&r, "<title type=\"text\">Mentoring für Ärztinnen &amp; Ärzte</title>");
	assert_body_has(&r,
	                "<summary type=\"text\">Begleitung bis zur &lt;Approbation&gt;.</summary>");
	assert_body_has(&r, tstr("href=\"%s/praxis/od-mentoring\"", server.base));
	assert_body_has(
	    &r, tstr("<link rel=\"self\" type=\"application/atom+xml\" href=\"%s/feed.atom\"/>",
	             server.base));
	assert_body_has(&r, "<updated>2026-05-02T10:00:00Z</updated>");
	assert_body_has(&r, ":praxis/");
	assert_body_has(&r, "<id>tag:127.0.0.1,2026-03-01:praxis/");
	assert_hidden(&r);
	resp_free(&r);
}

static void
test_rss_feed_lists_published_practices(void **state)
{
	struct resp r;
	get_ok("/feed.rss", &r, "application/rss+xml");
	assert_well_formed_xml(&r);
	assert_body_has(&r, "<rss version=\"2.0\"");
	assert_body_has(&r, "<title>Mentoring für Ärztinnen &amp; Ärzte</title>");
	assert_body_has(&r, "<pubDate>Sun, 01 Mar 2026 11:00:00 GMT</pubDate>");
	assert_body_has(&r, "<guid isPermaLink=\"false\">tag:127.0.0.1,2026-03-01:praxis/");
	assert_body_has(
	    &r, tstr("<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"%s/feed.rss\"/>",
	             server.base));
	assert_hidden(&r);
	resp_free(&r);
}

static void
test_feed_takes_the_catalog_filters(void **state)
{
	struct resp r;
	get_ok("/feed.atom?art=produkt", &r, "application/atom+xml");
	assert_body_has(&r, "Formelpraxis");
	assert_body_lacks(&r, "Mentoring für");
	/* The self and alternate links carry the selection. */
	assert_body_has(&r, tstr("href=\"%s/feed.atom?art=produkt\"", server.base));
	assert_body_has(&r, tstr("href=\"%s/praxis?art=produkt\"", server.base));
	resp_free(&r);
	/* A search that only hidden practices would match finds nothing, and says so validly. */
	get_ok("/feed.rss?q=Zebrafink", &r, "application/rss+xml");
	assert_well_formed_xml(&r);
	assert_body_lacks(&r, "<item>");
	assert_hidden(&r);
	resp_free(&r);
}

static void
test_feed_answers_304_when_unchanged(void **state)
{
	struct resp r;
	get_ok("/feed.atom", &r, "application/atom+xml");
	const char *etag = resp_header(&r, "ETag");
	const char *modified = resp_header(&r, "Last-Modified");
	assert_non_null(etag);
	assert_non_null(modified);
	const char *inm = tstr("If-None-Match: %s", etag);
	const char *ims = tstr("If-Modified-Since: %s", modified);
	resp_free(&r);
	struct req q = {.path = "/feed.atom", .headers = (const char *const[]){inm, NULL}};
	assert_int_equal(http_request(web, &q, &r), 304);
	assert_int_equal(r.body_len, 0);
	resp_free(&r);
	q.headers = (const char *const[]){ims, NULL};
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);
	/* Another selection is another representation. */
	q.path = "/feed.atom?art=konzept";
	q.headers = (const char *const[]){inm, NULL};
	assert_int_equal(http_request(web, &q, &r), 200);
	resp_free(&r);
}

/* ---- the API ---- */

static json_t *
get_json(const char *path, long want)
{
	struct resp r;
	long status = http_get(web, path, &r);
	if (status != want)
		resp_dump(&r);
	assert_int_equal(status, want);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/json");
	assert_string_equal(resp_header(&r, "Access-Control-Allow-Origin"), "*");
	assert_hidden(&r);
	json_error_t err;
	json_t *v = json_loads(r.body, 0, &err);
	if (!v)
		fail_msg("%s: not JSON: %s", path, err.text);
	resp_free(&r);
	return v;
}

static json_t *
find_item(json_t *items, const char *slug)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "slug")), slug) == 0)
			return it;
	}
	return NULL;
}

static void
test_api_list_has_published_practices_with_paging(void **state)
{
	json_t *v = get_json("/api/v1/practices?pro_seite=100", 200);
	json_t *items = json_object_get(v, "items");
	assert_true(json_is_array(items));
	assert_true(json_integer_value(json_object_get(v, "total")) >= 3);
	assert_int_equal(json_integer_value(json_object_get(v, "page")), 1);
	json_t *m = find_item(items, "od-mentoring");
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "title")),
	                    "Mentoring für Ärztinnen & Ärzte");
	assert_string_equal(json_string_value(json_object_get(m, "published_at")),
	                    "2026-03-01T11:00:00Z");
	json_t *art = json_object_get(m, "art");
	assert_string_equal(json_string_value(json_object_get(art, "key")), "konzept");
	json_t *links = json_object_get(m, "links");
	assert_string_equal(json_string_value(json_object_get(links, "pdf")),
	                    tstr("%s/praxis/od-mentoring.pdf", server.base));
	json_decref(v);

	v = get_json("/api/v1/practices?art=produkt&pro_seite=100", 200);
	assert_non_null(find_item(json_object_get(v, "items"), "od-formel"));
	assert_null(find_item(json_object_get(v, "items"), "od-mentoring"));
	json_decref(v);

	/* One per page: the next page is linked, with the same selection. */
	v = get_json("/api/v1/practices?art=produkt&pro_seite=1", 200);
	assert_int_equal(json_integer_value(json_object_get(v, "per_page")), 1);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 1);
	json_t *nav = json_object_get(v, "links");
	if (json_integer_value(json_object_get(v, "total")) > 1)
		assert_string_equal(
		    json_string_value(json_object_get(nav, "next")),
		    tstr("%s/api/v1/practices?art=produkt&seite=2&pro_seite=1", server.base));
	assert_true(json_is_null(json_object_get(nav, "prev")));
	json_decref(v);

	/* Past the end: an empty page with the real total. */
	v = get_json("/api/v1/practices?art=produkt&seite=999", 200);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 0);
	assert_true(json_integer_value(json_object_get(v, "total")) >= 1);
	json_decref(v);
}

static void
test_api_search_and_unknown_filters(void **state)
{
	json_t *v = get_json("/api/v1/practices?q=Zebrafink", 200);
	assert_int_equal(json_integer_value(json_object_get(v, "total")), 0);
	assert_string_equal(json_string_value(json_object_get(v, "query")), "Zebrafink");
	json_decref(v);
	/* FTS5 syntax is text; an unknown filter value is ignored and named. */
	v = get_json("/api/v1/practices?q=%22NEAR(%2A&art=gibt-es-nicht", 200);
	json_t *ignored = json_object_get(v, "ignored_filters");
	assert_int_equal(json_array_size(ignored), 1);
	assert_string_equal(json_string_value(json_array_get(ignored, 0)), "art=gibt-es-nicht");
	json_decref(v);
}

static void
test_api_bad_parameters_are_400_json(void **state)
{
	static const char *const bad[] = {
	    "/api/v1/practices?seite=0",     "/api/v1/practices?seite=-1",
	    "/api/v1/practices?seite=abc",   "/api/v1/practices?pro_seite=101",
	    "/api/v1/practices?sort=random",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *v = get_json(bad[i], 400);
		json_t *e = json_object_get(v, "error");
		assert_int_equal(json_integer_value(json_object_get(e, "status")), 400);
		assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
		json_decref(v);
	}
	/* A malformed query string is refused before any handler. */
	struct resp r;
	assert_int_equal(http_get(web, "/api/v1/practices?q=%ZZ", &r), 400);
	resp_free(&r);
}

static void
test_api_detail_and_404s(void **state)
{
	json_t *v = get_json("/api/v1/practices/od-mentoring", 200);
	assert_string_equal(json_string_value(json_object_get(v, "slug")), "od-mentoring");
	json_t *sections = json_object_get(v, "sections");
	assert_string_equal(json_string_value(json_object_get(sections, "situation")),
	                    "Viele **Ärztinnen** warten lange auf die Approbation.");
	json_t *terms = json_object_get(v, "terms");
	json_t *felder = json_object_get(terms, "handlungsfeld");
	assert_int_equal(json_array_size(felder), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(felder, 0), "key")),
	                    "anerkennungsberatung");
	json_t *contact = json_object_get(v, "contact");
	assert_string_equal(json_string_value(json_object_get(contact, "email")),
	                    "anna@example.org");
	assert_true(json_is_null(json_object_get(contact, "phone")));
	json_t *web_links = json_object_get(v, "web_links");
	json_t *link = json_array_get(web_links, 0);
	assert_string_equal(json_string_value(json_object_get(link, "url")),
	                    "https://example.org/mentoring");
	assert_string_equal(json_string_value(json_object_get(link, "label")), "Projektseite");
	assert_string_equal(json_string_value(json_object_get(v, "updated_at")),
	                    "2026-05-02T10:00:00Z");
	json_decref(v);
	static const char *const missing[] = {"od-entwurf", "od-archiv", "gibt-es-nicht"};
	for (size_t i = 0; i < 3; i++) {
		v = get_json(tstr("/api/v1/practices/%s", missing[i]), 404);
		json_t *e = json_object_get(v, "error");
		assert_int_equal(json_integer_value(json_object_get(e, "status")), 404);
		json_decref(v);
	}
}

static void
test_api_detail_answers_304(void **state)
{
	struct resp r;
	get_ok("/api/v1/practices/od-mentoring", &r, "application/json");
	assert_string_equal(resp_header(&r, "Last-Modified"), "Sat, 02 May 2026 10:00:00 GMT");
	const char *inm = tstr("If-None-Match: %s", resp_header(&r, "ETag"));
	resp_free(&r);
	struct req q = {.path = "/api/v1/practices/od-mentoring",
	                .headers = (const char *const[]){inm, NULL}};
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);
}

static void
test_openapi_describes_both_routes(void **state)
{
	struct resp r;
	get_ok("/openapi.json", &r, "application/json");
	assert_non_null(resp_header(&r, "ETag"));
	json_error_t err;
	json_t *v = json_loads(r.body, 0, &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "openapi")), "3.0.3");
	json_t *paths = json_object_get(v, "paths");
	assert_non_null(json_object_get(paths, "/api/v1/practices"));
	assert_non_null(json_object_get(paths, "/api/v1/practices/{slug}"));
	json_t *schemas = json_object_get(json_object_get(v, "components"), "schemas");
	assert_non_null(json_object_get(schemas, "Practice"));
	assert_non_null(json_object_get(schemas, "PracticeList"));
	json_decref(v);
	resp_free(&r);
}

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

/* Absolute links never come from the Host header, which any client can set (a password
 * reset link or a cached feed pointing elsewhere): they come from the configured base URL,
 * else from the address the server listens on. */
static void
test_links_ignore_the_host_header(void **state)
{
	const char *hosts[] = {"Host: gp.example.org:8443", "Host: evil.example\"/><x"};
	for (size_t i = 0; i < 2; i++) {
		struct resp r;
		struct req q = {.path = "/feed.atom",
		                .headers = (const char *const[]){hosts[i], NULL}};
		long status = http_request(web, &q, &r);
		if (status == 200) {
			assert_body_has(&r, tstr("href=\"%s/feed.atom\"", server.base));
			assert_body_lacks(&r, "gp.example.org");
			assert_body_lacks(&r, "evil");
		}
		resp_free(&r);
	}
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

static void
test_head_and_english(void **state)
{
	struct resp r;
	struct req q = {.method = "HEAD", .path = "/feed.atom"};
	assert_int_equal(http_request(web, &q, &r), 200);
	assert_int_equal(r.body_len, 0);
	resp_free(&r);
	q = (struct req){.path = "/praxis/od-mentoring.pdf",
	                 .headers = (const char *const[]){"Accept-Language: en", NULL}};
	assert_int_equal(http_request(web, &q, &r), 200);
	char *text = NULL;
	assert_int_equal(
	    tool_on_body(&r, (const char *const[]){"pdftotext", "-enc", "UTF-8", "FILE", "-", NULL},
	                 &text),
	    0);
	assert_non_null(strstr(text, "Page 1 of"));
	free(text);
	resp_free(&r);
}

/* Last: changes the data. An unpublished practice leaves every list at once. */
static void
test_unpublished_practice_disappears_everywhere(void **state)
{
	struct resp r;
	get_ok("/feed.atom", &r, "application/atom+xml");
	assert_body_has(&r, "Bald zurückgezogene Praxis");
	const char *inm = tstr("If-None-Match: %s", resp_header(&r, "ETag"));
	resp_free(&r);
	char *out = NULL;
	int rc = srv_sql(&server,
	                 "UPDATE practice SET status = 'unpublished', updated_at = updated_at + 1 "
	                 "WHERE slug = 'od-bald-weg'",
	                 &out);
	if (rc != 0)
		fail_msg("sqlite3: %s", out ? out : "");
	free(out);
	static const char *const lists[] = {"/feed.atom", "/feed.rss",
	                                    "/api/v1/practices?pro_seite=100",
	                                    "/export/practices.csv", "/sitemap.xml"};
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		assert_int_equal(http_get(web, lists[i], &r), 200);
		assert_body_lacks(&r, "od-bald-weg");
		assert_body_lacks(&r, "Bald zurückgezogene");
		resp_free(&r);
	}
	/* A cached copy is not confirmed: the representation changed. */
	struct req q = {.path = "/feed.atom", .headers = (const char *const[]){inm, NULL}};
	assert_int_equal(http_request(web, &q, &r), 200);
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis/od-bald-weg.pdf", &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(web, "/api/v1/practices/od-bald-weg", &r), 404);
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_atom_feed_lists_published_practices),
	    cmocka_unit_test(test_rss_feed_lists_published_practices),
	    cmocka_unit_test(test_feed_takes_the_catalog_filters),
	    cmocka_unit_test(test_feed_answers_304_when_unchanged),
	    cmocka_unit_test(test_api_list_has_published_practices_with_paging),
	    cmocka_unit_test(test_api_search_and_unknown_filters),
	    cmocka_unit_test(test_api_bad_parameters_are_400_json),
	    cmocka_unit_test(test_api_detail_and_404s),
	    cmocka_unit_test(test_api_detail_answers_304),
	    cmocka_unit_test(test_openapi_describes_both_routes),
	    cmocka_unit_test(test_csv_export_of_the_selection),
	    cmocka_unit_test(test_xlsx_export_reads_back),
	    cmocka_unit_test(test_sitemap_lists_published_practices),
	    cmocka_unit_test(test_pdf_of_a_practice),
	    cmocka_unit_test(test_pdf_of_hidden_or_unknown_is_404),
	    cmocka_unit_test(test_links_ignore_the_host_header),
	    cmocka_unit_test(test_page_and_pdf_addresses_coexist),
	    cmocka_unit_test(test_head_and_english),
	    cmocka_unit_test(test_unpublished_practice_disappears_everywhere),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

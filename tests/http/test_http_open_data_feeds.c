/* HTTP integration tests of the Atom and RSS feeds: published practices, the catalog's
 * filters, 304. One server for the group; the practices are seeded through the domain's
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_atom_feed_lists_published_practices),
	    cmocka_unit_test(test_rss_feed_lists_published_practices),
	    cmocka_unit_test(test_feed_takes_the_catalog_filters),
	    cmocka_unit_test(test_feed_answers_304_when_unchanged),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

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
#include "open_data_fixture.h"

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

/* HTTP integration tests of the catalog's caching: ETag/Last-Modified and 304, gzip, and
 * pages of a logged-in person never shared. One server for the group, with the demo data
 * plus the practices below, imported with `leuchtturm import`. */
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
	    cmocka_unit_test(test_not_modified),
	    cmocka_unit_test(test_gzip),
	    cmocka_unit_test(test_logged_in_pages_are_not_shared),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

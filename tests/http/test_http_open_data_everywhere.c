/* HTTP integration tests of what holds for all the open data: links ignore the Host
 * header, HEAD and English answers, and an unpublished practice disappears everywhere.
 * One server for the group; the practices are seeded through the domain's import
 * (tests/http/seed_practices.c, $LEUCHTTURM_SEED). */
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
	srv_practice_status(&server, "od-bald-weg", false);
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
	    cmocka_unit_test(test_links_ignore_the_host_header),
	    cmocka_unit_test(test_head_and_english),
	    cmocka_unit_test(test_unpublished_practice_disappears_everywhere),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

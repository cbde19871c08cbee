/* HTTP integration test of the review's ranking and its exports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "review_fixture.h"
#include "review_setup.h"

static void
test_ranking_and_exports(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER), *b = as(s, NETWORK_MEMBER);
	rate(a, &v, v.p2, 3, "A", "submit");
	rate(c, &v, v.p2, 1, "C", "submit");
	rate(a, &v, v.p1, 2, "A", "submit");
	struct resp r;
	/* B abstains on P2. */
	get_ok(b, rate_path(&v, v.p2));
	http_post_csrf(b, rate_path(&v, v.p2),
	               tstr("abstain=1&abstain_reason=%s&action=submit", tenc("Fachfremd")), &r);
	assert_redirect(&r, rate_path(&v, v.p2));
	resp_free(&r);
	struct client *admin = as(s, DEMO_ADMIN);
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	http_get(admin, ranking, &r);
	assert_status(&r, 200);
	/* P2: means 2 (3 and 1, spread 2: disagreement), met; P1: 2 from one rating. */
	assert_body_has(&r, "Raters disagree");
	assert_body_has(&r, "(+1 abstention)");
	assert_body_has(&r, "aria-sort=\"descending\"");
	resp_free(&r);
	/* Sorted by the disagreement flag, P2 first; by title ascending, P1 first. */
	http_get(admin, tstr("%s?sort=disagreement&order=desc", ranking), &r);
	const char *p2 = strstr(r.body, "Pflegebrücke München"),
	           *p1 = strstr(r.body, "Lotsen Stuttgart");
	assert_true(p1 && p2 && p2 < p1);
	resp_free(&r);
	http_get(admin, tstr("%s?sort=title&order=asc", ranking), &r);
	p2 = strstr(r.body, "Pflegebrücke München"), p1 = strstr(r.body, "Lotsen Stuttgart");
	assert_true(p1 && p2 && p1 < p2);
	resp_free(&r);
	http_get(admin, tstr("%s.csv?sort=title&order=asc", ranking), &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "text/csv"));
	assert_non_null(strstr(resp_header(&r, "Content-Disposition"), "attachment"));
	assert_body_has(&r, "Transferable: mean");
	assert_body_has(&r, "Raters disagree");
	/* P2's transferable: mean 2.00, median 2.00, min 1.00, max 3.00, 2 ratings, met. */
	assert_body_has(&r, "2.00,2.00,1.00,3.00,2,yes");
	resp_free(&r);
	http_get(admin, tstr("%s.xlsx", ranking), &r);
	assert_status(&r, 200);
	assert_true(r.body_len > 100);
	assert_int_equal(memcmp(r.body, "PK", 2), 0);
	resp_free(&r);
	client_free(admin);
	client_free(a);
	client_free(b);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ranking_and_exports, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

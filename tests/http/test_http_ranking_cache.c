/* HTTP integration tests for the ranking page's kept table (html/cache.c, keyed
 * by the review generation of 010_review_state.sql): a rating or a conflict shows at once,
 * two office members with different conflicts see different rankings however the cache
 * is warmed, the page's private ETag answers 304 until the data changes, and the rows'
 * kept figures (review_office_ranking.c) are per language and follow a change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "review_setup.h"

static const char *
rate_path(long p)
{
	return tstr("/gremium/vorschlag/%ld", p);
}

/* Submits a complete rating: every one of the five rated criteria with score and text. */
static void
rate(struct client *c, long p, int score)
{
	struct resp r;
	get_ok(c, rate_path(p));
	const char *t = tenc("Begründet.");
	http_post_csrf(c, rate_path(p),
	               tstr("score_0=%d&just_0=%s&score_1=%d&just_1=%s&score_2=%d&just_2=%s"
	                    "&score_3=%d&just_3=%s&score_4=%d&just_4=%s&recommendation=select"
	                    "&comment=%s&action=submit",
	                    score, t, score, t, score, t, score, t, score, t, t),
	               &r);
	assert_redirect(&r, rate_path(p));
	resp_free(&r);
}

static void
test_rating_shows_at_once(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 7, 14);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER);
	struct client *office = as(s, DEMO_ADMIN);
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	rate(a, v.p2, 3);
	struct resp r;
	for (int i = 0; i < 2; i++) { /* the second answer comes from the kept table */
		http_get(office, ranking, &r);
		assert_status(&r, 200);
		assert_body_has(&r, ", 1 ratings");
		assert_body_lacks(&r, ", 2 ratings");
		assert_body_lacks(&r, "badge-review\">Raters disagree");
		resp_free(&r);
	}
	/* C rates P2 with 1: two ratings, three levels apart. */
	rate(c, v.p2, 1);
	http_get(office, ranking, &r);
	assert_status(&r, 200);
	assert_body_has(&r, ", 2 ratings");
	assert_body_has(&r, "badge-review\">Raters disagree");
	resp_free(&r);
	/* A sort asked for is another table, also current. */
	http_get(office, tstr("%s?sort=title&order=asc", ranking), &r);
	assert_body_has(&r, ", 2 ratings");
	const char *p1 = strstr(r.body, "Lotsen Stuttgart"), *p2 = strstr(r.body, "Pflegebrücke");
	assert_true(p1 && p2 && p1 < p2);
	resp_free(&r);
	client_free(a);
	client_free(c);
	client_free(office);
}

static void
test_conflicts_per_viewer(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 7, 14);
	/* C (a Fachstelle, conflicted on nothing) and B (network BW: automatically conflicted
	 * on P1) work in the office too. */
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "user", "role", FACH_MEMBER, "admin,board", NULL),
	                 0);
	free(out);
	out = NULL;
	assert_int_equal(
	    srv_cli(s, NULL, &out, "user", "role", NETWORK_MEMBER, "admin,board", NULL), 0);
	free(out);
	struct client *office = as(s, DEMO_ADMIN), *c = as(s, FACH_MEMBER),
	              *b = as(s, NETWORK_MEMBER);
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	struct resp r;
	/* The office warms the cache; B must still not see P1, C must. */
	get_ok(office, ranking);
	assert_true(html_has(client_page(office), "Lotsen Stuttgart"));
	http_get(b, ranking, &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "Lotsen Stuttgart");
	assert_body_has(&r, "Pflegebrücke München");
	resp_free(&r);
	http_get(c, ranking, &r);
	assert_body_has(&r, "Lotsen Stuttgart");
	resp_free(&r);
	/* The office sets a conflict for C on P1: gone from C's ranking at once, not from the
	 * office's. */
	http_post_csrf(
	    office, tstr("/admin/ausschreibungen/%ld/befangenheiten", v.call),
	    tstr("user=%ld&proposal=%ld&reason=%s", v.c, v.p1, tenc("Berät das Projekt")), &r);
	assert_true(r.status == 303);
	resp_free(&r);
	http_get(c, ranking, &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "Lotsen Stuttgart");
	assert_body_has(&r, "Pflegebrücke München");
	resp_free(&r);
	http_get(office, ranking, &r);
	assert_body_has(&r, "Lotsen Stuttgart");
	resp_free(&r);
	client_free(office);
	client_free(b);
	client_free(c);
}

static void
test_private_etag(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 7, 14);
	struct client *office = as(s, DEMO_ADMIN), *a = as(s, DEMO_BOARD);
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	struct resp r;
	http_get(office, ranking, &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Cache-Control"), "private"));
	const char *etag = resp_header(&r, "ETag");
	assert_non_null(etag);
	char *kept = strdup(etag);
	resp_free(&r);
	const char *inm[] = {tstr("If-None-Match: %s", kept), NULL};
	struct req q = {.path = ranking, .headers = inm};
	http_request(office, &q, &r);
	assert_status(&r, 304);
	resp_free(&r);
	/* Made-up sort and order values are the default order: the same page, not another
	 * entry of the cache. */
	const char *junk[] = {tstr("%s?sort=erfunden1", ranking),
	                      tstr("%s?sort=erfunden2&order=x", ranking)};
	for (size_t i = 0; i < 2; i++) {
		struct req j = {.path = junk[i], .headers = inm};
		http_request(office, &j, &r);
		assert_status(&r, i == 0 ? 304 : 200);
		resp_free(&r);
	}
	/* A rating later the same validator gets the new page. */
	rate(a, v.p1, 2);
	http_request(office, &q, &r);
	assert_status(&r, 200);
	assert_body_has(&r, ", 1 ratings");
	assert_string_not_equal(resp_header(&r, "ETag"), kept);
	resp_free(&r);
	/* Another person's validator is not this person's page. */
	struct client *b = as(s, DEMO_ADMIN);
	http_request(b, &q, &r);
	assert_status(&r, 200);
	resp_free(&r);
	free(kept);
	client_free(office);
	client_free(a);
	client_free(b);
}

/* The cells of a row's figures are kept by their figures and language: the same figures in
 * German are German, and after another rating the changed row shows its new figures while
 * the unchanged one still shows its own. */
static void
test_kept_rows_per_language_and_figures(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 7, 14);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER);
	struct client *office = as(s, DEMO_ADMIN);
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	rate(a, v.p1, 3);
	rate(a, v.p2, 2);
	struct resp r;
	http_get(office, ranking, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "median 3, 3–3, 1 ratings");
	assert_body_has(&r, "median 2, 2–2, 1 ratings");
	resp_free(&r);
	srv_sql_exec(s,
	             tstr("UPDATE user_account SET locale = 'de' WHERE email = '%s'", DEMO_ADMIN));
	http_get(office, ranking, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Median 3, Spanne 3–3, Bewertungen: 1");
	assert_body_lacks(&r, "1 ratings");
	resp_free(&r);
	srv_sql_exec(s,
	             tstr("UPDATE user_account SET locale = 'en' WHERE email = '%s'", DEMO_ADMIN));
	/* C rates P2 with 1: P2's figures change, P1's stay. */
	rate(c, v.p2, 1);
	http_get(office, ranking, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "median 3, 3–3, 1 ratings");
	assert_body_has(&r, "1–2, 2 ratings");
	assert_body_lacks(&r, "median 2, 2–2, 1 ratings");
	resp_free(&r);
	client_free(a);
	client_free(c);
	client_free(office);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rating_shows_at_once, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_conflicts_per_viewer, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_kept_rows_per_language_and_figures, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_private_etag, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

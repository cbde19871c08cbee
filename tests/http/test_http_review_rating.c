/* HTTP integration tests for the board review: the office's board page and progress, the
 * visibility rule, bad ratings (a score off the scale, a missing justification, editing
 * someone else's rating), the deadline and the frozen rubric. */
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
test_board_lists_and_progress(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD);
	struct resp r;
	http_get(a, "/gremium", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Testrunde Gremium");
	assert_body_has(&r, "Lotsen Stuttgart");
	assert_body_has(&r, "Pflegebrücke München");
	assert_body_has(&r, "0 of 2 proposals rated");
	resp_free(&r);
	/* The overview card leads there. */
	http_get(a, "/start", &r);
	assert_body_has(&r, "href=\"/gremium\"");
	resp_free(&r);
	rate(a, &v, v.p2, 2, "Gut begründet.", "save");
	rate(a, &v, v.p1, 3, "Sehr gut.", "submit");
	http_get(a, "/gremium", &r);
	assert_body_has(&r, "1 of 2 proposals rated, 1 drafts");
	resp_free(&r);
	/* The page of a proposal: content, self-assessment section, attachment, the form. */
	http_get(a, rate_path(&v, v.p1), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Anerkennung mit Lotsen.");
	assert_body_has(&r, "leitfaden.pdf");
	assert_body_has(&r, "type=\"radio\"");
	assert_body_has(&r, "3 – fully met");
	assert_body_has(&r, "Serves as a model");
	assert_body_has(&r, "Declare a conflict of interest");
	resp_free(&r);
	client_free(a);
}

static void
test_visibility_rule(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER), *b = as(s, NETWORK_MEMBER);
	struct resp r;
	rate(a, &v, v.p2, 3, "Begründung von A", "submit");
	/* C has not submitted: A's rating is hidden, also with a draft. */
	http_get(c, rate_path(&v, v.p2), &r);
	assert_body_lacks(&r, "Begründung von A");
	assert_body_has(&r, "shown once you have submitted your own");
	resp_free(&r);
	rate(c, &v, v.p2, 2, "Begründung von C", "save");
	http_get(c, rate_path(&v, v.p2), &r);
	assert_body_lacks(&r, "Begründung von A");
	resp_free(&r);
	rate(c, &v, v.p2, 2, "Begründung von C", "submit");
	http_get(c, rate_path(&v, v.p2), &r);
	assert_body_has(&r, "Begründung von A");
	assert_body_has(&r, DEMO_BOARD_NAME);
	resp_free(&r);
	/* B has not rated; the office switches the rule off: B sees both. */
	http_get(b, rate_path(&v, v.p2), &r);
	assert_body_lacks(&r, "Begründung von A");
	resp_free(&r);
	struct client *admin = as(s, DEMO_ADMIN);
	const char *board = tstr("/admin/ausschreibungen/%ld/gremium", v.call);
	get_ok(admin, board);
	http_post_csrf(admin, tstr("%s/einstellungen", board), "", &r);
	assert_redirect(&r, board);
	resp_free(&r);
	http_get(b, rate_path(&v, v.p2), &r);
	assert_body_has(&r, "Begründung von A");
	assert_body_has(&r, "Begründung von C");
	resp_free(&r);
	/* The office always sees the submitted ratings. */
	http_get(admin, rate_path(&v, v.p2), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Begründung von A");
	resp_free(&r);
	client_free(admin);
	client_free(a);
	client_free(b);
	client_free(c);
}

static void
test_bad_ratings_are_refused(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER);
	struct resp r;
	/* A score off the scale. */
	get_ok(a, rate_path(&v, v.p2));
	const char *form = "score_0=2&just_0=Ja&score_1=7&just_1=Ja&score_2=2&just_2=Ja&score_3=2"
	                   "&just_3=Ja&score_4=2&just_4=Ja&recommendation=select&action=submit";
	http_post_csrf(a, rate_path(&v, v.p2), form, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "The score must be one of the levels of the scale.");
	assert_body_has(&r, "href=\"#f-score_1\"");
	resp_free(&r);
	assert_int_equal(review_count(s, v.p2, v.a), 0);
	/* A missing justification: the submit is refused and names the field. */
	get_ok(a, rate_path(&v, v.p2));
	form = "score_0=2&just_0=Ja&score_1=2&just_1=&score_2=2&just_2=Ja&score_3=2&just_3=Ja"
	       "&score_4=2&just_4=Ja&recommendation=select&action=submit";
	http_post_csrf(a, rate_path(&v, v.p2), form, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Please justify your score.");
	assert_body_has(&r, "href=\"#f-just_1\"");
	resp_free(&r);
	assert_int_equal(review_count(s, v.p2, v.a), 0);
	/* Abstaining needs a reason. */
	get_ok(a, rate_path(&v, v.p2));
	http_post_csrf(a, rate_path(&v, v.p2), "abstain=1&action=submit", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Please say why you abstain.");
	resp_free(&r);
	/* A complete one is taken. */
	rate(a, &v, v.p2, 3, "Begründung von A", "submit");
	long mine =
	    srv_sql_long(s, tstr("SELECT id FROM review WHERE user_id = %ld AND proposal_id = "
	                         "%ld",
	                         v.a, v.p2));
	/* C cannot change A's rating, whatever the form names: only C's own row is written. */
	get_ok(c, rate_path(&v, v.p2));
	http_post_csrf(c, rate_path(&v, v.p2),
	               tstr("%s&review_id=%ld&user_id=%ld&user=%ld",
	                    full_form(0, "Überschrieben?", "submit"), mine, v.a, v.a),
	               &r);
	assert_redirect(&r, rate_path(&v, v.p2));
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM review_score WHERE review_id = "
	                         "%ld AND score = 3 AND justification = 'Begründung von A'",
	                         mine)),
	    5);
	assert_int_equal(review_count(s, v.p2, v.c), 1);
	/* The office has no rating form of its own: the POST route is the board's. */
	struct client *admin = as(s, DEMO_ADMIN);
	http_post_csrf(admin, rate_path(&v, v.p2), full_form(1, "Büro", "submit"), &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(admin);
	client_free(a);
	client_free(c);
}

static void
test_deadline(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD);
	struct resp r;
	rate(a, &v, v.p2, 2, "Entwurf", "save");
	get_ok(a, rate_path(&v, v.p2));
	/* The review ended a minute ago (the call's dates stay in order). */
	srv_sql_exec(s, tstr("UPDATE call SET opens_at = " NOW " - 30 * %d, closes_at = " NOW
	                     " - 20 * %d, review_until = " NOW " - 60 WHERE id = %ld",
	                     DAY, DAY, v.call));
	http_post_csrf(a, rate_path(&v, v.p2), full_form(3, "Zu spät", "submit"), &r);
	assert_status(&r, 409);
	assert_body_has(&r, "The review deadline has passed");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM review WHERE user_id = %ld AND "
	                                      "proposal_id = %ld AND state = 'draft'",
	                                      v.a, v.p2)),
	                 1);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM review_score WHERE justification = "
	                                 "'Zu spät'"),
	                 0);
	/* The page shows the rating read-only, without the form. */
	http_get(a, rate_path(&v, v.p2), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "The review deadline has passed");
	assert_body_lacks(&r, "name=\"action\"");
	assert_body_has(&r, "Entwurf");
	resp_free(&r);
	client_free(a);
}

static void
test_rubric_frozen_from_review(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	const char *rubric = tstr("/admin/ausschreibungen/%ld/rubrik", v.call);
	http_get(admin, rubric, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "rubric is frozen");
	assert_body_lacks(&r, "name=\"weight_0\"");
	resp_free(&r);
	http_post_csrf(admin, rubric, "label_de_0=X&label_en_0=X&weight_0=5&threshold=2", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "rubric is frozen");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM criterion WHERE call_id = %ld AND "
	                         "weight != 1",
	                         v.call)),
	    0);
	/* In preparation the same page is a form, checked and saved. */
	srv_sql_exec(s, tstr("UPDATE call SET phase = 'preparing' WHERE id = %ld", v.call));
	http_get(admin, rubric, &r);
	assert_body_has(&r, "name=\"weight_0\"");
	resp_free(&r);
	const char *good = "label_de_0=Transferf%C3%A4hig&label_en_0=Transferable&weight_0=2"
	                   "&label_de_1=Innovativ&label_en_1=Innovative&weight_1=1"
	                   "&label_de_2=Nachhaltig&label_en_2=Sustainable&weight_2=1"
	                   "&label_de_3=Effizient&label_en_3=Efficient&weight_3=1,5"
	                   "&label_de_4=Erstellung&label_en_4=Creation&weight_4=1"
	                   "&label_de_5=Transfer&label_en_5=Transfer&weight_5=1"
	                   "&level_de_0=nein&level_en_0=no&level_de_1=kaum&level_en_1=barely"
	                   "&level_de_2=meist&level_en_2=mostly&level_de_3=ganz&level_en_3=fully";
	http_post_csrf(admin, rubric, tstr("%s&threshold=9", good), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "The threshold must lie within the scale.");
	resp_free(&r);
	get_ok(admin, rubric);
	http_post_csrf(admin, rubric, tstr("%s&threshold=2,5", good), &r);
	assert_redirect(&r, rubric);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM criterion WHERE call_id = %ld AND "
	                         "weight = 1.5 AND key = 'efficient'",
	                         v.call)),
	    1);
	assert_int_equal(srv_sql_long(s, tstr("SELECT threshold * 10 FROM review_setting WHERE "
	                                      "call_id = %ld",
	                                      v.call)),
	                 25);
	client_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_board_lists_and_progress, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_visibility_rule, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_ratings_are_refused, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_deadline, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_rubric_frozen_from_review, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

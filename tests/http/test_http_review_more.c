/* HTTP integration tests for the board review's discussion, notifications, progress,
 * assignments and "ask one more member": a conflicted member can neither read nor post to
 * the internal discussion (404, like the proposal itself), nor can the sub-project; the
 * e-mail opt-out is stored and honoured; the office's progress and assignment pages; the
 * one-click request for one more rating where the raters disagree. */
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

/* The test call of review_setup.h, its review ending in 20 days and its meeting in 24. */
static void
prepare(struct srv *s, struct review_call *v)
{
	review_setup(s, v, 20, 24);
}

static const char *
board_path(long p)
{
	return tstr("/gremium/vorschlag/%ld", p);
}

static const char *
full_form(int score, const char *text, const char *action)
{
	return tstr("score_0=%d&just_0=%s&score_1=%d&just_1=%s&score_2=%d&just_2=%s"
	            "&score_3=%d&just_3=%s&score_4=%d&just_4=%s&recommendation=select"
	            "&comment=&action=%s",
	            score, tenc(text), score, tenc(text), score, tenc(text), score, tenc(text),
	            score, tenc(text), action);
}

static void
rate(struct client *c, long p, int score, const char *action)
{
	struct resp r;
	get_ok(c, board_path(p));
	http_post_csrf(c, board_path(p), full_form(score, "Begründet.", action), &r);
	assert_redirect(&r, board_path(p));
	resp_free(&r);
}

static void
post(struct client *c, long p, const char *text)
{
	struct resp r;
	get_ok(c, board_path(p));
	http_post_csrf(c, tstr("%s/diskussion", board_path(p)), tstr("body=%s", tenc(text)), &r);
	assert_redirect(&r, tstr("%s#diskussion", board_path(p)));
	resp_free(&r);
}

static long
mails_to(struct srv *s, const char *to)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM outbox WHERE to_addr = '%s'", to));
}

static void
test_discussion_conflict_rule(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	/* The sub-project's account belongs to P1's organisation here. */
	srv_sql_exec(s, tstr("UPDATE user_account SET organisation_id = %ld WHERE email = '%s'",
	                     org_id(s, "Anerkennungsberatung Stuttgart"), DEMO_SUBMITTER));
	struct client *a = as(s, DEMO_BOARD), *b = as(s, NETWORK_MEMBER), *c = as(s, FACH_MEMBER);
	struct client *admin = as(s, DEMO_ADMIN), *sub = as(s, DEMO_SUBMITTER);
	struct resp r;
	long b_mails = mails_to(s, NETWORK_MEMBER), c_mails = mails_to(s, FACH_MEMBER);
	post(a, v.p1, "Vertrauliche Frage zu den Zahlen");
	/* C and the office read it and may answer. */
	http_get(c, board_path(v.p1), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Internal discussion");
	assert_body_has(&r, "Vertrauliche Frage zu den Zahlen");
	assert_body_has(&r, DEMO_BOARD_NAME);
	resp_free(&r);
	post(c, v.p1, "Antwort von C");
	http_get(admin, board_path(v.p1), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Vertrauliche Frage zu den Zahlen");
	assert_body_has(&r, "Antwort von C");
	resp_free(&r);
	post(admin, v.p1, "Die Koordinierungsstelle fragt nach.");
	/* B, conflicted on P1: neither the page nor a post, whatever the form says. */
	http_get(b, board_path(v.p1), &r);
	assert_status(&r, 404);
	assert_body_lacks(&r, "Vertrauliche Frage");
	resp_free(&r);
	get_ok(b, "/gremium");
	http_post_csrf(b, tstr("%s/diskussion", board_path(v.p1)), "body=Ich%20auch", &r);
	assert_status(&r, 404);
	assert_body_lacks(&r, "Vertrauliche Frage");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM review_comment WHERE author_id = "
	                         "%ld",
	                         v.b)),
	    0);
	/* No e-mail reached B about P1; C heard of A's and the office's posts. */
	assert_int_equal(mails_to(s, NETWORK_MEMBER), b_mails);
	assert_int_equal(mails_to(s, FACH_MEMBER), c_mails + 2);
	/* On P2, B takes part as anyone does. */
	post(b, v.p2, "Zu München");
	http_get(a, board_path(v.p2), &r);
	assert_body_has(&r, "Zu München");
	assert_body_lacks(&r, "Vertrauliche Frage");
	resp_free(&r);
	/* The sub-project sees its proposal, never the discussion, and cannot post to it. */
	http_get(sub, tstr("/vorschlag/%ld", v.p1), &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "Vertrauliche Frage");
	assert_body_lacks(&r, "Antwort von C");
	resp_free(&r);
	http_post_csrf(sub, tstr("%s/diskussion", board_path(v.p1)), "body=Hallo", &r);
	assert_status(&r, 403);
	resp_free(&r);
	/* Made an admin too, B still cannot reach P1's discussion: a conflict binds. */
	char *out = NULL;
	assert_int_equal(
	    srv_cli(s, NULL, &out, "user", "role", NETWORK_MEMBER, "admin,board", NULL), 0);
	free(out);
	client_free(b);
	b = as(s, NETWORK_MEMBER);
	http_get(b, board_path(v.p1), &r);
	assert_status(&r, 404);
	resp_free(&r);
	get_ok(b, "/gremium");
	http_post_csrf(b, tstr("%s/diskussion", board_path(v.p1)), "body=Als%20Admin", &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* Nor does P1 show on the office's progress and assignment pages for B. */
	const char *office[] = {"fortschritt", "zuteilung"};
	for (int i = 0; i < 2; i++) {
		http_get(b, tstr("/admin/ausschreibungen/%ld/%s", v.call, office[i]), &r);
		assert_status(&r, 200);
		assert_body_has(&r, "Pflegebrücke München");
		assert_body_lacks(&r, "Lotsen Stuttgart");
		resp_free(&r);
	}
	/* An empty post is refused with the field named. */
	get_ok(c, board_path(v.p2));
	http_post_csrf(c, tstr("%s/diskussion", board_path(v.p2)), "body=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-body\"");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'discussion.post' AND object IN ('proposal:%ld', "
	                                      "'proposal:%ld')",
	                                      v.p1, v.p2)),
	                 4);
	client_free(a);
	client_free(b);
	client_free(c);
	client_free(admin);
	client_free(sub);
}

static void
test_notification_opt_out(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER);
	struct resp r;
	/* On by default; C turns it off (an unticked box sends nothing). */
	http_get(c, "/gremium", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "E-mail notifications");
	assert_non_null(strstr(r.body, "name=\"board_discussion\" value=\"1\" checked"));
	resp_free(&r);
	http_post_csrf(c, "/gremium/benachrichtigungen", "", &r);
	assert_redirect(&r, "/gremium");
	resp_free(&r);
	http_get(c, "/gremium", &r);
	assert_null(strstr(r.body, "name=\"board_discussion\" value=\"1\" checked"));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT board_discussion FROM notification_setting "
	                                      "WHERE user_id = %ld",
	                                      v.c)),
	                 0);
	long before = mails_to(s, FACH_MEMBER);
	post(a, v.p2, "Erste Runde");
	assert_int_equal(mails_to(s, FACH_MEMBER), before);
	/* The office still hears of it, without the post's text. */
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM outbox WHERE to_addr = '%s' AND "
	                         "subject = 'New post in the board''s discussion' AND "
	                         "body LIKE '%%Pflegebr%%' AND body NOT LIKE '%%Erste%%'",
	                         DEMO_ADMIN)),
	    1);
	/* On again: the next post reaches C, by e-mail through the outbox. */
	get_ok(c, "/gremium");
	http_post_csrf(c, "/gremium/benachrichtigungen", "board_discussion=1", &r);
	assert_redirect(&r, "/gremium");
	resp_free(&r);
	post(a, v.p2, "Zweite Runde");
	char *mail = srv_wait_mail(s, FACH_MEMBER, 60000);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "New post in the board"));
	assert_non_null(strstr(mail, DEMO_BOARD_NAME));
	free(mail);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'notification.settings' AND object = 'user:%ld'",
	                                      v.c)),
	                 2);
	client_free(a);
	client_free(c);
}

static void
test_ask_one_more(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *c = as(s, FACH_MEMBER);
	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	/* A and C disagree on P2 (3 against 0). */
	rate(a, v.p2, 3, "submit");
	rate(c, v.p2, 0, "submit");
	const char *ranking = tstr("/admin/ausschreibungen/%ld/ranking", v.call);
	const char *ask = tstr("%s/%ld/nachfragen", ranking, v.p2);
	http_get(admin, ranking, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Raters disagree");
	assert_body_has(&r, tstr("action=\"%s\"", ask));
	assert_body_has(&r, "Ask one more member");
	resp_free(&r);
	/* A board member cannot ask. */
	get_ok(a, "/gremium");
	http_post_csrf(a, ask, "", &r);
	assert_status(&r, 403);
	resp_free(&r);
	/* One click: B (the network, the one constituency missing) is asked by e-mail. */
	get_ok(admin, ranking);
	http_post_csrf(admin, ask, "", &r);
	assert_redirect(&r, ranking);
	resp_free(&r);
	char *mail = srv_wait_mail(s, NETWORK_MEMBER, 60000);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Please rate one more proposal"));
	assert_non_null(strstr(mail, "Pflegebr"));
	free(mail);
	http_get(admin, ranking, &r);
	assert_body_has(&r, "One more member has been asked");
	assert_body_has(&r, "Asked Bea Netz on");
	assert_body_has(&r, "Ask another member");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM review_request WHERE proposal_id = "
	                         "%ld AND user_id = %ld",
	                         v.p2, v.b)),
	    1);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'review.ask' AND object = 'proposal:%ld'",
	                                      v.p2)),
	                 1);
	/* Nobody is left: refused with the reason, nothing recorded. */
	get_ok(admin, ranking);
	http_post_csrf(admin, ask, "", &r);
	assert_redirect(&r, ranking);
	resp_free(&r);
	http_get(admin, ranking, &r);
	assert_body_has(&r, "Nobody is left to ask");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM review_request"), 1);
	/* A proposal of another call, or an unknown one: not found. */
	get_ok(admin, ranking);
	http_post_csrf(admin, tstr("%s/999999/nachfragen", ranking), "", &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* After the deadline the button is gone and a forged POST changes nothing. */
	srv_sql_exec(s, tstr("UPDATE call SET opens_at = " NOW " - 30 * %d, closes_at = " NOW
	                     " - 20 * %d, review_until = " NOW " - 60 WHERE id = %ld",
	                     DAY, DAY, v.call));
	srv_sql_exec(s, "DELETE FROM review_request");
	http_get(admin, ranking, &r);
	assert_body_lacks(&r, "Ask one more member");
	resp_free(&r);
	http_post_csrf(admin, ask, "", &r);
	assert_redirect(&r, ranking);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM review_request"), 0);
	client_free(a);
	client_free(c);
	client_free(admin);
}

static void
test_progress_and_assignments(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *a = as(s, DEMO_BOARD), *admin = as(s, DEMO_ADMIN);
	struct resp r;
	rate(a, v.p1, 2, "submit");
	rate(a, v.p2, 2, "save");
	const char *progress = tstr("/admin/ausschreibungen/%ld/fortschritt", v.call);
	http_get(admin, progress, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "By member");
	assert_body_has(&r, "By proposal");
	/* 1 of 2 for A; B has 1 to rate (P1 is conflicted), C 2; 1 of 5 in all. */
	assert_body_has(&r, "1 of 5 ratings submitted.");
	assert_body_has(&r, tstr("%s (draft)", DEMO_BOARD_NAME));
	resp_free(&r);
	/* Assignments: automatic, two per proposal; B is never on P1. */
	const char *assign = tstr("/admin/ausschreibungen/%ld/zuteilung", v.call);
	get_ok(admin, assign);
	http_post_csrf(admin, tstr("%s/automatisch", assign), "per_proposal=0", &r);
	assert_status(&r, 422);
	resp_free(&r);
	get_ok(admin, assign);
	http_post_csrf(admin, tstr("%s/automatisch", assign), "per_proposal=2", &r);
	assert_redirect(&r, assign);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM review_assignment WHERE "
	                                      "proposal_id IN (%ld, %ld)",
	                                      v.p1, v.p2)),
	                 4);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM review_assignment WHERE "
	                                      "proposal_id = %ld AND user_id = %ld",
	                                      v.p1, v.b)),
	                 0);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM review_setting WHERE call_id = "
	                                      "%ld AND assignment = 'subset'",
	                                      v.call)),
	                 1);
	/* By hand: a conflicted member is refused with the reason. */
	get_ok(admin, assign);
	http_post_csrf(admin, assign, tstr("proposal=%ld&user=%ld", v.p1, v.b), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "conflict of interest");
	resp_free(&r);
	/* Taking one back, and the mode back to everyone. */
	long uid = srv_sql_long(s, tstr("SELECT min(user_id) FROM review_assignment WHERE "
	                                "proposal_id = %ld",
	                                v.p2));
	get_ok(admin, assign);
	http_post_csrf(admin, tstr("%s/%ld/%ld/entfernen", assign, v.p2, uid), "", &r);
	assert_redirect(&r, assign);
	resp_free(&r);
	get_ok(admin, assign);
	http_post_csrf(admin, tstr("%s/modus", assign), "mode=all", &r);
	assert_redirect(&r, assign);
	resp_free(&r);
	http_get(admin, assign, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Every member rates every proposal of this call.");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action IN "
	                                      "('review.assign', 'review.unassign', "
	                                      "'review.auto_assign') AND (object = 'call:%ld' OR "
	                                      "object IN ('proposal:%ld', 'proposal:%ld'))",
	                                      v.call, v.p1, v.p2)),
	                 6);
	client_free(a);
	client_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_discussion_conflict_rule, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_notification_opt_out, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_ask_one_more, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_progress_and_assignments, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

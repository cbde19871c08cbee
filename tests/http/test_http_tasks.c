/* HTTP integration tests of the overview's task lists and the board's administration at
 * scale (issue #10, points 5 and 6): the office's counts against the demo data and how a
 * conflict of interest takes proposals out of them; a board member's ratings due; adding
 * several members (per-line errors, all or nothing), copying a board, the e-mails of
 * joining and of the review's start; the reminder by hand, refused the second time a day.
 * Each route is tried by the office (allowed), a board member and a submitter (403),
 * anonymously (to the login) and without CSRF (403). */
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

#define TRANSFER_MEMBER "gremium-transfer@iq-demo.example"
#define NETZ_MEMBER "gremium-netzwerk@iq-demo.example"
#define FACHSTELLE_MEMBER "gremium-fachstelle@iq-demo.example"

static long
count(struct srv *s, const char *sql)
{
	return srv_sql_long(s, sql);
}

static long
mails_to(struct srv *s, const char *to, const char *subject_like)
{
	return count(s, tstr("SELECT count(*) FROM outbox WHERE to_addr = '%s' AND subject LIKE "
	                     "'%s'",
	                     to, subject_like));
}

static const char *
name_of(struct srv *s, const char *email)
{
	char *n = srv_sql_text(s, tstr("SELECT name FROM user_account WHERE email = '%s'", email));
	const char *out = tstr("%s", n);
	free(n);
	return out;
}

/* The demo's calls: 1 closed (record issued), 2 deciding, 3 in review, 4 open. */
static long
demo_call(struct srv *s, const char *phase)
{
	return count(s, tstr("SELECT id FROM call WHERE phase = '%s' ORDER BY id LIMIT 1", phase));
}

/* Audit events of calls (the board's changes and reminders are; logins are not). */
#define CHANGES "SELECT count(*) FROM audit_event WHERE object LIKE 'call:%'"

/* A route that only the office may use: a board member and a submitter get 403, someone
 * logged out is sent to the login, and the office without its CSRF token gets 403. Nothing
 * of it changes the calls' audit log or the outbox. */
static void
office_only_post(struct srv *s, const char *path, const char *form)
{
	long audits = count(s, CHANGES);
	long mails = count(s, "SELECT count(*) FROM outbox");
	const char *who[] = {DEMO_BOARD, DEMO_SUBMITTER};
	struct resp r;
	for (int i = 0; i < 2; i++) {
		struct client *c = as(s, who[i]);
		get_ok(c, "/start");
		http_post_csrf(c, path, form, &r);
		assert_status(&r, 403);
		resp_free(&r);
		client_free(c);
	}
	struct client *anon = client_new(s);
	http_post_form(anon, path, form, &r);
	assert_status(&r, 303);
	assert_true(strncmp(resp_header(&r, "Location"), "/anmelden", 9) == 0);
	resp_free(&r);
	client_free(anon);
	struct client *admin = as(s, DEMO_ADMIN);
	get_ok(admin, "/start");
	http_post_form(admin, path, form, &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(admin);
	assert_int_equal(count(s, CHANGES), audits);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails);
}

/* ---- point 5: the task lists ---- */

static void
test_office_tasks_count_the_demo(void **state)
{
	struct srv *s = *state;
	long open = demo_call(s, "open"), deciding = demo_call(s, "deciding");
	long review = demo_call(s, "review"), closed = demo_call(s, "closed");
	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(admin, "/start", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "What waits");
	/* The open call: one submitted and one resubmitted proposal to check. */
	assert_body_has(&r, "2 proposals wait for their formal check");
	long resub = count(s, "SELECT id FROM proposal WHERE state = 'resubmitted'");
	assert_body_has(&r, tstr("href=\"/admin/vorschlaege/%ld\"", resub));
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/vorschlaege\"", open));
	/* Its question threads: the sub-project wrote last on one, the office on another. */
	assert_body_has(&r, "1 proposal with a message to answer");
	assert_body_has(&r, "1 question not answered yet");
	/* The call in review: every member's missing ratings, the office's progress page. */
	assert_body_has(&r, tstr("%s: 4 ratings missing", DEMO_BOARD_NAME));
	assert_body_has(&r, tstr("%s: 1 rating missing", name_of(s, TRANSFER_MEMBER)));
	assert_body_has(&r, tstr("%s: 1 rating missing", name_of(s, NETZ_MEMBER)));
	assert_body_has(&r, tstr("%s: 1 rating missing", name_of(s, FACHSTELLE_MEMBER)));
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/fortschritt\"", review));
	/* The call deciding: four proposals without a decision, to the meeting. */
	assert_body_has(&r, "4 proposals without a decision");
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/sitzung\"", deciding));
	/* The closed call: two decisions without their letter (one never sent, one amended
	 * since its letter went out); its record is issued and current. */
	assert_body_has(&r, "2 decision letters not sent");
	long unsent = count(s, "SELECT d.proposal_id FROM decision d WHERE NOT EXISTS (SELECT 1 "
	                       "FROM decision_letter l WHERE l.proposal_id = d.proposal_id)");
	long amended = count(s, "SELECT d.proposal_id FROM decision d JOIN decision_version v ON "
	                        "v.decision_id = d.id WHERE v.number = 2");
	assert_body_has(&r, tstr("href=\"/admin/vorschlaege/%ld/beschluss\"", unsent));
	assert_body_has(&r, tstr("href=\"/admin/vorschlaege/%ld/beschluss\"", amended));
	assert_body_lacks(&r, "The decision record is not issued or out of date");
	resp_free(&r);

	/* A later change of the meeting makes the issued record out of date. */
	srv_sql_exec(s, tstr("UPDATE meeting SET updated_at = (SELECT max(issued_at) + 60 FROM "
	                     "decision_protocol WHERE call_id = %ld) WHERE call_id = %ld",
	                     closed, closed));
	http_get(admin, "/start", &r);
	assert_body_has(&r, "The decision record is not issued or out of date");
	resp_free(&r);

	/* The office member conflicted on a proposal of the deciding call, on the unsent
	 * letter's and on one in review: each leaves their list (and the record, which shows
	 * every vote, with it). */
	long office = user_id(s, DEMO_ADMIN);
	long undecided =
	    count(s, tstr("SELECT min(id) FROM proposal WHERE call_id = %ld", deciding));
	long rated = count(s, tstr("SELECT min(p.id) FROM proposal p WHERE call_id = %ld AND NOT "
	                           "EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id AND "
	                           "r.user_id = %ld AND r.state = 'submitted')",
	                           review, user_id(s, DEMO_BOARD)));
	srv_sql_exec(s, tstr("INSERT INTO conflict(proposal_id, user_id, kind, reason, created_by, "
	                     "created_at) VALUES (%ld, %ld, 'admin', 'Berät', %ld, 1), (%ld, %ld, "
	                     "'admin', 'Berät', %ld, 1), (%ld, %ld, 'admin', 'Berät', %ld, 1)",
	                     undecided, office, office, unsent, office, office, rated, office,
	                     office));
	http_get(admin, "/start", &r);
	assert_body_has(&r, "3 proposals without a decision");
	assert_body_has(&r, "1 decision letter not sent");
	assert_body_lacks(&r, tstr("href=\"/admin/vorschlaege/%ld/beschluss\"", unsent));
	assert_body_lacks(&r, "The decision record is not issued or out of date");
	assert_body_has(&r, tstr("%s: 3 ratings missing", DEMO_BOARD_NAME));
	assert_body_lacks(&r, tstr("href=\"/gremium/vorschlag/%ld\"", rated));
	/* The formal check and the threads stay: the office still opens those pages. */
	assert_body_has(&r, "2 proposals wait for their formal check");
	resp_free(&r);
	client_free(admin);
}

static void
test_board_member_sees_own_ratings_due(void **state)
{
	struct srv *s = *state;
	long review = demo_call(s, "review");
	struct client *a = as(s, DEMO_BOARD);
	struct resp r;
	http_get(a, "/start", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Your ratings due");
	assert_body_has(&r, "4 proposals to rate");
	assert_body_has(&r, "until ");
	assert_body_lacks(&r, "What waits");
	resp_free(&r);
	/* Conflicted on one, it is not in the list. */
	long a_id = user_id(s, DEMO_BOARD);
	long p = count(s, tstr("SELECT min(p.id) FROM proposal p WHERE call_id = %ld AND NOT "
	                       "EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id AND "
	                       "r.user_id = %ld AND r.state = 'submitted')",
	                       review, a_id));
	srv_sql_exec(s, tstr("INSERT INTO conflict(proposal_id, user_id, kind, reason, created_by, "
	                     "created_at) VALUES (%ld, %ld, 'declared', 'Kenne das Team', %ld, 1)",
	                     p, a_id, a_id));
	http_get(a, "/start", &r);
	assert_body_has(&r, "3 proposals to rate");
	assert_body_lacks(&r, tstr("href=\"/gremium/vorschlag/%ld\"", p));
	resp_free(&r);
	client_free(a);
	/* The sub-project has neither list. */
	struct client *sub = as(s, DEMO_SUBMITTER);
	http_get(sub, "/start", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "What waits");
	assert_body_lacks(&r, "Your ratings due");
	resp_free(&r);
	client_free(sub);
}

/* ---- point 6: the board's administration ---- */

static void
test_add_several_members(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 20, 24);
	/* review_setup's members joined through the page: each was told. */
	assert_int_equal(mails_to(s, NETWORK_MEMBER, "You are on the advisory board%"), 1);
	const char *board = tstr("/admin/ausschreibungen/%ld/gremium", v.call);
	const char *many = tstr("%s/mehrere", board);
	office_only_post(s, many, tstr("emails=%s", tenc(TRANSFER_MEMBER)));

	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(admin, board, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Add several members");
	assert_body_has(&r, "Copy the board of an earlier call");
	resp_free(&r);
	long members =
	    count(s, tstr("SELECT count(*) FROM board_member WHERE call_id = %ld", v.call));
	long mails = count(s, "SELECT count(*) FROM outbox");
	long audits = count(s, CHANGES);
	/* Lines with faults: each named with its line, nobody added. */
	const char *text = TRANSFER_MEMBER "\n"
	                                   "niemand@test.example\n\n" DEMO_SUBMITTER
	                                   "\n" FACH_MEMBER "\n" TRANSFER_MEMBER;
	http_post_csrf(admin, many, tstr("emails=%s", tenc(text)), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "nobody has been added");
	assert_body_has(&r, "Line 2 (niemand@test.example): No account has this e-mail address.");
	assert_body_has(&r, "Line 4 (" DEMO_SUBMITTER "): This account does not hold the advisory "
	                    "board role");
	assert_body_has(&r, "Line 5 (" FACH_MEMBER "): Already a member of this board.");
	assert_body_has(&r, "Line 6 (" TRANSFER_MEMBER "): Named twice in this list.");
	assert_body_lacks(&r, "Line 1 ");
	/* What was typed is kept. */
	assert_body_has(&r, "niemand@test.example\n");
	resp_free(&r);
	assert_int_equal(
	    count(s, tstr("SELECT count(*) FROM board_member WHERE call_id = %ld", v.call)),
	    members);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails);
	assert_int_equal(count(s, CHANGES), audits);
	/* Nothing at all. */
	get_ok(admin, board);
	http_post_csrf(admin, many, "emails=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Please pick at least one account or enter at least one e-mail");
	resp_free(&r);

	/* One picked, two pasted (commas separate too), all for the network. */
	long transfer = user_id(s, TRANSFER_MEMBER);
	get_ok(admin, board);
	http_post_csrf(admin, many,
	               tstr("pick_0=%ld&emails=%s&many_constituency=network", transfer,
	                    tenc(NETZ_MEMBER ", " FACHSTELLE_MEMBER)),
	               &r);
	assert_redirect(&r, board);
	resp_free(&r);
	assert_int_equal(count(s, tstr("SELECT count(*) FROM board_member WHERE call_id = %ld AND "
	                               "constituency = 'network' AND user_id IN (SELECT id FROM "
	                               "user_account WHERE email IN ('%s', '%s', '%s'))",
	                               v.call, TRANSFER_MEMBER, NETZ_MEMBER, FACHSTELLE_MEMBER)),
	                 3);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails + 3);
	char *mail = srv_sql_text(s, tstr("SELECT body FROM outbox WHERE to_addr = '%s' ORDER BY "
	                                  "id DESC LIMIT 1",
	                                  FACHSTELLE_MEMBER));
	assert_non_null(strstr(mail, "Testrunde Gremium"));
	assert_non_null(strstr(mail, "Network"));
	assert_non_null(strstr(mail, "The review has started"));
	free(mail);
	assert_int_equal(count(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                               "'board.add' AND object = 'call:%ld'",
	                               v.call)),
	                 members + 3);
	http_get(admin, board, &r);
	assert_body_has(&r, name_of(s, FACHSTELLE_MEMBER));
	resp_free(&r);
	client_free(admin);
}

static void
test_copy_board_and_review_start_mail(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 20, 24);
	/* A new call, open until yesterday, with the same rubric. */
	srv_sql_exec(
	    s, tstr("INSERT INTO call(title, body, opens_at, closes_at, review_until, "
	            "meeting_at, phase, created_at, updated_at) VALUES ('Folgerunde', '', " NOW
	            " - 30 * %d, " NOW " - %d, " NOW " + 20 * %d, " NOW " + 30 * %d, "
	            "'open', " NOW ", " NOW ")",
	            DAY, DAY, DAY, DAY));
	long next = count(s, "SELECT max(id) FROM call");
	srv_sql_exec(s, tstr("INSERT INTO criterion(call_id, key, parent_key, label_de, label_en, "
	                     "guidance_de, guidance_en, weight, position) SELECT %ld, key, "
	                     "parent_key, label_de, label_en, guidance_de, guidance_en, weight, "
	                     "position FROM criterion WHERE call_id = %ld",
	                     next, v.call));
	srv_sql_exec(s, tstr("INSERT INTO scale_level(call_id, level, label_de, label_en) SELECT "
	                     "%ld, level, label_de, label_en FROM scale_level WHERE call_id = %ld",
	                     next, v.call));
	/* C has left: deactivated, skipped. */
	srv_sql_exec(s, tstr("UPDATE user_account SET active = 0 WHERE id = %ld", v.c));
	const char *board = tstr("/admin/ausschreibungen/%ld/gremium", next);
	const char *copy = tstr("%s/kopieren", board);
	office_only_post(s, copy, tstr("from=%ld", v.call));

	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	long a_joined = mails_to(s, DEMO_BOARD, "You are on the advisory board%");
	http_get(admin, board, &r);
	assert_body_has(&r, "Testrunde Gremium (3 members)");
	resp_free(&r);
	/* Its own board, or no call: refused at the field. */
	http_post_csrf(admin, copy, tstr("from=%ld", next), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Please choose one of the options.");
	resp_free(&r);
	get_ok(admin, board);
	http_post_csrf(admin, copy, tstr("from=%ld", v.call), &r);
	assert_redirect(&r, board);
	resp_free(&r);
	assert_int_equal(
	    count(s, tstr("SELECT count(*) FROM board_member WHERE call_id = %ld", next)), 2);
	char *cons = srv_sql_text(s, tstr("SELECT constituency FROM board_member WHERE call_id = "
	                                  "%ld AND user_id = %ld",
	                                  next, v.b));
	assert_string_equal(cons, "network");
	free(cons);
	assert_int_equal(mails_to(s, DEMO_BOARD, "You are on the advisory board%"), a_joined + 1);
	char *details = srv_sql_text(s, tstr("SELECT details FROM audit_event WHERE action = "
	                                     "'board.copy' AND object = 'call:%ld'",
	                                     next));
	assert_non_null(strstr(details, "\"added\":2"));
	assert_non_null(strstr(details, "\"skipped\":1"));
	free(details);
	/* Again: nobody left to copy, nothing sent. */
	long mails = count(s, "SELECT count(*) FROM outbox");
	get_ok(admin, board);
	http_post_csrf(admin, copy, tstr("from=%ld", v.call), &r);
	assert_redirect(&r, board);
	resp_free(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails);

	/* The review starts: every active member is told, once. */
	const char *page = tstr("/admin/ausschreibungen/%ld", next);
	get_ok(admin, page);
	http_post_csrf(admin, tstr("%s/phase", page), "phase=review", &r);
	assert_redirect(&r, page);
	resp_free(&r);
	assert_int_equal(mails_to(s, DEMO_BOARD, "The board review of the call \"Folgerunde\"%"),
	                 1);
	assert_int_equal(mails_to(s, NETWORK_MEMBER,
	                          "The board review of the call "
	                          "\"Folgerunde\"%"),
	                 1);
	assert_int_equal(mails_to(s, FACH_MEMBER, "The board review%"), 0);
	assert_int_equal(count(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                               "'board.review_mail' AND object = 'call:%ld'",
	                               next)),
	                 1);
	client_free(admin);
}

static void
test_reminder_by_hand_once_a_day(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	review_setup(s, &v, 20, 24);
	const char *progress = tstr("/admin/ausschreibungen/%ld/fortschritt", v.call);
	const char *remind_b = tstr("%s/%ld/erinnern", progress, v.b);
	office_only_post(s, remind_b, "");

	struct client *admin = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(admin, progress, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Remind Bea Netz now");
	resp_free(&r);
	long before = mails_to(s, NETWORK_MEMBER, "Reminder:%");
	http_post_csrf(admin, remind_b, "", &r);
	assert_redirect(&r, progress);
	resp_free(&r);
	assert_int_equal(mails_to(s, NETWORK_MEMBER, "Reminder:%"), before + 1);
	char *mail = srv_sql_text(s, tstr("SELECT body FROM outbox WHERE to_addr = '%s' ORDER BY "
	                                  "id DESC LIMIT 1",
	                                  NETWORK_MEMBER));
	/* B is conflicted on P1: only P2 is named. */
	assert_non_null(strstr(mail, "the coordination office reminds you"));
	assert_non_null(strstr(mail, "Pflegebrücke München"));
	assert_null(strstr(mail, "Lotsen Stuttgart"));
	free(mail);
	assert_int_equal(count(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                               "'review.remind_by_hand' AND object = 'call:%ld'",
	                               v.call)),
	                 1);
	http_get(admin, progress, &r);
	assert_body_has(&r, "The reminder has been sent.");
	assert_body_has(&r, "(once a day)");
	assert_body_lacks(&r, "Remind Bea Netz now");
	resp_free(&r);

	/* A second one the same day (a second tab): refused, nothing changes. */
	long mails = count(s, "SELECT count(*) FROM outbox");
	long audits = count(s, CHANGES);
	http_post_csrf(admin, remind_b, "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "already been reminded by hand today");
	assert_body_has(&r, "nothing has been sent");
	resp_free(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails);
	assert_int_equal(count(s, CHANGES), audits);
	assert_int_equal(count(s, "SELECT count(*) FROM review_manual_reminder"), 1);

	/* C may be reminded the same day; once C has rated everything, there is nothing to
	 * remind of. Someone not on the board: 404. */
	srv_sql_exec(s, tstr("INSERT INTO review(proposal_id, user_id, state, recommendation, "
	                     "created_at, updated_at, submitted_at) VALUES (%ld, %ld, 'submitted', "
	                     "'select', 1, 1, 1), (%ld, %ld, 'submitted', 'select', 1, 1, 1)",
	                     v.p1, v.c, v.p2, v.c));
	get_ok(admin, progress);
	http_post_csrf(admin, tstr("%s/%ld/erinnern", progress, v.c), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "This member has no rating missing.");
	resp_free(&r);
	get_ok(admin, progress);
	http_post_csrf(admin, tstr("%s/%ld/erinnern", progress, user_id(s, DEMO_SUBMITTER)), "",
	               &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* After the deadline: refused. */
	srv_sql_exec(s, tstr("UPDATE call SET review_until = " NOW " - 60 WHERE id = %ld", v.call));
	get_ok(admin, progress);
	http_post_csrf(admin, tstr("%s/%ld/erinnern", progress, v.a), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "only be sent while the review is running");
	resp_free(&r);
	assert_int_equal(count(s, "SELECT count(*) FROM outbox"), mails);
	client_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_office_tasks_count_the_demo, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_member_sees_own_ratings_due, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_add_several_members, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_copy_board_and_review_start_mail, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_reminder_by_hand_once_a_day, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

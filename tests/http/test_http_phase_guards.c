/* HTTP integration tests of the phase changes' preconditions (issue #10, point 1): each
 * guard refuses with the list of what is not ready and changes nothing; the override with a
 * reason moves the call and is audited with the list; a forged step, a blank reason and a
 * missing CSRF token change nothing; a draft of a call that has moved on cannot be edited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "decision_fixture.h"

static const char *
call_page(long call)
{
	return tstr("/admin/ausschreibungen/%ld", call);
}

/* POSTs the phase form (form: "phase=…[&reason=…]") with the token of the call's page. */
static long
phase(struct client *c, long call, const char *form, struct resp *r)
{
	return post_from(c, call_page(call), tstr("%s/phase", call_page(call)), form, r);
}

static const char *
phase_of(struct srv *s, long call)
{
	return srv_sql_value(s, tstr("SELECT phase FROM call WHERE id = %ld", call));
}

static long
phase_events(struct srv *s, long call)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = 'call:%ld' "
	                            "AND action = 'call.phase'",
	                            call));
}

/* How often the finding of this kind is listed on the page. */
static int
listed(const struct resp *r, const char *kind)
{
	int n = 0;
	const char *needle = tstr("data-kind=\"%s\"", kind);
	for (const char *p = r->body; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The details of the call's latest phase change in the audit log. */
static const char *
last_phase_details(struct srv *s, long call)
{
	return srv_sql_value(s, tstr("SELECT details FROM audit_event WHERE object = 'call:%ld' "
	                             "AND action = 'call.phase' ORDER BY seq DESC LIMIT 1",
	                             call));
}

/* open → review: the demo's open call is weeks before its deadline, has no board and two
 * proposals waiting for their formal check. */
static void
test_open_to_review(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = srv_first_call(s, "open");
	long draft = srv_first_proposal(s, "draft");
	struct resp r;

	/* The call's page lists it before anything is asked. */
	http_get(c, call_page(call), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "id=\"readiness\"");
	assert_int_equal(listed(&r, "deadline_ahead"), 1);
	resp_free(&r);

	/* The step without a reason: refused with the list and its links, nothing changed. */
	long events = phase_events(s, call);
	phase(c, call, "phase=review", &r);
	assert_status(&r, 409);
	assert_int_equal(listed(&r, "deadline_ahead"), 1);
	assert_int_equal(listed(&r, "unchecked"), 2);
	assert_int_equal(listed(&r, "constituencies"), 1);
	assert_int_equal(listed(&r, "criterion") + listed(&r, "no_criteria") + listed(&r, "scale"),
	                 0);
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/bearbeiten\"", call));
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/gremium\"", call));
	assert_body_has(
	    &r, tstr("href=\"/admin/vorschlaege/%ld\"", srv_first_proposal(s, "submitted")));
	assert_body_has(&r, "name=\"reason\"");
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "open");
	assert_int_equal(phase_events(s, call), events);

	/* A blank reason is no reason: refused at the field. */
	phase(c, call, "phase=review&override=1&reason=+%0A+", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "aria-invalid=\"true\"");
	resp_free(&r);
	/* A forged skip, and the step without the token, change nothing either. */
	phase(c, call, "phase=closed&reason=Abk%C3%BCrzung", &r);
	assert_status(&r, 409);
	resp_free(&r);
	http_post_form(c, tstr("%s/phase", call_page(call)), "phase=review&reason=Ohne+Token", &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "open");
	assert_int_equal(phase_events(s, call), events);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE call_id = %ld "
	                                      "AND state = 'in_review'",
	                                      call)),
	                 0);

	/* With a reason it moves, and the audit log keeps the reason and what was overridden. */
	phase(c, call,
	      "phase=review&override=1&reason=Vorzeitiger+Abschluss%3A+die+Sitzung+wurde+"
	      "vorgezogen.",
	      &r);
	assert_redirect(&r, call_page(call));
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "review");
	const char *details = last_phase_details(s, call);
	assert_non_null(strstr(details, "Vorzeitiger Abschluss"));
	assert_non_null(strstr(details, "\"deadline_ahead\""));
	assert_non_null(strstr(details, "\"unchecked\""));
	assert_non_null(strstr(details, "\"constituencies\""));
	client_free(c);

	/* The sub-project's draft: no edit button, the reason why, and no time left beside a
	 * closed call; the edit page and the save are refused. */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, tstr("/vorschlag/%ld", draft), &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, tstr("/vorschlag/%ld/bearbeiten", draft));
	assert_true(html_has(r.body, "kann nicht mehr bearbeitet oder eingereicht werden"));
	assert_true(html_has(r.body, "für Einreichungen geschlossen"));
	/* "Noch 35 Tage und 3 Stunden" is gone. */
	assert_body_lacks(&r, " Tage und ");
	resp_free(&r);
	http_get(sub, tstr("/vorschlag/%ld/bearbeiten", draft), &r);
	assert_status(&r, 303);
	resp_free(&r);
	post_from(sub, tstr("/vorschlag/%ld", draft), tstr("/vorschlag/%ld/bearbeiten", draft),
	          "title=Gekapert", &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND title = "
	                         "'Gekapert'",
	                         draft)),
	    0);
	client_free(sub);
}

/* review → deciding: the demo's call in review has members with ratings missing; the
 * per-call minimum of ratings is a setting of the review. */
static void
test_review_to_deciding(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = srv_first_call(s, "review");
	long in_review = srv_sql_long(
	    s, tstr("SELECT count(*) FROM proposal WHERE call_id = %ld AND state = 'in_review'",
	            call));
	struct resp r;
	long events = phase_events(s, call);
	phase(c, call, "phase=deciding", &r);
	assert_status(&r, 409);
	assert_true(listed(&r, "member_missing") >= 1);
	assert_body_has(&r, tstr("href=\"/admin/ausschreibungen/%ld/fortschritt\"", call));
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "review");
	assert_int_equal(phase_events(s, call), events);

	/* The minimum: out of range refused, then raised above what anyone has. */
	const char *board = tstr("%s/gremium", call_page(call));
	post_from(c, board, tstr("%s/einstellungen", board), "hide_until_own=1&min_ratings=0", &r);
	assert_status(&r, 422);
	resp_free(&r);
	post_from(c, board, tstr("%s/einstellungen", board), "hide_until_own=1&min_ratings=9", &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s,
	                 tstr("SELECT min_ratings FROM review_setting WHERE call_id = %ld", call)),
	    9);
	http_get(c, call_page(call), &r);
	assert_int_equal(listed(&r, "few_ratings"), (int)in_review);
	resp_free(&r);

	phase(c, call, "phase=deciding&reason=Das+Gremium+tagt+trotzdem.", &r);
	assert_redirect(&r, call_page(call));
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "deciding");
	const char *details = last_phase_details(s, call);
	assert_non_null(strstr(details, "\"few_ratings\""));
	assert_non_null(strstr(details, "\"member_missing\""));
	client_free(c);
}

/* deciding → closed: every proposal decided, every letter sent, the record issued. */
static void
test_deciding_to_closed(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	struct resp r;
	phase(c, call, "phase=closed", &r);
	assert_status(&r, 409);
	assert_int_equal(listed(&r, "undecided"), 4);
	assert_int_equal(listed(&r, "letter_unsent") + listed(&r, "record_missing"), 0);
	resp_free(&r);

	/* One decision: its letter and the record are due now. */
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	decide(s, c, call, pid, "selected", all_yes, "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	phase(c, call, "phase=closed", &r);
	assert_status(&r, 409);
	assert_int_equal(listed(&r, "undecided"), 3);
	assert_int_equal(listed(&r, "letter_unsent"), 1);
	assert_int_equal(listed(&r, "record_missing"), 1);
	assert_body_has(&r, tstr("href=\"/admin/vorschlaege/%ld/beschluss\"", pid));
	resp_free(&r);

	/* The letter sent and the record issued: only the undecided ones are left. */
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *sitzung = tstr("%s/sitzung", call_page(call));
	post_from(c, sitzung, tstr("%s/protokoll", call_page(call)), "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	long events = phase_events(s, call);
	phase(c, call, "phase=closed", &r);
	assert_status(&r, 409);
	assert_int_equal(listed(&r, "undecided"), 3);
	assert_int_equal(listed(&r, "letter_unsent") + listed(&r, "record_missing"), 0);
	resp_free(&r);
	assert_int_equal(phase_events(s, call), events);

	phase(c, call, "phase=closed&reason=Die+%C3%BCbrigen+Vorschl%C3%A4ge+ruhen.", &r);
	assert_redirect(&r, call_page(call));
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "closed");
	assert_non_null(strstr(last_phase_details(s, call), "\"undecided\""));
	client_free(c);
}

/* A call that is ready moves without a reason, and its event carries none: the open call
 * made ready in the database (deadline passed, formal check done, the review call's board). */
static void
test_ready_call_moves_without_reason(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = srv_first_call(s, "open"), review = srv_first_call(s, "review");
	srv_sql_exec(s, tstr("UPDATE call SET opens_at = opens_at - 8640000, closes_at = "
	                     "strftime('%%s', 'now') - 60 WHERE id = %ld",
	                     call));
	srv_sql_exec(s, tstr("UPDATE proposal SET state = 'eligible' WHERE call_id = %ld AND "
	                     "state IN ('submitted', 'resubmitted')",
	                     call));
	srv_sql_exec(s, tstr("INSERT INTO board_member(call_id, user_id, constituency, added_by, "
	                     "added_at) SELECT %ld, user_id, constituency, added_by, added_at "
	                     "FROM board_member WHERE call_id = %ld",
	                     call, review));
	struct resp r;
	http_get(c, call_page(call), &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "id=\"readiness\"");
	resp_free(&r);
	phase(c, call, "phase=review", &r);
	assert_redirect(&r, call_page(call));
	resp_free(&r);
	assert_string_equal(phase_of(s, call), "review");
	assert_null(strstr(last_phase_details(s, call), "override"));
	client_free(c);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_open_to_review),
	    T(test_review_to_deciding),
	    T(test_deciding_to_closed),
	    T(test_ready_call_moves_without_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

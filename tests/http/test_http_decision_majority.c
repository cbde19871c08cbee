/* HTTP integration tests of decisions that agree with their own record (issue #10, point
 * 2): an outcome against the majority of the votes needs its reason, the record states
 * both comparisons, a meeting dated in the future takes no votes and cannot be moved
 * there once votes exist, and the letter carries the meeting's date. */
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

/* Saves the meeting of the call held at `when` ("2099-01-01T10:00") with every member. */
static long
meeting_at(struct srv *s, struct client *c, long call, const char *when, struct resp *r)
{
	const char *members[] = {M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE};
	const char *form = tstr("held_at=%s&notes=", when);
	for (int i = 0; i < 4; i++)
		form = tstr("%s&m_%d=%ld&p_%d=1", form, i, user(s, members[i]), i);
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung", call);
	return post_from(c, page, page, form, r);
}

static const char *
held_at(struct srv *s, long call)
{
	return srv_sql_value(s, tstr("SELECT held_at FROM meeting WHERE call_id = %ld", call));
}

/* Three yes, no no, and "not selected": refused without the reason, as the issue found it
 * taken; with it, the record says the outcome goes against the votes and the scores. */
static void
test_outcome_against_the_votes_needs_a_reason(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	const char *before = fingerprint(s);
	const char *deviation = "&deviation_reason=Die+Finanzierung+endet+2026.";
	struct resp r;
	decide(s, c, call, pid, "not_selected", all_yes, deviation, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-vote_reason\"");
	assert_true(html_has(r.body, "widerspricht der Mehrheit der Stimmen"));
	resp_free(&r);
	decide(s, c, call, pid, "not_selected", all_yes, tstr("%s&vote_reason=+++", deviation), &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT state FROM proposal WHERE id = %ld", pid)), "in_review");

	decide(s, c, call, pid, "not_selected", all_yes,
	       tstr("%s&vote_reason=Nach+der+Abstimmung+zog+der+Tr%%C3%%A4ger+zur%%C3%%BCck.",
	            deviation),
	       &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT v.vote_reason FROM decision_version v JOIN decision d ON "
	                          "d.id = v.decision_id WHERE d.proposal_id = %ld",
	                          pid)),
	    "Nach der Abstimmung zog der Träger zurück.");
	assert_non_null(strstr(srv_sql_value(s, tstr("SELECT details FROM audit_event WHERE "
	                                             "object = 'proposal:%ld' AND action = "
	                                             "'decision.record'",
	                                             pid)),
	                       "\"against_votes\":true"));
	http_get(c, tstr("/admin/vorschlaege/%ld/beschluss", pid), &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, "Das Ergebnis weicht von den Bewertungen ab"));
	assert_true(html_has(r.body, "Das Ergebnis widerspricht der Mehrheit der Stimmen"));
	assert_true(html_has(r.body, "Nach der Abstimmung zog der Träger zurück."));
	assert_body_lacks(&r, "folgt der Empfehlung");
	resp_free(&r);
	/* The chain still verifies the version with its new reason. */
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
	client_free(c);
}

/* A meeting still to come takes no votes; once votes exist it cannot be moved ahead; the
 * letter names the day the meeting was held. */
static void
test_meeting_date_and_letter(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	struct resp r;
	/* Planned ahead: that may be saved, but no vote is taken for it. */
	meeting_at(s, c, call, "2099-01-15T10:00", &r);
	assert_status(&r, 303);
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld/sitzung", call), &r);
	assert_true(html_has(r.body, "noch bevorsteht"));
	assert_body_lacks(&r, "anwesend:");
	resp_free(&r);
	const char *before = fingerprint(s);
	decide(s, c, call, pid, "selected", all_yes, "", &r);
	assert_status(&r, 409);
	assert_true(html_has(r.body, "in der Zukunft"));
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* Held: the votes are taken; then the date cannot move ahead again. */
	meeting_at(s, c, call, "2024-11-27T10:00", &r);
	assert_status(&r, 303);
	resp_free(&r);
	decide(s, c, call, pid, "selected", all_yes, "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *held = held_at(s, call);
	meeting_at(s, c, call, "2099-01-15T10:00", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "aria-invalid=\"true\"");
	resp_free(&r);
	assert_string_equal(held_at(s, call), held);

	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "27.11.2024"));
	free(mail);
	client_free(c);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_outcome_against_the_votes_needs_a_reason),
	    T(test_meeting_date_and_letter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

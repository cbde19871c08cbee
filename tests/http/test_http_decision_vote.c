/* HTTP integration tests of the board's vote, on the demo's call in its deciding phase:
 * recusals, the refusals that change nothing, the amendment trail, `leuchtturm audit verify`
 * noticing a changed vote, and who on the board sees the decision. */
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

/* ---- recusals ---- */

static void
test_conflicted_member_cannot_vote(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_HANNOVER);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	/* The form shows Brandt as recused, with no vote to give. */
	struct resp r;
	http_get(c, tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid), &r);
	assert_status(&r, 200);
	char *brandt = str_between(r.body, "<strong>Stefan Brandt</strong>", "</div>");
	assert_non_null(brandt);
	assert_non_null(strstr(brandt, "recused"));
	assert_null(strstr(brandt, "<select"));
	free(brandt);
	resp_free(&r);

	const char *before = fingerprint(s);
	decide(s, c, call, pid, "not_selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "conflict of interest on the proposal and is recused");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	const char *const without[] = {M_FUNDER ":no", M_TRANSFER ":no", M_FACHSTELLE ":abstain",
	                               NULL};
	decide(s, c, call, pid, "not_selected", without, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	char *vote =
	    srv_sql_text(s, tstr("SELECT v.vote FROM decision_vote v JOIN decision_version dv "
	                         "ON dv.id = v.version_id JOIN decision d ON d.id = "
	                         "dv.decision_id WHERE d.proposal_id = %ld AND v.user_id = %ld",
	                         pid, user(s, M_NETWORK)));
	assert_string_equal(vote, "recused");
	free(vote);
	char *st = srv_sql_text(s, tstr("SELECT state FROM proposal WHERE id = %ld", pid));
	assert_string_equal(st, "not_selected");
	free(st);
	/* The declared conflict works the same way. */
	long bremen = proposal(s, T_BREMEN);
	before = fingerprint(s);
	decide(s, c, call, bremen, "not_selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "is recused");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

/* ---- refusals ---- */

static void
test_refusals_change_nothing(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	struct resp r;

	/* No meeting recorded yet. */
	const char *before = fingerprint(s);
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 409);
	assert_body_has(&r, "record the meeting");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* A vote by a member who was not at the meeting, or marked absent. */
	meeting(s, c, call, M_FUNDER, M_NETWORK, M_FACHSTELLE, NULL);
	before = fingerprint(s);
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "was not present and cannot vote");
	resp_free(&r);
	const char *const marked[] = {M_FUNDER ":absent:yes", M_NETWORK ":yes", M_FACHSTELLE ":yes",
	                              NULL};
	decide(s, c, call, pid, "selected", marked, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "was not present and cannot vote");
	resp_free(&r);

	/* Every criterion met, not selected, no reason for the deviation. */
	const char *const present[] = {M_FUNDER ":no", M_NETWORK ":no", M_FACHSTELLE ":no", NULL};
	decide(s, c, call, pid, "not_selected", present, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "differs from what the scores recommend");
	resp_free(&r);
	/* A missing vote, a missing justification. */
	const char *const missing[] = {M_FUNDER ":yes", M_NETWORK ":", M_FACHSTELLE ":yes", NULL};
	decide(s, c, call, pid, "selected", missing, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "vote of every member present");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* Decided; then a second decision, and an amendment without a reason. */
	const char *const ok[] = {M_FUNDER ":yes", M_NETWORK ":yes", M_FACHSTELLE ":abstain", NULL};
	decide(s, c, call, pid, "selected", ok, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	before = fingerprint(s);
	decide(s, c, call, pid, "selected", ok, NULL, &r);
	assert_status(&r, 409);
	assert_body_has(&r, "decided already");
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/aendern", dpage),
	          tstr("outcome=deferred&conditions=X%s%s", ballots(s, ok),
	               justifications(s, call, "Neu.")),
	          &r);
	assert_status(&r, 422);
	assert_body_has(&r, "An amendment needs a reason");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* A letter for a withdrawn proposal. */
	long withdrawn =
	    srv_sql_long(s, "SELECT id FROM proposal WHERE state = 'withdrawn' LIMIT 1");
	assert_true(withdrawn > 0);
	post_from(c, tstr("/admin/vorschlaege/%ld/beschluss", withdrawn),
	          tstr("/admin/vorschlaege/%ld/beschluss/brief", withdrawn), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "has been withdrawn");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

/* ---- the amendment trail ---- */

static void
test_amendment_trail(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	const char *const no[] = {M_FUNDER ":no", M_TRANSFER ":no", M_NETWORK ":no",
	                          M_FACHSTELLE ":yes", NULL};
	decide(s, c, call, pid, "not_selected", no, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	const char *const later[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":no",
	                             M_FACHSTELLE ":yes", NULL};
	post_from(c, dpage, tstr("%s/aendern", dpage),
	          tstr("outcome=deferred&conditions=%s&amendment_reason=%s%s%s",
	               tenc("Eine zweite Gruppe abschließen."),
	               tenc("Die Kammer hat nach der Sitzung die Finanzierung zugesagt."),
	               ballots(s, later), justifications(s, call, "Aussichtsreich.")),
	          &r);
	assert_redirect(&r, dpage);
	resp_free(&r);
	http_get(c, dpage, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Version 2 (current)");
	assert_body_has(&r, "Version 1");
	assert_true(html_has(r.body, "Die Kammer hat nach der Sitzung die Finanzierung zugesagt."));
	assert_true(html_has(r.body, "Eine zweite Gruppe abschließen."));
	assert_body_has(&r, "Not selected");
	assert_body_has(&r, "Deferred");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM decision_version v JOIN decision d "
	                         "ON d.id = v.decision_id WHERE d.proposal_id = %ld",
	                         pid)),
	    2);
	/* The proposal's whole history in the audit log. */
	http_get(c, tstr("/admin/protokoll?objekt=proposal:%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "decision.record");
	assert_body_has(&r, "decision.amend");
	assert_body_has(&r, "decision.vote");
	resp_free(&r);
	/* The office's proposal page links to it. */
	http_get(c, tstr("/admin/vorschlaege/%ld", pid), &r);
	assert_body_has(&r, tstr("/admin/protokoll?objekt=proposal:%ld", pid));
	resp_free(&r);
	/* The demo's closed call shows an amended decision too. */
	long demo = proposal(s, "Praxistag Kompetenzfeststellung");
	http_get(c, tstr("/admin/vorschlaege/%ld/beschluss", demo), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Version 2 (current)");
	resp_free(&r);
	client_free(c);
}

/* ---- audit verify ---- */

static void
test_verify_detects_changed_vote(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	client_free(c);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	assert_non_null(strstr(out, "decision records match"));
	free(out);
	/* Behind the application's back: the guard dropped, one vote turned round. */
	assert_int_equal(
	    srv_sql(s,
	            tstr("DROP TRIGGER decision_vote_no_update%s; UPDATE decision_vote "
	                 "SET vote = 'no' WHERE user_id = %ld AND version_id = (SELECT "
	                 "v.id FROM decision_version v JOIN decision d ON d.id = "
	                 "v.decision_id WHERE d.proposal_id = %ld)",
	                 srv_on_pg(s) ? " ON decision_vote" : "", user(s, M_FUNDER), pid),
	            NULL),
	    0);
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 1);
	assert_non_null(strstr(out, "decision records CHANGED"));
	assert_non_null(strstr(out, tstr("proposal %ld version 1", pid)));
	free(out);
}

/* Board members see decisions (DESIGN.md §3), read-only; a conflicted one does not. */
static void
test_board_sees_the_decision_unless_conflicted(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG),
	     hannover = proposal(s, T_HANNOVER);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(s, c, call, pid, "selected", all_yes,
	       tstr("&deviation_reason=%s", tenc("Der Bedarf im Handwerk ist besonders groß.")),
	       &r);
	assert_status(&r, 303);
	resp_free(&r);
	struct client *m = client_new(s);
	assert_int_equal(login(m, M_TRANSFER, DEMO_PASSWORD), 0);
	http_get(m, tstr("/gremium/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("/gremium/vorschlag/%ld/beschluss", pid));
	resp_free(&r);
	http_get(m, tstr("/gremium/vorschlag/%ld/beschluss", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Das Gremium würdigt den Ansatz.");
	assert_body_lacks(&r, "/aendern"); /* no amendment form for members */
	resp_free(&r);
	/* The member conflicted automatically on Hannover does not reach its decision page. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, M_NETWORK, DEMO_PASSWORD), 0);
	http_get(b, tstr("/gremium/vorschlag/%ld/beschluss", hannover), &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(b);
	client_free(m);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_conflicted_member_cannot_vote, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_amendment_trail, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_detects_changed_vote, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_sees_the_decision_unless_conflicted,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

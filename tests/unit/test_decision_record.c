/* Decisions: amendments that keep both versions, and the re-check of the stored versions
 * against the audit chain. */
#include "domain/agreement.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/letter.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400

/* ---- with storage ---- */

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t call, later_call, network, tp_a, tp_b, funder;
	int64_t admin, m1, m2, m3, submitter;
	struct user u_admin, u1, u2, u3;
	int64_t p_a, p_b; /* m3 works for p_a's network: conflicted */
	int64_t leaf[REVIEW_MAX_CRITERIA];
	size_t nleaf;
};
static const struct store_query q_drop_trigger = {"t_decision_drop_trigger",
                                                  "DROP TRIGGER decision_vote_no_update"};
static const struct store_query q_tamper = {
    "t_decision_tamper",
    "UPDATE decision_vote SET vote = 'no' WHERE user_id = ?1 AND vote = 'yes'"};

/* A submitted rating with the same score on every criterion. */
static void
rate(struct fixture *f, const struct user *u, int64_t pid, int score, const char *why)
{
	struct review r;
	memset(&r, 0, sizeof r);
	for (size_t i = 0; i < f->nleaf; i++)
		r.scores[r.nscores++] = (struct review_score){f->leaf[i], score, why};
	r.recommendation = score >= 2 ? REC_SELECT : REC_DONT_SELECT;
	r.comment = "";
	struct review_problem pr[32];
	size_t npr;
	assert_int_equal(review_save(f->s, u, pid, &r, true, pr, 32, &npr), REVIEW_OK);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "decision");
	time_set_fake(T0);
	struct store *s = f->s;
	f->funder = organisation_create(s, 0, "BMAS", "BMAS", "funder", 0, "");
	f->network = organisation_create(s, 0, "IQ Netzwerk Berlin", "", "network", 0, "Berlin");
	int64_t other = organisation_create(s, 0, "IQ Netzwerk Bayern", "", "network", 0, "Bayern");
	f->tp_a = organisation_create(s, 0, "TP Berlin", "", "teilprojekt", f->network, "Berlin");
	f->tp_b = organisation_create(s, 0, "TP München", "", "teilprojekt", other, "Bayern");
	f->admin = user_create(s, 0, "office@example.org", "Office", NULL, ROLE_ADMIN, 0);
	assert_true(user_find_by_id(s, &f->a, f->admin, &f->u_admin));
	f->m1 = add_board_member(s, &f->a, "m1@example.org", "Rita Raterin", f->funder, "funder",
	                         &f->u1);
	f->m2 = add_board_member(s, &f->a, "m2@example.org", "Bernd Bewerter", f->funder, "funder",
	                         &f->u2);
	f->m3 = add_board_member(s, &f->a, "m3@example.org", "Nora Netzwerk", f->network, "network",
	                         &f->u3);
	f->submitter =
	    user_create(s, 0, "tp@example.org", "Tina Projekt", NULL, ROLE_SUBMITTER, f->tp_a);
	assert_true(f->submitter > 0);
	f->call = call_create(s, f->admin, "Runde 2027", "", T0 - 20 * DAY, T0 - 10 * DAY,
	                      T0 + 7 * DAY, T0 + 14 * DAY);
	f->later_call = call_create(s, f->admin, "Runde 2028", "", T0 + 20 * DAY, T0 + 30 * DAY,
	                            T0 + 40 * DAY, T0 + 50 * DAY);
	assert_true(f->call > 0 && f->later_call > 0);
	f->p_a = add_eligible_proposal(s, f->call, f->tp_a, "Lotsen Berlin", f->admin);
	f->p_b = add_eligible_proposal(s, f->call, f->tp_b, "Pflege München", f->admin);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m1, NULL), REVIEW_OK);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m2, NULL), REVIEW_OK);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m3, "network"), REVIEW_OK);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_OPEN), 0);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_REVIEW), 0);
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	f->nleaf = review_leaf_criteria(s, &f->a, f->call, leaves, REVIEW_MAX_CRITERIA);
	assert_int_equal(f->nleaf, 5);
	for (size_t i = 0; i < f->nleaf; i++)
		f->leaf[i] = leaves[i].id;
	/* p_a: every criterion met (3 and 2); p_b: none met (1 and 0). */
	rate(f, &f->u1, f->p_a, 3, "Rita findet: sehr gut übertragbar.");
	rate(f, &f->u2, f->p_a, 2, "Gut dokumentiert.");
	rate(f, &f->u1, f->p_b, 1, "Kaum belegt.");
	rate(f, &f->u2, f->p_b, 0, "Fehlt.");
	rate(f, &f->u3, f->p_b, 1, "Noch nicht erprobt.");
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_DECIDING), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	time_set_fake(0);
	free(f);
	return 0;
}

static void
meeting_all(struct fixture *f)
{
	int64_t present[] = {f->m1, f->m2, f->m3};
	assert_int_equal(decision_meeting_save(f->s, f->admin, f->call, T0 - DAY, "", present, 3),
	                 DECISION_OK);
}

/* An input with every justification given and votes for m1 and m2 (present). */
static void
input(struct fixture *f, struct decision_input *in, enum proposal_state outcome)
{
	memset(in, 0, sizeof *in);
	in->outcome = outcome;
	for (size_t i = 0; i < f->nleaf; i++)
		in->just[in->njust++] = (struct decision_text){
		    f->leaf[i], "Das Gremium würdigt die klare Dokumentation."};
	in->votes[in->nvotes++] =
	    (struct decision_ballot){.user_id = f->m1, .present = true, .vote = VOTE_YES};
	in->votes[in->nvotes++] =
	    (struct decision_ballot){.user_id = f->m2, .present = true, .vote = VOTE_YES};
}

struct counts {
	int64_t decisions, versions, votes, events, mails;
};

/* Runs decision_record in a transaction the way the pages do: commit on success, roll
 * back on any refusal. */
static int
record(struct fixture *f, int64_t pid, const struct decision_input *in)
{
	struct decision_problem pr[32];
	size_t npr;
	assert_int_equal(store_begin(f->s), STORE_OK);
	int rc = decision_record(f->s, &f->u_admin, pid, in, pr, 32, &npr);
	if (rc == DECISION_OK)
		assert_int_equal(store_commit(f->s), STORE_OK);
	else
		store_rollback(f->s);
	return rc;
}

static int
amend(struct fixture *f, int64_t pid, const struct decision_input *in)
{
	struct decision_problem pr[32];
	size_t npr;
	assert_int_equal(store_begin(f->s), STORE_OK);
	int rc = decision_amend(f->s, &f->u_admin, pid, in, pr, 32, &npr);
	if (rc == DECISION_OK)
		assert_int_equal(store_commit(f->s), STORE_OK);
	else
		store_rollback(f->s);
	return rc;
}

static void
test_amendment_keeps_both_versions(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	time_set_fake(T0 + 3600);
	struct decision_input am;
	input(f, &am, PS_DEFERRED);
	am.votes[1].vote = VOTE_NO;
	am.conditions = "Kosten des Transfers belegen.";
	am.amendment_reason = "Die Stimme von Bernd Bewerter war falsch erfasst.";
	assert_int_equal(amend(f, f->p_a, &am), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_a, &d));
	assert_int_equal(d.nversions, 2);
	assert_int_equal(d.versions[0].outcome, PS_SELECTED);
	assert_string_equal(d.versions[0].amendment_reason, "");
	assert_int_equal(d.versions[1].outcome, PS_DEFERRED);
	assert_string_equal(d.versions[1].amendment_reason, am.amendment_reason);
	assert_int_equal(d.versions[0].counts[VOTE_YES], 2);
	assert_int_equal(d.versions[1].counts[VOTE_YES], 1);
	assert_int_equal(d.versions[1].counts[VOTE_NO], 1);
	assert_string_not_equal(d.versions[0].record_hash, d.versions[1].record_hash);
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &p));
	assert_int_equal(p.state, PS_DEFERRED);
	/* The amendment and the one changed vote are audit events. */
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)f->p_a);
	struct audit_filter fl = {.action = "decision.", .object = obj};
	struct audit_event ev[16];
	size_t total;
	audit_list(f->s, &f->a, &fl, ev, 16, 0, &total);
	assert_string_equal(ev[0].action, "decision.amend");
	assert_non_null(strstr(ev[0].details, "falsch erfasst"));
	assert_string_equal(ev[1].action, "decision.vote");
	assert_non_null(strstr(ev[1].details, "\"was\":\"yes\""));
	/* Versions cannot be changed in place. */
	int64_t checked = 0, bad_p = 0, bad_v = 0;
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 0);
	assert_int_equal(checked, 2);
}

static void
test_verify_detects_changed_vote(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	int64_t checked = 0, bad_p = 0, bad_v = 0;
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 0);
	assert_int_equal(checked, 1);
	/* Behind the application's back: the trigger dropped, a vote changed. */
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_drop_trigger)), STORE_OK);
	struct stmt *st = store_stmt(f->s, &q_tamper);
	stmt_bind_int(st, 1, f->m2);
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(store_changes(f->s), 1);
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 1);
	assert_int_equal(bad_p, f->p_a);
	assert_int_equal(bad_v, 1);
	/* The hash chain itself is intact: only the re-check finds the change. */
	assert_int_equal(audit_verify(f->s, &checked), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_amendment_keeps_both_versions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_verify_detects_changed_vote, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

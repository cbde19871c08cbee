/* Decisions: the deviation rule and its reason, recusals following from conflicts, votes
 * of absent members, the refusals that change nothing. */
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

/* ---- the deviation rule, without storage ---- */

static void
test_deviation_rule(void **state)
{
	(void)state;
	/* Selected although not every criterion is met: a deviation. */
	assert_true(decision_deviates(PS_SELECTED, false));
	assert_false(decision_deviates(PS_SELECTED, true));
	/* Not selected although all are met: a deviation. */
	assert_true(decision_deviates(PS_NOT_SELECTED, true));
	assert_false(decision_deviates(PS_NOT_SELECTED, false));
	/* A deferral postpones the verdict: never a deviation. */
	assert_false(decision_deviates(PS_DEFERRED, true));
	assert_false(decision_deviates(PS_DEFERRED, false));
	assert_true(decision_outcome_valid(PS_SELECTED));
	assert_false(decision_outcome_valid(PS_IN_REVIEW));
	assert_int_equal(decision_vote_parse("recused"), VOTE_RECUSED);
	assert_int_equal(decision_vote_parse("maybe"), -1);
}

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

static const struct store_query q_count_rows = {
    "t_decision_count",
    "SELECT (SELECT count(*) FROM decision), (SELECT count(*) FROM decision_version), "
    "(SELECT count(*) FROM decision_vote), (SELECT count(*) FROM audit_event), "
    "(SELECT count(*) FROM outbox)"};

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

static void
count_rows(struct fixture *f, struct counts *c)
{
	struct stmt *st = store_stmt(f->s, &q_count_rows);
	assert_int_equal(stmt_step(st), STORE_ROW);
	c->decisions = stmt_int(st, 0);
	c->versions = stmt_int(st, 1);
	c->votes = stmt_int(st, 2);
	c->events = stmt_int(st, 3);
	c->mails = stmt_int(st, 4);
	stmt_done(st);
}

static void
assert_unchanged(struct fixture *f, const struct counts *before, int64_t pid,
                 enum proposal_state state)
{
	struct counts now;
	count_rows(f, &now);
	assert_memory_equal(&now, before, sizeof now);
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, pid, &p));
	assert_int_equal(p.state, state);
}

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
test_recused_member_cannot_vote(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct counts before;
	count_rows(f, &before);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	in.votes[in.nvotes++] =
	    (struct decision_ballot){.user_id = f->m3, .present = true, .vote = VOTE_NO};
	assert_int_equal(record(f, f->p_a, &in), DECISION_RECUSED);
	assert_unchanged(f, &before, f->p_a, PS_IN_REVIEW);
	/* Without a vote the member is recorded as recused, automatically. */
	in.nvotes--;
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_a, &d));
	const struct decision_version *v = decision_current(&d);
	assert_int_equal(v->number, 1);
	assert_int_equal(v->counts[VOTE_YES], 2);
	assert_int_equal(v->counts[VOTE_RECUSED], 1);
	for (size_t i = 0; i < v->nvotes; i++)
		if (v->votes[i].user_id == f->m3)
			assert_int_equal(v->votes[i].vote, VOTE_RECUSED);
	assert_true(v->all_met);
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &p));
	assert_int_equal(p.state, PS_SELECTED);
	/* Every vote and the decision are in the audit log, on the proposal. */
	struct audit_event ev[16];
	size_t total;
	struct audit_filter fl = {.action = "decision.", .object = "proposal:0"};
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)f->p_a);
	fl.object = obj;
	audit_list(f->s, &f->a, &fl, ev, 16, 0, &total);
	assert_int_equal(total, 4); /* three votes (one recused) and the record */
	assert_string_equal(ev[0].action, "decision.record");
	assert_non_null(strstr(ev[0].details, v->record_hash));
}

static void
test_absent_and_missing_votes(void **state)
{
	struct fixture *f = *state;
	int64_t present[] = {f->m1, f->m3};
	assert_int_equal(decision_meeting_save(f->s, f->admin, f->call, T0 - DAY, "", present, 2),
	                 DECISION_OK);
	struct counts before;
	count_rows(f, &before);
	struct decision_input in;
	input(f, &in, PS_NOT_SELECTED);
	/* m2 was not at the meeting but is given a vote. */
	assert_int_equal(record(f, f->p_b, &in), DECISION_ABSENT);
	assert_unchanged(f, &before, f->p_b, PS_IN_REVIEW);
	/* Present at the meeting, marked absent for this proposal, with a vote. */
	in.votes[1] = (struct decision_ballot){.user_id = f->m3, .present = false, .vote = VOTE_NO};
	assert_int_equal(record(f, f->p_b, &in), DECISION_ABSENT);
	/* Present without a vote. */
	in.votes[1] =
	    (struct decision_ballot){.user_id = f->m3, .present = true, .vote = VOTE_NONE};
	assert_int_equal(record(f, f->p_b, &in), DECISION_VOTE_MISSING);
	/* Someone not on the board. */
	in.votes[1] =
	    (struct decision_ballot){.user_id = f->admin, .present = true, .vote = VOTE_NO};
	assert_int_equal(record(f, f->p_b, &in), DECISION_NOT_MEMBER);
	assert_unchanged(f, &before, f->p_b, PS_IN_REVIEW);
	in.votes[1] =
	    (struct decision_ballot){.user_id = f->m3, .present = true, .vote = VOTE_ABSTAIN};
	assert_int_equal(record(f, f->p_b, &in), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_b, &d));
	assert_int_equal(decision_current(&d)->counts[VOTE_ABSENT], 1);
	assert_int_equal(decision_current(&d)->counts[VOTE_ABSTAIN], 1);
}

static void
test_deviation_reason_required(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct counts before;
	count_rows(f, &before);
	struct decision_input in;
	/* p_a meets every criterion: not selecting it deviates. */
	input(f, &in, PS_NOT_SELECTED);
	assert_int_equal(record(f, f->p_a, &in), DECISION_DEVIATION);
	in.deviation_reason = "   ";
	assert_int_equal(record(f, f->p_a, &in), DECISION_DEVIATION);
	assert_unchanged(f, &before, f->p_a, PS_IN_REVIEW);
	/* p_b meets none: selecting it deviates too. */
	struct decision_input sel;
	input(f, &sel, PS_SELECTED);
	sel.votes[sel.nvotes++] =
	    (struct decision_ballot){.user_id = f->m3, .present = true, .vote = VOTE_YES};
	assert_int_equal(record(f, f->p_b, &sel), DECISION_DEVIATION);
	in.deviation_reason = "Das Angebot wird 2027 eingestellt; ein Transfer ist nicht möglich.";
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_a, &d));
	assert_string_equal(decision_current(&d)->deviation_reason, in.deviation_reason);
	/* A deferral needs conditions, and a later call that is not this one. */
	struct decision_input def;
	input(f, &def, PS_DEFERRED);
	def.votes[def.nvotes++] =
	    (struct decision_ballot){.user_id = f->m3, .present = true, .vote = VOTE_YES};
	assert_int_equal(record(f, f->p_b, &def), DECISION_INVALID);
	def.conditions = "Wirkungsdaten für 2026 nachreichen.";
	def.target_call_id = f->call;
	assert_int_equal(record(f, f->p_b, &def), DECISION_INVALID);
	def.target_call_id = f->later_call;
	def.njust--;
	assert_int_equal(record(f, f->p_b, &def), DECISION_INVALID);
	def.njust++;
	assert_int_equal(record(f, f->p_b, &def), DECISION_OK);
	assert_true(decision_find(f->s, &f->a, f->p_b, &d));
	assert_int_equal(decision_current(&d)->target_call_id, f->later_call);
	assert_string_equal(decision_current(&d)->target_call_title, "Runde 2028");
}

static void
test_refusals_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	/* No meeting yet. */
	assert_int_equal(record(f, f->p_a, &in), DECISION_NO_MEETING);
	meeting_all(f);
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	struct counts before;
	count_rows(f, &before);
	/* A second decision on a decided proposal. */
	assert_int_equal(record(f, f->p_a, &in), DECISION_EXISTS);
	/* An amendment without a reason. */
	assert_int_equal(amend(f, f->p_a, &in), DECISION_NO_REASON);
	in.amendment_reason = " \n ";
	assert_int_equal(amend(f, f->p_a, &in), DECISION_NO_REASON);
	/* Amending what was never decided. */
	in.amendment_reason = "Korrektur";
	assert_int_equal(amend(f, f->p_b, &in), DECISION_NOT_DECIDED);
	/* A letter for a withdrawn proposal. */
	assert_int_equal(store_begin(f->s), STORE_OK);
	int64_t n;
	assert_int_equal(letter_send(f->s, f->admin, f->p_b, &n), DECISION_NOT_DECIDED);
	store_rollback(f->s);
	assert_unchanged(f, &before, f->p_a, PS_SELECTED);
	assert_int_equal(proposal_withdraw(f->s, f->admin, f->p_b), PROPOSAL_OK);
	count_rows(f, &before);
	assert_int_equal(store_begin(f->s), STORE_OK);
	assert_int_equal(letter_send(f->s, f->admin, f->p_b, &n), DECISION_WITHDRAWN);
	store_rollback(f->s);
	struct decision_input nb;
	input(f, &nb, PS_NOT_SELECTED);
	assert_int_equal(record(f, f->p_b, &nb), DECISION_WITHDRAWN);
	assert_unchanged(f, &before, f->p_b, PS_WITHDRAWN);
	/* After the deciding phase no new decision is taken. */
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_CLOSED), 0);
	int64_t present[] = {f->m1};
	assert_int_equal(decision_meeting_save(f->s, f->admin, f->call, T0, "", present, 1),
	                 DECISION_CLOSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deviation_rule),
	    cmocka_unit_test_setup_teardown(test_recused_member_cannot_vote, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_absent_and_missing_votes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deviation_reason_required, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

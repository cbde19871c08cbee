/* Decisions: the votes of a board, recusals following from conflicts and votes of absent
 * members. */
#include "decision_fixture.h"
#include "domain/audit.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

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
	assert_int_equal(meeting_save(f, T0 - DAY, present, 2), DECISION_OK);
	struct counts before;
	count_rows(f, &before);
	struct decision_input in;
	input(f, &in, PS_NOT_SELECTED);
	/* m1 votes with the outcome, so the vote rule asks for no reason here. */
	in.votes[0].vote = VOTE_NO;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_recused_member_cannot_vote, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_absent_and_missing_votes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

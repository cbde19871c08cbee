/* Decisions: the deviation rule and the vote rule, with and without storage, and the
 * reasons a deviating decision needs (and the conditions and later call a deferral needs). */
#include "decision_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

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
	/* The vote rule: only yes against no counts; a tie has no majority. */
	assert_int_equal(decision_majority(3, 0), 1);
	assert_int_equal(decision_majority(1, 2), -1);
	assert_int_equal(decision_majority(2, 2), 0);
	assert_true(decision_against_votes(PS_NOT_SELECTED, 3, 0));
	assert_false(decision_against_votes(PS_SELECTED, 3, 0));
	assert_true(decision_against_votes(PS_SELECTED, 0, 1));
	assert_false(decision_against_votes(PS_NOT_SELECTED, 0, 1));
	assert_false(decision_against_votes(PS_SELECTED, 1, 1));
	assert_false(decision_against_votes(PS_DEFERRED, 3, 0));
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
	/* Both members present voted yes: not selecting it goes against the votes too, and
	 * needs its own reason (issue #10: 3 yes, 0 no and "not selected" without one). */
	assert_int_equal(record(f, f->p_a, &in), DECISION_AGAINST_VOTES);
	in.vote_reason = " \n ";
	assert_int_equal(record(f, f->p_a, &in), DECISION_AGAINST_VOTES);
	assert_unchanged(f, &before, f->p_a, PS_IN_REVIEW);
	in.vote_reason = "Nach der Abstimmung wurde bekannt, dass das Angebot endet.";
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_a, &d));
	const struct decision_version *v = decision_current(&d);
	assert_string_equal(v->deviation_reason, in.deviation_reason);
	assert_string_equal(v->vote_reason, in.vote_reason);
	/* The record says what happened, not that the outcome follows anything. */
	assert_non_null(strstr(decision_scores_statement(v), "deviates from the scores"));
	assert_non_null(strstr(decision_votes_statement(v), "goes against the majority"));
	/* The hash covers the reason: the version verifies as stored. */
	int64_t checked = 0;
	assert_int_equal(decision_verify(f->s, &checked, NULL, NULL), 0);
	assert_int_equal(checked, 1);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deviation_rule),
	    cmocka_unit_test_setup_teardown(test_deviation_reason_required, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

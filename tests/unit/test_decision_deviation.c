/* Decisions: the deviation rule, with and without storage, and the reason a deviating
 * decision needs (and the conditions and later call a deferral needs). */
#include "decision_fixture.h"

#include <stdarg.h>
#include <stddef.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deviation_rule),
	    cmocka_unit_test_setup_teardown(test_deviation_reason_required, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

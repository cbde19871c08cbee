/* Decisions: the refusals that change nothing (no meeting, decided twice, amended without
 * a reason, withdrawn proposals, a closed call). */
#include "decision_fixture.h"

#include <stdarg.h>
#include <stddef.h>

#include <setjmp.h>
#include <cmocka.h>

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
	int64_t n;
	assert_int_equal(send_letter(f, f->p_b, &n), DECISION_NOT_DECIDED);
	assert_unchanged(f, &before, f->p_a, PS_SELECTED);
	assert_int_equal(change((struct change_tx){.f = f, .what = CH_WITHDRAW_B}), PROPOSAL_OK);
	count_rows(f, &before);
	assert_int_equal(send_letter(f, f->p_b, &n), DECISION_WITHDRAWN);
	struct decision_input nb;
	input(f, &nb, PS_NOT_SELECTED);
	assert_int_equal(record(f, f->p_b, &nb), DECISION_WITHDRAWN);
	assert_unchanged(f, &before, f->p_b, PS_WITHDRAWN);
	/* After the deciding phase no new decision is taken. */
	assert_int_equal(change((struct change_tx){.f = f, .what = CH_CLOSE_CALL}), 0);
	int64_t present[] = {f->m1};
	assert_int_equal(meeting_save(f, T0, present, 1), DECISION_CLOSED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

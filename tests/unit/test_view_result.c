/* The tables from result codes to a page's answer (src/pages/view_result.c): every code of
 * each module has a status and a message, refusals are 4xx, failures 500. */
#include "pages/view_result.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

static void
assert_answer(struct result_text t, int status)
{
	assert_int_equal(t.status, status);
	assert_non_null(t.msgid);
	assert_true(t.msgid[0] != '\0');
}

static void
test_proposal_codes(void **state)
{
	(void)state;
	assert_answer(result_of_proposal(PROPOSAL_OK), 200);
	assert_answer(result_of_proposal(PROPOSAL_ERROR), 500);
	assert_answer(result_of_proposal(PROPOSAL_CONFLICT), 409);
	assert_answer(result_of_proposal(PROPOSAL_NOT_EDITABLE), 409);
	assert_answer(result_of_proposal(PROPOSAL_BAD_TERM), 422);
	assert_string_equal(result_of_proposal(PROPOSAL_BAD_TERM).field, "handlungsfeld");
	assert_answer(result_of_proposal(PROPOSAL_DEADLINE), 422);
	assert_answer(result_of_proposal(PROPOSAL_INCOMPLETE), 422);
	assert_answer(result_of_proposal(PROPOSAL_TOO_LONG), 422);
}

static void
test_formal_codes(void **state)
{
	(void)state;
	assert_answer(result_of_formal(FORMAL_ERROR), 500);
	assert_answer(result_of_formal(FORMAL_NOT_OPEN), 409);
	assert_answer(result_of_formal(FORMAL_UNKNOWN_GATE), 409);
	assert_answer(result_of_formal(FORMAL_NOTE_TOO_LONG), 422);
	assert_answer(result_of_formal(FORMAL_GATES_OPEN), 422);
	assert_string_equal(result_of_formal(FORMAL_GATES_OPEN).field, "outcome");
}

/* A member who may not see a proposal learns nothing of it: the 404 of a missing one. */
static void
test_review_codes(void **state)
{
	(void)state;
	assert_answer(result_of_review(REVIEW_ERROR), 500);
	assert_answer(result_of_review(REVIEW_CONFLICTED), 404);
	assert_answer(result_of_review(REVIEW_NOT_MEMBER), 404);
	assert_answer(result_of_review(REVIEW_NOT_FOUND), 404);
	assert_answer(result_of_review(REVIEW_NOT_ASSIGNED), 403);
	assert_answer(result_of_review(REVIEW_INVALID), 422);
	for (int rc = REVIEW_NOT_RATABLE; rc <= REVIEW_HIDDEN; rc++) {
		struct result_text t = result_of_review((enum review_result)rc);
		assert_true(t.status >= 400 && t.status < 500);
		assert_non_null(t.msgid);
	}
	assert_string_equal(result_of_review(REVIEW_DEADLINE).msgid,
	                    review_result_message(REVIEW_DEADLINE));
}

static void
test_practice_codes(void **state)
{
	(void)state;
	assert_answer(result_of_practice(PRACTICE_ERROR), 500);
	assert_answer(result_of_practice(PRACTICE_NOT_FOUND), 404);
	assert_answer(result_of_practice(PRACTICE_INVALID), 422);
	assert_answer(result_of_practice(PRACTICE_WRONG_STATE), 409);
	assert_answer(result_of_practice(PRACTICE_EXISTS), 409);
	assert_answer(result_of_practice(PRACTICE_INCOMPLETE), 422);
}

/* The state of the proposal or call is a conflict; what was entered is the input's. */
static void
test_decision_codes(void **state)
{
	(void)state;
	assert_answer(result_of_decision(DECISION_ERROR), 500);
	assert_answer(result_of_decision(DECISION_CLOSED), 409);
	assert_answer(result_of_decision(DECISION_EXISTS), 409);
	assert_answer(result_of_decision(DECISION_NO_MEETING), 409);
	assert_answer(result_of_decision(DECISION_VOTE_MISSING), 422);
	assert_answer(result_of_decision(DECISION_DEVIATION), 422);
	assert_string_equal(result_of_decision(DECISION_DEVIATION).field, "deviation_reason");
	assert_string_equal(result_of_decision(DECISION_NO_REASON).field, "amendment_reason");
	for (int rc = DECISION_NOT_FOUND; rc <= DECISION_NO_RECIPIENT; rc++) {
		struct result_text t = result_of_decision((enum decision_result)rc);
		assert_true(t.status == 409 || t.status == 422);
		assert_string_equal(t.msgid, decision_result_message(rc));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proposal_codes), cmocka_unit_test(test_formal_codes),
	    cmocka_unit_test(test_review_codes),   cmocka_unit_test(test_practice_codes),
	    cmocka_unit_test(test_decision_codes),
	};
	return cmocka_run_group_tests_name("view_result", tests, NULL, NULL);
}

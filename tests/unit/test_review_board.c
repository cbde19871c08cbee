/* Board review: board membership and the assignment of raters. */
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
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
#include "review_board_fixture.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* ---- with storage ---- */

TX_TEST(test_membership)
{
	struct fixture *f = *state;
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->m1, NULL), BOARD_EXISTS);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->admin, NULL),
	                 BOARD_NOT_BOARD);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->outsider, "bogus"),
	                 BOARD_INVALID);
	size_t n;
	struct user *cand = board_member_candidates(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0].id, f->outsider);
	struct board_member *m = review_members(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 3);
	assert_string_equal(m[0].constituency, "funder");
	assert_string_equal(m[2].constituency, "network");
	assert_int_equal(m[2].to_rate, 1); /* m3: p_a is conflicted */
	assert_int_equal(m[0].to_rate, 2);
	assert_int_equal(board_member_remove(f->s, f->admin, f->call, f->outsider),
	                 BOARD_NOT_FOUND);
}

TX_TEST(test_assignments)
{
	struct fixture *f = *state;
	struct proposal pa, pb;
	assert_true(proposal_of(f, f->p_a, &pa));
	assert_true(proposal_of(f, f->p_b, &pb));
	/* By default every member rates every proposal; nothing is stored. */
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_OK);
	assert_int_equal(review_set_assignment_mode(f->s, f->admin, f->call, true), REVIEW_OK);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_NOT_ASSIGNED);
	size_t ncalls;
	struct review_call_item *calls = review_calls_for(f->s, &f->a, &f->u1, &ncalls);
	assert_int_equal(ncalls, 1);
	assert_int_equal(calls[0].progress.to_rate, 0);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m1), REVIEW_EXISTS);
	assert_int_equal(review_assign(f->s, f->admin, f->p_a, f->m3), REVIEW_CONFLICTED);
	assert_int_equal(review_assign(f->s, f->admin, f->p_a, f->outsider), REVIEW_NOT_MEMBER);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_OK);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pa), REVIEW_NOT_ASSIGNED);
	/* Reading is not limited by assignments (DESIGN.md §3). */
	assert_true(review_may_read(f->s, &f->u1, &pa));
	size_t n;
	struct review_item *items = review_list_for(f->s, &f->a, &f->u1, f->call, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].to_rate, items[i].proposal_id == f->p_b);
	calls = review_calls_for(f->s, &f->a, &f->u1, &ncalls);
	assert_int_equal(ncalls, 1);
	assert_int_equal(calls[0].progress.to_rate, 1);
	assert_int_equal(review_unassign(f->s, f->admin, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(review_unassign(f->s, f->admin, f->p_b, f->m1), REVIEW_NOT_FOUND);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_NOT_ASSIGNED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_membership, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_assignments, review_board_setup,
	                                    review_board_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

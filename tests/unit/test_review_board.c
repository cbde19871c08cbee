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
#define ADMIN_ID 0
#define NC 6
#define X -1 /* not rated (the parent "efficient" never is) */

/* ---- with storage ---- */

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t call, network, tp_a, tp_b, funder;
	int64_t admin, m1, m2, m3, outsider;
	struct user u_admin, u1, u2, u3, u_out;
	int64_t p_a, p_b; /* p_a by a sub-project of the network m3 works for */
};

static int
setup_seed(struct store *tx_s, void *arg)
{
	struct fixture *f = arg;
	(void)tx_s;
	struct store *s = f->s;
	f->funder = organisation_create(s, ADMIN_ID, "BMAS", "BMAS", "funder", 0, "");
	f->network =
	    organisation_create(s, ADMIN_ID, "IQ Netzwerk Berlin", "", "network", 0, "Berlin");
	int64_t other =
	    organisation_create(s, ADMIN_ID, "IQ Netzwerk Bayern", "", "network", 0, "Bayern");
	f->tp_a =
	    organisation_create(s, ADMIN_ID, "TP Berlin", "", "teilprojekt", f->network, "Berlin");
	f->tp_b =
	    organisation_create(s, ADMIN_ID, "TP München", "", "teilprojekt", other, "Bayern");
	f->admin = user_create(s, ADMIN_ID, "office@example.org", "Office", NULL, ROLE_ADMIN, 0);
	assert_true(user_find_by_id(s, &f->a, f->admin, &f->u_admin));
	f->m1 = add_board_member(s, &f->a, "m1@example.org", "m1@example.org", f->funder, "funder",
	                         &f->u1);
	f->m2 = add_board_member(s, &f->a, "m2@example.org", "m2@example.org", f->funder, "funder",
	                         &f->u2);
	f->m3 = add_board_member(s, &f->a, "m3@example.org", "m3@example.org", f->network,
	                         "network", &f->u3);
	f->outsider = add_board_member(s, &f->a, "out@example.org", "out@example.org", f->funder,
	                               "funder", &f->u_out);
	f->call = call_create(s, f->admin, "Runde 2027", "", T0 - 20 * DAY, T0 - 10 * DAY,
	                      T0 + 7 * DAY, T0 + 14 * DAY);
	assert_true(f->call > 0);
	f->p_a = add_eligible_proposal(s, f->call, f->tp_a, "Lotsen Berlin", f->admin);
	f->p_b = add_eligible_proposal(s, f->call, f->tp_b, "Pflege München", f->admin);
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m1, NULL), BOARD_OK);
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m2, ""), BOARD_OK);
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m3, "network"), BOARD_OK);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_OPEN), 0);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_REVIEW), 0);
	return STORE_OK;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "review");
	time_set_fake(T0);
	TX_RUN(f->s, setup_seed, f);
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

static bool
proposal_of(struct fixture *f, int64_t id, struct proposal *p)
{
	return proposal_find(f->s, &f->a, id, p);
}

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
	    cmocka_unit_test_setup_teardown(test_membership, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_assignments, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

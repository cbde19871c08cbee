/* The fixture and helpers of the board review's unit tests (review_board_fixture.h). */
#include "review_board_fixture.h"
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
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

/* Fails the running test unless got is want within 1e-9. */
void
assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.12f, want %.12f", got, want);
}

/* What setup writes, in one transaction as a caller would. */
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

/* The seeded database of the fixture, the clock at T0. */
int
review_board_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "review");
	time_set_fake(T0);
	TX_RUN(f->s, setup_seed, f);
	*state = f;
	return 0;
}

/* Checks the audit chain, then removes the database and resets the clock. */
int
review_board_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_end(f->s, f->path, &f->a);
	free(f);
	return 0;
}

/* A complete rating: every leaf criterion with `score` and a justification. */
void
full_review(struct fixture *f, struct review *r, int score, enum review_rec rec)
{
	memset(r, 0, sizeof *r);
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t n = review_leaf_criteria(f->s, &f->a, f->call, leaves, REVIEW_MAX_CRITERIA);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		r->scores[r->nscores++] =
		    (struct review_score){leaves[i].id, score, "Begründet im Antrag, S. 3."};
	r->recommendation = rec;
	r->comment = "";
}

/* review_save of r by u on pid; the problems are dropped. */
int
save(struct fixture *f, const struct user *u, int64_t pid, const struct review *r, bool submit)
{
	struct review_problem pr[32];
	size_t npr;
	return review_save(f->s, u, pid, r, submit, pr, 32, &npr);
}

/* proposal_find of id into *p, strings in f's arena. */
bool
proposal_of(struct fixture *f, int64_t id, struct proposal *p)
{
	return proposal_find(f->s, &f->a, id, p);
}

/* Board review: the ranking's stored aggregates (026_ranking_aggregates.sql) equal a full
 * recompute after random sequences of saves, edits, withdrawals, abstentions, conflicts,
 * member changes, moved accounts and organisations, withdrawn proposals; the domain's writes leave
 * none missing; and threads that find them missing compute them once (single flight). */
#include "domain/board.h"
#include "domain/conflict.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/mem.h"
#include "fixture.h"
#include "review_board_fixture.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#define NPROP 5
#define NUSER 6
#define MAXROWS 16

/* The fixture's call with three more proposals and two more board accounts: p_c by the
 * network's sub-project (m3 and m5 are automatically conflicted on p_a and p_c). */
struct world {
	int64_t prop[NPROP];
	struct user users[NUSER]; /* u1, u2, u3, u_out, u4, u5 */
	int64_t orgs[3];          /* funder, network, tp_b: where a moved account goes */
	int64_t tp_b_parent;      /* tp_b's network at the start */
	uint64_t rng;
};

static uint64_t
next(struct world *w)
{
	/* xorshift64*: the same sequence on every machine. */
	w->rng ^= w->rng >> 12;
	w->rng ^= w->rng << 25;
	w->rng ^= w->rng >> 27;
	return w->rng * 2685821657736338717ULL;
}

static int
pick(struct world *w, int n)
{
	return (int)(next(w) % (uint64_t)n);
}

static const struct store_query q_missing = {
    "t_rank_missing",
    "SELECT count(*) FROM proposal p WHERE p.call_id = ?1 AND p.state IN ('eligible', "
    "'in_review', 'selected', 'not_selected', 'deferred', 'published') AND NOT EXISTS "
    "(SELECT 1 FROM rank_agg a WHERE a.proposal_id = p.id)"};
static const struct store_query q_move_account = {
    "t_rank_move_account", "UPDATE user_account SET organisation_id = ?2 WHERE id = ?1"};
static const struct store_query q_move_org = {
    "t_rank_move_org", "UPDATE organisation SET parent_id = ?2 WHERE id = ?1"};
static const struct store_query q_parent = {"t_rank_parent",
                                            "SELECT parent_id FROM organisation WHERE id = ?1"};
static const struct store_query q_proposal_state = {"t_rank_proposal_state",
                                                    "UPDATE proposal SET state = ?2 WHERE id = ?1"};
static const struct store_query q_forget = {"t_rank_forget", "DELETE FROM rank_agg"};

static int64_t
missing(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &q_missing);
	stmt_bind_int(st, 1, f->call);
	return stmt_one_int(st);
}

static void
same_double(double got, double want, const char *what, int64_t pid)
{
	/* Exactly: both come from review_aggregate on the same scores, and the stored text
	 * (hexadecimal floats) reads back the same double. */
	if (got != want)
		fail_msg("proposal %lld, %s: stored %.17g, recomputed %.17g", (long long)pid, what,
		         got, want);
}

/* review_ranking for viewer equals review_ranking_full, row by row. */
static void
check_ranking(struct fixture *f, const struct user *viewer)
{
	struct review_rank_row got[MAXROWS], want[MAXROWS];
	size_t ng = review_ranking(f->s, &f->a, viewer, f->call, got, MAXROWS, NULL, NULL);
	size_t nw = review_ranking_full(f->s, &f->a, viewer, f->call, want, MAXROWS);
	assert_int_equal(ng, nw);
	for (size_t i = 0; i < ng; i++) {
		const struct review_rank_row *g = &got[i], *w = &want[i];
		assert_int_equal(g->proposal_id, w->proposal_id);
		assert_int_equal(g->nratings, w->nratings);
		assert_int_equal(g->nabstain, w->nabstain);
		assert_int_equal(g->all_met, w->all_met);
		assert_int_equal(g->disagree, w->disagree);
		same_double(g->total, w->total, "total", g->proposal_id);
		assert_int_equal(g->ncrit, w->ncrit);
		for (size_t k = 0; k < g->ncrit; k++) {
			const struct review_agg *x = &g->crit[k], *y = &w->crit[k];
			assert_int_equal(x->criterion_id, y->criterion_id);
			assert_int_equal(x->n, y->n);
			assert_int_equal(x->met, y->met);
			assert_int_equal(x->disagree, y->disagree);
			same_double(x->mean, y->mean, "mean", g->proposal_id);
			same_double(x->median, y->median, "median", g->proposal_id);
			same_double(x->min, y->min, "min", g->proposal_id);
			same_double(x->max, y->max, "max", g->proposal_id);
		}
	}
}

static int
seed_world(struct store *tx_s, void *arg)
{
	void **state = arg;
	struct fixture *f = *state;
	struct world *w = state[1];
	(void)tx_s;
	w->prop[0] = f->p_a;
	w->prop[1] = f->p_b;
	w->prop[2] = add_eligible_proposal(f->s, f->call, f->tp_a, "Brücken Berlin", f->admin);
	w->prop[3] = add_eligible_proposal(f->s, f->call, f->tp_b, "Anerkennung Bayern", f->admin);
	w->prop[4] = add_eligible_proposal(f->s, f->call, f->tp_b, "Sprache im Beruf", f->admin);
	w->users[0] = f->u1;
	w->users[1] = f->u2;
	w->users[2] = f->u3;
	w->users[3] = f->u_out;
	add_board_member(f->s, &f->a, "m4@example.org", "m4@example.org", f->funder, "funder",
	                 &w->users[4]);
	add_board_member(f->s, &f->a, "m5@example.org", "m5@example.org", f->network, "network",
	                 &w->users[5]);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, w->users[4].id, NULL), BOARD_OK);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, w->users[5].id, NULL), BOARD_OK);
	w->orgs[0] = f->funder;
	w->orgs[1] = f->network;
	w->orgs[2] = f->tp_b;
	struct stmt *st = store_stmt(f->s, &q_parent);
	stmt_bind_int(st, 1, f->tp_b);
	w->tp_b_parent = stmt_one_int(st);
	assert_true(w->tp_b_parent > 0);
	return STORE_OK;
}

/* A rating of random scores (some missing when not submitted). */
static void
random_review(struct fixture *f, struct world *w, struct review *r, bool submit)
{
	full_review(f, r, 0, (enum review_rec)(1 + pick(w, 3)));
	for (size_t k = 0; k < r->nscores; k++)
		r->scores[k].score = !submit && pick(w, 4) == 0 ? -1 : pick(w, 4);
}

/* One random step. Returns true when it went through the domain (which must leave no
 * aggregate missing), false for a raw change that only the ranking settles. */
static bool
step(struct fixture *f, struct world *w)
{
	struct user *u = &w->users[pick(w, NUSER)];
	int64_t pid = w->prop[pick(w, NPROP)];
	struct review r;
	int op = pick(w, 16);
	if (op < 6) { /* a rating submitted, or edited and submitted again */
		random_review(f, w, &r, true);
		save(f, u, pid, &r, true);
	} else if (op < 8) { /* withdrawn: back to a draft */
		random_review(f, w, &r, false);
		save(f, u, pid, &r, false);
	} else if (op == 8) { /* an abstention */
		memset(&r, 0, sizeof r);
		r.abstain = true;
		r.abstain_reason = "Fachfremd.";
		save(f, u, pid, &r, true);
	} else if (op == 9) {
		conflict_declare(f->s, u, pid, "Früher dort beschäftigt.");
	} else if (op == 10) {
		conflict_set(f->s, f->admin, pid, u->id, "Vom Büro festgestellt.");
	} else if (op == 11) {
		size_t n;
		struct conflict *c = conflict_list(f->s, &f->a, f->call, &n);
		size_t stored = 0;
		for (size_t i = 0; i < n; i++)
			stored += c[i].id != 0;
		if (stored) {
			size_t k = (size_t)pick(w, (int)stored);
			for (size_t i = 0; i < n; i++)
				if (c[i].id && k-- == 0)
					assert_int_equal(
					    conflict_remove(f->s, f->admin, f->call, c[i].id),
					    CONFLICT_OK);
		}
	} else if (op == 12) { /* a member leaves or joins */
		if (board_is_member(f->s, f->call, u->id))
			assert_int_equal(board_member_remove(f->s, f->admin, f->call, u->id),
			                 BOARD_OK);
		else
			assert_int_equal(board_member_add(f->s, f->admin, f->call, u->id, NULL),
			                 BOARD_OK);
	} else if (op == 13) { /* an account moves to another organisation */
		struct stmt *st = store_stmt(f->s, &q_move_account);
		stmt_bind_int(st, 1, u->id);
		stmt_bind_int(st, 2, w->orgs[pick(w, 3)]);
		assert_int_equal(stmt_exec(st), STORE_OK);
		return false;
	} else if (op == 14) { /* tp_b moves under the other network, or back */
		struct stmt *st = store_stmt(f->s, &q_move_org);
		stmt_bind_int(st, 1, f->tp_b);
		stmt_bind_int(st, 2, pick(w, 2) ? f->network : w->tp_b_parent);
		assert_int_equal(stmt_exec(st), STORE_OK);
		return false;
	} else { /* a proposal withdrawn, or back in review */
		struct proposal p;
		assert_true(proposal_of(f, pid, &p));
		struct stmt *st = store_stmt(f->s, &q_proposal_state);
		stmt_bind_int(st, 1, pid);
		stmt_bind_text(st, 2, p.state == PS_WITHDRAWN ? "in_review" : "withdrawn");
		assert_int_equal(stmt_exec(st), STORE_OK);
		return false;
	}
	return true;
}

static void
run_sequence(void **state, uint64_t seed, int steps)
{
	struct fixture *f = *state;
	struct world w = {.rng = seed};
	void *args[2] = {f, &w};
	seed_world(f->s, args);
	check_ranking(f, &f->u_admin);
	assert_int_equal(missing(f), 0);
	for (int i = 0; i < steps; i++) {
		bool domain = step(f, &w);
		/* Saves, conflicts and member changes compute what they changed before their
		 * transaction ends. */
		if (domain && missing(f) != 0)
			fail_msg("step %d (seed %llu) left aggregates missing", i,
			         (unsigned long long)seed);
		check_ranking(f, &f->u_admin);
		check_ranking(f, &w.users[pick(&w, NUSER)]);
		assert_int_equal(missing(f), 0);
	}
}

/* Each sequence in the fixture's one transaction, as one caller's unit of work would be. */
TX_TEST(test_sequence_1)
{
	run_sequence(state, 1, 400);
}
TX_TEST(test_sequence_2)
{
	run_sequence(state, 0x9e3779b97f4a7c15ULL, 400);
}
TX_TEST(test_sequence_3)
{
	run_sequence(state, 20261202, 400);
}

/* ---- single flight ---- */

#define THREADS 6

struct reader {
	const char *path;
	int64_t call;
	const struct user *viewer;
	pthread_barrier_t *start;
	size_t n;
	struct review_rank_row rows[MAXROWS];
	struct arena a;
	int rc;
};

static void *
read_ranking(void *arg)
{
	struct reader *r = arg;
	struct store *s;
	r->rc = store_open(&s, r->path);
	pthread_barrier_wait(r->start);
	if (r->rc == STORE_OK) {
		r->n = review_ranking(s, &r->a, r->viewer, r->call, r->rows, MAXROWS, NULL, NULL);
		store_close(s);
	}
	return NULL;
}

static int
rate_some(struct store *tx_s, void *arg)
{
	void **state = arg;
	struct fixture *f = *state;
	(void)tx_s;
	struct review r;
	full_review(f, &r, 3, REC_SELECT);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, true), REVIEW_OK);
	full_review(f, &r, 1, REC_DONT_SELECT);
	assert_int_equal(save(f, &f->u2, f->p_b, &r, true), REVIEW_OK);
	assert_int_equal(save(f, &f->u2, f->p_a, &r, true), REVIEW_OK);
	/* Forgotten, as after a change no domain write settles (a rubric edit, a fresh
	 * migration). */
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_forget)), STORE_OK);
	return STORE_OK;
}

static void
test_single_flight(void **state)
{
	struct fixture *f = *state;
	TX_RUN(f->s, rate_some, state);
	assert_int_equal(missing(f), 2);
	struct review_rank_row want[MAXROWS];
	size_t nwant = review_ranking_full(f->s, &f->a, &f->u_admin, f->call, want, MAXROWS);
	assert_int_equal(missing(f), 2); /* the full recompute stores nothing */

	int before = review_aggregates_computations();
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, THREADS);
	struct reader *rd = xcalloc(THREADS, sizeof *rd);
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		rd[i] = (struct reader){
		    .path = f->path, .call = f->call, .viewer = &f->u_admin, .start = &start};
		assert_int_equal(pthread_create(&th[i], NULL, read_ranking, &rd[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start);
	/* However the threads met, the missing rows were stored once. */
	assert_int_equal(review_aggregates_computations() - before, 1);
	assert_int_equal(missing(f), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(rd[i].rc, STORE_OK);
		assert_int_equal(rd[i].n, nwant);
		for (size_t k = 0; k < nwant; k++) {
			assert_int_equal(rd[i].rows[k].proposal_id, want[k].proposal_id);
			assert_int_equal(rd[i].rows[k].nratings, want[k].nratings);
			same_double(rd[i].rows[k].total, want[k].total, "total",
			            want[k].proposal_id);
		}
		arena_free(&rd[i].a);
	}
	free(rd);
	/* Read again: nothing is missing, nothing computed. */
	check_ranking(f, &f->u_admin);
	assert_int_equal(review_aggregates_computations() - before, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sequence_1, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_sequence_2, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_sequence_3, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_single_flight, review_board_setup,
	                                    review_board_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

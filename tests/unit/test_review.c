/* Board review: the aggregation with hand-computed expectations (threshold, effizient from
 * its two aspects, the spread flag, weights), conflicts (automatic, declared, set), the
 * visibility rule, the deadline, input checks and the frozen rubric. */
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

/* ---- the aggregation, without storage ---- */

/* The default rubric's shape: four criteria, effizient with its two aspects. */
static const struct criterion rubric[] = {
    {.id = 1, .key = "transferable", .parent_key = "", .weight = 1},
    {.id = 2, .key = "innovative", .parent_key = "", .weight = 1},
    {.id = 3, .key = "sustainable", .parent_key = "", .weight = 1},
    {.id = 4, .key = "efficient", .parent_key = "", .weight = 1},
    {.id = 5, .key = "efficient_creation", .parent_key = "efficient", .weight = 1},
    {.id = 6, .key = "efficient_transfer", .parent_key = "efficient", .weight = 1},
};
#define NC 6
#define X -1 /* not rated (the parent "efficient" never is) */

static void
assert_near(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("got %.12f, want %.12f", got, want);
}

static void
test_aggregate_threshold_exactly(void **state)
{
	(void)state;
	/* transferable 2,2,2 → mean 2.0: met at threshold 2 exactly.
	 * innovative 2,2,1 → 5/3 = 1.667: not met.
	 * sustainable 3,1,2 → 2.0: met, spread 2 → disagreement.
	 * efficient: creation 2,2,2 and transfer 2,2,2 → 2.0 met. */
	const int scores[3 * NC] = {
	    2, 2, 3, X, 2, 2, /* rater 1 */
	    2, 2, 1, X, 2, 2, /* rater 2 */
	    2, 1, 2, X, 2, 2, /* rater 3 */
	};
	struct review_rank_row row;
	review_aggregate(rubric, NC, 2.0, scores, 3, &row);
	assert_int_equal(row.ncrit, NC);
	assert_int_equal(row.nratings, 3);
	assert_int_equal(row.crit[0].n, 3);
	assert_near(row.crit[0].mean, 2.0);
	assert_true(row.crit[0].met);
	assert_false(row.crit[0].disagree);
	assert_near(row.crit[1].mean, 5.0 / 3.0);
	assert_false(row.crit[1].met);
	assert_near(row.crit[1].median, 2.0);
	assert_near(row.crit[1].min, 1.0);
	assert_near(row.crit[1].max, 2.0);
	assert_near(row.crit[2].mean, 2.0);
	assert_true(row.crit[2].met);
	assert_true(row.crit[2].disagree); /* 3 − 1 = 2 levels */
	assert_true(row.disagree);
	assert_false(row.all_met); /* innovative is not met */
	/* total = 2 + 5/3 + 2 + 2 */
	assert_near(row.total, 2.0 + 5.0 / 3.0 + 2.0 + 2.0);

	/* The same at threshold 1.5: innovative's 1.667 is met now, so all are. */
	review_aggregate(rubric, NC, 1.5, scores, 3, &row);
	assert_true(row.crit[1].met);
	assert_true(row.all_met);
}

static void
test_aggregate_efficient_from_its_two_aspects(void **state)
{
	(void)state;
	/* creation 3,1 (mean 2), transfer 1,1 (mean 1): effizient per rater (3+1)/2 = 2 and
	 * (1+1)/2 = 1 → mean 1.5 = mean of the two aspects' means; not met although creation
	 * alone is. Spread on creation is 2: flagged there; effizient itself spreads 1. */
	const int scores[2 * NC] = {
	    3, 3, 3, X, 3, 1, /* rater 1 */
	    3, 3, 3, X, 1, 1, /* rater 2 */
	};
	struct review_rank_row row;
	review_aggregate(rubric, NC, 2.0, scores, 2, &row);
	assert_true(row.crit[3].top);
	assert_false(row.crit[3].leaf);
	assert_true(row.crit[4].leaf);
	assert_false(row.crit[4].top);
	assert_near(row.crit[4].mean, 2.0);
	assert_true(row.crit[4].met);
	assert_true(row.crit[4].disagree);
	assert_near(row.crit[5].mean, 1.0);
	assert_false(row.crit[5].met);
	assert_int_equal(row.crit[3].n, 2);
	assert_near(row.crit[3].mean, 1.5);
	assert_near(row.crit[3].median, 1.5);
	assert_near(row.crit[3].min, 1.0);
	assert_near(row.crit[3].max, 2.0);
	assert_false(row.crit[3].met);
	assert_false(row.crit[3].disagree);
	assert_false(row.all_met);
	assert_true(row.disagree); /* from the creation aspect */
	assert_near(row.total, 3 + 3 + 3 + 1.5);

	/* Both aspects at 2 and 3 → effizient 2.5, met; now all four are met. */
	const int good[2 * NC] = {
	    3, 3, 3, X, 2, 3, /* rater 1 */
	    2, 2, 2, X, 2, 3, /* rater 2 */
	};
	review_aggregate(rubric, NC, 2.0, good, 2, &row);
	assert_near(row.crit[3].mean, 2.5);
	assert_true(row.crit[3].met);
	assert_true(row.all_met);
	assert_false(row.disagree); /* every spread is at most 1 */
}

static void
test_aggregate_spread_flag(void **state)
{
	(void)state;
	/* Spread 1 everywhere: no flag. */
	const int calm[2 * NC] = {
	    1, 2, 3, X, 0, 2, /* rater 1 */
	    2, 3, 2, X, 1, 3, /* rater 2 */
	};
	struct review_rank_row row;
	review_aggregate(rubric, NC, 2.0, calm, 2, &row);
	for (int i = 0; i < NC; i++)
		assert_false(row.crit[i].disagree);
	assert_false(row.disagree);
	/* 0 against 3 on one criterion: flagged there only. */
	const int split[2 * NC] = {
	    0, 2, 2, X, 2, 2, /* rater 1 */
	    3, 2, 2, X, 2, 2, /* rater 2 */
	};
	review_aggregate(rubric, NC, 2.0, split, 2, &row);
	assert_true(row.crit[0].disagree);
	assert_near(row.crit[0].median, 1.5);
	assert_false(row.crit[1].disagree);
	assert_true(row.disagree);
	/* One rating cannot disagree with itself. */
	review_aggregate(rubric, NC, 2.0, split, 1, &row);
	assert_false(row.disagree);
}

static void
test_aggregate_weights_and_no_ratings(void **state)
{
	(void)state;
	struct criterion w[NC];
	memcpy(w, rubric, sizeof w);
	w[0].weight = 2;   /* transferable counts double */
	w[3].weight = 0.5; /* effizient half */
	w[4].weight = 3;   /* creation weighs 3 against transfer's 1 inside effizient */
	const int scores[1 * NC] = {3, 2, 1, X, 3, 1};
	struct review_rank_row row;
	review_aggregate(w, NC, 2.0, scores, 1, &row);
	/* effizient = (3·3 + 1·1) / 4 = 2.5; total = 2·3 + 2 + 1 + 0.5·2.5 = 10.25 */
	assert_near(row.crit[3].mean, 2.5);
	assert_near(row.total, 10.25);
	assert_false(row.all_met); /* sustainable 1 */

	/* Without ratings: nothing met, total 0, no flag. */
	review_aggregate(rubric, NC, 2.0, NULL, 0, &row);
	assert_int_equal(row.nratings, 0);
	for (int i = 0; i < NC; i++) {
		assert_int_equal(row.crit[i].n, 0);
		assert_false(row.crit[i].met);
	}
	assert_false(row.all_met);
	assert_false(row.disagree);
	assert_near(row.total, 0);
}

static void
test_ranking_sort(void **state)
{
	(void)state;
	struct review_rank_row rows[3];
	const int a[NC] = {3, 3, 3, X, 3, 3}, b[NC] = {1, 1, 1, X, 1, 1};
	review_aggregate(rubric, NC, 2.0, a, 1, &rows[0]);
	rows[0].proposal_id = 1, rows[0].title = "Alpha", rows[0].organisation_name = "Z";
	review_aggregate(rubric, NC, 2.0, NULL, 0, &rows[1]);
	rows[1].proposal_id = 2, rows[1].title = "Beta", rows[1].organisation_name = "Y";
	review_aggregate(rubric, NC, 2.0, b, 1, &rows[2]);
	rows[2].proposal_id = 3, rows[2].title = "Gamma", rows[2].organisation_name = "X";
	review_ranking_sort(rows, 3, "total", true);
	assert_int_equal(rows[0].proposal_id, 1);
	assert_int_equal(rows[1].proposal_id, 3);
	assert_int_equal(rows[2].proposal_id, 2); /* unrated last */
	review_ranking_sort(rows, 3, "total", false);
	assert_int_equal(rows[0].proposal_id, 3);
	assert_int_equal(rows[2].proposal_id, 2); /* unrated last either way */
	review_ranking_sort(rows, 3, "organisation", false);
	assert_int_equal(rows[0].proposal_id, 3);
	review_ranking_sort(rows, 3, "title", true);
	assert_int_equal(rows[0].proposal_id, 3);
	review_ranking_sort(rows, 3, "innovative", true);
	assert_int_equal(rows[0].proposal_id, 1);
	assert_int_equal(rows[2].proposal_id, 2);
}

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

static const struct store_query q_count = {
    "t_review_count", "SELECT count(*) FROM review WHERE proposal_id = ?1 AND user_id = ?2"};
static const struct store_query q_raw_criterion = {
    "t_review_raw_criterion", "UPDATE criterion SET weight = 5 WHERE call_id = ?1"};

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

/* A complete rating: every leaf criterion with `score` and a justification. */
static void
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

static int
save(struct fixture *f, const struct user *u, int64_t pid, const struct review *r, bool submit)
{
	struct review_problem pr[32];
	size_t npr;
	return review_save(f->s, u, pid, r, submit, pr, 32, &npr);
}

static bool
proposal_of(struct fixture *f, int64_t id, struct proposal *p)
{
	return proposal_find(f->s, &f->a, id, p);
}

TX_TEST(test_automatic_conflict)
{
	struct fixture *f = *state;
	struct proposal pa, pb;
	assert_true(proposal_of(f, f->p_a, &pa));
	assert_true(proposal_of(f, f->p_b, &pb));
	/* m3 works for the network of p_a's sub-project. */
	assert_int_equal(conflict_of(f->s, f->m3, f->p_a), CONFLICT_AUTOMATIC);
	assert_int_equal(conflict_of(f->s, f->m3, f->p_b), CONFLICT_NONE);
	assert_int_equal(conflict_of(f->s, f->m1, f->p_a), CONFLICT_NONE);
	assert_false(review_may_read(f->s, &f->u3, &pa));
	assert_true(review_may_read(f->s, &f->u3, &pb));
	assert_int_equal(review_may_rate(f->s, &f->u3, &pa), REVIEW_CONFLICTED);
	struct review r;
	full_review(f, &r, 2, REC_SELECT);
	assert_int_equal(save(f, &f->u3, f->p_a, &r, true), REVIEW_CONFLICTED);
	struct stmt *st = store_stmt(f->s, &q_count);
	stmt_bind_int(st, 1, f->p_a);
	stmt_bind_int(st, 2, f->m3);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 0);
	stmt_done(st);
	/* Left out of m3's list, counts and ranking. */
	struct review_item items[8];
	size_t n = review_list_for(f->s, &f->a, &f->u3, f->call, items, 8);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].proposal_id, f->p_b);
	struct review_call_item calls[4];
	assert_int_equal(review_calls_for(f->s, &f->a, &f->u3, calls, 4), 1);
	assert_int_equal(calls[0].progress.to_rate, 1);
	struct review_call_item calls1[4];
	assert_int_equal(review_calls_for(f->s, &f->a, &f->u1, calls1, 4), 1);
	assert_int_equal(calls1[0].progress.to_rate, 2);
	struct review_rank_row rows[8];
	assert_int_equal(review_ranking(f->s, &f->a, &f->u3, f->call, rows, 8, NULL, NULL), 1);
	assert_int_equal(review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL), 2);
	/* The office's list names it. */
	struct conflict cs[8];
	n = conflict_list(f->s, &f->a, f->call, cs, 8);
	assert_int_equal(n, 1);
	assert_int_equal(cs[0].kind, CONFLICT_AUTOMATIC);
	assert_int_equal(cs[0].user_id, f->m3);
	/* Automatic conflicts cannot be declared again or set over. */
	assert_int_equal(conflict_set(f->s, f->admin, f->p_a, f->m3, "Netzwerk"), CONFLICT_EXISTS);
}

TX_TEST(test_declared_and_admin_conflicts)
{
	struct fixture *f = *state;
	struct proposal pa;
	assert_true(proposal_of(f, f->p_a, &pa));
	/* m1 rates, then declares a conflict: the rating stops counting at once. */
	struct review r;
	full_review(f, &r, 3, REC_SELECT);
	assert_int_equal(save(f, &f->u1, f->p_a, &r, true), REVIEW_OK);
	struct review_rank_row rows[8];
	size_t n = review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].proposal_id, f->p_a);
	assert_int_equal(rows[0].nratings, 1);
	assert_int_equal(conflict_declare(f->s, &f->u1, f->p_a, "  "), CONFLICT_INVALID);
	assert_int_equal(conflict_declare(f->s, &f->u1, f->p_a, "Ich habe beraten."), CONFLICT_OK);
	assert_int_equal(conflict_of(f->s, f->m1, f->p_a), CONFLICT_DECLARED);
	assert_int_equal(conflict_declare(f->s, &f->u1, f->p_a, "noch einmal"), CONFLICT_EXISTS);
	n = review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].nratings, 0);
	assert_false(review_may_read(f->s, &f->u1, &pa));
	assert_int_equal(review_may_rate(f->s, &f->u1, &pa), REVIEW_CONFLICTED);
	assert_int_equal(review_others_visible(f->s, &f->u1, &pa), REVIEW_CONFLICTED);
	/* A non-member cannot be conflicted (nor declare). */
	assert_int_equal(conflict_set(f->s, f->admin, f->p_a, f->outsider, "x"),
	                 CONFLICT_NOT_MEMBER);
	assert_int_equal(conflict_declare(f->s, &f->u_out, f->p_a, "x"), CONFLICT_NOT_MEMBER);
	/* The office sets one for m2, then lifts it again. */
	assert_int_equal(conflict_set(f->s, f->admin, f->p_a, f->m2, "Früher dort beschäftigt."),
	                 CONFLICT_OK);
	assert_int_equal(conflict_of(f->s, f->m2, f->p_a), CONFLICT_ADMIN);
	struct conflict cs[8];
	n = conflict_list(f->s, &f->a, f->call, cs, 8);
	assert_int_equal(n, 3); /* m1 declared, m2 set, m3 automatic */
	int64_t set_id = 0;
	for (size_t i = 0; i < n; i++)
		if (cs[i].kind == CONFLICT_ADMIN) {
			set_id = cs[i].id;
			assert_string_equal(cs[i].reason, "Früher dort beschäftigt.");
		}
	assert_true(set_id > 0);
	assert_int_equal(conflict_remove(f->s, f->admin, f->call + 1, set_id), CONFLICT_NOT_FOUND);
	assert_int_equal(conflict_remove(f->s, f->admin, f->call, set_id), CONFLICT_OK);
	assert_int_equal(conflict_of(f->s, f->m2, f->p_a), CONFLICT_NONE);
}

TX_TEST(test_visibility_rule)
{
	struct fixture *f = *state;
	struct proposal pb;
	assert_true(proposal_of(f, f->p_b, &pb));
	struct review r;
	full_review(f, &r, 2, REC_DISCUSS);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, true), REVIEW_OK);
	/* m2 has nothing submitted yet: hidden, also with a draft. */
	struct review others[8];
	int rc;
	assert_int_equal(review_others(f->s, &f->a, &f->u2, &pb, others, 8, &rc), 0);
	assert_int_equal(rc, REVIEW_HIDDEN);
	assert_int_equal(save(f, &f->u2, f->p_b, &r, false), REVIEW_OK);
	assert_int_equal(review_others_visible(f->s, &f->u2, &pb), REVIEW_HIDDEN);
	/* After submitting: m1's rating shows, with its scores. */
	assert_int_equal(save(f, &f->u2, f->p_b, &r, true), REVIEW_OK);
	assert_int_equal(review_others(f->s, &f->a, &f->u2, &pb, others, 8, &rc), 1);
	assert_int_equal(rc, REVIEW_OK);
	assert_int_equal(others[0].user_id, f->m1);
	assert_int_equal(others[0].nscores, 5);
	assert_int_equal(others[0].recommendation, REC_DISCUSS);
	/* m3 has not rated; the office switches the rule off: visible. */
	assert_int_equal(review_others_visible(f->s, &f->u3, &pb), REVIEW_HIDDEN);
	assert_int_equal(review_set_visibility(f->s, f->admin, f->call, false), REVIEW_OK);
	assert_int_equal(review_others(f->s, &f->a, &f->u3, &pb, others, 8, &rc), 2);
	/* A drafts never shows to others; the office sees every submitted one. */
	assert_int_equal(review_others(f->s, &f->a, &f->u_admin, &pb, others, 8, &rc), 2);
	/* Someone off the board sees nothing. */
	assert_int_equal(review_others_visible(f->s, &f->u_out, &pb), REVIEW_NOT_MEMBER);
}

TX_TEST(test_deadline_and_phase)
{
	struct fixture *f = *state;
	struct proposal pb;
	assert_true(proposal_of(f, f->p_b, &pb));
	struct review r;
	full_review(f, &r, 2, REC_SELECT);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, false), REVIEW_OK);
	/* One second before the deadline still counts; at the deadline it is over. */
	time_set_fake(T0 + 7 * DAY - 1);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, true), REVIEW_OK);
	time_set_fake(T0 + 7 * DAY);
	full_review(f, &r, 0, REC_DONT_SELECT);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, true), REVIEW_DEADLINE);
	struct review own;
	assert_true(review_find_own(f->s, &f->a, f->m1, f->p_b, &own));
	assert_true(own.submitted);
	assert_int_equal(own.recommendation, REC_SELECT);
	assert_int_equal(own.scores[0].score, 2);
	/* Deciding: no rating either, but still readable. */
	time_set_fake(T0);
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_DECIDING), 0);
	assert_int_equal(review_may_rate(f->s, &f->u2, &pb), REVIEW_CLOSED);
	assert_true(review_may_read(f->s, &f->u2, &pb));
}

TX_TEST(test_input_checks)
{
	struct fixture *f = *state;
	struct review r;
	struct review_problem pr[32];
	size_t npr;
	/* A score outside the scale: refused even for a draft. */
	full_review(f, &r, 2, REC_SELECT);
	r.scores[1].score = 4;
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, false, pr, 32, &npr),
	                 REVIEW_INVALID);
	assert_int_equal(npr, 1);
	assert_string_equal(pr[0].field, "score");
	assert_int_equal(pr[0].criterion_id, r.scores[1].criterion_id);
	/* A criterion that is not a rated one of this call (the parent "efficient"). */
	struct criterion all[REVIEW_MAX_CRITERIA];
	size_t nall = call_criteria(f->s, &f->a, f->call, all, REVIEW_MAX_CRITERIA);
	assert_int_equal(nall, 6);
	full_review(f, &r, 2, REC_SELECT);
	r.scores[r.nscores++] = (struct review_score){all[3].id, 2, "x"};
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, false, pr, 32, &npr),
	                 REVIEW_INVALID);
	/* A missing justification and recommendation: a draft may, a submit may not. */
	full_review(f, &r, 2, REC_NONE);
	r.scores[2].justification = " \n";
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, false, pr, 32, &npr), REVIEW_OK);
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, true, pr, 32, &npr), REVIEW_INVALID);
	assert_int_equal(npr, 2);
	assert_string_equal(pr[0].field, "justification");
	assert_string_equal(pr[1].field, "recommendation");
	struct review own;
	assert_true(review_find_own(f->s, &f->a, f->m1, f->p_b, &own));
	assert_false(own.submitted);
	/* Abstaining needs a reason, and then nothing else. */
	memset(&r, 0, sizeof r);
	r.abstain = true;
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, true, pr, 32, &npr), REVIEW_INVALID);
	assert_string_equal(pr[0].field, "abstain_reason");
	r.abstain_reason = "Fachfremd.";
	assert_int_equal(review_save(f->s, &f->u1, f->p_b, &r, true, pr, 32, &npr), REVIEW_OK);
	struct review_rank_row rows[8];
	size_t n = review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL);
	for (size_t i = 0; i < n; i++)
		if (rows[i].proposal_id == f->p_b) {
			assert_int_equal(rows[i].nratings, 0);
			assert_int_equal(rows[i].nabstain, 1);
		}
	/* Someone off the board cannot rate. */
	full_review(f, &r, 2, REC_SELECT);
	assert_int_equal(save(f, &f->u_out, f->p_b, &r, true), REVIEW_NOT_MEMBER);
}

TX_TEST(test_own_rating_only)
{
	struct fixture *f = *state;
	struct review r;
	full_review(f, &r, 3, REC_SELECT);
	assert_int_equal(save(f, &f->u1, f->p_b, &r, true), REVIEW_OK);
	/* m2 saves "the same" rating, with m1's id and user in it: only m2's row changes. */
	struct review mine;
	assert_true(review_find_own(f->s, &f->a, f->m1, f->p_b, &mine));
	full_review(f, &r, 0, REC_DONT_SELECT);
	r.id = mine.id;
	r.user_id = f->m1;
	assert_int_equal(save(f, &f->u2, f->p_b, &r, true), REVIEW_OK);
	struct review again;
	assert_true(review_find_own(f->s, &f->a, f->m1, f->p_b, &again));
	assert_int_equal(again.scores[0].score, 3);
	assert_int_equal(again.recommendation, REC_SELECT);
	struct review theirs;
	assert_true(review_find_own(f->s, &f->a, f->m2, f->p_b, &theirs));
	assert_int_equal(theirs.scores[0].score, 0);
	/* The ranking: two ratings, 3 and 0: spread 3, mean 1.5 everywhere. */
	struct review_rank_row rows[8];
	size_t n = review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].proposal_id, f->p_b);
	assert_int_equal(rows[0].nratings, 2);
	assert_near(rows[0].crit[0].mean, 1.5);
	assert_true(rows[0].disagree);
	assert_near(rows[0].total, 6.0);
	/* A removed member's rating stays stored but counts no more. */
	assert_int_equal(board_member_remove(f->s, f->admin, f->call, f->m2), BOARD_OK);
	n = review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL);
	assert_int_equal(rows[0].nratings, 1);
	assert_near(rows[0].total, 12.0);
}

TX_TEST(test_membership)
{
	struct fixture *f = *state;
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->m1, NULL), BOARD_EXISTS);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->admin, NULL),
	                 BOARD_NOT_BOARD);
	assert_int_equal(board_member_add(f->s, f->admin, f->call, f->outsider, "bogus"),
	                 BOARD_INVALID);
	struct user cand[8];
	size_t n = board_member_candidates(f->s, &f->a, f->call, cand, 8);
	assert_int_equal(n, 1);
	assert_int_equal(cand[0].id, f->outsider);
	struct board_member m[8];
	n = review_members(f->s, &f->a, f->call, m, 8);
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
	struct review_call_item calls[4];
	assert_int_equal(review_calls_for(f->s, &f->a, &f->u1, calls, 4), 1);
	assert_int_equal(calls[0].progress.to_rate, 0);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m1), REVIEW_EXISTS);
	assert_int_equal(review_assign(f->s, f->admin, f->p_a, f->m3), REVIEW_CONFLICTED);
	assert_int_equal(review_assign(f->s, f->admin, f->p_a, f->outsider), REVIEW_NOT_MEMBER);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_OK);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pa), REVIEW_NOT_ASSIGNED);
	/* Reading is not limited by assignments (DESIGN.md §3). */
	assert_true(review_may_read(f->s, &f->u1, &pa));
	struct review_item items[8];
	size_t n = review_list_for(f->s, &f->a, &f->u1, f->call, items, 8);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].to_rate, items[i].proposal_id == f->p_b);
	assert_int_equal(review_calls_for(f->s, &f->a, &f->u1, calls, 4), 1);
	assert_int_equal(calls[0].progress.to_rate, 1);
	assert_int_equal(review_unassign(f->s, f->admin, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(review_unassign(f->s, f->admin, f->p_b, f->m1), REVIEW_NOT_FOUND);
	assert_int_equal(review_may_rate(f->s, &f->u1, &pb), REVIEW_NOT_ASSIGNED);
}

TX_TEST(test_rubric_frozen)
{
	struct fixture *f = *state;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(f->s, &f->a, f->call, crit, REVIEW_MAX_CRITERIA);
	struct scale_level lv[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(f->s, &f->a, f->call, lv, REVIEW_MAX_LEVELS);
	assert_int_equal(nl, 4);
	struct review_problem pr[32];
	size_t npr;
	crit[0].weight = 2;
	assert_int_equal(
	    review_rubric_update(f->s, f->admin, f->call, crit, n, lv, nl, 2.0, pr, 32, &npr),
	    REVIEW_FROZEN);
	/* Also a path around the domain code is stopped by the schema. */
	struct stmt *st = store_stmt(f->s, &q_raw_criterion);
	stmt_bind_int(st, 1, f->call);
	assert_true(stmt_exec(st) != STORE_OK);
	call_criteria(f->s, &f->a, f->call, crit, REVIEW_MAX_CRITERIA);
	assert_near(crit[0].weight, 1.0);

	/* A new call in preparation: editable, and checked. */
	int64_t c2 = call_create(f->s, f->admin, "Runde 2028", "", T0 + 20 * DAY, T0 + 30 * DAY,
	                         T0 + 40 * DAY, T0 + 50 * DAY);
	n = call_criteria(f->s, &f->a, c2, crit, REVIEW_MAX_CRITERIA);
	nl = review_scale(f->s, &f->a, c2, lv, REVIEW_MAX_LEVELS);
	crit[0].weight = 2;
	crit[1].label_en = "";
	assert_int_equal(
	    review_rubric_update(f->s, f->admin, c2, crit, n, lv, nl, 4.0, pr, 32, &npr),
	    REVIEW_INVALID);
	assert_int_equal(npr, 2);
	assert_string_equal(pr[0].field, "label_en");
	assert_string_equal(pr[1].field, "threshold");
	crit[1].label_en = "Innovative and new";
	lv[3].label_en = "completely met";
	assert_int_equal(
	    review_rubric_update(f->s, f->admin, c2, crit, n, lv, nl, 2.5, pr, 32, &npr),
	    REVIEW_OK);
	call_criteria(f->s, &f->a, c2, crit, REVIEW_MAX_CRITERIA);
	assert_near(crit[0].weight, 2.0);
	assert_string_equal(crit[1].label_en, "Innovative and new");
	review_scale(f->s, &f->a, c2, lv, REVIEW_MAX_LEVELS);
	assert_string_equal(lv[3].label_en, "completely met");
	struct review_settings set;
	review_settings_get(f->s, c2, &set);
	assert_near(set.threshold, 2.5);
	assert_true(set.hide_until_own);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_aggregate_threshold_exactly),
	    cmocka_unit_test(test_aggregate_efficient_from_its_two_aspects),
	    cmocka_unit_test(test_aggregate_spread_flag),
	    cmocka_unit_test(test_aggregate_weights_and_no_ratings),
	    cmocka_unit_test(test_ranking_sort),
	    cmocka_unit_test_setup_teardown(test_automatic_conflict, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_declared_and_admin_conflicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_visibility_rule, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_and_phase, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_input_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_own_rating_only, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_membership, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_assignments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rubric_frozen, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

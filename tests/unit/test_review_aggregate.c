/* Board review: the aggregation with hand-computed expectations (threshold, effizient from
 * its two aspects, the spread flag, weights) and the ranking's order. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_aggregate_threshold_exactly),
	    cmocka_unit_test(test_aggregate_efficient_from_its_two_aspects),
	    cmocka_unit_test(test_aggregate_spread_flag),
	    cmocka_unit_test(test_aggregate_weights_and_no_ratings),
	    cmocka_unit_test(test_ranking_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

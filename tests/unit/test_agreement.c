/* Krippendorff's alpha against the published worked example (four coders, twelve units,
 * missing values; Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), the
 * edge cases (perfect agreement, no variation, nothing pairable), and leniency. */
#include "domain/agreement.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <setjmp.h>
#include <cmocka.h>

#define M AGREEMENT_MISSING

/* Krippendorff (2011), section C: observers A–D (columns) by units 1–12 (rows). */
static const int example[12][4] = {
    {1, 1, M, 1}, {2, 2, 3, 2}, {3, 3, 3, 3}, {3, 3, 3, 3}, {2, 2, 2, 2}, {1, 2, 3, 4},
    {4, 4, 4, 4}, {1, 1, 2, 1}, {2, 2, 2, 2}, {M, 5, 5, 5}, {M, M, 1, 1}, {M, 3, M, M},
};

static void
assert_alpha(enum agreement_metric m, double want)
{
	struct agreement_alpha a;
	agreement_alpha(&example[0][0], 12, 4, m, &a);
	assert_int_equal(a.undefined, AGREE_DEFINED);
	/* Unit 12 has one value only and is not pairable: 11 units, 40 values. */
	assert_int_equal(a.units, 11);
	assert_int_equal(a.values, 40);
	if (fabs(a.alpha - want) > 0.001)
		fail_msg("metric %d: alpha %.5f, published %.3f", (int)m, a.alpha, want);
}

static void
test_published_nominal(void **state)
{
	(void)state;
	assert_alpha(AGREE_NOMINAL, 0.743);
}

static void
test_published_ordinal(void **state)
{
	(void)state;
	assert_alpha(AGREE_ORDINAL, 0.815);
}

static void
test_published_interval(void **state)
{
	(void)state;
	assert_alpha(AGREE_INTERVAL, 0.849);
}

static void
test_published_ratio(void **state)
{
	(void)state;
	assert_alpha(AGREE_RATIO, 0.797);
}

static void
test_missing_coder_order_irrelevant(void **state)
{
	(void)state;
	/* The same data with the coders in another order gives the same alpha. */
	int swapped[12][4];
	for (int u = 0; u < 12; u++)
		for (int c = 0; c < 4; c++)
			swapped[u][c] = example[u][3 - c];
	struct agreement_alpha a, b;
	agreement_alpha(&example[0][0], 12, 4, AGREE_ORDINAL, &a);
	agreement_alpha(&swapped[0][0], 12, 4, AGREE_ORDINAL, &b);
	assert_true(fabs(a.alpha - b.alpha) < 1e-12);
}

static void
test_perfect_agreement(void **state)
{
	(void)state;
	const int d[4][3] = {{0, 0, 0}, {3, 3, M}, {2, 2, 2}, {1, M, 1}};
	for (int m = AGREE_NOMINAL; m <= AGREE_RATIO; m++) {
		struct agreement_alpha a;
		agreement_alpha(&d[0][0], 4, 3, (enum agreement_metric)m, &a);
		assert_int_equal(a.undefined, AGREE_DEFINED);
		assert_true(fabs(a.alpha - 1.0) < 1e-12);
		assert_true(a.observed == 0);
	}
}

static void
test_no_variation_is_undefined(void **state)
{
	(void)state;
	/* Everyone always says 2: no disagreement observed, none expected: 0/0. */
	const int d[3][3] = {{2, 2, 2}, {2, M, 2}, {2, 2, M}};
	struct agreement_alpha a;
	agreement_alpha(&d[0][0], 3, 3, AGREE_ORDINAL, &a);
	assert_int_equal(a.undefined, AGREE_NO_VARIATION);
	assert_false(isnan(a.alpha));
	assert_true(a.alpha == 0);
}

static void
test_nothing_pairable_is_undefined(void **state)
{
	(void)state;
	const int d[3][2] = {{1, M}, {M, 2}, {M, M}};
	struct agreement_alpha a;
	agreement_alpha(&d[0][0], 3, 2, AGREE_ORDINAL, &a);
	assert_int_equal(a.undefined, AGREE_NO_PAIRS);
	assert_false(isnan(a.alpha));
	agreement_alpha(NULL, 0, 4, AGREE_ORDINAL, &a);
	assert_int_equal(a.undefined, AGREE_NO_PAIRS);
	agreement_alpha(&d[0][0], 3, 1, AGREE_ORDINAL, &a);
	assert_int_equal(a.undefined, AGREE_NO_PAIRS);
}

static void
test_systematic_disagreement_negative(void **state)
{
	(void)state;
	/* Two coders who always say the opposite: worse than chance. */
	const int d[4][2] = {{0, 3}, {3, 0}, {0, 3}, {3, 0}};
	struct agreement_alpha a;
	agreement_alpha(&d[0][0], 4, 2, AGREE_ORDINAL, &a);
	assert_int_equal(a.undefined, AGREE_DEFINED);
	assert_true(a.alpha < 0);
}

static void
test_ordinal_counts_between_values(void **state)
{
	(void)state;
	/* Ordinal distances depend on how often the values in between occur, not on the
	 * numbers: relabelling 0,1,2 as 0,1,9 keeps ordinal alpha, changes interval alpha. */
	const int a1[4][2] = {{0, 1}, {1, 2}, {2, 2}, {0, 0}};
	const int a2[4][2] = {{0, 1}, {1, 9}, {9, 9}, {0, 0}};
	struct agreement_alpha x, y;
	agreement_alpha(&a1[0][0], 4, 2, AGREE_ORDINAL, &x);
	agreement_alpha(&a2[0][0], 4, 2, AGREE_ORDINAL, &y);
	assert_true(fabs(x.alpha - y.alpha) < 1e-12);
	agreement_alpha(&a1[0][0], 4, 2, AGREE_INTERVAL, &x);
	agreement_alpha(&a2[0][0], 4, 2, AGREE_INTERVAL, &y);
	assert_true(fabs(x.alpha - y.alpha) > 0.01);
}

static void
test_leniency(void **state)
{
	(void)state;
	/* Coder 0 always one level above the two others, who agree. */
	const int d[3][3] = {{3, 2, 2}, {2, 1, 1}, {1, 0, M}};
	struct agreement_leniency l[3];
	agreement_leniency(&d[0][0], 3, 3, l);
	assert_int_equal(l[0].units, 3);
	assert_true(fabs(l[0].mean - 1.0) < 1e-12);
	assert_true(fabs(l[0].mean_abs - 1.0) < 1e-12);
	/* Coder 1: unit 1: 2 − 2.5, unit 2: 1 − 1.5, unit 3: 0 − 1 → mean −2/3. */
	assert_int_equal(l[1].units, 3);
	assert_true(fabs(l[1].mean - (-2.0 / 3.0)) < 1e-12);
	/* Coder 2 rated two units. */
	assert_int_equal(l[2].units, 2);
	assert_true(fabs(l[2].mean - (-0.5)) < 1e-12);
}

static void
test_leniency_alone(void **state)
{
	(void)state;
	/* A coder who never shares a unit has no leniency (0 units), not NaN. */
	const int d[2][2] = {{1, M}, {M, 2}};
	struct agreement_leniency l[2];
	agreement_leniency(&d[0][0], 2, 2, l);
	assert_int_equal(l[0].units, 0);
	assert_false(isnan(l[0].mean));
	assert_true(l[0].mean == 0);
}

static void
test_leniency_example(void **state)
{
	(void)state;
	struct agreement_leniency l[4];
	agreement_leniency(&example[0][0], 12, 4, l);
	/* Observer A rated units 1–9 (all pairable); D rated 1–11. */
	assert_int_equal(l[0].units, 9);
	assert_int_equal(l[3].units, 11);
	/* A tends lower than the others, C higher (C said 3 where A said 1 in unit 6). */
	assert_true(l[0].mean < 0);
	assert_true(l[2].mean > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_published_nominal),
	    cmocka_unit_test(test_published_ordinal),
	    cmocka_unit_test(test_published_interval),
	    cmocka_unit_test(test_published_ratio),
	    cmocka_unit_test(test_missing_coder_order_irrelevant),
	    cmocka_unit_test(test_perfect_agreement),
	    cmocka_unit_test(test_no_variation_is_undefined),
	    cmocka_unit_test(test_nothing_pairable_is_undefined),
	    cmocka_unit_test(test_systematic_disagreement_negative),
	    cmocka_unit_test(test_ordinal_counts_between_values),
	    cmocka_unit_test(test_leniency),
	    cmocka_unit_test(test_leniency_alone),
	    cmocka_unit_test(test_leniency_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

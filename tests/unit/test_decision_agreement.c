/* Decisions: the agreement of the board's ratings in a call, as the deciding phase shows it. */
#include "decision_fixture.h"
#include "domain/agreement.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>

#include <setjmp.h>
#include <cmocka.h>

static void
test_agreement_of_the_call(void **state)
{
	struct fixture *f = *state;
	struct agreement_report rep;
	agreement_for_call(f->s, &f->a, f->call, &rep);
	assert_int_equal(rep.ncrit, 5);
	assert_int_equal(rep.nmembers, 3);
	assert_int_equal(rep.nproposals, 2);
	/* Per criterion: p_a rated 3 and 2 (m3 conflicted, left out), p_b 1, 0 and 1. */
	const int same[2][3] = {{3, 2, AGREEMENT_MISSING}, {1, 0, 1}};
	struct agreement_alpha want;
	agreement_alpha(&same[0][0], 2, 3, AGREE_ORDINAL, &want);
	assert_int_equal(want.undefined, AGREE_DEFINED);
	for (size_t k = 0; k < rep.ncrit; k++) {
		assert_int_equal(rep.crit[k].alpha.undefined, AGREE_DEFINED);
		assert_true(fabs(rep.crit[k].alpha.alpha - want.alpha) < 1e-12);
		assert_int_equal(rep.crit[k].nratings, 5);
		/* levels 0..3: one 0, two 1s, one 2, one 3 */
		assert_int_equal(rep.crit[k].counts[0], 1);
		assert_int_equal(rep.crit[k].counts[1], 2);
		assert_int_equal(rep.crit[k].counts[2], 1);
		assert_int_equal(rep.crit[k].counts[3], 1);
	}
	for (size_t c = 0; c < rep.nmembers; c++) {
		const struct agreement_member *m = &rep.members[c];
		if (m->user_id == f->m1) {
			/* p_a: 3 − 2 = 1; p_b: 1 − (0 + 1) / 2 = 0.5: mean 0.75, on every
			 * criterion. */
			assert_int_equal(m->leniency.units, 10);
			assert_true(fabs(m->leniency.mean - 0.75) < 1e-12);
		} else if (m->user_id == f->m3) {
			assert_int_equal(m->ratings, 5);
			assert_true(fabs(m->leniency.mean - 0.5) < 1e-12);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_agreement_of_the_call, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Board review: the rating's deadline and phase, its input checks, one's own rating only,
 * and the frozen rubric. */
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

static const struct store_query q_raw_criterion = {
    "t_review_raw_criterion", "UPDATE criterion SET weight = 5 WHERE call_id = ?1"};

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
	    cmocka_unit_test_setup_teardown(test_deadline_and_phase, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_input_checks, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_own_rating_only, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_rubric_frozen, review_board_setup,
	                                    review_board_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

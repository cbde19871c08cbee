/* Board review: conflicts (automatic, declared, set by the office) and the visibility rule. */
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

static const struct store_query q_count = {
    "t_review_count", "SELECT count(*) FROM review WHERE proposal_id = ?1 AND user_id = ?2"};

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
	size_t n;
	struct review_item *items = review_list_for(f->s, &f->a, &f->u3, f->call, &n);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].proposal_id, f->p_b);
	size_t ncalls;
	struct review_call_item *calls = review_calls_for(f->s, &f->a, &f->u3, &ncalls);
	assert_int_equal(ncalls, 1);
	assert_int_equal(calls[0].progress.to_rate, 1);
	size_t ncalls1;
	struct review_call_item *calls1 = review_calls_for(f->s, &f->a, &f->u1, &ncalls1);
	assert_int_equal(ncalls1, 1);
	assert_int_equal(calls1[0].progress.to_rate, 2);
	struct review_rank_row rows[8];
	assert_int_equal(review_ranking(f->s, &f->a, &f->u3, f->call, rows, 8, NULL, NULL), 1);
	assert_int_equal(review_ranking(f->s, &f->a, &f->u_admin, f->call, rows, 8, NULL, NULL), 2);
	/* The office's list names it. */
	struct conflict *cs = conflict_list(f->s, &f->a, f->call, &n);
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
	struct conflict *cs = conflict_list(f->s, &f->a, f->call, &n);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_automatic_conflict, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_declared_and_admin_conflicts, review_board_setup,
	                                    review_board_teardown),
	    cmocka_unit_test_setup_teardown(test_visibility_rule, review_board_setup,
	                                    review_board_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

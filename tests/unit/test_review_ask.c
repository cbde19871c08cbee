/* "Ask one more member" where raters disagree: the suggestion (not conflicted, another
 * constituency first, then the fewest ratings, then the lowest id), the request with its
 * e-mail and audit event, its refusals; and the automatic, balanced assignment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/review_assign.h"

#include "review_fixture.h"

TX_TEST(test_suggestion_order)
{
	struct fixture *f = *state;
	/* On p_b the two funders disagree (3 against 0). m3 rated p_c already; m4 and m5
	 * nothing. Candidates: m3, m4, m5 (all of another constituency than the funder):
	 * m4 and m5 have the fewest ratings (0), m4 the lower id. */
	assert_int_equal(fx_rate(f, &f->u1, f->p_b, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_b, 0, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_c, 2, true), REVIEW_OK);
	int64_t who = 0;
	assert_int_equal(review_suggest_extra(f->s, f->p_b, &who), REVIEW_OK);
	assert_int_equal(who, f->m4);
	/* m4 now has two ratings elsewhere: m5 (none) comes first, then m3 (one). */
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_c, 2, true), REVIEW_OK);
	assert_int_equal(review_suggest_extra(f->s, f->p_b, &who), REVIEW_OK);
	assert_int_equal(who, f->m5);
	/* Whoever has submitted a rating of p_b is not asked: once m5 has, m3 (one rating)
	 * comes before m4 (two). A draft is no rating: m3's draft keeps m3 a candidate. */
	assert_int_equal(fx_rate(f, &f->u5, f->p_b, 1, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_b, 2, false), REVIEW_OK);
	assert_int_equal(review_suggest_extra(f->s, f->p_b, &who), REVIEW_OK);
	assert_int_equal(who, f->m3);
	/* Nobody conflicted is ever suggested: on p_a, m3 is left out. */
	assert_int_equal(review_suggest_extra(f->s, f->p_a, &who), REVIEW_OK);
	assert_true(who != f->m3);
}

TX_TEST(test_constituency_before_workload)
{
	struct fixture *f = *state;
	/* m1 (funder) rated p_c; m2 (funder, no ratings) against m4 (Fachstelle, two ratings):
	 * the Fachstelle has not rated p_c yet, so m4 is asked, not the idle m2. */
	assert_int_equal(fx_rate(f, &f->u1, f->p_c, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_c, 0, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u5, f->p_c, 1, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_b, 2, true), REVIEW_OK);
	int64_t who = 0;
	assert_int_equal(review_suggest_extra(f->s, f->p_c, &who), REVIEW_OK);
	assert_int_equal(who, f->m4);
	/* A submitted abstention is an answer: m4 is not asked again; m2 is the one left. */
	struct review r;
	memset(&r, 0, sizeof r);
	r.abstain = true;
	r.abstain_reason = "Fachfremd.";
	struct review_problem pr[8];
	size_t npr;
	assert_int_equal(review_save(f->s, &f->u4, f->p_c, &r, true, pr, 8, &npr), REVIEW_OK);
	assert_int_equal(review_suggest_extra(f->s, f->p_c, &who), REVIEW_OK);
	assert_int_equal(who, f->m2);
}

TX_TEST(test_ask_records_mails_and_audits)
{
	struct fixture *f = *state;
	assert_int_equal(fx_rate(f, &f->u1, f->p_a, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_a, 0, true), REVIEW_OK);
	int64_t before = fx_mails(f), who = 0;
	/* Candidates on p_a: m4 and m5 (m3 is conflicted): m4 first, then m5, then none. */
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_a, &who), REVIEW_OK);
	assert_int_equal(who, f->m4);
	assert_int_equal(fx_mails(f), before + 1);
	const char *mail = fx_last_mail(f, "m4@example.org");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Lotsen Berlin"));
	assert_non_null(strstr(mail, "Runde 2027"));
	assert_non_null(strstr(mail, "25.01.2027, 09:00"));
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_a, &who), REVIEW_OK);
	assert_int_equal(who, f->m5);
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_a, &who), REVIEW_NOT_FOUND);
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 0);
	assert_int_equal(fx_audits(f, "review.ask"), 2);
	size_t nq;
	struct review_request *q = review_requests(f->s, &f->a, f->call, &nq);
	assert_int_equal(nq, 2);
	assert_int_equal(q[0].user_id, f->m4);
	assert_false(q[0].submitted);
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 2, true), REVIEW_OK);
	q = review_requests(f->s, &f->a, f->call, &nq);
	assert_int_equal(nq, 2);
	assert_true(q[0].submitted);
	/* Nobody can be asked after the deadline, or once the review is over. */
	time_set_fake(UNTIL);
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_b, &who), REVIEW_DEADLINE);
	time_set_fake(T0);
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_DECIDING), 0);
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_b, &who), REVIEW_CLOSED);
	assert_int_equal(fx_audits(f, "review.ask"), 2);
}

TX_TEST(test_ask_assigns_in_subset_mode)
{
	struct fixture *f = *state;
	struct proposal pb;
	assert_true(proposal_find(f->s, &f->a, f->p_b, &pb));
	assert_int_equal(review_set_assignment_mode(f->s, f->admin, f->call, true), REVIEW_OK);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(review_assign(f->s, f->admin, f->p_b, f->m4), REVIEW_OK);
	/* Workloads: m2 two ratings, m3 and m5 one each, m4 none. */
	const struct {
		int64_t p, m;
		const struct user *u;
	} work[] = {{f->p_a, f->m2, &f->u2},
	            {f->p_c, f->m2, &f->u2},
	            {f->p_c, f->m3, &f->u3},
	            {f->p_c, f->m5, &f->u5}};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(review_assign(f->s, f->admin, work[i].p, work[i].m), REVIEW_OK);
		assert_int_equal(fx_rate(f, work[i].u, work[i].p, 2, true), REVIEW_OK);
	}
	/* m4, idle, is assigned to p_b already (asked, in effect): the suggestion is m3, the
	 * lower id of the two with one rating. */
	int64_t who = 0;
	assert_int_equal(review_may_rate(f->s, &f->u3, &pb), REVIEW_NOT_ASSIGNED);
	assert_int_equal(review_ask_extra(f->s, f->admin, f->p_b, &who), REVIEW_OK);
	assert_int_equal(who, f->m3);
	assert_int_equal(review_may_rate(f->s, &f->u3, &pb), REVIEW_OK);
	assert_int_equal(fx_audits(f, "review.assign"), 7);
}

TX_TEST(test_auto_assign_balanced)
{
	struct fixture *f = *state;
	/* One assignment by hand stays; two members per proposal, m3 never on p_a. */
	assert_int_equal(review_assign(f->s, f->admin, f->p_c, f->m1), REVIEW_OK);
	int made = -1;
	assert_int_equal(review_auto_assign(f->s, f->admin, f->call, 0, &made), REVIEW_INVALID);
	assert_int_equal(review_auto_assign(f->s, f->admin, f->call, 2, &made), REVIEW_OK);
	assert_int_equal(made, 5);
	struct review_settings set;
	review_settings_get(f->s, f->call, &set);
	assert_true(set.subset);
	size_t n;
	struct review_assignment *as = review_assignments(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 6);
	int per_p[3] = {0}, load[8] = {0};
	const int64_t ps[3] = {f->p_a, f->p_b, f->p_c};
	const int64_t ms[5] = {f->m1, f->m2, f->m3, f->m4, f->m5};
	for (size_t i = 0; i < n; i++) {
		assert_false(as[i].proposal_id == f->p_a && as[i].user_id == f->m3);
		for (int k = 0; k < 3; k++)
			per_p[k] += as[i].proposal_id == ps[k];
		for (int k = 0; k < 5; k++)
			load[k] += as[i].user_id == ms[k];
		/* Two of the same constituency never share a proposal while others are free. */
		for (size_t j = 0; j < i; j++)
			if (as[j].proposal_id == as[i].proposal_id)
				assert_string_not_equal(as[j].constituency, as[i].constituency);
	}
	for (int k = 0; k < 3; k++)
		assert_int_equal(per_p[k], 2);
	/* Six assignments over five members: nobody has more than two, nobody less than one. */
	for (int k = 0; k < 5; k++)
		assert_true(load[k] >= 1 && load[k] <= 2);
	/* Again: nothing to add. Three per proposal adds one each. */
	assert_int_equal(review_auto_assign(f->s, f->admin, f->call, 2, &made), REVIEW_OK);
	assert_int_equal(made, 0);
	assert_int_equal(review_auto_assign(f->s, f->admin, f->call, 3, &made), REVIEW_OK);
	assert_int_equal(made, 3);
	assert_int_equal(fx_audits(f, "review.auto_assign"), 3);
	/* Five per proposal: p_a can have only four (m3 is conflicted). */
	assert_int_equal(review_auto_assign(f->s, f->admin, f->call, 5, &made), REVIEW_OK);
	assert_int_equal(made, 5);
	review_assignments(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 14);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_suggestion_order, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_constituency_before_workload, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_ask_records_mails_and_audits, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_ask_assigns_in_subset_mode, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_auto_assign_balanced, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

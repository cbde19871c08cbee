/* The reminder by hand (review_nudge.h): once per member, call and Berlin calendar day,
 * which turns at 23:00 UTC in winter, not at midnight UTC; what it names; its refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/review_nudge.h"

#include "review_fixture.h"

/* T0 is 08:00 UTC, 09:00 in Berlin, on 15 January. */
#define BERLIN_MIDNIGHT (T0 + 15 * 3600) /* 23:00 UTC: 16 January begins in Berlin */

TX_TEST(test_once_a_berlin_day)
{
	struct fixture *f = *state;
	char day[16];
	review_nudge_day(day, sizeof day, BERLIN_MIDNIGHT - 1);
	assert_string_equal(day, "2027-01-15");
	review_nudge_day(day, sizeof day, BERLIN_MIDNIGHT);
	assert_string_equal(day, "2027-01-16");

	int64_t mails = fx_mails_to(f, "m1@example.org");
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m1, T0), NUDGE_OK);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), mails + 1);
	/* Later the same Berlin day, even one second before its midnight: refused. */
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m1, T0 + 3600),
	                 NUDGE_TODAY);
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m1, BERLIN_MIDNIGHT - 1),
	                 NUDGE_TODAY);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), mails + 1);
	/* Another member the same day is not held back. */
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m2, T0 + 60), NUDGE_OK);
	/* The next Berlin day (still 15 January in UTC): again. */
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m1, BERLIN_MIDNIGHT),
	                 NUDGE_OK);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), mails + 2);
	assert_int_equal(fx_audits(f, "review.remind_by_hand"), 3);
	size_t n;
	struct review_nudge *v = review_nudges(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].user_id, f->m1);
	assert_string_equal(v[0].day, "2027-01-16");
	assert_int_equal(v[0].missing, 3);
}

TX_TEST(test_names_what_is_missing)
{
	struct fixture *f = *state;
	/* m3 is conflicted on p_a and has rated p_b: only p_c is named. A draft is missing. */
	assert_int_equal(fx_rate(f, &f->u3, f->p_b, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_c, 2, false), REVIEW_OK);
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m3, T0), NUDGE_OK);
	const char *mail = fx_last_mail(f, "m3@example.org");
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Brücke Bayern"));
	assert_null(strstr(mail, "Lotsen Berlin"));
	assert_null(strstr(mail, "Pflege München"));
	assert_non_null(strstr(mail, "Runde 2027"));
}

TX_TEST(test_refusals_change_nothing)
{
	struct fixture *f = *state;
	int64_t mails = fx_mails(f);
	/* Not on the board; nothing missing; no such call. */
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->outsider, T0),
	                 NUDGE_NOT_FOUND);
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_b, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_c, 2, true), REVIEW_OK);
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m4, T0), NUDGE_NOTHING);
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call + 99, f->m1, T0),
	                 NUDGE_NOT_FOUND);
	/* After the review deadline. */
	assert_int_equal(review_remind_by_hand(f->s, f->admin, f->call, f->m1, UNTIL),
	                 NUDGE_CLOSED);
	assert_int_equal(fx_mails(f), mails);
	assert_int_equal(fx_audits(f, "review.remind_by_hand"), 0);
	size_t n;
	review_nudges(f->s, &f->a, f->call, &n);
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_once_a_berlin_day, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_names_what_is_missing, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

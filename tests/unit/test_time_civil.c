/* Unit tests for time handling (util/timeutil.h): days from civil dates, and the fake
 * clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

/* ---- time_days_from_civil ---- */

static void
test_days_from_civil_of_epoch_is_zero(void **state)
{
	assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
}

static void
test_days_from_civil_before_epoch_is_negative(void **state)
{
	assert_int_equal(time_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(time_days_from_civil(1969, 1, 1), -365);
	assert_int_equal(time_days_from_civil(1900, 3, 1), -25508);
	assert_int_equal(time_days_from_civil(1, 1, 1), -719162);
}

static void
test_days_from_civil_of_known_dates(void **state)
{
	assert_int_equal(time_days_from_civil(2000, 1, 1), 10957); /* 30 * 365 + 7 */
	assert_int_equal(time_days_from_civil(2024, 1, 1), 19723);
	assert_int_equal(time_days_from_civil(2026, 1, 1), 20454);
	assert_int_equal(time_days_from_civil(2026, 3, 29), 20541);
	assert_int_equal(time_days_from_civil(2026, 10, 25), 20751);
	assert_int_equal(time_days_from_civil(9999, 12, 31), 2932896);
}

static void
test_days_from_civil_around_leap_days(void **state)
{
	assert_int_equal(time_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(time_days_from_civil(2024, 2, 29), 19782);
	assert_int_equal(time_days_from_civil(2024, 3, 1), 19783);
	assert_int_equal(time_days_from_civil(2100, 2, 28), 47540);
	assert_int_equal(time_days_from_civil(2100, 3, 1), 47541); /* no 29 Feb in 2100 */
}

/* ---- time_now ---- */

static void
test_now_returns_fake_time_until_reset(void **state)
{
	time_set_fake(NOV_24_2026_1305);
	assert_int_equal(time_now(), NOV_24_2026_1305);
	time_set_fake(0);
	/* Back on the real clock: some time after this file was written (2025-01-01). */
	assert_true(time_now() > 20089LL * DAY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_from_civil_of_epoch_is_zero),
	    cmocka_unit_test(test_days_from_civil_before_epoch_is_negative),
	    cmocka_unit_test(test_days_from_civil_of_known_dates),
	    cmocka_unit_test(test_days_from_civil_around_leap_days),
	    cmocka_unit_test(test_now_returns_fake_time_until_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

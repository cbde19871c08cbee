/* Unit tests for time handling (util/timeutil.h): days from civil dates, and the fake
 * clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"

/* Expected instants, computed by hand from days since 1970-01-01:
 * 2024-01-01 is 54 * 365 + 13 leap days = 19723, 2026-01-01 is 56 * 365 + 14 = 20454. */
#define HOUR 3600
#define DAY 86400
/* 2026-03-29 (last Sunday of March) = 20454 + 31 + 28 + 28 = day 20541; 01:00 UTC. */
#define SPRING_2026 (20541LL * DAY + HOUR) /* 1774746000 */
/* 2026-10-25 (last Sunday of October) = 20454 + 297 = day 20751; 01:00 UTC. */
#define AUTUMN_2026 (20751LL * DAY + HOUR) /* 1792890000 */
/* 2024-03-31 = 19723 + 31 + 29 + 30 = day 19813; 01:00 UTC. */
#define SPRING_2024 (19813LL * DAY + HOUR) /* 1711846800 */
/* 2024-10-27 = 19723 + 300 = day 20023; 01:00 UTC. */
#define AUTUMN_2024 (20023LL * DAY + HOUR) /* 1729990800 */
/* 2026-11-24 13:05 UTC = day 20454 + 327 = 20781. */
#define NOV_24_2026_1305 (20781LL * DAY + 13 * HOUR + 5 * 60) /* 1795525500 */

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

/* Unit tests for time handling (util/timeutil.h): parsing Berlin date-times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

static int64_t
parsed(const char *s)
{
	int64_t t = -12345;
	assert_true(time_parse_berlin(s, &t));
	return t;
}

static bool
refused(const char *s)
{
	int64_t t = -12345;
	bool ok = time_parse_berlin(s, &t);
	return !ok && t == -12345;
}

/* ---- time_parse_berlin ---- */

static void
test_parse_winter_time(void **state)
{
	assert_int_equal(parsed("2026-11-24T14:05"), NOV_24_2026_1305);
}

static void
test_parse_accepts_space_instead_of_t(void **state)
{
	assert_int_equal(parsed("2026-11-24 14:05"), NOV_24_2026_1305);
}

static void
test_parse_summer_time(void **state)
{
	assert_int_equal(parsed("2026-07-01T12:00"), 20635LL * DAY + 10 * HOUR);
}

static void
test_parse_round_trips_formatted_times(void **state)
{
	const int64_t times[] = {
	    NOV_24_2026_1305,   SPRING_2026 - 60, SPRING_2026,
	    AUTUMN_2026 - HOUR, /* first 02:00 of the repeated hour: summer time */
	    AUTUMN_2026 + HOUR, SPRING_2024,      20819LL * DAY - 30 * 60,
	};
	for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
		char s[32];
		time_format_local_input(s, sizeof s, times[i]);
		assert_int_equal(parsed(s), times[i]);
	}
}

static void
test_parse_last_minute_before_spring_gap(void **state)
{
	assert_int_equal(parsed("2026-03-29T01:59"), SPRING_2026 - 60);
}

static void
test_parse_first_minute_after_spring_gap(void **state)
{
	assert_int_equal(parsed("2026-03-29T03:00"), SPRING_2026);
}

static void
test_parse_refuses_skipped_spring_hour(void **state)
{
	assert_true(refused("2026-03-29T02:00"));
	assert_true(refused("2026-03-29T02:30"));
	assert_true(refused("2026-03-29T02:59"));
	assert_true(refused("2024-03-31T02:30"));
}

static void
test_parse_repeated_autumn_hour_gives_summer_time_instant(void **state)
{
	/* 02:30 happens twice; the first time, 00:30 UTC, is chosen. */
	assert_int_equal(parsed("2026-10-25T02:30"), AUTUMN_2026 - 30 * 60);
	assert_int_equal(parsed("2024-10-27T02:30"), AUTUMN_2024 - 30 * 60);
}

static void
test_parse_after_repeated_autumn_hour_is_winter_time(void **state)
{
	assert_int_equal(parsed("2026-10-25T03:00"), AUTUMN_2026 + HOUR);
}

static void
test_parse_refuses_30_february(void **state)
{
	assert_true(refused("2024-02-30T12:00"));
	assert_true(refused("2026-02-30T12:00"));
}

static void
test_parse_accepts_29_february_in_leap_years(void **state)
{
	/* 2024-02-29 = 19723 + 31 + 28 = day 19782; 12:00 in Berlin is 11:00 UTC. */
	assert_int_equal(parsed("2024-02-29T12:00"), 19782LL * DAY + 11 * HOUR);
	/* 2000 is a leap year: divisible by 400. 2000-02-29 is day 11016. */
	assert_int_equal(parsed("2000-02-29T01:00"), 11016LL * DAY);
}

static void
test_parse_refuses_29_february_in_common_years(void **state)
{
	assert_true(refused("2026-02-29T12:00"));
	assert_true(refused("2100-02-29T12:00")); /* divisible by 100, not by 400 */
}

static void
test_parse_refuses_day_31_in_30_day_months(void **state)
{
	assert_true(refused("2026-04-31T12:00"));
	assert_true(refused("2026-11-31T12:00"));
}

static void
test_parse_refuses_month_and_day_zero_or_too_large(void **state)
{
	assert_true(refused("2026-00-10T12:00"));
	assert_true(refused("2026-13-10T12:00"));
	assert_true(refused("2026-05-00T12:00"));
	assert_true(refused("2026-05-32T12:00"));
}

static void
test_parse_refuses_hour_24(void **state)
{
	assert_true(refused("2026-05-01T24:00"));
}

static void
test_parse_refuses_minute_60(void **state)
{
	assert_true(refused("2026-05-01T12:60"));
}

static void
test_parse_refuses_garbage(void **state)
{
	assert_true(refused("abcdefghijklmnop")); /* 16 bytes, like a real value */
	assert_true(refused("2026-05-01X12:00"));
	assert_true(refused("2026/05/01T12:00"));
	assert_true(refused("2026-05-01T12-00"));
	assert_true(refused("2026-05-01T1a:00"));
}

static void
test_parse_refuses_signs_and_spaces_inside_fields(void **state)
{
	/* Each is 16 bytes long and would pass a scanf that skips blanks and reads signs. */
	assert_true(refused("2026-+5-01T12:00"));
	assert_true(refused("2026- 5-01T12:00"));
	assert_true(refused(" 2026-5-01T12:00"));
	assert_true(refused("2026-05-01T 9:30"));
	assert_true(refused("2026-05-01T+9:30"));
}

static void
test_parse_refuses_wrong_length(void **state)
{
	assert_true(refused(""));
	assert_true(refused("2026-05-01"));
	assert_true(refused("2026-05-01T12:0"));
	assert_true(refused("2026-05-01T12:00:00"));
	assert_true(refused("2026-05-01T12:00Z"));
	assert_true(refused("2026-5-1T12:00"));
}

static void
test_parse_refuses_years_before_1970(void **state)
{
	assert_true(refused("1969-07-20T21:17"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_winter_time),
	    cmocka_unit_test(test_parse_accepts_space_instead_of_t),
	    cmocka_unit_test(test_parse_summer_time),
	    cmocka_unit_test(test_parse_round_trips_formatted_times),
	    cmocka_unit_test(test_parse_last_minute_before_spring_gap),
	    cmocka_unit_test(test_parse_first_minute_after_spring_gap),
	    cmocka_unit_test(test_parse_refuses_skipped_spring_hour),
	    cmocka_unit_test(test_parse_repeated_autumn_hour_gives_summer_time_instant),
	    cmocka_unit_test(test_parse_after_repeated_autumn_hour_is_winter_time),
	    cmocka_unit_test(test_parse_refuses_30_february),
	    cmocka_unit_test(test_parse_accepts_29_february_in_leap_years),
	    cmocka_unit_test(test_parse_refuses_29_february_in_common_years),
	    cmocka_unit_test(test_parse_refuses_day_31_in_30_day_months),
	    cmocka_unit_test(test_parse_refuses_month_and_day_zero_or_too_large),
	    cmocka_unit_test(test_parse_refuses_hour_24),
	    cmocka_unit_test(test_parse_refuses_minute_60),
	    cmocka_unit_test(test_parse_refuses_garbage),
	    cmocka_unit_test(test_parse_refuses_signs_and_spaces_inside_fields),
	    cmocka_unit_test(test_parse_refuses_wrong_length),
	    cmocka_unit_test(test_parse_refuses_years_before_1970),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

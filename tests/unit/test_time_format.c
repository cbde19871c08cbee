/* Unit tests for time handling (util/timeutil.h): formatting in Berlin time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

/* ---- time_format_berlin, time_format_local_input ---- */

static void
test_format_german_in_winter_adds_one_hour(void **state)
{
	char out[32];
	time_format_berlin(out, sizeof out, NOV_24_2026_1305, true);
	assert_string_equal(out, "24.11.2026, 14:05");
}

static void
test_format_iso_in_winter_adds_one_hour(void **state)
{
	char out[32];
	time_format_berlin(out, sizeof out, NOV_24_2026_1305, false);
	assert_string_equal(out, "2026-11-24 14:05");
}

static void
test_format_german_in_summer_adds_two_hours(void **state)
{
	char out[32];
	time_format_berlin(out, sizeof out, 20635LL * DAY + 10 * HOUR, true); /* 2026-07-01 */
	assert_string_equal(out, "01.07.2026, 12:00");
}

static void
test_format_around_spring_switch_jumps_from_0159_to_0300(void **state)
{
	char out[32];
	time_format_berlin(out, sizeof out, SPRING_2026 - 1, true);
	assert_string_equal(out, "29.03.2026, 01:59");
	time_format_berlin(out, sizeof out, SPRING_2026, true);
	assert_string_equal(out, "29.03.2026, 03:00");
}

static void
test_format_around_autumn_switch_goes_back_from_0259_to_0200(void **state)
{
	char out[32];
	time_format_berlin(out, sizeof out, AUTUMN_2026 - 1, true);
	assert_string_equal(out, "25.10.2026, 02:59");
	time_format_berlin(out, sizeof out, AUTUMN_2026, true);
	assert_string_equal(out, "25.10.2026, 02:00");
}

static void
test_format_new_year_in_berlin_before_utc(void **state)
{
	/* 2026-12-31 23:30 UTC is already 2027 in Berlin. 2027-01-01 is day 20454 + 365. */
	char out[32];
	time_format_berlin(out, sizeof out, 20819LL * DAY - 30 * 60, true);
	assert_string_equal(out, "01.01.2027, 00:30");
}

static void
test_format_local_input_uses_t_separator(void **state)
{
	char out[32];
	time_format_local_input(out, sizeof out, NOV_24_2026_1305);
	assert_string_equal(out, "2026-11-24T14:05");
}

static void
test_format_truncates_to_buffer_size(void **state)
{
	char out[11];
	time_format_berlin(out, sizeof out, NOV_24_2026_1305, true);
	assert_string_equal(out, "24.11.2026");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_format_german_in_winter_adds_one_hour),
	    cmocka_unit_test(test_format_iso_in_winter_adds_one_hour),
	    cmocka_unit_test(test_format_german_in_summer_adds_two_hours),
	    cmocka_unit_test(test_format_around_spring_switch_jumps_from_0159_to_0300),
	    cmocka_unit_test(test_format_around_autumn_switch_goes_back_from_0259_to_0200),
	    cmocka_unit_test(test_format_new_year_in_berlin_before_utc),
	    cmocka_unit_test(test_format_local_input_uses_t_separator),
	    cmocka_unit_test(test_format_truncates_to_buffer_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

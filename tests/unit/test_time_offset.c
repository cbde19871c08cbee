/* Unit tests for time handling (util/timeutil.h): the Berlin offset and its switches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

/* ---- the constants themselves ---- */

static void
test_expected_constants_match_known_epoch_seconds(void **state)
{
	/* Cross-checked with `date -u -d 2026-03-29T01:00 +%s` and friends. */
	assert_int_equal(SPRING_2026, 1774746000);
	assert_int_equal(AUTUMN_2026, 1792890000);
	assert_int_equal(SPRING_2024, 1711846800);
	assert_int_equal(AUTUMN_2024, 1729990800);
	assert_int_equal(NOV_24_2026_1305, 1795525500);
}

/* ---- time_berlin_offset ---- */

static void
test_offset_is_winter_time_in_january(void **state)
{
	assert_int_equal(time_berlin_offset(20454LL * DAY + 12 * HOUR), 3600); /* 2026-01-01 */
}

static void
test_offset_is_summer_time_in_july(void **state)
{
	assert_int_equal(time_berlin_offset(20635LL * DAY + 12 * HOUR), 7200); /* 2026-07-01 */
}

static void
test_offset_spring_2026_switches_exactly_at_0100_utc(void **state)
{
	assert_int_equal(time_berlin_offset(SPRING_2026 - 1), 3600);
	assert_int_equal(time_berlin_offset(SPRING_2026), 7200);
}

static void
test_offset_autumn_2026_switches_exactly_at_0100_utc(void **state)
{
	assert_int_equal(time_berlin_offset(AUTUMN_2026 - 1), 7200);
	assert_int_equal(time_berlin_offset(AUTUMN_2026), 3600);
}

static void
test_offset_spring_2024_switches_exactly_at_0100_utc(void **state)
{
	assert_int_equal(time_berlin_offset(SPRING_2024 - 1), 3600);
	assert_int_equal(time_berlin_offset(SPRING_2024), 7200);
}

static void
test_offset_autumn_2024_switches_exactly_at_0100_utc(void **state)
{
	assert_int_equal(time_berlin_offset(AUTUMN_2024 - 1), 7200);
	assert_int_equal(time_berlin_offset(AUTUMN_2024), 3600);
}

static void
test_offset_does_not_switch_a_week_early(void **state)
{
	/* The Sundays one week before the last ones are still on the old time. */
	assert_int_equal(time_berlin_offset(SPRING_2026 - 7 * DAY), 3600);
	assert_int_equal(time_berlin_offset(AUTUMN_2026 - 7 * DAY), 7200);
}

static void
test_offset_before_1970_is_winter_time_in_december(void **state)
{
	assert_int_equal(time_berlin_offset(-1), 3600); /* 1969-12-31 23:59:59 UTC */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expected_constants_match_known_epoch_seconds),
	    cmocka_unit_test(test_offset_is_winter_time_in_january),
	    cmocka_unit_test(test_offset_is_summer_time_in_july),
	    cmocka_unit_test(test_offset_spring_2026_switches_exactly_at_0100_utc),
	    cmocka_unit_test(test_offset_autumn_2026_switches_exactly_at_0100_utc),
	    cmocka_unit_test(test_offset_spring_2024_switches_exactly_at_0100_utc),
	    cmocka_unit_test(test_offset_autumn_2024_switches_exactly_at_0100_utc),
	    cmocka_unit_test(test_offset_does_not_switch_a_week_early),
	    cmocka_unit_test(test_offset_before_1970_is_winter_time_in_december),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

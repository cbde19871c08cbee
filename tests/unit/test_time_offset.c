/* Unit tests for time handling (util/timeutil.h): the Berlin offset and its switches. */
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

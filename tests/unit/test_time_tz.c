/* Unit tests for time handling (util/timeutil.h): Berlin time from the tz database around
 * the changes of the clocks, and history only the database knows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

static const char *
berlin(int64_t utc)
{
	static char out[32];
	time_format_berlin(out, sizeof out, utc, true);
	return out;
}

static void
test_spring_2026_skips_from_two_to_three(void **state)
{
	assert_string_equal(berlin(SPRING_2026 - 60), "29.03.2026, 01:59");
	assert_string_equal(berlin(SPRING_2026), "29.03.2026, 03:00");
	assert_string_equal(berlin(SPRING_2026 + 59 * 60), "29.03.2026, 03:59");
}

static void
test_autumn_2026_repeats_the_hour_from_two(void **state)
{
	assert_string_equal(berlin(AUTUMN_2026 - 60), "25.10.2026, 02:59");
	/* The clocks go back: 02:00 to 02:59 once more, now in winter time. */
	assert_string_equal(berlin(AUTUMN_2026), "25.10.2026, 02:00");
	assert_string_equal(berlin(AUTUMN_2026 + HOUR), "25.10.2026, 03:00");
}

static void
test_the_day_boundary_follows_the_offset(void **state)
{
	/* 22:30 UTC is already the next day in summer (00:30), not yet in winter (23:30). */
	assert_string_equal(berlin(20635LL * DAY + 22 * HOUR + 30 * 60), "02.07.2026, 00:30");
	assert_string_equal(berlin(20454LL * DAY + 22 * HOUR + 30 * 60), "01.01.2026, 23:30");
}

static void
test_parse_round_trips_across_the_switches(void **state)
{
	int64_t t = 0;
	assert_true(time_parse_berlin("2026-03-29T03:00", &t));
	assert_int_equal(t, SPRING_2026);
	assert_false(time_parse_berlin("2026-03-29T02:30", &t)); /* that hour does not exist */
	assert_true(time_parse_berlin("2026-10-25T03:00", &t));
	assert_int_equal(t, AUTUMN_2026 + HOUR);
}

static void
test_history_comes_from_the_tz_database(void **state)
{
	if (!time_tz_database())
		skip(); /* no tzdata installed: the EU rule alone answers */
	/* 1975: no summer time in Germany; a fixed rule would say +2 in July. */
	int64_t july_1975 = 2007LL * DAY + 12 * HOUR; /* 1975-07-01 12:00 UTC */
	assert_int_equal(time_berlin_offset(july_1975), 3600);
	/* 1990: summer time ended on the last Sunday of September (30 September). */
	int64_t oct_1990 = 7592LL * DAY + 12 * HOUR; /* 1990-10-15 12:00 UTC */
	assert_int_equal(time_berlin_offset(oct_1990), 3600);
	assert_string_equal(berlin(oct_1990), "15.10.1990, 13:00");
	int64_t sept_1990 = 7572LL * DAY + 12 * HOUR; /* 1990-09-25 12:00 UTC */
	assert_int_equal(time_berlin_offset(sept_1990), 7200);
	/* And today's rule far ahead, past the file's last transition. */
	int64_t jan_2082 = 40908LL * DAY + 12 * HOUR; /* 2082-01-01 12:00 UTC */
	assert_int_equal(time_berlin_offset(jan_2082), 3600);
	assert_int_equal(time_berlin_offset(jan_2082 + 181 * DAY), 7200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spring_2026_skips_from_two_to_three),
	    cmocka_unit_test(test_autumn_2026_repeats_the_hour_from_two),
	    cmocka_unit_test(test_the_day_boundary_follows_the_offset),
	    cmocka_unit_test(test_parse_round_trips_across_the_switches),
	    cmocka_unit_test(test_history_comes_from_the_tz_database),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

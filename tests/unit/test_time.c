/* Unit tests for time handling (util/timeutil.h): Berlin offsets, formatting, parsing. */
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

/* ---- time_format_rfc3339 ---- */

static void
test_rfc3339_of_epoch(void **state)
{
	char out[32];
	time_format_rfc3339(out, sizeof out, 0);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
}

static void
test_rfc3339_is_utc_not_berlin(void **state)
{
	char out[32];
	time_format_rfc3339(out, sizeof out, NOV_24_2026_1305);
	assert_string_equal(out, "2026-11-24T13:05:00Z");
}

static void
test_rfc3339_keeps_seconds(void **state)
{
	char out[32];
	time_format_rfc3339(out, sizeof out, 1000000000);
	assert_string_equal(out, "2001-09-09T01:46:40Z");
}

static void
test_rfc3339_of_leap_day(void **state)
{
	char out[32];
	time_format_rfc3339(out, sizeof out, 11016LL * DAY + DAY - 1);
	assert_string_equal(out, "2000-02-29T23:59:59Z");
}

static void
test_rfc3339_before_epoch(void **state)
{
	char out[32];
	time_format_rfc3339(out, sizeof out, -1);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
}

/* ---- time_format_http ---- */

static void
test_http_date_of_epoch(void **state)
{
	char out[40];
	time_format_http(out, sizeof out, 0);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 GMT");
}

static void
test_http_date_of_rfc7231_example(void **state)
{
	char out[40];
	time_format_http(out, sizeof out, 784111777);
	assert_string_equal(out, "Sun, 06 Nov 1994 08:49:37 GMT");
}

static void
test_http_date_in_2026(void **state)
{
	char out[40];
	time_format_http(out, sizeof out, NOV_24_2026_1305);
	assert_string_equal(out, "Tue, 24 Nov 2026 13:05:00 GMT");
}

static void
test_http_date_of_every_weekday(void **state)
{
	/* 2026-03-29 was a Sunday; the six days after it name the rest of the week. */
	static const char *expected[] = {
	    "Sun, 29 Mar 2026 12:00:00 GMT", "Mon, 30 Mar 2026 12:00:00 GMT",
	    "Tue, 31 Mar 2026 12:00:00 GMT", "Wed, 01 Apr 2026 12:00:00 GMT",
	    "Thu, 02 Apr 2026 12:00:00 GMT", "Fri, 03 Apr 2026 12:00:00 GMT",
	    "Sat, 04 Apr 2026 12:00:00 GMT",
	};
	for (int i = 0; i < 7; i++) {
		char out[40];
		time_format_http(out, sizeof out, (20541LL + i) * DAY + 12 * HOUR);
		assert_string_equal(out, expected[i]);
	}
}

static void
test_http_date_before_epoch(void **state)
{
	char out[40];
	time_format_http(out, sizeof out, -1);
	assert_string_equal(out, "Wed, 31 Dec 1969 23:59:59 GMT");
}

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

/* E-mail dates: the HTTP form with a numeric zone (RFC 5322). */
static void
test_rfc5322_dates(void **state)
{
	char out[64];
	time_format_rfc5322(out, sizeof out, 0);
	assert_string_equal(out, "Thu, 01 Jan 1970 00:00:00 +0000");
	/* 1763989500 is Monday, 24 November 2025, 13:05:00 UTC (date -u -d @1763989500). */
	time_format_rfc5322(out, sizeof out, 1763989500);
	assert_string_equal(out, "Mon, 24 Nov 2025 13:05:00 +0000");
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
	    cmocka_unit_test(test_format_german_in_winter_adds_one_hour),
	    cmocka_unit_test(test_format_iso_in_winter_adds_one_hour),
	    cmocka_unit_test(test_format_german_in_summer_adds_two_hours),
	    cmocka_unit_test(test_format_around_spring_switch_jumps_from_0159_to_0300),
	    cmocka_unit_test(test_format_around_autumn_switch_goes_back_from_0259_to_0200),
	    cmocka_unit_test(test_format_new_year_in_berlin_before_utc),
	    cmocka_unit_test(test_format_local_input_uses_t_separator),
	    cmocka_unit_test(test_format_truncates_to_buffer_size),
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
	    cmocka_unit_test(test_rfc3339_of_epoch),
	    cmocka_unit_test(test_rfc3339_is_utc_not_berlin),
	    cmocka_unit_test(test_rfc3339_keeps_seconds),
	    cmocka_unit_test(test_rfc3339_of_leap_day),
	    cmocka_unit_test(test_rfc3339_before_epoch),
	    cmocka_unit_test(test_http_date_of_epoch),
	    cmocka_unit_test(test_http_date_of_rfc7231_example),
	    cmocka_unit_test(test_http_date_in_2026),
	    cmocka_unit_test(test_http_date_of_every_weekday),
	    cmocka_unit_test(test_http_date_before_epoch),
	    cmocka_unit_test(test_days_from_civil_of_epoch_is_zero),
	    cmocka_unit_test(test_days_from_civil_before_epoch_is_negative),
	    cmocka_unit_test(test_days_from_civil_of_known_dates),
	    cmocka_unit_test(test_days_from_civil_around_leap_days),
	    cmocka_unit_test(test_now_returns_fake_time_until_reset),
	    cmocka_unit_test(test_rfc5322_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

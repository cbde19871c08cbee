/* Unit tests for time handling (util/timeutil.h): the UTC stamps of feeds, HTTP and mail
 * (RFC 3339, RFC 7231, RFC 5322). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>

#include "util/timeutil.h"
#include "time_fixture.h"

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
	    cmocka_unit_test(test_rfc5322_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

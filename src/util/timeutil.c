/* UTC ↔ Europe/Berlin without the process-wide TZ variable: a threaded server cannot
 * switch it per request, and the EU rule (last Sunday of March/October, 01:00 UTC) has
 * been stable since 1996, so it is computed here instead of relying on tzdata. */
#include "util/timeutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t fake_now;

int64_t
time_now(void)
{
	int64_t f = atomic_load(&fake_now);
	return f ? f : (int64_t)time(NULL);
}

void
time_set_fake(int64_t t)
{
	atomic_store(&fake_now, t);
}

/* Howard Hinnant's days_from_civil. */
int64_t
time_days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

/* Epoch seconds of 01:00 UTC on the last Sunday of the month. */
static int64_t
last_sunday_0100_utc(int year, unsigned month)
{
	int64_t last = time_days_from_civil(year, month, 31); /* March and October have 31 */
	int64_t weekday = (last + 4) % 7;                     /* 1970-01-01 was a Thursday */
	if (weekday < 0)
		weekday += 7;
	return (last - weekday) * 86400 + 3600;
}

int
time_berlin_offset(int64_t utc)
{
	int y;
	unsigned m, d;
	civil_from_days(utc >= 0 ? utc / 86400 : (utc - 86399) / 86400, &y, &m, &d);
	int64_t start = last_sunday_0100_utc(y, 3), end = last_sunday_0100_utc(y, 10);
	return (utc >= start && utc < end) ? 7200 : 3600;
}

static void
split(int64_t t, int *y, unsigned *mo, unsigned *d, int *h, int *mi, int *s)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t rest = t - days * 86400;
	civil_from_days(days, y, mo, d);
	*h = (int)(rest / 3600);
	*mi = (int)(rest % 3600 / 60);
	*s = (int)(rest % 60);
}

void
time_format_berlin(char *out, size_t n, int64_t utc, bool german)
{
	int y, h, mi, s;
	unsigned mo, d;
	split(utc + time_berlin_offset(utc), &y, &mo, &d, &h, &mi, &s);
	if (german)
		snprintf(out, n, "%02u.%02u.%04d, %02d:%02d", d, mo, y, h, mi);
	else
		snprintf(out, n, "%04d-%02u-%02u %02d:%02d", y, mo, d, h, mi);
}

void
time_format_local_input(char *out, size_t n, int64_t utc)
{
	int y, h, mi, s;
	unsigned mo, d;
	split(utc + time_berlin_offset(utc), &y, &mo, &d, &h, &mi, &s);
	snprintf(out, n, "%04d-%02u-%02uT%02d:%02d", y, mo, d, h, mi);
}

bool
time_parse_berlin(const char *str, int64_t *utc)
{
	int y, mo, d, h, mi, used = 0;
	if (strlen(str) != 16 || (str[10] != 'T' && str[10] != ' '))
		return false;
	/* sscanf alone skips blanks and reads signs ("2026- 5-+1T 9:30"): insist on digits. */
	for (int i = 0; i < 16; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && (str[i] < '0' || str[i] > '9'))
			return false;
	if (sscanf(str, "%4d-%2d-%2d%*c%2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5 || used != 16)
		return false;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59)
		return false;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d > mdays[mo - 1] + (mo == 2 && leap))
		return false;
	int64_t wall =
	    time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
	/* Try summer time first, then winter time: in the repeated autumn hour this picks
	 * the earlier (summer) instant; in the skipped spring hour neither round-trips. */
	for (int off = 7200; off >= 3600; off -= 3600) {
		int64_t t = wall - off;
		if (time_berlin_offset(t) == off) {
			*utc = t;
			return true;
		}
	}
	return false;
}

void
time_format_rfc3339(char *out, size_t n, int64_t utc)
{
	int y, h, mi, s;
	unsigned mo, d;
	split(utc, &y, &mo, &d, &h, &mi, &s);
	snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

void
time_format_http(char *out, size_t n, int64_t utc)
{
	static const char *wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char *mn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int y, h, mi, s;
	unsigned mo, d;
	split(utc, &y, &mo, &d, &h, &mi, &s);
	int64_t days = utc >= 0 ? utc / 86400 : (utc - 86399) / 86400;
	int w = (int)(days % 7);
	if (w < 0)
		w += 7;
	snprintf(out, n, "%s, %02u %s %04d %02d:%02d:%02d GMT", wd[w], d, mn[mo - 1], y, h, mi, s);
}

void
time_format_rfc5322(char *out, size_t n, int64_t utc)
{
	/* The HTTP form with the zone as a number, which is what RFC 5322 prefers. */
	char http[40];
	time_format_http(http, sizeof http, utc);
	size_t len = strlen(http);
	snprintf(out, n, "%.*s+0000", (int)(len > 3 ? len - 3 : len), http);
}

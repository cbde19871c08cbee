/* UTC ↔ Europe/Berlin without the process-wide TZ variable (a threaded server cannot
 * switch it per request): the offsets come from the tz database's own file for
 * Europe/Berlin (TZif, read once, under $TZDIR or /usr/share/zoneinfo), so history and any
 * future change of the rules are the database's. Past its last transition, or where the
 * file is missing, the EU rule (last Sunday of March/October, 01:00 UTC; the file's own
 * footer "CET-1CEST,M3.5.0,M10.5.0/3") carries on, as the file itself says to. */
#include "util/timeutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The EU rule, in force in Berlin since 1996. */
static int
rule_offset(int64_t utc)
{
	int y;
	unsigned m, d;
	civil_from_days(utc >= 0 ? utc / 86400 : (utc - 86399) / 86400, &y, &m, &d);
	int64_t start = last_sunday_0100_utc(y, 3), end = last_sunday_0100_utc(y, 10);
	return (utc >= start && utc < end) ? 7200 : 3600;
}

/* ---- the tz database's Europe/Berlin ---- */

#define TZ_MAX_TRANSITIONS 1200
#define TZ_MAX_FILE (256 * 1024)

static struct {
	size_t n;
	int64_t at[TZ_MAX_TRANSITIONS];  /* transition instants, ascending */
	int32_t off[TZ_MAX_TRANSITIONS]; /* the offset from each one on */
} tz;
static pthread_once_t tz_once = PTHREAD_ONCE_INIT;

/* n bytes big-endian, two's complement. */
static int64_t
be_signed(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n < 8 && (p[0] & 0x80))
		v |= ~(uint64_t)0 << (8 * n);
	return (int64_t)v;
}

struct tzif_counts {
	size_t isut, isstd, leap, time, type, chars;
};

static bool
tzif_header(const unsigned char *d, size_t len, struct tzif_counts *c)
{
	if (len < 44 || memcmp(d, "TZif", 4) != 0)
		return false;
	size_t *f[] = {&c->isut, &c->isstd, &c->leap, &c->time, &c->type, &c->chars};
	for (int i = 0; i < 6; i++)
		*f[i] = (size_t)(uint32_t)be_signed(d + 20 + 4 * i, 4);
	return c->type >= 1 && c->type <= 256 && c->time <= TZ_MAX_TRANSITIONS;
}

static size_t
tzif_block(const struct tzif_counts *c, size_t tsize)
{
	return c->time * tsize + c->time + c->type * 6 + c->chars + c->leap * (tsize + 4) +
	       c->isstd + c->isut;
}

/* Fills tz from a TZif file's bytes (version 2 and later: its 64-bit block); false, with
 * tz empty, when the bytes are not one. */
static bool
tzif_parse(const unsigned char *d, size_t len)
{
	struct tzif_counts c;
	if (!tzif_header(d, len, &c))
		return false;
	size_t tsize = 4;
	if (d[4] >= '2') {
		size_t skip = 44 + tzif_block(&c, 4);
		if (skip > len || !tzif_header(d + skip, len - skip, &c))
			return false;
		d += skip;
		len -= skip;
		tsize = 8;
	}
	if (44 + tzif_block(&c, tsize) > len)
		return false;
	const unsigned char *times = d + 44, *idx = times + c.time * tsize, *types = idx + c.time;
	for (size_t i = 0; i < c.time; i++) {
		if (idx[i] >= c.type)
			return false;
		tz.at[i] = be_signed(times + i * tsize, (int)tsize);
		tz.off[i] = (int32_t)be_signed(types + 6 * idx[i], 4);
		if (i && tz.at[i] <= tz.at[i - 1])
			return false;
	}
	tz.n = c.time;
	return true;
}

static void
tz_load(void)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/Europe/Berlin", dir && *dir ? dir : "/usr/share/zoneinfo");
	FILE *f = fopen(path, "rb");
	if (!f)
		return; /* no tz database: the EU rule alone */
	unsigned char *d = malloc(TZ_MAX_FILE);
	size_t len = d ? fread(d, 1, TZ_MAX_FILE, f) : 0;
	fclose(f);
	if (d && !tzif_parse(d, len))
		tz.n = 0;
	free(d);
}

bool
time_tz_database(void)
{
	pthread_once(&tz_once, tz_load);
	return tz.n > 0;
}

int
time_berlin_offset(int64_t utc)
{
	pthread_once(&tz_once, tz_load);
	/* Within the file's transitions it answers; past the last one (the file lists them up
	 * to some year and then gives the rule) and before the first, the rule does. */
	if (tz.n < 2 || utc < tz.at[0] || utc >= tz.at[tz.n - 1])
		return rule_offset(utc);
	size_t lo = 0, hi = tz.n - 1; /* at[lo] <= utc < at[hi] */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz.at[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	return tz.off[lo];
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
time_format_month_berlin(char *out, size_t n, int64_t utc, bool german)
{
	static const char *const de[] = {"Januar",    "Februar", "März",     "April",
	                                 "Mai",       "Juni",    "Juli",     "August",
	                                 "September", "Oktober", "November", "Dezember"};
	static const char *const en[] = {"January",   "February", "March",    "April",
	                                 "May",       "June",     "July",     "August",
	                                 "September", "October",  "November", "December"};
	int y, h, mi, s;
	unsigned mo, d;
	split(utc + time_berlin_offset(utc), &y, &mo, &d, &h, &mi, &s);
	snprintf(out, n, "%s %d", (german ? de : en)[(mo - 1) % 12], y);
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
	 * the earlier (summer) instant; in the skipped spring hour neither round-trips. (Since
	 * 1970 Berlin has had no other offsets.) */
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

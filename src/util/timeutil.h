/* Time: the database stores UTC seconds; people see and type Europe/Berlin wall time. */
#ifndef UTIL_TIMEUTIL_H
#define UTIL_TIMEUTIL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch, UTC. Tests may pin it with time_set_fake(). */
int64_t time_now(void);
/* For tests: make time_now() return t (0 returns to the real clock). */
void time_set_fake(int64_t t);
/* Offset of Europe/Berlin from UTC at instant t, in seconds (3600 or 7200 since 1970),
 * from the tz database (see time_tz_database), else from the EU rule. */
int time_berlin_offset(int64_t utc);
/* True when the tz database's Europe/Berlin was found and read (once, on first use). */
bool time_tz_database(void);
/* "24.11.2026, 14:05" in Berlin time (German) or "2026-11-24 14:05" (ISO-like). */
void time_format_berlin(char *out, size_t n, int64_t utc, bool german);
/* "März 2027" (German) or "March 2027", the month in Berlin time. */
void time_format_month_berlin(char *out, size_t n, int64_t utc, bool german);
/* "2026-11-24T14:05" (HTML datetime-local) in Berlin time. */
void time_format_local_input(char *out, size_t n, int64_t utc);
/* Parses "YYYY-MM-DDTHH:MM" (or with a space) as Berlin wall time. A time that does not
 * exist (the skipped hour in spring) or is out of range is refused. */
bool time_parse_berlin(const char *s, int64_t *utc);
/* RFC 3339 UTC: "2026-11-24T13:05:00Z". */
void time_format_rfc3339(char *out, size_t n, int64_t utc);
/* IMF-fixdate for HTTP headers: "Tue, 24 Nov 2026 13:05:00 GMT". */
void time_format_http(char *out, size_t n, int64_t utc);
/* RFC 5322 for e-mail headers: "Tue, 24 Nov 2026 13:05:00 +0000". */
void time_format_rfc5322(char *out, size_t n, int64_t utc);
/* Days since 1970-01-01 for a civil date (proleptic Gregorian). */
int64_t time_days_from_civil(int y, unsigned m, unsigned d);

#endif

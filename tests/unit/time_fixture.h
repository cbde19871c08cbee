/* Shared by the unit tests of time handling (test_time_*.c): the instants they expect,
 * around the changes of Berlin's offset, written as days since 1970-01-01. */
#ifndef TESTS_UNIT_TIME_FIXTURE_H
#define TESTS_UNIT_TIME_FIXTURE_H

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

#endif

/* Retention of the access log (GDPR Art. 5(1)(e): the log holds addresses and paths;
 * issue #15, point 11): once a UTC day the scheduler moves the log file aside by the day
 * it began (FILE.2026-12-01, a new FILE goes on), removes the rotated logs beside it
 * (its own and logrotate's FILE.1, FILE.2.gz …) older than the retention days, and writes
 * an audit event "log.retention" for the run. */
#ifndef DOMAIN_LOG_RETENTION_H
#define DOMAIN_LOG_RETENTION_H
#include <stdint.h>

struct store;

/* Days a rotated access log is kept (default 14, LEUCHTTURM_LOG_RETENTION_DAYS); 0 leaves
 * the log to logrotate alone (no rotation, no removal, no run). Set once at start-up. */
void log_retention_configure(int days);
int log_retention_days(void);

/* The day's run, when due: nothing without a log file (--log-file) or with 0 days, nor
 * twice on one UTC day in one process. Rotates the log when its first line is of an
 * earlier day, prunes, and audits the run (actor: the system) with {file, days,
 * rotated_to (or null), removed: [names]}. Returns 1 when it ran, 0 when not due, -1 when
 * the audit event could not be written (tried again at the next round). */
int log_retention_run(struct store *s, int64_t now);

#endif

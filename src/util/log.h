/* Logging to standard error: one line per event, with a UTC timestamp. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences log_info (tests and CLI commands that print their own output). */
void log_set_quiet(int quiet);

/* From now on the log (standard error, so also what else writes there: the access log,
 * libmicrohttpd) goes to path, appended, created 0640. Returns 0, or -1 (errno set) with
 * standard error unchanged. */
int log_to_file(const char *path);
/* Opens the file of log_to_file again, by its name: after logrotate moved it away, the
 * log goes on in a new file (SIGHUP). Returns 0, -1 when it cannot (the log stays where it
 * was), 1 when there is no log file. */
int log_reopen(void);

#endif

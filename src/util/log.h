/* Logging to standard error: one line per event, with a UTC timestamp. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* ---- the access log's retention (domain/log_retention.c runs it) ---- */
/* The file of log_to_file, or NULL when the log goes to standard error. */
const char *log_file(void);
/* The UTC day ("2026-12-01") of the log file's first line (every line starts with its
 * time); false when there is no file, it is empty or its first line has no time. */
bool log_first_day(char day[11]);
/* Moves the log file to FILE.suffix (refused when that exists, errno EEXIST) and opens a
 * new FILE. Returns 0 once moved (a new file that cannot be made is logged, the log goes
 * on in the moved one), or -1 (errno set; the log stays where it was). */
int log_rotate(const char *suffix);
/* Removes the rotated logs beside the file (FILE.* : this function's, logrotate's
 * FILE.1, FILE.2.gz …) last changed before `before` (seconds since the epoch). Their
 * names (without the folder) go to names, "\n"-separated, up to size bytes. Returns how
 * many were removed, or -1 when the folder cannot be read. */
int log_prune(int64_t before, char *names, size_t size);

#endif

/* Logging to standard error: one line per event, with a UTC timestamp. */
#ifndef UTIL_LOG_H
#define UTIL_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences log_info (tests and CLI commands that print their own output). */
void log_set_quiet(int quiet);

#endif

/* What the access log may show of a request target. */
#ifndef HTTP_LOG_MASK_H
#define HTTP_LOG_MASK_H
#include <stddef.h>

/* Segments of this many hex digits or more are taken for secrets (reset and invitation
 * links carry 64). */
#define LOG_MASK_MIN_TOKEN 16

/* Writes the path of target (up to '?': query strings can carry tokens and search terms)
 * to out, at most 200 bytes of it, with every path segment that looks like a token cut to
 * its first four digits and "…": "/passwort-neu/80b3…". A log file is read by more people
 * than the database, and a token in it opens an account. Always NUL-terminates. */
void log_mask_path(char *out, size_t n, const char *target);

#endif

/* Shared by the unit tests of sessions, tokens and throttling (test_session_*.c): a fresh
 * database with the accounts ANNA and BERND written straight into it, the clock at T0. */
#ifndef TESTS_UNIT_SESSION_FIXTURE_H
#define TESTS_UNIT_SESSION_FIXTURE_H
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define ANNA 1
#define BERND 2

struct fixture {
	char path[64];
	struct store *s;
};

/* cmocka setup: the database "session" with ANNA and BERND, quiet log, the clock at T0. */
int session_setup(void **state);
/* cmocka teardown: removes the database and resets the clock. */
int session_teardown(void **state);

/* SHA-256 of s as lowercase hex, computed without the code under test. */
void sha256_hex(char out[65], const char *s);
/* The count the one-row query q gives, with ?1 = text unless text is NULL. */
int64_t count_text(struct store *s, const struct store_query *q, const char *text);
/* Whether s is exactly n lowercase hex digits. */
bool is_lower_hex(const char *s, size_t n);

#endif

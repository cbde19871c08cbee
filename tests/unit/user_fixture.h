/* Shared by the unit tests of accounts (test_user_*.c): a fresh database with every
 * migration applied, the fake clock at T0, the cheapest password hash, and the look-ups
 * into the audit log and the account's rows the tests make. */
#ifndef TESTS_UNIT_USER_FIXTURE_H
#define TESTS_UNIT_USER_FIXTURE_H
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"

#include <stddef.h>
#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define ADMIN 99      /* the acting administrator in audit events */
#define PASSWORD "korrekt Pferd Batterie"

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

/* How many sessions the account ?1 has. */
extern const struct store_query q_session_count;
/* When the account ?1 was last changed. */
extern const struct store_query q_updated_at;

/* cmocka setup: the database "user", quiet log, PWHASH_MIN, the clock at T0. */
int user_setup(void **state);
/* cmocka teardown: checks the audit chain is intact, then removes the database. */
int user_teardown(void **state);

/* Creates anna@example.org, a submitter with PASSWORD, by ADMIN; returns her id. */
int64_t create_anna(struct fixture *f);
/* How many events with this action (a prefix) the user has in the audit log. */
size_t events(struct fixture *f, int64_t user_id, const char *action);
/* The newest event of the user with this action; fails when there is none. */
struct audit_event last_event(struct fixture *f, int64_t user_id, const char *action);
/* The integer the one-row query q gives for ?1 = id; fails when there is no row. */
int64_t int_of(struct store *s, const struct store_query *q, int64_t id);

#endif

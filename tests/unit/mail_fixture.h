/* Shared by the unit tests of the outbox (test_mail_*.c): a database in a temporary
 * directory whose outbox folder does not exist yet, and the look-ups into the outbox rows,
 * the audit log and the messages the tests make. */
#ifndef TESTS_UNIT_MAIL_FIXTURE_H
#define TESTS_UNIT_MAIL_FIXTURE_H
#include "store/store.h"

#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define SENDER "leuchtturm@example.org"

struct fixture {
	char dir[256];
	char outbox[300];
	char db[96]; /* the database: a file in /tmp, or on PostgreSQL its address (fixture.h) */
	struct store *s;
};

struct row {
	char state[16];
	int64_t attempts;
	int64_t next_attempt_at;
	char last_error[600];
	int64_t sent_at;
};

/* cmocka setup: the temporary directory and a migrated database on the run's driver
 * (temp_db_open), quiet log. */
int mail_setup(void **state);
/* cmocka teardown: closes the database, removes the directory, resets the clock. */
int mail_teardown(void **state);

/* The outbox row id into *r; fails when there is none. */
void read_row(struct store *s, int64_t id, struct row *r);
/* mail_enqueue in a transaction of its own, as its callers run it: the outbox id, or -1. */
int64_t enqueue(struct store *s, const char *to, const char *subject, const char *body);
/* The audit events as "action object details" lines (free them). */
char *audit_lines(struct store *s);
/* Fails the running test unless the audit chain is intact and has `events` events. */
void assert_audit_intact(struct store *s, int64_t events);
/* The value of a header of msg, unfolded (free it), or NULL. */
char *header(const char *msg, const char *name);
/* Decodes the quoted-printable body after the header block (free it). */
char *decode_body(const char *msg);
/* Fails the running test unless every line of msg ends in CRLF and has at most 76 bytes. */
void assert_lines_short(const char *msg);
/* Fails the running test unless needle is in hay. */
void assert_contains(const char *hay, const char *needle);

#endif

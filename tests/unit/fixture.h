/* Shared by the unit tests: a temporary database, and the rows a board review is made of. */
#ifndef TESTS_UNIT_FIXTURE_H
#define TESTS_UNIT_FIXTURE_H
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A test whose body runs inside one store_tx on the fixture's store, as a page handler
 * runs its change: write `TX_TEST(test_name) { … }` instead of `static void
 * test_name(void **state) { … }`. The file's struct fixture has its store as member s.
 * A failed assertion leaves the transaction open; the teardown's store_close ends it. */
#define TX_TEST(name)                                                                              \
	static void name##_in_tx(void **state);                                                    \
	static int name##_tx(struct store *tx_s, void *tx_state)                                   \
	{                                                                                          \
		(void)tx_s;                                                                        \
		name##_in_tx(tx_state);                                                            \
		return STORE_OK;                                                                   \
	}                                                                                          \
	static void name(void **state)                                                             \
	{                                                                                          \
		assert_int_equal(store_tx(((struct fixture *)*state)->s, name##_tx, state),        \
		                 STORE_OK);                                                        \
	}                                                                                          \
	static void name##_in_tx(void **state)

/* Runs fn(s, arg) in a transaction and fails the running test unless it commits: for a
 * setup's seeding, or one step of a test. */
#define TX_RUN(s, fn, arg) assert_int_equal(store_tx((s), (fn), (arg)), STORE_OK)

/* Whether the fixture's databases are PostgreSQL's (LEUCHTTURM_TEST_DATABASE_URL is set,
 * as tests/pg/run.sh does); otherwise SQLite files. */
bool temp_db_is_pg(void);
/* Makes an empty file /tmp/lt-NAME-XXXXXX and puts its name into path (size bytes); on
 * PostgreSQL an empty database, whose postgresql:/// address goes to path. */
void temp_db_file(char *path, size_t size, const char *name);
/* Opens *s on a new, empty database in a file /tmp/lt-NAME-XXXXXX whose name goes to path
 * (size bytes). Fails the running test when it cannot. */
void temp_db_open_empty(struct store **s, char *path, size_t size, const char *name);
/* The same with every migration applied: the schema the application runs on. */
void temp_db_open(struct store **s, char *path, size_t size, const char *name);
/* Closes s and removes the database file and the WAL files SQLite may leave next to it. */
void temp_db_close(struct store *s, const char *path);
/* The end of a test on a migrated database: fails the running test unless its audit chain is
 * intact, then closes s as temp_db_close does, frees a and puts the clock back to the real one. */
void temp_db_end(struct store *s, const char *path, struct arena *a);

/* An account row written straight into the table: no role, no password, no audit event. */
void add_user_row(struct store *s, int64_t id, const char *email, const char *name);

/* An eligible proposal of org in call, created by author now (time_now()); returns its id. */
int64_t add_eligible_proposal(struct store *s, int64_t call, int64_t org, const char *title,
                              int64_t author);
/* A board account of org in that constituency (created by the system, actor 0), read back
 * into *u (strings in a); returns its id. */
int64_t add_board_member(struct store *s, struct arena *a, const char *email, const char *name,
                         int64_t org, const char *constituency, struct user *u);

#endif

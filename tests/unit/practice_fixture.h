/* Shared by the unit tests of good practices (test_practice_*.c): a fresh database with
 * every migration applied (and so the taxonomy), the clock at T0, and practices made in the
 * running test's transaction. */
#ifndef TESTS_UNIT_PRACTICE_FIXTURE_H
#define TESTS_UNIT_PRACTICE_FIXTURE_H
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

/* cmocka setup: the database "practice", quiet log, the clock at T0. */
int practice_setup(void **state);
/* cmocka teardown: removes the database and resets the clock. */
int practice_teardown(void **state);

/* The id of the taxonomy term kind/key; fails when there is none. */
int64_t term_id(struct fixture *f, const char *kind, const char *key);
/* A complete input: publishable as it is. */
void input(struct fixture *f, struct practice_input *in, const char *title, const char *text,
           const char *art, int64_t *terms, size_t nterms);
/* practice_create of in by account 7 (publish: and published), in the test's transaction
 * (TX_TEST); returns its id. */
int64_t create(struct fixture *f, struct practice_input *in, bool publish);
/* practice_import of the json (len bytes) by the system in a transaction of its own, as the
 * CLI runs it: committed on 0, rolled back otherwise. Returns practice_import's code. */
int import(struct fixture *f, const char *json, size_t len, struct import_result *res);
/* Where a file of the source tree is: $LEUCHTTURM_SRC/rel, else ./rel (a static buffer,
 * valid until the next call). */
const char *source_path(const char *rel);
/* That file read whole (malloc'd; *len its size); NULL when it cannot be read. */
char *source_file(const char *rel, size_t *len);
/* import of the demo catalog (sql/demo/practices.json): 0 when it is in. */
int import_demo(struct fixture *f);

#endif

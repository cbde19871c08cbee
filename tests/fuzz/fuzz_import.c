/* libFuzzer entry point for the JSON import of good practices (practice_import in
 * src/domain/practice_import.c, the format of docs/import-format.md): any file must be
 * either imported whole or refused with its problems listed. Runs against an in-memory
 * database with the migrations applied (so the taxonomies the records name exist); each
 * input is imported in a transaction that is rolled back, so every input starts from the
 * same state. Besides crashes, the target checks what practice_import.h promises and aborts
 * when a promise is broken. Build and run with tests/fuzz/run.sh. */
#include "domain/practice_import.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_import: broken promise: %s\n", what);
		abort();
	}
}

static struct store *
database(void)
{
	static struct store *s;
	if (!s && (store_open(&s, ":memory:") != STORE_OK || store_migrate(s) != STORE_OK)) {
		fprintf(stderr, "fuzz_import: cannot make the database\n");
		abort();
	}
	return s;
}

/* The import inside a transaction that is always rolled back, so every input starts from
 * the same empty catalog: store_tx rolls back on any code but STORE_OK. */
enum { ROLL_BACK = 77 };
struct import_tx {
	struct arena *a;
	const uint8_t *data;
	size_t size;
	struct import_result *res;
	int rc;
};

static int
import_body(struct store *s, void *arg)
{
	struct import_tx *t = arg;
	t->rc = practice_import(s, t->a, 0, (const char *)t->data, t->size, t->res);
	return ROLL_BACK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	struct store *s = database();
	struct arena a = {0};
	struct import_result res;
	struct import_tx t = {&a, data, size, &res, -2};
	check(store_tx(s, import_body, &t) == ROLL_BACK, "the import ran and was rolled back");
	int rc = t.rc;
	check(rc == 0 || rc == 1 || rc == -1, "0, 1 or -1");
	if (rc == 0)
		check(res.nproblems == 0 && res.imported == res.records, "imported whole");
	else
		check(res.imported == 0, "refused whole");
	if (rc == 1)
		check(res.nproblems > 0, "a refusal names its problems");
	check(res.nproblems <= IMPORT_MAX_PROBLEMS + 1, "problems are bounded");
	for (size_t i = 0; i < res.nproblems; i++) {
		const struct import_problem *p = &res.problems[i];
		check(p->field && p->message && p->message[0], "a problem says what is wrong");
		check(p->record <= res.records, "a problem names a record of the file");
	}
	arena_free(&a);
	return 0;
}

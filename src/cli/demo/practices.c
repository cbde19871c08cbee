/* The demo's good practices: sql/demo/practices.json, embedded at build time, seeded
 * through the import so the demo also proves the import format. */
#include "cli/commands.h"
#include "domain/practice_import.h"

#include <stdio.h>

extern const char demo_practices_json[];
extern const size_t demo_practices_json_len;

int
demo_seed_practices(struct store *s)
{
	struct arena a = {0};
	struct import_result res;
	int rc = practice_import(s, &a, 0, demo_practices_json, demo_practices_json_len, &res);
	for (size_t i = 0; i < res.nproblems; i++)
		fprintf(stderr, "demo practices: record %zu, %s: %s\n", res.problems[i].record,
		        res.problems[i].field, res.problems[i].message);
	arena_free(&a);
	return rc == 0 ? 0 : -1;
}

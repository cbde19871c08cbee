/* Test helper: imports good practices from a JSON file (the import format) into a
 * database through the domain's import, as `leuchtturm import` does, so HTTP tests can
 * seed published and unpublished practices while the server runs.
 *   seed_practices DB FILE.json */
#include "domain/practice_import.h"
#include "search/search.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

struct import_tx {
	struct arena *a;
	const char *json;
	size_t n;
	struct import_result *res;
};

static int
import_body(struct store *s, void *arg)
{
	struct import_tx *t = arg;
	return practice_import(s, t->a, 0, t->json, t->n, t->res) == 0 ? STORE_OK : STORE_ERR;
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: seed_practices DB FILE.json\n");
		return 2;
	}
	search_register();
	struct store *s;
	if (store_open(&s, argv[1]) != STORE_OK)
		return 2;
	FILE *f = fopen(argv[2], "rb");
	if (!f)
		return 2;
	static char json[1 << 20];
	size_t n = fread(json, 1, sizeof json, f);
	fclose(f);
	struct arena a = {0};
	struct import_result res = {0};
	struct import_tx t = {&a, json, n, &res};
	int rc = store_tx(s, import_body, &t);
	for (size_t i = 0; i < res.nproblems; i++)
		fprintf(stderr, "record %zu, %s: %s\n", res.problems[i].record,
		        res.problems[i].field, res.problems[i].message);
	if (rc == STORE_OK) {
		printf("imported %zu\n", res.imported);
	} else {
		rc = 1;
	}
	arena_free(&a);
	store_close(s);
	return rc;
}

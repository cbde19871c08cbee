/* The fixture and helpers of the good-practice tests (practice_fixture.h). */
#include "practice_fixture.h"
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

/* The database "practice", quiet log, the clock at T0. */
int
practice_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(getenv("TEST_LOG") == NULL);
	time_set_fake(T0);
	temp_db_open(&f->s, f->path, sizeof f->path, "practice");
	*state = f;
	return 0;
}

/* Removes the database and resets the clock. */
int
practice_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	free(f);
	time_set_fake(0);
	return 0;
}

/* The id of the taxonomy term kind/key; fails when there is none. */
int64_t
term_id(struct fixture *f, const char *kind, const char *key)
{
	struct term t;
	assert_true(taxonomy_find_key(f->s, &f->a, kind, key, &t));
	return t.id;
}

/* A complete input: publishable as it is. */
void
input(struct fixture *f, struct practice_input *in, const char *title, const char *text,
      const char *art, int64_t *terms, size_t nterms)
{
	memset(in, 0, sizeof *in);
	in->text[PX_TITLE] = title;
	in->text[PX_TEASER] = "Kurz gesagt.";
	in->text[PX_ORGANISATION_NAME] = "IQ Netzwerk";
	in->text[PX_SITUATION] = text;
	in->text[PX_IMPLEMENTATION] = "Umsetzung in Schritten.";
	in->text[PX_RESULTS] = "Ergebnisse mit Zahlen.";
	in->text[PX_TRANSFER] = "Transfer ist möglich.";
	in->art_id = term_id(f, "art", art);
	in->term_ids = terms;
	in->nterms = nterms;
}

/* In the test's transaction (TX_TEST). */
int64_t
create(struct fixture *f, struct practice_input *in, bool publish)
{
	int64_t id = practice_create(f->s, 7, in);
	assert_true(id > 0);
	if (publish)
		assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_OK);
	return id;
}

/* The arguments of import's transaction. */
struct import_tx {
	struct fixture *f;
	const char *json;
	size_t len;
	struct import_result *res;
};

/* The transaction of import. */
static int
import_body(struct store *s, void *arg)
{
	struct import_tx *t = arg;
	return practice_import(s, &t->f->a, 0, t->json, t->len, t->res);
}

/* practice_import in a transaction of its own, as the CLI runs it: committed on 0,
 * rolled back otherwise. Returns practice_import's code. */
int
import(struct fixture *f, const char *json, size_t len, struct import_result *res)
{
	struct import_tx t = {f, json, len, res};
	return store_tx(f->s, import_body, &t);
}

const char *
source_path(const char *rel)
{
	static char path[4096];
	const char *src = getenv("LEUCHTTURM_SRC");
	snprintf(path, sizeof path, "%s/%s", src && *src ? src : ".", rel);
	return path;
}

char *
source_file(const char *rel, size_t *len)
{
	FILE *f = fopen(source_path(rel), "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

int
import_demo(struct fixture *f)
{
	size_t len = 0;
	char *json = source_file("sql/demo/practices.json", &len);
	if (!json)
		return -1;
	struct import_result res;
	int rc = import(f, json, len, &res);
	free(json);
	return rc;
}

/* Related practices (search/related.c, practice_related) over the demo catalog: for every
 * published practice the same related practices, in the same order, as
 * tests/unit/related_demo.txt lists them. The program runs on SQLite with FTS5, on SQLite
 * with LEUCHTTURM_SEARCH_INDEX=memory and on PostgreSQL (tests/unit/meson.build), so the
 * three give the same answer. And: never the practice itself or an unpublished one, and a
 * practice unpublished meanwhile is no longer related, at once.
 * LEUCHTTURM_WRITE_EXPECTED=1 writes the list anew (after a deliberate change of the rule). */
#include "domain/practice.h"
#include "search/search.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#define RELATED 3

static int
setup(void **state)
{
	practice_setup(state);
	return import_demo(*state);
}

static const struct store_query q_published = {
    "test_related_published",
    "SELECT id, slug FROM practice WHERE status = 'published' ORDER BY slug"};

/* "slug: related related related\n" for every published practice, by slug. */
static void
related_list(struct fixture *f, struct buf *out)
{
	struct stmt *st = store_stmt(f->s, &q_published);
	int64_t ids[256];
	char *slugs[256];
	size_t n = 0;
	while (stmt_step(st) == STORE_ROW && n < 256) {
		ids[n] = stmt_int(st, 0);
		slugs[n++] = strdup(stmt_text(st, 1));
	}
	stmt_done(st);
	assert_true(n >= 20);
	size_t with = 0;
	for (size_t i = 0; i < n; i++) {
		struct practice_hit hits[RELATED];
		size_t k = practice_related(f->s, &f->a, ids[i], hits, RELATED);
		with += k > 0;
		buf_printf(out, "%s:", slugs[i]);
		for (size_t j = 0; j < k; j++) {
			/* Never itself, never twice, always published (catalog_hits finds published
			 * only). */
			assert_true(hits[j].id != ids[i]);
			for (size_t m = 0; m < j; m++)
				assert_true(hits[m].id != hits[j].id);
			buf_printf(out, " %s", hits[j].slug);
		}
		buf_puts(out, "\n");
		free(slugs[i]);
	}
	/* Most practices of the demo share telling words with others. */
	assert_true(with * 2 > n);
}

static void
test_related_as_listed(void **state)
{
	struct fixture *f = *state;
	struct buf got = BUF_INIT;
	related_list(f, &got);
	const char *path = source_path("tests/unit/related_demo.txt");
	const char *w = getenv("LEUCHTTURM_WRITE_EXPECTED");
	if (w && strcmp(w, "1") == 0) {
		FILE *o = fopen(path, "wb");
		assert_non_null(o);
		fwrite(got.data, 1, got.len, o);
		fclose(o);
	}
	size_t len = 0;
	char *want = source_file("tests/unit/related_demo.txt", &len);
	assert_non_null(want);
	assert_string_equal(buf_str(&got), want);
	free(want);
	buf_free(&got);
}

static int
unpublish_tx(struct store *s, void *arg)
{
	return practice_unpublish(s, 0, *(int64_t *)arg) == PRACTICE_OK ? 0 : -1;
}

static void
test_related_follows_unpublishing(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_published);
	int64_t id = 0;
	struct practice_hit hits[RELATED];
	size_t k = 0;
	/* The first practice with related practices. */
	while (stmt_step(st) == STORE_ROW) {
		id = stmt_int(st, 0);
		k = practice_related(f->s, &f->a, id, hits, RELATED);
		if (k)
			break;
	}
	stmt_done(st);
	assert_true(k > 0);
	int64_t gone = hits[0].id;
	assert_int_equal(store_tx(f->s, unpublish_tx, &gone), 0);
	struct practice_hit after[RELATED];
	size_t n = practice_related(f->s, &f->a, id, after, RELATED);
	for (size_t i = 0; i < n; i++)
		assert_true(after[i].id != gone);
	/* And the unpublished practice has none: it is not in the catalog. */
	assert_int_equal(practice_related(f->s, &f->a, gone, after, RELATED), 0);
}

/* More related practices than one query reads (8): all of them, in the index's order, the
 * first three those a page shows. */
static void
test_related_in_index_order(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_published);
	int64_t ids[64];
	size_t n = 0;
	while (stmt_step(st) == STORE_ROW && n < 64)
		ids[n++] = stmt_int(st, 0);
	stmt_done(st);
	size_t longest = 0;
	for (size_t i = 0; i < n; i++) {
		struct practice_hit hits[12], few[RELATED];
		size_t k = practice_related(f->s, &f->a, ids[i], hits, 12);
		int64_t want[12];
		size_t m = search_related(f->s, ids[i], want, 12);
		assert_int_equal(k, m);
		for (size_t j = 0; j < k; j++)
			assert_int_equal(hits[j].id, want[j]);
		size_t k3 = practice_related(f->s, &f->a, ids[i], few, RELATED);
		assert_int_equal(k3, k < RELATED ? k : RELATED);
		for (size_t j = 0; j < k3; j++)
			assert_int_equal(few[j].id, hits[j].id);
		longest = k > longest ? k : longest;
	}
	assert_true(longest > 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_related_as_listed, setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_related_follows_unpublishing, setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_related_in_index_order, setup, practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

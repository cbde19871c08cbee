/* The search's own index in memory (src/search/memindex.c) against SQLite's FTS5 index,
 * side by side over the demo catalog: the same vocabulary with the same counts, the same
 * practices for every expression the planner writes (each tier of the corpus queries and
 * of hostile input, in every field filter), the same order by relevance and the same
 * snippets. It is what lets the memory index stand in for FTS5 on PostgreSQL. */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/mem.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_state = {
    "test_memindex_state", "SELECT generation, instance FROM catalog_state WHERE id = 1"};

/* Reads a whole file (malloc'd), NULL when it cannot. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
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

static const char *
src_path(const char *rel)
{
	static char path[4096];
	const char *src = getenv("LEUCHTTURM_SRC");
	snprintf(path, sizeof path, "%s/%s", src && *src ? src : ".", rel);
	return path;
}

/* The demo catalog, and the memory index built for it. */
static int
setup(void **state)
{
	practice_setup(state);
	struct fixture *f = *state;
	size_t len = 0;
	char *json = slurp(src_path("sql/demo/practices.json"), &len);
	if (!json)
		return -1;
	struct import_result res;
	int rc = import(f, json, len, &res);
	free(json);
	if (rc != 0)
		return -1;
	struct stmt *st = store_stmt(f->s, &q_state);
	if (stmt_step(st) != STORE_ROW)
		return -1;
	int64_t generation = stmt_int(st, 0);
	char instance[40];
	snprintf(instance, sizeof instance, "%s", stmt_text(st, 1));
	stmt_done(st);
	return search_mem_refresh(f->s, generation, instance) ? 0 : -1;
}

struct ids {
	int64_t v[4096];
	size_t n;
};

static void
add_id(void *ctx, int64_t id)
{
	struct ids *l = ctx;
	if (l->n < sizeof l->v / sizeof *l->v)
		l->v[l->n++] = id;
}

struct vocab_list {
	struct buf text;
	size_t n;
};

static void
add_term(void *ctx, const char *term, int64_t docs)
{
	struct vocab_list *l = ctx;
	buf_printf(&l->text, "%s %lld\n", term, (long long)docs);
	l->n++;
}

static void
test_vocabulary(void **state)
{
	struct fixture *f = *state;
	struct vocab_list fts = {BUF_INIT, 0}, mem = {BUF_INIT, 0};
	assert_true(search_index_vocabulary(f->s, add_term, &fts));
	assert_true(search_mem_vocabulary(f->s, add_term, &mem));
	assert_true(fts.n > 1000);
	assert_int_equal(fts.n, mem.n);
	assert_string_equal(buf_str(&fts.text), buf_str(&mem.text));
	assert_int_equal(search_index_term_docs(f->s, "anerkennungsberat"),
	                 search_mem_term_docs(f->s, "anerkennungsberat"));
	assert_int_equal(search_mem_term_docs(f->s, "nichtda"), 0);
	struct ids a = {.n = 0}, b = {.n = 0};
	assert_true(search_index_term_each(f->s, "betrieb", 1000, add_id, &a));
	assert_true(search_mem_term_each(f->s, "betrieb", 1000, add_id, &b));
	assert_true(a.n > 0);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.v, b.v, a.n * sizeof *a.v);
	buf_free(&fts.text);
	buf_free(&mem.text);
	struct search_index_stats stats;
	assert_true(search_mem_stats(f->s, &stats));
	assert_int_equal(stats.terms, mem.n);
	assert_true(stats.practices > 20 && stats.bytes > 0);
}

/* What a visitor types: the corpus's queries, and input meant to break things. */
static size_t
queries(char ***out)
{
	static const char *const extra[] = {"\"Anerkennung",
	                                    "NEAR(a b)",
	                                    "a OR b AND NOT c",
	                                    "(((",
	                                    "*",
	                                    "-Betrieb",
	                                    "title:Hafen",
	                                    "E-Learning",
	                                    "Lehrer*innen Beraterin",
	                                    "Aerztinnen",
	                                    "Bundesagentur für Arbeit",
	                                    "KMU Betrieb",
	                                    "Qualifzierung Handwerk",
	                                    "Sprachkursangebot",
	                                    "x y z",
	                                    "Integration Kurs Beratung Netzwerk",
	                                    "ß",
	                                    "\xcc\x81",
	                                    "Fachkräfte Sicherung",
	                                    "Welcome Center"};
	size_t cap = 256, n = 0;
	char **q = xcalloc(cap, sizeof *q);
	for (size_t i = 0; i < sizeof extra / sizeof *extra; i++)
		q[n++] = xstrdup(extra[i]);
	FILE *f = fopen(src_path("tests/search/corpus.tsv"), "r");
	char line[512];
	while (f && fgets(line, sizeof line, f) && n < cap) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		q[n++] = xstrdup(line);
	}
	if (f)
		fclose(f);
	*out = q;
	return n;
}

static void
free_queries(char **q, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(q[i]);
	free(q);
}

static const char *
how_name(enum search_match how)
{
	static const char *const names[] = {"any", "ranked", "title", "teaser"};
	return names[how];
}

/* Every practice each expression finds, in the same order; by relevance, the same first
 * five (the corpus's measure) and, for at least nine in ten expressions, the same order
 * throughout (floating-point sums may order near-ties differently). */
static void
test_matches(void **state)
{
	struct fixture *f = *state;
	struct search_vocab *v = search_vocab_build(f->s);
	assert_non_null(v);
	char **q;
	size_t nq = queries(&q), compared = 0, same_order = 0, failures = 0;
	for (size_t i = 0; i < nq; i++) {
		struct search_plan plan;
		search_plan_build(&plan, v, q[i]);
		struct search_query plain;
		search_query_build(&plain, q[i]);
		const char *exprs[SEARCH_TIERS + 1];
		for (int t = 0; t < SEARCH_TIERS; t++)
			exprs[t] = plan.match[t];
		exprs[SEARCH_TIERS] = plain.match;
		for (int t = 0; t <= SEARCH_TIERS; t++) {
			if (!exprs[t])
				continue;
			for (int how = 0; how <= SEARCH_MATCH_TEASER; how++) {
				struct ids *a = xcalloc(1, sizeof *a), *b = xcalloc(1, sizeof *b);
				bool ok_a = search_index_match(f->s, how, exprs[t], add_id, a);
				bool ok_b = search_mem_match(f->s, how, exprs[t], add_id, b);
				compared++;
				size_t top =
				    how == SEARCH_MATCH_RANKED ? (a->n < 5 ? a->n : 5) : a->n;
				bool same = ok_a == ok_b && a->n == b->n &&
				            memcmp(a->v, b->v, top * sizeof *a->v) == 0;
				if (!same) {
					failures++;
					print_message(
					    "DIFFER %s [%s] tier %d: fts %d/%zu, mem %d/%zu\n",
					    how_name(how), q[i], t, ok_a, a->n, ok_b, b->n);
					for (size_t k = 0; k < a->n && k < 8; k++)
						print_message("  %lld %lld\n", (long long)a->v[k],
						              k < b->n ? (long long)b->v[k] : -1LL);
					print_message("  %s\n", exprs[t]);
				} else if (memcmp(a->v, b->v, a->n * sizeof *a->v) == 0) {
					same_order++;
				} else {
					print_message("order %s [%s] tier %d\n", how_name(how),
					              q[i], t);
				}
				free(a);
				free(b);
			}
		}
		search_query_free(&plain);
		search_plan_free(&plan);
	}
	print_message("memindex: %zu of %zu expressions alike (%zu in the same order)\n",
	              compared - failures, compared, same_order);
	assert_int_equal(failures, 0);
	assert_true(same_order * 10 >= compared * 9);
	free_queries(q, nq);
	search_vocab_free(v);
}

/* The snippets of each query's first hits: the same passage with the same marks. */
static void
test_snippets(void **state)
{
	struct fixture *f = *state;
	struct search_vocab *v = search_vocab_build(f->s);
	char **q;
	size_t nq = queries(&q), compared = 0, same = 0, marked = 0;
	for (size_t i = 0; i < nq; i++) {
		struct search_plan plan;
		search_plan_build(&plan, v, q[i]);
		const char *m = plan.match[SEARCH_TIER_TYPO];
		struct ids *hits = xcalloc(1, sizeof *hits);
		if (m)
			search_index_match(f->s, SEARCH_MATCH_RANKED, m, add_id, hits);
		for (size_t k = 0; k < hits->n && k < 3; k++) {
			const char *a = search_index_snippet(f->s, &f->a, m, hits->v[k]);
			const char *b = search_mem_snippet(f->s, &f->a, m, hits->v[k]);
			compared++;
			marked += strchr(b, '\x01') != NULL;
			if (strcmp(a, b) == 0)
				same++;
			else
				print_message("SNIPPET [%s] #%lld\n  fts: %s\n  mem: %s\n", q[i],
				              (long long)hits->v[k], a, b);
		}
		/* Not a match: nothing. */
		if (m)
			assert_string_equal(search_mem_snippet(f->s, &f->a, m, 999999), "");
		free(hits);
		search_plan_free(&plan);
	}
	print_message("memindex: %zu of %zu snippets alike\n", same, compared);
	assert_true(compared > 100);
	assert_int_equal(marked, compared);
	assert_true(same * 10 >= compared * 9);
	free_queries(q, nq);
	search_vocab_free(v);
}

/* Readers in threads of their own (each with its connection, as the server's workers)
 * while the index is rebuilt again and again: each always sees a whole snapshot. */
struct reader {
	const char *path;
	size_t expected;
	int mismatches;
};

static void *
read_on(void *arg)
{
	struct reader *r = arg;
	struct store *s;
	if (store_open(&s, r->path) != STORE_OK) {
		r->mismatches = -1;
		return NULL;
	}
	struct arena a = {0};
	for (int i = 0; i < 150; i++) {
		struct ids *l = xcalloc(1, sizeof *l);
		bool ok = search_mem_match(s, i % 2 ? SEARCH_MATCH_RANKED : SEARCH_MATCH_ANY,
		                           "\"Beratung\" OR \"Betrieb\"", add_id, l);
		if (!ok || l->n != r->expected)
			r->mismatches++;
		if (l->n && !strchr(search_mem_snippet(s, &a, "\"Beratung\"", l->v[0]), '\x01') &&
		    !strchr(search_mem_snippet(s, &a, "\"Betrieb\"", l->v[0]), '\x01'))
			r->mismatches++;
		free(l);
		arena_free(&a);
		a = (struct arena){0};
	}
	store_close(s);
	return NULL;
}

static void
test_readers_during_rebuilds(void **state)
{
	struct fixture *f = *state;
	struct ids *expected = xcalloc(1, sizeof *expected);
	assert_true(search_mem_match(f->s, SEARCH_MATCH_ANY, "\"Beratung\" OR \"Betrieb\"", add_id,
	                             expected));
	assert_true(expected->n > 3);
	enum { READERS = 3 };
	struct reader r[READERS];
	pthread_t t[READERS];
	for (int i = 0; i < READERS; i++) {
		r[i] = (struct reader){f->path, expected->n, 0};
		assert_int_equal(pthread_create(&t[i], NULL, read_on, &r[i]), 0);
	}
	/* Each call builds a snapshot and swaps it in. */
	for (int i = 0; i < 20; i++)
		assert_true(search_mem_rebuild(f->s));
	for (int i = 0; i < READERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(r[i].mismatches, 0);
	}
	free(expected);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vocabulary),
	    cmocka_unit_test(test_matches),
	    cmocka_unit_test(test_snippets),
	    cmocka_unit_test(test_readers_during_rebuilds),
	};
	return cmocka_run_group_tests(tests, setup, practice_teardown);
}

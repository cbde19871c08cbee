/* The search's own index in memory (src/search/memindex.c) against SQLite's FTS5 (issue
 * 13, point 8): builds the memory index ROUNDS times from a database (what a catalog
 * change costs) and reports the times and its size, then runs the same first-visit
 * searches through the domain (practice_search: plan, matches, ranking, facets, the page
 * and its snippets; no page cache) and reports their latencies. Which index the searches
 * use is the environment's: run it with and without LEUCHTTURM_SEARCH_INDEX=memory
 * (bench/memindex_bench.sh does both).
 *   bench/memindex_bench.sh DB [QUERIES]   (DB: a leuchtturm.db, e.g. after
 *                                           bench/gen_practices.py 10000 | leuchtturm import;
 *                                           the memory run edits nine practices: use a copy) */
#include "domain/practice.h"
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct terms {
	char **v;
	size_t n, cap;
};

/* Words most practices do not have, but some do: what people look for. */
static void
add_term(void *ctx, const char *term, int64_t docs)
{
	struct terms *t = ctx;
	if (docs < 2 || docs > 2000 || strlen(term) < 5 || strspn(term, "0123456789"))
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = strdup(term);
}

static const struct store_query q_state = {
    "bench_memindex_state", "SELECT generation, instance FROM catalog_state WHERE id = 1"};
static const struct store_query q_some = {
    "bench_memindex_some",
    "SELECT id FROM practice WHERE status = 'published' ORDER BY id LIMIT 1 OFFSET ?1"};
static const struct store_query q_edit = {
    "bench_memindex_edit",
    "UPDATE practice SET title = title || ' ' || ?2, situation = ?2 || ' ' || situation "
    "WHERE id = ?1"};

static int
edit(struct store *s, void *arg)
{
	const int64_t *v = arg;
	struct stmt *st = store_stmt(s, &q_some);
	stmt_bind_int(st, 1, v[0]);
	int64_t id = stmt_one_int(st);
	char word[32];
	snprintf(word, sizeof word, "Benchwort%lld", (long long)v[1]);
	st = store_stmt(s, &q_edit);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, word);
	return stmt_exec(st);
}

/* What a change to one practice costs the memory index: ROUNDS edits (a new word in its
 * title and text, so the vocabulary grows too), each followed by the index's update, the
 * vocabulary made anew (with the last one's splits, and without) and the first search
 * after it (which also rebuilds the catalog's facet index, practice_search.c). The edits
 * stay in the database: run it on a copy. */
static void
measure_updates(struct store *s, struct arena *a)
{
	enum { ROUNDS = 9 };
	double upd[ROUNDS], voc[ROUNDS], whole[ROUNDS], first[ROUNDS];
	struct search_index_stats st = {0};
	for (int i = 0; i < ROUNDS; i++) {
		int64_t v[2] = {(int64_t)i * 997 % 5000, (int64_t)i};
		if (store_tx(s, edit, v) != STORE_OK) {
			fprintf(stderr, "edit failed\n");
			return;
		}
		struct stmt *q = store_stmt(s, &q_state);
		stmt_step(q);
		int64_t generation = stmt_int(q, 0);
		char instance[40];
		snprintf(instance, sizeof instance, "%s", stmt_text(q, 1));
		stmt_done(q);
		search_index_refresh(s, generation, instance);
		double t = now_ms();
		search_index_term_docs(s, "beratung"); /* the first use updates it */
		upd[i] = now_ms() - t;
		search_index_stats(s, &st);
		t = now_ms();
		search_vocab_free(search_vocab_build(s));
		voc[i] = now_ms() - t;
		search_vocab_reuse(false);
		t = now_ms();
		search_vocab_free(search_vocab_build(s));
		whole[i] = now_ms() - t;
		search_vocab_reuse(true);
		search_vocab_free(search_vocab_build(s)); /* the memo as it was */
		struct practice_query pq = {
		    .text = "Benchwort", .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
		struct practice_result r;
		t = now_ms();
		practice_search(s, a, &pq, &r);
		first[i] = now_ms() - t;
		arena_free(a);
		*a = (struct arena){0};
	}
	qsort(upd, ROUNDS, sizeof *upd, by_value);
	qsort(voc, ROUNDS, sizeof *voc, by_value);
	qsort(whole, ROUNDS, sizeof *whole, by_value);
	qsort(first, ROUNDS, sizeof *first, by_value);
	printf("memory index after an edit of one practice (%d edits): update median %.1f / max "
	       "%.1f ms (%zu practices read again, reported %.1f ms); vocabulary with the last "
	       "splits median %.1f ms, split anew %.1f ms; first search after it (with the facet "
	       "index's rebuild) median %.1f / max %.1f ms\n",
	       ROUNDS, upd[ROUNDS / 2], upd[ROUNDS - 1], st.updated, st.update_ms, voc[ROUNDS / 2],
	       whole[ROUNDS / 2], first[ROUNDS / 2], first[ROUNDS - 1]);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [QUERIES]\n", argv[0]);
		return 2;
	}
	int nq = argc > 2 ? atoi(argv[2]) : 300;
	if (nq < 10 || nq > 100000)
		nq = 300;
	struct store *s;
	if (store_open(&s, argv[1]) != STORE_OK) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	bool memory = search_index_in_memory(s);
	struct arena a = {0};
	/* The first search loads the dictionary, the vocabulary and (memory) the index. */
	struct practice_query q0 = {.text = "Beratung", .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
	struct practice_result r0;
	double t0 = now_ms();
	practice_search(s, &a, &q0, &r0);
	double first = now_ms() - t0;
	if (memory) {
		struct search_index_stats st;
		search_index_stats(s, &st);
		double ms[5];
		for (int i = 0; i < 5; i++) {
			double t = now_ms();
			search_mem_rebuild(s);
			ms[i] = now_ms() - t;
		}
		qsort(ms, 5, sizeof *ms, by_value);
		printf("memory index: %zu practices, %zu terms, %zu postings, %zu tokens, %zu KB; "
		       "build %.0f ms at start, rebuild min %.0f / median %.0f / max %.0f ms\n",
		       st.practices, st.terms, st.postings, st.tokens, st.bytes / 1024, st.build_ms,
		       ms[0], ms[2], ms[4]);
	}
	if (memory)
		measure_updates(s, &a);
	struct terms terms = {0};
	search_index_vocabulary(s, add_term, &terms);
	if (!terms.n) {
		fprintf(stderr, "no terms\n");
		return 1;
	}
	/* The same queries on every run: one word, two words, one with a typo. */
	srand(13);
	double *ms = calloc((size_t)nq, sizeof *ms);
	int64_t total = 0;
	for (int i = 0; i < nq; i++) {
		struct buf text = BUF_INIT;
		const char *w = terms.v[(size_t)rand() % terms.n];
		if (i % 3 == 2 && strlen(w) >= 6) {
			/* A typo: two neighbours in the middle swapped. */
			char *typo = strdup(w);
			size_t k = strlen(typo) / 2;
			char c = typo[k];
			typo[k] = typo[k + 1];
			typo[k + 1] = c;
			buf_puts(&text, typo);
			free(typo);
		} else {
			buf_puts(&text, w);
		}
		if (i % 3 == 1) {
			buf_putc(&text, ' ');
			buf_puts(&text, terms.v[(size_t)rand() % terms.n]);
		}
		struct practice_query q = {
		    .text = buf_str(&text), .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
		struct practice_result r;
		double t = now_ms();
		practice_search(s, &a, &q, &r);
		ms[i] = now_ms() - t;
		total += r.total;
		arena_free(&a);
		a = (struct arena){0};
		buf_free(&text);
	}
	qsort(ms, (size_t)nq, sizeof *ms, by_value);
	double sum = 0;
	for (int i = 0; i < nq; i++)
		sum += ms[i];
	printf("%s: first search %.0f ms; %d searches (one word, two, a typo; first page with "
	       "snippets), %.1f hits on average: median %.2f / p90 %.2f / p99 %.2f / max %.2f ms, "
	       "%.0f searches/s on one thread\n",
	       memory ? "memory index" : "FTS5", first, nq, (double)total / nq, ms[nq / 2],
	       ms[nq * 9 / 10], ms[nq * 99 / 100], ms[nq - 1], 1000.0 * nq / sum);
	free(ms);
	for (size_t i = 0; i < terms.n; i++)
		free(terms.v[i]);
	free(terms.v);
	store_close(s);
	return 0;
}

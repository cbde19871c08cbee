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

/* The demo catalog, and the memory index built for it. */
static int
setup(void **state)
{
	practice_setup(state);
	struct fixture *f = *state;
	int rc = import_demo(f);
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
	FILE *f = fopen(source_path("tests/search/corpus.tsv"), "r");
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

/* The memory index: a page's snippets made together (search_mem_snippets, more than one batch of
 * texts, a practice that is not there among them) are the ones made one by one; and the match that
 * ranks only up to a limit answers as the ranked match below it and as the plain one above. */
static void
test_snippets_together(void **state)
{
	struct fixture *f = *state;
	struct search_vocab *v = search_vocab_build(f->s);
	char **q;
	size_t nq = queries(&q), compared = 0;
	for (size_t i = 0; i < nq; i++) {
		struct search_plan plan;
		search_plan_build(&plan, v, q[i]);
		const char *m = plan.match[SEARCH_TIER_TYPO];
		if (!m) {
			search_plan_free(&plan);
			continue;
		}
		struct ids *ranked = xcalloc(1, sizeof *ranked), *any = xcalloc(1, sizeof *any);
		struct ids *upto = xcalloc(1, sizeof *upto), *over = xcalloc(1, sizeof *over);
		assert_true(search_mem_match(f->s, SEARCH_MATCH_RANKED, m, add_id, ranked));
		assert_true(search_mem_match(f->s, SEARCH_MATCH_ANY, m, add_id, any));
		bool was_ranked = false;
		assert_true(search_mem_match_upto(f->s, m, ranked->n, &was_ranked, add_id, upto));
		assert_true(was_ranked);
		assert_int_equal(upto->n, ranked->n);
		assert_memory_equal(upto->v, ranked->v, ranked->n * sizeof *ranked->v);
		if (any->n > 0) {
			assert_true(
			    search_mem_match_upto(f->s, m, any->n - 1, &was_ranked, add_id, over));
			assert_false(was_ranked);
			assert_int_equal(over->n, any->n);
			assert_memory_equal(over->v, any->v, any->n * sizeof *any->v);
		}
		int64_t ids[26];
		size_t n = 0;
		for (size_t k = 0; k < ranked->n && n < 25; k++) {
			if (n == 3)
				ids[n++] = 999999;
			ids[n++] = ranked->v[k];
		}
		const char *together[26];
		search_mem_snippets(f->s, &f->a, m, ids, n, together);
		for (size_t k = 0; k < n; k++) {
			assert_string_equal(together[k],
			                    search_mem_snippet(f->s, &f->a, m, ids[k]));
			compared++;
		}
		free(ranked);
		free(any);
		free(upto);
		free(over);
		search_plan_free(&plan);
	}
	print_message("memindex: %zu snippets made together\n", compared);
	assert_true(compared > 100);
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

/* ---- updates: only the changed practices read again, the same as a build ---- */

/* Everything the search can ask the index, as text: the vocabulary with its counts, the
 * sizes, and for every query its plan (from a vocabulary made from this index), each
 * tier's practices in every field filter in their order, and the first hits' snippets. */
static void
collect(struct fixture *f, char **q, size_t nq, struct buf *out)
{
	struct vocab_list l = {BUF_INIT, 0};
	assert_true(search_mem_vocabulary(f->s, add_term, &l));
	buf_puts(out, buf_str(&l.text));
	buf_free(&l.text);
	struct search_index_stats st;
	assert_true(search_mem_stats(f->s, &st));
	buf_printf(out, "%zu practices %zu terms %zu postings %zu tokens\n", st.practices, st.terms,
	           st.postings, st.tokens);
	struct search_vocab *v = search_vocab_build(f->s);
	assert_non_null(v);
	buf_printf(out, "vocabulary %zu terms\n", search_vocab_terms(v));
	for (size_t i = 0; i < nq; i++) {
		struct search_plan plan;
		search_plan_build(&plan, v, q[i]);
		buf_printf(out, "[%s] -> %s\n", q[i], plan.suggestion ? plan.suggestion : "-");
		for (int t = 0; t < SEARCH_TIERS; t++) {
			if (!plan.match[t])
				continue;
			buf_printf(out, " %d %s\n", t, plan.match[t]);
			for (int how = 0; how <= SEARCH_MATCH_TEASER; how++) {
				struct ids *a = xcalloc(1, sizeof *a);
				bool ok = search_mem_match(f->s, how, plan.match[t], add_id, a);
				buf_printf(out, "  %s %d:", how_name(how), ok);
				for (size_t k = 0; k < a->n; k++)
					buf_printf(out, " %lld", (long long)a->v[k]);
				buf_putc(out, '\n');
				if (how == SEARCH_MATCH_RANKED)
					for (size_t k = 0; k < a->n && k < 2; k++)
						buf_printf(out, "  > %s\n",
						           search_mem_snippet(f->s, &f->a,
						                              plan.match[t],
						                              a->v[k]));
				free(a);
			}
		}
		search_plan_free(&plan);
	}
	search_vocab_free(v);
}

static const struct store_query q_pick = {
    "test_memindex_pick",
    "SELECT id FROM practice WHERE (status = 'published') = (?1 = 1) ORDER BY id LIMIT 1 "
    "OFFSET ?2"};
static const struct store_query q_count = {
    "test_memindex_count", "SELECT count(*) FROM practice WHERE (status = 'published') = (?1 = 1)"};
static const struct store_query q_edit = {
    "test_memindex_edit", "UPDATE practice SET title = ?2, situation = ?3, teaser = teaser || ' ' "
                          "|| ?3 WHERE id = ?1"};
static const struct store_query q_status = {"test_memindex_status",
                                            "UPDATE practice SET status = ?2 WHERE id = ?1"};
static const struct store_query q_label = {
    "test_memindex_label",
    "UPDATE taxonomy_term SET label_de = ?2 WHERE id = (SELECT term_id FROM practice_term "
    "ORDER BY term_id LIMIT 1 OFFSET ?1)"};
static const struct store_query q_append = {
    "test_memindex_append",
    "UPDATE practice SET criterion_efficient = criterion_efficient || ' ' || ?2 WHERE id = ?1"};

static unsigned rng_state = 13;

static unsigned
rng(unsigned n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

/* Words the catalog has and words it has not (new terms, compounds of known ones). */
static const char *const pool[] = {"Beratung",
                                   "Zebrafantasie",
                                   "Integrationskurs",
                                   "Quallenkunde",
                                   "Betrieb",
                                   "Sprachcoaching",
                                   "Handwerk",
                                   "Leuchtturmwärterin",
                                   "Lehrer*innen",
                                   "Mentoring",
                                   "Kurs",
                                   "Arbeitsmarktintegration",
                                   "Quallenkundekurs",
                                   "Anerkennung",
                                   "Geflüchtete",
                                   "Pflegefachkräfte",
                                   "Zebrastreifenprojekt",
                                   "Netzwerk"};

static void
words(struct buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", pool[rng(sizeof pool / sizeof *pool)]);
}

static int64_t
pick(struct fixture *f, bool published)
{
	struct stmt *st = store_stmt(f->s, &q_count);
	stmt_bind_int(st, 1, published);
	int64_t n = stmt_one_int(st);
	if (n == 0)
		return 0;
	st = store_stmt(f->s, &q_pick);
	stmt_bind_int(st, 1, published);
	stmt_bind_int(st, 2, rng((unsigned)n));
	return stmt_one_int(st);
}

static int
edit_one(struct store *s, void *arg)
{
	struct fixture *f = arg;
	int64_t id = pick(f, true);
	if (!id)
		return STORE_OK;
	struct buf title = BUF_INIT, text = BUF_INIT;
	words(&title, 1 + rng(3));
	words(&text, 3 + rng(12));
	struct stmt *st = store_stmt(s, &q_edit);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, buf_str(&title));
	stmt_bind_text(st, 3, buf_str(&text));
	int rc = stmt_exec(st);
	buf_free(&title);
	buf_free(&text);
	return rc;
}

static int
edit_two(struct store *s, void *arg)
{
	int rc = edit_one(s, arg);
	return rc == STORE_OK ? edit_one(s, arg) : rc;
}

static int
set_status(struct store *s, struct fixture *f, bool published, const char *to)
{
	int64_t id = pick(f, published);
	if (!id)
		return STORE_OK;
	struct stmt *st = store_stmt(s, &q_status);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, to);
	return stmt_exec(st);
}

static int
unpublish_one(struct store *s, void *arg)
{
	return set_status(s, arg, true, rng(2) ? "unpublished" : "archived");
}

static int
republish_one(struct store *s, void *arg)
{
	return set_status(s, arg, false, "published");
}

static int
add_one(struct store *s, void *arg)
{
	struct fixture *f = arg;
	struct buf title = BUF_INIT, text = BUF_INIT;
	words(&title, 2);
	words(&text, 10);
	struct practice_input in;
	input(f, &in, buf_str(&title), buf_str(&text), "konzept", NULL, 0);
	create(f, &in, true);
	buf_free(&title);
	buf_free(&text);
	return STORE_OK;
}

static int
rename_label(struct store *s, void *arg)
{
	struct buf label = BUF_INIT;
	words(&label, 2);
	struct stmt *st = store_stmt(s, &q_label);
	stmt_bind_int(st, 1, rng(20));
	stmt_bind_text(st, 2, buf_str(&label));
	int rc = stmt_exec(st);
	buf_free(&label);
	return rc;
}

static void
note_generation(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &q_state);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t generation = stmt_int(st, 0);
	char instance[40];
	snprintf(instance, sizeof instance, "%s", stmt_text(st, 1));
	stmt_done(st);
	assert_true(search_mem_refresh(f->s, generation, instance));
}

/* Random sequences of edits, unpublishing, publishing again, new practices and renamed
 * labels (one or two in a transaction): after each, the updated index (a chain of
 * updates from the first build) answers everything exactly as an index built whole from
 * the same data, and the vocabulary made with the last one's splits as one split anew. */
static void
test_updates_like_builds(void **state)
{
	struct fixture *f = *state;
	int (*const steps[])(struct store *, void *) = {
	    edit_one, edit_one, edit_two, unpublish_one, republish_one, add_one, rename_label};
	const char *const names[] = {"edit",      "edit", "two edits",     "unpublish",
	                             "republish", "add",  "rename a label"};
	char **q;
	size_t nq = queries(&q), updates = 0;
	assert_true(search_mem_rebuild(f->s));
	enum { STEPS = 36 };
	for (int i = 0; i < STEPS; i++) {
		size_t k = rng(sizeof steps / sizeof *steps);
		TX_RUN(f->s, steps[k], f);
		note_generation(f);
		struct buf inc = BUF_INIT, full = BUF_INIT;
		search_vocab_reuse(true);
		collect(f, q, nq, &inc);
		struct search_index_stats st;
		assert_true(search_mem_stats(f->s, &st));
		updates += st.update_ms > 0;
		assert_true(search_mem_build_aside(f->s));
		search_vocab_reuse(false);
		collect(f, q, nq, &full);
		search_mem_swap_back();
		if (strcmp(buf_str(&inc), buf_str(&full)) != 0) {
			const char *a = buf_str(&inc), *b = buf_str(&full);
			size_t at = 0;
			while (a[at] && a[at] == b[at])
				at++;
			size_t from = at > 200 ? at - 200 : 0;
			print_message("step %d (%s) differs at %zu:\n  updated: %.300s\n  built:   "
			              "%.300s\n",
			              i, names[k], at, a + from, b + from);
			fail();
		}
		buf_free(&inc);
		buf_free(&full);
	}
	search_vocab_reuse(true);
	print_message("memindex: %d random changes, %zu made by updates, all alike\n", STEPS,
	              updates);
	assert_true(updates * 3 >= STEPS * 2);
	free_queries(q, nq);
}

/* Readers in threads of their own while practices change and the index is updated (by
 * whichever reader comes first after the change): each sees a whole snapshot, before or
 * after, never one half updated. The words appended are new to the index, which then
 * grows its vocabulary, and do not change which practices the readers find. */
struct change_reader {
	const char *path;
	size_t expected;
	int mismatches;
	bool volatile *stop;
};

static void *
read_changing(void *arg)
{
	struct change_reader *r = arg;
	struct store *s;
	if (store_open(&s, r->path) != STORE_OK) {
		r->mismatches = -1;
		return NULL;
	}
	while (!*r->stop) {
		struct ids *l = xcalloc(1, sizeof *l);
		bool ok = search_mem_match(s, SEARCH_MATCH_RANKED, "\"Beratung\" OR \"Betrieb\"",
		                           add_id, l);
		if (!ok || l->n != r->expected)
			r->mismatches++;
		free(l);
	}
	store_close(s);
	return NULL;
}

static int
append_word(struct store *s, void *arg)
{
	struct fixture *f = arg;
	char word[32];
	snprintf(word, sizeof word, "Zebraneuwort%u", rng(100000));
	struct stmt *st = store_stmt(s, &q_append);
	stmt_bind_int(st, 1, pick(f, true));
	stmt_bind_text(st, 2, word);
	return stmt_exec(st);
}

static void
test_readers_during_updates(void **state)
{
	struct fixture *f = *state;
	note_generation(f);
	struct ids *expected = xcalloc(1, sizeof *expected);
	assert_true(search_mem_match(f->s, SEARCH_MATCH_ANY, "\"Beratung\" OR \"Betrieb\"", add_id,
	                             expected));
	enum { READERS = 3 };
	struct change_reader r[READERS];
	pthread_t t[READERS];
	bool volatile stop = false;
	for (int i = 0; i < READERS; i++) {
		r[i] = (struct change_reader){f->path, expected->n, 0, &stop};
		assert_int_equal(pthread_create(&t[i], NULL, read_changing, &r[i]), 0);
	}
	struct search_index_stats before, after;
	assert_true(search_mem_stats(f->s, &before));
	for (int i = 0; i < 40; i++) {
		TX_RUN(f->s, append_word, f);
		note_generation(f);
	}
	/* The last change is seen by the next reader, at the latest by this one. */
	struct ids *l = xcalloc(1, sizeof *l);
	assert_true(search_mem_match(f->s, SEARCH_MATCH_ANY, "\"Zebraneuwort\"", add_id, l));
	stop = true;
	for (int i = 0; i < READERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(r[i].mismatches, 0);
	}
	assert_true(search_mem_stats(f->s, &after));
	assert_true(after.update_ms > 0);
	assert_true(after.terms > before.terms);
	free(l);
	free(expected);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vocabulary),
	    cmocka_unit_test(test_matches),
	    cmocka_unit_test(test_snippets),
	    cmocka_unit_test(test_snippets_together),
	    cmocka_unit_test(test_readers_during_rebuilds),
	    cmocka_unit_test(test_updates_like_builds),
	    cmocka_unit_test(test_readers_during_updates),
	};
	return cmocka_run_group_tests(tests, setup, practice_teardown);
}

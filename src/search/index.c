/* The catalog's text index: the only code that knows how it is stored (SQLite's
 * FTS5 tables practice_fts, practice_fts_row and practice_fts_instance of
 * 029_search_fields.sql, filled by triggers with the published practices) and how it is
 * asked (MATCH, rank, snippet, column filters, the vocabulary). The domain and the rest
 * of the search layer ask through search.h and never name these tables, so that another
 * index (memindex.c, Leuchtturm's own, in memory: the default on every database, and
 * on SQLite FTS5's with LEUCHTTURM_SEARCH_INDEX=fts5) answers the same functions; each of
 * them asks search_index_in_memory which one serves. */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const struct store_query q_any = {
    "search_index_any", "SELECT rowid FROM practice_fts WHERE practice_fts MATCH ?1"};
/* rank is bm25 with the weights 004_catalog.sql sets (the title weighs most). */
static const struct store_query q_ranked = {
    "search_index_ranked",
    "SELECT rowid FROM practice_fts WHERE practice_fts MATCH ?1 ORDER BY rank"};
/* ?1 holds only quoted strings (search_query_build), so it is a valid group here. */
static const struct store_query q_title = {
    "search_index_title",
    "SELECT rowid FROM practice_fts WHERE practice_fts MATCH '{title} : (' || ?1 || ')'"};
static const struct store_query q_teaser = {
    "search_index_teaser",
    "SELECT rowid FROM practice_fts WHERE practice_fts MATCH '{teaser} : (' || ?1 || ')'"};
/* snippet(): the column that matches best, the matches between 0x01 and 0x02. */
static const struct store_query q_snippet = {
    "search_index_snippet",
    "SELECT snippet(practice_fts, -1, char(1), char(2), '…', 24) FROM practice_fts WHERE "
    "practice_fts MATCH ?1 AND rowid = ?2"};
static const struct store_query q_vocabulary = {"search_index_vocabulary",
                                                "SELECT term, doc FROM practice_fts_row"};
static const struct store_query q_term_docs = {"search_index_term_docs",
                                               "SELECT doc FROM practice_fts_row WHERE term = ?1"};
/* ?1 is the term as a raw FTS5 string (SEARCH_RAW_MARK): the index's own lookup of a
 * term's documents, far cheaper than scanning practice_fts_instance. */
static const struct store_query q_term_each = {
    "search_index_term_each",
    "SELECT rowid FROM practice_fts WHERE practice_fts MATCH ?1 LIMIT ?2"};

static const struct store_query *const match_queries[] = {
    [SEARCH_MATCH_ANY] = &q_any,
    [SEARCH_MATCH_RANKED] = &q_ranked,
    [SEARCH_MATCH_TITLE] = &q_title,
    [SEARCH_MATCH_TEASER] = &q_teaser,
};

/* The memory index unless LEUCHTTURM_SEARCH_INDEX=fts5 (SQLite only), read once: the
 * choice holds for the process. The memory index is the default since it updates itself
 * by the changed practices only: it answers a search about four times faster than FTS5
 * (README, "The same search on every database") for about 2.3 KB of memory a practice. */
static bool memory_wanted = true;
static pthread_once_t memory_once = PTHREAD_ONCE_INIT;

static void
read_choice(void)
{
	const char *v = getenv("LEUCHTTURM_SEARCH_INDEX");
	memory_wanted = !v || strcmp(v, "fts5") != 0;
}

bool
search_index_in_memory(struct store *s)
{
	pthread_once(&memory_once, read_choice);
	return memory_wanted || strcmp(store_driver_name(s), "sqlite") != 0;
}

bool
search_index_refresh(struct store *s, int64_t generation, const char *instance)
{
	/* Also on SQLite with FTS5: the memory index serves related practices (related.c). */
	return search_mem_refresh(s, generation, instance);
}

bool
search_index_stats(struct store *s, struct search_index_stats *out)
{
	return search_index_in_memory(s) && search_mem_stats(s, out);
}

/* Calls fn for each id the statement returns; true when every row was read. */
static bool
each_id(struct stmt *st, void (*fn)(void *ctx, int64_t id), void *ctx)
{
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW)
		fn(ctx, stmt_int(st, 0));
	stmt_done(st);
	return rc == STORE_DONE;
}

bool
search_index_match(struct store *s, enum search_match how, const char *match,
                   void (*fn)(void *ctx, int64_t id), void *ctx)
{
	if (search_index_in_memory(s))
		return search_mem_match(s, how, match, fn, ctx);
	struct stmt *st = store_stmt(s, match_queries[how]);
	stmt_bind_text(st, 1, match);
	return each_id(st, fn, ctx);
}

struct ids {
	int64_t *id;
	size_t n, cap;
};

static void
add_id(void *ctx, int64_t id)
{
	struct ids *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->id = xrealloc(l->id, l->cap * sizeof *l->id);
	}
	l->id[l->n++] = id;
}

bool
search_index_match_upto(struct store *s, const char *match, size_t limit, bool *ranked,
                        void (*fn)(void *ctx, int64_t id), void *ctx)
{
	if (search_index_in_memory(s))
		return search_mem_match_upto(s, match, limit, ranked, fn, ctx);
	struct ids l = {NULL, 0, 0};
	bool ok = search_index_match(s, SEARCH_MATCH_ANY, match, add_id, &l);
	*ranked = ok && l.n <= limit;
	if (*ranked)
		ok = search_index_match(s, SEARCH_MATCH_RANKED, match, fn, ctx);
	else
		for (size_t i = 0; ok && i < l.n; i++)
			fn(ctx, l.id[i]);
	free(l.id);
	return ok;
}

const char *
search_index_snippet(struct store *s, struct arena *a, const char *match, int64_t id)
{
	if (search_index_in_memory(s))
		return search_mem_snippet(s, a, match, id);
	struct stmt *st = store_stmt(s, &q_snippet);
	stmt_bind_text(st, 1, match);
	stmt_bind_int(st, 2, id);
	const char *out = arena_strdup(a, stmt_step(st) == STORE_ROW ? stmt_text(st, 0) : "");
	stmt_done(st);
	return out;
}

void
search_index_snippets(struct store *s, struct arena *a, const char *match, const int64_t *ids,
                      size_t n, const char **out)
{
	if (search_index_in_memory(s)) {
		search_mem_snippets(s, a, match, ids, n, out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = search_index_snippet(s, a, match, ids[i]);
}

int64_t
search_index_term_docs(struct store *s, const char *term)
{
	if (search_index_in_memory(s))
		return search_mem_term_docs(s, term);
	struct stmt *st = store_stmt(s, &q_term_docs);
	stmt_bind_text(st, 1, term);
	return stmt_one_int(st);
}

bool
search_index_term_each(struct store *s, const char *term, int64_t limit,
                       void (*fn)(void *ctx, int64_t id), void *ctx)
{
	if (search_index_in_memory(s))
		return search_mem_term_each(s, term, limit, fn, ctx);
	struct buf m = BUF_INIT;
	buf_puts(&m, "\"" SEARCH_RAW_MARK);
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			buf_putc(&m, '"');
		buf_putc(&m, *p);
	}
	buf_putc(&m, '"');
	struct stmt *st = store_stmt(s, &q_term_each);
	stmt_bind_text(st, 1, buf_str(&m));
	stmt_bind_int(st, 2, limit);
	buf_free(&m);
	return each_id(st, fn, ctx);
}

bool
search_index_vocabulary(struct store *s, void (*fn)(void *ctx, const char *term, int64_t docs),
                        void *ctx)
{
	if (search_index_in_memory(s))
		return search_mem_vocabulary(s, fn, ctx);
	struct stmt *st = store_stmt(s, &q_vocabulary);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW)
		fn(ctx, stmt_text(st, 0), stmt_int(st, 1));
	stmt_done(st);
	return rc == STORE_DONE;
}

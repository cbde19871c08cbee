/* The catalog's queries: full-text search with snippets, facet filters and their counts,
 * sorting and pages, the caching stamp, and related practices. */
#include "domain/practice.h"
#include "search/search.h"
#include "store/store.h"
#include "util/mem.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const struct practice_facet_def practice_facets[PF_COUNT] = {
    [PF_ART] = {"art", "art", N_("Kind of practice")},
    [PF_HANDLUNGSFELD] = {"feld", "handlungsfeld", N_("Field of action")},
    [PF_ZIELGRUPPE] = {"zielgruppe", "zielgruppe", N_("Target group")},
    [PF_ADRESSAT] = {"adressat", "adressat", N_("Addressed to")},
    [PF_BUNDESLAND] = {"land", "bundesland", N_("Federal state")},
    [PF_YEAR] = {"jahr", NULL, N_("Year of publication")},
};

/* Every catalog query binds the same parameters: ?1 the FTS5 expression (NULL: no
 * search), ?2 … ?6 JSON arrays of term ids (Art, Handlungsfeld, Zielgruppe, Adressat,
 * Bundesland), ?7 a JSON array of years; NULL leaves a facet unfiltered. Values within a
 * facet are alternatives (OR), facets narrow each other (AND). The SQL is fixed text:
 * the filters are data, never formatted into the statement. */
#define YEAR_OF(col) "CAST(strftime('%Y', " col ", 'unixepoch') AS INTEGER)"
#define TERM_FILTER(n)                                                                         \
	" AND (?" #n " IS NULL OR EXISTS (SELECT 1 FROM practice_term x WHERE x.practice_id = "  \
	"p.id AND x.term_id IN (SELECT value FROM json_each(?" #n "))))"
#define FILTERS                                                                                \
	" AND (?2 IS NULL OR p.art_id IN (SELECT value FROM json_each(?2)))" TERM_FILTER(3)     \
	    TERM_FILTER(4) TERM_FILTER(5) TERM_FILTER(6)                                         \
	    " AND (?7 IS NULL OR " YEAR_OF("p.published_at") " IN (SELECT value FROM "           \
	    "json_each(?7)))"
#define TEXT_IN                                                                                \
	" AND (?1 IS NULL OR p.id IN (SELECT rowid FROM practice_fts WHERE practice_fts MATCH "  \
	"?1))"
#define PUBLISHED " WHERE p.status = 'published'"
#define HIT_COLS                                                                               \
	"SELECT p.id, p.slug, p.title, p.teaser, p.organisation_name, p.published_at, "         \
	"p.updated_at, coalesce(a.id, 0), coalesce(a.key, ''), coalesce(a.label_de, ''), "     \
	"coalesce(a.label_en, ''), "
#define LIST_FROM " NULL FROM practice p LEFT JOIN taxonomy_term a ON a.id = p.art_id"
/* snippet(): the column that matches best, the matches between 0x01 and 0x02. */
#define SEARCH_FROM                                                                            \
	" snippet(practice_fts, -1, char(1), char(2), '…', 24) FROM practice_fts JOIN practice " \
	"p ON p.id = practice_fts.rowid LEFT JOIN taxonomy_term a ON a.id = p.art_id WHERE "     \
	"practice_fts MATCH ?1 AND p.status = 'published'"
#define PAGE " LIMIT ?8 OFFSET ?9"

static const struct store_query q_list_newest = {
    "catalog_list_newest",
    HIT_COLS LIST_FROM PUBLISHED TEXT_IN FILTERS " ORDER BY p.published_at DESC, p.id DESC" PAGE};
static const struct store_query q_list_title = {
    "catalog_list_title",
    HIT_COLS LIST_FROM PUBLISHED TEXT_IN FILTERS " ORDER BY p.title_sort, p.id" PAGE};
/* rank is bm25 with the column weights the migration configured (title counts most). */
static const struct store_query q_search_relevance = {
    "catalog_search_relevance", HIT_COLS SEARCH_FROM FILTERS " ORDER BY practice_fts.rank" PAGE};
static const struct store_query q_search_newest = {
    "catalog_search_newest",
    HIT_COLS SEARCH_FROM FILTERS " ORDER BY p.published_at DESC, p.id DESC" PAGE};
static const struct store_query q_search_title = {
    "catalog_search_title", HIT_COLS SEARCH_FROM FILTERS " ORDER BY p.title_sort, p.id" PAGE};
static const struct store_query q_count = {
    "catalog_count", "SELECT count(*) FROM practice p" PUBLISHED TEXT_IN FILTERS};
/* Facet counts: every term of a kind (?8) with the number of matching practices. The
 * caller binds the facet's own filter as NULL, so its other values keep their counts. */
static const struct store_query q_facet_terms = {
    "catalog_facet_terms",
    "SELECT t.id, t.key, t.label_de, t.label_en, t.position, t.retired, coalesce(c.n, 0) "
    "FROM taxonomy_term t LEFT JOIN (SELECT x.term_id AS id, count(*) AS n FROM practice p "
    "JOIN practice_term x ON x.practice_id = p.id" PUBLISHED TEXT_IN FILTERS
    " GROUP BY x.term_id) c ON c.id = t.id WHERE t.kind = ?8 ORDER BY t.position, t.label_de"};
static const struct store_query q_facet_art = {
    "catalog_facet_art",
    "SELECT t.id, t.key, t.label_de, t.label_en, t.position, t.retired, coalesce(c.n, 0) "
    "FROM taxonomy_term t LEFT JOIN (SELECT p.art_id AS id, count(*) AS n FROM practice p" PUBLISHED
	TEXT_IN FILTERS " GROUP BY p.art_id) c ON c.id = t.id WHERE t.kind = 'art' "
			"ORDER BY t.position, t.label_de"};
static const struct store_query q_facet_year = {
    "catalog_facet_year", "SELECT " YEAR_OF("p.published_at") " AS y, count(*) FROM practice p" PUBLISHED
			      TEXT_IN FILTERS " GROUP BY y ORDER BY y DESC"};

struct filters {
	const char *match;
	char *json[PF_COUNT]; /* NULL: no filter */
	int64_t *ids[PF_COUNT];
	size_t nids[PF_COUNT];
};

static void
bind_filters(struct stmt *st, const struct filters *f, int skip)
{
	stmt_bind_text(st, 1, f->match);
	for (int i = 0; i < PF_COUNT; i++)
		stmt_bind_text(st, 2 + i, i == skip ? NULL : f->json[i]);
}

static bool
parse_year(const char *v, int64_t *out)
{
	if (strlen(v) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (v[i] < '0' || v[i] > '9')
			return false;
	*out = atoi(v);
	return *out >= 1900;
}

/* Resolves the query's filter values to ids (years to numbers); unknown ones are noted
 * and dropped. */
static void
resolve_filters(struct store *s, struct arena *a, const struct practice_query *q,
		struct filters *f, struct practice_result *out)
{
	size_t maxu = PF_COUNT * PRACTICE_MAX_VALUES;
	out->unknown = arena_alloc(a, maxu * sizeof *out->unknown);
	for (int i = 0; i < PF_COUNT; i++) {
		f->ids[i] = arena_alloc(a, PRACTICE_MAX_VALUES * sizeof(int64_t));
		json_t *arr = json_array();
		for (size_t j = 0; j < q->nvalues[i] && j < PRACTICE_MAX_VALUES; j++) {
			const char *v = q->values[i][j];
			int64_t id = 0;
			struct term t;
			bool ok = practice_facets[i].kind
				      ? taxonomy_find_key(s, a, practice_facets[i].kind, v, &t) &&
					    (id = t.id, true)
				      : parse_year(v, &id);
			if (!ok) {
				out->unknown[out->nunknown++] =
				    arena_printf(a, "%s=%s", practice_facets[i].param, v);
				continue;
			}
			bool dup = false;
			for (size_t k = 0; k < f->nids[i]; k++)
				dup |= f->ids[i][k] == id;
			if (dup)
				continue;
			f->ids[i][f->nids[i]++] = id;
			json_array_append_new(arr, json_integer(id));
		}
		f->json[i] = json_array_size(arr) ? json_dumps(arr, JSON_COMPACT) : NULL;
		json_decref(arr);
	}
}

static void
read_hit(struct stmt *st, struct arena *a, struct practice_hit *h, bool snippet)
{
	h->id = stmt_int(st, 0);
	h->slug = arena_strdup(a, stmt_text(st, 1));
	h->title = arena_strdup(a, stmt_text(st, 2));
	h->teaser = arena_strdup(a, stmt_text(st, 3));
	h->organisation_name = arena_strdup(a, stmt_text(st, 4));
	h->published_at = stmt_int(st, 5);
	h->updated_at = stmt_int(st, 6);
	memset(&h->art, 0, sizeof h->art);
	h->art.id = stmt_int(st, 7);
	h->art.kind = "art";
	h->art.key = arena_strdup(a, stmt_text(st, 8));
	h->art.label_de = arena_strdup(a, stmt_text(st, 9));
	h->art.label_en = arena_strdup(a, stmt_text(st, 10));
	h->snippet = snippet ? arena_strdup(a, stmt_text(st, 11)) : NULL;
}

static bool
selected(const struct filters *f, int facet, int64_t id)
{
	for (size_t k = 0; k < f->nids[facet]; k++)
		if (f->ids[facet][k] == id)
			return true;
	return false;
}

static int
facet_counts(struct store *s, struct arena *a, const struct filters *f, int facet,
	     struct practice_result *out)
{
	size_t cap = 64, n = 0;
	struct practice_facet_value *v = arena_alloc(a, cap * sizeof *v);
	const struct store_query *q = facet == PF_ART	 ? &q_facet_art
				      : facet == PF_YEAR ? &q_facet_year
							 : &q_facet_terms;
	struct stmt *st = store_stmt(s, q);
	bind_filters(st, f, facet);
	if (q == &q_facet_terms)
		stmt_bind_text(st, 8, practice_facets[facet].kind);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW && n < cap) {
		struct practice_facet_value *x = &v[n];
		if (facet == PF_YEAR) {
			int64_t year = stmt_int(st, 0);
			*x = (struct practice_facet_value){arena_printf(a, "%lld", (long long)year),
							   NULL, stmt_int(st, 1),
							   selected(f, facet, year)};
		} else {
			struct term *t = arena_calloc(a, sizeof *t);
			t->id = stmt_int(st, 0);
			t->kind = practice_facets[facet].kind;
			t->key = arena_strdup(a, stmt_text(st, 1));
			t->label_de = arena_strdup(a, stmt_text(st, 2));
			t->label_en = arena_strdup(a, stmt_text(st, 3));
			t->position = (int)stmt_int(st, 4);
			t->retired = stmt_int(st, 5) != 0;
			t->uses = stmt_int(st, 6);
			*x = (struct practice_facet_value){t->key, t, t->uses,
							   selected(f, facet, t->id)};
		}
		/* A value nobody has is no help, unless the person chose it. */
		if (x->count > 0 || x->selected)
			n++;
	}
	stmt_done(st);
	/* Selected years with no practice at all still show, so they can be unticked. */
	for (size_t k = 0; facet == PF_YEAR && k < f->nids[facet] && n < cap; k++) {
		bool listed = false;
		for (size_t j = 0; j < n; j++)
			listed |= atoll(v[j].value) == f->ids[facet][k];
		if (!listed)
			v[n++] = (struct practice_facet_value){
			    arena_printf(a, "%lld", (long long)f->ids[facet][k]), NULL, 0, true};
	}
	out->facets[facet] = v;
	out->nfacets[facet] = n;
	return rc == STORE_DONE || rc == STORE_ROW ? PRACTICE_OK : PRACTICE_ERROR;
}

static const struct store_query *
list_query(const struct filters *f, enum practice_sort sort)
{
	if (!f->match)
		return sort == PRACTICE_SORT_TITLE ? &q_list_title : &q_list_newest;
	switch (sort) {
	case PRACTICE_SORT_TITLE: return &q_search_title;
	case PRACTICE_SORT_NEWEST: return &q_search_newest;
	default: return &q_search_relevance;
	}
}

int
practice_search(struct store *s, struct arena *a, const struct practice_query *q,
		struct practice_result *out)
{
	memset(out, 0, sizeof *out);
	struct search_query sq;
	search_query_build(&sq, q->text);
	struct filters f = {0};
	f.match = sq.match ? arena_strdup(a, sq.match) : NULL;
	out->text = arena_strdup(a, sq.text);
	out->text_truncated = sq.truncated;
	out->text_ignored = sq.text[0] && !sq.match;
	search_query_free(&sq);
	resolve_filters(s, a, q, &f, out);

	int rc = PRACTICE_ERROR;
	struct stmt *st = store_stmt(s, &q_count);
	bind_filters(st, &f, -1);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		goto out;
	}
	out->total = stmt_int(st, 0);
	stmt_done(st);
	int64_t per = q->per_page > 0 ? q->per_page : PRACTICE_PER_PAGE;
	out->pages = out->total ? (out->total + per - 1) / per : 1;
	enum practice_sort sort = q->sort;
	if (sort == PRACTICE_SORT_RELEVANCE && !f.match)
		sort = PRACTICE_SORT_NEWEST;
	out->sort_relevance = sort == PRACTICE_SORT_RELEVANCE;
	if (q->page >= 1 && q->page <= out->pages && out->total) {
		out->hits = arena_alloc(a, (size_t)per * sizeof *out->hits);
		st = store_stmt(s, list_query(&f, sort));
		bind_filters(st, &f, -1);
		stmt_bind_int(st, 8, per);
		stmt_bind_int(st, 9, (q->page - 1) * per);
		int r;
		while ((r = stmt_step(st)) == STORE_ROW && out->nhits < (size_t)per)
			read_hit(st, a, &out->hits[out->nhits++], f.match != NULL);
		stmt_done(st);
		if (r != STORE_DONE && r != STORE_ROW)
			goto out;
	}
	for (int i = 0; i < PF_COUNT; i++)
		if (facet_counts(s, a, &f, i, out) != PRACTICE_OK)
			goto out;
	rc = PRACTICE_OK;
out:
	for (int i = 0; i < PF_COUNT; i++)
		free(f.json[i]);
	return rc;
}

static const struct store_query q_stamp = {
    "catalog_stamp", "SELECT coalesce(max(updated_at), 0), (SELECT count(*) FROM practice "
		     "WHERE status = 'published') FROM practice"};

void
practice_catalog_stamp(struct store *s, int64_t *last_change, int64_t *published)
{
	struct stmt *st = store_stmt(s, &q_stamp);
	bool ok = stmt_step(st) == STORE_ROW;
	*last_change = ok ? stmt_int(st, 0) : 0;
	*published = ok ? stmt_int(st, 1) : 0;
	stmt_done(st);
}

/* ---- related practices ---- */

#define RELATED_TERMS 8	   /* the practice's most telling words that are compared */
#define RELATED_CANDIDATES 200 /* distinct words looked at */

static const struct store_query q_related_text = {
    "related_text", "SELECT title, teaser, situation, implementation, results FROM practice "
		    "WHERE id = ?1"};
static const struct store_query q_related_docs = {"related_docs",
						  "SELECT count(*) FROM practice"};
static const struct store_query q_related_df = {
    "related_df", "SELECT doc FROM practice_fts_row WHERE term = ?1"};
static const struct store_query q_related_with = {
    "related_with", "SELECT DISTINCT doc FROM practice_fts_instance WHERE term = ?1 LIMIT 5000"};
static const struct store_query q_related_hit = {
    "related_hit",
    HIT_COLS LIST_FROM " WHERE p.id = ?1 AND p.status = 'published'"};

struct word {
	char *term;
	double weight;
};

struct words {
	struct word *items;
	size_t n, cap;
	double weight; /* of the text being read */
};

static void
add_word(void *ctx, const char *term, size_t n)
{
	struct words *w = ctx;
	/* Short words and numbers say little about what a practice is about. */
	if (n < 4 || strspn(term, "0123456789") >= n)
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->items = xrealloc(w->items, w->cap * sizeof *w->items);
	}
	w->items[w->n++] = (struct word){xstrndup(term, n), w->weight};
}

static int
by_term(const void *x, const void *y)
{
	return strcmp(((const struct word *)x)->term, ((const struct word *)y)->term);
}

static int
by_weight_desc(const void *x, const void *y)
{
	double a = ((const struct word *)x)->weight, b = ((const struct word *)y)->weight;
	return a < b ? 1 : a > b ? -1 : 0;
}

struct scored {
	int64_t doc;
	double score;
};

static int
by_doc(const void *x, const void *y)
{
	int64_t a = ((const struct scored *)x)->doc, b = ((const struct scored *)y)->doc;
	return a < b ? -1 : a > b;
}

static int
by_score_desc(const void *x, const void *y)
{
	double a = ((const struct scored *)x)->score, b = ((const struct scored *)y)->score;
	if (a != b)
		return a < b ? 1 : -1;
	return by_doc(x, y);
}

/* The practice's words with their weights (title counts thrice, the summary twice),
 * merged and sorted by weight. */
static void
practice_words(struct store *s, int64_t id, struct words *w)
{
	struct stmt *st = store_stmt(s, &q_related_text);
	stmt_bind_int(st, 1, id);
	if (stmt_step(st) == STORE_ROW) {
		static const double weights[] = {3, 2, 1, 1, 1};
		for (int i = 0; i < 5; i++) {
			w->weight = weights[i];
			search_terms(stmt_text(st, i), add_word, w);
		}
	}
	stmt_done(st);
	if (!w->n)
		return;
	qsort(w->items, w->n, sizeof *w->items, by_term);
	size_t m = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (m && strcmp(w->items[m - 1].term, w->items[i].term) == 0) {
			w->items[m - 1].weight += w->items[i].weight;
			free(w->items[i].term);
		} else {
			w->items[m++] = w->items[i];
		}
	}
	w->n = m;
	qsort(w->items, w->n, sizeof *w->items, by_weight_desc);
}

/* Keeps the RELATED_TERMS words with the highest weight × idf that other practices
 * share; their weight becomes the idf. Returns how many. */
static size_t
telling_words(struct store *s, struct words *w)
{
	struct stmt *st = store_stmt(s, &q_related_docs);
	double docs = stmt_step(st) == STORE_ROW ? (double)stmt_int(st, 0) : 0;
	stmt_done(st);
	size_t n = w->n < RELATED_CANDIDATES ? w->n : RELATED_CANDIDATES;
	for (size_t i = 0; i < n; i++) {
		st = store_stmt(s, &q_related_df);
		stmt_bind_text(st, 1, w->items[i].term);
		double df = stmt_step(st) == STORE_ROW ? (double)stmt_int(st, 0) : 0;
		stmt_done(st);
		/* Only words others have too, and not ones that nearly all have. */
		double idf = df >= 2 && df <= docs / 3 + 1 ? log(docs / df) : 0;
		w->items[i].weight *= idf;
	}
	qsort(w->items, n, sizeof *w->items, by_weight_desc);
	size_t k = 0;
	while (k < n && k < RELATED_TERMS && w->items[k].weight > 0)
		k++;
	return k;
}

size_t
practice_related(struct store *s, struct arena *a, int64_t id, struct practice_hit *out,
		 size_t max)
{
	struct words w = {0};
	practice_words(s, id, &w);
	size_t k = telling_words(s, &w);
	struct scored *cand = NULL;
	size_t nc = 0, cc = 0;
	for (size_t i = 0; i < k; i++) {
		struct stmt *st = store_stmt(s, &q_related_with);
		stmt_bind_text(st, 1, w.items[i].term);
		while (stmt_step(st) == STORE_ROW) {
			int64_t doc = stmt_int(st, 0);
			if (doc == id)
				continue;
			if (nc == cc) {
				cc = cc ? 2 * cc : 256;
				cand = xrealloc(cand, cc * sizeof *cand);
			}
			cand[nc++] = (struct scored){doc, w.items[i].weight};
		}
		stmt_done(st);
	}
	for (size_t i = 0; i < w.n; i++)
		free(w.items[i].term);
	free(w.items);
	/* Sum the scores per practice, best first. */
	size_t m = 0;
	if (nc) {
		qsort(cand, nc, sizeof *cand, by_doc);
		for (size_t i = 0; i < nc; i++) {
			if (m && cand[m - 1].doc == cand[i].doc)
				cand[m - 1].score += cand[i].score;
			else
				cand[m++] = cand[i];
		}
		qsort(cand, m, sizeof *cand, by_score_desc);
	}
	size_t n = 0;
	for (size_t i = 0; i < m && n < max; i++) {
		struct stmt *st = store_stmt(s, &q_related_hit);
		stmt_bind_int(st, 1, cand[i].doc);
		if (stmt_step(st) == STORE_ROW)
			read_hit(st, a, &out[n++], false);
		stmt_done(st);
	}
	free(cand);
	return n;
}

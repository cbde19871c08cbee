/* The catalog's queries: full-text search with snippets, facet filters and their counts,
 * sorting and pages, the caching stamp, and related practices. */
#include "domain/practice.h"
#include "search/search.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct practice_facet_def practice_facets[PF_COUNT] = {
    [PF_ART] = {"art", "art", N_("Kind of practice")},
    [PF_HANDLUNGSFELD] = {"feld", "handlungsfeld", N_("Field of action")},
    [PF_ZIELGRUPPE] = {"zielgruppe", "zielgruppe", N_("Target group")},
    [PF_ADRESSAT] = {"adressat", "adressat", N_("Addressed to")},
    [PF_BUNDESLAND] = {"land", "bundesland", N_("Federal state")},
    [PF_YEAR] = {"jahr", NULL, N_("Year of publication")},
    /* Its values are Bundesland terms too, but of the adoptions, not of the practice. */
    [PF_ADOPTED] = {"uebernommen", "bundesland", N_("Adopted in")},
};

/* The search works on an in-memory index of the published catalog: per practice its id,
 * Art, year and terms, in the list orders, and the taxonomy's terms. Beside them, a set of
 * positions per value a facet can take (a bitset: a bit per practice, in 64-bit words): who
 * has that Art, that term, that year, an adoption in that Land. A request intersects the
 * chosen values' sets (either value within a facet, every facet), counts each value by the
 * popcount of its set within the selection of the other facets, and walks the result's set
 * for its page; no pass over every practice's record. The search layer's text index is asked
 * only for the text matches and their snippets, and the database for the rows of the page.
 * The index is shared by all threads and rebuilt when the catalog's generation (kept by
 * triggers, see 004_catalog.sql) moves on. */

struct entry {
	/* The title, and folded for suggestions (search_fold); the summary likewise: its words
	 * are suggested too. The folded forms are made on the first suggestion (index_fold), not
	 * with the index: a catalog page never needs them. */
	char *title, *folded;
	char *teaser, *teaser_folded;
	/* What a page of results shows besides (so that a page costs no query per practice;
	 * every change of a practice moves the catalog's generation, and the index with it). */
	char *slug, *organisation_name;
	int64_t updated_at;
	bool in_use;
	/* confirmed_at: confirmed still in use (yearly check); 0: never, or no longer in use */
	int64_t id, art_id, published_at, confirmed_at;
	int64_t shown_confirmed_at; /* as the page shows it: also when no longer in use */
	int year;
	uint32_t terms, nterms; /* into index.term_ids */
	/* Its approved public adoptions (transfer reports, stage adopted) and their Länder's
	 * distinct term ids (into index.land_ids). Their changes move the catalog's generation
	 * too (020_transfer.sql), so the index follows them. */
	int64_t adopted;
	uint32_t lands, nlands;
};

struct index {
	char instance[40];
	int64_t generation;
	size_t n;
	struct entry *e;      /* newest first */
	uint32_t *by_title;   /* positions in title order */
	uint32_t *by_id;      /* positions in id order (for the text matches) */
	uint32_t *by_adopted; /* positions, most adopted first, then newest first */
	int32_t *pos_of_id;   /* position by id (-1: none), when ids are dense enough */
	int64_t max_id;
	int64_t *term_ids;
	int64_t *land_ids;  /* the adoptions' Länder, see struct entry */
	struct term *terms; /* the whole taxonomy, by kind and position */
	size_t nterms;
	int64_t max_term_id;
	/* The facets' sets (words 64-bit words each, bit i for position i), by term id
	 * (max_term_id + 1 of them; NULL where nobody has the value), and their sizes. A term
	 * is a practice's Art (art_bits) apart from being one of its terms (tag_bits). */
	size_t words;
	uint64_t *all; /* every position */
	uint64_t **art_bits, **tag_bits, **land_bits;
	int64_t *art_count, *tag_count, *land_count;
	uint64_t *adopted_bits; /* adopted anywhere */
	int64_t adopted_count;
	struct year_set *years; /* the years practices were published in, ascending */
	size_t nyears;
	int8_t *term_facet;                  /* the facet of a term id by its kind (-1: none) */
	int32_t *term_pos;                   /* a term id's place in terms (-1: none) */
	uint32_t *rank_title, *rank_adopted; /* a position's place in by_title, by_adopted */
	/* The practices confirmed still in use, most recently first, and the set of those
	 * confirmed at or after conf_since (made for the first request of a second). */
	uint32_t *by_confirmed;
	int64_t *confirmed_desc; /* their confirmed_at, likewise */
	size_t nconfirmed;
	pthread_mutex_t conf_lock;
	bool conf_valid;
	int64_t conf_since;
	uint64_t *conf_bits;
	int refs; /* requests using it, plus one while it is current */
	/* The text index's vocabulary (search.h), built on the first search that needs it:
	 * a catalog page without a search text never waits for it. */
	pthread_mutex_t vocab_lock;
	struct search_vocab *vocab;
	bool vocab_built;
	/* The entries' folded title and summary (index_fold), made once under fold_lock. */
	pthread_mutex_t fold_lock;
	atomic_bool folded;
};

struct year_set {
	int year;
	int64_t count;
	uint64_t *bits;
};

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static struct index *current;
/* While the start-up's build runs (practice_catalog_warm_up), a request that finds no
 * index waits for it on warm_done instead of building a second one beside it on the same
 * two cores. Under index_lock. */
static bool warming;
static pthread_cond_t warm_done = PTHREAD_COND_INITIALIZER;

static const struct store_query q_idx_state = {
    "catalog_idx_state", "SELECT generation, instance FROM catalog_state WHERE id = 1"};
static const struct store_query q_idx_practices = {
    "catalog_idx_practices",
    "SELECT id, coalesce(art_id, 0), published_at, CASE WHEN in_use = 1 THEN "
    "coalesce(confirmed_at, 0) ELSE 0 END, slug, organisation_name, updated_at, in_use, "
    "coalesce(confirmed_at, 0) FROM practice "
    "WHERE status = 'published' "
    "ORDER BY published_at DESC, id DESC"};
static const struct store_query q_idx_titles = {
    "catalog_idx_titles",
    "SELECT id, title, teaser FROM practice WHERE status = 'published' ORDER BY title_sort, "
    "id"};
static const struct store_query q_idx_terms = {
    "catalog_idx_terms",
    /* Every practice's terms in the primary key's order (no sort); read_terms skips those
     * of practices not in the catalog, which a join with practice would cost a sort for. */
    "SELECT practice_id, term_id FROM practice_term ORDER BY practice_id, term_id"};
/* The approved public adoptions as transfer_public.c counts them, one row per report. */
static const struct store_query q_idx_adoptions = {
    "catalog_idx_adoptions",
    "SELECT r.practice_id, coalesce(t.id, 0) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id LEFT JOIN taxonomy_term t ON t.kind = 'bundesland' AND t.key = "
    "r.public_bundesland WHERE r.state = 'confirmed' AND r.public_at IS NOT NULL AND p.status = "
    "'published' AND r.public_stage = 'adopted' ORDER BY r.practice_id, t.id"};
static const struct store_query q_idx_taxonomy = {
    "catalog_idx_taxonomy", "SELECT id, kind, key, label_de, label_en, position, retired FROM "
                            "taxonomy_term ORDER BY kind, position, label_de"};

static void
index_free(struct index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nterms; i++) {
		free((char *)x->terms[i].kind);
		free((char *)x->terms[i].key);
		free((char *)x->terms[i].label_de);
		free((char *)x->terms[i].label_en);
	}
	free(x->terms);
	for (size_t i = 0; i < x->n; i++) {
		free(x->e[i].title);
		free(x->e[i].folded);
		free(x->e[i].teaser);
		free(x->e[i].teaser_folded);
		free(x->e[i].slug);
		free(x->e[i].organisation_name);
	}
	free(x->e);
	free(x->by_title);
	free(x->by_id);
	free(x->pos_of_id);
	free(x->term_ids);
	free(x->by_adopted);
	free(x->land_ids);
	if (x->art_bits)
		for (int64_t t = 0; t <= x->max_term_id; t++) {
			free(x->art_bits[t]);
			free(x->tag_bits[t]);
			free(x->land_bits[t]);
		}
	free(x->art_bits);
	free(x->tag_bits);
	free(x->land_bits);
	free(x->art_count);
	free(x->tag_count);
	free(x->land_count);
	free(x->all);
	free(x->adopted_bits);
	for (size_t i = 0; i < x->nyears; i++)
		free(x->years[i].bits);
	free(x->years);
	free(x->term_facet);
	free(x->term_pos);
	free(x->rank_title);
	free(x->rank_adopted);
	free(x->by_confirmed);
	free(x->confirmed_desc);
	free(x->conf_bits);
	pthread_mutex_destroy(&x->conf_lock);
	search_vocab_free(x->vocab);
	pthread_mutex_destroy(&x->vocab_lock);
	pthread_mutex_destroy(&x->fold_lock);
	free(x);
}

/* The vocabulary of the index's catalog (NULL after a storage error: then the search
 * finds what it finds without parts and typos). One thread builds it; the others that
 * need it meanwhile wait for that one's result. */
static const struct search_vocab *
index_vocab(struct store *s, struct index *x)
{
	pthread_mutex_lock(&x->vocab_lock);
	if (!x->vocab_built) {
		x->vocab = search_vocab_build(s);
		x->vocab_built = true;
	}
	pthread_mutex_unlock(&x->vocab_lock);
	return x->vocab;
}

static void
index_release(struct index *x)
{
	pthread_mutex_lock(&index_lock);
	bool last = --x->refs == 0;
	pthread_mutex_unlock(&index_lock);
	if (last)
		index_free(x);
}

/* The position of practice id, or -1 when it is not in the catalog. */
static long
position_of(const struct index *x, int64_t id)
{
	if (x->pos_of_id)
		return id > 0 && id <= x->max_id ? x->pos_of_id[id] : -1;
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int64_t v = x->e[x->by_id[mid]].id;
		if (v == id)
			return x->by_id[mid];
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* A position with the key it is sorted by beside it (no shared state: two threads may
 * build at once). */
struct keyed_pos {
	int64_t key;
	uint32_t pos;
};

static int
by_key(const void *a, const void *b)
{
	const struct keyed_pos *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Largest key first; among equals the newest first (the positions' own order). */
static int
by_key_desc(const void *a, const void *b)
{
	const struct keyed_pos *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool
read_taxonomy(struct store *s, struct index *x)
{
	size_t cap = 64;
	x->terms = xcalloc(cap, sizeof *x->terms);
	struct stmt *st = store_stmt(s, &q_idx_taxonomy);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (x->nterms == cap) {
			cap *= 2;
			x->terms = xrealloc(x->terms, cap * sizeof *x->terms);
		}
		struct term *t = &x->terms[x->nterms++];
		memset(t, 0, sizeof *t);
		t->id = stmt_int(st, 0);
		t->kind = xstrdup(stmt_text(st, 1));
		t->key = xstrdup(stmt_text(st, 2));
		t->label_de = xstrdup(stmt_text(st, 3));
		t->label_en = xstrdup(stmt_text(st, 4));
		t->position = (int)stmt_int(st, 5);
		t->retired = stmt_int(st, 6) != 0;
		if (t->id > x->max_term_id)
			x->max_term_id = t->id;
	}
	stmt_done(st);
	return rc == STORE_DONE;
}

static bool
read_practices(struct store *s, struct index *x)
{
	size_t cap = 256;
	x->e = xcalloc(cap, sizeof *x->e);
	struct stmt *st = store_stmt(s, &q_idx_practices);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (x->n == cap) {
			cap *= 2;
			x->e = xrealloc(x->e, cap * sizeof *x->e);
		}
		struct entry *e = &x->e[x->n++];
		memset(e, 0, sizeof *e);
		e->id = stmt_int(st, 0);
		e->art_id = stmt_int(st, 1);
		e->published_at = stmt_int(st, 2);
		e->confirmed_at = stmt_int(st, 3);
		e->slug = xstrdup(stmt_text(st, 4));
		e->organisation_name = xstrdup(stmt_text(st, 5));
		e->updated_at = stmt_int(st, 6);
		e->in_use = stmt_int(st, 7) != 0;
		e->shown_confirmed_at = stmt_int(st, 8);
		/* The year as the SQL of the API and exports has it: UTC. */
		time_t t = (time_t)e->published_at;
		struct tm tm;
		gmtime_r(&t, &tm);
		e->year = tm.tm_year + 1900;
	}
	stmt_done(st);
	if (rc != STORE_DONE)
		return false;
	struct keyed_pos *kp = xcalloc(x->n + 1, sizeof *kp);
	for (size_t i = 0; i < x->n; i++)
		kp[i] = (struct keyed_pos){x->e[i].id, (uint32_t)i};
	qsort(kp, x->n, sizeof *kp, by_key);
	x->by_id = xcalloc(x->n + 1, sizeof *x->by_id);
	for (size_t i = 0; i < x->n; i++)
		x->by_id[i] = kp[i].pos;
	free(kp);
	x->max_id = x->n ? x->e[x->by_id[x->n - 1]].id : 0;
	/* Ids are handed out in order, so a table by id is small; a catalog with huge gaps
	 * (mass deletions) falls back to the binary search. */
	if (x->max_id > 0 && (size_t)x->max_id <= 16 * x->n + 1024) {
		x->pos_of_id = xmalloc(((size_t)x->max_id + 1) * sizeof *x->pos_of_id);
		for (int64_t i = 0; i <= x->max_id; i++)
			x->pos_of_id[i] = -1;
		for (size_t i = 0; i < x->n; i++)
			x->pos_of_id[x->e[i].id] = (int32_t)i;
	}
	x->by_title = xcalloc(x->n + 1, sizeof *x->by_title);
	size_t k = 0;
	st = store_stmt(s, &q_idx_titles);
	while (k < x->n && (rc = stmt_step(st)) == STORE_ROW) {
		long pos = position_of(x, stmt_int(st, 0));
		if (pos >= 0) {
			struct entry *e = &x->e[pos];
			e->title = xstrdup(stmt_text(st, 1));
			e->teaser = xstrdup(stmt_text(st, 2));
			x->by_title[k++] = (uint32_t)pos;
		}
	}
	stmt_done(st);
	return k == x->n;
}

static bool
read_terms(struct store *s, struct index *x)
{
	size_t cap = 1024, n = 0;
	x->term_ids = xcalloc(cap, sizeof *x->term_ids);
	struct stmt *st = store_stmt(s, &q_idx_terms);
	int rc;
	long last = -1;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		long pos = position_of(x, stmt_int(st, 0));
		if (pos < 0)
			continue;
		if (n == cap) {
			cap *= 2;
			x->term_ids = xrealloc(x->term_ids, cap * sizeof *x->term_ids);
		}
		if (pos != last)
			x->e[pos].terms = (uint32_t)n;
		x->e[pos].nterms++;
		x->term_ids[n++] = stmt_int(st, 1);
		last = pos;
	}
	stmt_done(st);
	return rc == STORE_DONE;
}

/* Counts each practice's adoptions and notes their distinct Länder. */
static bool
read_adoptions(struct store *s, struct index *x)
{
	size_t cap = 64, n = 0;
	x->land_ids = xcalloc(cap, sizeof *x->land_ids);
	struct stmt *st = store_stmt(s, &q_idx_adoptions);
	int rc;
	long last = -1;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		long pos = position_of(x, stmt_int(st, 0));
		if (pos < 0)
			continue;
		struct entry *e = &x->e[pos];
		if (pos != last)
			e->lands = (uint32_t)n;
		last = pos;
		e->adopted++;
		int64_t land = stmt_int(st, 1);
		/* Rows come ordered by Land: a repeat is the one before. */
		if (land <= 0 || (e->nlands && x->land_ids[n - 1] == land))
			continue;
		if (n == cap) {
			cap *= 2;
			x->land_ids = xrealloc(x->land_ids, cap * sizeof *x->land_ids);
		}
		x->land_ids[n++] = land;
		e->nlands++;
	}
	stmt_done(st);
	if (rc != STORE_DONE)
		return false;
	struct keyed_pos *ap = xcalloc(x->n + 1, sizeof *ap);
	for (size_t i = 0; i < x->n; i++)
		ap[i] = (struct keyed_pos){x->e[i].adopted, (uint32_t)i};
	qsort(ap, x->n, sizeof *ap, by_key_desc);
	x->by_adopted = xcalloc(x->n + 1, sizeof *x->by_adopted);
	for (size_t i = 0; i < x->n; i++)
		x->by_adopted[i] = ap[i].pos;
	free(ap);
	return true;
}

static int facet_of_kind(const char *kind);

static void
bit_set(uint64_t *bits, size_t pos)
{
	bits[pos / 64] |= UINT64_C(1) << (pos % 64);
}

/* Adds position pos to the set *slot (made when the first member comes), counting it. */
static void
set_add(const struct index *x, uint64_t **slot, int64_t *count, size_t pos)
{
	if (!*slot)
		*slot = xcalloc(x->words, sizeof **slot);
	bit_set(*slot, pos);
	(*count)++;
}

/* The facets' sets, the sort orders' ranks and the confirmations, from the entries. */
static void
build_sets(struct index *x)
{
	size_t nt = (size_t)x->max_term_id + 1;
	x->words = (x->n + 63) / 64;
	size_t w = x->words ? x->words : 1;
	x->all = xcalloc(w, sizeof *x->all);
	x->adopted_bits = xcalloc(w, sizeof *x->adopted_bits);
	x->conf_bits = xcalloc(w, sizeof *x->conf_bits);
	x->words = w;
	for (size_t i = 0; i < x->n; i++)
		bit_set(x->all, i);
	x->art_bits = xcalloc(nt, sizeof *x->art_bits);
	x->tag_bits = xcalloc(nt, sizeof *x->tag_bits);
	x->land_bits = xcalloc(nt, sizeof *x->land_bits);
	x->art_count = xcalloc(nt, sizeof *x->art_count);
	x->tag_count = xcalloc(nt, sizeof *x->tag_count);
	x->land_count = xcalloc(nt, sizeof *x->land_count);
	x->term_facet = xcalloc(nt, sizeof *x->term_facet);
	x->term_pos = xcalloc(nt, sizeof *x->term_pos);
	for (size_t t = 0; t < nt; t++) {
		x->term_facet[t] = -1;
		x->term_pos[t] = -1;
	}
	for (size_t k = 0; k < x->nterms; k++) {
		x->term_facet[x->terms[k].id] = (int8_t)facet_of_kind(x->terms[k].kind);
		x->term_pos[x->terms[k].id] = (int32_t)k;
	}
	size_t capy = 0;
	for (size_t i = 0; i < x->n; i++) {
		const struct entry *e = &x->e[i];
		if (e->art_id > 0 && e->art_id <= x->max_term_id)
			set_add(x, &x->art_bits[e->art_id], &x->art_count[e->art_id], i);
		/* A term repeated in the rows is the one before (they come ordered). */
		for (uint32_t k = 0; k < e->nterms; k++) {
			int64_t t = x->term_ids[e->terms + k];
			if (t > 0 && t <= x->max_term_id &&
			    (k == 0 || x->term_ids[e->terms + k - 1] != t))
				set_add(x, &x->tag_bits[t], &x->tag_count[t], i);
		}
		if (e->adopted) {
			bit_set(x->adopted_bits, i);
			x->adopted_count++;
		}
		for (uint32_t k = 0; k < e->nlands; k++) {
			int64_t t = x->land_ids[e->lands + k];
			if (t > 0 && t <= x->max_term_id)
				set_add(x, &x->land_bits[t], &x->land_count[t], i);
		}
		size_t y = 0;
		while (y < x->nyears && x->years[y].year != e->year)
			y++;
		if (y == x->nyears) {
			if (x->nyears == capy) {
				capy = capy ? 2 * capy : 16;
				x->years = xrealloc(x->years, capy * sizeof *x->years);
			}
			x->years[x->nyears++] = (struct year_set){e->year, 0, NULL};
		}
		set_add(x, &x->years[y].bits, &x->years[y].count, i);
	}
	x->rank_title = xcalloc(x->n + 1, sizeof *x->rank_title);
	x->rank_adopted = xcalloc(x->n + 1, sizeof *x->rank_adopted);
	for (size_t i = 0; i < x->n; i++) {
		x->rank_title[x->by_title[i]] = (uint32_t)i;
		x->rank_adopted[x->by_adopted[i]] = (uint32_t)i;
	}
	struct keyed_pos *cp = xcalloc(x->n + 1, sizeof *cp);
	for (size_t i = 0; i < x->n; i++)
		if (x->e[i].confirmed_at)
			cp[x->nconfirmed++] = (struct keyed_pos){x->e[i].confirmed_at, (uint32_t)i};
	qsort(cp, x->nconfirmed, sizeof *cp, by_key_desc);
	x->by_confirmed = xcalloc(x->nconfirmed + 1, sizeof *x->by_confirmed);
	x->confirmed_desc = xcalloc(x->nconfirmed + 1, sizeof *x->confirmed_desc);
	for (size_t i = 0; i < x->nconfirmed; i++) {
		x->by_confirmed[i] = cp[i].pos;
		x->confirmed_desc[i] = cp[i].key;
	}
	free(cp);
}

/* Builds the index as the database is now. The generation is read first, so the data is
 * at least as new as the generation the index is labelled with. */
static struct index *
index_build(struct store *s)
{
	struct index *x = xcalloc(1, sizeof *x);
	pthread_mutex_init(&x->vocab_lock, NULL);
	pthread_mutex_init(&x->conf_lock, NULL);
	pthread_mutex_init(&x->fold_lock, NULL);
	struct stmt *st = store_stmt(s, &q_idx_state);
	bool ok = stmt_step(st) == STORE_ROW;
	if (ok) {
		x->generation = stmt_int(st, 0);
		snprintf(x->instance, sizeof x->instance, "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	if (!ok || !read_taxonomy(s, x) || !read_practices(s, x) || !read_terms(s, x) ||
	    !read_adoptions(s, x)) {
		index_free(x);
		return NULL;
	}
	build_sets(x);
	return x;
}

/* The current index for this database, built or rebuilt when the catalog changed. The
 * caller holds a reference: index_release() when done. */
static struct index *
index_acquire(struct store *s)
{
	struct stmt *st = store_stmt(s, &q_idx_state);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return NULL;
	}
	int64_t generation = stmt_int(st, 0);
	char instance[40];
	snprintf(instance, sizeof instance, "%s", stmt_text(st, 1));
	stmt_done(st);
	/* The text index in memory follows the same generation (a no-op for FTS5's, which
	 * the database keeps itself); a failed rebuild leaves the previous one in use. */
	search_index_refresh(s, generation, instance);
	pthread_mutex_lock(&index_lock);
	while (!current && warming)
		pthread_cond_wait(&warm_done, &index_lock);
	struct index *x = current;
	if (x && x->generation == generation && strcmp(x->instance, instance) == 0) {
		x->refs++;
		pthread_mutex_unlock(&index_lock);
		return x;
	}
	pthread_mutex_unlock(&index_lock);
	/* Built outside the lock: two threads may both build after a change, which costs
	 * a little time once and keeps readers from waiting. */
	struct index *fresh = index_build(s);
	if (!fresh)
		return NULL;
	fresh->refs = 2; /* current, and this request */
	struct index *old = NULL;
	pthread_mutex_lock(&index_lock);
	if (!current || current->generation <= fresh->generation ||
	    strcmp(current->instance, fresh->instance) != 0) {
		old = current;
		current = fresh;
	} else {
		fresh->refs = 1; /* someone installed a newer one meanwhile: use ours once */
	}
	bool free_old = old && --old->refs == 0;
	pthread_mutex_unlock(&index_lock);
	if (free_old)
		index_free(old);
	return fresh;
}

void
practice_catalog_warm_begin(void)
{
	pthread_mutex_lock(&index_lock);
	warming = true;
	pthread_mutex_unlock(&index_lock);
}

static double
elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

void
practice_catalog_warm_up(struct store *s)
{
	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	struct index *fresh = s ? index_build(s) : NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	if (fresh)
		log_info(
		    "catalog: index built at start-up: %zu practices in %.0f ms (%.0f ms of CPU)",
		    fresh->n, elapsed_ms(&t0, &t1), elapsed_ms(&c0, &c1));
	struct index *old = NULL;
	pthread_mutex_lock(&index_lock);
	/* A request may have built a newer one meanwhile (it found the warm-up's generation
	 * gone): that one stays. */
	if (fresh && (!current || current->generation < fresh->generation ||
	              strcmp(current->instance, fresh->instance) != 0)) {
		fresh->refs = 1; /* current */
		old = current;
		current = fresh;
		fresh = NULL;
	}
	warming = false;
	pthread_cond_broadcast(&warm_done);
	bool free_old = old && --old->refs == 0;
	pthread_mutex_unlock(&index_lock);
	if (free_old)
		index_free(old);
	index_free(fresh);
}

void
practice_search_warm_up(struct store *s)
{
	struct index *x = index_acquire(s);
	if (!x)
		return;
	(void)index_vocab(s, x); /* builds the text index first (search_index_vocabulary) */
	index_release(x);
}

/* Folds the entries' titles and summaries for the suggestions, once per index. */
static void
index_fold(struct index *x)
{
	if (atomic_load(&x->folded))
		return;
	pthread_mutex_lock(&x->fold_lock);
	if (!atomic_load(&x->folded)) {
		struct buf f = BUF_INIT;
		for (size_t i = 0; i < x->n; i++) {
			struct entry *e = &x->e[i];
			search_fold(&f, e->title);
			e->folded = buf_detach(&f);
			search_fold(&f, e->teaser);
			e->teaser_folded = buf_detach(&f);
		}
		atomic_store(&x->folded, true);
	}
	pthread_mutex_unlock(&x->fold_lock);
}

/* ---- a query over the index ---- */

struct filters {
	int64_t *ids[PF_COUNT]; /* term ids, or years */
	size_t nids[PF_COUNT];
	unsigned active;         /* facets with a filter */
	bool confirmed_recent;   /* the query's filter of that name */
	int64_t confirmed_since; /* confirmed at or after this counts as recent */
};

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

static const struct term *
index_term(const struct index *x, const char *kind, const char *key)
{
	for (size_t i = 0; i < x->nterms; i++)
		if (strcmp(x->terms[i].kind, kind) == 0 && strcmp(x->terms[i].key, key) == 0)
			return &x->terms[i];
	return NULL;
}

/* The id standing for "adopted anywhere" among the adoption facet's term ids. */
#define ADOPTED_ANY_ID (-1)

/* The query's filter values as ids (years as numbers); unknown ones are noted, dropped. */
static void
resolve_filters(const struct index *x, struct arena *a, const struct practice_query *q,
                struct filters *f, struct practice_result *out)
{
	out->unknown = arena_alloc(a, PF_COUNT * PRACTICE_MAX_VALUES * sizeof *out->unknown);
	for (int i = 0; i < PF_COUNT; i++) {
		f->ids[i] = arena_alloc(a, PRACTICE_MAX_VALUES * sizeof(int64_t));
		for (size_t j = 0; j < q->nvalues[i] && j < PRACTICE_MAX_VALUES; j++) {
			const char *v = q->values[i][j];
			int64_t id = 0;
			const struct term *t = NULL;
			bool any = i == PF_ADOPTED && strcmp(v, PRACTICE_ADOPTED_ANY) == 0;
			bool ok = any ? (id = ADOPTED_ANY_ID, true)
			          : practice_facets[i].kind
			              ? (t = index_term(x, practice_facets[i].kind, v)) != NULL
			              : parse_year(v, &id);
			if (t)
				id = t->id;
			if (!ok) {
				out->unknown[out->nunknown++] =
				    arena_printf(a, "%s=%s", practice_facets[i].param, v);
				continue;
			}
			bool dup = false;
			for (size_t k = 0; k < f->nids[i]; k++)
				dup |= f->ids[i][k] == id;
			if (!dup)
				f->ids[i][f->nids[i]++] = id;
		}
		if (f->nids[i])
			f->active |= 1u << i;
	}
}

static bool
has_id(const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

#define MIN_YEAR 1900
#define YEARS 300

struct counts {
	int64_t *term;       /* by term id (all term facets and the Art) */
	int64_t year[YEARS]; /* by year - MIN_YEAR */
	int64_t *land;       /* adopted in, by Bundesland term id */
	int64_t adopted;     /* adopted anywhere */
};

/* The facet of a term by its kind (-1 for kinds the catalog does not filter on). */
static int
facet_of_kind(const char *kind)
{
	for (int i = 0; i < PF_COUNT; i++)
		if (practice_facets[i].kind && strcmp(practice_facets[i].kind, kind) == 0)
			return i;
	return -1;
}

static void
facet_values(const struct index *x, struct arena *a, const struct filters *f,
             const struct counts *c, struct practice_result *out)
{
	for (int i = 0; i < PF_COUNT; i++) {
		size_t cap = i == PF_YEAR ? YEARS : x->nterms, n = 0;
		struct practice_facet_value *v = arena_alloc(a, (cap + 2) * sizeof *v);
		if (i == PF_ADOPTED) {
			/* "anywhere" before the Länder. */
			bool sel = has_id(f->ids[i], f->nids[i], ADOPTED_ANY_ID);
			if (c->adopted || sel) {
				struct term *any = arena_alloc(a, sizeof *any);
				*any = (struct term){.id = 0,
				                     .kind = "bundesland",
				                     .key = PRACTICE_ADOPTED_ANY,
				                     .label_de = "irgendwo",
				                     .label_en = "anywhere",
				                     .uses = c->adopted};
				v[n++] =
				    (struct practice_facet_value){any->key, any, c->adopted, sel};
			}
		}
		if (i == PF_YEAR) {
			for (int y = MIN_YEAR + YEARS - 1; y >= MIN_YEAR; y--) {
				bool sel = has_id(f->ids[i], f->nids[i], y);
				int64_t count = c->year[y - MIN_YEAR];
				if (count > 0 || sel)
					v[n++] = (struct practice_facet_value){
					    arena_printf(a, "%d", y), NULL, count, sel};
			}
		} else {
			for (size_t k = 0; k < x->nterms; k++) {
				const struct term *t = &x->terms[k];
				if (strcmp(t->kind, practice_facets[i].kind) != 0)
					continue;
				bool sel = has_id(f->ids[i], f->nids[i], t->id);
				int64_t count = i == PF_ADOPTED ? c->land[t->id] : c->term[t->id];
				/* A value nobody has is no help, unless the person chose it. */
				if (count == 0 && !sel)
					continue;
				struct term *copy = arena_alloc(a, sizeof *copy);
				*copy = *t;
				copy->kind = arena_strdup(a, t->kind);
				copy->key = arena_strdup(a, t->key);
				copy->label_de = arena_strdup(a, t->label_de);
				copy->label_en = arena_strdup(a, t->label_en);
				copy->uses = count;
				v[n++] = (struct practice_facet_value){copy->key, copy, count, sel};
			}
		}
		out->facets[i] = v;
		out->nfacets[i] = n;
	}
}

/* The text matches. Relevance is the text index's ranking (the title weighs most, see
 * search_index_match) when there are at most RANK_EXACT matches; ranking costs about a
 * microsecond per match, so a broad search is ordered in tiers instead: matches in the
 * title, then in the summary, then the rest, newest first within each. */
#define RANK_EXACT 3000

enum { M_TEXT = 1, M_TITLE = 4, M_TEASER = 8, M_PLACED = 16, M_EXACT = 32, M_PART = 64 };

struct collect {
	const struct index *x;
	uint8_t *flags, flag;
	uint32_t *order;
	size_t *n;
};

static void
collect_one(void *ctx, int64_t id)
{
	struct collect *c = ctx;
	long pos = position_of(c->x, id);
	if (pos < 0 || (c->flags[pos] & c->flag)) /* not published, or seen */
		return;
	c->flags[pos] |= c->flag;
	if (c->order)
		c->order[*c->n] = (uint32_t)pos;
	(*c->n)++;
}

/* Sets flag on each published practice the text index returns; with order, appends each
 * position the first time (in the index's order). Counts the positions newly flagged. */
static bool
text_collect(struct store *s, enum search_match how, const char *match, const struct index *x,
             uint8_t *flags, uint8_t flag, uint32_t *order, size_t *n)
{
	struct collect c = {x, flags, flag, order, n};
	return search_index_match(s, how, match, collect_one, &c);
}

/* The matches (flagged M_TEXT, counted in *nmatched) and their positions best first, into
 * order (x->n entries; *n of them), from one evaluation of match: ranked by the text index
 * when there are at most RANK_EXACT, else in tiers. */
static bool
relevance_order(struct store *s, const char *match, const struct index *x, uint8_t *flags,
                size_t *nmatched, uint32_t *order, size_t *n)
{
	*n = 0;
	bool ranked = false;
	struct collect c = {x, flags, M_TEXT, order, n};
	if (!search_index_match_upto(s, match, RANK_EXACT, &ranked, collect_one, &c))
		return false;
	*nmatched = *n;
	if (ranked)
		return true;
	*n = 0;
	size_t unused = 0;
	if (!text_collect(s, SEARCH_MATCH_TITLE, match, x, flags, M_TITLE, NULL, &unused) ||
	    !text_collect(s, SEARCH_MATCH_TEASER, match, x, flags, M_TEASER, NULL, &unused))
		return false;
	static const uint8_t tiers[] = {M_TITLE, M_TEASER, M_TEXT};
	for (size_t t = 0; t < 3; t++)
		for (size_t i = 0; i < x->n; i++)
			if ((flags[i] & M_TEXT) && (flags[i] & tiers[t]) &&
			    !(flags[i] & M_PLACED)) {
				flags[i] |= M_PLACED;
				order[(*n)++] = (uint32_t)i;
			}
	return true;
}

/* Orders the ranked positions by how well they matched (search.h, enum search_tier):
 * the words as typed first, then as parts of compounds, then with typos corrected, each
 * tier in the order it had. */
static bool
tier_order(struct store *s, const char *const tier_match[SEARCH_TIERS], const struct index *x,
           uint8_t *flags, uint32_t *order, size_t n)
{
	const char *all = tier_match[SEARCH_TIER_TYPO];
	if (strcmp(tier_match[SEARCH_TIER_EXACT], all) == 0 || n < 2)
		return true;
	size_t unused = 0;
	if (!text_collect(s, SEARCH_MATCH_ANY, tier_match[SEARCH_TIER_EXACT], x, flags, M_EXACT,
	                  NULL, &unused))
		return false;
	if (strcmp(tier_match[SEARCH_TIER_PART], tier_match[SEARCH_TIER_EXACT]) != 0 &&
	    strcmp(tier_match[SEARCH_TIER_PART], all) != 0 &&
	    !text_collect(s, SEARCH_MATCH_ANY, tier_match[SEARCH_TIER_PART], x, flags, M_PART, NULL,
	                  &unused))
		return false;
	bool parts_same = strcmp(tier_match[SEARCH_TIER_PART], all) == 0;
	uint32_t *sorted = xcalloc(n, sizeof *sorted);
	size_t k = 0;
	for (int tier = 0; tier < SEARCH_TIERS; tier++)
		for (size_t i = 0; i < n; i++) {
			uint8_t f = flags[order[i]];
			int t = (f & M_EXACT)                ? SEARCH_TIER_EXACT
			        : (f & M_PART) || parts_same ? SEARCH_TIER_PART
			                                     : SEARCH_TIER_TYPO;
			if (t == tier)
				sorted[k++] = order[i];
		}
	memcpy(order, sorted, n * sizeof *order);
	free(sorted);
	return true;
}

#define HIT_COLS                                                                                   \
	"SELECT p.id, p.slug, p.title, p.teaser, p.organisation_name, p.published_at, "            \
	"p.updated_at, coalesce(a.id, 0), coalesce(a.key, ''), coalesce(a.label_de, ''), "         \
	"coalesce(a.label_en, ''), p.in_use, coalesce(p.confirmed_at, 0)"
#define LIST_FROM " FROM practice p LEFT JOIN taxonomy_term a ON a.id = p.art_id"

/* Up to HITS_AT_ONCE practices in one query (the ids not needed bound to 0, which no
 * practice has), in any order. The status is compared as an expression: SQLite would
 * otherwise walk the index of published practices (all of them) instead of looking the
 * ids up by key. */
#define HITS_AT_ONCE 8
static const struct store_query q_hits = {"catalog_hits", HIT_COLS LIST_FROM
                                          " WHERE p.id IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) AND "
                                          "coalesce(p.status, '') = 'published'"};

static void
read_hit(struct stmt *st, struct arena *a, struct practice_hit *h)
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
	h->in_use = stmt_int(st, 11) != 0;
	h->confirmed_at = stmt_int(st, 12);
	h->snippet = NULL;
	h->adopted = 0;
}

/* The page's practices, from the index (which is as new as the catalog's generation the
 * request saw), and their snippets, with a search. */
static void
load_hits(struct store *s, struct arena *a, const struct index *x, const uint32_t *page, size_t n,
          const char *match, struct practice_result *out)
{
	out->hits = arena_alloc(a, (n ? n : 1) * sizeof *out->hits);
	for (size_t i = 0; i < n; i++) {
		const struct entry *e = &x->e[page[i]];
		struct practice_hit *h = &out->hits[out->nhits++];
		memset(h, 0, sizeof *h);
		h->id = e->id;
		h->slug = arena_strdup(a, e->slug);
		h->title = arena_strdup(a, e->title);
		h->teaser = arena_strdup(a, e->teaser);
		h->organisation_name = arena_strdup(a, e->organisation_name);
		h->published_at = e->published_at;
		h->updated_at = e->updated_at;
		h->art.kind = "art";
		h->art.key = h->art.label_de = h->art.label_en = "";
		if (e->art_id > 0 && e->art_id <= x->max_term_id && x->term_pos[e->art_id] >= 0) {
			const struct term *t = &x->terms[x->term_pos[e->art_id]];
			h->art.id = t->id;
			h->art.key = arena_strdup(a, t->key);
			h->art.label_de = arena_strdup(a, t->label_de);
			h->art.label_en = arena_strdup(a, t->label_en);
		}
		h->in_use = e->in_use;
		h->confirmed_at = e->shown_confirmed_at;
		h->adopted = e->adopted;
	}
	if (match && n) {
		int64_t *ids = arena_alloc(a, n * sizeof *ids);
		const char **snippets = arena_alloc(a, n * sizeof *snippets);
		for (size_t i = 0; i < n; i++)
			ids[i] = out->hits[i].id;
		search_index_snippets(s, a, match, ids, n, snippets);
		for (size_t i = 0; i < n; i++)
			out->hits[i].snippet = snippets[i];
	}
}

/* The order of the result: by relevance (ranked, nranked positions), title or date. */
struct order {
	enum practice_sort sort;
	const uint32_t *ranked;
	size_t nranked;
};

/* ---- sets of positions ---- */

static int64_t
bits_count(const uint64_t *b, size_t w)
{
	int64_t n = 0;
	for (size_t i = 0; i < w; i++)
		n += __builtin_popcountll(b[i]);
	return n;
}

static void
bits_and(uint64_t *d, const uint64_t *b, size_t w)
{
	for (size_t i = 0; i < w; i++)
		d[i] &= b[i];
}

/* b NULL: the empty set. */
static void
bits_or(uint64_t *d, const uint64_t *b, size_t w)
{
	if (b)
		for (size_t i = 0; i < w; i++)
			d[i] |= b[i];
}

/* A set within which values are counted: its words and the indices of its nonzero ones (a
 * narrow selection costs its own size, not the catalog's); full: every practice, where a
 * value's count is its set's size. */
struct within {
	const uint64_t *bits;
	uint32_t *nz;
	size_t nnz;
	bool full;
};

static void
within_init(struct within *in, const uint64_t *bits, size_t words, bool full)
{
	in->bits = bits;
	in->full = full;
	in->nz = xmalloc(words * sizeof *in->nz);
	in->nnz = 0;
	for (size_t i = 0; i < words; i++)
		if (bits[i])
			in->nz[in->nnz++] = (uint32_t)i;
}

/* The members of set (of size members; NULL: none) within in. */
static int64_t
count_within(const uint64_t *set, int64_t size, const struct within *in)
{
	if (!set)
		return 0;
	if (in->full)
		return size;
	int64_t n = 0;
	for (size_t k = 0; k < in->nnz; k++) {
		uint32_t i = in->nz[k];
		n += __builtin_popcountll(set[i] & in->bits[i]);
	}
	return n;
}

/* Facet facet's filter as a set: the union of its values' sets, into d. */
static void
filter_set(const struct index *x, const struct filters *f, int facet, uint64_t *d)
{
	memset(d, 0, x->words * sizeof *d);
	for (size_t k = 0; k < f->nids[facet]; k++) {
		int64_t id = f->ids[facet][k];
		const uint64_t *b = NULL;
		if (facet == PF_YEAR) {
			for (size_t y = 0; y < x->nyears; y++)
				if (x->years[y].year == id)
					b = x->years[y].bits;
		} else if (facet == PF_ADOPTED && id == ADOPTED_ANY_ID) {
			b = x->adopted_bits;
		} else if (id > 0 && id <= x->max_term_id) {
			b = facet == PF_ART       ? x->art_bits[id]
			    : facet == PF_ADOPTED ? x->land_bits[id]
			                          : x->tag_bits[id];
		}
		bits_or(d, b, x->words);
	}
}

/* The practices confirmed at or after since, into out: the index keeps the set of the
 * last since asked for (the clock's second), made again when it moves on. */
static void
confirmed_set(struct index *x, int64_t since, uint64_t *out)
{
	pthread_mutex_lock(&x->conf_lock);
	if (!x->conf_valid || x->conf_since != since) {
		memset(x->conf_bits, 0, x->words * sizeof *x->conf_bits);
		for (size_t i = 0; i < x->nconfirmed && x->confirmed_desc[i] >= since; i++)
			bit_set(x->conf_bits, x->by_confirmed[i]);
		x->conf_since = since;
		x->conf_valid = true;
	}
	memcpy(out, x->conf_bits, x->words * sizeof *out);
	pthread_mutex_unlock(&x->conf_lock);
}

/* The selection: of base (the text's matches, or every practice: base_full), those that
 * pass every active filter, into a new set; out->total, out->confirmed_count and the
 * facets' values' counts, each facet's within the other facets' filters (so that a
 * facet's other values keep their counts). */
static uint64_t *
select_sets(struct index *x, const struct filters *f, uint64_t *base, bool base_full,
            struct counts *c, struct practice_result *out)
{
	size_t w = x->words;
	uint64_t *fs[PF_COUNT] = {0}, *ex[PF_COUNT] = {0};
	uint64_t *sel = xmalloc(w * sizeof *sel), *conf = xmalloc(w * sizeof *conf);
	memcpy(sel, base, w * sizeof *sel);
	for (int i = 0; i < PF_COUNT; i++)
		if (f->active & (1u << i)) {
			fs[i] = xmalloc(w * sizeof *fs[i]);
			filter_set(x, f, i, fs[i]);
			bits_and(sel, fs[i], w);
		}
	confirmed_set(x, f->confirmed_since, conf);
	int64_t confirmed = 0;
	for (size_t i = 0; i < w; i++)
		confirmed += __builtin_popcountll(sel[i] & conf[i]);
	out->confirmed_count = confirmed;
	/* Like a facet's filter, but with no values to count: what it leaves out is left out
	 * of every count. */
	if (f->confirmed_recent) {
		bits_and(base, conf, w);
		bits_and(sel, conf, w);
		base_full = false;
	}
	out->total = bits_count(sel, w);
	struct within in_sel, in[PF_COUNT];
	within_init(&in_sel, sel, w, base_full && !f->active);
	for (int i = 0; i < PF_COUNT; i++) {
		if (!(f->active & (1u << i))) {
			in[i] = in_sel;
			continue;
		}
		ex[i] = xmalloc(w * sizeof *ex[i]);
		memcpy(ex[i], base, w * sizeof *ex[i]);
		for (int j = 0; j < PF_COUNT; j++)
			if (j != i && fs[j])
				bits_and(ex[i], fs[j], w);
		within_init(&in[i], ex[i], w, base_full && !(f->active & ~(1u << i)));
	}
	for (size_t k = 0; k < x->nterms; k++) {
		int64_t t = x->terms[k].id;
		if (t <= 0 || t > x->max_term_id)
			continue;
		c->term[t] = count_within(x->art_bits[t], x->art_count[t], &in[PF_ART]);
		int facet = x->term_facet[t];
		if (facet >= 0)
			c->term[t] += count_within(x->tag_bits[t], x->tag_count[t], &in[facet]);
		c->land[t] = count_within(x->land_bits[t], x->land_count[t], &in[PF_ADOPTED]);
	}
	c->adopted = count_within(x->adopted_bits, x->adopted_count, &in[PF_ADOPTED]);
	for (size_t y = 0; y < x->nyears; y++) {
		int year = x->years[y].year;
		if (year >= MIN_YEAR && year < MIN_YEAR + YEARS)
			c->year[year - MIN_YEAR] =
			    count_within(x->years[y].bits, x->years[y].count, &in[PF_YEAR]);
	}
	for (int i = 0; i < PF_COUNT; i++) {
		if (ex[i])
			free(in[i].nz);
		free(fs[i]);
		free(ex[i]);
	}
	free(in_sel.nz);
	free(conf);
	return sel;
}

/* The page: the selection in the wanted order, from (page - 1) × per; *n gets its
 * length. */
static uint32_t *
page_of(const struct index *x, struct arena *a, const struct order *o, const uint64_t *sel,
        int64_t total, int64_t pageno, int64_t per, size_t *n)
{
	uint32_t *page = arena_alloc(a, (size_t)per * sizeof *page);
	size_t skip = (size_t)((pageno - 1) * per);
	*n = 0;
	if (o->sort != PRACTICE_SORT_RELEVANCE && o->sort != PRACTICE_SORT_TITLE &&
	    o->sort != PRACTICE_SORT_ADOPTED) {
		/* Newest first: the positions' own order, whole words skipped by their count. */
		for (size_t i = 0; i < x->words && *n < (size_t)per; i++) {
			uint64_t b = sel[i];
			size_t count = (size_t)__builtin_popcountll(b);
			if (skip >= count) {
				skip -= count;
				continue;
			}
			while (b && *n < (size_t)per) {
				uint32_t pos = (uint32_t)(i * 64 + (size_t)__builtin_ctzll(b));
				b &= b - 1;
				if (skip)
					skip--;
				else
					page[(*n)++] = pos;
			}
		}
		return page;
	}
	if (o->sort != PRACTICE_SORT_RELEVANCE && (size_t)total * 8 < x->n) {
		/* A narrow selection: its positions, sorted by their place in the order. */
		const uint32_t *rank =
		    o->sort == PRACTICE_SORT_TITLE ? x->rank_title : x->rank_adopted;
		struct keyed_pos *kp = xmalloc(((size_t)total + 1) * sizeof *kp);
		size_t m = 0;
		for (size_t i = 0; i < x->words; i++)
			for (uint64_t b = sel[i]; b; b &= b - 1) {
				uint32_t pos = (uint32_t)(i * 64 + (size_t)__builtin_ctzll(b));
				kp[m++] = (struct keyed_pos){rank[pos], pos};
			}
		qsort(kp, m, sizeof *kp, by_key);
		for (size_t i = skip; i < m && *n < (size_t)per; i++)
			page[(*n)++] = kp[i].pos;
		free(kp);
		return page;
	}
	size_t len = o->sort == PRACTICE_SORT_RELEVANCE ? o->nranked : x->n;
	for (size_t i = 0; i < len && *n < (size_t)per; i++) {
		uint32_t pos = o->sort == PRACTICE_SORT_RELEVANCE ? o->ranked[i]
		               : o->sort == PRACTICE_SORT_TITLE   ? x->by_title[i]
		                                                  : x->by_adopted[i];
		if (!(sel[pos / 64] & (UINT64_C(1) << (pos % 64))))
			continue;
		if (skip) {
			skip--;
			continue;
		}
		page[(*n)++] = pos;
	}
	return page;
}

/* The result of q into out; with count_only, its counts only (total, pages, the facets'
 * counts inside), without an order, a page or the facets' values. */
static int
search_once(struct store *s, struct arena *a, const struct practice_query *q, bool count_only,
            struct practice_result *out)
{
	memset(out, 0, sizeof *out);
	struct index *x = index_acquire(s);
	if (!x)
		return PRACTICE_ERROR;
	struct search_plan plan;
	search_plan_build(&plan, q->text && q->text[0] ? index_vocab(s, x) : NULL, q->text);
	const char *match =
	    plan.match[SEARCH_TIER_TYPO] ? arena_strdup(a, plan.match[SEARCH_TIER_TYPO]) : NULL;
	const char *tier_match[SEARCH_TIERS];
	for (int t = 0; t < SEARCH_TIERS; t++)
		tier_match[t] = plan.match[t] ? arena_strdup(a, plan.match[t]) : NULL;
	out->text = arena_strdup(a, plan.text);
	out->text_truncated = plan.truncated;
	out->text_ignored = plan.text[0] && !match;
	out->suggestion = plan.suggestion ? arena_strdup(a, plan.suggestion) : NULL;
	search_plan_free(&plan);

	int rc = PRACTICE_ERROR;
	struct filters f = {0};
	resolve_filters(x, a, q, &f, out);
	f.confirmed_recent = q->confirmed_recent;
	f.confirmed_since = time_now() - (int64_t)PRACTICE_CONFIRMED_DAYS * 86400;
	enum practice_sort sort = q->sort;
	if ((sort == PRACTICE_SORT_RELEVANCE && !match) || count_only)
		sort = PRACTICE_SORT_NEWEST;
	out->sort_relevance = sort == PRACTICE_SORT_RELEVANCE;

	uint8_t *matched = NULL;
	uint64_t *base = xcalloc(x->words, sizeof *base), *sel = NULL;
	uint32_t *ranked = NULL;
	size_t nranked = 0;
	struct counts c;
	memset(c.year, 0, sizeof c.year);
	c.term = xcalloc((size_t)x->max_term_id + 1, sizeof *c.term);
	c.land = xcalloc((size_t)x->max_term_id + 1, sizeof *c.land);
	c.adopted = 0;
	if (match) {
		matched = xcalloc(x->n + 1, 1);
		size_t nmatched = 0;
		if (out->sort_relevance) {
			ranked = xcalloc(x->n + 1, sizeof *ranked);
			if (!relevance_order(s, match, x, matched, &nmatched, ranked, &nranked))
				goto out;
			if (!tier_order(s, tier_match, x, matched, ranked, nranked))
				goto out;
		} else if (!text_collect(s, SEARCH_MATCH_ANY, match, x, matched, M_TEXT, NULL,
		                         &nmatched)) {
			goto out;
		}
		for (size_t i = 0; i < x->n; i++)
			if (matched[i] & M_TEXT)
				bit_set(base, i);
	} else {
		memcpy(base, x->all, x->words * sizeof *base);
	}
	sel = select_sets(x, &f, base, !match, &c, out);
	int64_t per = q->per_page > 0 ? q->per_page : PRACTICE_PER_PAGE;
	out->pages = out->total ? (out->total + per - 1) / per : 1;
	if (count_only) {
		rc = PRACTICE_OK;
		goto out;
	}
	if (q->page >= 1 && q->page <= out->pages && out->total) {
		struct order o = {sort, ranked, nranked};
		size_t n;
		uint32_t *page = page_of(x, a, &o, sel, out->total, q->page, per, &n);
		load_hits(s, a, x, page, n, match, out);
	}
	facet_values(x, a, &f, &c, out);
	rc = PRACTICE_OK;
out:
	free(matched);
	free(base);
	free(sel);
	free(ranked);
	free(c.term);
	free(c.land);
	index_release(x);
	return rc;
}

static const struct store_query q_state = {
    "catalog_state", "SELECT generation, (SELECT coalesce(max(updated_at), 0) FROM practice) "
                     "FROM catalog_state WHERE id = 1"};

void
practice_catalog_state(struct store *s, int64_t *generation, int64_t *last_change)
{
	struct stmt *st = store_stmt(s, &q_state);
	bool ok = stmt_step(st) == STORE_ROW;
	*generation = ok ? stmt_int(st, 0) : 0;
	*last_change = ok ? stmt_int(st, 1) : 0;
	stmt_done(st);
}

/* ---- related practices ---- */

size_t
practice_related(struct store *s, struct arena *a, int64_t id, struct practice_hit *out, size_t max)
{
	/* From the search's index in memory (search_related): no word of it is looked up in
	 * the database. It follows the catalog's generation as read now, so a practice
	 * changed by another instance is not related from an older index. */
	struct stmt *st = store_stmt(s, &q_idx_state);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return 0;
	}
	int64_t generation = stmt_int(st, 0);
	char instance[40];
	snprintf(instance, sizeof instance, "%s", stmt_text(st, 1));
	stmt_done(st);
	search_index_refresh(s, generation, instance);
	int64_t *ids = arena_alloc(a, (max ? max : 1) * sizeof *ids);
	size_t m = search_related(s, id, ids, max);
	/* Read HITS_AT_ONCE at a time, each into its place in the order search_related gave;
	 * one no longer published (by another instance, since the index was read) is left
	 * out. */
	bool *found = arena_alloc(a, (m ? m : 1) * sizeof *found);
	struct practice_hit *got = arena_alloc(a, (m ? m : 1) * sizeof *got);
	memset(found, 0, (m ? m : 1) * sizeof *found);
	for (size_t from = 0; from < m; from += HITS_AT_ONCE) {
		size_t k = m - from < HITS_AT_ONCE ? m - from : HITS_AT_ONCE;
		st = store_stmt(s, &q_hits);
		for (size_t j = 0; j < HITS_AT_ONCE; j++)
			stmt_bind_int(st, (int)j + 1, j < k ? ids[from + j] : 0);
		while (stmt_step(st) == STORE_ROW) {
			int64_t hid = stmt_int(st, 0);
			for (size_t j = 0; j < k; j++)
				if (ids[from + j] == hid && !found[from + j]) {
					read_hit(st, a, &got[from + j]);
					found[from + j] = true;
					break;
				}
		}
		stmt_done(st);
	}
	size_t n = 0;
	for (size_t i = 0; i < m; i++)
		if (found[i])
			out[n++] = got[i];
	return n;
}

int
practice_search(struct store *s, struct arena *a, const struct practice_query *q,
                struct practice_result *out)
{
	int rc = search_once(s, a, q, false, out);
	if (rc != PRACTICE_OK || !out->suggestion)
		return rc;
	/* The vocabulary holds published practices' words only (the text index does, see
	 * 029_search_fields.sql), so a correction finds some practice; offer it only where it
	 * finds one with the filters chosen, too, so that the link never leads to nothing. */
	struct practice_query corrected = *q;
	corrected.text = out->suggestion;
	struct practice_result found;
	if (search_once(s, a, &corrected, true, &found) != PRACTICE_OK || found.total == 0)
		out->suggestion = NULL;
	return rc;
}

/* ---- suggestions while typing ---- */

#define SUGGEST_TITLES 5     /* titles among the suggestions, at most */
#define SUGGEST_WORDS 64     /* distinct title words counted */
#define SUGGEST_MAX_TEXT 100 /* bytes of the text looked at */

struct suggest_word {
	char *word; /* as the title writes it */
	char *folded;
	int count;
};

/* Does folded have a word beginning with prefix? At the start: 2, inside: 1. */
static int
word_start(const char *folded, const char *prefix)
{
	for (const char *p = folded; (p = strstr(p, prefix)); p++) {
		if (p == folded)
			return 2;
		unsigned char c = (unsigned char)p[-1];
		if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return 1;
	}
	return 0;
}

/* Counts the words of title whose folded form begins with prefix. */
static void
count_title_words(const char *title, const char *prefix, size_t n, struct suggest_word *w,
                  size_t *nw)
{
	size_t len = strlen(title);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t k = search_utf8_next(title + i, len - i, &cp);
		if (!search_is_word_cp(cp)) {
			i += k;
			continue;
		}
		size_t start = i;
		while (i < len) {
			k = search_utf8_next(title + i, len - i, &cp);
			if (!search_is_word_cp(cp))
				break;
			i += k;
		}
		struct buf f = BUF_INIT;
		char *word = xstrndup(title + start, i - start);
		search_fold(&f, word);
		/* Only words longer than what was typed, and not tiny ones. */
		if (f.len > n && f.len >= 4 && strncmp(f.data, prefix, n) == 0) {
			size_t j = 0;
			while (j < *nw && strcmp(w[j].folded, f.data) != 0)
				j++;
			if (j < *nw) {
				w[j].count++;
			} else if (*nw < SUGGEST_WORDS) {
				w[(*nw)++] = (struct suggest_word){word, buf_detach(&f), 1};
				word = NULL;
			}
		}
		buf_free(&f);
		free(word);
	}
}

static int
by_count_desc(const void *a, const void *b)
{
	const struct suggest_word *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->folded, y->folded);
}

/* Adds s to out unless it is there already (folded alike). */
static void
add_suggestion(struct arena *a, const char *s, const char **out, size_t *n)
{
	struct buf f = BUF_INIT, g = BUF_INIT;
	search_fold(&f, s);
	bool dup = false;
	for (size_t i = 0; i < *n && !dup; i++) {
		buf_reset(&g);
		search_fold(&g, out[i]);
		dup = strcmp(buf_str(&f), buf_str(&g)) == 0;
	}
	if (!dup)
		out[(*n)++] = arena_strdup(a, s);
	buf_free(&f);
	buf_free(&g);
}

/* folded (see search_fold) with ae, oe and ue read as the umlauts they stand for, as
 * the tokenizer reads them: "aerzt" → "arzt" (Ärzt…), but not the ue of au, eu and qu
 * ("frauen", "neue", "quelle"). False when folded has none. */
static bool
umlaut_spelling(const char *folded, struct buf *out)
{
	bool changed = false;
	for (const char *p = folded; *p; p++) {
		bool diphthong = *p == 'u' && p > folded && strchr("aeq", p[-1]);
		if ((*p == 'a' || *p == 'o' || *p == 'u') && p[1] == 'e' && !diphthong) {
			buf_putc(out, *p);
			p++;
			changed = true;
			continue;
		}
		buf_putc(out, *p);
	}
	return changed;
}

/* Does folded have a word beginning with prefix, or with its umlaut spelling (alt, NULL
 * for none)? As word_start. */
static int
word_start2(const char *folded, const char *prefix, const char *alt)
{
	int w = folded ? word_start(folded, prefix) : 0;
	int v = folded && alt ? word_start(folded, alt) : 0;
	return w > v ? w : v;
}

size_t
practice_suggest(struct store *s, struct arena *a, const char *text, const char **out, size_t max)
{
	/* What was typed, trimmed and folded; the last word is the one being typed. */
	char typed[SUGGEST_MAX_TEXT + 1];
	snprintf(typed, sizeof typed, "%s", text ? text : "");
	char *t = typed + strspn(typed, " \t");
	size_t tl = strlen(t);
	while (tl && strchr(" \t\r\n", t[tl - 1]))
		t[--tl] = '\0';
	struct buf folded = BUF_INIT, umlauts = BUF_INIT;
	search_fold(&folded, t);
	const char *q = buf_str(&folded);
	/* "Aerzt" for Ärzt…: the umlaut spelling of what was typed, where it has one. */
	const char *q_alt = umlaut_spelling(q, &umlauts) ? buf_str(&umlauts) : NULL;
	const char *last = strrchr(q, ' ');
	last = last ? last + 1 : q;
	const char *last_alt = q_alt ? strrchr(q_alt, ' ') : NULL;
	last_alt = q_alt ? (last_alt ? last_alt + 1 : q_alt) : NULL;
	if (last_alt && strcmp(last_alt, last) == 0)
		last_alt = NULL;
	size_t nlast = strlen(last), nhead = (size_t)(strrchr(t, ' ') ? strrchr(t, ' ') - t : 0);
	size_t n = 0;
	struct index *x = nlast >= 2 ? index_acquire(s) : NULL;
	if (!x) {
		buf_free(&folded);
		buf_free(&umlauts);
		return 0;
	}
	index_fold(x);
	/* Titles with a word beginning with the whole text, those that begin with it first. */
	size_t ntitles = max < SUGGEST_TITLES ? max : SUGGEST_TITLES;
	for (int pass = 2; pass >= 1 && n < ntitles; pass--)
		for (size_t i = 0; i < x->n && n < ntitles; i++) {
			const struct entry *e = &x->e[x->by_title[i]];
			if (word_start2(e->folded, q, q_alt) == pass)
				add_suggestion(a, e->title, out, &n);
		}
	/* Then the titles' words beginning with the last word, the commonest first; then
	 * those of the summaries. */
	for (int source = 0; source < 2; source++) {
		struct suggest_word words[SUGGEST_WORDS];
		size_t nw = 0;
		for (size_t i = 0; i < x->n; i++) {
			const struct entry *e = &x->e[i];
			const char *f = source ? e->teaser_folded : e->folded;
			const char *w = source ? e->teaser : e->title;
			if (!f || !word_start2(f, last, last_alt))
				continue;
			count_title_words(w, last, nlast, words, &nw);
			if (last_alt)
				count_title_words(w, last_alt, strlen(last_alt), words, &nw);
		}
		qsort(words, nw, sizeof *words, by_count_desc);
		for (size_t i = 0; i < nw; i++) {
			if (n < max) {
				const char *s2 =
				    nhead ? arena_printf(a, "%.*s %s", (int)nhead, t, words[i].word)
				          : words[i].word;
				add_suggestion(a, s2, out, &n);
			}
			free(words[i].word);
			free(words[i].folded);
		}
	}
	index_release(x);
	buf_free(&folded);
	buf_free(&umlauts);
	return n;
}

void
practice_search_metrics(struct store *s, struct practice_search_metrics *out)
{
	memset(out, 0, sizeof *out);
	struct search_work w;
	search_work_read(&w);
	out->plans = w.plans;
	out->words = w.words;
	out->alternatives = w.alternatives;
	out->typo_checks = w.typo_checks;
	out->vocabulary = w.vocabulary;
	struct search_index_stats st;
	out->index = search_index_stats(s, &st);
	if (out->index) {
		out->practices = st.practices;
		out->terms = st.terms;
		out->bytes = st.bytes;
		out->updated = st.updated;
		out->build_ms = st.build_ms;
		out->update_ms = st.update_ms;
	}
}

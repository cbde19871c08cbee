/* Leuchtturm's own text index, in memory (search.h, search_index_in_memory): the published
 * practices' fields read through the store's prepared statements (so it works on every
 * driver), split into index terms by the same tokenizer as FTS5's, an inverted index of
 * them with each term's practices and weighted frequencies, and a forward index (each
 * field's terms in order) for phrases and snippets. It answers the FTS5 expressions the
 * query sanitiser and the planner write (quoted strings, raw terms, phrases, OR, AND,
 * NOT, brackets, implicit AND) with FTS5's meaning, ranks with FTS5's bm25 and the field
 * weights of 029_search_fields.sql, and cuts snippets as FTS5's snippet() does, so a
 * search finds and orders alike on either index.
 *
 * One snapshot is current: built whole from the database when the catalog's generation
 * moves on (search_index_refresh), then never changed, so any number of threads read it
 * at once; each reader holds a reference, and the last one frees a snapshot that was
 * replaced meanwhile. */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The fields, in the order and with the weights of the FTS5 table (029_search_fields.sql):
 * title > summary > sections > criteria > organisation > Bundesland and terms' labels. */
#define FIELDS 13
#define FIELD_TITLE 0
#define FIELD_TEASER 1
#define ALL_FIELDS ((1u << FIELDS) - 1)
static const double field_weight[FIELDS] = {10.0, 5.0, 1.0, 1.0, 1.0, 1.0, 0.5,
                                            0.5,  0.5, 0.5, 0.8, 0.4, 0.4};
#define TEXT_COLUMNS                                                                               \
	"title, teaser, situation, implementation, results, transfer, criterion_transferable, "    \
	"criterion_innovative, criterion_sustainable, criterion_efficient, organisation_name, "    \
	"bundesland, search_labels"

/* bm25's constants, as FTS5 has them. */
#define BM25_K1 1.2
#define BM25_B 0.75

/* snippet(): tokens a passage has at most (index.c asks FTS5 for 24). */
#define SNIPPET_TOKENS 24
#define ELLIPSIS "…"
/* Longest raw term (FTS5's tokenizer passes at most this much of one on). */
#define RAW_MAX 256
#define NO_TERM UINT32_MAX

static const struct store_query q_state = {
    "search_mem_state", "SELECT generation, instance FROM catalog_state WHERE id = 1"};
static const struct store_query q_docs = {"search_mem_docs",
                                          "SELECT id, " TEXT_COLUMNS
                                          " FROM practice WHERE status = 'published' ORDER BY id"};
/* The texts of up to SNIPPET_BATCH practices, for their snippets. */
#define SNIPPET_BATCH 20
static const struct store_query q_texts = {
    "search_mem_texts", "SELECT id, " TEXT_COLUMNS " FROM practice WHERE id IN (?1, ?2, ?3, ?4, "
                        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
                        "?20)"};

/* A term in a practice: the practice (its id), the term's weighted frequency there (the
 * sum of its fields' weights, once per occurrence: what bm25 counts) and the fields it is
 * in. */
struct posting {
	uint32_t doc;
	float wtf;
	uint16_t fields;
};

/* A term's postings, by doc. Never changed once made: the snapshots that have the term's
 * postings unchanged share one (refs counts them). */
struct plist {
	atomic_int refs;
	uint32_t n;
	struct posting p[];
};

/* One practice: its id and the forward index of its fields (each field's terms in order,
 * for phrases and snippets), shared between snapshots likewise. */
struct doc {
	atomic_int refs;
	int64_t id;
	uint32_t field_at[FIELDS + 1]; /* where each field's terms start in tok; [FIELDS]: all */
	uint32_t tok[];
};

struct snapshot {
	int64_t generation;
	char instance[40];
	size_t ndocs;
	struct doc **docs; /* by id, ascending */
	int64_t *ids;      /* docs[i]->id, together: the lookups by id read no doc */
	size_t ntable;     /* of at */
	uint32_t *at;      /* at[id]: where id is among docs (UINT32_MAX: not there), for ids
	                      up to ids[ndocs - 1]; NULL where they are too sparse for that */
	size_t ntokens;    /* of all docs */
	struct search_words *terms;
	struct plist **plist; /* by term; NULL: no practice has it (any more, after updates) */
	size_t live;          /* terms with postings */
	size_t npostings;
	uint32_t *sorted; /* every term of terms in byte order (as FTS5's vocabulary lists them) */
	double avgdl;
	size_t bytes;
	double build_ms;  /* the last whole build, this snapshot's or its ancestors' */
	double update_ms; /* this snapshot's update; 0 when it was built whole */
	size_t updated;   /* practices it read again */
	int refs;         /* readers, plus one while current */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;       /* current and refs */
static pthread_mutex_t build_lock = PTHREAD_MUTEX_INITIALIZER; /* one build at a time */
static struct snapshot *current;

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
plist_drop(struct plist *l)
{
	if (l && atomic_fetch_sub(&l->refs, 1) == 1)
		free(l);
}

static void
doc_drop(struct doc *d)
{
	if (d && atomic_fetch_sub(&d->refs, 1) == 1)
		free(d);
}

static size_t
nterms_of(const struct snapshot *x)
{
	return search_words_count(x->terms);
}

static void
snapshot_free(struct snapshot *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->ndocs; i++)
		doc_drop(x->docs[i]);
	free(x->docs);
	free(x->ids);
	free(x->at);
	if (x->plist)
		for (size_t t = 0; t < nterms_of(x); t++)
			plist_drop(x->plist[t]);
	free(x->plist);
	search_words_free(x->terms);
	free(x->sorted);
	free(x);
}

static uint32_t
plist_n(const struct snapshot *x, uint32_t t)
{
	return t < nterms_of(x) && x->plist[t] ? x->plist[t]->n : 0;
}

static const struct posting *
plist_p(const struct snapshot *x, uint32_t t)
{
	return t < nterms_of(x) && x->plist[t] ? x->plist[t]->p : NULL;
}

static const struct doc *
doc_of(const struct snapshot *x, int64_t id)
{
	size_t lo = 0, hi = x->ndocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x->ids[mid] == id)
			return x->docs[mid];
		if (x->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* As doc_of, for ids asked in ascending order: *cursor (0 at first) is where the last one
 * was, and the search gallops on from there (a rank costs its matches, not the catalog). */
static const struct doc *
doc_from(const struct snapshot *x, size_t *cursor, int64_t id)
{
	size_t lo = *cursor, step = 1, hi = lo;
	while (hi < x->ndocs && x->docs[hi]->id < id) {
		lo = hi + 1;
		hi += step;
		step *= 2;
	}
	if (hi > x->ndocs)
		hi = x->ndocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x->docs[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*cursor = lo;
	return lo < x->ndocs && x->docs[lo]->id == id ? x->docs[lo] : NULL;
}

static uint32_t
doc_length(const struct doc *d)
{
	return d->field_at[FIELDS];
}

/* What the snapshot holds, as the stats report it: its own arrays and every block it
 * references (shared ones too: they are what it needs). */
/* x->ids from x->docs, once these are complete. */
static void
index_ids(struct snapshot *x)
{
	x->ids = xmalloc((x->ndocs + 1) * sizeof *x->ids);
	for (size_t i = 0; i < x->ndocs; i++)
		x->ids[i] = x->docs[i]->id;
	/* A table by id costs 4 bytes per id up to the highest: worth it while most ids are
	 * published practices' (ids are dense; a catalog that lost most of its practices
	 * looks them up by bisection). */
	int64_t top = x->ndocs ? x->ids[x->ndocs - 1] : 0;
	if (x->ndocs && top > 0 && (uint64_t)top <= 4 * (uint64_t)x->ndocs + 4096) {
		x->ntable = (size_t)top + 1;
		x->at = xmalloc(x->ntable * sizeof *x->at);
		memset(x->at, 0xFF, x->ntable * sizeof *x->at);
		for (size_t i = 0; i < x->ndocs; i++)
			if (x->ids[i] >= 0)
				x->at[x->ids[i]] = (uint32_t)i;
	}
}

static void
count_bytes(struct snapshot *x)
{
	size_t nterms = nterms_of(x);
	x->bytes = sizeof *x + x->ndocs * (sizeof *x->docs + sizeof *x->ids + sizeof(struct doc)) +
	           x->ntable * sizeof *x->at + x->ntokens * sizeof(uint32_t) +
	           search_words_bytes(x->terms) + nterms * (sizeof *x->plist + sizeof *x->sorted) +
	           x->live * sizeof(struct plist) + x->npostings * sizeof(struct posting);
}

/* ---- one practice's postings ---- */

/* A term of a doc with what bm25 counts of it there. */
struct entry {
	uint32_t term;
	float wtf;
	uint16_t fields;
};

struct entries {
	struct entry *e;
	size_t n, cap;
};

/* Appends the doc's terms to out, one entry each in the order of their first occurrence,
 * the weights summed field by field (the same sums, in the same order, however the index
 * was made: a build and an update give the same floats). slot: scratch by term, all
 * UINT32_MAX, left so. */
static void
doc_entries(const struct doc *d, uint32_t *slot, struct entries *out)
{
	size_t first = out->n;
	for (int f = 0; f < FIELDS; f++)
		for (uint32_t i = d->field_at[f]; i < d->field_at[f + 1]; i++) {
			uint32_t t = d->tok[i];
			if (slot[t] == UINT32_MAX) {
				if (out->n == out->cap) {
					out->cap = out->cap ? 2 * out->cap : 1024;
					out->e = xrealloc(out->e, out->cap * sizeof *out->e);
				}
				slot[t] = (uint32_t)out->n;
				out->e[out->n++] = (struct entry){t, 0, 0};
			}
			struct entry *e = &out->e[slot[t]];
			e->wtf = (float)(e->wtf + field_weight[f]);
			e->fields |= (uint16_t)(1u << f);
		}
	for (size_t k = first; k < out->n; k++)
		slot[out->e[k].term] = UINT32_MAX;
}

/* ---- building ---- */

/* The tokens of texts split by one thread: terms of its own, each doc's tokens and where
 * its fields start. */
struct flat {
	struct search_words *terms;
	uint32_t *tokens;
	size_t ntokens, cap_tokens;
	uint32_t *field_at; /* ndocs * FIELDS + 1, into tokens */
};

static void
add_token(void *ctx, const char *term, size_t n, bool alternative)
{
	struct flat *b = ctx;
	long id = search_words_add(b->terms, term, n);
	if (id < 0)
		return;
	if (b->ntokens == b->cap_tokens) {
		b->cap_tokens = b->cap_tokens ? 2 * b->cap_tokens : 1 << 16;
		b->tokens = xrealloc(b->tokens, b->cap_tokens * sizeof *b->tokens);
	}
	b->tokens[b->ntokens++] = (uint32_t)id;
}

/* The texts of one published practice, read before they are split. */
struct doc_text {
	int64_t id;
	char *text[FIELDS];
};

static void
doc_text_free(struct doc_text *t)
{
	for (int f = 0; f < FIELDS; f++)
		free(t->text[f]);
}

/* Splits docs[0..n) into b (whose terms it adds to). */
static void
split_docs(struct search_stemmer *stem, const struct doc_text *docs, size_t n, struct flat *b)
{
	b->field_at = xrealloc(b->field_at, (n * FIELDS + 1) * sizeof *b->field_at);
	for (size_t d = 0; d < n; d++)
		for (int f = 0; f < FIELDS; f++) {
			b->field_at[d * FIELDS + f] = (uint32_t)b->ntokens;
			const char *text = docs[d].text[f];
			search_tokens(stem, text, strlen(text), false, add_token, b);
		}
	b->field_at[n * FIELDS] = (uint32_t)b->ntokens;
}

/* Doc i of b as a block of its own, its tokens mapped through map (NULL: as they are). */
static struct doc *
make_doc(const struct flat *b, size_t i, int64_t id, const uint32_t *map)
{
	uint32_t start = b->field_at[i * FIELDS], end = b->field_at[(i + 1) * FIELDS];
	struct doc *d = xmalloc(sizeof *d + (end - start + 1) * sizeof *d->tok);
	atomic_init(&d->refs, 1);
	d->id = id;
	for (int f = 0; f <= FIELDS; f++)
		d->field_at[f] = b->field_at[i * FIELDS + f] - start;
	for (uint32_t k = start; k < end; k++)
		d->tok[k - start] = map ? map[b->tokens[k]] : b->tokens[k];
	return d;
}

/* One thread's share of the splitting: docs from..to. */
struct part {
	struct doc_text *docs;
	size_t from, to;
	struct flat b;
	bool ok;
};

static void *
split_part(void *arg)
{
	struct part *w = arg;
	struct search_stemmer *stem = search_stemmer_new(true);
	if (!stem)
		return NULL;
	w->b.terms = search_words_new();
	split_docs(stem, w->docs + w->from, w->to - w->from, &w->b);
	search_stemmer_free(stem);
	w->ok = true;
	return NULL;
}

/* Splitting (stemming) is most of a build: two threads share it from this many
 * practices on. */
#define PARALLEL_DOCS 1000
#define PARTS 2

/* Makes the docs of the parts, in doc order, with one set of terms (the first part's terms
 * keep their numbers; the others' are looked up). */
static void
merge_parts(struct snapshot *x, struct part *w, size_t nparts)
{
	x->terms = w[0].b.terms;
	w[0].b.terms = NULL;
	for (size_t k = 0; k < nparts; k++) {
		const struct flat *b = &w[k].b;
		size_t nlocal = k ? search_words_count(b->terms) : 0;
		uint32_t *map = k ? xmalloc((nlocal + 1) * sizeof *map) : NULL;
		for (size_t t = 0; t < nlocal; t++) {
			const char *term = search_words_at(b->terms, t);
			map[t] = (uint32_t)search_words_add(x->terms, term, strlen(term));
		}
		for (size_t i = 0; i < w[k].to - w[k].from; i++)
			x->docs[w[k].from + i] = make_doc(b, i, w[k].docs[w[k].from + i].id, map);
		x->ntokens += b->ntokens;
		free(map);
	}
}

static const struct snapshot *sort_snapshot; /* qsort's context: builds hold build_lock */

static int
by_term_text(const void *a, const void *b)
{
	return strcmp(search_words_at(sort_snapshot->terms, *(const uint32_t *)a),
	              search_words_at(sort_snapshot->terms, *(const uint32_t *)b));
}

/* The postings of every term from the docs: every doc's entries, counted, then dealt out
 * to the terms' lists in doc order. */
static void
invert(struct snapshot *x)
{
	size_t nterms = nterms_of(x);
	uint32_t *slot = xmalloc((nterms + 1) * sizeof *slot);
	for (size_t t = 0; t < nterms; t++)
		slot[t] = UINT32_MAX;
	struct entries all = {NULL, 0, 0};
	size_t *at = xmalloc((x->ndocs + 1) * sizeof *at);
	uint32_t *count = xcalloc(nterms + 1, sizeof *count);
	for (size_t d = 0; d < x->ndocs; d++) {
		at[d] = all.n;
		doc_entries(x->docs[d], slot, &all);
		for (size_t k = at[d]; k < all.n; k++)
			count[all.e[k].term]++;
	}
	at[x->ndocs] = all.n;
	x->plist = xcalloc(nterms + 1, sizeof *x->plist);
	for (size_t t = 0; t < nterms; t++) {
		if (!count[t])
			continue;
		struct plist *l = xmalloc(sizeof *l + count[t] * sizeof *l->p);
		atomic_init(&l->refs, 1);
		l->n = 0;
		x->plist[t] = l;
		x->live++;
	}
	for (size_t d = 0; d < x->ndocs; d++)
		for (size_t k = at[d]; k < at[d + 1]; k++) {
			const struct entry *e = &all.e[k];
			struct plist *l = x->plist[e->term];
			l->p[l->n++] =
			    (struct posting){(uint32_t)x->docs[d]->id, e->wtf, e->fields};
		}
	x->npostings = all.n;
	free(all.e);
	free(at);
	free(count);
	free(slot);
	x->sorted = xmalloc((nterms + 1) * sizeof *x->sorted);
	for (size_t t = 0; t < nterms; t++)
		x->sorted[t] = (uint32_t)t;
	sort_snapshot = x;
	qsort(x->sorted, nterms, sizeof *x->sorted, by_term_text);
	sort_snapshot = NULL;
}

/* Reads the catalog's generation and instance into x. */
static bool
read_state(struct store *s, int64_t *generation, char instance[40])
{
	struct stmt *st = store_stmt(s, &q_state);
	bool ok = stmt_step(st) == STORE_ROW;
	if (ok) {
		*generation = stmt_int(st, 0);
		snprintf(instance, 40, "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	return ok;
}

/* The ids the postings hold are 32 bits wide. */
static bool
id_fits(int64_t id)
{
	return id > 0 && id <= (int64_t)UINT32_MAX;
}

/* The index of the published practices as the database has them now; the generation is
 * read first, so the data is at least as new as the label. NULL on a storage error. */
static struct snapshot *
build(struct store *s)
{
	double t0 = now_ms();
	struct snapshot *x = xcalloc(1, sizeof *x);
	if (!read_state(s, &x->generation, x->instance)) {
		snapshot_free(x);
		return NULL;
	}
	/* The texts first (the store is this thread's), then split them. */
	size_t cap = 0, n = 0;
	struct doc_text *docs = NULL;
	struct stmt *st = store_stmt(s, &q_docs);
	int rc;
	bool ok = true;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			docs = xrealloc(docs, cap * sizeof *docs);
		}
		docs[n].id = stmt_int(st, 0);
		ok = ok && id_fits(docs[n].id);
		for (int f = 0; f < FIELDS; f++)
			docs[n].text[f] = xstrdup(stmt_text(st, 1 + f));
		n++;
	}
	stmt_done(st);
	ok = ok && rc == STORE_DONE;
	struct part w[PARTS];
	memset(w, 0, sizeof w);
	size_t nparts = ok && n >= PARALLEL_DOCS ? PARTS : 1;
	for (size_t k = 0; k < nparts; k++)
		w[k] = (struct part){docs, n * k / nparts, n * (k + 1) / nparts, {0}, false};
	if (ok) {
		pthread_t helper;
		bool helped = nparts > 1 && pthread_create(&helper, NULL, split_part, &w[1]) == 0;
		split_part(&w[0]);
		if (helped)
			pthread_join(helper, NULL);
		else if (nparts > 1)
			split_part(&w[1]);
		for (size_t k = 0; k < nparts; k++)
			ok = ok && w[k].ok;
	}
	if (ok) {
		x->ndocs = n;
		x->docs = xcalloc(n + 1, sizeof *x->docs);
		merge_parts(x, w, nparts);
	}
	for (size_t i = 0; i < n; i++)
		doc_text_free(&docs[i]);
	free(docs);
	for (size_t k = 0; k < nparts; k++) {
		search_words_free(w[k].b.terms);
		free(w[k].b.tokens);
		free(w[k].b.field_at);
	}
	if (!ok) {
		snapshot_free(x);
		return NULL;
	}
	x->avgdl = x->ndocs ? (double)x->ntokens / (double)x->ndocs : 0;
	index_ids(x);
	invert(x);
	count_bytes(x);
	x->build_ms = now_ms() - t0;
	return x;
}

/* ---- updating: only the practices that changed ----
 * A practice whose indexed text or publication changed has a row in search_change with
 * the generation of its change (033_search_changes.sql). An update reads the practices of
 * the rows above its snapshot's generation and makes a new snapshot that shares every
 * term's postings and every practice's tokens that did not change with the old one
 * (copy-on-write per term and per practice): the changed practices' old postings out,
 * their new ones in, the vocabulary's new terms added to a copy of its set. Readers of
 * the old snapshot never see the new one half made; it is swapped in whole. */

static const struct store_query q_changes = {
    "search_mem_changes",
    "SELECT practice_id FROM search_change WHERE generation > ?1 ORDER BY practice_id"};
static const struct store_query q_changed_text = {
    "search_mem_changed_text",
    "SELECT id, " TEXT_COLUMNS " FROM practice WHERE id = ?1 AND status = 'published'"};

/* More changes than this share of the practices: a build costs less than an update. */
#define UPDATE_MAX_SHARE 4
/* Terms no practice has any more, beyond this share of the living ones: build anew. */
#define DEAD_TERMS_SHARE 2

/* A change to one term's postings: the doc's posting out (add false) or in. */
struct change {
	uint32_t term;
	uint32_t doc;
	bool add;
	float wtf;
	uint16_t fields;
};

static int
by_term_doc(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	if (x->term != y->term)
		return x->term < y->term ? -1 : 1;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return (int)x->add - (int)y->add; /* out before in */
}

struct changes {
	struct change *c;
	size_t n, cap;
};

static void
note_changes(struct changes *out, const struct entries *e, uint32_t doc, bool add)
{
	for (size_t k = 0; k < e->n; k++) {
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 1024;
			out->c = xrealloc(out->c, out->cap * sizeof *out->c);
		}
		out->c[out->n++] =
		    (struct change){e->e[k].term, doc, add, e->e[k].wtf, e->e[k].fields};
	}
}

/* The term's postings in x with the changes c[0..n) (of that term, by doc) applied. */
static void
apply_term(struct snapshot *x, const struct change *c, size_t n)
{
	uint32_t t = c[0].term;
	struct plist *old = x->plist[t];
	size_t nold = old ? old->n : 0;
	struct plist *l = xmalloc(sizeof *l + (nold + n + 1) * sizeof *l->p);
	atomic_init(&l->refs, 1);
	l->n = 0;
	size_t i = 0, j = 0;
	while (i < nold || j < n) {
		if (j >= n || (i < nold && old->p[i].doc < c[j].doc)) {
			l->p[l->n++] = old->p[i++];
			continue;
		}
		uint32_t doc = c[j].doc;
		if (i < nold && old->p[i].doc == doc)
			i++;
		const struct change *in = NULL;
		for (; j < n && c[j].doc == doc; j++)
			if (c[j].add)
				in = &c[j];
		if (in)
			l->p[l->n++] = (struct posting){doc, in->wtf, in->fields};
	}
	x->npostings = x->npostings - nold + l->n;
	if (old)
		x->live--;
	if (l->n)
		x->live++;
	plist_drop(old);
	if (!l->n) {
		free(l);
		l = NULL;
	}
	x->plist[t] = l;
}

/* The changed practices' texts (NULL texts: no longer published), by id. */
struct changed {
	struct doc_text *docs;
	bool *present;
	size_t n;
};

static void
changed_free(struct changed *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->present[i])
			doc_text_free(&c->docs[i]);
	free(c->docs);
	free(c->present);
}

/* Reads which practices changed after old's generation and their texts now. False on a
 * storage error (or when the database has no record of changes: a build serves). */
static bool
read_changes(struct store *s, const struct snapshot *old, size_t most, struct changed *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = store_stmt(s, &q_changes);
	stmt_bind_int(st, 1, old->generation);
	int rc;
	size_t cap = 0;
	int64_t *ids = NULL;
	bool many = false;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (out->n == most) {
			many = true;
			break;
		}
		if (out->n == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[out->n++] = stmt_int(st, 0);
	}
	stmt_done(st);
	bool ok = rc == STORE_DONE && !many;
	out->docs = xcalloc(out->n + 1, sizeof *out->docs);
	out->present = xcalloc(out->n + 1, sizeof *out->present);
	for (size_t i = 0; ok && i < out->n; i++) {
		ok = id_fits(ids[i]);
		out->docs[i].id = ids[i];
		st = store_stmt(s, &q_changed_text);
		stmt_bind_int(st, 1, ids[i]);
		rc = ok ? stmt_step(st) : STORE_ERR;
		if (rc == STORE_ROW) {
			out->present[i] = true;
			for (int f = 0; f < FIELDS; f++)
				out->docs[i].text[f] = xstrdup(stmt_text(st, 1 + f));
			rc = stmt_step(st);
		}
		stmt_done(st);
		ok = ok && rc == STORE_DONE;
	}
	free(ids);
	return ok;
}

/* The changed practices that are published, split against x's terms (new ones added):
 * fresh[i] for ch->docs[i], NULL where it is no longer published. NULL without a stemmer. */
static struct doc **
split_changed(struct snapshot *x, const struct changed *ch)
{
	struct search_stemmer *stem = search_stemmer_new(true);
	if (!stem)
		return NULL;
	struct doc **fresh = xcalloc(ch->n + 1, sizeof *fresh);
	for (size_t i = 0; i < ch->n; i++) {
		if (!ch->present[i])
			continue;
		struct flat b = {x->terms, NULL, 0, 0, NULL};
		split_docs(stem, &ch->docs[i], 1, &b);
		fresh[i] = make_doc(&b, 0, ch->docs[i].id, NULL);
		free(b.tokens);
		free(b.field_at);
	}
	search_stemmer_free(stem);
	return fresh;
}

/* x's postings: old's (shared), with every changed practice's postings out (as old has
 * them) and in (as fresh has them), each term's list made anew once. */
static void
update_postings(struct snapshot *x, const struct snapshot *old, const struct changed *ch,
                struct doc **fresh)
{
	size_t nterms = nterms_of(x);
	x->plist = xcalloc(nterms + 1, sizeof *x->plist);
	for (size_t t = 0; t < nterms_of(old); t++)
		if ((x->plist[t] = old->plist[t]))
			atomic_fetch_add(&old->plist[t]->refs, 1);
	uint32_t *slot = xmalloc((nterms + 1) * sizeof *slot);
	for (size_t t = 0; t < nterms; t++)
		slot[t] = UINT32_MAX;
	struct changes c = {NULL, 0, 0};
	struct entries e = {NULL, 0, 0};
	for (size_t i = 0; i < ch->n; i++) {
		const struct doc *was = doc_of(old, ch->docs[i].id);
		if (was) {
			e.n = 0;
			doc_entries(was, slot, &e);
			note_changes(&c, &e, (uint32_t)was->id, false);
			x->ntokens -= doc_length(was);
		}
		if (fresh[i]) {
			e.n = 0;
			doc_entries(fresh[i], slot, &e);
			note_changes(&c, &e, (uint32_t)fresh[i]->id, true);
			x->ntokens += doc_length(fresh[i]);
		}
	}
	free(e.e);
	free(slot);
	if (c.n) /* c.c is NULL when nothing changed: qsort must not see it */
		qsort(c.c, c.n, sizeof *c.c, by_term_doc);
	for (size_t i = 0, j; i < c.n; i = j) {
		for (j = i + 1; j < c.n && c.c[j].term == c.c[i].term;)
			j++;
		apply_term(x, c.c + i, j - i);
	}
	free(c.c);
}

/* x's docs: old's that did not change (shared), the changed ones anew (fresh), by id. */
static void
update_docs(struct snapshot *x, const struct snapshot *old, const struct changed *ch,
            struct doc **fresh)
{
	x->docs = xcalloc(old->ndocs + ch->n + 1, sizeof *x->docs);
	size_t i = 0, j = 0;
	while (i < old->ndocs || j < ch->n) {
		if (j >= ch->n || (i < old->ndocs && old->docs[i]->id < ch->docs[j].id)) {
			atomic_fetch_add(&old->docs[i]->refs, 1);
			x->docs[x->ndocs++] = old->docs[i++];
			continue;
		}
		if (i < old->ndocs && old->docs[i]->id == ch->docs[j].id)
			i++;
		if (fresh[j])
			x->docs[x->ndocs++] = fresh[j];
		j++;
	}
}

/* x's terms in byte order: old's, with the new terms (sorted among themselves) merged in. */
static void
update_sorted(struct snapshot *x, const struct snapshot *old)
{
	size_t nterms = nterms_of(x), nold = nterms_of(old), nnew = nterms - nold;
	x->sorted = xmalloc((nterms + 1) * sizeof *x->sorted);
	uint32_t *added = xmalloc((nnew + 1) * sizeof *added);
	for (size_t t = nold; t < nterms; t++)
		added[t - nold] = (uint32_t)t;
	sort_snapshot = x;
	qsort(added, nnew, sizeof *added, by_term_text);
	size_t a = 0, o = 0, k = 0;
	while (a < nnew || o < nold)
		x->sorted[k++] =
		    o >= nold || (a < nnew && by_term_text(&added[a], &old->sorted[o]) < 0)
		        ? added[a++]
		        : old->sorted[o++];
	sort_snapshot = NULL;
	free(added);
}

/* The snapshot old with the changed practices read again; NULL when a build should serve
 * instead (a storage error, too many changes, too many dead terms). */
static struct snapshot *
update(struct store *s, const struct snapshot *old, int64_t generation, const char *instance)
{
	double t0 = now_ms();
	if (nterms_of(old) - old->live > DEAD_TERMS_SHARE * old->live + 1024)
		return NULL;
	struct changed ch;
	if (!read_changes(s, old, old->ndocs / UPDATE_MAX_SHARE + 16, &ch)) {
		changed_free(&ch);
		return NULL;
	}
	struct snapshot *x = xcalloc(1, sizeof *x);
	x->generation = generation;
	snprintf(x->instance, sizeof x->instance, "%s", instance);
	x->terms = search_words_clone(old->terms);
	x->ntokens = old->ntokens;
	x->live = old->live;
	x->npostings = old->npostings;
	x->build_ms = old->build_ms;
	x->updated = ch.n;
	struct doc **fresh = split_changed(x, &ch);
	if (!fresh) {
		changed_free(&ch);
		search_words_free(x->terms);
		free(x);
		return NULL;
	}
	update_postings(x, old, &ch, fresh);
	update_docs(x, old, &ch, fresh);
	index_ids(x);
	update_sorted(x, old);
	free(fresh);
	changed_free(&ch);
	x->avgdl = x->ndocs ? (double)x->ntokens / (double)x->ndocs : 0;
	count_bytes(x);
	x->update_ms = now_ms() - t0;
	return x;
}

/* ---- the current snapshot ----
 * Made when it is first needed after the catalog changed, not when the change is seen:
 * search_index_refresh only notes the generation the database has (every catalog page
 * tells it, most of which never search), and the first reader that finds the snapshot
 * of another generation updates it (or builds a new one) while the others that need it
 * wait for that one. */

static bool wanted; /* under lock: the generation last seen */
static int64_t wanted_generation;
static char wanted_instance[40];

/* Is x of the generation last seen? Under lock. Equal, not at least: a database copied
 * or restored goes back to an older generation under the same instance. */
static bool
fresh_enough(const struct snapshot *x)
{
	return x && (!wanted || (strcmp(x->instance, wanted_instance) == 0 &&
	                         x->generation == wanted_generation));
}

/* Makes fresh current; returns the one it replaced when keep (with its reference), else
 * NULL (and drops it). */
static struct snapshot *
install(struct snapshot *fresh, bool keep)
{
	pthread_mutex_lock(&lock);
	fresh->refs++;
	struct snapshot *old = current;
	current = fresh;
	/* What the build read is the newest the database had: a caller that saw an older
	 * generation meanwhile must not make every reader build again. */
	wanted = true;
	wanted_generation = fresh->generation;
	snprintf(wanted_instance, sizeof wanted_instance, "%s", fresh->instance);
	bool free_old = !keep && old && --old->refs == 0;
	pthread_mutex_unlock(&lock);
	if (free_old)
		snapshot_free(old);
	return keep ? old : NULL;
}

static void
release_snapshot(struct snapshot *x)
{
	pthread_mutex_lock(&lock);
	bool last = --x->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		snapshot_free(x);
}

/* Whether updates are tried (the tests compare them with builds). */
static bool updates_off;

/* Makes a snapshot of the database as it is now and installs it: an update of the current
 * one where that serves, else a build. Under build_lock. */
static bool
make_current(struct store *s, bool always_build)
{
	pthread_mutex_lock(&lock);
	struct snapshot *old = current;
	if (old)
		old->refs++;
	pthread_mutex_unlock(&lock);
	struct snapshot *fresh = NULL;
	int64_t generation = 0;
	char instance[40] = "";
	bool state = read_state(s, &generation, instance);
	if (state && old && !always_build && !updates_off && strcmp(old->instance, instance) == 0 &&
	    generation >= old->generation)
		fresh = update(s, old, generation, instance);
	if (fresh) {
		log_info("search: memory index updated: %zu practices read again, %zu practices, "
		         "%zu terms in %.1f ms",
		         fresh->updated, fresh->ndocs, fresh->live, fresh->update_ms);
	} else if (state && (fresh = build(s))) {
		log_info("search: memory index built: %zu practices, %zu terms, %zu KB in "
		         "%.0f ms",
		         fresh->ndocs, fresh->live, fresh->bytes / 1024, fresh->build_ms);
	}
	if (old)
		release_snapshot(old);
	if (!fresh) {
		log_error("search: the memory index could not be built (storage error)");
		return false;
	}
	install(fresh, false);
	return true;
}

/* Makes a current snapshot (when always, or when the current one is not fresh enough once
 * this thread may make one). */
static bool
rebuild(struct store *s, bool always)
{
	pthread_mutex_lock(&build_lock);
	pthread_mutex_lock(&lock);
	bool needed = always || !fresh_enough(current);
	pthread_mutex_unlock(&lock);
	bool ok = !needed || make_current(s, always);
	pthread_mutex_unlock(&build_lock);
	return ok;
}

bool
search_mem_refresh(struct store *s, int64_t generation, const char *instance)
{
	pthread_mutex_lock(&lock);
	wanted = true;
	wanted_generation = generation;
	snprintf(wanted_instance, sizeof wanted_instance, "%s", instance ? instance : "");
	pthread_mutex_unlock(&lock);
	return true;
}

bool
search_mem_rebuild(struct store *s)
{
	return rebuild(s, true);
}

/* Notes the catalog's generation as the database has it now. */
static bool
refresh_from_state(struct store *s)
{
	int64_t generation;
	char instance[40];
	return read_state(s, &generation, instance) && search_mem_refresh(s, generation, instance);
}

/* The current snapshot with a reference (release it), made first when there is none or
 * it is older than the newest generation seen. NULL when it cannot be made. */
static struct snapshot *
acquire(struct store *s)
{
	pthread_mutex_lock(&lock);
	struct snapshot *x = current;
	bool ok = fresh_enough(x);
	if (ok)
		x->refs++;
	pthread_mutex_unlock(&lock);
	if (ok)
		return x;
	/* A failed build leaves the one before in use, if there is one. */
	rebuild(s, false);
	pthread_mutex_lock(&lock);
	x = current;
	if (x)
		x->refs++;
	pthread_mutex_unlock(&lock);
	return x;
}

static void
release(struct snapshot *x)
{
	release_snapshot(x);
}

/* ---- for the tests: a build beside the updated snapshot ---- */

static struct snapshot *aside; /* under build_lock */

bool
search_mem_build_aside(struct store *s)
{
	pthread_mutex_lock(&build_lock);
	struct snapshot *fresh = build(s);
	if (fresh) {
		struct snapshot *old = install(fresh, true);
		if (aside)
			release_snapshot(aside);
		aside = old;
	}
	pthread_mutex_unlock(&build_lock);
	return fresh != NULL;
}

void
search_mem_swap_back(void)
{
	pthread_mutex_lock(&build_lock);
	if (aside) {
		/* aside holds the reference it had as current; install takes one anew. */
		pthread_mutex_lock(&lock);
		aside->refs--;
		pthread_mutex_unlock(&lock);
		install(aside, false);
		aside = NULL;
	}
	pthread_mutex_unlock(&build_lock);
}

void
search_mem_updates(bool on)
{
	pthread_mutex_lock(&build_lock);
	updates_off = !on;
	pthread_mutex_unlock(&build_lock);
}

/* ---- reading an expression ---- */

/* One position of a phrase: the terms that match there (the word and its umlaut
 * spelling, which the tokenizer puts at the same place). */
struct position {
	uint32_t term[2];
	uint8_t n;
};

struct phrase {
	uint32_t first, npos; /* into query.pos */
	bool eof;             /* no tokens: matches nothing, drops out of an implicit AND */
	bool done;
	struct posting *hits; /* the docs it is in (in the fields asked), by doc */
	size_t nhits;
};

enum node_kind { N_PHRASE, N_AND, N_OR, N_NOT };

struct node {
	enum node_kind kind;
	int a, b; /* children; for N_PHRASE, a is the phrase */
};

struct query {
	const struct snapshot *x;
	struct search_stemmer *stem;
	const char *p; /* the expression, where reading is */
	bool error;
	unsigned fields; /* the fields a phrase may match in */
	struct position *pos;
	size_t npos, cap_pos;
	struct phrase *ph;
	size_t nph, cap_ph;
	struct node *nodes;
	size_t nnodes, cap_nodes;
	int depth;
};

static void
query_free(struct query *q)
{
	for (size_t i = 0; i < q->nph; i++)
		free(q->ph[i].hits);
	free(q->ph);
	free(q->pos);
	free(q->nodes);
	search_stemmer_free(q->stem);
}

static int
new_node(struct query *q, enum node_kind kind, int a, int b)
{
	if (q->nnodes == q->cap_nodes) {
		q->cap_nodes = q->cap_nodes ? 2 * q->cap_nodes : 32;
		q->nodes = xrealloc(q->nodes, q->cap_nodes * sizeof *q->nodes);
	}
	q->nodes[q->nnodes] = (struct node){kind, a, b};
	return (int)q->nnodes++;
}

static uint32_t
term_id(const struct snapshot *x, const char *term, size_t n)
{
	long id = search_words_find(x->terms, term, n);
	return id < 0 ? NO_TERM : (uint32_t)id;
}

static void
phrase_token(void *ctx, const char *term, size_t n, bool alternative)
{
	struct query *q = ctx;
	struct phrase *ph = &q->ph[q->nph - 1];
	uint32_t id = term_id(q->x, term, n);
	if (alternative) {
		if (ph->npos && q->pos[q->npos - 1].n < 2)
			q->pos[q->npos - 1].term[q->pos[q->npos - 1].n++] = id;
		return;
	}
	if (q->npos == q->cap_pos) {
		q->cap_pos = q->cap_pos ? 2 * q->cap_pos : 32;
		q->pos = xrealloc(q->pos, q->cap_pos * sizeof *q->pos);
	}
	q->pos[q->npos++] = (struct position){{id, NO_TERM}, 1};
	ph->npos++;
}

/* A phrase of text[0..n): as FTS5's query tokenizer makes it, or one raw term. */
static int
new_phrase(struct query *q, const char *text, size_t n)
{
	if (q->nph == q->cap_ph) {
		q->cap_ph = q->cap_ph ? 2 * q->cap_ph : 16;
		q->ph = xrealloc(q->ph, q->cap_ph * sizeof *q->ph);
	}
	struct phrase *ph = &q->ph[q->nph++];
	memset(ph, 0, sizeof *ph);
	ph->first = (uint32_t)q->npos;
	if (n > 1 && text[0] == SEARCH_RAW_MARK[0]) {
		size_t len = n - 1 > RAW_MAX ? RAW_MAX : n - 1;
		if (q->npos == q->cap_pos) {
			q->cap_pos = q->cap_pos ? 2 * q->cap_pos : 32;
			q->pos = xrealloc(q->pos, q->cap_pos * sizeof *q->pos);
		}
		q->pos[q->npos++] = (struct position){{term_id(q->x, text + 1, len), NO_TERM}, 1};
		q->ph[q->nph - 1].npos = 1;
	} else {
		search_tokens(q->stem, text, n, true, phrase_token, q);
	}
	ph = &q->ph[q->nph - 1];
	ph->eof = ph->npos == 0;
	return new_node(q, N_PHRASE, (int)q->nph - 1, -1);
}

static void
skip_space(struct query *q)
{
	while (*q->p == ' ' || *q->p == '\t' || *q->p == '\n' || *q->p == '\r')
		q->p++;
}

static bool
is_bare(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || (unsigned char)c >= 0x80 || c == SEARCH_RAW_MARK[0];
}

/* The keyword at q->p (AND, OR, NOT as a whole word), without moving on. */
static bool
at_keyword(struct query *q, const char *kw)
{
	size_t n = strlen(kw);
	return strncmp(q->p, kw, n) == 0 && !is_bare(q->p[n]);
}

static int parse_or(struct query *q);

/* A phrase: a quoted string ("" inside is one ") or a bare word; -1 when there is none. */
static int
parse_phrase(struct query *q)
{
	skip_space(q);
	if (*q->p == '"') {
		struct buf b = BUF_INIT;
		for (q->p++;; q->p++) {
			if (!*q->p) {
				q->error = true; /* unterminated */
				break;
			}
			if (*q->p == '"') {
				if (q->p[1] == '"') {
					buf_putc(&b, '"');
					q->p++;
					continue;
				}
				q->p++;
				break;
			}
			buf_putc(&b, *q->p);
		}
		int node = new_phrase(q, b.data ? b.data : "", b.len);
		buf_free(&b);
		return node;
	}
	if (is_bare(*q->p) && !at_keyword(q, "AND") && !at_keyword(q, "OR") &&
	    !at_keyword(q, "NOT")) {
		const char *start = q->p;
		while (is_bare(*q->p))
			q->p++;
		return new_phrase(q, start, (size_t)(q->p - start));
	}
	return -1;
}

static bool
is_eof_phrase(const struct query *q, int node)
{
	return q->nodes[node].kind == N_PHRASE && q->ph[q->nodes[node].a].eof;
}

/* Phrases and bracketed expressions next to each other: all must match (implicit AND),
 * where a phrase without tokens drops out, as in FTS5. */
static int
parse_list(struct query *q)
{
	int left = -1;
	for (;;) {
		skip_space(q);
		int right;
		if (*q->p == '(') {
			q->p++;
			if (++q->depth > 64) {
				q->error = true;
				return -1;
			}
			right = parse_or(q);
			q->depth--;
			skip_space(q);
			if (*q->p != ')' || right < 0) {
				q->error = true;
				return -1;
			}
			q->p++;
		} else {
			right = parse_phrase(q);
		}
		if (right < 0 || q->error)
			break;
		if (left < 0 || is_eof_phrase(q, left))
			left = right;
		else if (!is_eof_phrase(q, right))
			left = new_node(q, N_AND, left, right);
	}
	if (left < 0)
		q->error = true;
	return left;
}

static int
parse_binary(struct query *q, const char *kw, enum node_kind kind, int (*operand)(struct query *))
{
	int left = operand(q);
	while (!q->error) {
		skip_space(q);
		if (!at_keyword(q, kw))
			break;
		q->p += strlen(kw);
		int right = operand(q);
		if (right < 0 || q->error) {
			q->error = true;
			return -1;
		}
		left = new_node(q, kind, left, right);
	}
	return left;
}

static int
parse_not(struct query *q)
{
	return parse_binary(q, "NOT", N_NOT, parse_list);
}

static int
parse_and(struct query *q)
{
	return parse_binary(q, "AND", N_AND, parse_not);
}

static int
parse_or(struct query *q)
{
	return parse_binary(q, "OR", N_OR, parse_and);
}

/* Reads match into q; the root node, or -1 (q->error) for what FTS5 would refuse or this
 * index does not know (column filters, prefixes, NEAR). */
static int
parse(struct query *q, const struct snapshot *x, const char *match, unsigned fields)
{
	memset(q, 0, sizeof *q);
	q->x = x;
	q->fields = fields;
	q->stem = search_stemmer_new(false);
	q->p = match ? match : "";
	if (!q->stem)
		return -1;
	int root = parse_or(q);
	skip_space(q);
	if (*q->p)
		q->error = true;
	return q->error ? -1 : root;
}

/* ---- evaluating it ---- */

struct docs {
	uint32_t *d;
	size_t n;
};

/* The docs of the terms at one position (either spelling), by doc. */
static struct docs
position_docs(const struct snapshot *x, const struct position *p)
{
	struct docs out = {NULL, 0};
	size_t total = 0;
	for (int k = 0; k < p->n; k++)
		if (p->term[k] != NO_TERM)
			total += plist_n(x, p->term[k]);
	out.d = xmalloc((total + 1) * sizeof *out.d);
	const struct posting *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	if (p->term[0] != NO_TERM) {
		a = plist_p(x, p->term[0]);
		na = plist_n(x, p->term[0]);
	}
	if (p->n > 1 && p->term[1] != NO_TERM && p->term[1] != p->term[0]) {
		b = plist_p(x, p->term[1]);
		nb = plist_n(x, p->term[1]);
	}
	size_t i = 0, j = 0;
	while (i < na || j < nb) {
		uint32_t v;
		if (j >= nb || (i < na && a[i].doc < b[j].doc))
			v = a[i++].doc;
		else if (i >= na || b[j].doc < a[i].doc)
			v = b[j++].doc;
		else
			v = a[i++].doc, j++;
		out.d[out.n++] = v;
	}
	return out;
}

static bool
position_has(const struct position *p, uint32_t term)
{
	return p->term[0] == term || (p->n > 1 && p->term[1] == term);
}

/* How often phrase ph occurs in field f of doc d (the forward index). */
static uint32_t
count_in_field(const struct query *q, const struct phrase *ph, const struct doc *d, int f)
{
	uint32_t start = d->field_at[f], end = d->field_at[f + 1];
	uint32_t count = 0;
	for (uint32_t i = start; i + ph->npos <= end; i++) {
		uint32_t k = 0;
		while (k < ph->npos && position_has(&q->pos[ph->first + k], d->tok[i + k]))
			k++;
		count += k == ph->npos;
	}
	return count;
}

/* The docs phrase ph occurs in (in the fields asked), with its weighted frequency there. */
static void
phrase_hits(struct query *q, struct phrase *ph)
{
	if (ph->done)
		return;
	ph->done = true;
	const struct snapshot *x = q->x;
	if (ph->eof)
		return;
	for (uint32_t k = 0; k < ph->npos; k++) {
		const struct position *p = &q->pos[ph->first + k];
		if (p->term[0] == NO_TERM && (p->n < 2 || p->term[1] == NO_TERM))
			return; /* a word the index does not have */
	}
	if (ph->npos == 1) {
		const struct position *p = &q->pos[ph->first];
		uint32_t t[2] = {p->term[0], p->n > 1 ? p->term[1] : NO_TERM};
		if (t[1] == t[0])
			t[1] = NO_TERM;
		size_t na = t[0] != NO_TERM ? plist_n(x, t[0]) : 0;
		size_t nb = t[1] != NO_TERM ? plist_n(x, t[1]) : 0;
		const struct posting *a = t[0] != NO_TERM ? plist_p(x, t[0]) : NULL;
		const struct posting *b = t[1] != NO_TERM ? plist_p(x, t[1]) : NULL;
		ph->hits = xmalloc((na + nb + 1) * sizeof *ph->hits);
		size_t i = 0, j = 0;
		while (i < na || j < nb) {
			struct posting v;
			if (j >= nb || (i < na && a[i].doc < b[j].doc)) {
				v = a[i++];
			} else if (i >= na || b[j].doc < a[i].doc) {
				v = b[j++];
			} else {
				v = a[i++];
				v.wtf += b[j].wtf;
				v.fields |= b[j++].fields;
			}
			if (v.fields & q->fields)
				ph->hits[ph->nhits++] = v;
		}
		return;
	}
	/* A phrase of several words: the docs that have all of them, then where they stand
	 * next to each other. */
	struct docs cand = position_docs(x, &q->pos[ph->first]);
	for (uint32_t k = 1; k < ph->npos && cand.n; k++) {
		struct docs next = position_docs(x, &q->pos[ph->first + k]);
		size_t i = 0, j = 0, m = 0;
		while (i < cand.n && j < next.n) {
			if (cand.d[i] < next.d[j])
				i++;
			else if (next.d[j] < cand.d[i])
				j++;
			else
				cand.d[m++] = cand.d[i++], j++;
		}
		cand.n = m;
		free(next.d);
	}
	ph->hits = xmalloc((cand.n + 1) * sizeof *ph->hits);
	for (size_t i = 0; i < cand.n; i++) {
		struct posting v = {cand.d[i], 0, 0};
		const struct doc *d = doc_of(x, cand.d[i]);
		for (int f = 0; d && f < FIELDS; f++) {
			if (!(q->fields & (1u << f)))
				continue;
			uint32_t c = count_in_field(q, ph, d, f);
			for (uint32_t k = 0; k < c; k++)
				v.wtf = (float)(v.wtf + field_weight[f]);
			if (c)
				v.fields |= (uint16_t)(1u << f);
		}
		if (v.fields)
			ph->hits[ph->nhits++] = v;
	}
	free(cand.d);
}

static struct docs
combine(struct docs a, struct docs b, enum node_kind kind)
{
	struct docs out = {xmalloc((a.n + b.n + 1) * sizeof *out.d), 0};
	size_t i = 0, j = 0;
	while (i < a.n || j < b.n) {
		bool in_a = i < a.n && (j >= b.n || a.d[i] <= b.d[j]);
		bool in_b = j < b.n && (i >= a.n || b.d[j] <= a.d[i]);
		uint32_t v = in_a ? a.d[i] : b.d[j];
		bool keep = kind == N_OR ? true : kind == N_AND ? in_a && in_b : in_a && !in_b;
		if (keep)
			out.d[out.n++] = v;
		i += in_a;
		j += in_b;
	}
	free(a.d);
	free(b.d);
	return out;
}

static struct docs
eval(struct query *q, int node)
{
	const struct node *n = &q->nodes[node];
	if (n->kind == N_PHRASE) {
		struct phrase *ph = &q->ph[n->a];
		phrase_hits(q, ph);
		struct docs out = {xmalloc((ph->nhits + 1) * sizeof *out.d), ph->nhits};
		for (size_t i = 0; i < ph->nhits; i++)
			out.d[i] = ph->hits[i].doc;
		return out;
	}
	struct docs a = eval(q, n->a);
	struct docs b = eval(q, n->b);
	return combine(a, b, n->kind);
}

/* Which phrases' occurrences count in a doc, given which phrases it has (has): those in
 * a part of the expression that holds there, as FTS5 forgets the positions of a branch
 * that does not match (one word of "(schutz AND such)" without the other). A child's
 * index is below its parent's (nodes are made bottom-up), so one pass up finds what holds
 * (val) and one down what counts. Returns whether the whole expression holds; val and
 * counts have a byte per node, live one per phrase. */
static bool
live_phrases(const struct query *q, int root, const bool *has, bool *val, bool *counts, bool *live)
{
	for (int i = 0; i <= root; i++) {
		const struct node *n = &q->nodes[i];
		val[i] = n->kind == N_PHRASE ? has[n->a]
		         : n->kind == N_AND  ? val[n->a] && val[n->b]
		         : n->kind == N_OR   ? val[n->a] || val[n->b]
		                             : val[n->a] && !val[n->b];
		counts[i] = false;
	}
	memset(live, 0, q->nph);
	if (!val[root])
		return false;
	counts[root] = true;
	for (int i = root; i >= 0; i--) {
		const struct node *n = &q->nodes[i];
		if (!counts[i])
			continue;
		if (n->kind == N_PHRASE) {
			live[n->a] = true;
			continue;
		}
		counts[n->a] = val[n->a];
		if (n->kind != N_NOT)
			counts[n->b] = val[n->b];
	}
	return true;
}

/* ---- ranking: FTS5's bm25 ---- */

struct ranked {
	double score;
	uint32_t doc;
};

static int
by_score(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static void
rank(struct query *q, int root, struct docs m, void (*fn)(void *ctx, int64_t id), void *ctx)
{
	const struct snapshot *x = q->x;
	double n = (double)x->ndocs;
	double *idf = xmalloc((q->nph + 1) * sizeof *idf);
	size_t *at = xcalloc(q->nph + 1, sizeof *at);
	for (size_t p = 0; p < q->nph; p++) {
		phrase_hits(q, &q->ph[p]);
		double hit = (double)q->ph[p].nhits;
		idf[p] = log((n - hit + 0.5) / (hit + 0.5));
		if (idf[p] <= 0.0)
			idf[p] = 1e-6;
	}
	struct ranked *r = xmalloc((m.n + 1) * sizeof *r);
	bool *has = xcalloc(q->nph + 1, 1), *live = xcalloc(q->nph + 1, 1);
	bool *val = xcalloc(q->nnodes + 1, 1), *counts = xcalloc(q->nnodes + 1, 1);
	size_t cursor = 0; /* into x->docs: m.d and the docs both ascend by id */
	for (size_t i = 0; i < m.n; i++) {
		uint32_t d = m.d[i];
		const struct doc *dd = doc_from(x, &cursor, d);
		double len = dd ? (double)doc_length(dd) : 0, score = 0;
		for (size_t p = 0; p < q->nph; p++) {
			const struct phrase *ph = &q->ph[p];
			while (at[p] < ph->nhits && ph->hits[at[p]].doc < d)
				at[p]++;
			has[p] = at[p] < ph->nhits && ph->hits[at[p]].doc == d;
		}
		live_phrases(q, root, has, val, counts, live);
		for (size_t p = 0; p < q->nph; p++) {
			if (!live[p])
				continue;
			double f = q->ph[p].hits[at[p]].wtf;
			score += idf[p] * (f * (BM25_K1 + 1.0)) /
			         (f + BM25_K1 * (1.0 - BM25_B + BM25_B * len / x->avgdl));
		}
		r[i] = (struct ranked){score, d};
	}
	qsort(r, m.n, sizeof *r, by_score);
	for (size_t i = 0; i < m.n; i++)
		fn(ctx, r[i].doc);
	free(r);
	free(idf);
	free(at);
	free(has);
	free(live);
	free(val);
	free(counts);
}

/* Evaluates match over fields once and passes the matches to fn: ranked best first when
 * there are at most rank_limit of them (*ranked then true), else in the index's order
 * (always, with rank_limit -1). */
static bool
match_fields(struct store *s, const char *match, unsigned fields, int64_t rank_limit, bool *ranked,
             void (*fn)(void *ctx, int64_t id), void *ctx)
{
	*ranked = false;
	struct snapshot *x = acquire(s);
	if (!x)
		return false;
	struct query q;
	int root = parse(&q, x, match, fields);
	bool ok = root >= 0;
	if (ok) {
		struct docs m = eval(&q, root);
		*ranked = rank_limit >= 0 && (uint64_t)m.n <= (uint64_t)rank_limit;
		if (*ranked)
			rank(&q, root, m, fn, ctx);
		else
			for (size_t i = 0; i < m.n; i++)
				fn(ctx, m.d[i]);
		free(m.d);
	}
	query_free(&q);
	release(x);
	return ok;
}

bool
search_mem_match(struct store *s, enum search_match how, const char *match,
                 void (*fn)(void *ctx, int64_t id), void *ctx)
{
	unsigned fields = how == SEARCH_MATCH_TITLE    ? 1u << FIELD_TITLE
	                  : how == SEARCH_MATCH_TEASER ? 1u << FIELD_TEASER
	                                               : ALL_FIELDS;
	bool ranked;
	return match_fields(s, match, fields, how == SEARCH_MATCH_RANKED ? INT64_MAX : -1, &ranked,
	                    fn, ctx);
}

bool
search_mem_match_upto(struct store *s, const char *match, size_t limit, bool *ranked,
                      void (*fn)(void *ctx, int64_t id), void *ctx)
{
	return match_fields(s, match, ALL_FIELDS, limit > INT64_MAX ? INT64_MAX : (int64_t)limit,
	                    ranked, fn, ctx);
}

/* ---- snippets: FTS5's snippet() ---- */

/* Where a phrase occurs in the doc: field and position. */
struct instance {
	int field;
	uint32_t pos, size, phrase;
};

static int
by_field_pos(const void *a, const void *b)
{
	const struct instance *x = a, *y = b;
	if (x->field != y->field)
		return x->field - y->field;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->phrase < y->phrase ? -1 : x->phrase > y->phrase;
}

struct spans {
	size_t *start, *end;
	size_t n, cap;
};

static void
add_span(void *ctx, size_t start, size_t end)
{
	struct spans *s = ctx;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->start = xrealloc(s->start, s->cap * sizeof *s->start);
		s->end = xrealloc(s->end, s->cap * sizeof *s->end);
	}
	s->start[s->n] = start;
	s->end[s->n++] = end;
}

/* Does a sentence begin at token k (after ". " or ": ")? The first token does. */
static bool
sentence_start(const char *text, const struct spans *sp, size_t k)
{
	if (k == 0)
		return true;
	size_t i = sp->start[k];
	bool space = false;
	while (i > 0 && strchr(" \t\n\r", text[i - 1])) {
		i--;
		space = true;
	}
	return space && i > 0 && (text[i - 1] == '.' || text[i - 1] == ':');
}

/* The score of the passage of `SNIPPET_TOKENS` tokens from start in field f: 1000 for
 * each phrase it shows, 1 for each repetition; *adjusted gets the start that centres
 * what it shows. */
static long
window_score(const struct instance *in, size_t nin, size_t nphrases, int f, int64_t start,
             int64_t size, int64_t *adjusted)
{
	bool *seen = xcalloc(nphrases + 1, 1);
	long score = 0;
	int64_t first = -1, last = 0;
	for (size_t i = 0; i < nin; i++) {
		if (in[i].field != f || in[i].pos < start || in[i].pos >= start + SNIPPET_TOKENS)
			continue;
		score += seen[in[i].phrase] ? 1 : 1000;
		seen[in[i].phrase] = true;
		if (first < 0)
			first = in[i].pos;
		last = in[i].pos + in[i].size;
	}
	free(seen);
	int64_t adj = first - (SNIPPET_TOKENS - (last - first)) / 2;
	if (adj + SNIPPET_TOKENS > size)
		adj = size - SNIPPET_TOKENS;
	if (adj < 0)
		adj = 0;
	*adjusted = adj;
	return score;
}

/* The passage start..start + SNIPPET_TOKENS of text (tokens at sp), the occurrences in
 * it between 0x01 and 0x02, "…" where it is cut. */
static void
write_passage(struct buf *out, const char *text, const struct spans *sp, const struct instance *in,
              size_t nin, int f, size_t start)
{
	size_t end = start + SNIPPET_TOKENS; /* exclusive */
	if (end > sp->n)
		end = sp->n;
	if (start > 0)
		buf_puts(out, ELLIPSIS);
	size_t off = start > 0 && start < sp->n ? sp->start[start] : 0;
	/* The occurrences, merged where they overlap, as ranges of tokens. */
	size_t i = 0;
	int64_t r_start = -1, r_end = -1;
	bool open = false;
	for (size_t k = start; k < end; k++) {
		/* The next range that is not over before token k. */
		while (r_end < (int64_t)k) {
			r_start = r_end = -1;
			while (i < nin && (in[i].field != f || in[i].pos + in[i].size <= k))
				i++;
			if (i >= nin)
				break;
			r_start = in[i].pos;
			r_end = in[i].pos + in[i].size - 1;
			for (i++; i < nin && in[i].field == f && in[i].pos <= r_end; i++)
				if ((int64_t)(in[i].pos + in[i].size - 1) > r_end)
					r_end = in[i].pos + in[i].size - 1;
		}
		if (!open && r_start >= 0 && r_start <= (int64_t)k && (int64_t)k <= r_end) {
			buf_append(out, text + off, sp->start[k] - off);
			buf_putc(out, '\x01');
			off = sp->start[k];
			open = true;
		}
		if (open && ((int64_t)k == r_end || k + 1 == end)) {
			buf_append(out, text + off, sp->end[k] - off);
			buf_putc(out, '\x02');
			off = sp->end[k];
			open = false;
		}
	}
	if (end >= sp->n) {
		buf_puts(out, text + off);
	} else {
		if (end > 0 && sp->end[end - 1] > off)
			buf_append(out, text + off, sp->end[end - 1] - off);
		buf_puts(out, ELLIPSIS);
	}
}

/* The occurrences in doc d of the phrases that count, by field and position. Whether the
 * doc has a phrase is read from its own tokens (the forward index), as phrase_hits would
 * find it in all fields: no posting list is merged for a snippet. */
static struct instance *
doc_instances(const struct query *q, const struct doc *dd, int root, size_t *nin)
{
	bool *has = xcalloc(q->nph + 1, 1), *live = xcalloc(q->nph + 1, 1);
	bool *val = xcalloc(q->nnodes + 1, 1), *counts = xcalloc(q->nnodes + 1, 1);
	struct instance *in = NULL;
	size_t n = 0, cap = 0;
	for (size_t p = 0; p < q->nph; p++) {
		const struct phrase *ph = &q->ph[p];
		if (ph->eof)
			continue;
		for (int f = 0; f < FIELDS; f++) {
			uint32_t start = dd->field_at[f], end = dd->field_at[f + 1];
			for (uint32_t i = start; i + ph->npos <= end; i++) {
				uint32_t k = 0;
				while (k < ph->npos &&
				       position_has(&q->pos[ph->first + k], dd->tok[i + k]))
					k++;
				if (k < ph->npos)
					continue;
				if (n == cap) {
					cap = cap ? 2 * cap : 32;
					in = xrealloc(in, cap * sizeof *in);
				}
				in[n++] = (struct instance){f, i - start, ph->npos, (uint32_t)p};
				has[p] = true;
			}
		}
	}
	if (live_phrases(q, root, has, val, counts, live)) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (live[in[i].phrase])
				in[m++] = in[i];
		n = m;
		if (!in)
			in = xcalloc(1, sizeof *in); /* matches, yet nothing to mark */
	} else {
		free(in);
		in = NULL;
		n = 0;
	}
	free(has);
	free(live);
	free(val);
	free(counts);
	if (n)
		qsort(in, n, sizeof *in, by_field_pos);
	*nin = n;
	return in;
}

/* The snippet of doc d (its fields' texts in text) for the occurrences in[0..nin), into
 * out. */
static void
cut_snippet(const struct query *q, const struct doc *d, const char *const text[FIELDS],
            const struct instance *in, size_t nin, struct buf *out)
{
	/* The tokens of each field the occurrences are in, with their bytes. */
	struct spans sp[FIELDS];
	memset(sp, 0, sizeof sp);
	long best = 0;
	int best_field = 0;
	size_t best_start = 0;
	for (size_t i = 0; i < nin; i++) {
		int f = in[i].field;
		if (!sp[f].cap)
			search_token_spans(text[f], strlen(text[f]), add_span, &sp[f]);
		int64_t size = d->field_at[f + 1] - d->field_at[f];
		int64_t adj;
		long score = window_score(in, nin, q->nph, f, in[i].pos, size, &adj);
		if (score > best) {
			best = score;
			best_field = f;
			best_start = (size_t)adj;
		}
		if (size <= SNIPPET_TOKENS || sp[f].n == 0)
			continue;
		/* A passage that begins with the sentence of the occurrence. */
		size_t k = in[i].pos < sp[f].n ? in[i].pos : sp[f].n - 1;
		while (k > 0 && !sentence_start(text[f], &sp[f], k))
			k--;
		if (k < in[i].pos) {
			int64_t unused;
			long sc = window_score(in, nin, q->nph, f, (int64_t)k, size, &unused) +
			          (k == 0 ? 120 : 100);
			if (sc > best) {
				best = sc;
				best_field = f;
				best_start = k;
			}
		}
	}
	if (!sp[best_field].cap)
		search_token_spans(text[best_field], strlen(text[best_field]), add_span,
		                   &sp[best_field]);
	write_passage(out, text[best_field], &sp[best_field], in, nin, best_field, best_start);
	for (int f = 0; f < FIELDS; f++) {
		free(sp[f].start);
		free(sp[f].end);
	}
}

const char *
search_mem_snippet(struct store *s, struct arena *a, const char *match, int64_t id)
{
	const char *out = "";
	search_mem_snippets(s, a, match, &id, 1, &out);
	return out;
}

void
search_mem_snippets(struct store *s, struct arena *a, const char *match, const int64_t *ids,
                    size_t n, const char **out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = "";
	struct snapshot *x = acquire(s);
	if (!x)
		return;
	/* The expression is read once for the page, and the texts of its practices are read
	 * by one statement per SNIPPET_BATCH of them (each a read of its own otherwise). */
	struct query q;
	int root = parse(&q, x, match, ALL_FIELDS);
	for (size_t from = 0; root >= 0 && from < n; from += SNIPPET_BATCH) {
		size_t m = n - from < SNIPPET_BATCH ? n - from : SNIPPET_BATCH;
		const struct doc *d[SNIPPET_BATCH];
		struct instance *in[SNIPPET_BATCH];
		size_t nin[SNIPPET_BATCH];
		bool any = false;
		for (size_t i = 0; i < m; i++) {
			d[i] = doc_of(x, ids[from + i]);
			nin[i] = 0;
			in[i] = d[i] ? doc_instances(&q, d[i], root, &nin[i]) : NULL;
			any |= in[i] != NULL;
		}
		struct stmt *st = any ? store_stmt(s, &q_texts) : NULL;
		if (st) {
			/* Unused places ask for id 0, which no practice has. */
			for (size_t i = 0; i < SNIPPET_BATCH; i++)
				stmt_bind_int(st, (int)i + 1, i < m && in[i] ? ids[from + i] : 0);
			while (stmt_step(st) == STORE_ROW) {
				int64_t id = stmt_int(st, 0);
				const char *text[FIELDS];
				for (int f = 0; f < FIELDS; f++)
					text[f] = stmt_text(st, f + 1);
				for (size_t i = 0; i < m; i++) {
					if (!in[i] || ids[from + i] != id)
						continue;
					struct buf b = BUF_INIT;
					cut_snippet(&q, d[i], text, in[i], nin[i], &b);
					out[from + i] = arena_strdup(a, buf_str(&b));
					buf_free(&b);
				}
			}
			stmt_done(st);
		}
		for (size_t i = 0; i < m; i++)
			free(in[i]);
	}
	query_free(&q);
	release(x);
}

/* ---- the vocabulary ---- */

bool
search_mem_vocabulary(struct store *s, void (*fn)(void *ctx, const char *term, int64_t docs),
                      void *ctx)
{
	/* Read once per catalog change (search_vocab_build), so it checks the generation
	 * itself rather than trust that someone else did. */
	if (!refresh_from_state(s))
		return false;
	struct snapshot *x = acquire(s);
	if (!x)
		return false;
	for (size_t i = 0; i < nterms_of(x); i++) {
		uint32_t t = x->sorted[i];
		if (plist_n(x, t))
			fn(ctx, search_words_at(x->terms, t), (int64_t)plist_n(x, t));
	}
	release(x);
	return true;
}

int64_t
search_mem_term_docs(struct store *s, const char *term)
{
	struct snapshot *x = acquire(s);
	if (!x)
		return 0;
	uint32_t t = term_id(x, term, strlen(term));
	int64_t n = t == NO_TERM ? 0 : (int64_t)plist_n(x, t);
	release(x);
	return n;
}

bool
search_mem_term_each(struct store *s, const char *term, int64_t limit,
                     void (*fn)(void *ctx, int64_t id), void *ctx)
{
	struct snapshot *x = acquire(s);
	if (!x)
		return false;
	uint32_t t = term_id(x, term, strlen(term));
	if (t != NO_TERM)
		for (uint32_t i = 0; i < plist_n(x, t) && limit > 0; i++, limit--)
			fn(ctx, plist_p(x, t)[i].doc);
	release(x);
	return true;
}

bool
search_mem_stats(struct store *s, struct search_index_stats *out)
{
	/* The current snapshot as it is: asking its size builds none (for /metrics). */
	pthread_mutex_lock(&lock);
	struct snapshot *x = current;
	if (x)
		x->refs++;
	pthread_mutex_unlock(&lock);
	if (!x)
		return false;
	*out = (struct search_index_stats){x->ndocs, x->live,     x->npostings, x->ntokens,
	                                   x->bytes, x->build_ms, x->update_ms, x->updated};
	release(x);
	return true;
}

/* ---- reading a snapshot, for related.c ---- */

const struct snapshot *
search_mem_acquire(struct store *s)
{
	return acquire(s);
}

void
search_mem_release(const struct snapshot *x)
{
	if (x)
		release((struct snapshot *)x);
}

size_t
search_mem_ndocs(const struct snapshot *x)
{
	return x->ndocs;
}

/* Where id is among x's docs (in id order), looking from lo on; -1 when not there. */
static long
doc_index_from(const struct snapshot *x, int64_t id, size_t lo)
{
	size_t hi = x->ndocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->ndocs && x->ids[lo] == id ? (long)lo : -1;
}

/* As doc_index_from, for ids that come in rising order: the next one is mostly a few
 * docs on, so the range is found by doubling steps from lo before the binary search (a
 * posting list's walk costs about log of each gap, not log of the catalog each time, and
 * each step reads a doc that the last ones brought into the cache). */
static long
doc_index_gallop(const struct snapshot *x, int64_t id, size_t lo)
{
	size_t step = 1;
	while (lo + step < x->ndocs && x->ids[lo + step - 1] < id) {
		lo += step;
		step *= 2;
	}
	size_t hi = lo + step < x->ndocs ? lo + step : x->ndocs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->ndocs && x->ids[lo] == id ? (long)lo : -1;
}

long
search_mem_doc(const struct snapshot *x, int64_t id)
{
	return doc_index_from(x, id, 0);
}

int64_t
search_mem_doc_id(const struct snapshot *x, size_t doc)
{
	return x->ids[doc];
}

void
search_mem_field_terms(const struct snapshot *x, size_t doc, int field,
                       void (*fn)(void *ctx, uint32_t term), void *ctx)
{
	const struct doc *d = x->docs[doc];
	for (uint32_t i = d->field_at[field]; i < d->field_at[field + 1]; i++)
		fn(ctx, d->tok[i]);
}

const char *
search_mem_term_text(const struct snapshot *x, uint32_t term)
{
	return search_words_at(x->terms, term);
}

size_t
search_mem_term_ndocs(const struct snapshot *x, uint32_t term)
{
	return term < nterms_of(x) && x->plist[term] ? x->plist[term]->n : 0;
}

/* Postings name practices by id (positions shift when an update adds or drops one);
 * related.c counts by position. Both are in id order, so each lookup starts where the
 * last one ended. */
void
search_mem_term_postings(const struct snapshot *x, uint32_t term, size_t limit,
                         void (*fn)(void *ctx, uint32_t doc), void *ctx)
{
	if (term >= nterms_of(x) || !x->plist[term])
		return;
	const struct plist *l = x->plist[term];
	size_t from = 0;
	for (uint32_t i = 0; i < l->n && limit > 0; i++, limit--) {
		if (x->at) {
			uint32_t d = l->p[i].doc;
			if (d < x->ntable && x->at[d] != UINT32_MAX)
				fn(ctx, x->at[d]);
			continue;
		}
		long at = doc_index_gallop(x, l->p[i].doc, from);
		if (at < 0)
			continue;
		fn(ctx, (uint32_t)at);
		from = (size_t)at + 1;
	}
}

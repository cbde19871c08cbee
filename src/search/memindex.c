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
static const struct store_query q_text = {"search_mem_text",
                                          "SELECT " TEXT_COLUMNS " FROM practice WHERE id = ?1"};

/* A term in a practice: its weighted frequency (the sum of its fields' weights, once per
 * occurrence: what bm25 counts) and the fields it is in. */
struct posting {
	uint32_t doc;
	float wtf;
	uint16_t fields;
};

struct snapshot {
	int64_t generation;
	char instance[40];
	size_t ndocs;
	int64_t *ids;       /* by doc, ascending: docs are in id order */
	uint32_t *length;   /* tokens of each doc, all fields */
	uint32_t *field_at; /* ndocs * FIELDS + 1: where each field's terms start in tokens */
	uint32_t *tokens;   /* the forward index: each token's term */
	size_t ntokens;
	struct search_words *terms;
	uint32_t *sorted;  /* terms in byte order (as FTS5's vocabulary lists them) */
	uint32_t *post_at; /* by term (nterms + 1): where its postings start */
	struct posting *post;
	double avgdl;
	size_t bytes;
	double build_ms;
	int refs; /* readers, plus one while current */
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
snapshot_free(struct snapshot *x)
{
	if (!x)
		return;
	free(x->ids);
	free(x->length);
	free(x->field_at);
	free(x->tokens);
	search_words_free(x->terms);
	free(x->sorted);
	free(x->post_at);
	free(x->post);
	free(x);
}

static size_t
nterms_of(const struct snapshot *x)
{
	return search_words_count(x->terms);
}

/* ---- building ---- */

struct build {
	struct snapshot *x;
	size_t cap_tokens, cap_docs;
};

static void
add_token(void *ctx, const char *term, size_t n, bool alternative)
{
	struct build *b = ctx;
	struct snapshot *x = b->x;
	long id = search_words_add(x->terms, term, n);
	if (id < 0)
		return;
	if (x->ntokens == b->cap_tokens) {
		b->cap_tokens = b->cap_tokens ? 2 * b->cap_tokens : 1 << 16;
		x->tokens = xrealloc(x->tokens, b->cap_tokens * sizeof *x->tokens);
	}
	x->tokens[x->ntokens++] = (uint32_t)id;
}

static const struct snapshot *sort_snapshot; /* qsort's context: builds hold build_lock */

static int
by_term_text(const void *a, const void *b)
{
	return strcmp(search_words_at(sort_snapshot->terms, *(const uint32_t *)a),
	              search_words_at(sort_snapshot->terms, *(const uint32_t *)b));
}

/* The postings of every term from the forward index: two passes, counting then filling. */
static void
invert(struct snapshot *x)
{
	size_t nterms = nterms_of(x);
	uint32_t *last = xmalloc((nterms + 1) * sizeof *last);
	uint32_t *slot = xmalloc((nterms + 1) * sizeof *slot);
	x->post_at = xcalloc(nterms + 1, sizeof *x->post_at);
	for (size_t t = 0; t < nterms; t++)
		last[t] = UINT32_MAX;
	for (size_t d = 0; d < x->ndocs; d++)
		for (uint32_t i = x->field_at[d * FIELDS]; i < x->field_at[(d + 1) * FIELDS]; i++) {
			uint32_t t = x->tokens[i];
			if (last[t] != d) {
				last[t] = (uint32_t)d;
				x->post_at[t + 1]++;
			}
		}
	for (size_t t = 0; t < nterms; t++)
		x->post_at[t + 1] += x->post_at[t];
	size_t npost = x->post_at[nterms];
	x->post = xcalloc(npost + 1, sizeof *x->post);
	uint32_t *cursor = xmalloc((nterms + 1) * sizeof *cursor);
	memcpy(cursor, x->post_at, nterms * sizeof *cursor);
	for (size_t t = 0; t < nterms; t++)
		last[t] = UINT32_MAX;
	for (size_t d = 0; d < x->ndocs; d++)
		for (int f = 0; f < FIELDS; f++)
			for (uint32_t i = x->field_at[d * FIELDS + f];
			     i < x->field_at[d * FIELDS + f + 1]; i++) {
				uint32_t t = x->tokens[i];
				if (last[t] != d) {
					last[t] = (uint32_t)d;
					slot[t] = cursor[t]++;
					x->post[slot[t]] = (struct posting){(uint32_t)d, 0, 0};
				}
				struct posting *p = &x->post[slot[t]];
				p->wtf = (float)(p->wtf + field_weight[f]);
				p->fields |= (uint16_t)(1u << f);
			}
	free(cursor);
	free(last);
	free(slot);
	x->sorted = xmalloc((nterms + 1) * sizeof *x->sorted);
	for (size_t t = 0; t < nterms; t++)
		x->sorted[t] = (uint32_t)t;
	sort_snapshot = x;
	qsort(x->sorted, nterms, sizeof *x->sorted, by_term_text);
	sort_snapshot = NULL;
	x->bytes = sizeof *x + x->ndocs * (sizeof *x->ids + sizeof *x->length) +
	           (x->ndocs * FIELDS + 1) * sizeof *x->field_at + x->ntokens * sizeof *x->tokens +
	           search_words_bytes(x->terms) + 2 * (nterms + 1) * sizeof(uint32_t) +
	           npost * sizeof *x->post;
}

/* The texts of one published practice, read before they are split. */
struct doc_text {
	char *text[FIELDS];
};

/* One thread's share of the splitting: docs from..to into a snapshot of its own (terms,
 * tokens, field_at relative to its first doc, length), merged afterwards. */
struct part {
	struct doc_text *docs;
	size_t from, to;
	struct snapshot p;
	bool ok;
};

static void *
split_part(void *arg)
{
	struct part *w = arg;
	struct search_stemmer *stem = search_stemmer_new(true);
	if (!stem)
		return NULL;
	size_t n = w->to - w->from;
	w->p.terms = search_words_new();
	w->p.field_at = xmalloc((n * FIELDS + 1) * sizeof *w->p.field_at);
	w->p.length = xmalloc((n + 1) * sizeof *w->p.length);
	struct build b = {&w->p, 0, 0};
	for (size_t d = 0; d < n; d++) {
		size_t first = w->p.ntokens;
		for (int f = 0; f < FIELDS; f++) {
			w->p.field_at[d * FIELDS + f] = (uint32_t)w->p.ntokens;
			const char *text = w->docs[w->from + d].text[f];
			search_tokens(stem, text, strlen(text), false, add_token, &b);
		}
		w->p.length[d] = (uint32_t)(w->p.ntokens - first);
	}
	w->p.field_at[n * FIELDS] = (uint32_t)w->p.ntokens;
	search_stemmer_free(stem);
	w->ok = true;
	return NULL;
}

/* Splitting (stemming) is most of a build: two threads share it from this many
 * practices on. */
#define PARALLEL_DOCS 1000
#define PARTS 2

/* Joins the parts' forward indexes into x, in doc order, with one set of terms. */
static void
merge_parts(struct snapshot *x, struct part *w, size_t nparts)
{
	size_t ntokens = 0;
	for (size_t k = 0; k < nparts; k++)
		ntokens += w[k].p.ntokens;
	x->tokens = xmalloc((ntokens + 1) * sizeof *x->tokens);
	x->field_at = xmalloc((x->ndocs * FIELDS + 1) * sizeof *x->field_at);
	x->length = xmalloc((x->ndocs + 1) * sizeof *x->length);
	/* The first part's terms keep their numbers; the others' are looked up. */
	x->terms = w[0].p.terms;
	w[0].p.terms = NULL;
	for (size_t k = 0; k < nparts; k++) {
		const struct snapshot *p = &w[k].p;
		size_t nlocal = p->terms ? search_words_count(p->terms) : 0;
		uint32_t *map = xmalloc((nlocal + 1) * sizeof *map);
		for (size_t t = 0; t < nlocal; t++) {
			const char *term = search_words_at(p->terms, t);
			map[t] = (uint32_t)search_words_add(x->terms, term, strlen(term));
		}
		for (size_t i = 0; i < p->ntokens; i++)
			x->tokens[x->ntokens + i] = k ? map[p->tokens[i]] : p->tokens[i];
		size_t n = w[k].to - w[k].from;
		for (size_t i = 0; i < n * FIELDS; i++)
			x->field_at[w[k].from * FIELDS + i] = (uint32_t)x->ntokens + p->field_at[i];
		memcpy(x->length + w[k].from, p->length, n * sizeof *x->length);
		x->ntokens += p->ntokens;
		free(map);
	}
	x->field_at[x->ndocs * FIELDS] = (uint32_t)x->ntokens;
}

/* The index of the published practices as the database has them now; the generation is
 * read first, so the data is at least as new as the label. NULL on a storage error. */
static struct snapshot *
build(struct store *s)
{
	double t0 = now_ms();
	struct snapshot *x = xcalloc(1, sizeof *x);
	struct stmt *st = store_stmt(s, &q_state);
	bool ok = stmt_step(st) == STORE_ROW;
	if (ok) {
		x->generation = stmt_int(st, 0);
		snprintf(x->instance, sizeof x->instance, "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	if (!ok) {
		snapshot_free(x);
		return NULL;
	}
	/* The texts first (the store is this thread's), then split them. */
	size_t cap = 0;
	struct doc_text *docs = NULL;
	st = store_stmt(s, &q_docs);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (x->ndocs == cap) {
			cap = cap ? 2 * cap : 256;
			x->ids = xrealloc(x->ids, cap * sizeof *x->ids);
			docs = xrealloc(docs, cap * sizeof *docs);
		}
		x->ids[x->ndocs] = stmt_int(st, 0);
		for (int f = 0; f < FIELDS; f++)
			docs[x->ndocs].text[f] = xstrdup(stmt_text(st, 1 + f));
		x->ndocs++;
	}
	stmt_done(st);
	struct part w[PARTS];
	memset(w, 0, sizeof w);
	size_t nparts = rc == STORE_DONE && x->ndocs >= PARALLEL_DOCS ? PARTS : 1;
	for (size_t k = 0; k < nparts; k++)
		w[k] = (struct part){docs, x->ndocs * k / nparts, x->ndocs * (k + 1) / nparts};
	pthread_t helper;
	bool helped = false;
	if (rc == STORE_DONE) {
		helped = nparts > 1 && pthread_create(&helper, NULL, split_part, &w[1]) == 0;
		split_part(&w[0]);
		if (helped)
			pthread_join(helper, NULL);
		else if (nparts > 1)
			split_part(&w[1]);
	}
	for (size_t i = 0; i < x->ndocs; i++)
		for (int f = 0; f < FIELDS; f++)
			free(docs[i].text[f]);
	free(docs);
	ok = rc == STORE_DONE;
	for (size_t k = 0; k < nparts; k++)
		ok = ok && w[k].ok;
	if (ok)
		merge_parts(x, w, nparts);
	for (size_t k = 0; k < nparts; k++) {
		search_words_free(w[k].p.terms);
		free(w[k].p.tokens);
		free(w[k].p.field_at);
		free(w[k].p.length);
	}
	if (!ok) {
		snapshot_free(x);
		return NULL;
	}
	x->avgdl = x->ndocs ? (double)x->ntokens / (double)x->ndocs : 0;
	invert(x);
	x->build_ms = now_ms() - t0;
	return x;
}

/* ---- the current snapshot ----
 * Built when it is first needed after the catalog changed, not when the change is seen:
 * search_index_refresh only notes the generation the database has (every catalog page
 * tells it, most of which never search), and the first reader that finds the snapshot
 * of another generation builds a new one while the others that need it wait for that one. */

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

static void
install(struct snapshot *fresh)
{
	fresh->refs = 1;
	pthread_mutex_lock(&lock);
	struct snapshot *old = current;
	current = fresh;
	/* What the build read is the newest the database had: a caller that saw an older
	 * generation meanwhile must not make every reader build again. */
	wanted = true;
	wanted_generation = fresh->generation;
	snprintf(wanted_instance, sizeof wanted_instance, "%s", fresh->instance);
	bool free_old = old && --old->refs == 0;
	pthread_mutex_unlock(&lock);
	if (free_old)
		snapshot_free(old);
}

/* Builds and installs a snapshot from the database (when always, or when the current
 * one is not fresh enough once this thread may build). */
static bool
rebuild(struct store *s, bool always)
{
	pthread_mutex_lock(&build_lock);
	pthread_mutex_lock(&lock);
	bool needed = always || !fresh_enough(current);
	pthread_mutex_unlock(&lock);
	bool ok = true;
	if (needed) {
		struct snapshot *fresh = build(s);
		if (fresh) {
			log_info("search: memory index built: %zu practices, %zu terms, %zu KB in "
			         "%.0f ms",
			         fresh->ndocs, nterms_of(fresh), fresh->bytes / 1024,
			         fresh->build_ms);
			install(fresh);
		} else {
			ok = false;
			log_error("search: the memory index could not be built (storage error)");
		}
	}
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
	struct stmt *st = store_stmt(s, &q_state);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return false;
	}
	int64_t generation = stmt_int(st, 0);
	char instance[40];
	snprintf(instance, sizeof instance, "%s", stmt_text(st, 1));
	stmt_done(st);
	return search_mem_refresh(s, generation, instance);
}

/* The current snapshot with a reference (release it), built first when there is none or
 * it is older than the newest generation seen. NULL when it cannot be built. */
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
	pthread_mutex_lock(&lock);
	bool last = --x->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		snapshot_free(x);
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
			total += x->post_at[p->term[k] + 1] - x->post_at[p->term[k]];
	out.d = xmalloc((total + 1) * sizeof *out.d);
	const struct posting *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	if (p->term[0] != NO_TERM) {
		a = x->post + x->post_at[p->term[0]];
		na = x->post_at[p->term[0] + 1] - x->post_at[p->term[0]];
	}
	if (p->n > 1 && p->term[1] != NO_TERM && p->term[1] != p->term[0]) {
		b = x->post + x->post_at[p->term[1]];
		nb = x->post_at[p->term[1] + 1] - x->post_at[p->term[1]];
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
count_in_field(const struct query *q, const struct phrase *ph, size_t d, int f)
{
	const struct snapshot *x = q->x;
	uint32_t start = x->field_at[d * FIELDS + f], end = x->field_at[d * FIELDS + f + 1];
	uint32_t count = 0;
	for (uint32_t i = start; i + ph->npos <= end; i++) {
		uint32_t k = 0;
		while (k < ph->npos && position_has(&q->pos[ph->first + k], x->tokens[i + k]))
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
		size_t na = t[0] != NO_TERM ? x->post_at[t[0] + 1] - x->post_at[t[0]] : 0;
		size_t nb = t[1] != NO_TERM ? x->post_at[t[1] + 1] - x->post_at[t[1]] : 0;
		const struct posting *a = t[0] != NO_TERM ? x->post + x->post_at[t[0]] : NULL;
		const struct posting *b = t[1] != NO_TERM ? x->post + x->post_at[t[1]] : NULL;
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
		for (int f = 0; f < FIELDS; f++) {
			if (!(q->fields & (1u << f)))
				continue;
			uint32_t c = count_in_field(q, ph, cand.d[i], f);
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
	for (size_t i = 0; i < m.n; i++) {
		uint32_t d = m.d[i];
		double len = (double)x->length[d], score = 0;
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
		fn(ctx, x->ids[r[i].doc]);
	free(r);
	free(idf);
	free(at);
	free(has);
	free(live);
	free(val);
	free(counts);
}

bool
search_mem_match(struct store *s, enum search_match how, const char *match,
                 void (*fn)(void *ctx, int64_t id), void *ctx)
{
	struct snapshot *x = acquire(s);
	if (!x)
		return false;
	unsigned fields = how == SEARCH_MATCH_TITLE    ? 1u << FIELD_TITLE
	                  : how == SEARCH_MATCH_TEASER ? 1u << FIELD_TEASER
	                                               : ALL_FIELDS;
	struct query q;
	int root = parse(&q, x, match, fields);
	bool ok = root >= 0;
	if (ok) {
		struct docs m = eval(&q, root);
		if (how == SEARCH_MATCH_RANKED)
			rank(&q, root, m, fn, ctx);
		else
			for (size_t i = 0; i < m.n; i++)
				fn(ctx, x->ids[m.d[i]]);
		free(m.d);
	}
	query_free(&q);
	release(x);
	return ok;
}

/* ---- snippets: FTS5's snippet() ---- */

static long
doc_of(const struct snapshot *x, int64_t id)
{
	size_t lo = 0, hi = x->ndocs;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x->ids[mid] == id)
			return (long)mid;
		if (x->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

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

/* The occurrences in doc d of the phrases that count, by field and position. */
static struct instance *
doc_instances(struct query *q, size_t d, int root, size_t *nin)
{
	const struct snapshot *x = q->x;
	bool *has = xcalloc(q->nph + 1, 1), *live = xcalloc(q->nph + 1, 1);
	bool *val = xcalloc(q->nnodes + 1, 1), *counts = xcalloc(q->nnodes + 1, 1);
	for (size_t p = 0; p < q->nph; p++) {
		phrase_hits(q, &q->ph[p]);
		size_t lo = 0, hi = q->ph[p].nhits;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (q->ph[p].hits[mid].doc < d)
				lo = mid + 1;
			else
				hi = mid;
		}
		has[p] = lo < q->ph[p].nhits && q->ph[p].hits[lo].doc == d;
	}
	struct instance *in = NULL;
	size_t n = 0, cap = 0;
	if (live_phrases(q, root, has, val, counts, live)) {
		for (size_t p = 0; p < q->nph; p++) {
			const struct phrase *ph = &q->ph[p];
			if (!live[p])
				continue;
			for (int f = 0; f < FIELDS; f++) {
				uint32_t start = x->field_at[d * FIELDS + f],
				         end = x->field_at[d * FIELDS + f + 1];
				for (uint32_t i = start; i + ph->npos <= end; i++) {
					uint32_t k = 0;
					while (k < ph->npos && position_has(&q->pos[ph->first + k],
					                                    x->tokens[i + k]))
						k++;
					if (k < ph->npos)
						continue;
					if (n == cap) {
						cap = cap ? 2 * cap : 32;
						in = xrealloc(in, cap * sizeof *in);
					}
					in[n++] =
					    (struct instance){f, i - start, ph->npos, (uint32_t)p};
				}
			}
		}
		if (!n)
			in = xcalloc(1, sizeof *in); /* matches, yet nothing to mark */
	}
	free(has);
	free(live);
	free(val);
	free(counts);
	qsort(in, n, sizeof *in, by_field_pos);
	*nin = n;
	return in;
}

const char *
search_mem_snippet(struct store *s, struct arena *a, const char *match, int64_t id)
{
	struct snapshot *x = acquire(s);
	if (!x)
		return arena_strdup(a, "");
	long d = doc_of(x, id);
	struct query q;
	int root = d >= 0 ? parse(&q, x, match, ALL_FIELDS) : -1;
	size_t nin = 0;
	struct instance *in = root >= 0 ? doc_instances(&q, (size_t)d, root, &nin) : NULL;
	struct stmt *st = in ? store_stmt(s, &q_text) : NULL;
	struct buf out = BUF_INIT;
	if (st) {
		stmt_bind_int(st, 1, id);
		if (stmt_step(st) == STORE_ROW) {
			/* The tokens of each field the occurrences are in, with their bytes. */
			struct spans sp[FIELDS];
			memset(sp, 0, sizeof sp);
			const char *text[FIELDS];
			for (int f = 0; f < FIELDS; f++)
				text[f] = stmt_text(st, f);
			long best = 0;
			int best_field = 0;
			size_t best_start = 0;
			for (size_t i = 0; i < nin; i++) {
				int f = in[i].field;
				if (!sp[f].cap)
					search_token_spans(text[f], strlen(text[f]), add_span,
					                   &sp[f]);
				int64_t size = x->field_at[(size_t)d * FIELDS + f + 1] -
				               x->field_at[(size_t)d * FIELDS + f];
				int64_t adj;
				long score = window_score(in, nin, q.nph, f, in[i].pos, size, &adj);
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
					long sc = window_score(in, nin, q.nph, f, (int64_t)k, size,
					                       &unused) +
					          (k == 0 ? 120 : 100);
					if (sc > best) {
						best = sc;
						best_field = f;
						best_start = k;
					}
				}
			}
			if (!sp[best_field].cap)
				search_token_spans(text[best_field], strlen(text[best_field]),
				                   add_span, &sp[best_field]);
			write_passage(&out, text[best_field], &sp[best_field], in, nin, best_field,
			              best_start);
			for (int f = 0; f < FIELDS; f++) {
				free(sp[f].start);
				free(sp[f].end);
			}
		}
		stmt_done(st);
	}
	free(in);
	if (d >= 0)
		query_free(&q);
	release(x);
	const char *result = arena_strdup(a, buf_str(&out));
	buf_free(&out);
	return result;
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
		fn(ctx, search_words_at(x->terms, t), (int64_t)(x->post_at[t + 1] - x->post_at[t]));
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
	int64_t n = t == NO_TERM ? 0 : (int64_t)(x->post_at[t + 1] - x->post_at[t]);
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
		for (uint32_t i = x->post_at[t]; i < x->post_at[t + 1] && limit > 0; i++, limit--)
			fn(ctx, x->ids[x->post[i].doc]);
	release(x);
	return true;
}

bool
search_mem_stats(struct store *s, struct search_index_stats *out)
{
	struct snapshot *x = acquire(s);
	if (!x)
		return false;
	*out = (struct search_index_stats){x->ndocs,   nterms_of(x), x->post_at[nterms_of(x)],
	                                   x->ntokens, x->bytes,     x->build_ms};
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

long
search_mem_doc(const struct snapshot *x, int64_t id)
{
	return doc_of(x, id);
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
	for (uint32_t i = x->field_at[doc * FIELDS + field];
	     i < x->field_at[doc * FIELDS + field + 1]; i++)
		fn(ctx, x->tokens[i]);
}

const char *
search_mem_term_text(const struct snapshot *x, uint32_t term)
{
	return search_words_at(x->terms, term);
}

size_t
search_mem_term_ndocs(const struct snapshot *x, uint32_t term)
{
	return x->post_at[term + 1] - x->post_at[term];
}

void
search_mem_term_postings(const struct snapshot *x, uint32_t term, size_t limit,
                         void (*fn)(void *ctx, uint32_t doc), void *ctx)
{
	for (uint32_t i = x->post_at[term]; i < x->post_at[term + 1] && limit > 0; i++, limit--)
		fn(ctx, x->post[i].doc);
}

/* The index's vocabulary in memory (search.h): read from the text index (published
 * practices only, search_index_vocabulary) once per change of the catalog, with the
 * compounds split and the synonyms of the office. The searches then find parts, typos and
 * synonyms without asking the database, and related practices get their term counts from
 * here. */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct store_query q_synonyms = {"search_vocab_synonyms",
                                              "SELECT id, terms FROM search_synonym ORDER BY id"};

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const struct search_vocab *sort_vocab; /* qsort has no context argument; under memo_lock */

static int
by_first_then_length(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const char *s = search_words_at(sort_vocab->terms, x),
	           *t = search_words_at(sort_vocab->terms, y);
	if (s[0] != t[0])
		return (unsigned char)s[0] < (unsigned char)t[0] ? -1 : 1;
	size_t m = strlen(s), n = strlen(t);
	if (m != n)
		return m < n ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int
by_key(const void *a, const void *b)
{
	const struct search_vocab_part *x = a, *y = b;
	int c = strcmp(sort_vocab->parts_text.data + x->key, sort_vocab->parts_text.data + y->key);
	return c ? c : (x->term < y->term ? -1 : x->term > y->term);
}

struct part_ctx {
	struct search_vocab *v;
	uint32_t term;
	bool done;
};

static void
add_part(void *ctx, const char *key, size_t n, bool alternative)
{
	struct part_ctx *c = ctx;
	if (c->done)
		return;
	c->done = true;
	struct search_vocab *v = c->v;
	if (v->nparts % 1024 == 0)
		v->parts = xrealloc(v->parts, (v->nparts + 1024) * sizeof *v->parts);
	v->parts[v->nparts++] = (struct search_vocab_part){(uint32_t)v->parts_text.len, c->term};
	buf_append(&v->parts_text, key, n);
	buf_putc(&v->parts_text, '\0');
}

/* ---- the splits of the last vocabulary, kept for the next ----
 * How a term splits depends on the dictionary (the same all along) and on which words the
 * vocabulary has: a part is a dictionary word or a term (or, after a prefix, the stem of
 * one, which is a prefix of it: Snowball's German stemmer only takes endings off). So a
 * term splits as it did last time unless a word that came or went since is a part of it
 * (a substring): the others' parts are copied, and a catalog change that brings a few new
 * words splits only those and the terms that contain one. */

static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;
static struct search_words *memo_terms; /* the last vocabulary's terms */
static uint32_t *memo_at;               /* by its term: where its keys start in memo_keys */
static uint32_t *memo_keys;             /* offsets into memo_text */
static struct buf memo_text = BUF_INIT;
static bool memo_off;

/* More words came or went than this: split everything anew. */
#define MEMO_MAX_DELTA 256

void
search_vocab_reuse(bool on)
{
	pthread_mutex_lock(&memo_lock);
	memo_off = !on;
	pthread_mutex_unlock(&memo_lock);
}

/* The words of v that the last vocabulary did not have and the other way round; false
 * when there are more than MEMO_MAX_DELTA (or no last vocabulary). Under memo_lock. */
static bool
memo_delta(const struct search_vocab *v, struct search_words **delta)
{
	if (!memo_terms || memo_off)
		return false;
	size_t n = search_words_count(v->terms), m = search_words_count(memo_terms);
	bool *seen = xcalloc(m + 1, 1);
	struct search_words *d = search_words_new();
	bool ok = true;
	for (size_t i = 0; ok && i < n; i++) {
		const char *t = search_words_at(v->terms, i);
		long k = search_words_find(memo_terms, t, strlen(t));
		if (k >= 0)
			seen[k] = true;
		else
			ok = search_words_add(d, t, strlen(t)) >= 0 &&
			     search_words_count(d) <= MEMO_MAX_DELTA;
	}
	for (size_t k = 0; ok && k < m; k++)
		if (!seen[k]) {
			const char *t = search_words_at(memo_terms, k);
			ok = search_words_add(d, t, strlen(t)) >= 0 &&
			     search_words_count(d) <= MEMO_MAX_DELTA;
		}
	free(seen);
	if (!ok) {
		search_words_free(d);
		return false;
	}
	*delta = d;
	return true;
}

/* The last vocabulary's index of term t when t splits as it did then, else -1. */
static long
memo_reusable(const struct search_words *delta, const char *t)
{
	long k = search_words_find(memo_terms, t, strlen(t));
	if (k < 0)
		return -1;
	for (size_t i = 0; i < search_words_count(delta); i++)
		if (strstr(t, search_words_at(delta, i)))
			return -1;
	return k;
}

/* Keeps v's splits for the next vocabulary. Under memo_lock. */
static void
memo_keep(const struct search_vocab *v)
{
	size_t n = search_words_count(v->terms);
	search_words_free(memo_terms);
	free(memo_at);
	free(memo_keys);
	buf_free(&memo_text);
	memo_terms = search_words_clone(v->terms);
	memo_at = xcalloc(n + 2, sizeof *memo_at);
	memo_keys = xmalloc((v->nparts + 1) * sizeof *memo_keys);
	for (size_t i = 0; i < v->nparts; i++)
		memo_at[v->parts[i].term + 2]++;
	for (size_t t = 0; t < n; t++)
		memo_at[t + 2] += memo_at[t + 1];
	/* memo_at[t + 1] is now where term t's keys start; filling moves it to their end,
	 * which is where term t + 1's start. */
	for (size_t i = 0; i < v->nparts; i++) {
		const char *key = v->parts_text.data + v->parts[i].key;
		memo_keys[memo_at[v->parts[i].term + 1]++] = (uint32_t)memo_text.len;
		buf_append(&memo_text, key, strlen(key) + 1);
	}
}

/* Splits every compound of the vocabulary and notes it under each part's stem (copying
 * the last vocabulary's splits where they hold). */
static void
split_compounds(struct search_vocab *v, struct search_stemmer *st)
{
	const struct search_words *dict = search_dictionary();
	size_t n = search_words_count(v->terms);
	char word[128];
	pthread_mutex_lock(&memo_lock);
	struct search_words *delta = NULL;
	bool reuse = memo_delta(v, &delta);
	for (size_t i = 0; i < n; i++) {
		const char *t = search_words_at(v->terms, i);
		size_t len = strlen(t);
		struct search_part parts[SEARCH_MAX_PARTS];
		if (len >= sizeof word)
			continue;
		long was = reuse ? memo_reusable(delta, t) : -1;
		if (was >= 0) {
			for (uint32_t j = memo_at[was]; j < memo_at[was + 1]; j++) {
				const char *key = memo_text.data + memo_keys[j];
				struct part_ctx c = {v, (uint32_t)i, false};
				add_part(&c, key, strlen(key), false);
			}
			continue;
		}
		memcpy(word, t, len + 1); /* search_words_at moves when the set grows */
		size_t np = search_split(st, dict, v->terms, word, len, parts);
		for (size_t k = 0; k < np; k++) {
			struct part_ctx c = {v, (uint32_t)i, false};
			size_t before = v->nparts;
			search_tokens(st, word + parts[k].start, parts[k].len, false, add_part, &c);
			/* With its linking element, too, where that is the end of the word
			 * ("moschee|gemeind", split as mosche|e|gemeind: Moschee stems to
			 * mosche, the part alone to mosch). */
			size_t with = k + 1 < np ? parts[k + 1].start - parts[k].start : 0;
			if (with <= parts[k].len || v->nparts == before)
				continue;
			size_t key = v->parts[v->nparts - 1].key,
			       keylen = v->parts_text.len - key - 1;
			struct part_ctx c2 = {v, (uint32_t)i, false};
			search_tokens(st, word + parts[k].start, with, false, add_part, &c2);
			size_t key2 = v->parts[v->nparts - 1].key;
			if (c2.done && v->parts_text.len - key2 - 1 == keylen &&
			    memcmp(v->parts_text.data + key, v->parts_text.data + key2, keylen) ==
			        0) {
				v->nparts--; /* the same key: once is enough */
				v->parts_text.len = key2;
			}
		}
	}
	search_words_free(delta);
	if (v->nparts) {
		sort_vocab = v;
		qsort(v->parts, v->nparts, sizeof *v->parts, by_key);
		sort_vocab = NULL;
	}
	memo_keep(v);
	pthread_mutex_unlock(&memo_lock);
}

struct stems_ctx {
	struct buf b;
	size_t n;
};

static void
add_stem(void *ctx, const char *term, size_t n, bool alternative)
{
	struct stems_ctx *c = ctx;
	if (c->b.len)
		buf_putc(&c->b, ' ');
	buf_append(&c->b, term, n);
	c->n++;
}

/* The synonyms: one row a group, its ways of writing separated by ',', ';' or '='. */
static bool
read_synonyms(struct search_vocab *v, struct store *s, struct search_stemmer *st)
{
	struct stmt *q = store_stmt(s, &q_synonyms);
	int rc;
	size_t cap = 0;
	while ((rc = stmt_step(q)) == STORE_ROW) {
		uint32_t group = (uint32_t)stmt_int(q, 0);
		const char *terms = stmt_text(q, 1);
		for (const char *p = terms; *p;) {
			size_t len = strcspn(p, ",;=\n");
			struct stems_ctx c = {BUF_INIT, 0};
			search_tokens(st, p, len, false, add_stem, &c);
			if (c.n) {
				if (v->nsynonyms == cap) {
					cap = cap ? 2 * cap : 32;
					v->synonyms =
					    xrealloc(v->synonyms, cap * sizeof *v->synonyms);
				}
				while (len && (*p == ' ' || *p == '\t'))
					p++, len--;
				while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
					len--;
				v->synonyms[v->nsynonyms++] = (struct search_synonym){
				    group, xstrndup(p, len), buf_detach(&c.b), c.n};
			}
			buf_free(&c.b);
			p += len;
			while (*p && strchr(",;=\n \t", *p))
				p++;
		}
	}
	stmt_done(q);
	return rc == STORE_DONE;
}

struct read_ctx {
	struct search_vocab *v;
	size_t cap; /* of v->docs */
};

static void
add_term(void *ctx, const char *t, int64_t docs)
{
	struct read_ctx *c = ctx;
	long i = search_words_add(c->v->terms, t, strlen(t));
	if (i < 0)
		return;
	if ((size_t)i >= c->cap) {
		c->cap *= 2;
		c->v->docs = xrealloc(c->v->docs, c->cap * sizeof *c->v->docs);
	}
	c->v->docs[i] = (uint32_t)docs;
}

struct search_vocab *
search_vocab_build(struct store *s)
{
	double t0 = now_ms();
	struct search_vocab *v = xcalloc(1, sizeof *v);
	v->terms = search_words_new();
	v->parts_text = (struct buf)BUF_INIT;
	struct read_ctx rc = {v, 1024};
	v->docs = xcalloc(rc.cap, sizeof *v->docs);
	bool ok = search_index_vocabulary(s, add_term, &rc);
	struct search_stemmer *stemmer = search_stemmer_new(true);
	if (!ok || !stemmer || !read_synonyms(v, s, stemmer)) {
		search_stemmer_free(stemmer);
		search_vocab_free(v);
		return NULL;
	}
	size_t n = search_words_count(v->terms);
	v->by_first = xcalloc(n + 1, sizeof *v->by_first);
	for (size_t i = 0; i < n; i++)
		v->by_first[i] = (uint32_t)i;
	/* sort_vocab is shared: two vocabularies may be made at once (one per catalog index). */
	pthread_mutex_lock(&memo_lock);
	sort_vocab = v;
	qsort(v->by_first, n, sizeof *v->by_first, by_first_then_length);
	sort_vocab = NULL;
	pthread_mutex_unlock(&memo_lock);
	size_t k = 0;
	for (unsigned c = 0; c < 256; c++) {
		v->first_start[c] = (uint32_t)k;
		while (k < n && (unsigned char)search_words_at(v->terms, v->by_first[k])[0] == c)
			k++;
	}
	v->first_start[256] = (uint32_t)n;
	double t1 = now_ms();
	search_dictionary(); /* once a process; timed apart */
	double t2 = now_ms();
	split_compounds(v, stemmer);
	search_stemmer_free(stemmer);
	search_work_vocabulary(n);
	log_info("search: vocabulary of %zu terms (%zu compound parts, %zu synonyms, %zu KB) "
	         "read in %.0f ms, dictionary %.0f ms, compounds split in %.0f ms",
	         n, v->nparts, v->nsynonyms, search_vocab_bytes(v) / 1024, t1 - t0, t2 - t1,
	         now_ms() - t2);
	return v;
}

void
search_vocab_free(struct search_vocab *v)
{
	if (!v)
		return;
	search_words_free(v->terms);
	free(v->docs);
	free(v->by_first);
	free(v->parts);
	buf_free(&v->parts_text);
	for (size_t i = 0; i < v->nsynonyms; i++) {
		free(v->synonyms[i].text);
		free(v->synonyms[i].stems);
	}
	free(v->synonyms);
	free(v);
}

size_t
search_vocab_terms(const struct search_vocab *v)
{
	return v ? search_words_count(v->terms) : 0;
}

size_t
search_vocab_bytes(const struct search_vocab *v)
{
	if (!v)
		return 0;
	size_t n = search_words_count(v->terms);
	return sizeof *v + search_words_bytes(v->terms) + 2 * n * sizeof(uint32_t) +
	       v->nparts * sizeof *v->parts + v->parts_text.cap +
	       v->nsynonyms * sizeof *v->synonyms;
}

int64_t
search_vocab_term_docs(const struct search_vocab *v, const char *term)
{
	long i = v ? search_words_find(v->terms, term, strlen(term)) : -1;
	return i >= 0 ? v->docs[i] : 0;
}

void
search_vocab_parts(const struct search_vocab *v, const char *key, size_t n,
                   void (*fn)(void *ctx, uint32_t term), void *ctx)
{
	size_t lo = 0, hi = v->nparts;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *k = v->parts_text.data + v->parts[mid].key;
		if (strncmp(k, key, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The keys equal to key come first among those it is a prefix of. */
	for (size_t i = lo; i < v->nparts; i++) {
		const char *k = v->parts_text.data + v->parts[i].key;
		if (strncmp(k, key, n) != 0 || k[n] != '\0')
			break;
		fn(ctx, v->parts[i].term);
	}
}

/* The first of v's terms starting with byte c that have at least len bytes. */
static size_t
first_of_length(const struct search_vocab *v, unsigned char c, size_t len)
{
	size_t lo = v->first_start[c], hi = v->first_start[c + 1];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strlen(search_words_at(v->terms, v->by_first[mid])) < len)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
scan_bucket(const struct search_vocab *v, unsigned char c, const char *w, size_t n, int max,
            bool swapped, void (*fn)(void *ctx, uint32_t term, int distance), void *ctx)
{
	size_t from = first_of_length(v, c, n > (size_t)max ? n - (size_t)max : 1);
	uint64_t checks = 0;
	for (size_t i = from; i < v->first_start[c + 1]; i++) {
		uint32_t t = v->by_first[i];
		const char *s = search_words_at(v->terms, t);
		size_t m = strlen(s);
		if (m > n + (size_t)max)
			break;
		checks++;
		if (swapped && (m < 2 || s[1] != w[0]))
			continue;
		int d = search_typo_distance(w, n, s, m, max);
		if (d >= 1 && d <= max)
			fn(ctx, t, d);
	}
	search_work_typo_checks(checks);
}

void
search_vocab_typos(const struct search_vocab *v, const char *w, size_t n, int max, bool swap,
                   void (*fn)(void *ctx, uint32_t term, int distance), void *ctx)
{
	if (!v || n == 0 || max <= 0)
		return;
	scan_bucket(v, (unsigned char)w[0], w, n, max, false, fn, ctx);
	if (swap && n >= 2 && w[1] != w[0])
		scan_bucket(v, (unsigned char)w[1], w, n, max, true, fn, ctx);
}

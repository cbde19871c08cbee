/* Related practices (search.h, search_related), from Leuchtturm's own index in memory
 * (memindex.c) on every storage driver, so that they are the same on SQLite and PostgreSQL
 * and a detail page asks the database for none of it: a practice's most telling words
 * (its title, summary and first sections, weighted by how rare each word is in the
 * catalog) and the practices that share the most of them. */
#include "search/search.h"
#include "search/search_internal.h"
#include "util/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RELATED_FIELDS 5           /* title, teaser, situation, implementation, results */
#define RELATED_TERMS 8            /* the practice's most telling words that are compared */
#define RELATED_CANDIDATES 80      /* distinct words looked at */
#define RELATED_DOCS_PER_TERM 5000 /* practices read per word: each request's work is bounded */

/* The title counts thrice, the summary twice, the sections once. */
static const double field_weights[RELATED_FIELDS] = {3, 2, 1, 1, 1};

struct word {
	uint32_t term;
	const char *text; /* the term's, in the snapshot */
	double weight;
};

struct words {
	const struct snapshot *x;
	struct word *items;
	size_t n, cap;
	double weight; /* of the field being read */
};

static void
add_word(void *ctx, uint32_t term)
{
	struct words *w = ctx;
	const char *text = search_mem_term_text(w->x, term);
	size_t n = strlen(text);
	/* Short words and numbers say little about what a practice is about. */
	if (n < 4 || strspn(text, "0123456789") >= n)
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->items = xrealloc(w->items, w->cap * sizeof *w->items);
	}
	w->items[w->n++] = (struct word){term, text, w->weight};
}

static int
by_term(const void *a, const void *b)
{
	uint32_t x = ((const struct word *)a)->term, y = ((const struct word *)b)->term;
	return x < y ? -1 : x > y;
}

/* Heaviest first; among equals by the word's text, so that the choice does not depend on
 * the order the index numbered its terms in. */
static int
by_weight_desc(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->text, y->text);
}

/* The practice's distinct words with their summed weights, heaviest first. */
static void
practice_words(const struct snapshot *x, size_t doc, struct words *w)
{
	w->x = x;
	for (int f = 0; f < RELATED_FIELDS; f++) {
		w->weight = field_weights[f];
		search_mem_field_terms(x, doc, f, add_word, w);
	}
	if (!w->n)
		return;
	qsort(w->items, w->n, sizeof *w->items, by_term);
	size_t m = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (m && w->items[m - 1].term == w->items[i].term)
			w->items[m - 1].weight += w->items[i].weight;
		else
			w->items[m++] = w->items[i];
	}
	w->n = m;
	qsort(w->items, w->n, sizeof *w->items, by_weight_desc);
}

/* Keeps the RELATED_TERMS words with the highest weight × idf that other practices share
 * (and not ones that nearly all have); their weight becomes that product. Returns how many. */
static size_t
telling_words(const struct snapshot *x, struct words *w)
{
	double docs = (double)search_mem_ndocs(x);
	size_t n = w->n < RELATED_CANDIDATES ? w->n : RELATED_CANDIDATES;
	for (size_t i = 0; i < n; i++) {
		double df = (double)search_mem_term_ndocs(x, w->items[i].term);
		double idf = df >= 2 && df <= docs / 3 + 1 ? log(docs / df) : 0;
		w->items[i].weight *= idf;
	}
	if (n) /* a practice without a telling word has no items at all */
		qsort(w->items, n, sizeof *w->items, by_weight_desc);
	size_t k = 0;
	while (k < n && k < RELATED_TERMS && w->items[k].weight > 0)
		k++;
	return k;
}

struct scores {
	size_t self;
	double weight; /* of the word whose practices are being read */
	double *score; /* by doc */
	uint32_t *touched;
	size_t ntouched, cap;
};

static void
add_doc(void *ctx, uint32_t doc)
{
	struct scores *c = ctx;
	if (doc == c->self)
		return;
	if (c->score[doc] == 0) {
		if (c->ntouched == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 1024;
			c->touched = xrealloc(c->touched, c->cap * sizeof *c->touched);
		}
		c->touched[c->ntouched++] = doc;
	}
	c->score[doc] += c->weight;
}

size_t
search_related(struct store *s, int64_t id, int64_t *out, size_t max)
{
	const struct snapshot *x = search_mem_acquire(s);
	if (!x)
		return 0; /* a storage error: related practices are a hint */
	long self = search_mem_doc(x, id);
	size_t n = 0;
	if (self >= 0 && max > 0) {
		struct words w = {0};
		practice_words(x, (size_t)self, &w);
		size_t k = telling_words(x, &w);
		struct scores c = {.self = (size_t)self};
		c.score = xcalloc(search_mem_ndocs(x) + 1, sizeof *c.score);
		for (size_t i = 0; i < k; i++) {
			c.weight = w.items[i].weight;
			search_mem_term_postings(x, w.items[i].term, RELATED_DOCS_PER_TERM, add_doc,
			                         &c);
		}
		/* The best max, highest score first, the older practice (lower id: docs are in
		 * id order) first among equals: one pass, max is a handful. */
		uint32_t *best = xmalloc(max * sizeof *best);
		for (size_t i = 0; i < c.ntouched; i++) {
			uint32_t d = c.touched[i];
			size_t j = n < max ? n++ : max;
			while (j > 0 && (c.score[best[j - 1]] < c.score[d] ||
			                 (c.score[best[j - 1]] == c.score[d] && best[j - 1] > d))) {
				if (j < max)
					best[j] = best[j - 1];
				j--;
			}
			if (j < max)
				best[j] = d;
		}
		for (size_t i = 0; i < n; i++)
			out[i] = search_mem_doc_id(x, best[i]);
		free(best);
		free(c.score);
		free(c.touched);
		free(w.items);
	}
	search_mem_release(x);
	return n;
}

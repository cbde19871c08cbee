/* How the typo candidates are found, measured (issue 13): the vocabulary in buckets by
 * first letter and length, scanned with the cut-off distance of src/search/words.c (what
 * the search uses), against a BK-tree, and the size a SymSpell deletion index would have.
 * The vocabulary is Debian's hunspell-de-de list (folded and stemmed, ~150,000 words: far
 * more than a catalog of 10,000 practices has) or the first N of it.
 *   bench/typo_bench.sh                       (builds this against build/liblt_core.a) */
#include "search/search.h"
#include "search/search_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* ---- a BK-tree over the words ---- */
struct bk {
	const char *w;
	int d;       /* distance to the parent */
	int child;   /* first child, -1 */
	int sibling; /* next child of the parent, -1 */
};

static struct bk *nodes;
static int nnodes;

static int
full_distance(const char *a, const char *b)
{
	return search_typo_distance(a, strlen(a), b, strlen(b), 60);
}

static void
bk_add(const char *w)
{
	nodes[nnodes] = (struct bk){w, 0, -1, -1};
	int self = nnodes++;
	if (self == 0)
		return;
	int at = 0;
	for (;;) {
		int d = full_distance(w, nodes[at].w);
		if (d == 0)
			return;
		int c = nodes[at].child, found = -1;
		for (; c >= 0; c = nodes[c].sibling)
			if (nodes[c].d == d) {
				found = c;
				break;
			}
		if (found < 0) {
			nodes[self].d = d;
			nodes[self].sibling = nodes[at].child;
			nodes[at].child = self;
			return;
		}
		at = found;
	}
}

static long visited;

static int
bk_find(int at, const char *w, int max, int found)
{
	visited++;
	int d = full_distance(w, nodes[at].w);
	if (d <= max && d > 0 && nodes[at].w[0] == w[0])
		found++;
	for (int c = nodes[at].child; c >= 0; c = nodes[c].sibling)
		if (nodes[c].d >= d - max && nodes[c].d <= d + max)
			found = bk_find(c, w, max, found);
	return found;
}

/* ---- the scan of words with the same first letter and a length in range ---- */
static const char **sorted;
static size_t nsorted;

static int
by_first_len(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	if (x[0] != y[0])
		return (unsigned char)x[0] - (unsigned char)y[0];
	return (int)strlen(x) - (int)strlen(y);
}

static size_t first_start[257];

/* As src/search/vocab.c: the first letter's bucket, from the shortest length in range. */
static int
scan_find(const char *w, int max)
{
	size_t n = strlen(w), found = 0;
	unsigned char c = (unsigned char)w[0];
	size_t lo = first_start[c], hi = first_start[c + 1];
	size_t want = n > (size_t)max ? n - (size_t)max : 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strlen(sorted[mid]) < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < first_start[c + 1]; i++) {
		const char *s = sorted[i];
		size_t m = strlen(s);
		if (m > n + (size_t)max)
			break;
		int d = search_typo_distance(w, n, s, m, max);
		found += d > 0 && d <= max;
	}
	return (int)found;
}

int
main(int argc, char **argv)
{
	size_t limit = argc > 1 ? (size_t)atol(argv[1]) : 0;
	const struct search_words *d = search_dictionary();
	size_t n = search_words_count(d);
	if (limit && limit < n)
		n = limit;
	const char **words = malloc(n * sizeof *words);
	for (size_t i = 0; i < n; i++)
		words[i] = strdup(search_words_at(d, i));
	/* Queries: every 97th word with a letter changed in the middle. */
	size_t nq = 0;
	char **queries = malloc((n / 97 + 1) * sizeof *queries);
	for (size_t i = 0; i < n; i += 97) {
		char *q = strdup(words[i]);
		size_t len = strlen(q);
		if (len < 5)
			continue;
		q[len / 2] = q[len / 2] == 'e' ? 'a' : 'e';
		queries[nq++] = q;
	}
	double t0 = now_us();
	nodes = malloc(n * sizeof *nodes);
	for (size_t i = 0; i < n; i++)
		bk_add(words[i]);
	double t1 = now_us();
	sorted = malloc(n * sizeof *sorted);
	memcpy(sorted, words, n * sizeof *sorted);
	nsorted = n;
	qsort(sorted, n, sizeof *sorted, by_first_len);
	for (size_t k = 0, c = 0; c < 257; c++) {
		first_start[c] = k;
		while (c < 256 && k < n && (unsigned char)sorted[k][0] == c)
			k++;
	}
	double t2 = now_us();
	long bk_found = 0, scan_found = 0;
	double bk_us = 0, scan_us = 0;
	for (int max = 1; max <= 2; max++) {
		double a = now_us();
		for (size_t i = 0; i < nq; i++)
			bk_found += bk_find(0, queries[i], max, 0);
		double b = now_us();
		for (size_t i = 0; i < nq; i++)
			scan_found += scan_find(queries[i], max);
		double c = now_us();
		bk_us += b - a;
		scan_us += c - b;
		printf(
		    "distance %d: BK-tree %.1f µs a query (%.0f nodes visited), bucket scan %.1f "
		    "µs a query\n",
		    max, (b - a) / (double)nq, (double)visited / (double)nq, (c - b) / (double)nq);
		visited = 0;
	}
	/* SymSpell: every word with up to two letters deleted, as keys of a hash table. */
	double deletes = 0;
	for (size_t i = 0; i < n; i++) {
		double len = (double)strlen(words[i]);
		deletes += 1 + len + len * (len - 1) / 2;
	}
	printf("%zu words, %zu queries; built: BK-tree %.0f ms, buckets %.0f ms; found the same: "
	       "%s (%ld, %ld)\n",
	       n, nq, (t1 - t0) / 1e3, (t2 - t1) / 1e3, bk_found == scan_found ? "yes" : "no",
	       bk_found, scan_found);
	printf("SymSpell (distance 2) would hold %.1f million deletion keys (~%.0f MB)\n",
	       deletes / 1e6, deletes * 24 / 1e6);
	return 0;
}

/* What a catalog change costs the search (issue 13): the in-memory vocabulary (terms,
 * compound parts, synonyms) is built anew from the text index after every change, on the
 * first search that needs it. This builds it ROUNDS times from a database and reports
 * the times and the vocabulary's size, the dictionary's loading apart (once a process).
 *   bench/vocab_bench.sh DB [ROUNDS]      (DB: a leuchtturm.db, e.g. after
 *                                          bench/gen_practices.py 10000 | leuchtturm import) */
#include "search/search.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
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

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DB [ROUNDS]\n", argv[0]);
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	if (rounds < 1 || rounds > 100)
		rounds = 5;
	struct store *s;
	if (store_open(&s, argv[1]) != STORE_OK) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	double t0 = now_ms();
	search_vocab_free(search_vocab_build(s)); /* loads the dictionary too */
	double first = now_ms() - t0;
	double *ms = calloc((size_t)rounds, sizeof *ms);
	size_t terms = 0, bytes = 0;
	for (int i = 0; i < rounds; i++) {
		double t = now_ms();
		struct search_vocab *v = search_vocab_build(s);
		ms[i] = now_ms() - t;
		terms = search_vocab_terms(v);
		bytes = search_vocab_bytes(v);
		search_vocab_free(v);
	}
	qsort(ms, (size_t)rounds, sizeof *ms, by_value);
	printf("vocabulary: %zu terms, %zu KB; first build (with the dictionary) %.0f ms; "
	       "rebuild after a change: min %.0f / median %.0f / max %.0f ms (%d rounds)\n",
	       terms, bytes / 1024, first, ms[0], ms[rounds / 2], ms[rounds - 1], rounds);
	free(ms);
	store_close(s);
	return 0;
}

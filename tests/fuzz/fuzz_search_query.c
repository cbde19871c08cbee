/* libFuzzer entry point for the search-query sanitiser (search_query_build in
 * src/search/query.c): whatever people type into the search box must become an FTS5
 * expression of quoted words that FTS5 accepts, so a search never becomes an SQL error.
 * Each expression is run against an in-memory FTS5 table with the catalog's tokenizer; the
 * target also checks the promises of search.h and aborts when one is broken. Build and run
 * with tests/fuzz/run.sh. */
#include "search/search.h"
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check(int ok, const char *what, const char *input)
{
	if (!ok) {
		fprintf(stderr, "fuzz_search_query: broken promise: %s for input \"%s\"\n", what,
		        input);
		abort();
	}
}

static const struct store_query q_table = {
    "fuzz_table", "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '" SEARCH_TOKENIZER "')"};
static const struct store_query q_row = {
    "fuzz_row", "INSERT INTO t (body) VALUES ('Anerkennungsberatung für Fachkräfte "
                "im E-Learning \"Brücken\" bauen')"};
static const struct store_query q_match = {"fuzz_match", "SELECT count(*) FROM t WHERE t MATCH ?1"};

static struct store *
database(void)
{
	static struct store *s;
	if (!s) {
		if (store_open(&s, ":memory:") != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_table)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_row)) != STORE_OK) {
			fprintf(stderr, "fuzz_search_query: cannot make the FTS5 table\n");
			abort();
		}
	}
	return s;
}

/* The number of quoted strings in match if it is a list of them separated by single
 * spaces, with '"' inside doubled; -1 when it is not. */
static long
quoted_strings(const char *m)
{
	long n = 0;
	for (const char *p = m; *p;) {
		if (*p++ != '"')
			return -1;
		for (;;) {
			if (!*p)
				return -1;
			if (p[0] == '"' && p[1] == '"') {
				p += 2;
				continue;
			}
			if (*p++ == '"')
				break;
		}
		n++;
		if (*p == ' ' && p[1])
			p++;
		else if (*p)
			return -1;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *input = malloc(size + 1);
	if (!input)
		abort();
	memcpy(input, data, size);
	input[size] = '\0';
	struct search_query q;
	search_query_build(&q, input);
	check(q.text != NULL, "text is never NULL", input);
	check(strlen(q.text) <= strlen(input), "text is never longer than the input", input);
	check(q.nterms <= SEARCH_MAX_TERMS, "at most SEARCH_MAX_TERMS words", input);
	if (!q.match) {
		check(q.nterms == 0, "no expression without words", input);
	} else {
		check(q.nterms > 0, "an expression has words", input);
		check(quoted_strings(q.match) == (long)q.nterms, "quoted words, one per term",
		      input);
		struct stmt *st = store_stmt(database(), &q_match);
		stmt_bind_text(st, 1, q.match);
		int rc = stmt_step(st);
		stmt_done(st);
		check(rc == STORE_ROW, "FTS5 accepts the expression", input);
	}
	search_query_free(&q);
	free(input);
	return 0;
}

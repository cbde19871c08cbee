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
/* The tables the search's vocabulary reads (as in the migrations), for search_plan_build. */
static const struct store_query q_catalog = {
    "fuzz_catalog",
    "CREATE VIRTUAL TABLE practice_fts USING fts5(body, tokenize = '" SEARCH_TOKENIZER "')"};
static const struct store_query q_catalog_row = {
    "fuzz_catalog_row",
    "INSERT INTO practice_fts (body) VALUES ('Arbeitsmarktintegration im Integrationskurs, "
    "Sprachcoaching und Qualifizierung für Beraterinnen und Ärztinnen, Lehrer*innen')"};
static const struct store_query q_vocab = {
    "fuzz_vocab", "CREATE VIRTUAL TABLE practice_fts_row USING fts5vocab(practice_fts, 'row')"};
static const struct store_query q_synonyms = {
    "fuzz_synonyms", "CREATE TABLE search_synonym (id INTEGER PRIMARY KEY, terms TEXT NOT NULL)"};
static const struct store_query q_synonym_row = {
    "fuzz_synonym_row", "INSERT INTO search_synonym (terms) VALUES ('BA, Bundesagentur für "
                        "Arbeit'), ('KMU, kleine und mittlere Unternehmen')"};
static const struct store_query q_plan_match = {
    "fuzz_plan_match", "SELECT count(*) FROM practice_fts WHERE practice_fts MATCH ?1"};

static struct store *
database(void)
{
	static struct store *s;
	if (!s) {
		/* The tables above are FTS5's: the search's own index in memory (the default)
		 * would ask for the catalog's schema, which this database does not have. */
		setenv("LEUCHTTURM_SEARCH_INDEX", "fts5", 1);
		if (store_open(&s, ":memory:") != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_table)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_row)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_catalog)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_catalog_row)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_vocab)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_synonyms)) != STORE_OK ||
		    stmt_exec(store_stmt(s, &q_synonym_row)) != STORE_OK) {
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
	/* The plan with typos, parts and synonyms: every tier an expression FTS5 accepts,
	 * with a bounded number of terms, and the suggestion (if any) a searchable text. */
	static struct search_vocab *v;
	if (!v && !(v = search_vocab_build(database()))) {
		fprintf(stderr, "fuzz_search_query: cannot read the vocabulary\n");
		abort();
	}
	struct search_plan p;
	search_plan_build(&p, v, input);
	check(strcmp(p.text, q.text) == 0, "the plan's text is the query's", input);
	check((p.match[0] == NULL) == (q.match == NULL), "a plan when there are words", input);
	for (int t = 0; p.match[0] && t < SEARCH_TIERS; t++) {
		size_t raw = 0;
		for (const char *c = p.match[t]; *c; c++)
			raw += *c == '\x1A';
		check(raw <= SEARCH_MAX_ALTERNATIVES + SEARCH_MAX_TERMS, "bounded expansion",
		      input);
		struct stmt *st = store_stmt(database(), &q_plan_match);
		stmt_bind_text(st, 1, p.match[t]);
		int rc = stmt_step(st);
		stmt_done(st);
		check(rc == STORE_ROW, "FTS5 accepts every tier", input);
	}
	search_plan_free(&p);
	search_query_free(&q);
	free(input);
	return 0;
}

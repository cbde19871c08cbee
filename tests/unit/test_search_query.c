/* The query sanitiser: whatever a person types is a search, never FTS5 syntax and never an
 * SQL error; over-long input is cut with a note. */
#include "search/search.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_table = {
    "t_q_table", "CREATE VIRTUAL TABLE doc USING fts5(title, body, tokenize = 'leuchtturm_de')"};
static const struct store_query q_add = {"t_q_add",
                                         "INSERT INTO doc(rowid, title, body) VALUES (?1, ?2, ?3)"};
static const struct store_query q_match = {"t_q_match",
                                           "SELECT count(*) FROM doc WHERE doc MATCH ?1"};

#define assert_match(input, want)                                                                  \
	do {                                                                                       \
		struct search_query q_;                                                            \
		search_query_build(&q_, (input));                                                  \
		if ((want) == NULL)                                                                \
			assert_null(q_.match);                                                     \
		else                                                                               \
			assert_string_equal(q_.match ? q_.match : "(null)", (want));               \
		search_query_free(&q_);                                                            \
	} while (0)

static void
test_words_are_quoted(void **state)
{
	assert_match("Anerkennung Pflege", "\"Anerkennung\" \"Pflege\"");
	assert_match("  viele   Leerzeichen\t\n", "\"viele\" \"Leerzeichen\"");
	assert_match("a AND b", "\"a\" \"AND\" \"b\"");
	assert_match("a OR b NOT c", "\"a\" \"OR\" \"b\" \"NOT\" \"c\"");
	assert_match("NEAR(a b)", "\"NEAR(a\" \"b)\"");
	assert_match("foo*", "\"foo*\"");
	assert_match("-foo", "\"-foo\"");
	assert_match("title:foo", "\"title:foo\"");
	assert_match("{title body}: x", "\"{title\" \"body}:\" \"x\"");
	assert_match("^start", "\"^start\"");
	assert_match("foo\"bar", "\"foo\"\"bar\"");
	assert_match("\"Anerkennung\"", "\"\"\"Anerkennung\"\"\"");
	assert_match("'; DROP TABLE practice; --", "\"DROP\" \"TABLE\" \"practice;\"");
}

static void
test_no_words(void **state)
{
	assert_match(NULL, NULL);
	assert_match("", NULL);
	assert_match("   ", NULL);
	assert_match("\"", NULL);
	assert_match("\"\"\"", NULL);
	assert_match("*", NULL);
	assert_match("- * ( ) \" ^ : { } +", NULL);
	assert_match("…", NULL);
	struct search_query q;
	search_query_build(&q, "  \" ");
	assert_string_equal(q.text, "\"");
	assert_int_equal(q.nterms, 0);
	assert_false(q.truncated);
	search_query_free(&q);
}

static void
test_cut_long_input(void **state)
{
	char long_word[1000];
	memset(long_word, 'x', sizeof long_word - 1);
	long_word[sizeof long_word - 1] = '\0';
	struct search_query q;
	search_query_build(&q, long_word);
	assert_true(q.truncated);
	assert_int_equal(strlen(q.text), SEARCH_MAX_CHARS); /* one word: cut inside it */
	search_query_free(&q);

	/* Many words: cut at the last space before the limit. */
	char words[2000] = "";
	for (int i = 0; i < 150; i++)
		strcat(words, "wort ");
	search_query_build(&q, words);
	assert_true(q.truncated);
	assert_true(strlen(q.text) <= SEARCH_MAX_CHARS);
	assert_int_equal(q.text[strlen(q.text) - 1], 't');
	assert_int_equal(q.nterms, SEARCH_MAX_TERMS);
	search_query_free(&q);

	/* Code points, not bytes: 200 umlauts fit, 201 do not. */
	char umlauts[1000] = "";
	for (int i = 0; i < SEARCH_MAX_CHARS; i++)
		strcat(umlauts, "ä");
	search_query_build(&q, umlauts);
	assert_false(q.truncated);
	search_query_free(&q);
	strcat(umlauts, "ö");
	search_query_build(&q, umlauts);
	assert_true(q.truncated);
	assert_int_equal(strlen(q.text), 2 * SEARCH_MAX_CHARS);
	search_query_free(&q);

	/* Exactly the term limit is not cut. */
	char sixteen[200] = "";
	for (int i = 0; i < SEARCH_MAX_TERMS; i++)
		strcat(sixteen, "ab ");
	search_query_build(&q, sixteen);
	assert_false(q.truncated);
	assert_int_equal(q.nterms, SEARCH_MAX_TERMS);
	search_query_free(&q);
}

struct fixture {
	char path[64];
	struct store *s;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open_empty(&f->s, f->path, sizeof f->path, "query");
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_table)), STORE_OK);
	struct stmt *st = store_stmt(f->s, &q_add);
	stmt_bind_int(st, 1, 1);
	stmt_bind_text(st, 2, "NEAR AND OR NOT title");
	stmt_bind_text(st, 3, "E-Learning für Jobcenter: \"Praxis\" (2024) * drop table");
	assert_int_equal(stmt_exec(st), STORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	free(f);
	return 0;
}

/* Every nasty input runs as a query without an error; returns the match count. */
static int64_t
run(struct store *s, const char *input)
{
	struct search_query q;
	search_query_build(&q, input);
	if (!q.match) {
		search_query_free(&q);
		return -1;
	}
	struct stmt *st = store_stmt(s, &q_match);
	stmt_bind_text(st, 1, q.match);
	int rc = stmt_step(st);
	if (rc != STORE_ROW)
		fail_msg("input %s gave the query %s, which failed", input, q.match);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	search_query_free(&q);
	return n;
}

static void
test_nasty_inputs_run(void **state)
{
	struct fixture *f = *state;
	static const char *const inputs[] = {
	    "\"",
	    "\"\"",
	    "\"a",
	    "a\"",
	    "\"a\" \"",
	    "a\"b\"c",
	    "*",
	    "a*",
	    "*a",
	    "-",
	    "-a",
	    "a-",
	    "a - b",
	    "+a",
	    "^a",
	    "a^",
	    ":",
	    "a:",
	    "title:a",
	    "body : a",
	    "{title}: a",
	    "{title body}:",
	    "-{title}",
	    "(",
	    ")",
	    "(a",
	    "a)",
	    "((a))",
	    "(a OR b) AND c",
	    "NEAR",
	    "NEAR(",
	    "NEAR(a b, 2)",
	    "NEAR/2",
	    "a NEAR b",
	    "AND",
	    "OR",
	    "NOT",
	    "a AND",
	    "OR a",
	    "NOT a",
	    "a NOT",
	    "a OR OR b",
	    "and or not near",
	    "'",
	    "';",
	    "\\",
	    "\\\"",
	    "%",
	    "_",
	    "a'b",
	    "SELECT * FROM practice",
	    "'; DROP TABLE doc; --",
	    "\x01\x02",
	    "\xff\xfe",
	    "e\xcc\x81",
	    "日本語",
	    "😀",
	    "a\xc2\xa0"
	    "b",
	    "\t\n\r",
	    "«Praxis»",
	    "„Praxis“",
	    "E-Learning",
	    "2024",
	    "title",
	    "Jobcenter:",
	    "(2024)",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		run(f->s, inputs[i]);
}

static void
test_syntax_is_text(void **state)
{
	struct fixture *f = *state;
	/* The keywords are words of the document, found as such. */
	assert_int_equal(run(f->s, "NEAR AND OR NOT"), 1);
	assert_int_equal(run(f->s, "title:Jobcenter"), 0); /* a phrase "title jobcenter" */
	assert_int_equal(run(f->s, "Jobcenter:"), 1);
	assert_int_equal(run(f->s, "\"Praxis\""), 1);
	assert_int_equal(run(f->s, "(2024)"), 1);
	assert_int_equal(run(f->s, "e-learning"), 1);
	assert_int_equal(run(f->s, "-Jobcenter"), 1); /* not "without Jobcenter" */
	assert_int_equal(run(f->s, "Jobcenter*"), 1);
	assert_int_equal(run(f->s, "Job*"), 0); /* no prefix search: * is not syntax */
	assert_int_equal(run(f->s, "drop table"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_words_are_quoted),
	    cmocka_unit_test(test_no_words),
	    cmocka_unit_test(test_cut_long_input),
	    cmocka_unit_test_setup_teardown(test_nasty_inputs_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_syntax_is_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

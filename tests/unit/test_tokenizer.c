/* The German tokenizer: folding of case, umlauts and ß, Snowball stemming, word splitting,
 * and what FTS5 finds with it (inflections, umlaut spellings, "oe" for "ö"). */
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
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
    "t_tok_table", "CREATE VIRTUAL TABLE doc USING fts5(body, tokenize = 'leuchtturm_de')"};
static const struct store_query q_add = {"t_tok_add",
                                         "INSERT INTO doc(rowid, body) VALUES (?1, ?2)"};
static const struct store_query q_match = {
    "t_tok_match", "SELECT group_concat(rowid, ',') FROM (SELECT rowid FROM doc WHERE doc "
                   "MATCH ?1 ORDER BY rowid)"};
static const struct store_query q_highlight = {
    "t_tok_highlight", "SELECT highlight(doc, 0, '[', ']') FROM doc WHERE doc MATCH ?1"};

/* All terms of text, joined by spaces. */
static void
collect(void *ctx, const char *term, size_t n)
{
	struct buf *b = ctx;
	if (b->len)
		buf_putc(b, ' ');
	buf_append(b, term, n);
}

static char *
terms(const char *text)
{
	struct buf b = BUF_INIT;
	search_terms(text, collect, &b);
	char *s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

#define assert_terms(text, want)                                                                   \
	do {                                                                                       \
		char *got_ = terms(text);                                                          \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static void
test_fold(void **state)
{
	struct buf b = BUF_INIT;
	search_fold(&b, "ÄÖÜ äöü ß ẞ Élan Ça Øre Æsop ŁÓDŹ Straße");
	assert_string_equal(buf_str(&b), "aou aou ss ss elan ca ore aesop lodz strasse");
	buf_free(&b);
	char out[4];
	assert_int_equal(search_fold_cp('Q', out), 1);
	assert_int_equal(out[0], 'q');
	/* Every code point of Latin Extended-A folds to an ASCII letter or two. */
	for (unsigned cp = 0x100; cp <= 0x17F; cp++) {
		size_t n = search_fold_cp(cp, out);
		assert_true(n == 1 || n == 2);
		for (size_t i = 0; i < n; i++)
			assert_true(out[i] >= 'a' && out[i] <= 'z');
	}
	assert_int_equal(search_fold_cp(0x10D, out), 1); /* č */
	assert_int_equal(out[0], 'c');
	assert_int_equal(search_fold_cp(0x17E, out), 1); /* ž */
	assert_int_equal(out[0], 'z');
	assert_int_equal(search_fold_cp(0x165, out), 1); /* ť */
	assert_int_equal(out[0], 't');
	assert_int_equal(search_fold_cp(0x16F, out), 1); /* ů */
	assert_int_equal(out[0], 'u');
	/* Cyrillic and Greek capitals are lowered. */
	search_fold(&b, "МОСКВА Ωμέγα");
	assert_string_equal(buf_str(&b), "москва ωμέγα");
	buf_free(&b);
}

static void
test_stemming(void **state)
{
	assert_terms("Anerkennungsberatungen", "anerkennungsberat");
	assert_terms("Anerkennungsberatung", "anerkennungsberat");
	assert_terms("ANERKENNUNGSBERATUNG", "anerkennungsberat");
	assert_terms("Förderung Forderung FÖRDERUNG", "forder forder forder");
	assert_terms("Größe grösse GRÖSSE", "gross gross gross");
	assert_terms("Straße Strasse STRASSE", "strass strass strass");
	assert_terms("Pflegekräfte Pflegekraft", "pflegekraft pflegekraft");
	assert_terms("Jobcenter Jobcentern", "jobcent jobcent");
	assert_terms("Häuser", "haus");
}

static void
test_splitting(void **state)
{
	assert_terms("E-Learning/Blended-Learning, 2024!", "e learning blended learning 2024");
	assert_terms("  \"NEAR(a b)\" AND * -x ^y {z}: ", "near a b and x y z");
	assert_terms("Zugewanderte (m/w/d) – „Quelle“ · …", "zugewandert m w d quell");
	assert_terms("", "");
	assert_terms("––– … !!!", "");
	/* A decomposed é (e + combining acute) is one word, folded. */
	assert_terms("Cafe\xcc\x81 Caf\xc3\xa9", "caf caf");
	/* Invalid UTF-8 separates words and does not crash. */
	assert_terms("ab\xff\xfe"
	             "cd \xc3 ef \xed\xa0\x80 gh",
	             "ab cd ef gh");
}

static void
test_long_word(void **state)
{
	char word[400];
	memset(word, 'A', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	char *t = terms(word);
	/* Indexed by its first 128 bytes, folded, unstemmed. */
	assert_int_equal(strlen(t), 128);
	assert_true(t[0] == 'a' && t[127] == 'a');
	free(t);
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
	temp_db_open_empty(&f->s, f->path, sizeof f->path, "tok");
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_table)), STORE_OK);
	static const char *const docs[] = {
	    "Anerkennungsberatung für Pflegekräfte aus Drittstaaten",
	    "Förderung der beruflichen Integration von Geflüchteten",
	    "Interkulturelle Schulungen für Jobcenter und Arbeitsagenturen",
	    "Übergänge in den Arbeitsmarkt: Mentoring für Ingenieurinnen",
	    "Die Größe des Netzwerks wächst an der Straße",
	};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		struct stmt *st = store_stmt(f->s, &q_add);
		stmt_bind_int(st, 1, (int64_t)i + 1);
		stmt_bind_text(st, 2, docs[i]);
		assert_int_equal(stmt_exec(st), STORE_OK);
	}
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

/* The rowids the sanitised input finds, "1,3", or "" for none. */
static char *
find(struct store *s, const char *input)
{
	struct search_query q;
	search_query_build(&q, input);
	struct stmt *st = store_stmt(s, &q_match);
	stmt_bind_text(st, 1, q.match);
	int rc = stmt_step(st);
	assert_int_equal(rc, STORE_ROW);
	char *ids = xstrdup(stmt_text(st, 0));
	stmt_done(st);
	search_query_free(&q);
	return ids;
}

#define assert_finds(s, input, want)                                                               \
	do {                                                                                       \
		char *got_ = find((s), (input));                                                   \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static void
test_search_inflections(void **state)
{
	struct fixture *f = *state;
	assert_finds(f->s, "Anerkennungsberatungen", "1");
	assert_finds(f->s, "anerkennungsberatung", "1");
	assert_finds(f->s, "Pflegekraft", "1");
	assert_finds(f->s, "jobcentern", "3");
	assert_finds(f->s, "Geflüchtete", "2");
	assert_finds(f->s, "Arbeitsagentur", "3");
}

static void
test_search_umlauts(void **state)
{
	struct fixture *f = *state;
	/* Without umlauts, with them, in capitals, and spelt out with e. */
	assert_finds(f->s, "Forderung", "2");
	assert_finds(f->s, "FÖRDERUNG", "2");
	assert_finds(f->s, "foerderung", "2");
	assert_finds(f->s, "Uebergaenge", "4");
	assert_finds(f->s, "Ubergange", "4");
	assert_finds(f->s, "GROESSE", "5");
	assert_finds(f->s, "Strasse", "5");
	assert_finds(f->s, "STRAßE", "5");
	/* "ue" in "Quelle" or "neue" is no umlaut, and no harm: nothing matches. */
	assert_finds(f->s, "neue Quelle", "");
}

static void
test_search_all_words(void **state)
{
	struct fixture *f = *state;
	assert_finds(f->s, "mentoring INGENIEURINNEN", "4");
	assert_finds(f->s, "Mentoring Pflege", "");
	assert_finds(f->s, "für", "1,3,4");
}

static void
test_highlight_offsets(void **state)
{
	struct fixture *f = *state;
	struct search_query q;
	search_query_build(&q, "förderung integration");
	struct stmt *st = store_stmt(f->s, &q_highlight);
	stmt_bind_text(st, 1, q.match);
	assert_int_equal(stmt_step(st), STORE_ROW);
	/* The marks sit on the words as written, umlauts and all. */
	assert_string_equal(stmt_text(st, 0),
	                    "[Förderung] der beruflichen [Integration] von Geflüchteten");
	stmt_done(st);
	search_query_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fold),
	    cmocka_unit_test(test_stemming),
	    cmocka_unit_test(test_splitting),
	    cmocka_unit_test(test_long_word),
	    cmocka_unit_test_setup_teardown(test_search_inflections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_umlauts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_all_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_highlight_offsets, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

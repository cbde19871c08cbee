/* The word rules of the search (issue 13), each by itself: gender forms in the tokenizer,
 * the typo distance and its limits, the compound splitter with and without linking
 * elements (against Debian's hunspell-de-de list and a vocabulary), words it must not
 * split, and the raw terms of the query expansion. */
#include "search/search.h"
#include "search/search_internal.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

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
test_gender_forms(void **state)
{
	/* All spellings of the teachers meet "Lehrer". */
	assert_terms("Lehrer Lehrerin Lehrerinnen Lehrer*innen Lehrer:innen Lehrer_innen "
	             "LehrerInnen Lehrer/innen Lehrer/-innen Lehrer·innen",
	             "lehr lehr lehr lehr lehr lehr lehr lehr lehr lehr");
	/* The examples. */
	char *a = terms("Beraterin"), *b = terms("Beraterinnen"), *c = terms("Berater");
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(a), free(b), free(c);
	assert_terms("Ärztin Ärztinnen Arzt Ärzte", "arzt arzt arzt arzt");
	assert_terms("Köchin Kollegin Studentinnen", "koch kolleg student");
	/* A gender mark alone, or before other letters, stays a word boundary. */
	assert_terms("Lehrer*innenzimmer", "lehr innenzimm");
	assert_terms("Lehrer*", "lehr");
}

static void
test_not_feminine(void **state)
{
	/* Words in -in that are no feminine form keep their ending. */
	assert_terms("Termin Beratungstermin Medizin Verein Kokain weiterhin Berlin",
	             "termin beratungstermin medizin verein kokain weiterhin berlin");
	/* -innen of verbs with short stems: gewinnen, beginnen stay as they were. */
	assert_terms("gewinnen beginnen Innen drinnen", "gewinn beginn inn drinn");
}

static void
test_typo_distance(void **state)
{
	/* Insert, delete, substitute, swap of neighbours: one each. */
	assert_int_equal(search_typo_distance("qualifzier", 10, "qualifizier", 11, 2), 1);
	assert_int_equal(search_typo_distance("sprachcoching", 13, "sprachcoaching", 14, 2), 1);
	assert_int_equal(search_typo_distance("beratugn", 8, "beratung", 8, 2), 1);
	assert_int_equal(search_typo_distance("beratunk", 8, "beratung", 8, 2), 1);
	assert_int_equal(search_typo_distance("beratungg", 9, "beratung", 8, 2), 1);
	assert_int_equal(search_typo_distance("beratung", 8, "beratung", 8, 2), 0);
	/* Two, and more than the limit (max + 1). */
	assert_int_equal(search_typo_distance("qualfzierung", 12, "qualifizierung", 14, 2), 2);
	assert_int_equal(search_typo_distance("kurs", 4, "haus", 4, 1), 2);
	assert_int_equal(search_typo_distance("a", 1, "abcdef", 6, 2), 3);
	/* The limits of a query word: none below 5 letters, one from 5, two from 9. */
	assert_int_equal(search_typos_allowed(4), 0);
	assert_int_equal(search_typos_allowed(5), 1);
	assert_int_equal(search_typos_allowed(8), 1);
	assert_int_equal(search_typos_allowed(9), 2);
	assert_int_equal(search_typos_allowed(13), 2);
}

static struct search_words *
words(const char *const *list)
{
	struct search_words *w = search_words_new();
	for (size_t i = 0; list[i]; i++)
		search_words_add(w, list[i], strlen(list[i]));
	return w;
}

/* The parts of w joined by '|', "" when it is not split. */
static char *
split(struct search_stemmer *st, const struct search_words *a, const struct search_words *b,
      const char *w)
{
	struct search_part parts[SEARCH_MAX_PARTS];
	size_t n = search_split(st, a, b, w, strlen(w), parts);
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&out, '|');
		buf_append(&out, w + parts[i].start, parts[i].len);
	}
	char *s = xstrdup(buf_str(&out));
	buf_free(&out);
	return s;
}

#define assert_split(a, b, w, want)                                                                \
	do {                                                                                       \
		char *got_ = split(st, (a), (b), (w));                                             \
		assert_string_equal(got_, (want));                                                 \
		free(got_);                                                                        \
	} while (0)

static void
test_split_small_dictionary(void **state)
{
	static const char *const list[] = {
	    "arbeit", "markt",  "integration", "kur",     "sprach", "kind",  "betreuung", "bein",
	    "halt",   "inhalt", "verb",        "raucher", "brauch", "stell", "beratung",  NULL};
	struct search_words *d = words(list);
	struct search_stemmer *st = search_stemmer_new(false);
	/* Without a linking element, with -s-, with -er-. */
	assert_split(d, NULL, "sprachkur", "sprach|kur");
	assert_split(d, NULL, "integrationskur", "integration|kur");
	assert_split(d, NULL, "arbeitsmarktintegration", "arbeit|markt|integration");
	assert_split(d, NULL, "kinderbetreuung", "kind|betreuung");
	assert_split(d, NULL, "beratungsstell", "beratung|stell");
	/* A second word list (the vocabulary) counts too: fewer parts win. */
	static const char *const vocab[] = {"arbeitsmarkt", NULL};
	struct search_words *v = words(vocab);
	assert_split(d, v, "arbeitsmarktintegration", "arbeitsmarkt|integration");
	/* Prefix and word: no compound, though bein|halt and verb|raucher are words. */
	assert_split(d, NULL, "beinhalt", "");
	assert_split(d, NULL, "verbraucher", "");
	/* Unknown parts, short parts, a word alone. */
	assert_split(d, NULL, "integrationsxyz", "");
	assert_split(d, NULL, "integration", "");
	assert_split(d, NULL, "kurkur", "");
	search_words_free(v);
	search_words_free(d);
	search_stemmer_free(st);
}

static void
test_split_hunspell(void **state)
{
	/* Debian's hunspell-de-de (scripts/install-deps) is the dictionary. */
	const struct search_words *d = search_dictionary();
	assert_true(search_words_has(d, "integration", 11));
	struct search_stemmer *st = search_stemmer_new(false);
	assert_split(d, NULL, "integrationskur", "integration|kur");
	assert_split(d, NULL, "sprachkur", "sprach|kur");
	char *got = split(st, d, NULL, "arbeitsmarktintegration");
	assert_non_null(strstr(got, "|integration"));
	free(got);
	assert_split(d, NULL, "verbrauch", "");
	assert_split(d, NULL, "beinhalt", "");
	/* -er- is a linking element too: "verbrauch|er|schutz", the same stems as verbraucher. */
	assert_split(d, NULL, "verbraucherschutz", "verbrauch|schutz");
	search_stemmer_free(st);
}

static void
test_words_set(void **state)
{
	struct search_words *w = search_words_new();
	char word[16];
	for (int i = 0; i < 5000; i++) {
		snprintf(word, sizeof word, "w%d", i);
		assert_int_equal(search_words_add(w, word, strlen(word)), i);
	}
	assert_int_equal(search_words_add(w, "w17", 3), 17);
	assert_int_equal(search_words_find(w, "w4999", 5), 4999);
	assert_int_equal(search_words_find(w, "w5000", 5), -1);
	assert_string_equal(search_words_at(w, 42), "w42");
	assert_int_equal(search_words_count(w), 5000);
	search_words_free(w);
}

static void
raw_collect(void *ctx, const char *term, size_t n, bool alternative)
{
	collect(ctx, term, n);
}

static const struct store_query q_table = {
    "t_words_table", "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '" SEARCH_TOKENIZER "')"};
static const struct store_query q_row = {"t_words_row",
                                         "INSERT INTO t (body) VALUES ('Zwei Kurse')"};
static const struct store_query q_count = {"t_words_count",
                                           "SELECT count(*) FROM t WHERE t MATCH ?1"};

static int64_t
count(struct store *s, const char *match)
{
	struct stmt *st = store_stmt(s, &q_count);
	stmt_bind_text(st, 1, match);
	return stmt_one_int(st);
}

static void
test_raw_terms(void **state)
{
	/* The expansion's raw terms are not stemmed again; what people type never is raw. */
	struct search_stemmer *st = search_stemmer_new(false);
	struct buf b = BUF_INIT;
	search_tokens(st, SEARCH_RAW_MARK "Kurse", 6, true, raw_collect, &b);
	assert_string_equal(buf_str(&b), "kurs"); /* the mark is not honoured here */
	buf_free(&b);
	search_stemmer_free(st);
	/* In FTS5 it is: "kurs" is the index term of "Kurse", "kur" that of "Kurs". */
	struct store *s;
	assert_int_equal(store_open(&s, ":memory:"), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(s, &q_table)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(s, &q_row)), STORE_OK);
	assert_int_equal(count(s, "\"" SEARCH_RAW_MARK "kurs\""), 1);
	assert_int_equal(count(s, "\"" SEARCH_RAW_MARK "kurse\""), 0);
	assert_int_equal(count(s, "\"Kurse\""), 1);
	store_close(s);
	/* The sanitiser takes the mark for a space. */
	struct search_query q;
	search_query_build(&q, SEARCH_RAW_MARK "Kurse");
	assert_string_equal(q.match, "\"Kurse\"");
	search_query_free(&q);
}

static void
test_plan_without_vocabulary(void **state)
{
	/* No vocabulary (a storage error): each tier is the plain query. */
	struct search_plan p;
	search_plan_build(&p, NULL, "Sprachcoching im Betrieb");
	for (int t = 0; t < SEARCH_TIERS; t++)
		assert_string_equal(p.match[t], "\"Sprachcoching\" \"im\" \"Betrieb\"");
	assert_null(p.suggestion);
	search_plan_free(&p);
	search_plan_build(&p, NULL, "*");
	assert_null(p.match[0]);
	search_plan_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_gender_forms),   cmocka_unit_test(test_not_feminine),
	    cmocka_unit_test(test_typo_distance),  cmocka_unit_test(test_split_small_dictionary),
	    cmocka_unit_test(test_split_hunspell), cmocka_unit_test(test_words_set),
	    cmocka_unit_test(test_raw_terms),      cmocka_unit_test(test_plan_without_vocabulary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

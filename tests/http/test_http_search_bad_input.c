/* HTTP tests of bad input to the catalog's search (issue 13, "Bad input"): FTS syntax, a
 * 3,000-character query, 200 words, words of one letter, only punctuation, 30 long words
 * that would make the typo expansion explode. Each gets a clear answer (200 with the
 * search box, and a note where the input was cut or had no words; never a 500), and the
 * work it caused, as the server counts it on /metrics (leuchtturm_search_work_total), stays
 * within the search's bounds: at most SEARCH_MAX_TERMS words a search, at most
 * SEARCH_MAX_ALTERNATIVES index terms a tier, at most two scans of the vocabulary a word
 * for typos. Counted work, not wall time: the machine's load does not make it pass or fail.
 * One server for the group (the catalog fixture: the demo data plus its practices). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "catalog_fixture.h"

/* The search's bounds (src/search/search.h). */
#define MAX_TERMS 16
#define MAX_ALTERNATIVES 160
#define TIERS 3

struct work {
	double plans, words, alternatives, typo_checks, vocabulary;
};

/* The value of the sample line that starts with name. */
static double
sample(const char *body, const char *name)
{
	const char *p = strstr(body, tstr("\n%s", name));
	if (!p)
		fail_msg("/metrics has no %s", name);
	return strtod(p + 1 + strlen(name), NULL);
}

static void
read_work(struct work *w)
{
	struct resp r;
	get_status("/metrics", 200, &r);
	w->plans = sample(r.body, "leuchtturm_search_work_total{what=\"plans\"} ");
	w->words = sample(r.body, "leuchtturm_search_work_total{what=\"words\"} ");
	w->alternatives = sample(r.body, "leuchtturm_search_work_total{what=\"alternatives\"} ");
	w->typo_checks = sample(r.body, "leuchtturm_search_work_total{what=\"typo_checks\"} ");
	w->vocabulary = sample(r.body, "leuchtturm_search_vocabulary_terms ");
	resp_free(&r);
}

/* GETs /praxis?q=QUERY (already encoded): 200 with the search box; returns the work it
 * caused and checks it against the bounds. */
static void
search_bounded(const char *query, struct work *d, struct resp *r)
{
	struct work before, after;
	read_work(&before);
	get_status(tstr("/praxis?q=%s", query), 200, r);
	assert_body_has(r, "name=\"q\"");
	read_work(&after);
	d->plans = after.plans - before.plans;
	d->words = after.words - before.words;
	d->alternatives = after.alternatives - before.alternatives;
	d->typo_checks = after.typo_checks - before.typo_checks;
	d->vocabulary = after.vocabulary;
	print_message("  %.60s…: %.0f plans, %.0f words, %.0f alternatives, %.0f typo checks "
	              "(vocabulary %.0f terms)\n",
	              query, d->plans, d->words, d->alternatives, d->typo_checks, d->vocabulary);
	assert_true(d->words <= d->plans * MAX_TERMS);
	assert_true(d->alternatives <= d->plans * TIERS * MAX_ALTERNATIVES);
	assert_true(d->typo_checks <= d->words * 2 * d->vocabulary);
}

/* Warms the vocabulary (its first search makes it) so the counts below are the queries'. */
static int
setup(void **state)
{
	if (group_setup(state) != 0)
		return -1;
	struct resp r;
	get_status("/praxis?q=Beratung", 200, &r);
	resp_free(&r);
	return 0;
}

static void
test_fts_syntax(void **state)
{
	struct work d;
	struct resp r;
	/* "Beratung" OR title:x NEAR(a b) * -Betrieb ^Kurs {title}: AND NOT ( */
	search_bounded(
	    "%22Beratung%22+OR+title%3Ax+NEAR%28a+b%29+*+-Betrieb+%5EKurs+%7Btitle%7D%3A+"
	    "AND+NOT+%28",
	    &d, &r);
	assert_true(d.plans >= 1); /* searched, as text */
	resp_free(&r);
}

static void
test_long_query(void **state)
{
	/* 3,000 characters: one word again and again, then a word the catalog has. */
	char q[3100] = "";
	while (strlen(q) < 3000)
		strcat(q, "Anerkennungsberatung+");
	struct work d;
	struct resp r;
	search_bounded(q, &d, &r);
	assert_body_has(&r, "notice notice-info"); /* cut, and said so */
	assert_true(d.plans >= 1 && d.words >= 1);
	resp_free(&r);
}

static void
test_many_words(void **state)
{
	/* 200 different words: at most SEARCH_MAX_TERMS of them searched. */
	char q[2000] = "";
	for (int i = 0; i < 200; i++)
		snprintf(q + strlen(q), sizeof q - strlen(q), "%sWort%c%c", i ? "+" : "",
		         'a' + i % 26, 'a' + i / 26);
	struct work d;
	struct resp r;
	search_bounded(q, &d, &r);
	assert_body_has(&r, "notice notice-info");
	assert_true(d.plans >= 1);
	resp_free(&r);
}

static void
test_one_letter_words(void **state)
{
	/* Too short for typos: no vocabulary term is measured against them. */
	struct work d;
	struct resp r;
	search_bounded("a+b+c+d+e+f+g+h+i+j+k+l", &d, &r);
	assert_true(d.plans >= 1);
	assert_true(d.typo_checks == 0);
	resp_free(&r);
}

static void
test_only_punctuation(void **state)
{
	/* No words: the catalog as it is, with a note, and no search planned. */
	struct work d;
	struct resp r;
	search_bounded("%21%3F%2E%2C%3B%3A%2D%2A%22%27%28%29%5B%5D%7B%7D%C2%BB%C2%AB%E2%80%A6", &d,
	               &r);
	assert_body_has(&r, "notice notice-info");
	assert_true(d.plans == 0 && d.words == 0);
	resp_free(&r);
}

static void
test_typo_explosion(void **state)
{
	/* 30 long words, each with a typo, each of 9 letters or more (two typos allowed):
	 * every one could expand to many terms. The words beyond the limit are dropped, and
	 * the expansion of those searched stays within its bound. */
	static const char *const words[] = {"Anerkenungsberatung",    "Qualifzierung",
	                                    "Integrasionskurs",       "Sprachcoching",
	                                    "Arbeitsmarktintegraton", "Beraterinen",
	                                    "Fachkraeftesicherng",    "Weiterbildng",
	                                    "Kompetenzfestellung",    "Netzwerkpartnr",
	                                    "Berufsanerkennug",       "Gesundheitsberufn",
	                                    "Handwerkskamer",         "Unternehmensberatng",
	                                    "Migrationsberatnug",     "Bildungstraeger",
	                                    "Arbeitsagentr",          "Anpassungsqualifizirung",
	                                    "Mentoringprogram",       "Gruendungsberatng",
	                                    "Ausbildungsbetrieb",     "Pflegefachkraefte",
	                                    "Sprachfoerderng",        "Landesnetzwrk",
	                                    "Beschaeftigungs",        "Teilnehmerinen",
	                                    "Kooperationspartnr",     "Qualifizierungsberatungen",
	                                    "Erfahrungsaustausch",    "Onlineplatform"};
	char q[1000] = "";
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		snprintf(q + strlen(q), sizeof q - strlen(q), "%s%s", i ? "+" : "", words[i]);
	struct work d;
	struct resp r;
	search_bounded(q, &d, &r);
	assert_true(d.plans >= 1);
	assert_true(d.typo_checks > 0); /* it did look for typos, within the bound */
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fts_syntax),       cmocka_unit_test(test_long_query),
	    cmocka_unit_test(test_many_words),       cmocka_unit_test(test_one_letter_words),
	    cmocka_unit_test(test_only_punctuation), cmocka_unit_test(test_typo_explosion),
	};
	return cmocka_run_group_tests(tests, setup, group_teardown);
}

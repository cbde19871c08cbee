/* The catalog search finds what people mean (issue 13), with the examples: typos
 * ("Sprachcoching", "Qualifzierung") with "Meinten Sie …", gender forms ("Beraterin" for
 * "Beraterinnen", "Ärztin" for "Ärztinnen"), parts of compounds ("Integration" for
 * "Arbeitsmarktintegration", "Kurs" for "Integrationskurs"), synonyms and their changes
 * without a restart, and the order: exact before part before typo. */
#include "domain/practice.h"
#include "domain/synonym.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

enum {
	P_COACHING,
	P_QUALI,
	P_BERATERIN,
	P_AERZTIN,
	P_AMI,
	P_IKURS,
	P_KURS,
	P_INTEGRATION,
	P_LERN,
	P_LERN_TYPO,
	P_BA,
	P_KMU,
	P_COUNT
};

static const char *const titles[P_COUNT][2] = {
    [P_COACHING] = {"Sprachcoaching im Betrieb", "Ein Sprachcoaching begleitet die Arbeit."},
    [P_QUALI] = {"Qualifizierung im Handwerk", "Die Qualifizierung dauert ein Jahr."},
    [P_BERATERIN] = {"Netzwerk im Norden", "Beraterinnen begleiten die Betriebe."},
    [P_AERZTIN] = {"Ankommen in der Klinik", "Ärztinnen aus dem Ausland lernen das Haus kennen."},
    [P_AMI] = {"Arbeitsmarktintegration von Frauen", "Wege zu guter Arbeit."},
    [P_IKURS] = {"Integrationskurs plus", "Ein Integrationskurs mit Praktikum."},
    [P_KURS] = {"Ein Kurs für Gründende", "Der Kurs dauert drei Monate."},
    [P_INTEGRATION] = {"Integration im Quartier", "Nachbarschaft hilft."},
    [P_LERN] = {"Lernplattform Pflege", "Die Lernplattform ist offen."},
    [P_LERN_TYPO] = {"Lernen am Abend", "Eine Lernplatform für Schichtarbeit."},
    [P_BA] = {"Mit der Bundesagentur für Arbeit", "Gemeinsam mit den Agenturen vor Ort."},
    [P_KMU] = {"Kleine Betriebe stärken", "Für KMU in der Region."},
};

static void
catalog(struct fixture *f, int64_t ids[P_COUNT])
{
	int64_t hf = term_id(f, "handlungsfeld", "qualifizierung");
	struct practice_input in;
	for (int i = 0; i < P_COUNT; i++) {
		input(f, &in, titles[i][0], titles[i][1], "konzept", &hf, 1);
		time_set_fake(1600000000 + i * 1000);
		ids[i] = create(f, &in, true);
	}
}

static struct practice_result
search(struct fixture *f, const char *text)
{
	struct practice_query q = {.text = text, .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	return r;
}

/* The position of id among the hits, -1 when it is not there. */
static int
rank_of(const struct practice_result *r, int64_t id)
{
	for (size_t i = 0; i < r->nhits; i++)
		if (r->hits[i].id == id)
			return (int)i;
	return -1;
}

TX_TEST(test_typos_and_suggestion)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	struct practice_result r = search(f, "Sprachcoching");
	assert_int_equal(rank_of(&r, ids[P_COACHING]), 0);
	assert_string_equal(r.suggestion, "Sprachcoaching");
	/* The snippet marks the corrected word. */
	assert_non_null(strstr(r.hits[0].snippet, "\x01Sprachcoaching\x02"));
	r = search(f, "Qualifzierung");
	assert_int_equal(rank_of(&r, ids[P_QUALI]), 0);
	assert_string_equal(r.suggestion, "Qualifizierung");
	/* Words as typed need no suggestion. */
	r = search(f, "Qualifizierung");
	assert_null(r.suggestion);
	assert_int_equal(rank_of(&r, ids[P_QUALI]), 0);
	/* Short words get no typo: "Kurz" does not find "Kurs". */
	r = search(f, "Kuts");
	assert_int_equal(r.total, 0);
	/* The first letter stays: "Wualifizierung" is not corrected. */
	r = search(f, "Pualifizierun");
	assert_int_equal(r.total, 0);
}

TX_TEST(test_gender_forms)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	static const char *const berater[] = {"Beraterin",     "Beraterinnen", "Berater*innen",
	                                      "Berater:innen", "BeraterInnen", "Berater"};
	for (size_t i = 0; i < sizeof berater / sizeof *berater; i++) {
		struct practice_result r = search(f, berater[i]);
		assert_true(rank_of(&r, ids[P_BERATERIN]) >= 0);
	}
	struct practice_result r = search(f, "Ärztin");
	assert_int_equal(rank_of(&r, ids[P_AERZTIN]), 0);
	r = search(f, "Arzt");
	assert_int_equal(rank_of(&r, ids[P_AERZTIN]), 0);
	assert_null(r.suggestion);
}

TX_TEST(test_compound_parts_rank_below_words)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	/* "Integration" finds "Arbeitsmarktintegration" and "Integrationskurs", after the
	 * practice that has the word itself. */
	struct practice_result r = search(f, "Integration");
	assert_int_equal(rank_of(&r, ids[P_INTEGRATION]), 0);
	assert_true(rank_of(&r, ids[P_AMI]) > 0);
	assert_true(rank_of(&r, ids[P_IKURS]) > 0);
	assert_null(r.suggestion);
	/* "Kurs" finds "Integrationskurs", after "Kurs" itself. */
	r = search(f, "Kurs");
	assert_int_equal(rank_of(&r, ids[P_KURS]), 0);
	assert_true(rank_of(&r, ids[P_IKURS]) > 0);
	/* "Kurse" is the same word, although the stemmer makes "kurs" of it and "kur" of
	 * "Kurs": found as typed, and no suggestion. */
	r = search(f, "Kurse");
	assert_int_equal(rank_of(&r, ids[P_KURS]), 0);
	assert_null(r.suggestion);
	/* A compound nobody wrote finds its parts: Kursintegration → kurs + integration. */
	r = search(f, "Integrationskurse");
	assert_int_equal(rank_of(&r, ids[P_IKURS]), 0);
}

TX_TEST(test_exact_before_typo)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	struct practice_result r = search(f, "Lernplattform");
	assert_int_equal(r.total, 2);
	/* The typo's practice is newer and has the word in its title less: still second. */
	assert_int_equal(rank_of(&r, ids[P_LERN]), 0);
	assert_int_equal(rank_of(&r, ids[P_LERN_TYPO]), 1);
	assert_null(r.suggestion); /* the word as typed was found */
}

TX_TEST(test_synonyms)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	/* The seeded list: BA = Bundesagentur für Arbeit, KMU = kleine und mittlere Unternehmen. */
	struct practice_result r = search(f, "BA");
	assert_true(rank_of(&r, ids[P_BA]) >= 0);
	r = search(f, "kleine und mittlere Unternehmen");
	assert_true(rank_of(&r, ids[P_KMU]) >= 0);
	/* A new group works at once. */
	r = search(f, "Stadtteil");
	assert_int_equal(r.total, 0);
	int64_t id = synonym_create(f->s, 7, "Stadtteil, Quartier");
	assert_true(id > 0);
	r = search(f, "Stadtteil");
	assert_int_equal(rank_of(&r, ids[P_INTEGRATION]), 0);
	/* And a removed one stops working. */
	assert_int_equal(synonym_delete(f->s, 7, id), 0);
	r = search(f, "Stadtteil");
	assert_int_equal(r.total, 0);
	/* Bad groups are refused. */
	assert_int_equal(synonym_create(f->s, 7, "Quartier"), 0);
	assert_int_equal(synonym_create(f->s, 7, " , "), 0);
	assert_int_equal(synonym_update(f->s, 7, 999999, "a, b"), -2);
}

TX_TEST(test_explosion_is_bounded)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	/* 30 long words (16 are kept), each with typos and parts: a clear answer. */
	char text[1200] = "";
	for (int i = 0; i < 30; i++)
		strcat(text, "Qualifzierungsintegrationskurse ");
	struct practice_result r = search(f, text);
	assert_true(r.text_truncated);
	assert_true(r.total >= 0);
}

/* A word only an unpublished practice has is never offered as "Meinten Sie …": the
 * vocabulary holds every practice's words, the suggestion only those that find a public
 * one. */
TX_TEST(test_suggestion_only_from_public_practices)
{
	struct fixture *f = *state;
	int64_t ids[P_COUNT];
	catalog(f, ids);
	int64_t hf = term_id(f, "handlungsfeld", "qualifizierung");
	struct practice_input in;
	input(f, &in, "Zauberkessel im Entwurf", "Der Zauberkessel ist noch geheim.", "konzept",
	      &hf, 1);
	create(f, &in, false);
	struct practice_result r = search(f, "Zauberkesel");
	assert_int_equal(r.total, 0);
	assert_null(r.suggestion);
	/* Published, the same word is offered. */
	input(f, &in, "Zauberkessel im Betrieb", "Ein Zauberkessel für alle.", "konzept", &hf, 1);
	create(f, &in, true);
	r = search(f, "Zauberkesel");
	assert_non_null(r.suggestion);
	assert_string_equal(r.suggestion, "Zauberkessel");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_typos_and_suggestion, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_gender_forms, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_compound_parts_rank_below_words, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_exact_before_typo, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_synonyms, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_explosion_is_bounded, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_suggestion_only_from_public_practices,
	                                    practice_setup, practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests of the search that finds what people mean (issue 13), on
 * /praxis?q=… and /api/v1/practices?q=…: typos with "Meinten Sie …" as a link, gender
 * forms, parts of compounds, synonyms, the order exact before part before typo, and the
 * office's synonyms at /admin/stammdaten/synonyme (admin only, CSRF, audited, used by the
 * next search without a restart), and the labels, organisation and Bundesland found with
 * the text. */
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

#define PRACTICE(slug, title, text)                                                                \
	"{\"slug\": \"" slug "\", \"title\": \"" title "\", \"teaser\": \"Kurz.\", \"art\": "      \
	"\"konzept\", \"situation\": \"" text "\", " COMPLETE                                      \
	", \"published_at\": \"2021-03-03\"}"

static const char meaning[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, "
    "\"practices\": [" PRACTICE("mean-kurs", "Ein Kurs im Hafen", "Der Kurs dauert vier Wochen.") "," PRACTICE("mean-ikurs", "Integrationskurs am Deich", "Ein Integrationskurs mit Praxis.") "," PRACTICE(
        "mean-coach", "Sprachcoaching am Deich",
        "Das Sprachcoaching hilft.") "," PRACTICE("mean-lehrer", "Deichschule",
                                                  "Lehrer*innen und "
                                                  "Eltern am Deich.") "," PRACTICE("mean-lern",
                                                                                   "Lernwerft am "
                                                                                   "Deich",
                                                                                   "Eine Lernwerft "
                                                                                   "für alle.") "," PRACTICE("mean-lern-typo",
                                                                                                             "Abends am Deich",
                                                                                                             "Die Lernwerfft ist offen.") "]}";

static int
setup(void **state)
{
	if (group_setup(state) != 0)
		return -1;
	char *out = NULL;
	int rc = import_json(meaning, &out);
	if (rc != 0)
		fprintf(stderr, "import failed (%d): %s\n", rc, out ? out : "");
	free(out);
	return rc;
}

/* Where slug's link is in the body: the order of the hits. */
static long
position(const struct resp *r, const char *slug)
{
	const char *p = strstr(r->body, tstr("href=\"/praxis/%s\"", slug));
	return p ? (long)(p - r->body) : -1;
}

static void
test_exact_before_part_before_typo(void **state)
{
	struct resp r;
	/* "Kurs" finds the Integrationskurs as a part, after the Kurs itself. */
	get_status("/praxis?q=Kurs&sort=relevanz", 200, &r);
	long kurs = position(&r, "mean-kurs"), ikurs = position(&r, "mean-ikurs");
	assert_true(kurs > 0);
	assert_true(ikurs > kurs);
	assert_body_lacks(&r, "search-suggestion");
	resp_free(&r);
	/* The word as typed before the typo's practice. */
	get_status("/praxis?q=Lernwerft&sort=relevanz", 200, &r);
	long exact = position(&r, "mean-lern"), typo = position(&r, "mean-lern-typo");
	assert_true(exact > 0);
	assert_true(typo > exact);
	resp_free(&r);
}

static void
test_typo_offers_did_you_mean(void **state)
{
	struct resp r;
	get_status("/praxis?q=Sprachcoching", 200, &r);
	assert_body_has(&r, "href=\"/praxis/mean-coach\"");
	/* "Meinten Sie …" with the corrected search as a link; the snippet marks the word. */
	assert_body_has(&r, "Meinten Sie");
	assert_body_has(&r, "href=\"/praxis?q=Sprachcoaching\"");
	assert_body_has(&r, "<mark>Sprachcoaching</mark>");
	resp_free(&r);
	/* The API says it too. */
	get_status("/api/v1/practices?q=Sprachcoching", 200, &r);
	assert_body_has(&r, "\"suggestion\":\"Sprachcoaching\"");
	assert_body_has(&r, "mean-coach");
	resp_free(&r);
	get_status("/api/v1/practices?q=Sprachcoaching", 200, &r);
	assert_body_has(&r, "\"suggestion\":null");
	resp_free(&r);
}

static void
test_gender_forms(void **state)
{
	static const char *const forms[] = {"Lehrerin",       "Lehrerinnen",  "LehrerInnen",
	                                    "Lehrer%3Ainnen", "Lehrer_innen", "Lehrer"};
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		struct resp r;
		get_status(tstr("/praxis?q=%s", forms[i]), 200, &r);
		assert_body_has(&r, "href=\"/praxis/mean-lehrer\"");
		resp_free(&r);
	}
}

static void
test_bad_input_is_a_clear_answer(void **state)
{
	/* 30 long words with typos and parts, one letter words, only punctuation. */
	static char path[2000] = "/praxis?q=";
	for (int i = 0; i < 30; i++)
		strcat(path, "Integrationskursangebote+Sprachcochingz+");
	struct resp r;
	get_status(path, 200, &r);
	assert_body_has(&r, "gekürzt");
	resp_free(&r);
	get_status("/praxis?q=a+b+c+d+e+f", 200, &r);
	resp_free(&r);
	get_status("/praxis?q=%2A%2A%3A%3A%22%22", 200, &r);
	resp_free(&r);
}

static long
synonym_events(const char *action)
{
	return srv_sql_long(&server,
	                    tstr("SELECT count(*) FROM audit_event WHERE action = '%s'", action));
}

static void
test_synonyms_at_stammdaten(void **state)
{
	struct resp r;
	/* Seeded: IQ = Integration durch Qualifizierung; nothing says "Deichgraf" yet. */
	get_status("/praxis?q=Deichgraf", 200, &r);
	assert_body_lacks(&r, "href=\"/praxis/mean-");
	resp_free(&r);

	/* Only the office: anonymous visitors and the board are refused. */
	assert_int_equal(http_get(web, "/admin/stammdaten/synonyme", &r), 303);
	resp_free(&r);
	struct client *board = login_english(&server, DEMO_BOARD, DEMO_PASSWORD);
	assert_int_equal(http_get(board, "/admin/stammdaten/synonyme", &r), 403);
	resp_free(&r);
	assert_int_equal(
	    http_post_csrf(board, "/admin/stammdaten/synonyme", "terms=Deichgraf%2C+Deich", &r),
	    403);
	resp_free(&r);
	client_free(board);

	struct client *c = login_english(&server, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(http_get(c, "/admin/stammdaten/synonyme", &r), 200);
	assert_body_has(&r, "Bundesagentur für Arbeit");
	resp_free(&r);
	/* Without the CSRF token: refused. */
	assert_int_equal(
	    http_post_form(c, "/admin/stammdaten/synonyme", "terms=Deichgraf%2C+Deich", &r), 403);
	resp_free(&r);
	/* One way of writing is no synonym: the field says so. */
	assert_int_equal(http_post_csrf(c, "/admin/stammdaten/synonyme", "terms=Deichgraf", &r),
	                 422);
	assert_body_has(&r, "href=\"#f-terms\"");
	resp_free(&r);
	long before = synonym_events("synonym.create");
	assert_int_equal(
	    http_post_csrf(c, "/admin/stammdaten/synonyme", "terms=Deichgraf%2C+Deich", &r), 303);
	resp_free(&r);
	assert_int_equal(synonym_events("synonym.create"), before + 1);
	/* The next search uses it. */
	get_status("/praxis?q=Deichgraf", 200, &r);
	assert_body_has(&r, "href=\"/praxis/mean-ikurs\"");
	resp_free(&r);

	long id =
	    srv_sql_long(&server, "SELECT id FROM search_synonym WHERE terms LIKE 'Deichgraf%'");
	const char *page = tstr("/admin/stammdaten/synonyme/%ld", id);
	assert_int_equal(http_get(c, page, &r), 200);
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, page, "terms=Deichgraf%2C+Hafen", &r), 303);
	resp_free(&r);
	assert_int_equal(synonym_events("synonym.update"), 1);
	get_status("/praxis?q=Deichgraf", 200, &r);
	assert_body_has(&r, "href=\"/praxis/mean-kurs\"");
	assert_body_lacks(&r, "href=\"/praxis/mean-ikurs\"");
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, tstr("%s/loeschen", page), "", &r), 303);
	resp_free(&r);
	assert_int_equal(synonym_events("synonym.delete"), 1);
	assert_int_equal(http_get(c, page, &r), 404);
	resp_free(&r);
	get_status("/praxis?q=Deichgraf", 200, &r);
	assert_body_lacks(&r, "href=\"/praxis/mean-");
	resp_free(&r);
	client_free(c);
}

static void
test_labels_organisation_and_land(void **state)
{
	/* cat-markdown says neither "Saarland" nor "Migrantenökonomie" nor "Testnetz" in its
	 * text: its Bundesland, its Handlungsfeld's label and its organisation do. */
	static const char *const queries[] = {"Saarland", "Migranten%C3%B6konomie", "Testnetz",
	                                      "Existenzgr%C3%BCndung"};
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		struct resp r;
		get_status(tstr("/praxis?q=%s", queries[i]), 200, &r);
		assert_body_has(&r, "href=\"/praxis/cat-markdown\"");
		resp_free(&r);
	}
	/* An unpublished practice's words are not in the index: no hit, no suggestion. */
	struct resp r;
	get_status("/api/v1/practices?q=Zebrafinc", 200, &r);
	assert_body_has(&r, "\"suggestion\":null");
	assert_body_lacks(&r, "cat-entwurf");
	resp_free(&r);
}

static void
test_suggestions_while_typing(void **state)
{
	struct resp r;
	/* The form says where to ask; without JavaScript it is a plain search field. */
	get_status("/praxis", 200, &r);
	assert_body_has(&r, "data-suggest=\"/api/v1/suggestions\"");
	resp_free(&r);
	/* Titles with a word that begins with what was typed, then the titles' words. */
	get_status("/api/v1/suggestions?q=sprachcoa", 200, &r);
	assert_body_has(&r, "\"query\":\"sprachcoa\"");
	assert_body_has(&r, "\"Sprachcoaching am Deich\"");
	assert_body_has(&r, "\"Sprachcoaching\"");
	resp_free(&r);
	/* With the words before the one being typed; umlauts folded. */
	get_status("/api/v1/suggestions?q=am+Dei", 200, &r);
	assert_body_has(&r, "\"am Deich\"");
	resp_free(&r);
	get_status("/api/v1/suggestions?q=Br%C3%BCcken", 200, &r);
	assert_body_has(&r, "Brückenkurs Lehramt");
	resp_free(&r);
	/* Umlauts typed as ae, oe, ue: the titles and their words, then the summaries'
	 * words ("Ärztinnen und Ärzte aus Drittstaaten …"). */
	get_status("/api/v1/suggestions?q=Gruendung", 200, &r);
	assert_body_has(&r, "\"Gründungsberatung für Migrantinnen\"");
	assert_body_has(&r, "\"Gründungslotsen im Quartier\"");
	resp_free(&r);
	get_status("/api/v1/suggestions?q=an+der+Kueste", 200, &r);
	assert_body_has(&r, "\"Anpassungsqualifizierung Gesundheitsberufe an der Küste\"");
	resp_free(&r);
	get_status("/api/v1/suggestions?q=Aerzt", 200, &r);
	assert_body_has(&r, "\"Ärztinnen\"");
	resp_free(&r);
	get_status("/api/v1/suggestions?q=%C3%84rzt", 200, &r);
	assert_body_has(&r, "\"Ärztinnen\"");
	resp_free(&r);
	/* Never an unpublished or archived practice's title; nothing for one letter. */
	get_status("/api/v1/suggestions?q=Zebraf", 200, &r);
	assert_body_has(&r, "\"suggestions\":[]");
	resp_free(&r);
	get_status("/api/v1/suggestions?q=S", 200, &r);
	assert_body_has(&r, "\"suggestions\":[]");
	resp_free(&r);
	get_status("/api/v1/suggestions", 200, &r);
	assert_body_has(&r, "\"suggestions\":[]");
	resp_free(&r);
	/* Whatever is typed: a clear answer. */
	static char path[4000] = "/api/v1/suggestions?q=";
	for (int i = 0; i < 300; i++)
		strcat(path, "%22%2A");
	get_status(path, 200, &r);
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_before_part_before_typo),
	    cmocka_unit_test(test_typo_offers_did_you_mean),
	    cmocka_unit_test(test_gender_forms),
	    cmocka_unit_test(test_bad_input_is_a_clear_answer),
	    cmocka_unit_test(test_synonyms_at_stammdaten),
	    cmocka_unit_test(test_labels_organisation_and_land),
	    cmocka_unit_test(test_suggestions_while_typing),
	};
	return cmocka_run_group_tests(tests, setup, group_teardown);
}

/* Good practices in the domain: the catalog search (text, facets and their counts, sorting,
 * pages, relevance, the fields besides the text), the vocabulary of published practices
 * only, and related practices. */
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* Five published practices and one draft for the search tests. */
static void
catalog(struct fixture *f, int64_t ids[6])
{
	int64_t hf_anerk = term_id(f, "handlungsfeld", "anerkennungsberatung");
	int64_t hf_deutsch = term_id(f, "handlungsfeld", "deutsch");
	int64_t zg_pflege = term_id(f, "zielgruppe", "gesundheit");
	int64_t bl_by = term_id(f, "bundesland", "by"), bl_be = term_id(f, "bundesland", "be");
	struct practice_input in;
	int64_t t0[] = {hf_anerk, bl_by};
	input(f, &in, "Anerkennungsberatung im Betrieb",
	      "Die Anerkennungsberatungen kommen in die Betriebe.", "konzept", t0, 2);
	time_set_fake(1600000000); /* 2020 */
	ids[0] = create(f, &in, true);
	int64_t t1[] = {hf_deutsch, zg_pflege, bl_be};
	input(f, &in, "Berufssprachkurs Pflege", "Deutsch für Pflegekräfte im Krankenhaus.",
	      "massnahme", t1, 3);
	time_set_fake(1650000000); /* 2022 */
	ids[1] = create(f, &in, true);
	int64_t t2[] = {hf_anerk, zg_pflege, bl_be};
	input(f, &in, "Äquivalenz prüfen", "Anerkennung ausländischer Abschlüsse in der Pflege.",
	      "instrument", t2, 3);
	time_set_fake(1700000000); /* 2023 */
	ids[2] = create(f, &in, true);
	int64_t t3[] = {hf_deutsch};
	input(f, &in, "Zertifikat Deutsch im Beruf", "Prüfungsvorbereitung und Förderung.",
	      "produkt", t3, 1);
	time_set_fake(1710000000); /* 2024 */
	ids[3] = create(f, &in, true);
	input(f, &in, "Beratung im Quartier", "Förderung der Anerkennungsberatung vor Ort.",
	      "konzept", t0, 2);
	time_set_fake(1720000000); /* 2024 */
	ids[4] = create(f, &in, true);
	input(f, &in, "Unveröffentlichte Anerkennungsberatung", "Anerkennungsberatung geheim.",
	      "konzept", t0, 2);
	ids[5] = create(f, &in, false);
}

static const struct practice_facet_value *
facet(const struct practice_result *r, int facet_index, const char *value)
{
	for (size_t i = 0; i < r->nfacets[facet_index]; i++)
		if (strcmp(r->facets[facet_index][i].value, value) == 0)
			return &r->facets[facet_index][i];
	return NULL;
}

TX_TEST(test_search_text)
{
	struct fixture *f = *state;
	int64_t ids[6];
	catalog(f, ids);
	struct practice_query q = {
	    .text = "Anerkennungsberatungen", .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 2); /* not the unpublished one */
	assert_true(r.sort_relevance);
	assert_int_equal(r.hits[0].id, ids[0]); /* in its title: first */
	assert_int_equal(r.hits[1].id, ids[4]);
	assert_non_null(strstr(r.hits[1].snippet, "\x01"
	                                          "Anerkennungsberatung"
	                                          "\x02"));

	q.text = "foerderung";
	q.sort = PRACTICE_SORT_NEWEST;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 2);
	assert_int_equal(r.hits[0].id, ids[4]);
	assert_int_equal(r.hits[1].id, ids[3]);

	q.text = "\"*\" - NEAR(";
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 0); /* "near(" is a word nobody used */
	q.text = "\" * -";
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_true(r.text_ignored);
	assert_int_equal(r.total, 5);
	assert_null(r.hits[0].snippet);
}

TX_TEST(test_search_facets)
{
	struct fixture *f = *state;
	int64_t ids[6];
	catalog(f, ids);
	struct practice_query q = {.page = 1};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.hits[0].id, ids[4]); /* newest first */
	assert_int_equal(facet(&r, PF_ART, "konzept")->count, 2);
	assert_null(facet(&r, PF_ART, "veranstaltungsformat")); /* nobody has it */
	assert_int_equal(facet(&r, PF_HANDLUNGSFELD, "anerkennungsberatung")->count, 3);
	assert_int_equal(facet(&r, PF_YEAR, "2024")->count, 2);
	assert_int_equal(facet(&r, PF_BUNDESLAND, "be")->count, 2);

	/* Two values of one facet: either; two facets: both. */
	q.values[PF_HANDLUNGSFELD][0] = "anerkennungsberatung";
	q.nvalues[PF_HANDLUNGSFELD] = 1;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 3);
	/* The facet's own values keep their counts (so the others can be added)… */
	assert_int_equal(facet(&r, PF_HANDLUNGSFELD, "deutsch")->count, 2);
	assert_true(facet(&r, PF_HANDLUNGSFELD, "anerkennungsberatung")->selected);
	/* … the other facets count within the selection. */
	assert_int_equal(facet(&r, PF_BUNDESLAND, "be")->count, 1);
	q.values[PF_HANDLUNGSFELD][1] = "deutsch";
	q.nvalues[PF_HANDLUNGSFELD] = 2;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 5);
	q.values[PF_YEAR][0] = "2024";
	q.nvalues[PF_YEAR] = 1;
	q.values[PF_ART][0] = "konzept";
	q.nvalues[PF_ART] = 1;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 1);
	assert_int_equal(r.hits[0].id, ids[4]);

	/* Unknown values are reported and ignored; a year nobody has is kept, with 0. */
	struct practice_query u = {.page = 1};
	u.values[PF_ZIELGRUPPE][0] = "marsianer";
	u.values[PF_ZIELGRUPPE][1] = "gesundheit";
	u.nvalues[PF_ZIELGRUPPE] = 2;
	u.values[PF_YEAR][0] = "20x4";
	u.values[PF_YEAR][1] = "1999";
	u.nvalues[PF_YEAR] = 2;
	assert_int_equal(practice_search(f->s, &f->a, &u, &r), PRACTICE_OK);
	assert_int_equal(r.nunknown, 2);
	assert_string_equal(r.unknown[0], "zielgruppe=marsianer");
	assert_string_equal(r.unknown[1], "jahr=20x4");
	assert_int_equal(r.total, 0);
	assert_true(facet(&r, PF_YEAR, "1999")->selected);
	assert_int_equal(facet(&r, PF_YEAR, "1999")->count, 0);
}

TX_TEST(test_search_sort_and_pages)
{
	struct fixture *f = *state;
	int64_t ids[6];
	catalog(f, ids);
	struct practice_query q = {.page = 1, .per_page = 2, .sort = PRACTICE_SORT_TITLE};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.pages, 3);
	assert_int_equal(r.nhits, 2);
	/* Ä sorts as A (DIN 5007), not after Z. */
	assert_string_equal(r.hits[0].title, "Anerkennungsberatung im Betrieb");
	assert_string_equal(r.hits[1].title, "Äquivalenz prüfen");
	q.page = 3;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.nhits, 1);
	assert_string_equal(r.hits[0].title, "Zertifikat Deutsch im Beruf");
	q.page = 4;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.nhits, 0);
	assert_int_equal(r.total, 5);
	q.page = 0;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.nhits, 0);
	/* No matches: one (empty) page. */
	q.page = 1;
	q.text = "Raumfahrt";
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.pages, 1);

	int64_t generation, changed;
	practice_catalog_state(f->s, &generation, &changed);
	assert_true(generation > 0);
	assert_int_equal(changed, 1720000000);
}

/* More matches than bm25 is asked to rank: title matches first, then summary matches,
 * then the rest, newest first within each. */
static void
test_search_broad_relevance(void **state)
{
	struct fixture *f = *state;
	struct buf json = BUF_INIT;
	buf_puts(&json, "{\"practices\": [");
	for (int i = 0; i < 3100; i++) {
		/* Every practice has "Lotse" somewhere; 5 in the title, 5 in the summary. */
		const char *title = i % 620 == 7 ? "Lotse im Titel" : "Etwas anderes";
		const char *teaser = i % 620 == 9 ? "Ein Lotse im Teaser" : "Kurz";
		buf_printf(&json,
		           "%s{\"title\": \"%s %d\", \"teaser\": \"%s\", \"art\": \"konzept\","
		           " \"organisation_name\": \"O\", \"situation\": \"Der Lotse hilft.\","
		           " \"implementation\": \"I\", \"results\": \"R\", \"transfer\": \"T\","
		           " \"published_at\": \"%04d-01-15\"}",
		           i ? "," : "", title, i, teaser, 1990 + i % 30);
	}
	buf_puts(&json, "]}");
	struct import_result res;
	assert_int_equal(import(f, json.data, json.len, &res), 0);
	buf_free(&json);
	struct practice_query q = {.text = "Lotsen", .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 3100);
	assert_true(r.sort_relevance);
	for (int i = 0; i < 5; i++)
		assert_non_null(strstr(r.hits[i].title, "Lotse im Titel"));
	for (int i = 5; i < 10; i++)
		assert_non_null(strstr(r.hits[i].teaser, "Lotse im Teaser"));
	for (int i = 1; i < 5; i++) /* newest first within a tier */
		assert_true(r.hits[i - 1].published_at >= r.hits[i].published_at);
	assert_non_null(strstr(r.hits[12].snippet, "\x01Lotse\x02"));
}

/* Whether a search for text finds practice id, and at which place (-1: not at all). */
static int
place_of(struct fixture *f, const char *text, int64_t id)
{
	struct practice_query q = {.text = text, .page = 1, .sort = PRACTICE_SORT_RELEVANCE};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	for (size_t i = 0; i < r.nhits; i++)
		if (r.hits[i].id == id)
			return (int)i;
	return -1;
}

/* The index term of a single word. */
static void
keep_term(void *ctx, const char *term, size_t n)
{
	snprintf(ctx, 64, "%.*s", (int)n, term);
}

static int64_t
vocab_docs(struct fixture *f, const char *word)
{
	char term[64] = "";
	search_terms(word, keep_term, term);
	struct search_vocab *v = search_vocab_build(f->s);
	assert_non_null(v);
	int64_t n = search_vocab_term_docs(v, term);
	search_vocab_free(v);
	return n;
}

TX_TEST(test_search_fields)
{
	struct fixture *f = *state;
	int64_t zg = term_id(f, "zielgruppe", "gruendende"), bl = term_id(f, "bundesland", "sl");
	struct practice_input in;
	int64_t terms[] = {zg, bl};
	input(f, &in, "Hafenlotsen", "Lotsen begleiten am Hafen.", "konzept", terms, 2);
	in.text[PX_ORGANISATION_NAME] = "Verein Nordlicht";
	in.text[PX_BUNDESLAND] = "Saarland";
	int64_t a = create(f, &in, true);
	input(f, &in, "Saarland erleben", "Ein Tag am Hafen.", "konzept", NULL, 0);
	int64_t b = create(f, &in, true);

	/* The organisation's name, the Bundesland and the terms' labels are found ... */
	assert_int_equal(place_of(f, "Nordlicht", a), 0);
	assert_int_equal(place_of(f, "Gründerin", a), 0); /* "Gründerinnen und Gründer" */
	/* ... with less weight than the text: the title first. */
	assert_int_equal(place_of(f, "Saarland", b), 0);
	assert_int_equal(place_of(f, "Saarland", a), 1);

	/* The office renames the term: the new label is found, the old one no longer. */
	struct term t;
	assert_true(taxonomy_find(f->s, &f->a, zg, "zielgruppe", &t));
	assert_int_equal(taxonomy_rename(f->s, 7, zg, "Selbstständige Personen", t.label_en), 0);
	assert_int_equal(place_of(f, "Personen", a), 0);
	assert_int_equal(place_of(f, "Gründerin", a), -1);
	/* A term taken away is no longer found. */
	int64_t fewer[] = {bl};
	input(f, &in, "Hafenlotsen", "Lotsen begleiten am Hafen.", "konzept", fewer, 1);
	in.text[PX_ORGANISATION_NAME] = "Verein Nordlicht";
	assert_int_equal(practice_update(f->s, 7, a, &in), PRACTICE_OK);
	assert_int_equal(place_of(f, "Personen", a), -1);
	assert_int_equal(place_of(f, "Nordlicht", a), 0);
}

TX_TEST(test_search_where_stems_differ)
{
	struct fixture *f = *state;
	struct practice_input in;
	input(f, &in, "Fachsprachprüfung Medizin", "Simulierte Gespräche.", "konzept", NULL, 0);
	int64_t exam = create(f, &in, true);
	input(f, &in, "Moscheegemeinden im Quartier", "Lotsen sprechen Menschen an.", "konzept",
	      NULL, 0);
	int64_t mosque = create(f, &in, true);
	input(f, &in, "Quereinstieg Kita", "Pädagoginnen aus dem Ausland.", "konzept", NULL, 0);
	int64_t kita = create(f, &in, true);
	/* "Prüfung" stems to prufung, the compound to fachsprachpruf: still its part. */
	assert_int_equal(place_of(f, "Prüfung", exam), 0);
	/* moschee|gemeind is split as mosche|e|gemeind: the part with its linking element
	 * is the word. */
	assert_int_equal(place_of(f, "Moschee", mosque), 0);
	/* The stemmer cuts "Quereinstig" to quereinst, three edits from quereinstieg; the
	 * words are one apart. */
	assert_int_equal(place_of(f, "Quereinstig", kita), 0);
	struct practice_query q = {.text = "Quereinstig", .page = 1};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_non_null(r.suggestion);
	assert_string_equal(r.suggestion, "Quereinstieg");
}

TX_TEST(test_vocabulary_published_only)
{
	struct fixture *f = *state;
	struct practice_input in;
	input(f, &in, "Zebrafinkenhaus", "Der Zebrafink singt.", "konzept", NULL, 0);
	in.text[PX_ORGANISATION_NAME] = "Zebrafinkverein";
	int64_t draft = create(f, &in, false);
	input(f, &in, "Deichlotsen", "Lotsen am Deich.", "konzept", NULL, 0);
	int64_t pub = create(f, &in, true);
	/* The unpublished practice's words are in no vocabulary: no part, typo or
	 * suggestion can come from them. */
	assert_int_equal(vocab_docs(f, "Zebrafink"), 0);
	assert_int_equal(vocab_docs(f, "Zebrafinkverein"), 0);
	assert_int_equal(vocab_docs(f, "Deichlotsen"), 1);
	struct practice_query q = {.text = "Zebrafnik", .page = 1};
	struct practice_result r;
	assert_int_equal(practice_search(f->s, &f->a, &q, &r), PRACTICE_OK);
	assert_int_equal(r.total, 0);
	assert_null(r.suggestion);
	/* Published, its words come in; unpublished again, they go. */
	assert_int_equal(practice_publish(f->s, 7, draft), PRACTICE_OK);
	assert_int_equal(vocab_docs(f, "Zebrafink"), 1);
	assert_int_equal(practice_unpublish(f->s, 7, draft), PRACTICE_OK);
	assert_int_equal(vocab_docs(f, "Zebrafink"), 0);
	assert_int_equal(practice_archive(f->s, 7, pub), PRACTICE_OK);
	assert_int_equal(vocab_docs(f, "Deichlotsen"), 0);
}

TX_TEST(test_related)
{
	struct fixture *f = *state;
	int64_t ids[6];
	catalog(f, ids);
	struct practice_hit hits[3];
	size_t n = practice_related(f->s, &f->a, ids[0], hits, 3);
	assert_true(n >= 1);
	/* The other practice on recognition counselling; never itself or the draft. */
	assert_int_equal(hits[0].id, ids[4]);
	for (size_t i = 0; i < n; i++)
		assert_true(hits[i].id != ids[0] && hits[i].id != ids[5]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_search_text, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_search_facets, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_search_sort_and_pages, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_search_broad_relevance, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_search_fields, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_search_where_stems_differ, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_vocabulary_published_only, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_related, practice_setup, practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

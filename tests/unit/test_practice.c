/* Good practices in the domain: slugs, checks, the publication flow with its audit trail,
 * the catalog search (text, facets and their counts, sorting, pages), related practices,
 * practices from selected proposals, and the all-or-nothing import. */
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */

static const struct store_query q_events = {
    "t_practice_events", "SELECT count(*) FROM audit_event WHERE action = ?1 AND object = ?2"};
static const struct store_query q_count = {"t_practice_count", "SELECT count(*) FROM practice"};
static const struct store_query q_org = {
    "t_practice_org",
    "INSERT INTO organisation(id, name, kind, bundesland, created_at) VALUES "
    "(1, 'Anerkennungsberatung Stuttgart', 'teilprojekt', 'Baden-Württemberg', 0)"};
static const struct store_query q_user = {
    "t_practice_user", "INSERT INTO user_account(id, email, name, created_at, updated_at) "
                       "VALUES (1, 'a@example.org', 'A', 0, 0)"};
static const struct store_query q_call = {
    "t_practice_call", "INSERT INTO call(id, title, opens_at, closes_at, review_until, "
                       "meeting_at, created_at, updated_at) VALUES (1, 'Runde', 1, 2, 3, 4, 0, 0)"};
static const struct store_query q_proposal = {
    "t_practice_proposal",
    "INSERT INTO proposal(id, call_id, organisation_id, state, title, teaser, art_id, "
    "situation, implementation, experience, results, transfer_requirements, transfer_effort, "
    "contact_name, contact_email, created_by, updated_by, created_at, updated_at) VALUES (?1, "
    "1, 1, ?2, 'Lotsen für die Anerkennung', 'Ehrenamtliche begleiten.', (SELECT id FROM "
    "taxonomy_term WHERE kind = 'art' AND key = 'konzept'), 'Lange Wege.', 'Schulungen.', "
    "'Gute Erfahrungen.', 'Mehr Anträge.', 'Räume.', 'Zwei Stellen.', 'Eva Beispiel', "
    "'eva@example.org', 1, 1, 0, 0)"};
static const struct store_query q_proposal_term = {
    "t_practice_proposal_term",
    "INSERT INTO proposal_term(proposal_id, term_id) SELECT ?1, id FROM taxonomy_term WHERE "
    "kind = 'handlungsfeld' AND key = 'anerkennungsberatung'"};
static const struct store_query q_self = {
    "t_practice_self", "INSERT INTO self_assessment(proposal_id, criterion_key, body) VALUES "
                       "(?1, ?2, ?3)"};

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	time_set_fake(T0);
	temp_db_open(&f->s, f->path, sizeof f->path, "practice");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	free(f);
	time_set_fake(0);
	return 0;
}

static int64_t
term_id(struct fixture *f, const char *kind, const char *key)
{
	struct term t;
	assert_true(taxonomy_find_key(f->s, &f->a, kind, key, &t));
	return t.id;
}

/* A complete input: publishable as it is. */
static void
input(struct fixture *f, struct practice_input *in, const char *title, const char *text,
      const char *art, int64_t *terms, size_t nterms)
{
	memset(in, 0, sizeof *in);
	in->text[PX_TITLE] = title;
	in->text[PX_TEASER] = "Kurz gesagt.";
	in->text[PX_ORGANISATION_NAME] = "IQ Netzwerk";
	in->text[PX_SITUATION] = text;
	in->text[PX_IMPLEMENTATION] = "Umsetzung in Schritten.";
	in->text[PX_RESULTS] = "Ergebnisse mit Zahlen.";
	in->text[PX_TRANSFER] = "Transfer ist möglich.";
	in->art_id = term_id(f, "art", art);
	in->term_ids = terms;
	in->nterms = nterms;
}

/* In the test's transaction (TX_TEST). */
static int64_t
create(struct fixture *f, struct practice_input *in, bool publish)
{
	int64_t id = practice_create(f->s, 7, in);
	assert_true(id > 0);
	if (publish)
		assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_OK);
	return id;
}

/* practice_import in a transaction of its own, as the CLI runs it: committed on 0,
 * rolled back otherwise. Returns practice_import's code. */
struct import_tx {
	struct fixture *f;
	const char *json;
	size_t len;
	struct import_result *res;
};

static int
import_body(struct store *s, void *arg)
{
	struct import_tx *t = arg;
	return practice_import(s, &t->f->a, 0, t->json, t->len, t->res);
}

static int
import(struct fixture *f, const char *json, size_t len, struct import_result *res)
{
	struct import_tx t = {f, json, len, res};
	return store_tx(f->s, import_body, &t);
}

static int64_t
events(struct fixture *f, const char *action, int64_t id)
{
	char obj[40];
	snprintf(obj, sizeof obj, "practice:%lld", (long long)id);
	struct stmt *st = store_stmt(f->s, &q_events);
	stmt_bind_text(st, 1, action);
	stmt_bind_text(st, 2, obj);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void
test_slugify(void **state)
{
	char out[PRACTICE_SLUG_MAX + 1];
	practice_slugify("Förderung für Geflüchtete – ein Überblick!", out);
	assert_string_equal(out, "foerderung-fuer-gefluechtete-ein-ueberblick");
	practice_slugify("ÄRZTINNEN & Straße ẞ", out);
	assert_string_equal(out, "aerztinnen-strasse-ss");
	practice_slugify("  Élan, Ça va? 2024 ", out);
	assert_string_equal(out, "elan-ca-va-2024");
	practice_slugify("", out);
	assert_string_equal(out, "praxis");
	practice_slugify("––– !!! ", out);
	assert_string_equal(out, "praxis");
	practice_slugify("日本語", out);
	assert_string_equal(out, "praxis");
	/* Long titles are cut at a hyphen, within the limit. */
	practice_slugify("Berufsbezogene Sprachförderung für zugewanderte Pflegefachkräfte in "
	                 "Krankenhäusern und Einrichtungen der Altenpflege im ländlichen Raum",
	                 out);
	assert_true(strlen(out) <= PRACTICE_SLUG_MAX);
	assert_true(practice_slug_valid(out));
	assert_string_equal(
	    out, "berufsbezogene-sprachfoerderung-fuer-zugewanderte-pflegefachkraefte-in");
	char word[300];
	memset(word, 'a', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	practice_slugify(word, out);
	assert_int_equal(strlen(out), PRACTICE_SLUG_MAX);

	assert_true(practice_slug_valid("a"));
	assert_true(practice_slug_valid("mentoring-2024"));
	assert_false(practice_slug_valid(""));
	assert_false(practice_slug_valid("-a"));
	assert_false(practice_slug_valid("a-"));
	assert_false(practice_slug_valid("a--b"));
	assert_false(practice_slug_valid("A"));
	assert_false(practice_slug_valid("ä"));
	assert_false(practice_slug_valid("a.pdf"));
	assert_false(practice_slug_valid("a/b"));
	assert_false(practice_slug_valid(word));
}

static void
test_links(void **state)
{
	struct arena a = {0};
	struct practice_link l[8];
	size_t n =
	    practice_links(&a,
	                   "https://example.org/a Projektseite\n\n  http://example.org/b  \n"
	                   "javascript:alert(1) Böse\nftp://example.org/c\nhttps://x.example "
	                   " Zwei  Wörter ",
	                   l, 8);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].url, "https://example.org/a");
	assert_string_equal(l[0].label, "Projektseite");
	assert_string_equal(l[1].url, "http://example.org/b");
	assert_string_equal(l[1].label, "http://example.org/b");
	assert_string_equal(l[2].url, "https://x.example");
	assert_string_equal(l[2].label, "Zwei  Wörter");
	assert_int_equal(practice_links(&a, "", l, 8), 0);
	assert_int_equal(practice_links(&a, NULL, l, 8), 0);
	arena_free(&a);
}

TX_TEST(test_unique_slugs)
{
	struct fixture *f = *state;
	struct practice_input in;
	input(f, &in, "Mentoring für Ingenieurinnen", "Text.", "konzept", NULL, 0);
	int64_t a = create(f, &in, false), b = create(f, &in, false), c = create(f, &in, false);
	struct practice p;
	assert_true(practice_find(f->s, &f->a, a, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen");
	assert_true(practice_find(f->s, &f->a, b, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen-2");
	assert_true(practice_find(f->s, &f->a, c, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen-3");
	/* An explicit slug that is taken is a problem, not silently changed. */
	in.slug = "mentoring-fuer-ingenieurinnen";
	struct practice_problem pr[8];
	size_t n = practice_check(f->s, &in, 0, false, pr, 8);
	assert_int_equal(n, 1);
	assert_string_equal(pr[0].field, "slug");
	/* … unless it is the practice's own. */
	assert_int_equal(practice_check(f->s, &in, a, false, pr, 8), 0);
}

TX_TEST(test_checks)
{
	struct fixture *f = *state;
	struct practice_input in;
	struct practice_problem pr[16];
	input(f, &in, "Titel", "Text.", "konzept", NULL, 0);
	assert_int_equal(practice_check(f->s, &in, 0, true, pr, 16), 0);

	in.text[PX_TITLE] = "  ";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "title");
	in.text[PX_TITLE] = "Zwei\nZeilen";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	in.text[PX_TITLE] = "Titel";

	in.text[PX_CONTACT_EMAIL] = "keine-adresse";
	in.text[PX_LINKS] = "https://example.org Beispiel\njavascript:alert(1)";
	in.text[PX_ORGANISATION_KIND] = "ministry";
	in.slug = "Nicht gültig";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 4);
	assert_string_equal(pr[0].field, "contact_email");
	assert_string_equal(pr[1].field, "organisation_kind");
	assert_string_equal(pr[2].field, "links");
	assert_string_equal(pr[3].field, "slug");
	in.text[PX_CONTACT_EMAIL] = "";
	in.text[PX_LINKS] = "";
	in.text[PX_ORGANISATION_KIND] = "teilprojekt";
	in.slug = NULL;

	/* Terms: known, and of the practice's kinds (an Art is no Handlungsfeld). */
	int64_t bad[] = {term_id(f, "art", "produkt")};
	in.term_ids = bad;
	in.nterms = 1;
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "terms");
	int64_t unknown[] = {999999};
	in.term_ids = unknown;
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	in.nterms = 0;
	in.art_id = term_id(f, "handlungsfeld", "deutsch");
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "art");

	/* Publishing wants the required fields; a draft does not. */
	struct practice_input draft = {0};
	draft.text[PX_TITLE] = "Nur ein Titel";
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 0);
	size_t n = practice_check(f->s, &draft, 0, true, pr, 16);
	assert_int_equal(n, 7); /* teaser, organisation, 4 sections, art */
	char longer[300];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	draft.text[PX_TITLE] = longer;
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 1);
	draft.text[PX_TITLE] = "Ungültig \xff";
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 1);
}

TX_TEST(test_publication_flow)
{
	struct fixture *f = *state;
	struct practice_input in;
	input(f, &in, "Brückenkurs Pflege", "Text.", "massnahme", NULL, 0);
	int64_t id = create(f, &in, false);
	struct practice p;
	assert_true(practice_find(f->s, &f->a, id, &p));
	assert_int_equal(p.status, PRACTICE_UNPUBLISHED);
	assert_int_equal(p.published_at, 0);
	assert_false(practice_find_slug(f->s, &f->a, "brueckenkurs-pflege", true, &p));
	assert_true(practice_find_slug(f->s, &f->a, "brueckenkurs-pflege", false, &p));

	time_set_fake(T0 + 100);
	assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_OK);
	assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_WRONG_STATE);
	assert_true(practice_find_slug(f->s, &f->a, "brueckenkurs-pflege", true, &p));
	assert_int_equal(p.published_at, T0 + 100);
	assert_int_equal(p.updated_at, T0 + 100);

	time_set_fake(T0 + 200);
	assert_int_equal(practice_unpublish(f->s, 7, id), PRACTICE_OK);
	assert_false(practice_find_slug(f->s, &f->a, "brueckenkurs-pflege", true, &p));
	time_set_fake(T0 + 300);
	assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_OK);
	assert_true(practice_find(f->s, &f->a, id, &p));
	assert_int_equal(p.published_at, T0 + 100); /* the first publication stays */
	assert_int_equal(p.updated_at, T0 + 300);
	assert_int_equal(practice_archive(f->s, 7, id), PRACTICE_OK);
	assert_int_equal(practice_archive(f->s, 7, id), PRACTICE_WRONG_STATE);
	assert_false(practice_find_slug(f->s, &f->a, "brueckenkurs-pflege", true, &p));
	assert_int_equal(practice_publish(f->s, 7, 999), PRACTICE_NOT_FOUND);

	assert_int_equal(events(f, "practice.create", id), 1);
	assert_int_equal(events(f, "practice.publish", id), 2);
	assert_int_equal(events(f, "practice.unpublish", id), 1);
	assert_int_equal(events(f, "practice.archive", id), 1);

	/* An incomplete practice cannot be published. */
	struct practice_input draft = {0};
	draft.text[PX_TITLE] = "Entwurf";
	int64_t d = create(f, &draft, false);
	assert_int_equal(practice_publish(f->s, 7, d), PRACTICE_INCOMPLETE);
	assert_int_equal(events(f, "practice.publish", d), 0);
}

TX_TEST(test_update)
{
	struct fixture *f = *state;
	int64_t terms[] = {term_id(f, "handlungsfeld", "deutsch")};
	struct practice_input in;
	input(f, &in, "Sprachcoaching", "Text.", "instrument", terms, 1);
	int64_t id = create(f, &in, false);
	time_set_fake(T0 + 50);
	in.text[PX_TEASER] = "Neu gefasst.";
	in.slug = "sprachcoaching-online";
	int64_t more[] = {terms[0], term_id(f, "bundesland", "be")};
	in.term_ids = more;
	in.nterms = 2;
	assert_int_equal(practice_update(f->s, 7, id, &in), PRACTICE_OK);
	struct practice p;
	assert_true(practice_find(f->s, &f->a, id, &p));
	assert_string_equal(p.slug, "sprachcoaching-online");
	assert_string_equal(p.text[PX_TEASER], "Neu gefasst.");
	assert_int_equal(p.nterms, 2);
	assert_string_equal(p.terms[0].kind, "handlungsfeld");
	assert_string_equal(p.terms[1].kind, "bundesland");
	assert_int_equal(p.updated_at, T0 + 50);
	assert_int_equal(events(f, "practice.update", id), 1);

	/* Once published, the address stays. */
	assert_int_equal(practice_publish(f->s, 7, id), PRACTICE_OK);
	in.slug = "anders";
	assert_int_equal(practice_update(f->s, 7, id, &in), PRACTICE_INVALID);
	in.slug = NULL;
	in.text[PX_RESULTS] = "";
	assert_int_equal(practice_update(f->s, 7, id, &in), PRACTICE_INVALID); /* published */
	in.text[PX_RESULTS] = "Mehr Ergebnisse.";
	assert_int_equal(practice_update(f->s, 7, id, &in), PRACTICE_OK);
	assert_int_equal(practice_update(f->s, 7, 999, &in), PRACTICE_NOT_FOUND);
}

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

static void
add_proposal(struct fixture *f, int64_t id, const char *state)
{
	struct stmt *st = store_stmt(f->s, &q_proposal);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, state);
	assert_int_equal(stmt_exec(st), STORE_OK);
}

TX_TEST(test_from_proposal)
{
	struct fixture *f = *state;
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_org)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_user)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_call)), STORE_OK);
	add_proposal(f, 1, "selected");
	add_proposal(f, 2, "in_review");
	struct stmt *st = store_stmt(f->s, &q_proposal_term);
	stmt_bind_int(st, 1, 1);
	assert_int_equal(stmt_exec(st), STORE_OK);
	const char *self[][2] = {{"transferable", "Übertragbar."},
	                         {"efficient_creation", "Wenig Aufwand."},
	                         {"efficient_transfer", "Spart Zeit."}};
	for (size_t i = 0; i < 3; i++) {
		st = store_stmt(f->s, &q_self);
		stmt_bind_int(st, 1, 1);
		stmt_bind_text(st, 2, self[i][0]);
		stmt_bind_text(st, 3, self[i][1]);
		assert_int_equal(stmt_exec(st), STORE_OK);
	}
	assert_int_equal(practice_create_from_proposal(f->s, 7, 2), PRACTICE_WRONG_STATE);
	assert_int_equal(practice_create_from_proposal(f->s, 7, 3), PRACTICE_NOT_FOUND);
	int64_t id = practice_create_from_proposal(f->s, 7, 1);
	assert_true(id > 0);
	assert_int_equal(practice_create_from_proposal(f->s, 7, 1), PRACTICE_EXISTS);
	assert_int_equal(practice_of_proposal(f->s, 1), id);

	struct practice p;
	assert_true(practice_find(f->s, &f->a, id, &p));
	assert_string_equal(p.slug, "lotsen-fuer-die-anerkennung");
	assert_int_equal(p.proposal_id, 1);
	assert_int_equal(p.status, PRACTICE_UNPUBLISHED);
	assert_string_equal(p.text[PX_ORGANISATION_NAME], "Anerkennungsberatung Stuttgart");
	assert_string_equal(p.text[PX_ORGANISATION_KIND], "teilprojekt");
	assert_string_equal(p.text[PX_BUNDESLAND], "Baden-Württemberg");
	assert_string_equal(p.text[PX_IMPLEMENTATION],
	                    "Schulungen.\n\n**Erfahrungen**\n\nGute Erfahrungen.");
	assert_string_equal(p.text[PX_TRANSFER],
	                    "**Voraussetzungen**\n\nRäume.\n\n**Aufwand**\n\nZwei Stellen.");
	assert_string_equal(p.text[PX_CRITERION_TRANSFERABLE], "Übertragbar.");
	assert_string_equal(
	    p.text[PX_CRITERION_EFFICIENT],
	    "**In der Erstellung**\n\nWenig Aufwand.\n\n**Im Transfer**\n\nSpart Zeit.");
	assert_string_equal(p.text[PX_CONTACT_EMAIL], "eva@example.org");
	assert_string_equal(p.art.key, "konzept");
	assert_int_equal(p.nterms, 1);
	assert_string_equal(p.terms[0].key, "anerkennungsberatung");
	assert_int_equal(events(f, "practice.create", id), 1);
}

static int64_t
practices(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &q_count);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static const char good_import[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": [\n"
    " {\"title\": \"Brücken bauen\", \"teaser\": \"Kurz.\", \"art\": \"konzept\",\n"
    "  \"organisation_name\": \"IQ Netzwerk Berlin\", \"situation\": \"A\",\n"
    "  \"implementation\": \"B\", \"results\": \"C\", \"transfer\": \"D\",\n"
    "  \"handlungsfelder\": [\"deutsch\"], \"bundeslaender\": [\"be\", \"bb\"],\n"
    "  \"links\": [\"https://example.org\", {\"url\": \"https://example.org/b\", \"label\": "
    "\"Mehr\"}],\n"
    "  \"published_at\": \"2021-03-04\"},\n"
    " {\"slug\": \"eigene-adresse\", \"title\": \"Entwurf\", \"status\": \"unpublished\"}\n"
    "]}";

static void
test_import(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import(f, good_import, strlen(good_import), &res), 0);
	assert_int_equal(res.records, 2);
	assert_int_equal(res.imported, 2);
	struct practice p;
	assert_true(practice_find_slug(f->s, &f->a, "bruecken-bauen", true, &p));
	assert_int_equal(p.nterms, 3);
	assert_string_equal(p.text[PX_LINKS], "https://example.org\nhttps://example.org/b Mehr");
	char when[32];
	time_format_rfc3339(when, sizeof when, p.published_at);
	assert_string_equal(when, "2021-03-04T11:00:00Z"); /* noon in Berlin */
	assert_true(practice_find_slug(f->s, &f->a, "eigene-adresse", false, &p));
	assert_int_equal(p.status, PRACTICE_UNPUBLISHED);
}

static void
test_import_problems(void **state)
{
	struct fixture *f = *state;
	static const char bad[] =
	    "{\"practices\": [\n"
	    " {\"title\": \"Gut\", \"status\": \"unpublished\"},\n"
	    " {\"title\": \"Unvollständig\"},\n"
	    " {\"title\": \"X\", \"art\": \"rakete\", \"zielgruppen\": [\"gesundheit\", 3],\n"
	    "  \"contact_email\": \"nope\", \"colour\": \"blau\", \"status\": \"unpublished\"},\n"
	    " \"kein Objekt\",\n"
	    " {\"slug\": \"gleich\", \"title\": \"A\", \"status\": \"unpublished\"},\n"
	    " {\"slug\": \"gleich\", \"title\": \"B\", \"status\": \"unpublished\"}\n"
	    "]}";
	struct import_result res;
	assert_int_equal(import(f, bad, strlen(bad), &res), 1);
	assert_int_equal(res.imported, 0);
	assert_int_equal(practices(f), 0); /* nothing half-imported */
	/* Record 2: what publishing needs. */
	bool teaser = false, art = false;
	size_t rec3 = 0;
	for (size_t i = 0; i < res.nproblems; i++) {
		const struct import_problem *p = &res.problems[i];
		if (p->record == 2 && strcmp(p->field, "teaser") == 0)
			teaser = true;
		if (p->record == 2 && strcmp(p->field, "art") == 0)
			art = true;
		if (p->record == 3)
			rec3++;
	}
	assert_true(teaser && art);
	assert_int_equal(rec3, 3); /* art, zielgruppen (3), colour; the e-mail is checked later */
	bool rec4 = false, rec6 = false;
	for (size_t i = 0; i < res.nproblems; i++) {
		rec4 |= res.problems[i].record == 4;
		rec6 |= res.problems[i].record == 6 && strcmp(res.problems[i].field, "slug") == 0;
		assert_true(res.problems[i].record != 1 && res.problems[i].record != 5);
	}
	assert_true(rec4 && rec6);

	/* Not JSON at all: the parser's position. */
	assert_int_equal(import(f, "{\"practices\": [\n{,", 17, &res), 1);
	assert_int_equal(res.nproblems, 1);
	assert_int_equal(res.problems[0].record, 0);
	assert_non_null(strstr(res.problems[0].message, "line 2"));
	assert_int_equal(import(f, "[]", 2, &res), 1);
	assert_int_equal(import(f, "{\"practices\": [], \"x\": 1}", 25, &res), 1);
	assert_string_equal(res.problems[0].field, "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slugify),
	    cmocka_unit_test(test_links),
	    cmocka_unit_test_setup_teardown(test_unique_slugs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_publication_flow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_text, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_facets, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_sort_and_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_search_broad_relevance, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_related, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_from_proposal, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_problems, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

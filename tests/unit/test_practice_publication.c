/* Good practices in the domain: the publication flow with its audit trail, updates, and
 * practices from selected proposals. */
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
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

static const struct store_query q_events = {
    "t_practice_events", "SELECT count(*) FROM audit_event WHERE action = ?1 AND object = ?2"};
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_publication_flow, practice_setup,
	                                    practice_teardown),
	    cmocka_unit_test_setup_teardown(test_update, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_from_proposal, practice_setup, practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

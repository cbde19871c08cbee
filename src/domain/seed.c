/* Rows written straight for fixtures and the demo (seed.h); never called by a page. */
#include "domain/seed.h"
#include "search/search.h"
#include "store/store.h"

static const struct store_query q_call_in = {
    "seed_call_in_phase", "SELECT id FROM call WHERE phase = ?1 ORDER BY id LIMIT 1"};
static const struct store_query q_set_phase = {"seed_call_set_phase",
                                               "UPDATE call SET phase = ?2 WHERE id = ?1"};
static const struct store_query q_org = {"seed_organisation_id",
                                         "SELECT id FROM organisation WHERE name = ?1"};
static const struct store_query q_proposal = {
    "seed_proposal_in_review",
    "INSERT INTO proposal(call_id, organisation_id, state, title, teaser, in_use_since, "
    "situation, implementation, results, experience, resources, transfer_requirements, "
    "transfer_effort, transfer_materials, contact_name, contact_email, art_id, created_by, "
    "updated_by, created_at, updated_at, submitted_at, title_sort) VALUES (?1, ?2, 'in_review', "
    "?3, ?4, ?5, ?6, ?7, ?8, ?9, 'Eine halbe Stelle.', 'Eine koordinierende Stelle.', ?10, "
    "'Leitfaden, Vorlagen.', 'Projektleitung', 'kontakt@iq-demo.example', (SELECT id FROM "
    "taxonomy_term WHERE kind = 'art' AND key = 'konzept'), ?11, ?11, ?12, ?12, ?12, ?13) "
    "RETURNING id"};
static const struct store_query q_self = {
    "seed_self_assessment",
    "INSERT INTO self_assessment(proposal_id, criterion_key, body) VALUES (?1, ?2, ?3)"};

int64_t
seed_call_in_phase(struct store *s, const char *phase)
{
	struct stmt *st = store_stmt(s, &q_call_in);
	stmt_bind_text(st, 1, phase);
	return stmt_one_int(st);
}

int
seed_call_set_phase(struct store *s, int64_t call, const char *phase)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_set_phase);
	stmt_bind_int(st, 1, call);
	stmt_bind_text(st, 2, phase);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int64_t
seed_organisation_id(struct store *s, const char *name)
{
	struct stmt *st = store_stmt(s, &q_org);
	stmt_bind_text(st, 1, name);
	return stmt_one_int(st);
}

int
seed_proposal_in_review(struct store *s, const struct seed_proposal *p, int64_t *id)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_proposal);
	stmt_bind_int(st, 1, p->call_id);
	stmt_bind_int(st, 2, p->organisation_id);
	stmt_bind_text(st, 3, p->title);
	stmt_bind_text(st, 4, p->teaser);
	stmt_bind_text(st, 5, p->in_use_since);
	stmt_bind_text(st, 6, p->situation);
	stmt_bind_text(st, 7, p->implementation);
	stmt_bind_text(st, 8, p->results);
	stmt_bind_text(st, 9, p->experience);
	stmt_bind_text(st, 10, p->transfer_effort);
	stmt_bind_int(st, 11, p->author);
	stmt_bind_int(st, 12, p->at);
	search_bind_sort_key(st, 13, p->title);
	return stmt_insert(st, id) == STORE_OK ? 0 : -1;
}

int
seed_self_assessment(struct store *s, int64_t proposal_id, const char *key, const char *body)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_self);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_text(st, 2, key);
	stmt_bind_text(st, 3, body);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

static const struct store_query q_transfer = {
    "seed_transfer_report",
    "INSERT INTO transfer_report(practice_id, state, reporter_name, reporter_email, "
    "organisation_name, organisation_key, organisation_kind, bundesland, name_public, stage, "
    "report_text, interest_at, confirmed_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6, ?7, ?8, ?9, ?10, ?11, CASE WHEN ?2 = 'confirmed' AND ?10 = 'interest' THEN ?12 "
    "END, CASE WHEN ?2 <> 'unconfirmed' THEN ?12 END, ?12, ?12) RETURNING id"};

int64_t
seed_transfer_report(struct store *s, const struct seed_transfer *t)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_transfer);
	stmt_bind_int(st, 1, t->practice_id);
	stmt_bind_text(st, 2, t->state);
	stmt_bind_text(st, 3, t->reporter_name);
	stmt_bind_text(st, 4, t->reporter_email);
	stmt_bind_text(st, 5, t->organisation);
	search_bind_sort_key(st, 6, t->organisation);
	stmt_bind_text(st, 7, t->kind);
	stmt_bind_text(st, 8, t->bundesland);
	stmt_bind_int(st, 9, t->name_public);
	stmt_bind_text(st, 10, t->stage);
	stmt_bind_text(st, 11, t->text ? t->text : "");
	stmt_bind_int(st, 12, t->at);
	int64_t id = 0;
	return stmt_insert(st, &id) == STORE_OK ? id : -1;
}

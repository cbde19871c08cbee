/* The data export of one person: named queries, each row passed on as a JSON object of its
 * columns, so a column added to these tables is exported without a change here. */
#include "domain/privacy.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

static const struct store_query q_account = {
    "privacy_account",
    "SELECT u.id, u.email, u.name, u.locale, u.organisation_id, o.name AS organisation, "
    "u.constituency, u.active, u.created_at, u.updated_at FROM user_account u "
    "LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ?1"};
static const struct store_query q_roles = {
    "privacy_roles", "SELECT role FROM user_role WHERE user_id = ?1 ORDER BY role"};
static const struct store_query q_sessions = {
    "privacy_sessions", "SELECT created_at, last_seen FROM session WHERE user_id = ?1 "
                        "ORDER BY created_at"};
/* The proposals the person created, and those that name their address as the contact. */
static const struct store_query q_proposals = {
    "privacy_proposals",
    "SELECT p.* FROM proposal p, user_account u WHERE u.id = ?1 AND (p.created_by = u.id OR "
    "(p.contact_email <> '' AND lower(p.contact_email) = lower(u.email))) ORDER BY p.id"};
static const struct store_query q_reviews = {
    "privacy_reviews", "SELECT r.id, r.proposal_id, p.title AS proposal_title, r.state, "
                       "r.recommendation, r.comment, r.abstain, r.abstain_reason, "
                       "r.created_at, r.updated_at, r.submitted_at FROM review r "
                       "JOIN proposal p ON p.id = r.proposal_id WHERE r.user_id = ?1 "
                       "ORDER BY r.id"};
static const struct store_query q_scores = {
    "privacy_scores", "SELECT s.review_id, s.criterion_id, s.score, s.justification "
                      "FROM review_score s JOIN review r ON r.id = s.review_id "
                      "WHERE r.user_id = ?1 ORDER BY s.review_id, s.criterion_id"};
static const struct store_query q_votes = {
    "privacy_votes", "SELECT version_id, vote FROM decision_vote WHERE user_id = ?1 "
                     "ORDER BY version_id"};
static const struct store_query q_messages = {
    "privacy_messages", "SELECT id, proposal_id, from_office, body, created_at "
                        "FROM proposal_message WHERE author_id = ?1 ORDER BY id"};
static const struct store_query q_comments = {
    "privacy_comments", "SELECT id, proposal_id, body, created_at FROM review_comment "
                        "WHERE author_id = ?1 ORDER BY id"};
static const struct store_query q_transfers = {
    "privacy_transfers",
    "SELECT t.* FROM transfer_report t, user_account u WHERE u.id = ?1 AND "
    "(t.reporter_user_id = u.id OR lower(t.reporter_email) = lower(u.email)) ORDER BY t.id"};

static json_t *
row_object(struct stmt *st)
{
	json_t *o = json_object();
	int n = stmt_columns(st);
	for (int c = 0; c < n; c++) {
		const char *name = stmt_column_name(st, c);
		if (strcmp(name, "password_hash") == 0)
			continue;
		json_t *v;
		switch (stmt_column_kind(st, c)) {
		case STORE_COL_INT:
			v = json_integer(stmt_int(st, c));
			break;
		case STORE_COL_REAL:
			v = json_real(stmt_double(st, c));
			break;
		case STORE_COL_NULL:
			v = json_null();
			break;
		default:
			v = json_string(stmt_text(st, c));
			break;
		}
		json_object_set_new(o, name, v ? v : json_null());
	}
	return o;
}

/* The rows of q for user_id, as an array of objects. */
static json_t *
rows(struct store *s, const struct store_query *q, int64_t user_id)
{
	json_t *a = json_array();
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, user_id);
	while (stmt_step(st) == STORE_ROW)
		json_array_append_new(a, row_object(st));
	stmt_done(st);
	return a;
}

static json_t *
named(const char *key, json_t *value)
{
	json_t *o = json_object();
	json_object_set_new(o, key, value);
	return o;
}

int
privacy_export(struct store *s, int64_t user_id, struct privacy_part parts[PRIVACY_PARTS])
{
	json_t *account = rows(s, &q_account, user_id);
	if (json_array_size(account) != 1) {
		json_decref(account);
		return 0;
	}
	json_t *me = json_incref(json_array_get(account, 0));
	json_decref(account);
	json_t *roles = json_array();
	struct stmt *st = store_stmt(s, &q_roles);
	stmt_bind_int(st, 1, user_id);
	while (stmt_step(st) == STORE_ROW)
		json_array_append_new(roles, json_string(stmt_text(st, 0)));
	stmt_done(st);
	json_object_set_new(me, "roles", roles);
	json_object_set_new(me, "sessions", rows(s, &q_sessions, user_id));
	json_object_set_new(me, "exported_at", json_integer(time_now()));
	parts[0] = (struct privacy_part){"account.json", me};
	parts[1] = (struct privacy_part){"proposals.json",
	                                 named("proposals", rows(s, &q_proposals, user_id))};
	json_t *ratings = named("reviews", rows(s, &q_reviews, user_id));
	json_object_set_new(ratings, "scores", rows(s, &q_scores, user_id));
	parts[2] = (struct privacy_part){"ratings.json", ratings};
	parts[3] = (struct privacy_part){"votes.json", named("votes", rows(s, &q_votes, user_id))};
	json_t *messages = named("messages_on_proposals", rows(s, &q_messages, user_id));
	json_object_set_new(messages, "board_comments", rows(s, &q_comments, user_id));
	parts[4] = (struct privacy_part){"messages.json", messages};
	parts[5] = (struct privacy_part){"transfer_reports.json",
	                                 named("transfer_reports", rows(s, &q_transfers, user_id))};
	return PRIVACY_PARTS;
}

int
privacy_export_audit(struct store *s, int64_t actor, int64_t user_id)
{
	store_assert_tx(s);
	return audit_on(s, actor, "user", user_id, "user.data_exported", NULL);
}

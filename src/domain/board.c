/* The advisory board of a call: its members and their constituencies. */
#include "domain/board.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/review.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <string.h>

const char *const board_constituencies[] = {"funder", "transfer_project", "network", "fachstelle",
                                            NULL};

bool
board_constituency_valid(const char *key)
{
	for (size_t i = 0; key && board_constituencies[i]; i++)
		if (strcmp(board_constituencies[i], key) == 0)
			return true;
	return false;
}

const char *
board_constituency_label(const char *key)
{
	if (key && strcmp(key, "funder") == 0)
		return N_("Funder");
	if (key && strcmp(key, "transfer_project") == 0)
		return N_("Transfer project");
	if (key && strcmp(key, "network") == 0)
		return N_("Network");
	if (key && strcmp(key, "fachstelle") == 0)
		return N_("Specialist office (Fachstelle)");
	return N_("none");
}

static const struct store_query q_proposal_call = {
    "board_proposal_call", "SELECT call_id FROM proposal WHERE id = ?1 AND state != 'draft'"};

enum board_result
board_proposal_member(struct store *s, int64_t proposal_id, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_proposal_call);
	stmt_bind_int(st, 1, proposal_id);
	int64_t call_id = stmt_one_int(st);
	if (!call_id)
		return BOARD_NOT_FOUND;
	return board_is_member(s, call_id, user_id) ? BOARD_OK : BOARD_NOT_MEMBER;
}

static const struct store_query q_member_insert = {
    "board_member_insert", "INSERT INTO board_member(call_id, user_id, constituency, added_by, "
                           "added_at) VALUES (?1, ?2, ?3, ?4, ?5)"};
static const struct store_query q_member_delete = {
    "board_member_delete", "DELETE FROM board_member WHERE call_id = ?1 AND user_id = ?2"};
static const struct store_query q_member_is = {
    "board_member_is", "SELECT 1 FROM board_member WHERE call_id = ?1 AND user_id = ?2"};
static const struct store_query q_candidates = {
    "board_member_candidates",
    "SELECT u.id, u.email, u.name, coalesce(u.organisation_id, 0), coalesce(o.name, ''), "
    "u.constituency FROM user_account u JOIN user_role r ON r.user_id = u.id AND r.role = "
    "'board' LEFT JOIN organisation o ON o.id = u.organisation_id WHERE u.active = 1 AND NOT "
    "EXISTS (SELECT 1 FROM board_member m WHERE m.call_id = ?1 AND m.user_id = u.id) "
    "ORDER BY u.name_sort, u.id"};

enum board_result
board_member_add(struct store *s, int64_t actor, int64_t call_id, int64_t user_id,
                 const char *constituency)
{
	struct arena a = {0};
	struct call c;
	struct user u;
	enum board_result rc = BOARD_ERROR;
	if (!call_find(s, &a, call_id, &c) || !user_find_by_id(s, &a, user_id, &u)) {
		rc = BOARD_NOT_FOUND;
		goto out;
	}
	if (!(u.roles & ROLE_BOARD) || !u.active) {
		rc = BOARD_NOT_BOARD;
		goto out;
	}
	if (!constituency || !*constituency)
		constituency = u.constituency;
	if (!board_constituency_valid(constituency)) {
		rc = BOARD_INVALID;
		goto out;
	}
	if (board_is_member(s, call_id, user_id)) {
		rc = BOARD_EXISTS;
		goto out;
	}
	struct stmt *st = store_stmt(s, &q_member_insert);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_text(st, 3, constituency);
	stmt_bind_int(st, 4, actor);
	stmt_bind_int(st, 5, time_now());
	if (stmt_exec(st) != STORE_OK || review_aggregates_settle(s, call_id) != STORE_OK)
		goto out;
	rc = audit_on(s, actor, "call", call_id, "board.add",
	              json_pack("{s:I,s:s}", "user", (json_int_t)user_id, "constituency",
	                        constituency)) == 0
	         ? BOARD_OK
	         : BOARD_ERROR;
out:
	arena_free(&a);
	return rc;
}

enum board_result
board_member_remove(struct store *s, int64_t actor, int64_t call_id, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_member_delete);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	if (stmt_exec(st) != STORE_OK)
		return BOARD_ERROR;
	if (store_changes(s) != 1)
		return BOARD_NOT_FOUND;
	if (review_aggregates_settle(s, call_id) != STORE_OK)
		return BOARD_ERROR;
	return audit_on(s, actor, "call", call_id, "board.remove",
	                json_pack("{s:I}", "user", (json_int_t)user_id)) == 0
	           ? BOARD_OK
	           : BOARD_ERROR;
}

bool
board_is_member(struct store *s, int64_t call_id, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_member_is);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	bool yes = stmt_step(st) == STORE_ROW;
	stmt_done(st);
	return yes;
}

struct user *
board_member_candidates(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_candidates);
	stmt_bind_int(st, 1, call_id);
	struct user *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct user *u = ARENA_PUSH(a, out, *n, cap);
		memset(u, 0, sizeof *u);
		u->id = stmt_int(st, 0);
		u->email = arena_strdup(a, stmt_text(st, 1));
		u->name = arena_strdup(a, stmt_text(st, 2));
		u->organisation_id = stmt_int(st, 3);
		u->organisation_name = arena_strdup(a, stmt_text(st, 4));
		u->constituency = arena_strdup(a, stmt_text(st, 5));
		u->roles = ROLE_BOARD;
		u->active = true;
	}
	stmt_done(st);
	return out;
}

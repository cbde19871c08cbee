/* Conflicts of interest: stored (declared, set by the office) and automatic (derived in
 * the view conflict_all of 005_review.sql from organisations and board membership). */
#include "domain/conflict.h"
#include "domain/audit.h"
#include "domain/board.h"
#include "domain/review.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"", "automatic", "declared", "admin"};

const char *
conflict_kind_name(enum conflict_kind k)
{
	return kind_names[k];
}

const char *
conflict_kind_label(enum conflict_kind k)
{
	static const char *const labels[] = {N_("none"),
	                                     N_("automatic (same organisation or "
	                                        "network)"),
	                                     N_("declared by the member"),
	                                     N_("set by the coordination office")};
	return labels[k];
}

static enum conflict_kind
kind_parse(const char *name)
{
	for (int i = 1; i < 4; i++)
		if (strcmp(kind_names[i], name) == 0)
			return (enum conflict_kind)i;
	return CONFLICT_NONE;
}

/* A stored conflict wins over the automatic one: it carries a reason. */
static const struct store_query q_of = {
    "conflict_of", "SELECT kind FROM conflict_all WHERE user_id = ?1 AND proposal_id = ?2 "
                   "ORDER BY kind = 'automatic' LIMIT 1"};

enum conflict_kind
conflict_of(struct store *s, int64_t user_id, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_of);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, proposal_id);
	enum conflict_kind k = CONFLICT_NONE;
	if (stmt_step(st) == STORE_ROW)
		k = kind_parse(stmt_text(st, 0));
	stmt_done(st);
	return k;
}

static const struct store_query q_in_call = {
    "conflict_in_call", "SELECT 1 FROM conflict_all x JOIN proposal p ON p.id = x.proposal_id "
                        "WHERE x.user_id = ?1 AND p.call_id = ?2 LIMIT 1"};

bool
conflict_in_call(struct store *s, int64_t user_id, int64_t call_id)
{
	struct stmt *st = store_stmt(s, &q_in_call);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, call_id);
	bool any = stmt_step(st) == STORE_ROW;
	stmt_done(st);
	return any;
}

static const struct store_query q_list = {
    "conflict_list",
    "SELECT coalesce(c.id, 0), x.user_id, x.proposal_id, coalesce(c.created_by, 0), "
    "coalesce(c.created_at, 0), x.kind, x.reason, u.name, p.title, o.name "
    "FROM conflict_all x JOIN proposal p ON p.id = x.proposal_id "
    "JOIN organisation o ON o.id = p.organisation_id "
    "JOIN user_account u ON u.id = x.user_id "
    "LEFT JOIN conflict c ON c.proposal_id = x.proposal_id AND c.user_id = x.user_id "
    "AND x.kind != 'automatic' "
    "WHERE p.call_id = ?1 AND p.state != 'draft' "
    "ORDER BY p.title_sort, p.id, u.name_sort, x.kind"};

struct conflict *
conflict_list(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, call_id);
	struct conflict *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct conflict *c = ARENA_PUSH(a, out, *n, cap);
		c->id = stmt_int(st, 0);
		c->user_id = stmt_int(st, 1);
		c->proposal_id = stmt_int(st, 2);
		c->created_by = stmt_int(st, 3);
		c->created_at = stmt_int(st, 4);
		c->kind = kind_parse(stmt_text(st, 5));
		c->reason = arena_strdup(a, stmt_text(st, 6));
		c->user_name = arena_strdup(a, stmt_text(st, 7));
		c->proposal_title = arena_strdup(a, stmt_text(st, 8));
		c->organisation_name = arena_strdup(a, stmt_text(st, 9));
	}
	stmt_done(st);
	return out;
}

static const struct store_query q_insert = {
    "conflict_insert", "INSERT INTO conflict(proposal_id, user_id, kind, reason, created_by, "
                       "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"};

static bool
reason_ok(const char *reason)
{
	return reason && reason[strspn(reason, " \t\r\n")] &&
	       str_utf8_len(reason) <= CONFLICT_REASON_MAX;
}

static int
audit_proposal(struct store *s, int64_t actor, int64_t proposal_id, const char *action,
               json_t *details)
{
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)proposal_id);
	return audit_log(s, actor, action, obj, details);
}

static enum conflict_result
insert(struct store *s, int64_t actor, int64_t proposal_id, int64_t user_id,
       enum conflict_kind kind, const char *reason)
{
	if (!reason_ok(reason))
		return CONFLICT_INVALID;
	switch (board_proposal_member(s, proposal_id, user_id)) {
	case BOARD_OK:
		break;
	case BOARD_NOT_MEMBER:
		return CONFLICT_NOT_MEMBER;
	case BOARD_ERROR:
		return CONFLICT_ERROR;
	default:
		return CONFLICT_NOT_FOUND;
	}
	if (conflict_of(s, user_id, proposal_id) != CONFLICT_NONE)
		return CONFLICT_EXISTS;
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_text(st, 3, conflict_kind_name(kind));
	stmt_bind_text(st, 4, reason);
	stmt_bind_int(st, 5, actor);
	stmt_bind_int(st, 6, time_now());
	int rc = stmt_exec(st);
	if (rc == STORE_CONSTRAINT)
		return CONFLICT_EXISTS;
	if (rc != STORE_OK || review_aggregates_settle_proposal(s, proposal_id) != STORE_OK)
		return CONFLICT_ERROR;
	return audit_proposal(
	           s, actor, proposal_id,
	           kind == CONFLICT_DECLARED ? "conflict.declare" : "conflict.set",
	           json_pack("{s:I,s:s}", "user", (json_int_t)user_id, "reason", reason)) == 0
	           ? CONFLICT_OK
	           : CONFLICT_ERROR;
}

enum conflict_result
conflict_declare(struct store *s, const struct user *member, int64_t proposal_id,
                 const char *reason)
{
	return insert(s, member->id, proposal_id, member->id, CONFLICT_DECLARED, reason);
}

enum conflict_result
conflict_set(struct store *s, int64_t actor, int64_t proposal_id, int64_t user_id,
             const char *reason)
{
	return insert(s, actor, proposal_id, user_id, CONFLICT_ADMIN, reason);
}

static const struct store_query q_find = {
    "conflict_find", "SELECT c.proposal_id, c.user_id, c.kind, c.reason FROM conflict c "
                     "JOIN proposal p ON p.id = c.proposal_id WHERE c.id = ?1 AND p.call_id = ?2"};
static const struct store_query q_delete = {"conflict_delete",
                                            "DELETE FROM conflict WHERE id = ?1"};

enum conflict_result
conflict_remove(struct store *s, int64_t actor, int64_t call_id, int64_t conflict_id)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, conflict_id);
	stmt_bind_int(st, 2, call_id);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return CONFLICT_NOT_FOUND;
	}
	int64_t proposal_id = stmt_int(st, 0), user_id = stmt_int(st, 1);
	json_t *details = json_pack("{s:I,s:s,s:s}", "user", (json_int_t)user_id, "kind",
	                            stmt_text(st, 2), "reason", stmt_text(st, 3));
	stmt_done(st);
	st = store_stmt(s, &q_delete);
	stmt_bind_int(st, 1, conflict_id);
	if (stmt_exec(st) != STORE_OK || review_aggregates_settle(s, call_id) != STORE_OK) {
		json_decref(details);
		return CONFLICT_ERROR;
	}
	return audit_proposal(s, actor, proposal_id, "conflict.remove", details) == 0
	           ? CONFLICT_OK
	           : CONFLICT_ERROR;
}

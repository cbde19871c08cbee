/* The formal check: per-gate verdicts with notes, and the outcome that ends the check. */
#include "domain/formal_check.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

bool
formal_check_open(enum proposal_state st)
{
	return st == PS_SUBMITTED || st == PS_RESUBMITTED;
}

static const struct store_query q_proposal = {"formal_proposal",
                                              "SELECT call_id, state FROM proposal WHERE id = ?1"};

/* The proposal's call and whether its check is open; false when there is no proposal. */
static bool
proposal_call(struct store *s, int64_t proposal_id, int64_t *call_id, bool *open)
{
	struct stmt *st = store_stmt(s, &q_proposal);
	stmt_bind_int(st, 1, proposal_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		*call_id = stmt_int(st, 0);
		/* Read the state by name here so this module needs nothing but the table. */
		const char *state = stmt_text(st, 1);
		*open = strcmp(state, "submitted") == 0 || strcmp(state, "resubmitted") == 0;
	}
	stmt_done(st);
	return found;
}

static const struct store_query q_list = {
    "formal_list", "SELECT g.id, g.label_de, g.label_en, g.position, coalesce(c.passed, -1), "
                   "coalesce(c.note, ''), coalesce(c.checked_by, 0), coalesce(c.checked_at, 0), "
                   "coalesce(u.name, '') "
                   "FROM proposal p JOIN gate g ON g.call_id = p.call_id "
                   "LEFT JOIN gate_check c ON c.proposal_id = p.id AND c.gate_id = g.id "
                   "LEFT JOIN user_account u ON u.id = c.checked_by "
                   "WHERE p.id = ?1 ORDER BY g.position, g.id"};

struct gate_check *
formal_check_list(struct store *s, struct arena *a, int64_t proposal_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, proposal_id);
	struct gate_check *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct gate_check *c = ARENA_PUSH(a, out, *n, cap);
		c->gate.id = stmt_int(st, 0);
		c->gate.label_de = arena_strdup(a, stmt_text(st, 1));
		c->gate.label_en = arena_strdup(a, stmt_text(st, 2));
		c->gate.position = (int)stmt_int(st, 3);
		int64_t v = stmt_int(st, 4);
		c->verdict = v < 0 ? GATE_OPEN : v ? GATE_MET : GATE_NOT_MET;
		c->note = arena_strdup(a, stmt_text(st, 5));
		c->checked_by = stmt_int(st, 6);
		c->checked_at = stmt_int(st, 7);
		c->checked_by_name = arena_strdup(a, stmt_text(st, 8));
	}
	stmt_done(st);
	return out;
}

static const struct store_query q_upsert = {
    "formal_upsert",
    "INSERT INTO gate_check(proposal_id, gate_id, passed, note, checked_by, checked_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (proposal_id, gate_id) DO UPDATE SET "
    "passed = excluded.passed, note = excluded.note, checked_by = excluded.checked_by, "
    "checked_at = excluded.checked_at"};
static const struct store_query q_clear = {
    "formal_clear", "DELETE FROM gate_check WHERE proposal_id = ?1 AND gate_id = ?2"};

static const struct gate_check *
find_gate(const struct gate_check *have, size_t n, int64_t gate_id)
{
	for (size_t i = 0; i < n; i++)
		if (have[i].gate.id == gate_id)
			return &have[i];
	return NULL;
}

static const char *
verdict_name(enum gate_verdict v)
{
	return v == GATE_MET ? "met" : v == GATE_NOT_MET ? "not_met" : "open";
}

static int
write_tick(struct store *s, int64_t actor, int64_t proposal_id, const struct gate_tick *t,
           const char *note)
{
	struct stmt *st;
	if (t->verdict == GATE_OPEN) {
		st = store_stmt(s, &q_clear);
		stmt_bind_int(st, 1, proposal_id);
		stmt_bind_int(st, 2, t->gate_id);
		return stmt_exec(st);
	}
	st = store_stmt(s, &q_upsert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, t->gate_id);
	stmt_bind_int(st, 3, t->verdict == GATE_MET);
	stmt_bind_text(st, 4, note);
	stmt_bind_int(st, 5, actor);
	stmt_bind_int(st, 6, time_now());
	return stmt_exec(st);
}

/* Checks every tick before anything is written, so a refusal changes nothing. */
static int
validate_ticks(const struct gate_check *have, size_t nhave, const struct gate_tick *ticks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *note = ticks[i].note ? ticks[i].note : "";
		if (!find_gate(have, nhave, ticks[i].gate_id) ||
		    (ticks[i].verdict != GATE_OPEN && ticks[i].verdict != GATE_MET &&
		     ticks[i].verdict != GATE_NOT_MET))
			return FORMAL_UNKNOWN_GATE;
		if (!str_utf8_valid(note, strlen(note)) || str_utf8_len(note) > FORMAL_NOTE_MAX)
			return FORMAL_NOTE_TOO_LONG;
	}
	return FORMAL_OK;
}

enum formal_result
formal_check_save(struct store *s, int64_t actor, int64_t proposal_id,
                  const struct gate_tick *ticks, size_t n)
{
	store_assert_tx(s);
	int64_t call_id;
	bool open;
	if (!proposal_call(s, proposal_id, &call_id, &open))
		return FORMAL_ERROR;
	if (!open)
		return FORMAL_NOT_OPEN;
	struct arena a = {0};
	size_t nhave;
	struct gate_check *have = formal_check_list(s, &a, proposal_id, &nhave);
	int rc = validate_ticks(have, nhave, ticks, n);
	if (rc != FORMAL_OK)
		goto out;
	json_t *changes = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct gate_check *g = find_gate(have, nhave, ticks[i].gate_id);
		const char *note = ticks[i].verdict == GATE_OPEN ? ""
		                   : ticks[i].note               ? ticks[i].note
		                                                 : "";
		if (g->verdict == ticks[i].verdict && strcmp(g->note, note) == 0)
			continue;
		if (write_tick(s, actor, proposal_id, &ticks[i], note) != STORE_OK) {
			json_decref(changes);
			rc = FORMAL_ERROR;
			goto out;
		}
		json_array_append_new(
		    changes, json_pack("{s:I,s:s,s:s}", "gate", (json_int_t)ticks[i].gate_id,
		                       "verdict", verdict_name(ticks[i].verdict), "note", note));
	}
	if (json_array_size(changes) == 0) {
		json_decref(changes);
		goto out;
	}
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)proposal_id);
	if (audit_log(s, actor, "proposal.gate_check", obj, json_pack("{s:o}", "gates", changes)) !=
	    0)
		rc = FORMAL_ERROR;
out:
	arena_free(&a);
	return rc;
}

static const struct store_query q_all_met = {
    "formal_all_met",
    "SELECT count(*), coalesce(sum(CASE WHEN c.passed = 1 THEN 1 ELSE 0 END), 0) FROM proposal p "
    "JOIN gate g ON g.call_id = p.call_id "
    "LEFT JOIN gate_check c ON c.proposal_id = p.id AND c.gate_id = g.id WHERE p.id = ?1"};

bool
formal_check_all_met(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_all_met);
	stmt_bind_int(st, 1, proposal_id);
	bool all =
	    stmt_step(st) == STORE_ROW && stmt_int(st, 0) > 0 && stmt_int(st, 0) == stmt_int(st, 1);
	stmt_done(st);
	return all;
}

int
formal_check_decide(struct store *s, const struct user *office, int64_t proposal_id,
                    enum proposal_state outcome, const char *reason)
{
	int64_t call_id;
	bool open;
	if (!proposal_call(s, proposal_id, &call_id, &open))
		return FORMAL_ERROR;
	if (!open)
		return FORMAL_NOT_OPEN;
	/* Eligible is a statement that the proposal passed every gate: the checklist must
	 * say so, or the record would contradict the outcome. */
	if (outcome == PS_ELIGIBLE && !formal_check_all_met(s, proposal_id))
		return FORMAL_GATES_OPEN;
	return proposal_decide_formal(s, office, proposal_id, outcome, reason);
}

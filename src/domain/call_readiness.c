/* The preconditions of a call's phase changes, and the change that checks them. */
#include "domain/call_readiness.h"
#include "domain/decision.h"
#include "domain/review.h"
#include "domain/review_progress.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <string.h>

static const char *const kind_names[READY_KIND_COUNT] = {
    "deadline_ahead", "unchecked",     "constituencies", "no_criteria",
    "criterion",      "scale",         "few_ratings",    "member_missing",
    "undecided",      "letter_unsent", "record_missing",
};

const char *
call_readiness_kind_name(enum readiness_kind k)
{
	return kind_names[k];
}

/* The findings as they are collected: an arena array that grows. */
struct findings {
	struct arena *a;
	struct call_finding *v;
	size_t n, cap;
};

static void
add(struct findings *f, enum readiness_kind kind, int64_t id, int64_t have, int64_t need)
{
	*ARENA_PUSH(f->a, f->v, f->n, f->cap) = (struct call_finding){kind, id, have, need};
}

static bool
blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

/* Adds a finding of `kind` for every id the query (bound to the call) returns. */
static void
add_ids(struct store *s, struct findings *f, const struct store_query *q, int64_t call_id,
        enum readiness_kind kind)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW)
		add(f, kind, stmt_int(st, 0), 0, 0);
	stmt_done(st);
}

/* ---- open → review ---- */

static const struct store_query q_unchecked = {
    "readiness_unchecked", "SELECT id FROM proposal WHERE call_id = ?1 AND state IN "
                           "('submitted', 'resubmitted') ORDER BY id"};
/* Only active accounts that still hold the board role count: the others cannot rate. */
static const struct store_query q_constituencies = {
    "readiness_constituencies",
    "SELECT count(DISTINCT m.constituency) FROM board_member m JOIN user_account u ON "
    "u.id = m.user_id JOIN user_role r ON r.user_id = u.id AND r.role = 'board' "
    "WHERE m.call_id = ?1 AND u.active = 1"};

static void
rubric(struct store *s, struct findings *f, int64_t call_id)
{
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, f->a, call_id, crit, REVIEW_MAX_CRITERIA);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	if (!review_leaf_criteria(s, f->a, call_id, leaf, REVIEW_MAX_CRITERIA))
		add(f, READY_NO_CRITERIA, call_id, 0, 0);
	for (size_t i = 0; i < n; i++)
		if (blank(crit[i].label_de) || blank(crit[i].label_en) ||
		    blank(crit[i].guidance_de) || blank(crit[i].guidance_en))
			add(f, READY_CRITERION, crit[i].id, 0, 0);
	struct scale_level levels[16];
	size_t nl = review_scale(s, f->a, call_id, levels, 16);
	bool unnamed = false;
	for (size_t i = 0; i < nl; i++)
		unnamed |= blank(levels[i].label_de) || blank(levels[i].label_en);
	if (nl < 2 || unnamed)
		add(f, READY_SCALE, call_id, (int64_t)nl, 2);
}

static void
to_review(struct store *s, struct findings *f, const struct call *c, int64_t now)
{
	if (now < c->closes_at)
		add(f, READY_DEADLINE_AHEAD, c->id, 0, 0);
	add_ids(s, f, &q_unchecked, c->id, READY_UNCHECKED);
	struct stmt *st = store_stmt(s, &q_constituencies);
	stmt_bind_int(st, 1, c->id);
	int64_t have = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : 0;
	stmt_done(st);
	if (have < CALL_MIN_CONSTITUENCIES)
		add(f, READY_CONSTITUENCIES, c->id, have, CALL_MIN_CONSTITUENCIES);
	rubric(s, f, c->id);
}

/* ---- review → deciding ---- */

/* Counted as the office's progress page counts (review_progress_load, for nobody in
 * particular, so no proposal is left out): a rating counts once it is submitted; an
 * abstention is no rating. */
static void
to_deciding(struct store *s, struct findings *f, const struct call *c)
{
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	struct review_progress_view v;
	review_progress_load(s, f->a, c->id, 0, &v);
	for (size_t i = 0; i < v.nrows; i++) {
		if (v.rows[i].state != PS_IN_REVIEW && v.rows[i].state != PS_ELIGIBLE)
			continue;
		int64_t have = 0;
		for (size_t k = 0; k < v.nmembers; k++)
			have += review_progress_cell(&v, i, k) == CELL_SUBMITTED;
		if (have < set.min_ratings)
			add(f, READY_FEW_RATINGS, v.rows[i].proposal_id, have, set.min_ratings);
	}
	for (size_t k = 0; k < v.nmembers; k++) {
		int64_t missing = 0;
		for (size_t i = 0; i < v.nrows; i++) {
			enum review_cell cell = review_progress_cell(&v, i, k);
			bool open =
			    v.rows[i].state == PS_IN_REVIEW || v.rows[i].state == PS_ELIGIBLE;
			missing += open && (cell == CELL_MISSING || cell == CELL_DRAFT);
		}
		if (missing)
			add(f, READY_MEMBER_MISSING, v.members[k].user_id, missing, 0);
	}
}

/* ---- deciding → closed ---- */

static const struct store_query q_undecided = {
    "readiness_undecided",
    "SELECT p.id FROM proposal p WHERE p.call_id = ?1 AND p.state IN ('eligible', "
    "'in_review') AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.proposal_id = p.id) "
    "ORDER BY p.id"};
/* A decided proposal whose current version has no letter; not one withdrawn since. */
static const struct store_query q_unsent = {
    "readiness_letter_unsent",
    "SELECT d.proposal_id FROM decision d JOIN proposal p ON p.id = d.proposal_id "
    "WHERE d.call_id = ?1 AND p.state != 'withdrawn' AND NOT EXISTS (SELECT 1 FROM "
    "decision_letter l JOIN decision_version v ON v.id = l.version_id WHERE "
    "v.decision_id = d.id AND v.number = (SELECT max(w.number) FROM decision_version w "
    "WHERE w.decision_id = d.id)) ORDER BY d.proposal_id"};

static void
to_closed(struct store *s, struct findings *f, const struct call *c)
{
	add_ids(s, f, &q_undecided, c->id, READY_UNDECIDED);
	add_ids(s, f, &q_unsent, c->id, READY_LETTER_UNSENT);
	/* A call without a meeting or decision has nothing to record. */
	int64_t as_of = decision_record_time(s, c->id);
	if (!as_of)
		return;
	size_t n;
	struct decision_protocol *p = decision_protocols(s, f->a, c->id, &n);
	if (!n)
		add(f, READY_RECORD_MISSING, c->id, 0, 1);
	else if (p[0].issued_at < as_of)
		add(f, READY_RECORD_MISSING, c->id, 1, 1);
}

struct call_finding *
call_readiness(struct store *s, struct arena *a, const struct call *c, enum call_phase to,
               int64_t now, size_t *n)
{
	struct findings f = {a, NULL, 0, 0};
	if ((int)to == (int)c->phase + 1) {
		if (to == PHASE_REVIEW)
			to_review(s, &f, c, now);
		else if (to == PHASE_DECIDING)
			to_deciding(s, &f, c);
		else if (to == PHASE_CLOSED)
			to_closed(s, &f, c);
	}
	*n = f.n;
	return f.v;
}

enum call_move_result
call_move_phase(struct store *s, int64_t actor, int64_t id, enum call_phase to, const char *reason)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct call c;
	enum call_move_result rc = CALL_MOVE_ERROR;
	if (!call_find(s, &a, id, &c))
		goto out;
	if (!((int)to == (int)c.phase + 1 || (c.phase == PHASE_OPEN && to == PHASE_PREPARING))) {
		rc = CALL_MOVE_STEP;
		goto out;
	}
	size_t n;
	struct call_finding *f = call_readiness(s, &a, &c, to, time_now(), &n);
	json_t *note = NULL;
	if (n) {
		if (blank(reason)) {
			rc = CALL_MOVE_NOT_READY;
			goto out;
		}
		if (str_utf8_len(reason) > CALL_REASON_MAX) {
			rc = CALL_MOVE_TOO_LONG;
			goto out;
		}
		json_t *list = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list,
			                      json_pack("{s:s,s:I}", "kind",
			                                call_readiness_kind_name(f[i].kind),
			                                "object", (json_int_t)f[i].object_id));
		note = json_pack("{s:s,s:o}", "override", reason, "findings", list);
	}
	int moved = call_set_phase_noting(s, actor, id, to, note);
	rc = moved == 0 ? CALL_MOVE_OK : moved > 0 ? CALL_MOVE_STEP : CALL_MOVE_ERROR;
out:
	arena_free(&a);
	return rc;
}

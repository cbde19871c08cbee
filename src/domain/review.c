/* Board review: settings, the rubric's freeze and edits, the members' progress, who may
 * read and rate, the ratings themselves and the board's lists. The ranking is in
 * ranking.c; the board's membership in board.c. */
#include "domain/review.h"
#include "domain/audit.h"
#include "domain/conflict.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* Proposal states the board works on: past the formal check and not withdrawn. Rating is
 * for the first two only; the others are the outcomes the board may still read. */
#define RATABLE "('eligible', 'in_review')"
#define READABLE "('eligible', 'in_review', 'selected', 'not_selected', 'deferred', 'published')"
#define NOT_CONFLICTED(u, p)                                                                       \
	"NOT EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " u " AND x.proposal_id = " p  \
	")"
/* Needs review_setting joined as st. */
#define ASSIGNED(u, p)                                                                             \
	"(coalesce(st.assignment, 'all') = 'all' OR EXISTS (SELECT 1 FROM review_assignment ra "   \
	"WHERE ra.proposal_id = " p " AND ra.user_id = " u "))"
/* A member's progress in a call: to rate, submitted, drafts (needs m, st). */
#define PROGRESS_COLUMNS                                                                           \
	"(SELECT count(*) FROM proposal p WHERE p.call_id = m.call_id AND p.state IN " READABLE    \
	" AND " NOT_CONFLICTED("m.user_id", "p.id") " AND " ASSIGNED(                              \
	    "m.user_id",                                                                           \
	    "p.id") "), "                                                                          \
	            "(SELECT count(*) FROM review r JOIN proposal p ON p.id = r.proposal_id "      \
	            "WHERE p.call_id = m.call_id AND r.user_id = m.user_id AND r.state = "         \
	            "'submitted' AND "                                                             \
	            "p.state IN " READABLE                                                         \
	            " AND " NOT_CONFLICTED("m.user_id", "p.id") " AND " ASSIGNED(                  \
	                "m.user_id",                                                               \
	                "p.id") "), "                                                              \
	                        "(SELECT count(*) FROM review r JOIN proposal p ON p.id = "        \
	                        "r.proposal_id "                                                   \
	                        "WHERE p.call_id = m.call_id AND r.user_id = m.user_id AND "       \
	                        "r.state = 'draft' AND "                                           \
	                        "p.state IN " READABLE                                             \
	                        " AND " NOT_CONFLICTED("m.user_id", "p.id") " AND " ASSIGNED(      \
	                            "m.user_id", "p.id") ") "

const char *
review_result_message(int rc)
{
	switch (rc) {
	case REVIEW_OK:
		return N_("Done.");
	case REVIEW_NOT_MEMBER:
		return N_("You are not a member of the advisory board of this call.");
	case REVIEW_CONFLICTED:
		return N_("You have a conflict of interest on this proposal and cannot see or rate "
		          "it.");
	case REVIEW_NOT_ASSIGNED:
		return N_("This proposal is not assigned to you for rating.");
	case REVIEW_NOT_RATABLE:
		return N_("This proposal is not up for rating.");
	case REVIEW_CLOSED:
		return N_("The call is not in its review phase.");
	case REVIEW_DEADLINE:
		return N_("The review deadline has passed; ratings can no longer be changed.");
	case REVIEW_INVALID:
		return N_("Please check your entries.");
	case REVIEW_FROZEN:
		return N_("The review of this call has started: its rubric is frozen and can no "
		          "longer be changed.");
	case REVIEW_NOT_FOUND:
		return N_("There is no such entry.");
	case REVIEW_NOT_BOARD:
		return N_("Only active accounts with the advisory board role can join a board.");
	case REVIEW_EXISTS:
		return N_("This entry exists already.");
	case REVIEW_HIDDEN:
		return N_("The other members' ratings are shown once you have submitted your own.");
	default:
		return N_("The request could not be completed. Please try again.");
	}
}

enum review_result
review_result_of_board(enum board_result rc)
{
	switch (rc) {
	case BOARD_OK:
		return REVIEW_OK;
	case BOARD_ERROR:
		return REVIEW_ERROR;
	case BOARD_NOT_FOUND:
		return REVIEW_NOT_FOUND;
	case BOARD_NOT_BOARD:
		return REVIEW_NOT_BOARD;
	case BOARD_EXISTS:
		return REVIEW_EXISTS;
	case BOARD_INVALID:
		return REVIEW_INVALID;
	case BOARD_NOT_MEMBER:
		return REVIEW_NOT_MEMBER;
	}
	return REVIEW_ERROR;
}

enum review_result
review_result_of_conflict(enum conflict_result rc)
{
	switch (rc) {
	case CONFLICT_OK:
		return REVIEW_OK;
	case CONFLICT_ERROR:
		return REVIEW_ERROR;
	case CONFLICT_NOT_FOUND:
		return REVIEW_NOT_FOUND;
	case CONFLICT_NOT_MEMBER:
		return REVIEW_NOT_MEMBER;
	case CONFLICT_EXISTS:
		return REVIEW_EXISTS;
	case CONFLICT_INVALID:
		return REVIEW_INVALID;
	}
	return REVIEW_ERROR;
}

static const char *const rec_names[REC_COUNT] = {"", "select", "dont_select", "discuss"};

const char *
review_rec_name(enum review_rec r)
{
	return rec_names[r];
}

int
review_rec_parse(const char *name)
{
	for (int i = 0; i < REC_COUNT; i++)
		if (name && strcmp(rec_names[i], name) == 0)
			return i;
	return -1;
}

const char *
review_rec_label(enum review_rec r)
{
	static const char *const labels[REC_COUNT] = {N_("no recommendation yet"), N_("Select"),
	                                              N_("Do not select"), N_("Discuss")};
	return labels[r];
}

/* Audits action on kind:id naming the user it concerns: REVIEW_OK, or REVIEW_ERROR. */
static int
audit_user(struct store *s, int64_t actor, const char *kind, int64_t id, const char *action,
           int64_t user_id)
{
	return audit_on(s, actor, kind, id, action,
	                json_pack("{s:I}", "user", (json_int_t)user_id)) == 0
	           ? REVIEW_OK
	           : REVIEW_ERROR;
}

/* Deletes with q (a DELETE keyed ?1 = id, ?2 = user_id) the one row of that user and
 * audits it like audit_user. REVIEW_NOT_FOUND when there was no such row. */
static int
delete_user_row(struct store *s, int64_t actor, const struct store_query *q, const char *kind,
                int64_t id, int64_t user_id, const char *action)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, user_id);
	if (stmt_exec(st) != STORE_OK)
		return REVIEW_ERROR;
	if (store_changes(s) != 1)
		return REVIEW_NOT_FOUND;
	return audit_user(s, actor, kind, id, action, user_id);
}

/* ---- settings ---- */

static const struct store_query q_settings = {
    "review_settings",
    "SELECT threshold, hide_until_own, assignment, min_ratings FROM review_setting "
    "WHERE call_id = ?1"};
static const struct store_query q_settings_min_ratings = {
    "review_settings_min_ratings", "UPDATE review_setting SET min_ratings = ?2 WHERE call_id = ?1"};
static const struct store_query q_settings_ensure = {
    "review_settings_ensure",
    "INSERT INTO review_setting(call_id) VALUES (?1) ON CONFLICT DO NOTHING"};
static const struct store_query q_settings_visibility = {
    "review_settings_visibility",
    "UPDATE review_setting SET hide_until_own = ?2 WHERE call_id = ?1"};
static const struct store_query q_settings_threshold = {
    "review_settings_threshold", "UPDATE review_setting SET threshold = ?2 WHERE call_id = ?1"};

void
review_settings_get(struct store *s, int64_t call_id, struct review_settings *out)
{
	*out = (struct review_settings){
	    .threshold = 2, .hide_until_own = true, .subset = false, .min_ratings = 2};
	struct stmt *st = store_stmt(s, &q_settings);
	stmt_bind_int(st, 1, call_id);
	if (stmt_step(st) == STORE_ROW) {
		out->threshold = stmt_double(st, 0);
		out->hide_until_own = stmt_int(st, 1) != 0;
		out->subset = strcmp(stmt_text(st, 2), "subset") == 0;
		out->min_ratings = (int)stmt_int(st, 3);
	}
	stmt_done(st);
}

static int
settings_ensure(struct store *s, int64_t call_id)
{
	struct stmt *st = store_stmt(s, &q_settings_ensure);
	stmt_bind_int(st, 1, call_id);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

/* Makes sure the call exists and has its settings row: REVIEW_OK, REVIEW_NOT_FOUND or
 * REVIEW_ERROR. */
static int
settings_row(struct store *s, int64_t call_id)
{
	struct arena a = {0};
	struct call c;
	bool found = call_find(s, &a, call_id, &c);
	arena_free(&a);
	if (!found)
		return REVIEW_NOT_FOUND;
	return settings_ensure(s, call_id) == 0 ? REVIEW_OK : REVIEW_ERROR;
}

enum review_result
review_set_visibility(struct store *s, int64_t actor, int64_t call_id, bool hide_until_own)
{
	int rc = settings_row(s, call_id);
	if (rc != REVIEW_OK)
		return rc;
	struct stmt *st = store_stmt(s, &q_settings_visibility);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, hide_until_own);
	if (stmt_exec(st) != STORE_OK)
		return REVIEW_ERROR;
	return audit_on(s, actor, "call", call_id, "review.settings",
	                json_pack("{s:b}", "hide_until_own", hide_until_own)) == 0
	           ? REVIEW_OK
	           : REVIEW_ERROR;
}

enum review_result
review_set_min_ratings(struct store *s, int64_t actor, int64_t call_id, int min_ratings)
{
	if (min_ratings < 1 || min_ratings > 64)
		return REVIEW_INVALID;
	int rc = settings_row(s, call_id);
	if (rc != REVIEW_OK)
		return rc;
	struct stmt *st = store_stmt(s, &q_settings_min_ratings);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, min_ratings);
	if (stmt_exec(st) != STORE_OK)
		return REVIEW_ERROR;
	return audit_on(s, actor, "call", call_id, "review.settings",
	                json_pack("{s:i}", "min_ratings", min_ratings)) == 0
	           ? REVIEW_OK
	           : REVIEW_ERROR;
}

static const struct store_query q_settings_assignment = {
    "review_settings_assignment", "UPDATE review_setting SET assignment = ?2 WHERE call_id = ?1"};
static const struct store_query q_assign = {
    "review_assign", "INSERT INTO review_assignment(proposal_id, user_id, assigned_by, "
                     "assigned_at) VALUES (?1, ?2, ?3, ?4)"};
static const struct store_query q_unassign = {
    "review_unassign", "DELETE FROM review_assignment WHERE proposal_id = ?1 AND user_id = ?2"};
enum review_result
review_set_assignment_mode(struct store *s, int64_t actor, int64_t call_id, bool subset)
{
	int rc = settings_row(s, call_id);
	if (rc != REVIEW_OK)
		return rc;
	struct stmt *st = store_stmt(s, &q_settings_assignment);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_text(st, 2, subset ? "subset" : "all");
	if (stmt_exec(st) != STORE_OK)
		return REVIEW_ERROR;
	return audit_on(s, actor, "call", call_id, "review.settings",
	                json_pack("{s:s}", "assignment", subset ? "subset" : "all")) == 0
	           ? REVIEW_OK
	           : REVIEW_ERROR;
}

enum review_result
review_assign(struct store *s, int64_t actor, int64_t proposal_id, int64_t user_id)
{
	int rc = review_result_of_board(board_proposal_member(s, proposal_id, user_id));
	if (rc != REVIEW_OK)
		return rc;
	if (conflict_of(s, user_id, proposal_id) != CONFLICT_NONE)
		return REVIEW_CONFLICTED;
	struct stmt *st = store_stmt(s, &q_assign);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_int(st, 3, actor);
	stmt_bind_int(st, 4, time_now());
	rc = stmt_exec(st);
	if (rc == STORE_CONSTRAINT)
		return REVIEW_EXISTS;
	if (rc != STORE_OK)
		return REVIEW_ERROR;
	return audit_user(s, actor, "proposal", proposal_id, "review.assign", user_id);
}

enum review_result
review_unassign(struct store *s, int64_t actor, int64_t proposal_id, int64_t user_id)
{
	return delete_user_row(s, actor, &q_unassign, "proposal", proposal_id, user_id,
	                       "review.unassign");
}

/* ---- the rubric ---- */

static const struct store_query q_scale = {
    "review_scale",
    "SELECT level, label_de, label_en FROM scale_level WHERE call_id = ?1 ORDER BY level"};

size_t
review_scale(struct store *s, struct arena *a, int64_t call_id, struct scale_level *out, size_t max)
{
	struct stmt *st = store_stmt(s, &q_scale);
	stmt_bind_int(st, 1, call_id);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		out[n].level = (int)stmt_int(st, 0);
		out[n].label_de = arena_strdup(a, stmt_text(st, 1));
		out[n].label_en = arena_strdup(a, stmt_text(st, 2));
		n++;
	}
	stmt_done(st);
	return n;
}

const char *
scale_level_label(const struct scale_level *l, enum lang lang)
{
	return lang == LANG_EN ? l->label_en : l->label_de;
}

bool
review_scale_has(const struct scale_level *levels, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (levels[i].level == v)
			return true;
	return false;
}

bool
review_rubric_frozen(const struct call *c)
{
	return c->phase >= PHASE_REVIEW;
}

size_t
review_leaf_criteria(struct store *s, struct arena *a, int64_t call_id, struct criterion *out,
                     size_t max)
{
	struct criterion all[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, a, call_id, all, REVIEW_MAX_CRITERIA), k = 0;
	for (size_t i = 0; i < n && k < max; i++) {
		bool parent = false;
		for (size_t j = 0; j < n; j++)
			parent |= strcmp(all[j].parent_key, all[i].key) == 0;
		if (!parent)
			out[k++] = all[i];
	}
	return k;
}

static const struct store_query q_criterion_update = {
    "review_criterion_update",
    "UPDATE criterion SET label_de = ?3, label_en = ?4, guidance_de = ?5, guidance_en = ?6, "
    "weight = ?7 WHERE call_id = ?1 AND id = ?2"};
static const struct store_query q_level_update = {
    "review_level_update",
    "UPDATE scale_level SET label_de = ?3, label_en = ?4 WHERE call_id = ?1 AND level = ?2"};

static void
problem(struct review_problem *pr, size_t max, size_t *n, int64_t criterion_id, int level,
        const char *field, const char *msgid)
{
	if (*n < max)
		pr[*n] = (struct review_problem){criterion_id, level, field, msgid};
	(*n)++;
}

static bool
blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

static void
check_rubric(const struct criterion *crit, size_t ncrit, const struct scale_level *levels,
             size_t nlevels, double threshold, const struct scale_level *stored, size_t nstored,
             struct review_problem *pr, size_t maxpr, size_t *npr)
{
	for (size_t i = 0; i < ncrit; i++) {
		const struct criterion *c = &crit[i];
		if (blank(c->label_de))
			problem(pr, maxpr, npr, c->id, -1, "label_de",
			        N_("This field is required."));
		if (blank(c->label_en))
			problem(pr, maxpr, npr, c->id, -1, "label_en",
			        N_("This field is required."));
		if (!(c->weight >= 0 && c->weight <= 100))
			problem(pr, maxpr, npr, c->id, -1, "weight",
			        N_("The weight must be between 0 and 100."));
		if (str_utf8_len(c->guidance_de ? c->guidance_de : "") > REVIEW_TEXT_MAX ||
		    str_utf8_len(c->guidance_en ? c->guidance_en : "") > REVIEW_TEXT_MAX)
			problem(pr, maxpr, npr, c->id, -1, "guidance_de",
			        N_("The text is too long."));
	}
	for (size_t i = 0; i < nlevels; i++) {
		if (!review_scale_has(stored, nstored, levels[i].level))
			problem(pr, maxpr, npr, 0, levels[i].level, "level",
			        N_("This level is not part of the scale."));
		if (blank(levels[i].label_de))
			problem(pr, maxpr, npr, 0, levels[i].level, "label_de",
			        N_("This field is required."));
		if (blank(levels[i].label_en))
			problem(pr, maxpr, npr, 0, levels[i].level, "label_en",
			        N_("This field is required."));
	}
	double lo = nstored ? stored[0].level : 0, hi = nstored ? stored[nstored - 1].level : 0;
	if (!(threshold >= lo && threshold <= hi))
		problem(pr, maxpr, npr, 0, -1, "threshold",
		        N_("The threshold must lie within the scale."));
}

static json_t *
rubric_json(const struct criterion *crit, size_t ncrit, const struct scale_level *levels,
            size_t nlevels, double threshold)
{
	json_t *cs = json_array(), *ls = json_array();
	for (size_t i = 0; i < ncrit; i++)
		json_array_append_new(
		    cs, json_pack("{s:I,s:s,s:s,s:s,s:s,s:f}", "id", (json_int_t)crit[i].id,
		                  "label_de", crit[i].label_de, "label_en", crit[i].label_en,
		                  "guidance_de", crit[i].guidance_de ? crit[i].guidance_de : "",
		                  "guidance_en", crit[i].guidance_en ? crit[i].guidance_en : "",
		                  "weight", crit[i].weight));
	for (size_t i = 0; i < nlevels; i++)
		json_array_append_new(ls, json_pack("{s:i,s:s,s:s}", "level", levels[i].level,
		                                    "label_de", levels[i].label_de, "label_en",
		                                    levels[i].label_en));
	return json_pack("{s:o,s:o,s:f}", "criteria", cs, "levels", ls, "threshold", threshold);
}

enum review_result
review_rubric_update(struct store *s, int64_t actor, int64_t call_id, const struct criterion *crit,
                     size_t ncrit, const struct scale_level *levels, size_t nlevels,
                     double threshold, struct review_problem *pr, size_t maxpr, size_t *npr)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct call c;
	int rc = REVIEW_ERROR;
	*npr = 0;
	if (!call_find(s, &a, call_id, &c)) {
		rc = REVIEW_NOT_FOUND;
		goto out;
	}
	if (review_rubric_frozen(&c)) {
		rc = REVIEW_FROZEN;
		goto out;
	}
	struct scale_level stored[REVIEW_MAX_LEVELS];
	size_t nstored = review_scale(s, &a, call_id, stored, REVIEW_MAX_LEVELS);
	check_rubric(crit, ncrit, levels, nlevels, threshold, stored, nstored, pr, maxpr, npr);
	if (*npr) {
		rc = REVIEW_INVALID;
		goto out;
	}
	for (size_t i = 0; i < ncrit; i++) {
		struct stmt *st = store_stmt(s, &q_criterion_update);
		stmt_bind_int(st, 1, call_id);
		stmt_bind_int(st, 2, crit[i].id);
		stmt_bind_text(st, 3, crit[i].label_de);
		stmt_bind_text(st, 4, crit[i].label_en);
		stmt_bind_text(st, 5, crit[i].guidance_de ? crit[i].guidance_de : "");
		stmt_bind_text(st, 6, crit[i].guidance_en ? crit[i].guidance_en : "");
		stmt_bind_double(st, 7, crit[i].weight);
		if (stmt_exec(st) != STORE_OK)
			goto out;
		if (store_changes(s) != 1) {
			problem(pr, maxpr, npr, crit[i].id, -1, "label_de",
			        N_("This criterion is not part of the rubric."));
			rc = REVIEW_INVALID;
			goto out;
		}
	}
	for (size_t i = 0; i < nlevels; i++) {
		struct stmt *st = store_stmt(s, &q_level_update);
		stmt_bind_int(st, 1, call_id);
		stmt_bind_int(st, 2, levels[i].level);
		stmt_bind_text(st, 3, levels[i].label_de);
		stmt_bind_text(st, 4, levels[i].label_en);
		if (stmt_exec(st) != STORE_OK)
			goto out;
	}
	if (settings_ensure(s, call_id) != 0)
		goto out;
	struct stmt *st = store_stmt(s, &q_settings_threshold);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_double(st, 2, threshold);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	rc = audit_on(s, actor, "call", call_id, "rubric.update",
	              rubric_json(crit, ncrit, levels, nlevels, threshold)) == 0
	         ? REVIEW_OK
	         : REVIEW_ERROR;
out:
	arena_free(&a);
	return rc;
}

/* ---- the board ---- */

/* ---- the board's progress ---- */

static const struct store_query q_members = {
    "review_members", "SELECT u.id, coalesce(u.organisation_id, 0), m.added_at, u.name, u.email, "
                      "coalesce(o.name, ''), m.constituency, u.active, " PROGRESS_COLUMNS
                      "FROM board_member m JOIN user_account u ON u.id = m.user_id "
                      "LEFT JOIN organisation o ON o.id = u.organisation_id "
                      "LEFT JOIN review_setting st ON st.call_id = m.call_id "
                      "WHERE m.call_id = ?1 ORDER BY m.constituency, u.name_sort, u.id"};

struct board_member *
review_members(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_members);
	stmt_bind_int(st, 1, call_id);
	struct board_member *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct board_member *m = ARENA_PUSH(a, out, *n, cap);
		m->user_id = stmt_int(st, 0);
		m->organisation_id = stmt_int(st, 1);
		m->added_at = stmt_int(st, 2);
		m->name = arena_strdup(a, stmt_text(st, 3));
		m->email = arena_strdup(a, stmt_text(st, 4));
		m->organisation_name = arena_strdup(a, stmt_text(st, 5));
		m->constituency = arena_strdup(a, stmt_text(st, 6));
		m->active = stmt_int(st, 7) != 0;
		m->to_rate = stmt_int(st, 8);
		m->submitted = stmt_int(st, 9);
		m->drafts = stmt_int(st, 10);
	}
	stmt_done(st);
	return out;
}

/* ---- access ---- */

static bool
state_readable(enum proposal_state st)
{
	return st == PS_ELIGIBLE || st == PS_IN_REVIEW || st == PS_SELECTED ||
	       st == PS_NOT_SELECTED || st == PS_DEFERRED || st == PS_PUBLISHED;
}

static const struct store_query q_call_phase = {
    "review_call_phase", "SELECT phase, review_until FROM call WHERE id = ?1"};

/* The call's phase and deadline without loading its texts (this runs on every read). */
static bool
call_phase_of(struct store *s, int64_t call_id, enum call_phase *phase, int64_t *until)
{
	struct stmt *st = store_stmt(s, &q_call_phase);
	stmt_bind_int(st, 1, call_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		int p = call_phase_parse(stmt_text(st, 0));
		*phase = p < 0 ? PHASE_CLOSED : (enum call_phase)p;
		*until = stmt_int(st, 1);
	}
	stmt_done(st);
	return found;
}

bool
review_may_read(struct store *s, const struct user *u, const struct proposal *p)
{
	enum call_phase phase;
	int64_t until;
	if (!s || !u || !p || !(u->roles & ROLE_BOARD) || !state_readable(p->state))
		return false;
	if (!call_phase_of(s, p->call_id, &phase, &until) ||
	    (phase != PHASE_REVIEW && phase != PHASE_DECIDING))
		return false;
	return board_is_member(s, p->call_id, u->id) &&
	       conflict_of(s, u->id, p->id) == CONFLICT_NONE;
}

static const struct store_query q_assigned = {
    "review_assigned", "SELECT 1 FROM review_assignment WHERE proposal_id = ?1 AND user_id = ?2"};

enum review_result
review_may_rate(struct store *s, const struct user *u, const struct proposal *p)
{
	enum call_phase phase;
	int64_t until;
	if (!u || !(u->roles & ROLE_BOARD) || !board_is_member(s, p->call_id, u->id))
		return REVIEW_NOT_MEMBER;
	if (conflict_of(s, u->id, p->id) != CONFLICT_NONE)
		return REVIEW_CONFLICTED;
	if (p->state != PS_ELIGIBLE && p->state != PS_IN_REVIEW)
		return REVIEW_NOT_RATABLE;
	if (!call_phase_of(s, p->call_id, &phase, &until))
		return REVIEW_NOT_FOUND;
	if (phase != PHASE_REVIEW)
		return REVIEW_CLOSED;
	/* The deadline is the server's clock, never the browser's. */
	if (time_now() >= until)
		return REVIEW_DEADLINE;
	struct review_settings set;
	review_settings_get(s, p->call_id, &set);
	if (set.subset) {
		struct stmt *st = store_stmt(s, &q_assigned);
		stmt_bind_int(st, 1, p->id);
		stmt_bind_int(st, 2, u->id);
		bool yes = stmt_step(st) == STORE_ROW;
		stmt_done(st);
		if (!yes)
			return REVIEW_NOT_ASSIGNED;
	}
	return REVIEW_OK;
}

/* ---- ratings ---- */

#define REVIEW_COLUMNS                                                                             \
	"SELECT r.id, r.proposal_id, r.user_id, u.name, coalesce(m.constituency, ''), r.state, "   \
	"r.recommendation, r.comment, r.abstain, r.abstain_reason, r.created_at, r.updated_at, "   \
	"coalesce(r.submitted_at, 0) FROM review r JOIN user_account u ON u.id = r.user_id "       \
	"JOIN proposal p ON p.id = r.proposal_id "                                                 \
	"LEFT JOIN board_member m ON m.call_id = p.call_id AND m.user_id = r.user_id "

static const struct store_query q_review_own = {"review_own", REVIEW_COLUMNS
                                                "WHERE r.proposal_id = ?1 AND r.user_id = ?2"};
static const struct store_query q_review_others = {
    "review_others",
    REVIEW_COLUMNS "WHERE r.proposal_id = ?1 AND r.user_id != ?2 AND "
                   "r.state = 'submitted' AND m.user_id IS NOT NULL AND " NOT_CONFLICTED(
                       "r.user_id", "r.proposal_id") " ORDER BY r.submitted_at, r.id LIMIT ?3"};
static const struct store_query q_scores = {
    "review_scores", "SELECT criterion_id, coalesce(score, -1), justification FROM "
                     "review_score WHERE review_id = ?1 ORDER BY criterion_id"};
static const struct store_query q_review_insert = {
    "review_insert",
    "INSERT INTO review(proposal_id, user_id, state, recommendation, comment, abstain, "
    "abstain_reason, created_at, updated_at, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
    "?7, ?8, ?8, CASE WHEN ?3 = 'submitted' THEN ?8 END) RETURNING id"};
static const struct store_query q_review_update = {
    "review_update",
    "UPDATE review SET state = ?3, recommendation = ?4, comment = ?5, abstain = ?6, "
    "abstain_reason = ?7, updated_at = ?8, submitted_at = CASE WHEN ?3 = 'submitted' THEN ?8 "
    "END WHERE proposal_id = ?1 AND user_id = ?2"};
static const struct store_query q_score_upsert = {
    "review_score_upsert",
    "INSERT INTO review_score(review_id, criterion_id, score, justification) VALUES (?1, ?2, "
    "?3, ?4) ON CONFLICT (review_id, criterion_id) DO UPDATE SET score = excluded.score, "
    "justification = excluded.justification"};

static void
read_review(struct stmt *st, struct arena *a, struct review *r)
{
	memset(r, 0, sizeof *r);
	r->id = stmt_int(st, 0);
	r->proposal_id = stmt_int(st, 1);
	r->user_id = stmt_int(st, 2);
	r->user_name = arena_strdup(a, stmt_text(st, 3));
	r->constituency = arena_strdup(a, stmt_text(st, 4));
	r->submitted = strcmp(stmt_text(st, 5), "submitted") == 0;
	int rec = review_rec_parse(stmt_text(st, 6));
	r->recommendation = rec < 0 ? REC_NONE : (enum review_rec)rec;
	r->comment = arena_strdup(a, stmt_text(st, 7));
	r->abstain = stmt_int(st, 8) != 0;
	r->abstain_reason = arena_strdup(a, stmt_text(st, 9));
	r->created_at = stmt_int(st, 10);
	r->updated_at = stmt_int(st, 11);
	r->submitted_at = stmt_int(st, 12);
}

static void
read_scores(struct store *s, struct arena *a, struct review *r)
{
	struct stmt *st = store_stmt(s, &q_scores);
	stmt_bind_int(st, 1, r->id);
	r->nscores = 0;
	while (r->nscores < REVIEW_MAX_CRITERIA && stmt_step(st) == STORE_ROW) {
		struct review_score *sc = &r->scores[r->nscores++];
		sc->criterion_id = stmt_int(st, 0);
		sc->score = (int)stmt_int(st, 1);
		sc->justification = arena_strdup(a, stmt_text(st, 2));
	}
	stmt_done(st);
}

static const struct store_query q_scores_of_proposal = {
    "review_scores_of_proposal",
    "SELECT s.review_id, s.criterion_id, coalesce(s.score, -1), s.justification FROM "
    "review_score s JOIN review v ON v.id = s.review_id WHERE v.proposal_id = ?1 "
    "ORDER BY s.review_id, s.criterion_id"};

/* The scores of n reviews of one proposal in one query rather than one per review: a
 * proposal's page shows up to every member's rating. */
static void
read_scores_of(struct store *s, struct arena *a, int64_t proposal_id, struct review *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i].nscores = 0;
	struct stmt *st = store_stmt(s, &q_scores_of_proposal);
	stmt_bind_int(st, 1, proposal_id);
	struct review *r = NULL;
	while (stmt_step(st) == STORE_ROW) {
		int64_t id = stmt_int(st, 0);
		if (!r || r->id != id) {
			r = NULL;
			for (size_t i = 0; i < n && !r; i++)
				if (out[i].id == id)
					r = &out[i];
		}
		if (!r || r->nscores >= REVIEW_MAX_CRITERIA)
			continue; /* a review not shown to this viewer */
		struct review_score *sc = &r->scores[r->nscores++];
		sc->criterion_id = stmt_int(st, 1);
		sc->score = (int)stmt_int(st, 2);
		sc->justification = arena_strdup(a, stmt_text(st, 3));
	}
	stmt_done(st);
}

bool
review_find_own(struct store *s, struct arena *a, int64_t user_id, int64_t proposal_id,
                struct review *out)
{
	struct stmt *st = store_stmt(s, &q_review_own);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, user_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_review(st, a, out);
	stmt_done(st);
	if (found)
		read_scores(s, a, out);
	return found;
}

static const struct review_score *
score_for(const struct review *in, int64_t criterion_id)
{
	for (size_t i = 0; i < in->nscores; i++)
		if (in->scores[i].criterion_id == criterion_id)
			return &in->scores[i];
	return NULL;
}

/* Checks a rating against the rubric; returns the number of problems. */
static size_t
check_review(const struct review *in, bool submit, const struct criterion *leaves, size_t nleaves,
             const struct scale_level *levels, size_t nlevels, struct review_problem *pr,
             size_t maxpr)
{
	size_t n = 0;
	for (size_t i = 0; i < in->nscores; i++) {
		const struct review_score *sc = &in->scores[i];
		bool known = false;
		for (size_t k = 0; k < nleaves; k++)
			known |= leaves[k].id == sc->criterion_id;
		if (!known)
			problem(pr, maxpr, &n, sc->criterion_id, -1, "score",
			        N_("This criterion is not part of the rubric."));
		else if (sc->score != -1 && !review_scale_has(levels, nlevels, sc->score))
			problem(pr, maxpr, &n, sc->criterion_id, -1, "score",
			        N_("The score must be one of the levels of the scale."));
		if (sc->justification && str_utf8_len(sc->justification) > REVIEW_TEXT_MAX)
			problem(pr, maxpr, &n, sc->criterion_id, -1, "justification",
			        N_("The text is too long."));
	}
	if (in->comment && str_utf8_len(in->comment) > REVIEW_TEXT_MAX)
		problem(pr, maxpr, &n, 0, -1, "comment", N_("The text is too long."));
	if (in->abstain_reason && str_utf8_len(in->abstain_reason) > REVIEW_REASON_MAX)
		problem(pr, maxpr, &n, 0, -1, "abstain_reason", N_("The text is too long."));
	if (in->recommendation >= REC_COUNT)
		problem(pr, maxpr, &n, 0, -1, "recommendation",
		        N_("Please choose one of the options."));
	if (!submit)
		return n;
	if (in->abstain) {
		if (blank(in->abstain_reason))
			problem(pr, maxpr, &n, 0, -1, "abstain_reason",
			        N_("Please say why you abstain."));
		return n;
	}
	for (size_t k = 0; k < nleaves; k++) {
		const struct review_score *sc = score_for(in, leaves[k].id);
		if (!sc || sc->score == -1)
			problem(pr, maxpr, &n, leaves[k].id, -1, "score",
			        N_("Please choose a score."));
		if (!sc || blank(sc->justification))
			problem(pr, maxpr, &n, leaves[k].id, -1, "justification",
			        N_("Please justify your score."));
	}
	if (in->recommendation == REC_NONE)
		problem(pr, maxpr, &n, 0, -1, "recommendation",
		        N_("Please choose a recommendation."));
	return n;
}

enum review_result
review_save(struct store *s, const struct user *actor, int64_t proposal_id, const struct review *in,
            bool submit, struct review_problem *pr, size_t maxpr, size_t *npr)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	int rc = REVIEW_ERROR;
	*npr = 0;
	if (!proposal_find(s, &a, proposal_id, &p)) {
		rc = REVIEW_NOT_FOUND;
		goto out;
	}
	if ((rc = review_may_rate(s, actor, &p)) != REVIEW_OK)
		goto out;
	rc = REVIEW_ERROR;
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t nleaves = review_leaf_criteria(s, &a, p.call_id, leaves, REVIEW_MAX_CRITERIA);
	struct scale_level levels[REVIEW_MAX_LEVELS];
	size_t nlevels = review_scale(s, &a, p.call_id, levels, REVIEW_MAX_LEVELS);
	*npr = check_review(in, submit, leaves, nleaves, levels, nlevels, pr, maxpr);
	if (*npr) {
		rc = REVIEW_INVALID;
		goto out;
	}
	struct review old;
	bool existed = review_find_own(s, &a, actor->id, proposal_id, &old);
	const char *state = submit ? "submitted" : "draft";
	struct stmt *st = store_stmt(s, existed ? &q_review_update : &q_review_insert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, actor->id);
	stmt_bind_text(st, 3, state);
	stmt_bind_text(st, 4, review_rec_name(in->recommendation));
	stmt_bind_text(st, 5, in->comment ? in->comment : "");
	stmt_bind_int(st, 6, in->abstain);
	stmt_bind_text(st, 7, in->abstain_reason ? in->abstain_reason : "");
	stmt_bind_int(st, 8, time_now());
	int64_t review_id = existed ? old.id : 0;
	if ((existed ? stmt_exec(st) : stmt_insert(st, &review_id)) != STORE_OK)
		goto out;
	json_t *scores = json_object();
	for (size_t k = 0; k < nleaves; k++) {
		const struct review_score *sc = score_for(in, leaves[k].id);
		int score = sc ? sc->score : -1;
		st = store_stmt(s, &q_score_upsert);
		stmt_bind_int(st, 1, review_id);
		stmt_bind_int(st, 2, leaves[k].id);
		if (score != -1)
			stmt_bind_int(st, 3, score);
		else
			stmt_bind_null(st, 3);
		stmt_bind_text(st, 4, sc && sc->justification ? sc->justification : "");
		if (stmt_exec(st) != STORE_OK) {
			json_decref(scores);
			goto out;
		}
		json_object_set_new(scores, leaves[k].key,
		                    score == -1 ? json_null() : json_integer(score));
	}
	/* The proposal's aggregates, in this transaction (the triggers dropped them). */
	if (review_aggregates_settle(s, p.call_id) != STORE_OK) {
		json_decref(scores);
		goto out;
	}
	rc = audit_on(s, actor->id, "proposal", proposal_id,
	              submit ? "review.submit" : "review.save",
	              json_pack("{s:I,s:o,s:s,s:b}", "review", (json_int_t)review_id, "scores",
	                        scores, "recommendation", review_rec_name(in->recommendation),
	                        "abstain", in->abstain)) == 0
	         ? REVIEW_OK
	         : REVIEW_ERROR;
out:
	arena_free(&a);
	return rc;
}

enum review_result
review_others_visible(struct store *s, const struct user *viewer, const struct proposal *p)
{
	if (!viewer)
		return REVIEW_NOT_MEMBER;
	/* A conflict binds the person, whatever else they are. */
	if (conflict_of(s, viewer->id, p->id) != CONFLICT_NONE)
		return REVIEW_CONFLICTED;
	if (viewer->roles & ROLE_ADMIN)
		return REVIEW_OK;
	if (!review_may_read(s, viewer, p))
		return REVIEW_NOT_MEMBER;
	struct review_settings set;
	review_settings_get(s, p->call_id, &set);
	if (!set.hide_until_own)
		return REVIEW_OK;
	struct arena a = {0};
	struct review own;
	bool submitted = review_find_own(s, &a, viewer->id, p->id, &own) && own.submitted;
	arena_free(&a);
	return submitted ? REVIEW_OK : REVIEW_HIDDEN;
}

size_t
review_others(struct store *s, struct arena *a, const struct user *viewer, const struct proposal *p,
              struct review *out, size_t max, int *rc)
{
	*rc = review_others_visible(s, viewer, p);
	if (*rc != REVIEW_OK)
		return 0;
	struct stmt *st = store_stmt(s, &q_review_others);
	stmt_bind_int(st, 1, p->id);
	stmt_bind_int(st, 2, viewer->id);
	stmt_bind_int(st, 3, (int64_t)max);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW)
		read_review(st, a, &out[n++]);
	stmt_done(st);
	read_scores_of(s, a, p->id, out, n);
	return n;
}

/* ---- lists ---- */

static const struct store_query q_calls_for = {
    "review_calls_for", "SELECT " CALL_COLUMNS_C ", m.constituency, " PROGRESS_COLUMNS
                        "FROM board_member m JOIN call c ON c.id = m.call_id "
                        "LEFT JOIN review_setting st ON st.call_id = m.call_id "
                        "WHERE m.user_id = ?1 AND c.phase IN ('review', 'deciding') "
                        "ORDER BY c.review_until, c.id"};

struct review_call_item *
review_calls_for(struct store *s, struct arena *a, const struct user *u, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_calls_for);
	stmt_bind_int(st, 1, u->id);
	struct review_call_item *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct review_call_item *it = ARENA_PUSH(a, out, *n, cap);
		call_read_row(st, a, &it->call);
		it->constituency = arena_strdup(a, stmt_text(st, 10));
		it->progress.to_rate = stmt_int(st, 11);
		it->progress.submitted = stmt_int(st, 12);
		it->progress.drafts = stmt_int(st, 13);
	}
	stmt_done(st);
	return out;
}

static const struct store_query q_list_for = {
    "review_list_for",
    "SELECT p.id, p.title, o.name, p.state, coalesce(r.state, ''), coalesce(r.abstain, "
    "0), " ASSIGNED("?1",
                    "p.id") " FROM proposal p JOIN organisation o ON o.id = p.organisation_id "
                            "JOIN call c ON c.id = p.call_id "
                            "LEFT JOIN review r ON r.proposal_id = p.id AND r.user_id = ?1 "
                            "LEFT JOIN review_setting st ON st.call_id = p.call_id "
                            "WHERE p.call_id = ?2 AND p.state IN " READABLE
                            " AND c.phase IN ('review', 'deciding') "
                            "AND EXISTS (SELECT 1 FROM board_member m WHERE m.call_id = p.call_id "
                            "AND m.user_id = ?1) "
                            "AND " NOT_CONFLICTED("?1", "p.id") " ORDER BY p.title_sort, p.id"};

struct review_item *
review_list_for(struct store *s, struct arena *a, const struct user *viewer, int64_t call_id,
                size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list_for);
	stmt_bind_int(st, 1, viewer->id);
	stmt_bind_int(st, 2, call_id);
	struct review_item *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct review_item *it = ARENA_PUSH(a, out, *n, cap);
		it->proposal_id = stmt_int(st, 0);
		it->title = arena_strdup(a, stmt_text(st, 1));
		it->organisation_name = arena_strdup(a, stmt_text(st, 2));
		int ps = proposal_state_parse(stmt_text(st, 3));
		it->state = ps < 0 ? PS_ELIGIBLE : (enum proposal_state)ps;
		const char *own = stmt_text(st, 4);
		it->own = strcmp(own, "submitted") == 0 ? OWN_SUBMITTED
		          : strcmp(own, "draft") == 0   ? OWN_DRAFT
		                                        : OWN_NONE;
		it->abstained = stmt_int(st, 5) != 0;
		it->to_rate = stmt_int(st, 6) != 0;
	}
	stmt_done(st);
	return out;
}

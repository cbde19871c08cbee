/* "Ask one more member", the assignments' list and the automatic, balanced assignment. */
#include "domain/review_assign.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/mail.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

#define RATABLE "('eligible', 'in_review')"
#define CONFLICTED(u, p)                                                                           \
	"EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " u " AND x.proposal_id = " p ")"
#define MAX_MEMBERS 500
#define MAX_PROPOSALS 5000
#define MAX_AUTO 50

static int
audit_object(struct store *s, int64_t actor, const char *kind, int64_t id, const char *action,
             json_t *details)
{
	char obj[48];
	snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
	return audit_log(s, actor, action, obj, details);
}

/* ---- ask one more member ---- */

static const struct store_query q_suggest = {
    "review_suggest_extra",
    "SELECT m.user_id FROM proposal p JOIN board_member m ON m.call_id = p.call_id "
    "JOIN user_account u ON u.id = m.user_id AND u.active = 1 "
    "JOIN user_role ro ON ro.user_id = m.user_id AND ro.role = 'board' "
    "LEFT JOIN review_setting st ON st.call_id = p.call_id "
    "WHERE p.id = ?1 AND NOT " CONFLICTED(
        "m.user_id",
        "p.id") " AND NOT EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id AND r.user_id "
                "= "
                "m.user_id AND r.state = 'submitted') "
                "AND NOT EXISTS (SELECT 1 FROM review_request q WHERE q.proposal_id = p.id AND "
                "q.user_id = m.user_id) "
                "AND (coalesce(st.assignment, 'all') = 'all' OR NOT EXISTS (SELECT 1 FROM "
                "review_assignment ra WHERE ra.proposal_id = p.id AND ra.user_id = m.user_id)) "
                /* Another constituency first: one whose members have given no scores for it yet. */
                "ORDER BY EXISTS (SELECT 1 FROM review r2 JOIN board_member m2 ON m2.call_id = "
                "p.call_id "
                "AND m2.user_id = r2.user_id WHERE r2.proposal_id = p.id AND r2.state = "
                "'submitted' AND "
                "r2.abstain = 0 AND m2.constituency = m.constituency AND NOT " CONFLICTED(
                    "r2.user_id", "p.id") "), "
                                          /* Then the fewest ratings in this call. */
                                          "(SELECT count(*) FROM review r3 JOIN proposal p3 ON "
                                          "p3.id = r3.proposal_id WHERE "
                                          "p3.call_id = p.call_id AND r3.user_id = m.user_id AND "
                                          "r3.state = 'submitted'), "
                                          "m.user_id LIMIT 1"};
static const struct store_query q_request_insert = {
    "review_request_insert", "INSERT INTO review_request(proposal_id, user_id, requested_by, "
                             "requested_at) VALUES (?1, ?2, ?3, ?4)"};
static const struct store_query q_requests = {
    "review_requests",
    "SELECT q.proposal_id, q.user_id, q.requested_at, u.name, EXISTS (SELECT 1 FROM review r "
    "WHERE r.proposal_id = q.proposal_id AND r.user_id = q.user_id AND r.state = "
    "'submitted') FROM review_request q JOIN proposal p ON p.id = q.proposal_id "
    "JOIN user_account u ON u.id = q.user_id WHERE p.call_id = ?1 "
    "ORDER BY q.proposal_id, q.requested_at, q.user_id"};
static const struct store_query q_constituency = {
    "review_member_constituency",
    "SELECT constituency FROM board_member WHERE call_id = ?1 AND user_id = ?2"};

int
review_suggest_extra(struct store *s, int64_t proposal_id, int64_t *user_id)
{
	struct stmt *st = store_stmt(s, &q_suggest);
	stmt_bind_int(st, 1, proposal_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		*user_id = stmt_int(st, 0);
	stmt_done(st);
	return found ? REVIEW_OK : REVIEW_NOT_FOUND;
}

static int64_t
queue_request(struct store *s, const struct user *u, const struct proposal *p, const struct call *c)
{
	char when[40];
	time_format_berlin(when, sizeof when, c->review_until, u->locale == LANG_DE);
	struct buf body = BUF_INIT;
	buf_printf(&body, i18n_get(u->locale, "Hello %s,\n\n"), u->name);
	buf_printf(&body,
	           i18n_get(u->locale,
	                    "the coordination office asks you for a rating of the proposal \"%s\" "
	                    "(no. %lld) in the call \"%s\": the ratings so far disagree, and "
	                    "another view helps the board. Ratings can be given until %s (Berlin "
	                    "time).\n\nPlease log in to Leuchtturm and open \"Board review\" to "
	                    "rate it. If you have a conflict of interest on this proposal, please "
	                    "declare it there.\n"),
	           p->text[PT_TITLE][0] ? p->text[PT_TITLE] : "–", (long long)p->id, c->title,
	           when);
	int64_t id = mail_enqueue(s, u->email, i18n_get(u->locale, "Please rate one more proposal"),
	                          buf_str(&body));
	buf_free(&body);
	return id;
}

int
review_ask_extra(struct store *s, int64_t actor, int64_t proposal_id, int64_t *user_id)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	struct call c;
	struct user u;
	int64_t uid = 0;
	int rc;
	if (!proposal_find(s, &a, proposal_id, &p) || !call_find(s, &a, p.call_id, &c)) {
		rc = REVIEW_NOT_FOUND;
		goto out;
	}
	if (p.state != PS_ELIGIBLE && p.state != PS_IN_REVIEW) {
		rc = REVIEW_NOT_RATABLE;
		goto out;
	}
	if (c.phase != PHASE_REVIEW) {
		rc = REVIEW_CLOSED;
		goto out;
	}
	/* Asking for a rating nobody could give any more would only confuse. */
	if (time_now() >= c.review_until) {
		rc = REVIEW_DEADLINE;
		goto out;
	}
	if ((rc = review_suggest_extra(s, proposal_id, &uid)) != REVIEW_OK)
		goto out;
	rc = REVIEW_ERROR;
	if (!user_find_by_id(s, &a, uid, &u))
		goto out;
	struct review_settings set;
	review_settings_get(s, p.call_id, &set);
	if (set.subset && review_assign(s, actor, proposal_id, uid) != REVIEW_OK)
		goto out;
	struct stmt *st = store_stmt(s, &q_request_insert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, uid);
	stmt_bind_int(st, 3, actor);
	stmt_bind_int(st, 4, time_now());
	if (stmt_exec(st) != STORE_OK)
		goto out;
	st = store_stmt(s, &q_constituency);
	stmt_bind_int(st, 1, p.call_id);
	stmt_bind_int(st, 2, uid);
	const char *constituency =
	    stmt_step(st) == STORE_ROW ? arena_strdup(&a, stmt_text(st, 0)) : "";
	stmt_done(st);
	if (queue_request(s, &u, &p, &c) < 0)
		goto out;
	if (audit_object(s, actor, "proposal", proposal_id, "review.ask",
	                 json_pack("{s:I,s:s,s:b}", "user", (json_int_t)uid, "constituency",
	                           constituency, "assigned", set.subset)) != 0)
		goto out;
	if (user_id)
		*user_id = uid;
	rc = REVIEW_OK;
out:
	arena_free(&a);
	return rc;
}

struct review_request *
review_requests(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_requests);
	stmt_bind_int(st, 1, call_id);
	struct review_request *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct review_request *q = ARENA_PUSH(a, out, *n, cap);
		q->proposal_id = stmt_int(st, 0);
		q->user_id = stmt_int(st, 1);
		q->requested_at = stmt_int(st, 2);
		q->user_name = arena_strdup(a, stmt_text(st, 3));
		q->submitted = stmt_int(st, 4) != 0;
	}
	stmt_done(st);
	return out;
}

/* ---- assignments ---- */

static const struct store_query q_assignments = {
    "review_assignments",
    "SELECT ra.proposal_id, ra.user_id, ra.assigned_at, u.name, m.constituency FROM "
    "review_assignment ra JOIN proposal p ON p.id = ra.proposal_id JOIN board_member m ON "
    "m.call_id = p.call_id AND m.user_id = ra.user_id JOIN user_account u ON u.id = "
    "ra.user_id WHERE p.call_id = ?1 ORDER BY ra.proposal_id, m.constituency, u.name_sort, u.id"};

struct review_assignment *
review_assignments(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_assignments);
	stmt_bind_int(st, 1, call_id);
	struct review_assignment *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct review_assignment *x = ARENA_PUSH(a, out, *n, cap);
		x->proposal_id = stmt_int(st, 0);
		x->user_id = stmt_int(st, 1);
		x->assigned_at = stmt_int(st, 2);
		x->user_name = arena_strdup(a, stmt_text(st, 3));
		x->constituency = arena_strdup(a, stmt_text(st, 4));
	}
	stmt_done(st);
	return out;
}

/* ---- the automatic assignment ---- */

static const struct store_query q_auto_members = {
    "review_auto_members",
    "SELECT m.user_id, m.constituency FROM board_member m JOIN user_account u ON u.id = "
    "m.user_id AND u.active = 1 JOIN user_role ro ON ro.user_id = m.user_id AND ro.role = "
    "'board' WHERE m.call_id = ?1 ORDER BY m.user_id LIMIT ?2"};
static const struct store_query q_auto_proposals = {
    "review_auto_proposals",
    "SELECT id FROM proposal WHERE call_id = ?1 AND state IN " RATABLE " ORDER BY id LIMIT ?2"};
static const struct store_query q_auto_conflicts = {
    "review_auto_conflicts", "SELECT x.proposal_id, x.user_id FROM conflict_all x JOIN proposal "
                             "p ON p.id = x.proposal_id WHERE p.call_id = ?1"};

struct auto_state {
	int64_t *member, *proposal;
	const char **constituency;
	size_t nm, np;
	bool *conflicted, *assigned; /* np × nm */
	int *load;                   /* assignments per member in the call */
};

static bool
index_of(const int64_t *v, size_t n, int64_t id, size_t *out)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && v[lo] == id) {
		*out = lo;
		return true;
	}
	return false;
}

static void
auto_load(struct store *s, struct arena *a, int64_t call_id, struct auto_state *x)
{
	x->member = arena_alloc(a, MAX_MEMBERS * sizeof *x->member);
	x->constituency = arena_alloc(a, MAX_MEMBERS * sizeof *x->constituency);
	struct stmt *st = store_stmt(s, &q_auto_members);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, MAX_MEMBERS);
	while (x->nm < MAX_MEMBERS && stmt_step(st) == STORE_ROW) {
		x->member[x->nm] = stmt_int(st, 0);
		x->constituency[x->nm++] = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_done(st);
	x->proposal = arena_alloc(a, MAX_PROPOSALS * sizeof *x->proposal);
	st = store_stmt(s, &q_auto_proposals);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, MAX_PROPOSALS);
	while (x->np < MAX_PROPOSALS && stmt_step(st) == STORE_ROW)
		x->proposal[x->np++] = stmt_int(st, 0);
	stmt_done(st);
	size_t cells = x->np * x->nm;
	if (!cells)
		cells = 1;
	x->conflicted = arena_calloc(a, cells * sizeof *x->conflicted);
	x->assigned = arena_calloc(a, cells * sizeof *x->assigned);
	x->load = arena_calloc(a, (x->nm ? x->nm : 1) * sizeof *x->load);
	size_t pi, mi;
	st = store_stmt(s, &q_auto_conflicts);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW)
		if (index_of(x->proposal, x->np, stmt_int(st, 0), &pi) &&
		    index_of(x->member, x->nm, stmt_int(st, 1), &mi))
			x->conflicted[pi * x->nm + mi] = true;
	stmt_done(st);
	st = store_stmt(s, &q_assignments);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, -1); /* no limit */
	while (stmt_step(st) == STORE_ROW) {
		if (!index_of(x->member, x->nm, stmt_int(st, 1), &mi))
			continue;
		/* Every assignment counts for the member's load, also of proposals no longer
		 * up for rating: they were work all the same. */
		x->load[mi]++;
		if (index_of(x->proposal, x->np, stmt_int(st, 0), &pi))
			x->assigned[pi * x->nm + mi] = true;
	}
	stmt_done(st);
}

/* Whether a member of constituency c is assigned to proposal pi already. */
static bool
constituency_on(const struct auto_state *x, size_t pi, const char *c)
{
	for (size_t m = 0; m < x->nm; m++)
		if (x->assigned[pi * x->nm + m] && strcmp(x->constituency[m], c) == 0)
			return true;
	return false;
}

/* The best member to add to proposal pi, or -1. */
static long
auto_pick(const struct auto_state *x, size_t pi)
{
	long best = -1;
	bool best_new = false;
	for (size_t m = 0; m < x->nm; m++) {
		if (x->conflicted[pi * x->nm + m] || x->assigned[pi * x->nm + m])
			continue;
		bool is_new = !constituency_on(x, pi, x->constituency[m]);
		/* Members are in id order, so a tie keeps the lower id. */
		if (best < 0 || (is_new && !best_new) ||
		    (is_new == best_new && x->load[m] < x->load[best])) {
			best = (long)m;
			best_new = is_new;
		}
	}
	return best;
}

int
review_auto_assign(struct store *s, int64_t actor, int64_t call_id, int per_proposal, int *made)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct call c;
	int rc = REVIEW_ERROR, count = 0;
	if (made)
		*made = 0;
	if (per_proposal < 1 || per_proposal > MAX_AUTO) {
		rc = REVIEW_INVALID;
		goto out;
	}
	if (!call_find(s, &a, call_id, &c)) {
		rc = REVIEW_NOT_FOUND;
		goto out;
	}
	struct auto_state x;
	memset(&x, 0, sizeof x);
	auto_load(s, &a, call_id, &x);
	for (size_t pi = 0; pi < x.np; pi++) {
		int have = 0;
		for (size_t m = 0; m < x.nm; m++)
			have += x.assigned[pi * x.nm + m] && !x.conflicted[pi * x.nm + m];
		while (have < per_proposal) {
			long m = auto_pick(&x, pi);
			if (m < 0)
				break;
			if (review_assign(s, actor, x.proposal[pi], x.member[m]) != REVIEW_OK)
				goto out;
			x.assigned[pi * x.nm + (size_t)m] = true;
			x.load[m]++;
			have++;
			count++;
		}
	}
	struct review_settings set;
	review_settings_get(s, call_id, &set);
	if (!set.subset && review_set_assignment_mode(s, actor, call_id, true) != REVIEW_OK)
		goto out;
	if (audit_object(s, actor, "call", call_id, "review.auto_assign",
	                 json_pack("{s:i,s:i,s:i,s:i}", "per_proposal", per_proposal, "made", count,
	                           "proposals", (int)x.np, "members", (int)x.nm)) != 0)
		goto out;
	if (made)
		*made = count;
	rc = REVIEW_OK;
out:
	arena_free(&a);
	return rc;
}

/* Decisions: the meeting, the votes and recusals, the outcome with its justification, the
 * deviation rule, amendments in versions, and the decision record. The versions' hashes
 * and their re-check against the audit chain are in decision_record_hash.c; letters are
 * in letter.c. */
#include "domain/decision.h"
#include "domain/audit.h"
#include "domain/board.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "store/store.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
decision_result_message(int rc)
{
	switch (rc) {
	case DECISION_OK:
		return N_("Done.");
	case DECISION_NOT_FOUND:
		return N_("There is no such entry.");
	case DECISION_CLOSED:
		return N_("The call is not in its deciding phase.");
	case DECISION_NOT_DECIDABLE:
		return N_("This proposal is not up for a decision.");
	case DECISION_EXISTS:
		return N_("This proposal has been decided already. To change the decision, amend "
		          "it with a reason.");
	case DECISION_NO_MEETING:
		return N_("Please record the meeting (date and members present) first.");
	case DECISION_RECUSED:
		return N_("This member has a conflict of interest on the proposal and is recused: "
		          "they cannot vote on it.");
	case DECISION_ABSENT:
		return N_("This member was not present and cannot vote.");
	case DECISION_NOT_MEMBER:
		return N_("This person is not a member of the call's board.");
	case DECISION_VOTE_MISSING:
		return N_("Please record the vote of every member present.");
	case DECISION_DEVIATION:
		return N_("The outcome differs from what the scores recommend: please give the "
		          "reason for the deviation.");
	case DECISION_NO_REASON:
		return N_("An amendment needs a reason.");
	case DECISION_INVALID:
		return N_("Please check your entries.");
	case DECISION_NOT_DECIDED:
		return N_("This proposal has not been decided yet.");
	case DECISION_WITHDRAWN:
		return N_("This proposal has been withdrawn.");
	case DECISION_LETTER_SENT:
		return N_("The letter for this decision has been sent already.");
	case DECISION_NO_RECIPIENT:
		return N_("The sub-project has no active account to send the letter to.");
	case DECISION_AGAINST_VOTES:
		return N_("The outcome goes against the majority of the votes: please give the "
		          "reason.");
	case DECISION_MEETING_AHEAD:
		return N_("The meeting's date lies in the future: votes are recorded once the "
		          "meeting has been held. Correct the meeting's date first.");
	default:
		return N_("The request could not be completed. Please try again.");
	}
}

static const char *const vote_names[VOTE_COUNT] = {"", "yes", "no", "abstain", "recused", "absent"};

const char *
decision_vote_name(enum decision_vote v)
{
	return vote_names[v];
}

int
decision_vote_parse(const char *name)
{
	for (int i = 0; i < VOTE_COUNT; i++)
		if (name && strcmp(vote_names[i], name) == 0)
			return i;
	return -1;
}

const char *
decision_vote_label(enum decision_vote v)
{
	static const char *const labels[VOTE_COUNT] = {
	    N_("no vote"), N_("yes"), N_("no"), N_("abstention"), N_("recused"), N_("absent")};
	return labels[v];
}

bool
decision_outcome_valid(enum proposal_state outcome)
{
	return outcome == PS_SELECTED || outcome == PS_NOT_SELECTED || outcome == PS_DEFERRED;
}

bool
decision_deviates(enum proposal_state outcome, bool all_met)
{
	return (outcome == PS_SELECTED && !all_met) || (outcome == PS_NOT_SELECTED && all_met);
}

int
decision_majority(int yes, int no)
{
	return (yes > no) - (yes < no);
}

bool
decision_against_votes(enum proposal_state outcome, int yes, int no)
{
	int m = decision_majority(yes, no);
	return (outcome == PS_SELECTED && m < 0) || (outcome == PS_NOT_SELECTED && m > 0);
}

const char *
decision_scores_statement(const struct decision_version *v)
{
	if (v->outcome == PS_DEFERRED)
		return v->all_met
		           ? N_("The decision is deferred; by the scores, every criterion is "
		                "met.")
		           : N_("The decision is deferred; by the scores, not every "
		                "criterion is met.");
	if (!decision_deviates(v->outcome, v->all_met))
		return v->all_met ? N_("The outcome follows the scores: every criterion is met.")
		                  : N_("The outcome follows the scores: not every criterion is "
		                       "met.");
	return v->all_met ? N_("The outcome deviates from the scores: every criterion is met, "
	                       "yet the proposal was not selected.")
	                  : N_("The outcome deviates from the scores: not every criterion is "
	                       "met, yet the proposal was selected.");
}

const char *
decision_votes_statement(const struct decision_version *v)
{
	int m = decision_majority(v->counts[VOTE_YES], v->counts[VOTE_NO]);
	if (!m)
		return N_("The votes show no majority: as many members voted yes as no.");
	if (v->outcome == PS_DEFERRED)
		return m > 0 ? N_("The decision is deferred; more members voted yes than no.")
		             : N_("The decision is deferred; more members voted no than yes.");
	if (!decision_against_votes(v->outcome, v->counts[VOTE_YES], v->counts[VOTE_NO]))
		return m > 0 ? N_("The outcome follows the majority of the votes: more members "
		                  "voted yes than no.")
		             : N_("The outcome follows the majority of the votes: more members "
		                  "voted no than yes.");
	return m > 0 ? N_("The outcome goes against the majority of the votes: more members "
	                  "voted yes than no.")
	             : N_("The outcome goes against the majority of the votes: more members "
	                  "voted no than yes.");
}

static bool
is_vote(enum decision_vote v)
{
	return v == VOTE_YES || v == VOTE_NO || v == VOTE_ABSTAIN;
}

static bool
blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

/* ---- the meeting ---- */

static const struct store_query q_meeting = {
    "decision_meeting",
    "SELECT held_at, notes, updated_by, updated_at FROM meeting WHERE call_id = ?1"};
static const struct store_query q_meeting_members = {
    "decision_meeting_members",
    "SELECT user_id FROM meeting_member WHERE call_id = ?1 ORDER BY user_id LIMIT ?2"};
static const struct store_query q_meeting_upsert = {
    "decision_meeting_upsert",
    "INSERT INTO meeting(call_id, held_at, notes, updated_by, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(call_id) DO UPDATE SET held_at = excluded.held_at, "
    "notes = excluded.notes, updated_by = excluded.updated_by, updated_at = excluded.updated_at"};
static const struct store_query q_meeting_clear = {"decision_meeting_clear",
                                                   "DELETE FROM meeting_member WHERE call_id = ?1"};
static const struct store_query q_meeting_add = {
    "decision_meeting_add",
    "INSERT INTO meeting_member(call_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"};

void
decision_meeting(struct store *s, struct arena *a, int64_t call_id, struct meeting *out)
{
	memset(out, 0, sizeof *out);
	out->call_id = call_id;
	out->notes = "";
	struct stmt *st = store_stmt(s, &q_meeting);
	stmt_bind_int(st, 1, call_id);
	if (stmt_step(st) == STORE_ROW) {
		out->exists = true;
		out->held_at = stmt_int(st, 0);
		out->notes = arena_strdup(a, stmt_text(st, 1));
		out->updated_by = stmt_int(st, 2);
		out->updated_at = stmt_int(st, 3);
	}
	stmt_done(st);
	if (!out->exists)
		return;
	st = store_stmt(s, &q_meeting_members);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, DECISION_MAX_MEMBERS);
	while (out->npresent < DECISION_MAX_MEMBERS && stmt_step(st) == STORE_ROW)
		out->present[out->npresent++] = stmt_int(st, 0);
	stmt_done(st);
}

bool
decision_meeting_present(const struct meeting *m, int64_t user_id)
{
	for (size_t i = 0; i < m->npresent; i++)
		if (m->present[i] == user_id)
			return true;
	return false;
}

static const struct store_query q_call_phase = {"decision_call_phase",
                                                "SELECT phase FROM call WHERE id = ?1"};

/* The call's phase, or -1 when there is no such call. */
static int
phase_of(struct store *s, int64_t call_id)
{
	struct stmt *st = store_stmt(s, &q_call_phase);
	stmt_bind_int(st, 1, call_id);
	int p = stmt_step(st) == STORE_ROW ? call_phase_parse(stmt_text(st, 0)) : -1;
	stmt_done(st);
	return p;
}

static const struct store_query q_call_decided = {
    "decision_call_decided", "SELECT 1 FROM decision WHERE call_id = ?1 LIMIT 1"};

static bool
call_has_decisions(struct store *s, int64_t call_id)
{
	struct stmt *st = store_stmt(s, &q_call_decided);
	stmt_bind_int(st, 1, call_id);
	bool yes = stmt_step(st) == STORE_ROW;
	stmt_done(st);
	return yes;
}

enum decision_result
decision_meeting_save(struct store *s, int64_t actor, int64_t call_id, int64_t held_at,
                      const char *notes, const int64_t *present, size_t npresent)
{
	int phase = phase_of(s, call_id);
	if (phase < 0)
		return DECISION_NOT_FOUND;
	if (phase != PHASE_DECIDING)
		return DECISION_CLOSED;
	if (npresent > DECISION_MAX_MEMBERS || held_at <= 0 ||
	    (notes && str_utf8_len(notes) > DECISION_TEXT_MAX))
		return DECISION_INVALID;
	for (size_t i = 0; i < npresent; i++)
		if (!board_is_member(s, call_id, present[i]))
			return DECISION_NOT_MEMBER;
	/* The votes were cast at the meeting: it cannot be moved to a day still to come. */
	if (held_at > time_now() && call_has_decisions(s, call_id))
		return DECISION_MEETING_AHEAD;
	struct stmt *st = store_stmt(s, &q_meeting_upsert);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, held_at);
	stmt_bind_text(st, 3, notes ? notes : "");
	stmt_bind_int(st, 4, actor);
	stmt_bind_int(st, 5, time_now());
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	st = store_stmt(s, &q_meeting_clear);
	stmt_bind_int(st, 1, call_id);
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	json_t *ids = json_array();
	for (size_t i = 0; i < npresent; i++) {
		st = store_stmt(s, &q_meeting_add);
		stmt_bind_int(st, 1, call_id);
		stmt_bind_int(st, 2, present[i]);
		if (stmt_exec(st) != STORE_OK) {
			json_decref(ids);
			return DECISION_ERROR;
		}
		json_array_append_new(ids, json_integer(present[i]));
	}
	return audit_on(s, actor, "call", call_id, "meeting.save",
	                json_pack("{s:I,s:o}", "held_at", (json_int_t)held_at, "present", ids)) == 0
	           ? DECISION_OK
	           : DECISION_ERROR;
}

/* ---- reading decisions ---- */

static const struct store_query q_decision = {
    "decision_find",
    "SELECT id, call_id, decided_by, decided_at FROM decision WHERE proposal_id = ?1"};
static const struct store_query q_versions = {
    "decision_versions",
    "SELECT v.id, v.number, v.outcome, v.conditions, coalesce(v.target_call_id, 0), "
    "coalesce(c.title, ''), v.all_met, v.deviation_reason, v.amendment_reason, v.record_hash, "
    "v.created_by, v.created_at, coalesce(u.name, ''), v.vote_reason FROM decision_version v "
    "LEFT JOIN call c ON c.id = v.target_call_id LEFT JOIN user_account u ON u.id = v.created_by "
    "WHERE v.decision_id = ?1 ORDER BY v.number"};
static const struct store_query q_version_texts = {
    "decision_version_texts", "SELECT criterion_id, body FROM decision_justification "
                              "WHERE version_id = ?1 ORDER BY criterion_id LIMIT ?2"};
static const struct store_query q_version_votes = {
    "decision_version_votes",
    "SELECT v.user_id, v.vote, coalesce(u.name, ''), coalesce(m.constituency, '') "
    "FROM decision_vote v JOIN decision_version dv ON dv.id = v.version_id "
    "JOIN decision d ON d.id = dv.decision_id LEFT JOIN user_account u ON u.id = v.user_id "
    "LEFT JOIN board_member m ON m.call_id = d.call_id AND m.user_id = v.user_id "
    "WHERE v.version_id = ?1 ORDER BY u.name_sort, v.user_id LIMIT ?2"};

static void
read_version_details(struct store *s, struct arena *a, struct decision_version *v)
{
	struct stmt *st = store_stmt(s, &q_version_texts);
	stmt_bind_int(st, 1, v->id);
	stmt_bind_int(st, 2, REVIEW_MAX_CRITERIA);
	while (v->njust < REVIEW_MAX_CRITERIA && stmt_step(st) == STORE_ROW) {
		v->just[v->njust].criterion_id = stmt_int(st, 0);
		v->just[v->njust++].body = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_done(st);
	st = store_stmt(s, &q_version_votes);
	stmt_bind_int(st, 1, v->id);
	stmt_bind_int(st, 2, DECISION_MAX_MEMBERS);
	while (v->nvotes < DECISION_MAX_MEMBERS && stmt_step(st) == STORE_ROW) {
		struct decision_ballot *b = &v->votes[v->nvotes++];
		b->user_id = stmt_int(st, 0);
		int vote = decision_vote_parse(stmt_text(st, 1));
		b->vote = vote < 0 ? VOTE_NONE : (enum decision_vote)vote;
		b->present = b->vote != VOTE_ABSENT;
		b->name = arena_strdup(a, stmt_text(st, 2));
		b->constituency = arena_strdup(a, stmt_text(st, 3));
		v->counts[b->vote]++;
	}
	stmt_done(st);
}

bool
decision_find(struct store *s, struct arena *a, int64_t proposal_id, struct decision *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = store_stmt(s, &q_decision);
	stmt_bind_int(st, 1, proposal_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		out->id = stmt_int(st, 0);
		out->proposal_id = proposal_id;
		out->call_id = stmt_int(st, 1);
		out->decided_by = stmt_int(st, 2);
		out->decided_at = stmt_int(st, 3);
	}
	stmt_done(st);
	if (!found)
		return false;
	size_t cap = 4;
	out->versions = arena_calloc(a, cap * sizeof *out->versions);
	st = store_stmt(s, &q_versions);
	stmt_bind_int(st, 1, out->id);
	while (stmt_step(st) == STORE_ROW) {
		if (out->nversions == cap) {
			struct decision_version *more = arena_calloc(a, 2 * cap * sizeof *more);
			memcpy(more, out->versions, cap * sizeof *more);
			out->versions = more;
			cap *= 2;
		}
		struct decision_version *v = &out->versions[out->nversions++];
		v->id = stmt_int(st, 0);
		v->number = stmt_int(st, 1);
		int o = proposal_state_parse(stmt_text(st, 2));
		v->outcome = o < 0 ? PS_NOT_SELECTED : (enum proposal_state)o;
		v->conditions = arena_strdup(a, stmt_text(st, 3));
		v->target_call_id = stmt_int(st, 4);
		v->target_call_title = arena_strdup(a, stmt_text(st, 5));
		v->all_met = stmt_int(st, 6) != 0;
		v->deviation_reason = arena_strdup(a, stmt_text(st, 7));
		v->amendment_reason = arena_strdup(a, stmt_text(st, 8));
		v->record_hash = arena_strdup(a, stmt_text(st, 9));
		v->created_by = stmt_int(st, 10);
		v->created_at = stmt_int(st, 11);
		v->created_by_name = arena_strdup(a, stmt_text(st, 12));
		v->vote_reason = arena_strdup(a, stmt_text(st, 13));
	}
	stmt_done(st);
	for (size_t i = 0; i < out->nversions; i++)
		read_version_details(s, a, &out->versions[i]);
	return true;
}

static const struct store_query q_list = {
    "decision_list",
    "SELECT d.proposal_id, v.outcome, (SELECT count(*) FROM decision_version w WHERE "
    "w.decision_id = d.id), d.decided_at FROM decision d JOIN decision_version v ON "
    "v.decision_id = d.id AND v.number = (SELECT max(number) FROM decision_version w WHERE "
    "w.decision_id = d.id) WHERE d.call_id = ?1 ORDER BY d.proposal_id"};

struct decision_summary *
decision_list(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, call_id);
	struct decision_summary *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct decision_summary *d = ARENA_PUSH(a, out, *n, cap);
		d->proposal_id = stmt_int(st, 0);
		int o = proposal_state_parse(stmt_text(st, 1));
		d->outcome = o < 0 ? PS_NOT_SELECTED : (enum proposal_state)o;
		d->versions = stmt_int(st, 2);
		d->decided_at = stmt_int(st, 3);
	}
	stmt_done(st);
	return out;
}

bool
decision_scores(struct store *s, struct arena *a, const struct proposal *p,
                struct review_rank_row *row, struct criterion *crit, size_t *ncrit)
{
	int64_t counts[PS_COUNT];
	proposal_count_states(s, p->call_id, counts);
	size_t total = 0;
	for (int i = 0; i < PS_COUNT; i++)
		total += (size_t)counts[i];
	if (!total)
		return false;
	struct review_rank_row *rows = xmalloc(total * sizeof *rows);
	/* No viewer: the decision counts every member's rating that is not conflicted. */
	size_t n = review_ranking(s, a, NULL, p->call_id, rows, total, crit, ncrit);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		if (rows[i].proposal_id == p->id) {
			*row = rows[i];
			found = true;
		}
	free(rows);
	return found;
}

/* ---- recording ---- */

static void
problem(struct decision_problem *pr, size_t max, size_t *n, const char *field, int64_t id,
        const char *msgid)
{
	if (*n < max)
		pr[*n] = (struct decision_problem){field, id, msgid};
	(*n)++;
}

/* Resolves the input's ballots against the board: every member gets a stored vote (their
 * own, recused or absent). Returns DECISION_OK or the first refusal, with a problem naming
 * the member. */
static int
resolve_votes(struct store *s, struct arena *a, const struct proposal *p, const struct meeting *m,
              const struct decision_input *in, struct decision_version *v,
              struct decision_problem *pr, size_t maxpr, size_t *npr)
{
	size_t nm;
	struct board_member *mem = review_members(s, a, p->call_id, &nm);
	for (size_t i = 0; i < in->nvotes; i++) {
		const struct decision_ballot *b = &in->votes[i];
		bool member = false;
		for (size_t k = 0; k < nm; k++)
			member |= mem[k].user_id == b->user_id;
		if (!member) {
			problem(pr, maxpr, npr, "vote", b->user_id,
			        decision_result_message(DECISION_NOT_MEMBER));
			return DECISION_NOT_MEMBER;
		}
		for (size_t k = 0; k < i; k++)
			if (in->votes[k].user_id == b->user_id) {
				problem(pr, maxpr, npr, "vote", b->user_id,
				        N_("Each member can vote once."));
				return DECISION_INVALID;
			}
		if (b->vote != VOTE_NONE && !is_vote(b->vote)) {
			problem(pr, maxpr, npr, "vote", b->user_id,
			        N_("Please choose one of the options."));
			return DECISION_INVALID;
		}
	}
	v->nvotes = 0;
	for (size_t k = 0; k < nm; k++) {
		const struct decision_ballot *b = NULL;
		for (size_t i = 0; i < in->nvotes; i++)
			if (in->votes[i].user_id == mem[k].user_id)
				b = &in->votes[i];
		enum decision_vote given = b ? b->vote : VOTE_NONE, stored;
		bool conflicted = conflict_of(s, mem[k].user_id, p->id) != CONFLICT_NONE;
		bool present = b && b->present && decision_meeting_present(m, mem[k].user_id);
		int rc = DECISION_OK;
		if (conflicted) {
			/* Recusal follows from the conflict; nobody chooses it. */
			stored = VOTE_RECUSED;
			if (is_vote(given))
				rc = DECISION_RECUSED;
		} else if (!present) {
			stored = VOTE_ABSENT;
			if (is_vote(given))
				rc = DECISION_ABSENT;
		} else {
			stored = given;
			if (!is_vote(given))
				rc = DECISION_VOTE_MISSING;
		}
		if (rc != DECISION_OK) {
			problem(pr, maxpr, npr, "vote", mem[k].user_id,
			        decision_result_message(rc));
			return rc;
		}
		struct decision_ballot *out = &v->votes[v->nvotes++];
		*out = (struct decision_ballot){mem[k].user_id, stored != VOTE_ABSENT, stored,
		                                mem[k].name, mem[k].constituency};
		v->counts[stored]++;
	}
	return DECISION_OK;
}

/* Checks the outcome, the deferral's fields and the justifications into v. */
static int
check_fields(struct store *s, struct arena *a, const struct proposal *p,
             const struct decision_input *in, struct decision_version *v,
             struct decision_problem *pr, size_t maxpr, size_t *npr)
{
	size_t before = *npr;
	v->outcome = in->outcome;
	v->conditions = "";
	v->target_call_id = 0;
	if (!decision_outcome_valid(in->outcome))
		problem(pr, maxpr, npr, "outcome", 0, N_("Please choose the outcome."));
	if (in->outcome == PS_DEFERRED) {
		if (blank(in->conditions))
			problem(pr, maxpr, npr, "conditions", 0,
			        N_("A deferral needs its conditions."));
		else if (str_utf8_len(in->conditions) > DECISION_REASON_MAX)
			problem(pr, maxpr, npr, "conditions", 0, N_("This text is too long."));
		else
			v->conditions = in->conditions;
		if (in->target_call_id) {
			int phase = phase_of(s, in->target_call_id);
			if (phase < 0 || in->target_call_id == p->call_id || phase == PHASE_CLOSED)
				problem(pr, maxpr, npr, "target_call", 0,
				        N_("Please choose a later call that is not closed."));
			else
				v->target_call_id = in->target_call_id;
		}
	}
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, a, p->call_id, leaf, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < in->njust; i++) {
		bool known = false;
		for (size_t k = 0; k < nl; k++)
			known |= leaf[k].id == in->just[i].criterion_id;
		if (!known)
			problem(pr, maxpr, npr, "just", in->just[i].criterion_id,
			        N_("This criterion is not part of the call's rubric."));
	}
	v->njust = 0;
	for (size_t k = 0; k < nl; k++) {
		const char *body = NULL;
		for (size_t i = 0; i < in->njust; i++)
			if (in->just[i].criterion_id == leaf[k].id)
				body = in->just[i].body;
		if (blank(body))
			problem(pr, maxpr, npr, "just", leaf[k].id,
			        N_("Please give the justification for this criterion."));
		else if (str_utf8_len(body) > DECISION_TEXT_MAX)
			problem(pr, maxpr, npr, "just", leaf[k].id, N_("This text is too long."));
		else
			v->just[v->njust++] = (struct decision_text){leaf[k].id, body};
	}
	return *npr > before ? DECISION_INVALID : DECISION_OK;
}

static const struct store_query q_decision_insert = {
    "decision_insert", "INSERT INTO decision(proposal_id, call_id, decided_by, decided_at) "
                       "VALUES (?1, ?2, ?3, ?4) RETURNING id"};
static const struct store_query q_version_insert = {
    "decision_version_insert",
    "INSERT INTO decision_version(decision_id, number, outcome, conditions, target_call_id, "
    "all_met, deviation_reason, amendment_reason, record_hash, created_by, created_at, "
    "vote_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id"};
static const struct store_query q_text_insert = {
    "decision_text_insert",
    "INSERT INTO decision_justification(version_id, criterion_id, body) VALUES (?1, ?2, ?3)"};
static const struct store_query q_vote_insert = {
    "decision_vote_insert",
    "INSERT INTO decision_vote(version_id, user_id, vote) VALUES (?1, ?2, ?3)"};
static const struct store_query q_state = {
    "decision_proposal_state",
    "UPDATE proposal SET state = ?2, state_reason = '', updated_at = ?3, updated_by = ?4 "
    "WHERE id = ?1 AND state = ?5"};

/* Writes version v (its hash computed here) of decision_id. */
static int
insert_version(struct store *s, int64_t decision_id, int64_t proposal_id,
               struct decision_version *v, char hash[65])
{
	decision_record_hash(hash, proposal_id, v);
	v->record_hash = hash;
	struct stmt *st = store_stmt(s, &q_version_insert);
	stmt_bind_int(st, 1, decision_id);
	stmt_bind_int(st, 2, v->number);
	stmt_bind_text(st, 3, proposal_state_name(v->outcome));
	stmt_bind_text(st, 4, v->conditions);
	if (v->target_call_id)
		stmt_bind_int(st, 5, v->target_call_id);
	else
		stmt_bind_null(st, 5);
	stmt_bind_int(st, 6, v->all_met);
	stmt_bind_text(st, 7, v->deviation_reason);
	stmt_bind_text(st, 8, v->amendment_reason);
	stmt_bind_text(st, 9, hash);
	stmt_bind_int(st, 10, v->created_by);
	stmt_bind_int(st, 11, v->created_at);
	stmt_bind_text(st, 12, v->vote_reason);
	if (stmt_insert(st, &v->id) != STORE_OK)
		return DECISION_ERROR;
	for (size_t i = 0; i < v->njust; i++) {
		st = store_stmt(s, &q_text_insert);
		stmt_bind_int(st, 1, v->id);
		stmt_bind_int(st, 2, v->just[i].criterion_id);
		stmt_bind_text(st, 3, v->just[i].body);
		if (stmt_exec(st) != STORE_OK)
			return DECISION_ERROR;
	}
	for (size_t i = 0; i < v->nvotes; i++) {
		st = store_stmt(s, &q_vote_insert);
		stmt_bind_int(st, 1, v->id);
		stmt_bind_int(st, 2, v->votes[i].user_id);
		stmt_bind_text(st, 3, decision_vote_name(v->votes[i].vote));
		if (stmt_exec(st) != STORE_OK)
			return DECISION_ERROR;
	}
	return DECISION_OK;
}

static int
move_state(struct store *s, int64_t actor, int64_t proposal_id, enum proposal_state from,
           enum proposal_state to)
{
	if (from == to)
		return DECISION_OK;
	struct stmt *st = store_stmt(s, &q_state);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_text(st, 2, proposal_state_name(to));
	stmt_bind_int(st, 3, time_now());
	stmt_bind_int(st, 4, actor);
	stmt_bind_text(st, 5, proposal_state_name(from));
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	/* Zero rows: another request moved the proposal first. */
	return store_changes(s) == 1 ? DECISION_OK : DECISION_NOT_DECIDABLE;
}

static int
log_vote(struct store *s, int64_t actor, int64_t proposal_id, int64_t number,
         const struct decision_ballot *b, const char *was)
{
	json_t *d = json_pack("{s:I,s:I,s:s}", "version", (json_int_t)number, "member",
	                      (json_int_t)b->user_id, "vote", decision_vote_name(b->vote));
	if (was)
		json_object_set_new(d, "was", json_string(was));
	return audit_on(s, actor, "proposal", proposal_id, "decision.vote", d);
}

/* The vote rule on v's resolved votes: an outcome against their majority needs its reason. */
static int
check_vote_rule(const struct decision_input *in, struct decision_version *v,
                struct decision_problem *pr, size_t maxpr, size_t *npr)
{
	v->vote_reason = "";
	if (!decision_against_votes(v->outcome, v->counts[VOTE_YES], v->counts[VOTE_NO]))
		return DECISION_OK;
	if (blank(in->vote_reason)) {
		problem(pr, maxpr, npr, "vote_reason", 0,
		        decision_result_message(DECISION_AGAINST_VOTES));
		return DECISION_AGAINST_VOTES;
	}
	if (str_utf8_len(in->vote_reason) > DECISION_REASON_MAX) {
		problem(pr, maxpr, npr, "vote_reason", 0, N_("This text is too long."));
		return DECISION_INVALID;
	}
	v->vote_reason = in->vote_reason;
	return DECISION_OK;
}

/* The checks both recording and amending share, from the meeting on; fills v. */
static int
check_input(struct store *s, struct arena *a, const struct proposal *p,
            const struct decision_input *in, struct decision_version *v,
            struct decision_problem *pr, size_t maxpr, size_t *npr)
{
	struct meeting m;
	decision_meeting(s, a, p->call_id, &m);
	if (!m.exists)
		return DECISION_NO_MEETING;
	if (m.held_at > time_now())
		return DECISION_MEETING_AHEAD;
	int rc = resolve_votes(s, a, p, &m, in, v, pr, maxpr, npr);
	if (rc != DECISION_OK)
		return rc;
	if ((rc = check_fields(s, a, p, in, v, pr, maxpr, npr)) != DECISION_OK)
		return rc;
	struct review_rank_row row;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit = 0;
	v->all_met = decision_scores(s, a, p, &row, crit, &ncrit) && row.all_met;
	v->deviation_reason = "";
	if (decision_deviates(in->outcome, v->all_met)) {
		if (blank(in->deviation_reason)) {
			problem(pr, maxpr, npr, "deviation_reason", 0,
			        decision_result_message(DECISION_DEVIATION));
			return DECISION_DEVIATION;
		}
		if (str_utf8_len(in->deviation_reason) > DECISION_REASON_MAX) {
			problem(pr, maxpr, npr, "deviation_reason", 0,
			        N_("This text is too long."));
			return DECISION_INVALID;
		}
		v->deviation_reason = in->deviation_reason;
	}
	return check_vote_rule(in, v, pr, maxpr, npr);
}

static const struct store_query q_has_decision = {"decision_exists",
                                                  "SELECT 1 FROM decision WHERE proposal_id = ?1"};

static bool
has_decision(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_has_decision);
	stmt_bind_int(st, 1, proposal_id);
	bool yes = stmt_step(st) == STORE_ROW;
	stmt_done(st);
	return yes;
}

enum decision_result
decision_record(struct store *s, const struct user *actor, int64_t proposal_id,
                const struct decision_input *in, struct decision_problem *pr, size_t maxpr,
                size_t *npr)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	struct decision_version v;
	memset(&v, 0, sizeof v);
	size_t npr_local = 0;
	if (!npr)
		npr = &npr_local;
	*npr = 0;
	int rc = DECISION_NOT_FOUND;
	if (!proposal_find(s, &a, proposal_id, &p))
		goto out;
	int phase = phase_of(s, p.call_id);
	if (phase != PHASE_DECIDING) {
		rc = DECISION_CLOSED;
		goto out;
	}
	if (p.state == PS_WITHDRAWN) {
		rc = DECISION_WITHDRAWN;
		goto out;
	}
	if (has_decision(s, p.id) || decision_outcome_valid(p.state) || p.state == PS_PUBLISHED) {
		rc = DECISION_EXISTS;
		goto out;
	}
	if (p.state != PS_ELIGIBLE && p.state != PS_IN_REVIEW) {
		rc = DECISION_NOT_DECIDABLE;
		goto out;
	}
	if ((rc = check_input(s, &a, &p, in, &v, pr, maxpr, npr)) != DECISION_OK)
		goto out;

	rc = DECISION_ERROR;
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_decision_insert);
	stmt_bind_int(st, 1, p.id);
	stmt_bind_int(st, 2, p.call_id);
	stmt_bind_int(st, 3, actor->id);
	stmt_bind_int(st, 4, now);
	int64_t decision_id;
	if (stmt_insert(st, &decision_id) != STORE_OK)
		goto out;
	v.number = 1;
	v.amendment_reason = "";
	v.created_by = actor->id;
	v.created_at = now;
	char hash[65];
	if (insert_version(s, decision_id, p.id, &v, hash) != DECISION_OK)
		goto out;
	if ((rc = move_state(s, actor->id, p.id, p.state, v.outcome)) != DECISION_OK)
		goto out;
	rc = DECISION_ERROR;
	for (size_t i = 0; i < v.nvotes; i++)
		if (log_vote(s, actor->id, p.id, 1, &v.votes[i], NULL) != 0)
			goto out;
	json_t *d =
	    json_pack("{s:I,s:s,s:b,s:b,s:b,s:s}", "version", (json_int_t)1, "outcome",
	              proposal_state_name(v.outcome), "all_met", v.all_met, "deviation",
	              decision_deviates(v.outcome, v.all_met), "against_votes",
	              decision_against_votes(v.outcome, v.counts[VOTE_YES], v.counts[VOTE_NO]),
	              "record", hash);
	if (audit_on(s, actor->id, "proposal", p.id, "decision.record", d) != 0)
		goto out;
	rc = DECISION_OK;
out:
	arena_free(&a);
	return rc;
}

/* The next version's number is the current one's plus one: read under the decision's
 * lock, taken by this no-op update before anything is read. On PostgreSQL it is the row
 * lock (a second amendment at once waits, then reads the version the first one added);
 * on SQLite BEGIN IMMEDIATE holds the write lock already. UNIQUE (decision_id, number)
 * would refuse a duplicate anyway; the lock makes the second writer succeed instead. */
static const struct store_query q_lock = {
    "decision_lock", "UPDATE decision SET decided_at = decided_at WHERE proposal_id = ?1"};

enum decision_result
decision_amend(struct store *s, const struct user *actor, int64_t proposal_id,
               const struct decision_input *in, struct decision_problem *pr, size_t maxpr,
               size_t *npr)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	struct decision d;
	struct decision_version v;
	memset(&v, 0, sizeof v);
	size_t npr_local = 0;
	if (!npr)
		npr = &npr_local;
	*npr = 0;
	int rc = DECISION_ERROR;
	struct stmt *st = store_stmt(s, &q_lock);
	stmt_bind_int(st, 1, proposal_id);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	rc = DECISION_NOT_FOUND;
	if (!proposal_find(s, &a, proposal_id, &p))
		goto out;
	if (!decision_find(s, &a, p.id, &d) || !d.nversions) {
		rc = p.state == PS_WITHDRAWN ? DECISION_WITHDRAWN : DECISION_NOT_DECIDED;
		goto out;
	}
	const struct decision_version *cur = decision_current(&d);
	if (p.state != cur->outcome) {
		/* Published (or moved on otherwise): the decision has had its effect. */
		rc = DECISION_NOT_DECIDABLE;
		goto out;
	}
	int phase = phase_of(s, p.call_id);
	if (phase != PHASE_DECIDING && phase != PHASE_CLOSED) {
		rc = DECISION_CLOSED;
		goto out;
	}
	if (blank(in->amendment_reason)) {
		problem(pr, maxpr, npr, "amendment_reason", 0,
		        decision_result_message(DECISION_NO_REASON));
		rc = DECISION_NO_REASON;
		goto out;
	}
	if (str_utf8_len(in->amendment_reason) > DECISION_REASON_MAX) {
		problem(pr, maxpr, npr, "amendment_reason", 0, N_("This text is too long."));
		rc = DECISION_INVALID;
		goto out;
	}
	if ((rc = check_input(s, &a, &p, in, &v, pr, maxpr, npr)) != DECISION_OK)
		goto out;

	rc = DECISION_ERROR;
	v.number = cur->number + 1;
	v.amendment_reason = in->amendment_reason;
	v.created_by = actor->id;
	v.created_at = time_now();
	char hash[65];
	if (insert_version(s, d.id, p.id, &v, hash) != DECISION_OK)
		goto out;
	if ((rc = move_state(s, actor->id, p.id, cur->outcome, v.outcome)) != DECISION_OK)
		goto out;
	rc = DECISION_ERROR;
	for (size_t i = 0; i < v.nvotes; i++) {
		const char *was = "";
		for (size_t k = 0; k < cur->nvotes; k++)
			if (cur->votes[k].user_id == v.votes[i].user_id)
				was = decision_vote_name(cur->votes[k].vote);
		if (strcmp(was, decision_vote_name(v.votes[i].vote)) != 0 &&
		    log_vote(s, actor->id, p.id, v.number, &v.votes[i], was) != 0)
			goto out;
	}
	json_t *det = json_pack(
	    "{s:I,s:s,s:s,s:s,s:b,s:b,s:b,s:s}", "version", (json_int_t)v.number, "outcome",
	    proposal_state_name(v.outcome), "was", proposal_state_name(cur->outcome), "reason",
	    v.amendment_reason, "all_met", v.all_met, "deviation",
	    decision_deviates(v.outcome, v.all_met), "against_votes",
	    decision_against_votes(v.outcome, v.counts[VOTE_YES], v.counts[VOTE_NO]), "record",
	    hash);
	if (audit_on(s, actor->id, "proposal", p.id, "decision.amend", det) != 0)
		goto out;
	rc = DECISION_OK;
out:
	arena_free(&a);
	return rc;
}

/* ---- the decision record ---- */

static const struct store_query q_record_time = {
    "decision_record_time",
    "SELECT coalesce((SELECT updated_at FROM meeting WHERE call_id = ?1), 0), "
    "coalesce((SELECT max(v.created_at) FROM decision_version v JOIN decision d ON "
    "d.id = v.decision_id WHERE d.call_id = ?1), 0)"};
static const struct store_query q_protocol_insert = {
    "decision_protocol_insert",
    "INSERT INTO decision_protocol(call_id, sha256, size, pages, issued_by, issued_at, lang) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"};
static const struct store_query q_protocols = {
    "decision_protocols",
    "SELECT p.id, p.call_id, p.size, p.pages, p.issued_by, p.issued_at, p.sha256, "
    "coalesce(u.name, ''), p.lang FROM decision_protocol p LEFT JOIN user_account u ON "
    "u.id = p.issued_by WHERE p.call_id = ?1 ORDER BY p.issued_at DESC, p.id DESC"};

int64_t
decision_record_time(struct store *s, int64_t call_id)
{
	/* The later of the two, taken here: two-argument max() is SQLite's (greatest() on
	 * PostgreSQL). */
	struct stmt *st = store_stmt(s, &q_record_time);
	stmt_bind_int(st, 1, call_id);
	int64_t t = 0;
	if (stmt_step(st) == STORE_ROW) {
		int64_t meeting = stmt_int(st, 0), version = stmt_int(st, 1);
		t = meeting > version ? meeting : version;
	}
	stmt_done(st);
	return t;
}

enum decision_result
decision_protocol_issue(struct store *s, int64_t actor, int64_t call_id, enum lang lang,
                        const char *sha256, int64_t size, int64_t pages)
{
	if (phase_of(s, call_id) < 0)
		return DECISION_NOT_FOUND;
	if (!sha256 || strlen(sha256) != 64)
		return DECISION_INVALID;
	struct stmt *st = store_stmt(s, &q_protocol_insert);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_text(st, 2, sha256);
	stmt_bind_int(st, 3, size);
	stmt_bind_int(st, 4, pages);
	stmt_bind_int(st, 5, actor);
	stmt_bind_int(st, 6, time_now());
	stmt_bind_text(st, 7, i18n_code(lang));
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	return audit_on(s, actor, "call", call_id, "protocol.issue",
	                json_pack("{s:s,s:s,s:I,s:I,s:I}", "sha256", sha256, "lang",
	                          i18n_code(lang), "size", (json_int_t)size, "pages",
	                          (json_int_t)pages, "as_of",
	                          (json_int_t)decision_record_time(s, call_id))) == 0
	           ? DECISION_OK
	           : DECISION_ERROR;
}

struct decision_protocol *
decision_protocols(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_protocols);
	stmt_bind_int(st, 1, call_id);
	struct decision_protocol *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct decision_protocol *p = ARENA_PUSH(a, out, *n, cap);
		p->id = stmt_int(st, 0);
		p->call_id = stmt_int(st, 1);
		p->size = stmt_int(st, 2);
		p->pages = stmt_int(st, 3);
		p->issued_by = stmt_int(st, 4);
		p->issued_at = stmt_int(st, 5);
		p->sha256 = arena_strdup(a, stmt_text(st, 6));
		p->issued_by_name = arena_strdup(a, stmt_text(st, 7));
		p->lang = strcmp(stmt_text(st, 8), "en") == 0 ? LANG_EN : LANG_DE;
	}
	stmt_done(st);
	return out;
}

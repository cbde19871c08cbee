/* The board's decision with a traceable record: the meeting of a call (date, members
 * present), per proposal the votes (recusals follow from the conflicts), the outcome
 * (selected, not selected, deferred with conditions), a justification per criterion, the
 * deviation rule, and amendments that keep every earlier version. Every change is an audit
 * event on "proposal:ID" (or "call:ID") in the caller's transaction; each version's
 * SHA-256 goes into its audit event so `leuchtturm audit verify` can re-check the rows. */
#ifndef DOMAIN_DECISION_H
#define DOMAIN_DECISION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "util/arena.h"
#include "util/i18n.h"

struct store;

#define DECISION_MAX_MEMBERS 64  /* members of a board that can vote */
#define DECISION_TEXT_MAX 4000   /* characters of a justification */
#define DECISION_REASON_MAX 2000 /* characters of a reason or of the conditions */

/* Result codes. Every refusal changes nothing (validation runs before the first write;
 * callers roll their transaction back on any code but DECISION_OK). */
enum decision_result {
	DECISION_OK = 0,
	DECISION_ERROR = -1,         /* storage error */
	DECISION_NOT_FOUND = 1,      /* no such call, proposal or member */
	DECISION_CLOSED = 2,         /* the call is not in its deciding phase */
	DECISION_NOT_DECIDABLE = 3,  /* the proposal is not up for a decision (state) */
	DECISION_EXISTS = 4,         /* the proposal has been decided: amend instead */
	DECISION_NO_MEETING = 5,     /* record the meeting (date, members present) first */
	DECISION_RECUSED = 6,        /* a vote by a member with a conflict of interest */
	DECISION_ABSENT = 7,         /* a vote by a member who was not present */
	DECISION_NOT_MEMBER = 8,     /* a vote or presence of someone not on the board */
	DECISION_VOTE_MISSING = 9,   /* a present, non-conflicted member without a vote */
	DECISION_DEVIATION = 10,     /* the outcome differs from the scores: reason needed */
	DECISION_NO_REASON = 11,     /* an amendment without a reason */
	DECISION_INVALID = 12,       /* other input problems: see the problems */
	DECISION_NOT_DECIDED = 13,   /* no decision yet */
	DECISION_WITHDRAWN = 14,     /* the proposal has been withdrawn */
	DECISION_LETTER_SENT = 15,   /* the letter of this version has been sent already */
	DECISION_NO_RECIPIENT = 16,  /* the sub-project has no active account to write to */
	DECISION_AGAINST_VOTES = 17, /* the outcome goes against the votes' majority: reason */
	DECISION_MEETING_AHEAD = 18, /* votes for a meeting whose date has not come yet */
};
/* A msgid explaining a result code to people. */
const char *decision_result_message(int rc);

enum decision_vote {
	VOTE_NONE,
	VOTE_YES,
	VOTE_NO,
	VOTE_ABSTAIN,
	VOTE_RECUSED,
	VOTE_ABSENT,
	VOTE_COUNT
};
const char *decision_vote_name(enum decision_vote v);  /* "", "yes", "no", "abstain", … */
int decision_vote_parse(const char *name);             /* -1 when unknown; "" is VOTE_NONE */
const char *decision_vote_label(enum decision_vote v); /* msgid */

/* The outcomes a decision can have: PS_SELECTED, PS_NOT_SELECTED, PS_DEFERRED. */
bool decision_outcome_valid(enum proposal_state outcome);

/* The deviation rule: true when the outcome goes against what the scores recommend —
 * selected although not every criterion is met, or not selected although all are. A
 * deferral postpones the verdict and never deviates. A deviating decision needs a
 * written reason. */
bool decision_deviates(enum proposal_state outcome, bool all_met);

/* The majority of the votes recorded: +1 more yes than no, -1 more no than yes, 0 none
 * (a tie, or no yes and no no; abstentions, recusals and absences do not count). */
int decision_majority(int yes, int no);
/* The vote rule: true when the outcome goes against the majority of the recorded votes —
 * selected although more voted no, or not selected although more voted yes. A deferral
 * never does. Such a decision needs a written reason, as a deviation from the scores. */
bool decision_against_votes(enum proposal_state outcome, int yes, int no);

/* What the record says about a version (msgids): its outcome compared with the scores
 * (v->all_met) and with the majority of its votes, truthfully in each of the cases. */
struct decision_version;
const char *decision_scores_statement(const struct decision_version *v);
const char *decision_votes_statement(const struct decision_version *v);

/* ---- the meeting ---- */

struct meeting {
	bool exists;
	int64_t call_id, held_at, updated_by, updated_at;
	const char *notes;
	int64_t present[DECISION_MAX_MEMBERS]; /* user ids, ascending */
	size_t npresent;
};
/* The call's meeting; out->exists false when none is recorded. */
void decision_meeting(struct store *s, struct arena *a, int64_t call_id, struct meeting *out);
bool decision_meeting_present(const struct meeting *m, int64_t user_id);
/* Records or changes the meeting of a call in its deciding phase: when it was held and
 * which board members were present (each must be on the board: DECISION_NOT_MEMBER).
 * DECISION_CLOSED outside the deciding phase. Once votes are recorded, the meeting has
 * been held: a date after now is refused (DECISION_MEETING_AHEAD). Audit "meeting.save" on
 * "call:ID". */
enum decision_result decision_meeting_save(struct store *s, int64_t actor, int64_t call_id,
                                           int64_t held_at, const char *notes,
                                           const int64_t *present, size_t npresent);

/* ---- decisions ---- */

struct decision_text {
	int64_t criterion_id;
	const char *body;
};

struct decision_ballot {
	int64_t user_id;
	bool present;            /* input: present when this proposal was decided */
	enum decision_vote vote; /* input: VOTE_NONE, YES, NO or ABSTAIN; stored: any but NONE */
	const char *name, *constituency; /* output only */
};

struct decision_input {
	enum proposal_state outcome;
	const char *conditions;                         /* required for a deferral */
	int64_t target_call_id;                         /* a deferral's later call, 0 for none */
	struct decision_text just[REVIEW_MAX_CRITERIA]; /* one per rated criterion */
	size_t njust;
	/* Board members not listed are absent. A conflicted member is recorded as recused
	 * whatever is given; giving them a vote is refused. */
	struct decision_ballot votes[DECISION_MAX_MEMBERS];
	size_t nvotes;
	const char *deviation_reason; /* required when decision_deviates() */
	const char *vote_reason;      /* required when decision_against_votes() */
	const char *amendment_reason; /* required for decision_amend */
};

/* A problem in the input, for the form: field ("outcome", "conditions", "target_call",
 * "just", "deviation_reason", "vote_reason", "amendment_reason", "vote") and, for "just" and
 * "vote", the criterion or member id. */
struct decision_problem {
	const char *field;
	int64_t id;
	const char *msgid;
};

struct decision_version {
	int64_t id, number;
	enum proposal_state outcome;
	const char *conditions;
	int64_t target_call_id;
	const char *target_call_title; /* "" without a target */
	bool all_met;
	const char *deviation_reason, *vote_reason, *amendment_reason, *record_hash;
	int64_t created_by, created_at;
	const char *created_by_name;
	struct decision_text just[REVIEW_MAX_CRITERIA];
	size_t njust;
	struct decision_ballot votes[DECISION_MAX_MEMBERS]; /* by name */
	size_t nvotes;
	int counts[VOTE_COUNT]; /* votes per kind */
};

struct decision {
	int64_t id, proposal_id, call_id, decided_by, decided_at;
	struct decision_version *versions; /* oldest first; the last is the current one */
	size_t nversions;
};

/* The proposal's decision with all its versions; false when there is none. */
bool decision_find(struct store *s, struct arena *a, int64_t proposal_id, struct decision *out);
static inline const struct decision_version *
decision_current(const struct decision *d)
{
	return d->nversions ? &d->versions[d->nversions - 1] : NULL;
}

/* What the scores say about the proposal: its row of the call's ranking, counting every
 * submitted rating of non-conflicted members (as review_ranking does for the office).
 * False when the proposal is not in the ranking. */
bool decision_scores(struct store *s, struct arena *a, const struct proposal *p,
                     struct review_rank_row *row, struct criterion *crit, size_t *ncrit);

/* Decides a proposal of a call in its deciding phase (eligible or in review), with the
 * meeting recorded. Checks, in this order: the call's phase (DECISION_CLOSED), withdrawn
 * (DECISION_WITHDRAWN), decided already (DECISION_EXISTS), the state
 * (DECISION_NOT_DECIDABLE), the meeting (DECISION_NO_MEETING), the votes
 * (DECISION_NOT_MEMBER, DECISION_RECUSED, DECISION_ABSENT, DECISION_VOTE_MISSING), the
 * fields (DECISION_INVALID with problems: outcome, conditions, target call, a
 * justification for every rated criterion), the deviation rule (DECISION_DEVIATION), the
 * vote rule (DECISION_AGAINST_VOTES), and that the meeting has been held: a meeting dated
 * after now takes no votes (DECISION_MEETING_AHEAD).
 * Then stores version 1, moves the proposal to the outcome's state and writes the audit
 * events "decision.vote" (one per vote) and "decision.record". Call in a transaction. */
enum decision_result decision_record(struct store *s, const struct user *actor, int64_t proposal_id,
                                     const struct decision_input *in, struct decision_problem *pr,
                                     size_t maxpr, size_t *npr);
/* Amends the current decision: like decision_record, but the proposal must have a
 * decision (DECISION_NOT_DECIDED) and not be published (DECISION_NOT_DECIDABLE), the
 * amendment needs a reason (DECISION_NO_REASON), and the call may also be closed. Stores
 * a new version, keeps the old, moves the proposal to the new outcome. Audit
 * "decision.amend" (with the reason and the previous outcome) and "decision.vote" for
 * each vote that changed. Call in a transaction. */
enum decision_result decision_amend(struct store *s, const struct user *actor, int64_t proposal_id,
                                    const struct decision_input *in, struct decision_problem *pr,
                                    size_t maxpr, size_t *npr);

/* The decisions of a call, by proposal id: proposal ids with their current version's
 * outcome. Returns the count. */
struct decision_summary {
	int64_t proposal_id;
	enum proposal_state outcome;
	int64_t versions, decided_at;
};
struct decision_summary *decision_list(struct store *s, struct arena *a, int64_t call_id,
                                       size_t *n);

/* ---- the decision record (Entscheidungsprotokoll) ---- */

/* The time the call's decision record reflects: the latest change of its meeting or of a
 * decision version (0 when there is none). The PDF takes it as its date, so the same data
 * gives the same bytes. */
int64_t decision_record_time(struct store *s, int64_t call_id);

struct decision_protocol {
	int64_t id, call_id, size, pages, issued_by, issued_at;
	enum lang lang;
	const char *sha256, *issued_by_name;
};
/* Notes that the call's decision record was issued in lang: the SHA-256 (hex) of the PDF's
 * bytes, their size and the page count. Audit "protocol.issue" on "call:ID" with the hash. */
enum decision_result decision_protocol_issue(struct store *s, int64_t actor, int64_t call_id,
                                             enum lang lang, const char *sha256, int64_t size,
                                             int64_t pages);
/* The issued records of a call, newest first. */
struct decision_protocol *decision_protocols(struct store *s, struct arena *a, int64_t call_id,
                                             size_t *n);

/* SHA-256 (hex) of the version's canonical form: compact JSON with sorted keys, the
 * justifications by criterion and the votes by member, so the order rows are read in
 * does not matter. The recording stores it with the version and in its audit event. */
void decision_record_hash(char out[65], int64_t proposal_id, const struct decision_version *v);

/* Re-checks every stored decision version against its SHA-256 as recorded in the audit
 * chain: recomputes the hash from the rows (outcome, reasons, justifications, votes) and
 * compares it with the version's audit event. Returns 0 when all match, else the number of
 * versions that do not; *checked gets how many were checked, and *bad_proposal,
 * *bad_version (may be NULL) the first mismatch. */
int64_t decision_verify(struct store *s, int64_t *checked, int64_t *bad_proposal,
                        int64_t *bad_version);

#endif

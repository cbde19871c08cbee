/* Board review: the rubric's freeze, ratings (draft, then submitted, editable until the
 * call's review_until), who sees whose ratings, the members' progress, and the ranking
 * (the board itself is board.h; the questions pages ask are access.h). Every read and every list
 * takes the viewing user and leaves out what that person is conflicted on (conflict.h), so pages
 * and exports cannot forget it. */
#ifndef DOMAIN_REVIEW_H
#define DOMAIN_REVIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/board.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/proposal.h"
#include "domain/user.h"
#include "util/arena.h"
#include "util/i18n.h"

struct store;

#define REVIEW_MAX_CRITERIA 16 /* criteria of a rubric, parents included */
#define REVIEW_MAX_LEVELS 11   /* levels of a scale (0–10 at most) */
#define REVIEW_TEXT_MAX 4000   /* characters of a justification or comment */
#define REVIEW_REASON_MAX 1000 /* characters of the reason of an abstention */

/* Result codes of the changing operations and of the access checks. */
enum review_result {
	REVIEW_OK = 0,
	REVIEW_ERROR = -1,       /* storage error */
	REVIEW_NOT_MEMBER = 1,   /* the person is not on the call's board */
	REVIEW_CONFLICTED = 2,   /* the person has a conflict of interest on the proposal */
	REVIEW_NOT_ASSIGNED = 3, /* the call uses assignments and this one is not theirs */
	REVIEW_NOT_RATABLE = 4,  /* the proposal is not (or no longer) up for rating */
	REVIEW_CLOSED = 5,       /* the call is not in its review phase */
	REVIEW_DEADLINE = 6,     /* the call's review_until has passed */
	REVIEW_INVALID = 7,      /* some input is wrong: see the problems */
	REVIEW_FROZEN = 8,       /* the rubric is frozen: the review has started */
	REVIEW_NOT_FOUND = 9,    /* no such call, proposal, person or conflict */
	REVIEW_NOT_BOARD = 10,   /* the person does not hold the board role or is inactive */
	REVIEW_EXISTS = 11,      /* already a member / already conflicted */
	REVIEW_HIDDEN = 12,      /* others' ratings: submit your own first */
};
/* A msgid explaining a result code to people. */
const char *review_result_message(int rc);

/* The review's code for a result of the board's (board.h) or the conflicts' (conflict.h)
 * operations, so the review pages answer all three alike. */
enum review_result review_result_of_board(enum board_result rc);
enum review_result review_result_of_conflict(enum conflict_result rc);

enum review_rec { REC_NONE, REC_SELECT, REC_DONT_SELECT, REC_DISCUSS, REC_COUNT };
const char *review_rec_name(enum review_rec r);  /* "", "select", "dont_select", "discuss" */
int review_rec_parse(const char *name);          /* -1 when unknown */
const char *review_rec_label(enum review_rec r); /* msgid */

/* ---- settings and rubric ---- */

struct review_settings {
	double threshold;    /* a criterion is met when its mean is at least this (default 2) */
	bool hide_until_own; /* others' ratings only after one's own is submitted (default) */
	bool subset;         /* members rate their assigned proposals only (default: all) */
	int min_ratings;     /* submitted ratings each proposal needs before deciding (2) */
};
void review_settings_get(struct store *s, int64_t call_id, struct review_settings *out);
/* Switches the visibility rule (allowed in every phase). Audit "review.settings". */
enum review_result review_set_visibility(struct store *s, int64_t actor, int64_t call_id,
                                         bool hide_until_own);
/* Sets the ratings each proposal needs before the review may end (1 to 64; REVIEW_INVALID
 * otherwise). Allowed in every phase. Audit "review.settings". */
enum review_result review_set_min_ratings(struct store *s, int64_t actor, int64_t call_id,
                                          int min_ratings);
/* Switches between "every member rates every proposal" (subset false, the default) and
 * explicit assignments (review_assign). Audit "review.settings". */
enum review_result review_set_assignment_mode(struct store *s, int64_t actor, int64_t call_id,
                                              bool subset);
/* Assigns a proposal to a member of its call's board for rating (used when the call is in
 * subset mode; kept, but without effect, otherwise). REVIEW_NOT_FOUND, REVIEW_NOT_MEMBER,
 * REVIEW_CONFLICTED, REVIEW_EXISTS. Audit "review.assign" on "proposal:ID". */
enum review_result review_assign(struct store *s, int64_t actor, int64_t proposal_id,
                                 int64_t user_id);
/* Takes an assignment back; a rating given stays. REVIEW_NOT_FOUND when there was none.
 * Audit "review.unassign". */
enum review_result review_unassign(struct store *s, int64_t actor, int64_t proposal_id,
                                   int64_t user_id);

struct scale_level {
	int level;
	const char *label_de, *label_en; /* the descriptor of the level */
};
size_t review_scale(struct store *s, struct arena *a, int64_t call_id, struct scale_level *out,
                    size_t max);
const char *scale_level_label(const struct scale_level *l, enum lang lang);
/* True when v is one of the levels. */
bool review_scale_has(const struct scale_level *levels, size_t n, int v);

/* True from the review phase on: the rubric (criteria, scale, threshold) cannot change. */
bool review_rubric_frozen(const struct call *c);
/* The rated criteria of the call (those without children), in rubric order. */
size_t review_leaf_criteria(struct store *s, struct arena *a, int64_t call_id,
                            struct criterion *out, size_t max);
/* A problem found in input, for the form: criterion_id (0 for the whole rating or the
 * rubric's own fields) and field ("score", "justification", "recommendation",
 * "abstain_reason", "label_de", "weight", "level", "threshold" …) with a msgid. */
struct review_problem {
	int64_t criterion_id;
	int level; /* for rubric problems on a scale level, else -1 */
	const char *field;
	const char *msgid;
};
/* Changes the editable parts of the rubric: per criterion (matched by id within the call)
 * labels, guidance and weight; per scale level (matched by level) its labels; and the
 * threshold. Refused with REVIEW_FROZEN from the review phase on, REVIEW_INVALID (with
 * problems) for empty labels, a weight outside 0–100 or a threshold outside the scale.
 * Audit "rubric.update" on "call:ID". Call in a transaction. */
enum review_result review_rubric_update(struct store *s, int64_t actor, int64_t call_id,
                                        const struct criterion *crit, size_t ncrit,
                                        const struct scale_level *levels, size_t nlevels,
                                        double threshold, struct review_problem *pr, size_t maxpr,
                                        size_t *npr);

/* ---- the board of a call and its progress ---- */

struct board_member {
	int64_t user_id, organisation_id, added_at;
	const char *name, *email, *organisation_name, *constituency;
	bool active;
	/* Progress: proposals this member is to rate (assigned, not conflicted), and how many
	 * of those have a submitted rating (abstentions included) or a draft. */
	int64_t to_rate, submitted, drafts;
};

/* The board (board.h), ordered by constituency and name, with each member's progress. */
struct board_member *review_members(struct store *s, struct arena *a, int64_t call_id, size_t *n);

/* ---- the review's own checks ---- */
/* review_save, review_others and discussion.c apply these themselves; pages and exports ask
 * access.h, which builds on them. */

/* May u read p as a board member: u is on the board of p's call, the call is in review or
 * deciding, p has passed the formal check (not withdrawn), and u is not conflicted. */
bool review_may_read(struct store *s, const struct user *u, const struct proposal *p);
/* May u rate p now: REVIEW_OK or the reason why not (REVIEW_NOT_MEMBER, _CONFLICTED,
 * _NOT_ASSIGNED, _NOT_RATABLE, _CLOSED, _DEADLINE), deadline on the server's clock. */
enum review_result review_may_rate(struct store *s, const struct user *u, const struct proposal *p);

/* ---- ratings ---- */

struct review_score {
	int64_t criterion_id;
	int score; /* -1: none chosen */
	const char *justification;
};

struct review {
	int64_t id, proposal_id, user_id;
	const char *user_name, *constituency;
	bool submitted;
	enum review_rec recommendation;
	const char *comment;
	bool abstain;
	const char *abstain_reason;
	int64_t created_at, updated_at, submitted_at;
	struct review_score scores[REVIEW_MAX_CRITERIA];
	size_t nscores;
};

/* Saves actor's own rating of the proposal (there is no way to address another's):
 * submit false keeps it a draft (a draft may be incomplete, but a score given must be on
 * the scale), true submits it: every rated criterion needs a score on the scale and a
 * justification, and a recommendation is required, unless the member abstains, which
 * needs a reason. Scores for criteria not in the call's leaf rubric are refused. Checks
 * review_may_rate first (inside the caller's transaction). problems get what is wrong
 * (REVIEW_INVALID). Audit "review.save" or "review.submit" on "proposal:ID". */
enum review_result review_save(struct store *s, const struct user *actor, int64_t proposal_id,
                               const struct review *in, bool submit, struct review_problem *pr,
                               size_t maxpr, size_t *npr);
/* The person's own rating (draft or submitted); false when there is none. */
bool review_find_own(struct store *s, struct arena *a, int64_t user_id, int64_t proposal_id,
                     struct review *out);
/* May viewer see the other members' submitted ratings of p: admins always (unless
 * conflicted themselves), members when they may read p and either the call does not hide
 * them or their own rating is submitted. REVIEW_OK, or REVIEW_HIDDEN, REVIEW_CONFLICTED,
 * REVIEW_NOT_MEMBER. */
enum review_result review_others_visible(struct store *s, const struct user *viewer,
                                         const struct proposal *p);
/* The submitted ratings of current, non-conflicted members other than the viewer, oldest
 * submission first; 0 (and *rc the reason) when review_others_visible refuses. */
size_t review_others(struct store *s, struct arena *a, const struct user *viewer,
                     const struct proposal *p, struct review *out, size_t max, int *rc);

/* ---- lists for the board ---- */

struct review_progress {
	int64_t to_rate, submitted, drafts;
};

struct review_call_item {
	struct call call;
	const char *constituency;
	struct review_progress progress;
};
/* The calls in review or deciding on whose board the user sits, with their progress. */
struct review_call_item *review_calls_for(struct store *s, struct arena *a, const struct user *u,
                                          size_t *n);

enum review_own_state { OWN_NONE, OWN_DRAFT, OWN_SUBMITTED };
struct review_item {
	int64_t proposal_id;
	const char *title, *organisation_name;
	enum proposal_state state;
	enum review_own_state own;
	bool abstained;
	bool to_rate; /* assigned to the viewer (always, unless the call uses assignments) */
};
/* The proposals of the call that viewer may read as a board member, conflicted ones left
 * out, by title. 0 when viewer is not on the call's board. */
struct review_item *review_list_for(struct store *s, struct arena *a, const struct user *viewer,
                                    int64_t call_id, size_t *n);

/* ---- the ranking ---- */

struct review_agg {
	int64_t criterion_id;
	const char *key;
	bool top;  /* a criterion of its own (no parent): counts for "all met" and the total */
	bool leaf; /* rated directly (no children) */
	int n;     /* ratings with a value for it */
	double mean, median, min, max; /* valid when n > 0 */
	bool met;                      /* n > 0 and mean >= threshold */
	bool disagree;                 /* max - min >= REVIEW_SPREAD */
};
#define REVIEW_SPREAD 2 /* levels of spread that flag a disagreement */

struct review_rank_row {
	int64_t proposal_id;
	const char *title, *organisation_name;
	enum proposal_state state;
	size_t ncrit; /* as in the rubric, parents included, same order */
	struct review_agg crit[REVIEW_MAX_CRITERIA];
	int nratings;  /* submitted ratings with scores */
	int nabstain;  /* submitted abstentions */
	bool all_met;  /* every top criterion met (false without ratings) */
	bool disagree; /* a disagreement on any criterion */
	double total;  /* sum over top criteria of weight × mean (0 without ratings) */
};

/* The aggregation, without storage (for tests and for review_ranking). crit: the rubric
 * (ncrit, parents included); scores: nraters rows of ncrit values each, -1 where a rater
 * gave none (parents are not rated: their value per rater is the weight-averaged value of
 * the children, so the parent's mean is the weighted mean of the children's means; with
 * the default weights, effizient = the mean of its two aspects' means). Fills everything
 * of out but the proposal's id, title, organisation and state, and nabstain. */
void review_aggregate(const struct criterion *crit, size_t ncrit, double threshold,
                      const int *scores, size_t nraters, struct review_rank_row *out);

/* The ranking of the call's proposals (those past the formal check, not withdrawn) for
 * viewer: proposals viewer is conflicted on are left out; counted are submitted,
 * non-abstaining ratings of current board members who are not conflicted. Ordered by
 * total, best first. crit (may be NULL) receives the rubric (REVIEW_MAX_CRITERIA). Reads the
 * aggregates stored per proposal; those missing it has stored first (in the caller's
 * transaction if one is open, else in one of its own, while other threads asking for the
 * same call wait for it), and computes in memory what a concurrent change left missing. */
size_t review_ranking(struct store *s, struct arena *a, const struct user *viewer, int64_t call_id,
                      struct review_rank_row *out, size_t max, struct criterion *crit,
                      size_t *ncrit);
/* The same ranking computed from every score of the call, ignoring the stored aggregates
 * (and storing nothing): what review_ranking must always equal, for the tests. */
size_t review_ranking_full(struct store *s, struct arena *a, const struct user *viewer,
                           int64_t call_id, struct review_rank_row *out, size_t max);
/* Call in a transaction. Computes and stores the aggregates of the call's ranked proposals
 * that have none stored (026_ranking_aggregates.sql: triggers delete a proposal's row when
 * anything it is computed from changes), so after a rating is saved it costs that one
 * proposal's recompute. Every write that changes ratings, conflicts or the board calls it
 * before its transaction commits; review_ranking calls it (once per call and process for
 * all waiting threads) for what other writes left missing. Returns STORE_OK or a store
 * error. */
int review_aggregates_settle(struct store *s, int64_t call_id);
/* review_aggregates_settle for the call of the proposal (none: STORE_OK). */
int review_aggregates_settle_proposal(struct store *s, int64_t proposal_id);
/* How often review_ranking has stored missing aggregates in a transaction of its own in this
 * process (the single flight: one per call and change, however many threads asked); for
 * tests. */
int review_aggregates_computations(void);
/* Sorts rows by key: "total", "title", "organisation", "ratings", "met", "disagreement",
 * or a criterion key (its mean); ties by total, then title. Unknown keys sort by total. */
void review_ranking_sort(struct review_rank_row *rows, size_t n, const char *key, bool desc);

/* The review's generation and the database's instance (16 hex digits): the generation moves
 * on with every change that can alter any ranking (triggers, 010_review_state.sql), so a
 * ranking rendered at (instance, generation) stays right until either differs. Reads the
 * database; instance receives at most n - 1 characters. */
void review_state(struct store *s, int64_t *generation, char *instance, size_t n);

#endif

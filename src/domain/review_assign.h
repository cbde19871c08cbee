/* Who rates what, beyond the defaults of review.h: the office's "ask one more member" where
 * the raters disagree (a member suggested automatically, asked by e-mail with one click),
 * the list of assignments for the assignment page, and the automatic, balanced assignment
 * that respects conflicts and mixes constituencies. Result codes are review.h's REVIEW_*. */
#ifndef DOMAIN_REVIEW_ASSIGN_H
#define DOMAIN_REVIEW_ASSIGN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

/* The member to ask for one more rating of the proposal: on its call's board, active with
 * the board role, not conflicted, without a submitted rating (or abstention) of it, not
 * asked for it before, and — when the call uses assignments — not assigned to it already.
 * Among those: first a member of a constituency none of whose members has submitted scores
 * for the proposal yet (an abstention gives none), then the one with the fewest submitted ratings
 * in this call, then the longest-standing account (lowest id), so the choice is reproducible.
 * REVIEW_OK with *user_id, or REVIEW_NOT_FOUND when nobody is left. */
int review_suggest_extra(struct store *s, int64_t proposal_id, int64_t *user_id);

/* "Ask one more member": the proposal must be up for rating (REVIEW_NOT_RATABLE) in a call
 * in review (REVIEW_CLOSED) before its review_until (REVIEW_DEADLINE), and someone must be
 * left (REVIEW_NOT_FOUND). Asks review_suggest_extra's member: assigns the proposal to them
 * when the call uses assignments (review_assign, audited), records the request, queues an
 * e-mail in their language, and audits "review.ask" on "proposal:ID". Call in a
 * transaction. *user_id (may be NULL) gets the member asked. */
int review_ask_extra(struct store *s, int64_t actor, int64_t proposal_id, int64_t *user_id);

struct review_request {
	int64_t proposal_id, user_id, requested_at;
	const char *user_name;
	bool submitted; /* the member has submitted a rating of it since */
};
/* The requests of the call's proposals, by proposal and time. */
struct review_request *review_requests(struct store *s, struct arena *a, int64_t call_id,
                                       size_t *n);

struct review_assignment {
	int64_t proposal_id, user_id, assigned_at;
	const char *user_name, *constituency;
};
/* The stored assignments of the call's proposals to current board members, by proposal and
 * the member's constituency and name. */
struct review_assignment *review_assignments(struct store *s, struct arena *a, int64_t call_id,
                                             size_t *n);

/* Tops up every proposal of the call that is up for rating to per_proposal assigned
 * members (fewer where not enough members are free of conflicts), keeping the assignments
 * there are. Greedy, proposal by proposal (by id): a member of a constituency not yet among
 * the proposal's assignees first, then the member with the fewest assignments in the call
 * so far, then the lowest id. Each assignment goes through review_assign (audited); the
 * call is switched to assignments (review_set_assignment_mode) when it was not; one audit
 * "review.auto_assign" on "call:ID" sums it up. per_proposal 1–50, else REVIEW_INVALID.
 * Call in a transaction. *made (may be NULL) gets the number of new assignments. */
int review_auto_assign(struct store *s, int64_t actor, int64_t call_id, int per_proposal,
                       int *made);

#endif

/* Who may see or do what: DESIGN.md §3, answered in one place for pages and exports.
 *
 * "Who may read proposal 7?" Find the row, then the function:
 *
 *   question                        public  submitter (own org)  board member        office (admin)
 *   ------------------------------  ------  -------------------  ------------------  --------------
 *   published practices, feeds, API  yes     yes                  yes                 yes
 *       (no function: the catalog and export queries return published practices only)
 *   the proposal's page, its files   -       yes, every state     in review, unless   unless
 *       access_may_read_proposal, access_may_read_attachment     conflicted          conflicted
 *       (removed files: office only; the office's pages of a proposal ask the same)
 *   edit content and attachments     -       draft or returned    -                   -
 *       access_may_edit_proposal
 *   revise after submitting          -       submitted, until     -                   -
 *       access_may_revise_proposal   the deadline
 *   the PDF receipt of a version     -       yes                  -                   yes
 *       access_may_read_receipt
 *   withdraw / carry into later call -       before a decision /  -                   -
 *       access_may_withdraw, access_may_carry_over     deferred
 *   question thread (Rückfrage)      -       yes                  -                   unless
 *       access_may_post_question                                                      conflicted
 *   the board's page of a proposal   -       -                    in review, unless   unless
 *       access_may_read_review                                    conflicted          conflicted
 *   rate it                          -       -                    member, unless      -
 *       access_may_rate                                           conflicted, while
 *                                                                 the review is open
 *   declare a conflict               -       -                    member              -
 *       access_may_declare_conflict
 *   other members' ratings           -       -                    after submitting    unless
 *       access_may_see_ratings                                    their own, unless   conflicted
 *                                                                 conflicted
 *   the internal discussion          -       -                    in review, unless   unless
 *       access_may_read_discussion, access_may_post_discussion    conflicted          conflicted
 *   ask one more member to rate      -       -                    -                   unless
 *       access_may_request_rating                                                     conflicted
 *   the board's view of a decision   -       -                    in review or        unless
 *       access_may_read_decision                                  deciding, unless    conflicted,
 *                                                                 conflicted          no draft
 *   the decision letter              -       own proposal's page (access_may_read_proposal)
 *   the decision record of a call    -       -                    -                   unless
 *       access_may_read_decision_record                                               conflicted
 *                                                                                     on one
 *   transfer reports (issue 11)      approved public fields only (no function: the public
 *                                    queries of transfer_public.c read approved snapshots)
 *       report one from an account   -  network or Fachstelle staff (any role)
 *       access_may_report_transfer
 *       own practices' reports       -  submitter: own org's, without contact   -   yes
 *       access_may_see_own_transfers
 *       moderate, with contact data  -       -                    -                   yes
 *       access_may_moderate_transfer
 *   record decisions, audit log, the office's pages: the route table's ADMIN role.
 *
 * "In review" for a board member: on the board of the proposal's call, the call in review
 * or deciding, the proposal past the formal check and not withdrawn (review_may_read).
 * "Unless conflicted": a conflict of interest (conflict.h: automatic, declared or set by the
 * office) hides the proposal from the person in every role they hold.
 *
 * An office member conflicted on a proposal opens none of its pages, the office's
 * (/admin/vorschlaege/ID…, the meeting) included, nor its files, ratings, discussion,
 * votes or decision: §3 excludes a conflicted person in every role they hold, and one
 * rule for every role leaves no route where a second role lets the person in. Another
 * office member runs its formal check and question thread. Only a submitter of the
 * proposal's own organisation always sees it (their conflict is the automatic one).
 *
 * This module sits above proposal, board, conflict, review, discussion and attachment and
 * asks them; none of them asks here. Where a module's own write or list must hold the
 * rule itself (review_save, review_others, discussion_list), it keeps its check and the
 * function here answers with it, so the two cannot differ. */
#include "domain/access.h"
#include "domain/board.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/discussion.h"
#include "domain/organisation.h"
#include "domain/review.h"
#include "domain/yearly_check.h"
#include "util/timeutil.h"

#include <string.h>

static bool
is_admin(const struct user *u)
{
	return u && (u->roles & ROLE_ADMIN);
}

/* A submitter of the proposal's organisation. */
static bool
is_own(const struct user *u, const struct proposal *p)
{
	return u && (u->roles & ROLE_SUBMITTER) && u->organisation_id &&
	       u->organisation_id == p->organisation_id;
}

static bool
conflicted(struct store *s, const struct user *u, const struct proposal *p)
{
	return conflict_of(s, u->id, p->id) != CONFLICT_NONE;
}

int
access_http_status(enum access_result r)
{
	switch (r) {
	case ACCESS_ALLOWED:
	case ACCESS_PENDING:
		return 200;
	case ACCESS_NOT_FOUND:
	case ACCESS_CONFLICTED:
		return 404;
	case ACCESS_FORBIDDEN:
		return 403;
	case ACCESS_CLOSED:
		return 409;
	}
	return 404;
}

/* ---- the proposal ---- */

enum access_result
access_may_read_proposal(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!u || !p)
		return ACCESS_NOT_FOUND;
	if (is_own(u, p))
		return ACCESS_ALLOWED;
	/* §3: a conflict excludes the office member too, on the office's pages as on the
	 * board's; another office member runs the formal check and the question thread. */
	if (is_admin(u))
		return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
	return review_may_read(s, u, p) ? ACCESS_ALLOWED : ACCESS_NOT_FOUND;
}

enum access_result
access_may_make_practice(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!p || !is_admin(u))
		return ACCESS_FORBIDDEN;
	return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
}

enum access_result
access_may_edit_proposal(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!p || !is_own(u, p))
		return ACCESS_FORBIDDEN;
	if (!proposal_can_edit(u, p))
		return ACCESS_CLOSED;
	/* Once the call has moved on to its review, a draft or revision can never be
	 * submitted, so there is nothing left to edit it for. */
	struct arena a = {0};
	struct call c;
	bool moved_on = call_find(s, &a, p->call_id, &c) && c.phase > PHASE_OPEN;
	arena_free(&a);
	return moved_on ? ACCESS_CLOSED : ACCESS_ALLOWED;
}

enum access_result
access_may_revise_proposal(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!p || !is_own(u, p))
		return ACCESS_FORBIDDEN;
	struct arena a = {0};
	struct call c;
	bool ok = call_find(s, &a, p->call_id, &c) && proposal_can_revise(u, p, &c, time_now());
	arena_free(&a);
	return ok ? ACCESS_ALLOWED : ACCESS_CLOSED;
}

enum access_result
access_may_read_receipt(struct store *s, const struct user *u, const struct proposal *p)
{
	(void)s;
	if (!u || !p)
		return ACCESS_NOT_FOUND;
	return is_admin(u) || is_own(u, p) ? ACCESS_ALLOWED : ACCESS_NOT_FOUND;
}

enum access_result
access_may_withdraw(struct store *s, const struct user *u, const struct proposal *p)
{
	(void)s;
	if (!p || !is_own(u, p))
		return ACCESS_FORBIDDEN;
	return p->state < PS_SELECTED && p->state != PS_INELIGIBLE ? ACCESS_ALLOWED : ACCESS_CLOSED;
}

enum access_result
access_may_carry_over(struct store *s, const struct user *u, const struct proposal *p)
{
	(void)s;
	return p && is_own(u, p) ? ACCESS_ALLOWED : ACCESS_FORBIDDEN;
}

enum access_result
access_may_post_question(struct store *s, const struct user *u, const struct proposal *p)
{
	if (p && is_own(u, p))
		return ACCESS_ALLOWED;
	if (p && is_admin(u))
		return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
	return ACCESS_FORBIDDEN;
}

enum access_result
access_may_read_attachment(struct store *s, const struct user *u, const struct proposal *p,
                           const struct attachment *att)
{
	enum access_result r = access_may_read_proposal(s, u, p);
	if (r != ACCESS_ALLOWED)
		return r;
	if (!att || att->proposal_id != p->id)
		return ACCESS_NOT_FOUND;
	/* A removed file stays for the office (submitted versions list it), not for others. */
	return att->removed_at && !is_admin(u) ? ACCESS_NOT_FOUND : ACCESS_ALLOWED;
}

/* ---- the board's review ---- */

enum access_result
access_may_read_review(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!u || !p)
		return ACCESS_NOT_FOUND;
	if (is_admin(u)) {
		if (p->state == PS_DRAFT)
			return ACCESS_NOT_FOUND;
		return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
	}
	if (review_may_read(s, u, p))
		return ACCESS_ALLOWED;
	return (u->roles & ROLE_BOARD) && conflicted(s, u, p) ? ACCESS_CONFLICTED
	                                                      : ACCESS_NOT_FOUND;
}

/* A reason of review.h's as the answer to a question of the board's. */
static enum access_result
of_review(int rc)
{
	switch (rc) {
	case REVIEW_OK:
		return ACCESS_ALLOWED;
	case REVIEW_CONFLICTED:
		return ACCESS_CONFLICTED;
	case REVIEW_NOT_ASSIGNED:
		return ACCESS_FORBIDDEN;
	case REVIEW_NOT_RATABLE:
	case REVIEW_CLOSED:
	case REVIEW_DEADLINE:
		return ACCESS_CLOSED;
	case REVIEW_HIDDEN:
		return ACCESS_PENDING;
	default: /* REVIEW_NOT_MEMBER, REVIEW_NOT_FOUND, a storage error */
		return ACCESS_NOT_FOUND;
	}
}

enum access_result
access_may_rate(struct store *s, const struct user *u, const struct proposal *p, int *why)
{
	int rc = p ? review_may_rate(s, u, p) : REVIEW_NOT_FOUND;
	if (why)
		*why = rc;
	return of_review(rc);
}

enum access_result
access_may_declare_conflict(struct store *s, const struct user *u, const struct proposal *p)
{
	return u && p && (u->roles & ROLE_BOARD) && board_is_member(s, p->call_id, u->id)
	           ? ACCESS_ALLOWED
	           : ACCESS_FORBIDDEN;
}

enum access_result
access_may_see_ratings(struct store *s, const struct user *u, const struct proposal *p, int *why)
{
	int rc = p ? review_others_visible(s, u, p) : REVIEW_NOT_FOUND;
	if (why)
		*why = rc;
	return of_review(rc);
}

enum access_result
access_may_read_discussion(struct store *s, const struct user *u, const struct proposal *p)
{
	return of_review(discussion_access(s, u, p));
}

enum access_result
access_may_post_discussion(struct store *s, const struct user *u, const struct proposal *p)
{
	enum access_result r = access_may_read_discussion(s, u, p);
	if (r != ACCESS_ALLOWED)
		return r;
	struct arena a = {0};
	struct call c;
	bool open = call_find(s, &a, p->call_id, &c) &&
	            (c.phase == PHASE_REVIEW || c.phase == PHASE_DECIDING);
	arena_free(&a);
	return open ? ACCESS_ALLOWED : ACCESS_CLOSED;
}

enum access_result
access_may_request_rating(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!p || !is_admin(u))
		return ACCESS_NOT_FOUND;
	return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
}

/* ---- the decision ---- */

enum access_result
access_may_read_decision(struct store *s, const struct user *u, const struct proposal *p)
{
	if (!u || !p || p->state == PS_DRAFT) /* a draft has no decision, like no board page */
		return ACCESS_NOT_FOUND;
	if (is_admin(u))
		return conflicted(s, u, p) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
	return review_may_read(s, u, p) ? ACCESS_ALLOWED : ACCESS_NOT_FOUND;
}

enum access_result
access_may_read_decision_record(struct store *s, const struct user *u, int64_t call_id)
{
	if (!is_admin(u))
		return ACCESS_FORBIDDEN;
	return conflict_in_call(s, u->id, call_id) ? ACCESS_CONFLICTED : ACCESS_ALLOWED;
}

/* ---- transfer ---- */

enum access_result
access_may_report_transfer(struct store *s, const struct user *u)
{
	if (!u || !u->organisation_id)
		return ACCESS_FORBIDDEN;
	struct arena a = {0};
	struct organisation o;
	bool staff = organisation_find(s, &a, u->organisation_id, &o) == 0 &&
	             (strcmp(o.kind, "network") == 0 || strcmp(o.kind, "fachstelle") == 0);
	arena_free(&a);
	return staff ? ACCESS_ALLOWED : ACCESS_FORBIDDEN;
}

enum access_result
access_may_moderate_transfer(const struct user *u)
{
	return is_admin(u) ? ACCESS_ALLOWED : ACCESS_FORBIDDEN;
}

enum access_result
access_may_erase_person(const struct user *u, const struct user *target, bool erased)
{
	if (!is_admin(u))
		return ACCESS_FORBIDDEN;
	return u->id == target->id || erased ? ACCESS_CLOSED : ACCESS_ALLOWED;
}

/* The yearly check's review and the office's decisions on unanswered rounds (#12). */
enum access_result
access_may_review_yearly_check(const struct user *u)
{
	return is_admin(u) ? ACCESS_ALLOWED : ACCESS_FORBIDDEN;
}

/* An owner answers their practice's yearly check from their account (#12). */
enum access_result
access_may_answer_yearly_check(struct store *s, const struct user *u, int64_t practice_id)
{
	/* Another practice's round: as if there were none (probing ids learns nothing). */
	if (!u)
		return ACCESS_NOT_FOUND;
	return yearly_check_is_owner(s, u->id, practice_id) ? ACCESS_ALLOWED : ACCESS_NOT_FOUND;
}

enum access_result
access_may_see_filed_transfers(const struct user *u)
{
	return u ? ACCESS_ALLOWED : ACCESS_FORBIDDEN;
}

enum access_result
access_may_see_own_transfers(const struct user *u)
{
	if (is_admin(u))
		return ACCESS_ALLOWED;
	return u && (u->roles & ROLE_SUBMITTER) && u->organisation_id ? ACCESS_ALLOWED
	                                                              : ACCESS_FORBIDDEN;
}

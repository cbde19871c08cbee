/* Who may see or do what (DESIGN.md §3), per person and object: the one module pages and
 * exports ask. The route table's roles are the coarse gate before it; access.c answers for
 * one proposal, rating, thread, decision or file. The table of §3 and the function for
 * each of its cells is at the top of access.c. */
#ifndef DOMAIN_ACCESS_H
#define DOMAIN_ACCESS_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/attachment.h"
#include "domain/proposal.h"
#include "domain/user.h"

struct store;

/* The answer to a question. The HTTP status beside each is what the pages send for it
 * today (access_http_status); a page that answers differently says so where it asks. */
enum access_result {
	ACCESS_ALLOWED = 0,
	/* 404: no such object, or one the person may not know exists (another organisation's
	 * proposal, a proposal of a call whose board they are not on). The same answer as for
	 * a wrong id, so probing ids learns nothing. */
	ACCESS_NOT_FOUND,
	/* 404 as well: the person has a conflict of interest on the proposal. It is hidden
	 * from them in every role they hold, and a 404 does not tell others' ids apart. Kept
	 * apart from ACCESS_NOT_FOUND so a page can explain it where the person already knows
	 * the proposal (the rating and ratings sections). */
	ACCESS_CONFLICTED,
	/* 403: the person may see the object but this is not theirs to do (a board member not
	 * assigned this proposal, a board member writing in the office's question thread). */
	ACCESS_FORBIDDEN,
	/* 409: not now: the call's phase or the proposal's state forbids it (editing a
	 * submitted proposal, rating after the deadline, posting when the review is over). */
	ACCESS_CLOSED,
	/* Not yet, and no error: the others' ratings show once one's own is submitted (the
	 * page shows a notice in their place). */
	ACCESS_PENDING,
};
/* The status the pages send for r: 200 for ACCESS_ALLOWED and ACCESS_PENDING. */
int access_http_status(enum access_result r);

/* ---- the proposal ---- */

/* The proposal's own page (/vorschlag/ID) and what it shows, and the office's pages of it
 * (/admin/vorschlaege/ID…): a submitter of p's organisation; the office (any state)
 * unless conflicted (ACCESS_CONFLICTED); a board member who may read it as a member
 * (access_may_read_review). ACCESS_NOT_FOUND otherwise. */
enum access_result access_may_read_proposal(struct store *s, const struct user *u,
                                            const struct proposal *p);
/* Change its content and attachments: a submitter of p's organisation (ACCESS_FORBIDDEN
 * otherwise) while p is a draft or returned for revision (ACCESS_CLOSED otherwise). */
enum access_result access_may_edit_proposal(struct store *s, const struct user *u,
                                            const struct proposal *p);
/* Revise it after submitting: a submitter of p's organisation (ACCESS_FORBIDDEN otherwise)
 * while p is submitted or resubmitted and its call still accepts submissions
 * (proposal_can_revise; ACCESS_CLOSED otherwise). */
enum access_result access_may_revise_proposal(struct store *s, const struct user *u,
                                              const struct proposal *p);
/* The PDF receipt of p's submitted version: the office, or a submitter of p's
 * organisation; board members do not get it (ACCESS_NOT_FOUND otherwise). */
enum access_result access_may_read_receipt(struct store *s, const struct user *u,
                                           const struct proposal *p);
/* Withdraw it: a submitter of p's organisation (ACCESS_FORBIDDEN) before a decision and
 * unless found ineligible (ACCESS_CLOSED). */
enum access_result access_may_withdraw(struct store *s, const struct user *u,
                                       const struct proposal *p);
/* Bring a deferred proposal into the later call: a submitter of p's organisation
 * (ACCESS_FORBIDDEN otherwise); proposal_carry_over checks the deferral and the call. */
enum access_result access_may_carry_over(struct store *s, const struct user *u,
                                         const struct proposal *p);
/* Read and write the question thread (Rückfrage) between the office and the sub-project:
 * the office unless conflicted (ACCESS_CONFLICTED), or a submitter of p's organisation;
 * board members do not take part (ACCESS_FORBIDDEN). */
enum access_result access_may_post_question(struct store *s, const struct user *u,
                                            const struct proposal *p);
/* Make a good practice of p (with its files or without): the office, unless conflicted
 * on p (ACCESS_CONFLICTED) — also when the office member submits for p's organisation, an
 * office act is not a submitter's. ACCESS_FORBIDDEN for everyone else. */
enum access_result access_may_make_practice(struct store *s, const struct user *u,
                                            const struct proposal *p);
/* Download attachment att of p: whoever may read p (access_may_read_proposal); a removed
 * file (kept for the submitted versions) only the office. ACCESS_NOT_FOUND otherwise. */
enum access_result access_may_read_attachment(struct store *s, const struct user *u,
                                              const struct proposal *p,
                                              const struct attachment *att);

/* ---- the board's review ---- */

/* The board's page of p (/gremium/vorschlag/ID: the proposal, its ratings, the internal
 * discussion): an office member who is not conflicted, with p past its draft; a board
 * member of p's call in review or deciding, p past the formal check and not withdrawn,
 * not conflicted (review_may_read). ACCESS_CONFLICTED or ACCESS_NOT_FOUND otherwise. */
enum access_result access_may_read_review(struct store *s, const struct user *u,
                                          const struct proposal *p);
/* Rate p now: a board member of p's call, not conflicted, p up for rating, the call in
 * review before its deadline, and (where the call uses assignments) assigned.
 * ACCESS_NOT_FOUND (not a member), ACCESS_CONFLICTED, ACCESS_FORBIDDEN (not assigned),
 * ACCESS_CLOSED (state, phase or deadline). *why (may be NULL) gets review.h's reason,
 * for review_result_message. */
enum access_result access_may_rate(struct store *s, const struct user *u, const struct proposal *p,
                                   int *why);
/* Declare a conflict of interest on p: a board member of p's call (ACCESS_FORBIDDEN
 * otherwise); conflict_declare checks the rest. */
enum access_result access_may_declare_conflict(struct store *s, const struct user *u,
                                               const struct proposal *p);
/* See the other members' submitted ratings of p: the office unless conflicted; a member who
 * may read p, once their own rating is submitted where the call hides others' until then
 * (ACCESS_PENDING). ACCESS_CONFLICTED, ACCESS_NOT_FOUND otherwise. *why (may be NULL) gets
 * review.h's reason. review_others applies the same rule itself. */
enum access_result access_may_see_ratings(struct store *s, const struct user *u,
                                          const struct proposal *p, int *why);
/* Read the board's internal discussion of p: an active office member who is not conflicted
 * (p past its draft), or a board member who may read p (discussion_access).
 * ACCESS_CONFLICTED or ACCESS_NOT_FOUND otherwise. */
enum access_result access_may_read_discussion(struct store *s, const struct user *u,
                                              const struct proposal *p);
/* Post in it: as reading it, and the call in review or deciding (ACCESS_CLOSED). */
enum access_result access_may_post_discussion(struct store *s, const struct user *u,
                                              const struct proposal *p);
/* Ask one more member for a rating of p from the ranking: an office member who is not
 * conflicted on p (ACCESS_CONFLICTED). */
enum access_result access_may_request_rating(struct store *s, const struct user *u,
                                             const struct proposal *p);

/* ---- the decision ---- */

/* The board's read-only view of the decision on p (/gremium/vorschlag/ID/beschluss): the
 * office unless conflicted, or a board member who may read p (review_may_read); never for
 * a draft. ACCESS_CONFLICTED or ACCESS_NOT_FOUND otherwise. */
enum access_result access_may_read_decision(struct store *s, const struct user *u,
                                            const struct proposal *p);

/* May u read or issue the decision record of the call (every proposal's votes and
 * decision): an office member who is conflicted on none of its proposals. */
enum access_result access_may_read_decision_record(struct store *s, const struct user *u,
                                                   int64_t call_id);

/* ---- transfer (issue 11) ---- */

/* Report a transfer from one's account, without the e-mail round trip: a person whose
 * organisation is a network or a Fachstelle (ACCESS_FORBIDDEN otherwise; the public form
 * with its confirmation stays open to them). */
enum access_result access_may_report_transfer(struct store *s, const struct user *u);
/* See every report with its contact data, approve, edit or reject it: the office. */
enum access_result access_may_moderate_transfer(const struct user *u);
/* Erasing a person (GDPR Art. 17): the office, never its member's own account (409), and
 * once (409 when erased already). */
enum access_result access_may_erase_person(const struct user *u, const struct user *target,
                                           bool erased);
enum access_result access_may_review_yearly_check(const struct user *u);
/* An owner of the practice (yearly_check_is_owner) answers its yearly check from their
 * account; anybody else: ACCESS_NOT_FOUND. */
enum access_result access_may_answer_yearly_check(struct store *s, const struct user *u,
                                                  int64_t practice_id);
/* See the reports on the practices made from one's organisation's proposals, without the
 * reporters' contact: a submitter with an organisation (transfer_of_organisation clears the
 * contact). */
/* The reports one filed from one's own account: any logged-in person (only network and
 * Fachstelle staff can have any, access_may_report_transfer). */
enum access_result access_may_see_filed_transfers(const struct user *u);
enum access_result access_may_see_own_transfers(const struct user *u);

#endif

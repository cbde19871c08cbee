/* The tables from the domain's result codes to what a page answers (view_result.h). */
#include "pages/view_result.h"
#include "util/i18n.h"

static struct result_text
text(int status, const char *msgid, const char *field)
{
	return (struct result_text){status, msgid, field};
}

struct result_text
result_of_proposal(enum proposal_result rc)
{
	switch (rc) {
	case PROPOSAL_OK:
		return text(200, N_("Done."), NULL);
	case PROPOSAL_ERROR:
		return text(500, N_("The request could not be completed. Please try again."), NULL);
	case PROPOSAL_CONFLICT:
		return text(409, N_("The proposal was changed meanwhile."), NULL);
	case PROPOSAL_NOT_EDITABLE:
		return text(409, N_("This proposal cannot be edited in its current state."), NULL);
	case PROPOSAL_BAD_TERM:
		return text(422, N_("An unknown or retired entry was chosen. Please choose again."),
		            "handlungsfeld");
	case PROPOSAL_DEADLINE:
		return text(422, N_("The deadline has passed."), "title");
	case PROPOSAL_INCOMPLETE:
		return text(422, N_("The proposal cannot be submitted in its current state."),
		            "title");
	case PROPOSAL_TOO_LONG:
		return text(422, N_("The text is too long."), NULL);
	}
	return text(500, N_("The request could not be completed. Please try again."), NULL);
}

struct result_text
result_of_formal(enum formal_result rc)
{
	switch (rc) {
	case FORMAL_OK:
		return text(200, N_("Done."), NULL);
	case FORMAL_ERROR:
		return text(500, N_("The request could not be completed. Please try again."), NULL);
	case FORMAL_NOT_OPEN:
		return text(409, N_("The formal check of this proposal is not open."), NULL);
	case FORMAL_UNKNOWN_GATE:
		return text(409,
		            N_("The checklist of this call has changed meanwhile. Please enter "
		               "your results again."),
		            NULL);
	case FORMAL_NOTE_TOO_LONG:
		return text(422, N_("The text is too long."), NULL);
	case FORMAL_GATES_OPEN:
		return text(422,
		            N_("A proposal is eligible only when every point of the formal check "
		               "is met. Please save the checklist first."),
		            "outcome");
	}
	return text(500, N_("The request could not be completed. Please try again."), NULL);
}

/* The statuses of the review's refusals: a member who may not see the proposal learns
 * nothing of it (404, as for a proposal that does not exist); one who may see it but not
 * do this gets 403 (not assigned) or 409 (its state or the call's phase or deadline). */
struct result_text
result_of_review(enum review_result rc)
{
	const char *msgid = review_result_message(rc);
	switch (rc) {
	case REVIEW_OK:
		return text(200, msgid, NULL);
	case REVIEW_ERROR:
		return text(500, N_("The request could not be completed. Please try again."), NULL);
	case REVIEW_NOT_MEMBER:
	case REVIEW_CONFLICTED:
	case REVIEW_NOT_FOUND:
		return text(404, msgid, NULL);
	case REVIEW_NOT_ASSIGNED:
		return text(403, msgid, NULL);
	case REVIEW_INVALID:
		return text(422, msgid, NULL);
	case REVIEW_NOT_RATABLE:
	case REVIEW_CLOSED:
	case REVIEW_DEADLINE:
	case REVIEW_FROZEN:
	case REVIEW_NOT_BOARD:
	case REVIEW_EXISTS:
	case REVIEW_HIDDEN:
		return text(409, msgid, NULL);
	}
	return text(500, N_("The request could not be completed. Please try again."), NULL);
}

struct result_text
result_of_practice(enum practice_code rc)
{
	switch (rc) {
	case PRACTICE_OK:
		return text(200, N_("Done."), NULL);
	case PRACTICE_ERROR:
		return text(500, N_("The request could not be completed. Please try again."), NULL);
	case PRACTICE_NOT_FOUND:
		return text(404, N_("There is no such practice."), NULL);
	case PRACTICE_INVALID:
		return text(422, N_("Please check your entries."), NULL);
	case PRACTICE_WRONG_STATE:
		return text(409, N_("The practice has this status already."), NULL);
	case PRACTICE_EXISTS:
		return text(409, N_("This proposal has its practice already."), NULL);
	case PRACTICE_INCOMPLETE:
		return text(422,
		            N_("Not published: it needs a summary, organisation, kind and all four "
		               "sections."),
		            NULL);
	}
	return text(500, N_("The request could not be completed. Please try again."), NULL);
}

/* The decision's refusals: the proposal's or the call's state is a conflict (409); what
 * was entered, votes and reasons included, is the input's problem (422). */
struct result_text
result_of_decision(enum decision_result rc)
{
	const char *msgid = decision_result_message(rc);
	switch (rc) {
	case DECISION_OK:
		return text(200, msgid, NULL);
	case DECISION_ERROR:
		return text(500, N_("The request could not be completed. Please try again."), NULL);
	case DECISION_CLOSED:
	case DECISION_EXISTS:
	case DECISION_NOT_DECIDABLE:
	case DECISION_NOT_DECIDED:
	case DECISION_WITHDRAWN:
	case DECISION_NO_MEETING:
	case DECISION_LETTER_SENT:
	case DECISION_NO_RECIPIENT:
	case DECISION_MEETING_AHEAD:
		return text(409, msgid, NULL);
	case DECISION_NOT_FOUND:
	case DECISION_RECUSED:
	case DECISION_ABSENT:
	case DECISION_NOT_MEMBER:
	case DECISION_VOTE_MISSING:
	case DECISION_INVALID:
		return text(422, msgid, NULL);
	case DECISION_DEVIATION:
		return text(422, msgid, "deviation_reason");
	case DECISION_NO_REASON:
		return text(422, msgid, "amendment_reason");
	case DECISION_AGAINST_VOTES:
		return text(422, msgid, "vote_reason");
	}
	return text(500, N_("The request could not be completed. Please try again."), NULL);
}

void
result_refuse(struct request *r, struct result_text t)
{
	if (t.status >= 500)
		http_fail(r);
	else
		http_error(r, t.status, t.msgid);
}

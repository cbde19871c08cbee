/* What a domain module's answer means to the person who asked: per result code the HTTP
 * status of a refusal, its message and the form field it belongs to. One table per module,
 * a switch over its named enum, so the compiler names a code that a table forgets and a
 * code reads the same on every page. A page says more where it knows more (which of its
 * fields was too long) and answers success itself. */
#ifndef PAGES_VIEW_RESULT_H
#define PAGES_VIEW_RESULT_H

#include "domain/decision.h"
#include "domain/formal_check.h"
#include "domain/practice.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "http/request.h"

struct result_text {
	int status;        /* 200 for success, 4xx for a refusal, 500 for a failure on our side */
	const char *msgid; /* N_() text for the person, translated by the page */
	const char *field; /* the form key the answer belongs to, or NULL: the whole request */
};

struct result_text result_of_proposal(enum proposal_result rc);
struct result_text result_of_formal(enum formal_result rc);
struct result_text result_of_review(enum review_result rc);
struct result_text result_of_practice(enum practice_code rc);
struct result_text result_of_decision(enum decision_result rc);

/* Answers a refusal or failure as its text says: the 500 page (http_fail, logged) for a
 * failure on our side, else the error page with the status and message. */
void result_refuse(struct request *r, struct result_text t);

#endif

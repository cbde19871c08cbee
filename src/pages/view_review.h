/* The frame of the board review's pages (view_review.c), used by the review pages and the
 * decision pages; a view uses no page. */
#ifndef PAGES_VIEW_REVIEW_H
#define PAGES_VIEW_REVIEW_H
#include <stdbool.h>

#include "domain/call.h"
#include "html/html.h"
#include "http/request.h"

/* The heading, breadcrumbs and the links between the office's review pages of call c. */
struct html *review_begin(struct request *r, const struct call *c, const char *title);

/* Answers a change of the review by the board or the office whose store_tx returned rc
 * (a REVIEW_ code): REVIEW_OK redirects to href with notice, an error (a negative code)
 * sends the 500 page. True only for a refusal, which the caller answers. */
bool review_change_answer(struct request *r, int rc, const char *href, const char *notice);

/* "2,5" (German) or "2.5": a number with at most two decimals, in the request's arena. */
const char *review_number(struct request *r, double v);

/* "Ratings can be given and changed until …" with the time left, or that the review
 * deadline of c has passed, as a paragraph. */
void review_deadline_line(struct request *r, struct html *h, const struct call *c);

#endif

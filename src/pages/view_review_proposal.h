/* A proposal's page for the advisory board (view_review_proposal.c): shown by the member's
 * page (review_member.c) and again after a refused rating or discussion post
 * (review_rate.c, review_discussion.c); a view uses no page. */
#ifndef PAGES_VIEW_REVIEW_PROPOSAL_H
#define PAGES_VIEW_REVIEW_PROPOSAL_H
#include <stdbool.h>

#include "domain/proposal.h"
#include "http/request.h"

struct store;

/* Loads the proposal of r->params[0] for the board's pages, for whom access_may_read_review
 * allows: a board member who may read it, or an admin who is not conflicted on it.
 * Otherwise a 404 (the same answer whether it does not exist or is hidden from this
 * person) and false. */
bool review_proposal_load(struct request *r, struct store *s, struct proposal *p);

/* The proposal's page with the rating form and the internal discussion; after a refused
 * POST it shows what was typed and the field errors (set on r). */
void review_proposal_page(struct request *r, struct store *s, const struct proposal *p);

#endif

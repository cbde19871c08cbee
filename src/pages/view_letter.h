/* The decision letter as pages show it (view_letter.c): used by the decision's page and by
 * the sub-project's proposal page. A view uses no page. */
#ifndef PAGES_VIEW_LETTER_H
#define PAGES_VIEW_LETTER_H

#include "domain/letter.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/request.h"

struct store;

/* One letter sent: when, for which version, in which language; its subject and body. */
void letter_card(struct request *r, struct html *h, const struct decision_letter *l);

/* The sub-project's view of the decision letter on its proposal page: the latest letter
 * sent, in the request's language (or the other one), as a section; nothing before a
 * letter has been sent. The caller has checked that r->user may read p. */
void decision_letter_section(struct request *r, struct html *h, struct store *s,
                             const struct proposal *p);

#endif

/* The proposal as the sub-project, the office and the board see it (view_proposal.c). */
#ifndef PAGES_VIEW_PROPOSAL_H
#define PAGES_VIEW_PROPOSAL_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/call.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/request.h"

/* "/vorschlag/ID" followed by suffix ("" or "/bearbeiten" …). In the request's arena. */
const char *submit_url(struct request *r, int64_t id, const char *suffix);
/* A time in Berlin as the request's language writes it. In the request's arena. */
const char *submit_when(struct request *r, int64_t utc);
/* "3 days and 4 hours left" — how long a call still accepts proposals (translated). */
const char *submit_time_left(struct request *r, int64_t closes);
/* The sub-project's self-assessment of the criterion key; "" when it has none. */
const char *submit_self_text(const struct proposal *p, const char *key);
/* "/einreichung/ausschreibung/ID": the call's page for sub-projects. In the request's arena. */
const char *submit_call_url(struct request *r, int64_t call_id);
/* The call's title (with a link to its page while open) and deadline with the time left, as a
 * definition list. */
void submit_call_box(struct request *r, struct html *h, const struct call *c);

/* Loads the proposal of r->params[0] if the user may read it; else answers 404 (the same
 * answer whether it does not exist or belongs to someone else) and returns false. */
bool submit_load(struct request *r, struct proposal *p);

/* The proposal's content, read-only, in the sections of the form (office and board
 * views use it too). */
void submit_render_content(struct request *r, struct html *h, const struct proposal *p);
/* The question thread with a form that posts to action. */
void submit_render_thread(struct request *r, struct html *h, const struct proposal *p,
                          const char *action);

#endif

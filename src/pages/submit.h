/* The sub-project's side of submission: dashboard, the proposal form, the proposal page. */
#ifndef PAGES_SUBMIT_H
#define PAGES_SUBMIT_H

#include "domain/proposal.h"
#include "http/form.h"
#include "http/request.h"

/* Keys of the proposal form: one per text field, then art, revision, action. */
#define PROPOSAL_FORM_KEYS (PT_COUNT + 3)
extern struct form_key proposal_form_keys[PROPOSAL_FORM_KEYS];
extern const struct form_key new_proposal_keys[1];
extern const struct form_key message_keys[1];
/* Fills proposal_form_keys from proposal_fields; call before installing the routes. */
void submit_init(void);

void page_submissions(struct request *r);
void page_proposal_new(struct request *r);
void page_proposal(struct request *r);
void page_proposal_edit(struct request *r);
void page_proposal_save(struct request *r);
void page_proposal_withdraw(struct request *r);
void page_proposal_message(struct request *r);
/* POST /vorschlag/:id/uebernehmen: a deferred proposal into its later call. */
void page_proposal_carry(struct request *r);

struct html;
/* The proposal's content, read-only, in the sections of the form (office and board
 * views use it too). */
void submit_render_content(struct request *r, struct html *h, const struct proposal *p);
/* The question thread with a form that posts to action. */
void submit_render_thread(struct request *r, struct html *h, const struct proposal *p,
                          const char *action);

/* Loads the proposal of r->params[0] if the user may read it; else answers 404 (the same
 * answer whether it does not exist or belongs to someone else) and returns false. */
bool submit_load(struct request *r, struct proposal *p);

#endif

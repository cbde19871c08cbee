/* Handlers and form key tables of submission: the sub-project's dashboard, proposal form,
 * proposal page and attachments (submission_*.c); routes.c wires them. The office's
 * formal check is in office_pages.h. */
#ifndef PAGES_SUBMISSION_PAGES_H
#define PAGES_SUBMISSION_PAGES_H

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

/* submission_form.c */
void page_proposal_new(struct request *r);
void page_proposal_edit(struct request *r);
void page_proposal_save(struct request *r);

/* submission_proposal.c */
void page_submissions(struct request *r);
void page_proposal(struct request *r);
void page_proposal_withdraw(struct request *r);
void page_proposal_message(struct request *r);
/* POST /vorschlag/:id/uebernehmen: a deferred proposal into its later call. */
void page_proposal_carry(struct request *r);

/* submission_call.c */
/* GET /einreichung/ausschreibung/:id — an open call as a sub-project reads it. */
void page_submission_call(struct request *r);

/* submission_receipt.c */
/* GET /vorschlag/:id/eingangsbestaetigung.pdf — the PDF receipt of the latest submitted
 * version (the own organisation and the office). */
void page_proposal_receipt(struct request *r);

/* submission_attachments.c */
/* POST /vorschlag/:id/anhaenge — multipart, field "file". */
void page_attachment_upload(struct request *r);
/* GET /vorschlag/:id/anhaenge/:aid — the file, as a download. */
void page_attachment_download(struct request *r);
/* POST /vorschlag/:id/anhaenge/:aid/entfernen */
void page_attachment_remove(struct request *r);

#endif

/* Handlers and form key tables of the coordination office's pages for calls, proposals
 * and reference data; routes.c wires them to addresses. */
#ifndef PAGES_OFFICE_PAGES_H
#define PAGES_OFFICE_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* admin_calls.c */
extern const struct form_key call_keys[6];
extern const struct form_key call_phase_keys[1];
void page_calls(struct request *r);
void page_call_new(struct request *r);
void page_call_create(struct request *r);
void page_call(struct request *r);
void page_call_edit(struct request *r);
void page_call_update(struct request *r);
void page_call_phase(struct request *r);

/* admin_proposals.c */
extern const struct form_key formal_check_keys[36];
extern const struct form_key formal_decision_keys[2];
extern const struct form_key office_message_keys[1];
void page_call_proposals(struct request *r);
void page_office_proposal(struct request *r);
void page_office_compare(struct request *r);
void page_office_check(struct request *r);
void page_office_decide(struct request *r);
void page_office_message(struct request *r);

/* admin_reference.c */
extern const struct form_key term_new_keys[4];
extern const struct form_key term_rename_keys[2];
extern const struct form_key organisation_keys[5];
void page_reference(struct request *r);
void page_term_create(struct request *r);
void page_term(struct request *r);
void page_term_rename(struct request *r);
void page_term_retire(struct request *r);
void page_term_restore(struct request *r);
void page_term_delete(struct request *r);
void page_organisations(struct request *r);
void page_organisation_create(struct request *r);
void page_organisation(struct request *r);
void page_organisation_update(struct request *r);

#endif

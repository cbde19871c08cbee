/* Handlers and form key tables of the coordination office's pages: calls, the formal
 * check of proposals, reference data, users, the audit log, practices and their files;
 * routes.c wires them to addresses. */
#ifndef PAGES_OFFICE_PAGES_H
#define PAGES_OFFICE_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* office_calls.c */
extern const struct form_key call_keys[6];
void page_calls(struct request *r);
void page_call_new(struct request *r);
void page_call_create(struct request *r);
void page_call(struct request *r);
void page_call_edit(struct request *r);
void page_call_update(struct request *r);
/* office_call_phase.c: a call's phase change, checked against its preconditions */
extern const struct form_key call_phase_keys[3];
void page_call_phase(struct request *r);

/* submission_check_list.c: a call's proposals */
void page_call_proposals(struct request *r);
/* submission_check.c: one proposal, its formal check and comparison */
extern const struct form_key formal_check_keys[36];
extern const struct form_key formal_decision_keys[2];
extern const struct form_key office_message_keys[1];
void page_office_proposal(struct request *r);
void page_office_compare(struct request *r);
void page_office_check(struct request *r);
void page_office_decide(struct request *r);
void page_office_message(struct request *r);

/* office_reference.c */
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
/* The search's synonyms (office_synonyms.c). */
extern const struct form_key synonym_keys[1];
void page_synonyms(struct request *r);
void page_synonym_create(struct request *r);
void page_synonym(struct request *r);
void page_synonym_update(struct request *r);
void page_synonym_delete(struct request *r);
void page_organisations(struct request *r);
void page_organisation_create(struct request *r);
void page_organisation(struct request *r);
void page_organisation_update(struct request *r);

/* office_users.c */
extern const struct form_key invite_keys[6];
extern const struct form_key user_edit_keys[6];
void page_users(struct request *r);
void page_user_invite(struct request *r);
void page_user(struct request *r);
void page_user_update(struct request *r);

/* office_privacy.c: erasing a person, the retention setting */
extern const struct form_key erase_keys[1];
extern const struct form_key retention_keys[1];
void page_user_erase_form(struct request *r);
void page_user_erase(struct request *r);
void page_retention(struct request *r);
void page_retention_update(struct request *r);

/* office_audit.c */
void page_audit(struct request *r);
/* GET /admin/protokoll.csv — the page's selection (same filters), every event of it. */
void page_audit_csv(struct request *r);

/* ---- office_practices.c: /admin/praxis ---- */

#define PRACTICE_FORM_KEYS 21
extern const struct form_key practice_form_keys[PRACTICE_FORM_KEYS];
extern const struct form_key from_proposal_keys[2];
void page_admin_practices(struct request *r);
void page_admin_practice_new(struct request *r);
void page_admin_practice_create(struct request *r);
void page_admin_practice_from_proposal(struct request *r);
void page_admin_practice(struct request *r);
void page_admin_practice_save(struct request *r);
void page_admin_practice_preview(struct request *r);
void page_admin_practice_publish(struct request *r);
void page_admin_practice_unpublish(struct request *r);
void page_admin_practice_archive(struct request *r);

/* office_practice_files.c. The upload forms' keys: the file field (its part comes as an
 * upload, never as text; the row gives its refusal a place on the page) and the text that
 * goes with it. */
extern const struct form_key practice_image_keys[2];    /* image, image_alt */
extern const struct form_key practice_download_keys[2]; /* download, download_title */
/* GET /admin/praxis/:id/dateien/:fid — any file of any practice, for the office (the
 * preview of an unpublished practice shows its image from here). */
void page_admin_practice_file(struct request *r);
/* POST /admin/praxis/:id/bild — multipart: the image (replacing the current one). */
void page_admin_practice_image_upload(struct request *r);
/* POST /admin/praxis/:id/downloads — multipart: one more download. */
void page_admin_practice_download_upload(struct request *r);
/* POST /admin/praxis/:id/dateien/:fid/entfernen */
void page_admin_practice_file_remove(struct request *r);

#endif

/* The fixture and helpers shared by tests/http/test_http_submission_*.c and test_http_caps.c: the
 * open call, its submitter and drafts. */
#ifndef SUBMISSION_FIXTURE_H
#define SUBMISSION_FIXTURE_H

#include "harness.h"

/* How long to wait for a mail: the mail worker looks at the outbox every 2 s. */
#define MAIL_WAIT_MS 60000

/* The first call in the open phase. */
long open_call(struct srv *s);

/* Logs in and switches the account to English, so pages can be checked by their text
 * (the account's own language wins over the browser's). */
struct client *english_login(struct srv *s, const char *email, const char *password);

/* The demo submitter, logged in, in English. */
struct client *submitter(struct srv *s);

/* Creates a draft through the dashboard and returns its id. */
long new_draft(struct srv *s, struct client *c);

/* The revision of proposal id. */
long revision_of(struct srv *s, long id);

/* The id of the taxonomy term kind/key. */
long term_id(struct srv *s, const char *kind, const char *key);

/* The texts of a complete proposal form; self: the self-assessment of the five criteria
 * (transferable, innovative, sustainable, efficient creation, efficient transfer). */
struct proposal_texts {
	const char *title, *teaser, *situation, *implementation, *resources, *results, *experience,
	    *transfer_requirements, *transfer_effort, *contact_name, *contact_email, *self[5];
};

/* A complete proposal form at revision with the texts t (URL-encoded here) and the demo's
 * terms; more ("" or "&name=value...") follows the revision. */
const char *proposal_form(struct srv *s, long revision, const char *more,
                          const struct proposal_texts *t);

/* The boundary of multipart_body's bodies. */
#define SUBMISSION_BOUNDARY "----LeuchtturmSubmissionBoundary4kQ9"

/* A multipart/form-data body as a browser sends the proposal's forms: the text fields
 * (name/value pairs ending in NULL; NULL for none), then, unless filename is NULL, the n
 * bytes of data as the file part "file", then the text fields after (likewise). *len is
 * its length; it lives until the test's strings are freed (tstr). */
const char *multipart_body(const char *const *fields, const char *filename, const char *data,
                           size_t n, const char *const *after, size_t *len);

/* The same with the file part named field. */
const char *multipart_body_as(const char *field, const char *const *fields, const char *filename,
                              const char *data, size_t n, const char *const *after, size_t *len);

/* POSTs multipart_body(fields, filename, data, n, after) to path; the status.
 * post_multipart_as names the file part field. */
long post_multipart(struct client *c, const char *path, const char *const *fields,
                    const char *filename, const char *data, size_t n, const char *const *after,
                    struct resp *r);

long post_multipart_as(struct client *c, const char *path, const char *field,
                       const char *const *fields, const char *filename, const char *data, size_t n,
                       const char *const *after, struct resp *r);

#endif

/* The fixture and helpers shared by tests/http/test_http_attachment_*.c: drafts with attachments
 * and their uploads. */
#ifndef ATTACHMENT_FIXTURE_H
#define ATTACHMENT_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

#define BOUNDARY "----LeuchtturmTestBoundary7MA4YWxkTrZu0gW"

/* A minimal PDF. */
static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

/* Whether src/routes.c has a route with this method and pattern. */
bool has_route(const char *method, const char *pattern);

/* A draft of the demo submitter's organisation: made through the dashboard when that route
 * exists, else written straight into the database (with an open call if there is none). */
long new_draft(struct srv *s, struct client *c);

/* POSTs a multipart form with _csrf (unless csrf is NULL) and one file in "file". */
long post_file(struct client *c, const char *path, const char *csrf, const char *filename,
               const char *data, size_t n, struct resp *r);

/* Uploads a file to the attachments of proposal id. */
long upload(struct client *c, long id, const char *filename, const char *data, size_t n,
            struct resp *r);

/* How many attachments proposal has (only the current ones if current_only). */
long attachment_rows(struct srv *s, long proposal, bool current_only);

/* The one-time notice the next page shows, checked on /start. */
void assert_notice(struct client *c, const char *kind, const char *text);

#endif

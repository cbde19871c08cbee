/* A proposal's attachments as its pages show them (view_attachments.c): the section that
 * lists them, the file field, the words for a refusal. */
#ifndef PAGES_VIEW_ATTACHMENTS_H
#define PAGES_VIEW_ATTACHMENTS_H
#include <stdbool.h>

#include "domain/proposal.h"
#include "html/html.h"
#include "http/request.h"

/* The section "Attachments" (id "anhaenge"): the current files with download links, and
 * when editable (and the user may edit p) a remove button each. Call it outside any other
 * form: it writes forms of its own. */
void attachments_section(struct request *r, struct html *h, const struct proposal *p,
                         bool editable);
/* The file field "file" with its limits (or a note that no more files fit), for a
 * multipart form that attaches while it saves; error (translated) shows at the field. */
void attachments_file_field(struct request *r, struct html *h, const struct proposal *p,
                            const char *error);
struct attachment_verdict;
/* Why a file was refused, in words for the person. */
const char *attachments_refusal(struct request *r, const struct attachment_verdict *v,
                                const char *filename);

/* True when a conflict of interest hides the proposal's files from the person viewing it
 * (DESIGN.md §3: in every role they hold, the office's too); the pages then say so
 * instead of listing them. */
bool attachments_hidden(struct request *r, const struct proposal *p);

#endif

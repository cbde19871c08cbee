/* Files kept after a full disk: an upload that arrived whole but could not be stored is
 * kept on the server under a signed token, so that the form shown again submits it again
 * without the person choosing it again (issue #15, points 1 and 10). */
#ifndef HTTP_KEPT_UPLOAD_H
#define HTTP_KEPT_UPLOAD_H

#include "http/request.h"

/* Keeps every file of r->uploads that has a temporary file and no token yet: named
 * ".kept-ID" in the same folder (linked, no byte copied, so it needs no space) and given a
 * token in upload.kept, signed for binding (the session or pre-session cookie the form is
 * bound to), which the page sends back in the field "_kept". A file that cannot be kept
 * moves to r->lost_uploads with the reason. Kept files a day old are removed. */
void http_kept_keep(struct request *r, const char *binding);

/* For each "_kept" field of r->form whose token is right for binding, the file it names
 * put in front of r->uploads for its field (unless a file was chosen for that field
 * again: the new choice wins and the kept one is removed); a kept file that is gone is
 * named in r->lost_uploads. Returns the list r->uploads had before, for
 * http_kept_release. */
struct upload *http_kept_restore(struct request *r, const char *binding);

/* Once the handler has answered: the restored files are closed and r->uploads is before
 * again; a restored file is removed unless the answer offers it again (the full-disk page,
 * r->keep_form, or a form shown again to the same address, r->kept_offered: a conflict, a
 * refusal). */
void http_kept_release(struct request *r, struct upload *before);

#endif

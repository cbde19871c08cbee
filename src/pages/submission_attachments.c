/* Attachments of a proposal: the upload, the download and the removal. */
#include "pages/submission_pages.h"
#include "pages/view_attachments.h"
#include "pages/view_proposal.h"
#include "domain/access.h"
#include "domain/attachment.h"
#include "pages/view_stored_file.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t
param_id(const char *s)
{
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && id > 0 ? id : 0;
}

void
page_attachment_upload(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	/* A 403 whatever the reason (ACCESS_CLOSED or ACCESS_FORBIDDEN), as this page has
	 * always answered. */
	if (access_may_edit_proposal(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("This proposal can no longer be changed."));
		return;
	}
	const char *back = submit_url(r, p.id, "/bearbeiten#anhaenge");
	const struct upload *u = http_upload(r, "file");
	/* No file part at all (a hand-made form) is the same as an empty one. */
	struct attachment_verdict v = {.code = ATTACHMENT_EMPTY, .claimed = -1, .detected = -1};
	int rc = v.code;
	if (u) {
		struct blob_bytes b = http_upload_bytes(u);
		rc = attachment_add_bytes(s, r->user, p.id, u->filename, &b, &v, NULL);
	}
	if (rc == ATTACHMENT_OK) {
		http_redirect(r, back, N_("The file has been attached."));
	} else if (rc == ATTACHMENT_NOT_EDITABLE) {
		http_error(r, 403, N_("This proposal can no longer be changed."));
	} else if (rc == ATTACHMENT_ERROR) {
		http_fail_with(r, N_("The file could not be stored. Please try again."));
	} else {
		http_redirect_error(r, back, attachments_refusal(r, &v, u ? u->filename : NULL));
	}
}

static bool
load_attachment(struct request *r, struct store *s, const struct proposal *p,
                struct attachment *att)
{
	int64_t aid = param_id(r->params[1]);
	if (!aid || !attachment_find(s, &r->arena, p->id, aid, att) ||
	    access_may_read_attachment(s, r->user, p, att) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such attachment."));
		return false;
	}
	return true;
}

void
page_attachment_download(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct attachment att;
	if (!submit_load(r, &p) || !load_attachment(r, s, &p, &att))
		return;
	struct buf body = BUF_INIT;
	if (attachment_read(&att, &body) != 0) {
		buf_free(&body);
		http_fail_with(r, N_("The file could not be read. Please tell the coordination "
		                     "office."));
		return;
	}
	http_send_buf(r, 200, att.content_type, &body);
	http_set_header(r, "Content-Disposition",
	                stored_file_disposition(r, "attachment", att.filename));
	/* Only the browser may keep it, and it asks again each time: access can end. */
	http_set_header(r, "Cache-Control", "private, no-cache");
	r->resp.etag = arena_printf(&r->arena, "\"%s\"", att.sha256);
}

void
page_attachment_remove(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	int rc = attachment_remove(s, r->user, p.id, param_id(r->params[1]));
	switch (rc) {
	case ATTACHMENT_OK:
		http_redirect(r, submit_url(r, p.id, "/bearbeiten#anhaenge"),
		              N_("The attachment has been removed."));
		break;
	case ATTACHMENT_NOT_EDITABLE:
		http_error(r, 403, N_("This proposal can no longer be changed."));
		break;
	case ATTACHMENT_NOT_FOUND:
		http_error(r, 404, N_("There is no such attachment."));
		break;
	default:
		http_fail(r);
	}
}

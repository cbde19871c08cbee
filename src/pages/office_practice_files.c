/* A good practice's image and downloads in the office: the uploads and removals, and any
 * file of any practice for the office's preview (the panel: view_practice_form.c). */
#include "pages/office_pages.h"
#include "domain/practice_files.h"
#include "pages/view_attachments.h"
#include "pages/view_practice.h"
#include "pages/view_practice_form.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

const struct form_key practice_image_keys[2] = {
    {"image", FORM_TEXT, false, 0, 0, NULL},
    {"image_alt", FORM_TEXT, true, 0, PRACTICE_FILE_ALT_MAX, NULL},
};

const struct form_key practice_download_keys[2] = {
    {"download", FORM_TEXT, false, 0, 0, NULL},
    {"download_title", FORM_TEXT, true, 0, PRACTICE_FILE_TITLE_MAX, NULL},
};

static int64_t
param_id(const char *s)
{
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && id > 0 ? id : 0;
}
/* The practice of r->params[0] (the office's routes), or 404. */
static bool
load_practice(struct request *r, struct practice *p)
{
	int64_t id = param_id(r->params[0]);
	if (!id || !practice_find(r->store, &r->arena, id, p)) {
		http_error(r, 404, N_("There is no such practice."));
		return false;
	}
	return true;
}

void
page_admin_practice_file(struct request *r)
{
	struct practice p;
	struct practice_file f;
	if (!load_practice(r, &p))
		return;
	if (!practice_file_find(r->store, &r->arena, p.id, param_id(r->params[1]), &f)) {
		http_error(r, 404, N_("There is no such file."));
		return;
	}
	practice_files_send(r, &f, f.kind == PRACTICE_FILE_IMAGE ? "inline" : "attachment",
	                    "private, no-cache");
}

/* ---- the office's uploads and removals ---- */

static const char *
panel_url(struct request *r, const struct practice *p)
{
	return arena_printf(&r->arena, "/admin/praxis/%lld#dateien", (long long)p->id);
}

/* Why a file was refused, in words for the office. */
static const char *
refusal(struct request *r, const struct attachment_verdict *v, const char *filename)
{
	switch (v->code) {
	case PRACTICE_FILE_NOT_IMAGE:
		return tr(r, "The image must be a PNG or JPEG file.");
	case ATTACHMENT_TOO_MANY:
		return arena_printf(&r->arena,
		                    tr(r, "A practice can have at most %u downloads. Remove one to "
		                          "add another."),
		                    attachment_config()->max_count);
	default:
		return attachments_refusal(r, v, filename);
	}
}

static void
upload(struct request *r, enum practice_file_kind kind, const char *file_key, const char *text_key,
       const char *done)
{
	struct practice p;
	if (!load_practice(r, &p))
		return;
	if (kind == PRACTICE_FILE_IMAGE && !form_has(r, text_key))
		form_set_error(r, text_key,
		               N_("Please describe the image: the text is read out to people who "
		                  "cannot see it."));
	const struct upload *u = http_upload(r, file_key);
	if (!u || (!u->size && !u->filename[0]))
		form_set_error(r, file_key, N_("Please choose a file to upload."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		practice_form_edit_page(r, &p);
		return;
	}
	struct attachment_verdict v;
	struct blob_bytes b = http_upload_bytes(u);
	int rc = practice_file_add_bytes(r->store, r->user->id, p.id, kind, u->filename, &b,
	                                 form_value(r, text_key), &v, NULL);
	switch (rc) {
	case ATTACHMENT_OK:
		http_redirect(r, panel_url(r, &p), done);
		return;
	case ATTACHMENT_ERROR:
		http_fail_with(r, N_("The file could not be stored. Please try again."));
		return;
	case PRACTICE_FILE_NO_PRACTICE:
		http_error(r, 404, N_("There is no such practice."));
		return;
	case PRACTICE_FILE_NO_TEXT:
		form_set_error(r, text_key, N_("This field is required."));
		break;
	case PRACTICE_FILE_TEXT_TOO_LONG:
		form_set_error(r, text_key, N_("The text is too long."));
		break;
	default:
		form_set_error(r, file_key, refusal(r, &v, u->filename));
	}
	r->resp.status = 422;
	practice_form_edit_page(r, &p);
}

void
page_admin_practice_image_upload(struct request *r)
{
	upload(r, PRACTICE_FILE_IMAGE, "image", "image_alt", N_("The image has been saved."));
}

void
page_admin_practice_download_upload(struct request *r)
{
	upload(r, PRACTICE_FILE_DOWNLOAD, "download", "download_title",
	       N_("The download has been added."));
}

void
page_admin_practice_file_remove(struct request *r)
{
	struct practice p;
	if (!load_practice(r, &p))
		return;
	int rc = practice_file_remove(r->store, r->user->id, p.id, param_id(r->params[1]));
	if (rc == ATTACHMENT_OK)
		http_redirect(r, panel_url(r, &p), N_("The file has been removed."));
	else if (rc == ATTACHMENT_NOT_FOUND)
		http_error(r, 404, N_("There is no such file."));
	else
		http_fail(r);
}

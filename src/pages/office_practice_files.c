/* A good practice's image and downloads in the office: the panel on the edit page, the
 * uploads and removals, and any file of any practice for the office's preview. */
#include "pages/office_pages.h"
#include "domain/practice_files.h"
#include "html/widgets.h"
#include "pages/view_attachments.h"
#include "pages/view_practice.h"
#include "pages/view_stored_file.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

#define THUMB_WIDTH 320 /* the office's preview of the image, in CSS pixels at most */

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

static const char *
num(struct request *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
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
		page_admin_practice_show(r, &p);
		return;
	}
	struct attachment_verdict v;
	int rc = practice_file_add(r->store, r->user->id, p.id, kind, u->filename, u->data, u->size,
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
	page_admin_practice_show(r, &p);
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

/* ---- the office's panel ---- */

static const char *
accept_list(struct request *r, enum practice_file_kind kind)
{
	struct buf b = BUF_INIT;
	for (int t = 0; t < AT_COUNT; t++) {
		if (kind == PRACTICE_FILE_IMAGE && t != AT_PNG && t != AT_JPEG)
			continue;
		for (size_t e = 0; attachment_types[t].ext[e]; e++)
			buf_printf(&b, "%s%s", b.len ? "," : "", attachment_types[t].ext[e]);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

/* A file input with its label, hint and error, as the widgets write other fields. */
static void
file_field(struct request *r, struct html *h, enum practice_file_kind kind, const char *name,
           const char *label, const char *hint)
{
	const char *id = arena_printf(&r->arena, "f-%s", name);
	const char *error = form_error(r, name);
	const char *hint_id = arena_printf(&r->arena, "%s-hint", id);
	const char *error_id = arena_printf(&r->arena, "%s-error", id);
	html_open(h, "div", "class", error ? "field has-error" : "field", NULL);
	html_open(h, "label", "for", id, NULL);
	html_text(h, label);
	html_text(h, " ");
	html_elem(h, "span", tr(r, "(required)"), "class", "req", NULL);
	html_close(h, "label");
	html_elem(h, "p", hint, "class", "hint", "id", hint_id, NULL);
	if (error) {
		html_open(h, "p", "class", "field-error", "id", error_id, NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, error));
		html_close(h, "p");
	}
	html_void(h, "input", "type", "file", "id", id, "name", name, "accept",
	          accept_list(r, kind), "required", "", "aria-describedby",
	          error ? arena_printf(&r->arena, "%s %s", hint_id, error_id) : hint_id,
	          "aria-invalid", error ? "true" : NULL, NULL);
	html_close(h, "div");
}

static void
remove_button(struct request *r, struct html *h, const struct practice *p,
              const struct practice_file *f, const char *what)
{
	html_open(h, "form", "class", "inline", "method", "post", "action",
	          arena_printf(&r->arena, "/admin/praxis/%lld/dateien/%lld/entfernen",
	                       (long long)p->id, (long long)f->id),
	          "data-confirm", tr(r, "Remove this file from the practice?"), NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	html_open(h, "button", "type", "submit", "class", "btn btn-secondary", NULL);
	html_text(h, tr(r, "Remove"));
	html_elem(h, "span", what, "class", "visually-hidden", NULL);
	html_close(h, "button");
	html_close(h, "form");
}

/* The current image, shown small, with its text and a remove button. */
static void
current_image(struct request *r, struct html *h, const struct practice *p,
              const struct practice_file *f)
{
	int w = f->width, ht = f->height;
	if (w > THUMB_WIDTH) {
		ht = (int)((int64_t)ht * THUMB_WIDTH / w);
		w = THUMB_WIDTH;
	}
	html_open(h, "figure", NULL);
	html_void(h, "img", "src",
	          arena_printf(&r->arena, "/admin/praxis/%lld/dateien/%lld", (long long)p->id,
	                       (long long)f->id),
	          "alt", f->alt, "width", w ? num(r, w) : NULL, "height", ht ? num(r, ht) : NULL,
	          NULL);
	html_close(h, "figure");
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Text alternative"), NULL);
	html_elem(h, "dd", f->alt, NULL);
	html_elem(h, "dt", tr(r, "File"), NULL);
	html_open(h, "dd", NULL);
	html_textf(h, "%s (%s, %s", f->filename, stored_file_type_label(f->content_type),
	           stored_file_size_text(r, f->size));
	if (f->width)
		html_textf(h, ", %d × %d %s", f->width, f->height, tr(r, "pixels"));
	html_text(h, ")");
	html_close(h, "dd");
	html_close(h, "dl");
	remove_button(r, h, p, f, f->filename);
}

static void
image_part(struct request *r, struct html *h, const struct practice *p,
           const struct practice_file *image)
{
	html_elem(h, "h3", tr(r, "Image"), NULL);
	if (image)
		current_image(r, h, p, image);
	else
		html_elem(h, "p", tr(r, "The practice has no image."), "class", "muted", NULL);
	widget_form_begin_upload(
	    r, h, arena_printf(&r->arena, "/admin/praxis/%lld/bild", (long long)p->id));
	file_field(r, h, PRACTICE_FILE_IMAGE, "image",
	           image ? tr(r, "Replace the image") : tr(r, "Add an image"),
	           arena_printf(&r->arena,
	                        tr(r, "PNG or JPEG, at most %zu MB. It is shown at the top of "
	                              "the practice's page."),
	                        attachment_config()->max_bytes / (1024 * 1024)));
	widget_input(r, h,
	             &(struct widget){.name = "image_alt",
	                              .label = tr(r, "Text alternative"),
	                              .hint = tr(r, "What the image shows, in a sentence, for "
	                                            "people who cannot see it."),
	                              .required = true,
	                              .maxlength = PRACTICE_FILE_ALT_MAX});
	widget_submit(h, image ? tr(r, "Replace the image") : tr(r, "Upload the image"));
	html_close(h, "form");
}

static void
download_table(struct request *r, struct html *h, const struct practice *p,
               const struct practice_file *list, size_t n)
{
	const char *heads[] = {tr(r, "Title"), tr(r, "File"), tr(r, "Type"), tr(r, "Size"),
	                       tr(r, "Action")};
	widget_table_begin(h, tr(r, "Downloads"), heads, 5);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", list[i].title, "href",
		          arena_printf(&r->arena, "/admin/praxis/%lld/dateien/%lld",
		                       (long long)p->id, (long long)list[i].id),
		          NULL);
		html_close(h, "td");
		html_elem(h, "td", list[i].filename, NULL);
		html_elem(h, "td", stored_file_type_label(list[i].content_type), NULL);
		html_elem(h, "td", stored_file_size_text(r, list[i].size), NULL);
		html_open(h, "td", NULL);
		remove_button(r, h, p, &list[i], list[i].title);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
}

/* "PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG" */
static const char *
type_list(struct request *r)
{
	struct buf b = BUF_INIT;
	for (int t = 0; t < AT_COUNT; t++)
		buf_printf(&b, "%s%s", t ? ", " : "", attachment_types[t].label);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
downloads_part(struct request *r, struct html *h, const struct practice *p,
               const struct practice_file *list, size_t n)
{
	const struct attachment_config *cfg = attachment_config();
	html_elem(h, "h3", tr(r, "Downloads"), NULL);
	if (n)
		download_table(r, h, p, list, n);
	else
		html_elem(h, "p", tr(r, "The practice has no downloads."), "class", "muted", NULL);
	if (n >= cfg->max_count) {
		html_elem(
		    h, "p",
		    arena_printf(&r->arena,
		                 tr(r, "A practice can have at most %u downloads. Remove one to "
		                       "add another."),
		                 cfg->max_count),
		    "class", "hint", NULL);
		return;
	}
	widget_form_begin_upload(
	    r, h, arena_printf(&r->arena, "/admin/praxis/%lld/downloads", (long long)p->id));
	file_field(r, h, PRACTICE_FILE_DOWNLOAD, "download", tr(r, "Add a download"),
	           arena_printf(&r->arena,
	                        tr(r, "Allowed: %s. At most %zu MB per file and %u downloads per "
	                              "practice. The type is checked by the content."),
	                        type_list(r), cfg->max_bytes / (1024 * 1024), cfg->max_count));
	widget_input(r, h,
	             &(struct widget){.name = "download_title",
	                              .label = tr(r, "Title"),
	                              .hint = tr(r, "How the download is listed, e.g. "
	                                            "\"Guide for counsellors (2024)\"."),
	                              .required = true,
	                              .maxlength = PRACTICE_FILE_TITLE_MAX});
	widget_submit(h, tr(r, "Add the download"));
	html_close(h, "form");
}

void
practice_files_panel(struct request *r, struct html *h, const struct practice *p)
{
	size_t n;
	struct practice_file *list = practice_file_list(r->store, &r->arena, p->id, &n);
	const struct practice_file *image =
	    n && list[0].kind == PRACTICE_FILE_IMAGE ? &list[0] : NULL;
	html_open(h, "section", "class", "panel", "id", "dateien", "aria-labelledby", "dateien-h",
	          NULL);
	html_elem(h, "h2", tr(r, "Image and downloads"), "id", "dateien-h", NULL);
	image_part(r, h, p, image);
	downloads_part(r, h, p, image ? list + 1 : list, image ? n - 1 : n);
	html_close(h, "section");
}

/* The office's edit page of a good practice, shown by its own routes and again after a
 * refused upload: the status with its actions, the form of every public field and the
 * terms, and the panel of the image and downloads with their upload forms. */
#include "pages/view_practice_form.h"
#include "domain/practice_files.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_catalog.h"
#include "pages/view_practice.h"
#include "pages/view_stored_file.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THUMB_WIDTH 320 /* the office's preview of the image, in CSS pixels at most */

const char *
practice_form_badge(enum practice_status s)
{
	switch (s) {
	case PRACTICE_PUBLISHED:
		return "badge badge-published";
	case PRACTICE_ARCHIVED:
		return "badge badge-neutral";
	default:
		return "badge badge-draft";
	}
}

/* ---- the list ---- */

/* ---- the form ---- */

static bool
term_posted(struct request *r, int64_t id)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)id);
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.items[i].key, "term") == 0 &&
		    strcmp(r->form.items[i].value, v) == 0)
			return true;
	return false;
}

/* True when this request posted the practice form (the page also comes back after a
 * refused upload, whose form has no terms: then the stored ones are shown). */
static bool
form_posted(struct request *r)
{
	if (strcmp(r->method, "POST") != 0)
		return false;
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, "term") == 0)
			return true;
	return false;
}

static bool
term_checked(struct request *r, const struct practice *p, int64_t id)
{
	if (form_posted(r))
		return term_posted(r, id);
	for (size_t i = 0; p && i < p->nterms; i++)
		if (p->terms[i].id == id)
			return true;
	return false;
}

static void
term_fieldsets(struct request *r, struct html *h, struct store *s, const struct practice *p)
{
	static const char *const legends[] = {N_("Field of action"), N_("Target group"),
	                                      N_("Addressed to"), N_("Federal state")};
	const char *error = form_error(r, "term");
	html_open(h, "div", "id", "f-term", "tabindex", "-1", "class",
	          error ? "field has-error" : "field", NULL);
	if (error)
		html_elem(h, "p", tr(r, error), "class", "field-error", NULL);
	for (int k = 0; practice_term_kinds[k]; k++) {
		size_t n;
		struct term *terms = taxonomy_list(s, &r->arena, practice_term_kinds[k], true, &n);
		html_open(h, "fieldset", NULL);
		html_elem(h, "legend", tr(r, legends[k]), NULL);
		for (size_t i = 0; i < n; i++) {
			bool checked = term_checked(r, p, terms[i].id);
			/* Retired terms only where the practice still has them. */
			if (terms[i].retired && !checked)
				continue;
			const char *id =
			    arena_printf(&r->arena, "f-term-%lld", (long long)terms[i].id);
			html_open(h, "div", "class", "field field-checkbox", NULL);
			html_void(h, "input", "type", "checkbox", "id", id, "name", "term", "value",
			          arena_printf(&r->arena, "%lld", (long long)terms[i].id),
			          "checked", checked ? "" : NULL, NULL);
			html_elem(h, "label", term_label(&terms[i], r->lang), "for", id, "lang",
			          term_lang(&terms[i], r->lang), NULL);
			html_close(h, "div");
		}
		html_close(h, "fieldset");
	}
	html_close(h, "div");
}

static const char **
art_options(struct request *r, struct store *s)
{
	size_t n;
	struct term *terms = taxonomy_list(s, &r->arena, "art", false, &n);
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	opt[0] = "0";
	opt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < n; i++) {
		opt[2 + 2 * i] = arena_printf(&r->arena, "%lld", (long long)terms[i].id);
		opt[3 + 2 * i] = term_label(&terms[i], r->lang);
	}
	opt[2 + 2 * n] = NULL;
	return opt;
}

static void
text_widget(struct request *r, struct html *h, const struct practice *p, enum practice_text t)
{
	const struct practice_field *f = &practice_fields[t];
	bool area = f->markdown || t == PX_TEASER || t == PX_LINKS;
	struct widget w = {
	    .name = f->key,
	    .label = tr(r, f->label),
	    .hint = f->hint       ? tr(r, f->hint)
	            : f->markdown ? tr(r, "Markdown: **bold**, lists, links.")
	                          : NULL,
	    .value = p ? p->text[t] : NULL,
	    .type = t == PX_CONTACT_EMAIL   ? "email"
	            : t == PX_CONTACT_PHONE ? "tel"
	                                    : "text",
	    .required = t == PX_TITLE,
	    .maxlength = f->max,
	    .rows = f->markdown ? 10 : 4,
	};
	if (area)
		widget_textarea(r, h, &w);
	else
		widget_input(r, h, &w);
}

void
practice_form(struct request *r, struct html *h, const struct practice *p, const char *action)
{
	struct store *s = r->store;
	widget_form_begin(r, h, action);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Overview"), NULL);
	text_widget(r, h, p, PX_TITLE);
	if (p && p->published_at) {
		html_open(h, "p", "class", "hint", NULL);
		html_textf(
		    h, tr(r, "Address: /praxis/%s (it stays, as the practice has been published)."),
		    p->slug);
		html_close(h, "p");
	} else {
		widget_input(
		    r, h,
		    &(struct widget){.name = "slug",
		                     .label = tr(r, "Address (slug)"),
		                     .hint = tr(r, "Lower-case letters, digits and hyphens. Made "
		                                   "from the title when left empty."),
		                     .value = p ? p->slug : NULL,
		                     .maxlength = PRACTICE_SLUG_MAX});
	}
	text_widget(r, h, p, PX_TEASER);
	widget_select(r, h,
	              &(struct widget){
	                  .name = "art",
	                  .label = tr(r, "Kind of practice"),
	                  .value = p ? arena_printf(&r->arena, "%lld", (long long)p->art_id) : "0"},
	              art_options(r, s));
	text_widget(r, h, p, PX_IN_USE_SINCE);
	html_close(h, "fieldset");

	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Organisation and contact"), NULL);
	text_widget(r, h, p, PX_ORGANISATION_NAME);
	const char *kinds[] = {"",
	                       tr(r, "– none –"),
	                       "network",
	                       tr(r, "Regional network"),
	                       "fachstelle",
	                       tr(r, "Fachstelle"),
	                       "funder",
	                       tr(r, "Funder (BMAS)"),
	                       "transfer_project",
	                       tr(r, "Transfer project"),
	                       "teilprojekt",
	                       tr(r, "Sub-project"),
	                       "external",
	                       tr(r, "External organisation"),
	                       NULL};
	widget_select(r, h,
	              &(struct widget){.name = "organisation_kind",
	                               .label = tr(r, practice_fields[PX_ORGANISATION_KIND].label),
	                               .value = p ? p->text[PX_ORGANISATION_KIND] : ""},
	              kinds);
	text_widget(r, h, p, PX_BUNDESLAND);
	text_widget(r, h, p, PX_CONTACT_NAME);
	text_widget(r, h, p, PX_CONTACT_EMAIL);
	text_widget(r, h, p, PX_CONTACT_PHONE);
	html_close(h, "fieldset");

	term_fieldsets(r, h, s, p);

	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Sections"), NULL);
	for (int i = 0; i < 4; i++)
		text_widget(r, h, p, practice_sections[i]);
	html_close(h, "fieldset");
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "How it meets the criteria"), NULL);
	for (int i = 0; i < 4; i++)
		text_widget(r, h, p, practice_criteria[i]);
	html_close(h, "fieldset");
	text_widget(r, h, p, PX_LINKS);
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
}

static const char *
num(struct request *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
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

static void
files_panel(struct request *r, struct html *h, const struct practice *p)
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

/* ---- the page ---- */

/* The label of a practice's field key for a message that names it; NULL for "term" (its
 * messages name the kind of term) and unknown keys. */
static const char *
field_label(struct request *r, const char *key)
{
	for (int i = 0; i < PX_COUNT; i++)
		if (strcmp(practice_fields[i].key, key) == 0)
			return tr(r, practice_fields[i].label);
	if (strcmp(key, "art") == 0)
		return tr(r, "Kind of practice");
	if (strcmp(key, "slug") == 0)
		return tr(r, "Address (slug)");
	return NULL;
}

/* What publishing still needs, each with a link to its field (publishing refuses until
 * the list is empty). */
static void
missing_list(struct request *r, struct html *h, const struct practice *p)
{
	struct practice_problem pr[48];
	size_t n = practice_publish_missing(r->store, p, pr, 48);
	if (!n) {
		html_elem(h, "p", tr(r, "Everything publishing needs is there."), NULL);
		return;
	}
	html_open(h, "div", "class", "notice notice-warning", "id", "fehlt", NULL);
	html_elem(h, "p", tr(r, "Before it can be published, this is missing:"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n && i < 48; i++) {
		const char *label = field_label(r, pr[i].field);
		html_open(h, "li", NULL);
		html_elem(h, "a",
		          label ? arena_printf(&r->arena, "%s: %s", label, tr(r, pr[i].msgid))
		                : tr(r, pr[i].msgid),
		          "href", arena_printf(&r->arena, "#f-%s", pr[i].field), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
}

static void
status_panel(struct request *r, struct html *h, const struct practice *p)
{
	const char *base = arena_printf(&r->arena, "/admin/praxis/%lld", (long long)p->id);
	html_open(h, "section", "class", "panel", "aria-labelledby", "status-h", NULL);
	html_elem(h, "h2", tr(r, "Status"), "id", "status-h", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "span", tr(r, practice_status_label(p->status)), "class",
	          practice_form_badge(p->status), NULL);
	if (p->published_at) {
		html_text(h, " ");
		html_textf(h, tr(r, "First published on %s."), catalog_date(r, p->published_at));
	}
	html_close(h, "p");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Preview"), "href", arena_printf(&r->arena, "%s/vorschau", base),
	          NULL);
	if (p->status == PRACTICE_PUBLISHED) {
		html_text(h, " · ");
		html_elem(h, "a", tr(r, "Public page"), "href",
		          arena_printf(&r->arena, "/praxis/%s", p->slug), NULL);
	}
	html_close(h, "p");
	if (p->status != PRACTICE_PUBLISHED)
		missing_list(r, h, p);
	html_open(h, "div", "class", "actions", NULL);
	if (p->status != PRACTICE_PUBLISHED)
		widget_button_form(r, h, arena_printf(&r->arena, "%s/veroeffentlichen", base),
		                   tr(r, "Publish"), "btn btn-primary",
		                   tr(r, "Publish this practice now?"));
	if (p->status != PRACTICE_UNPUBLISHED)
		widget_button_form(r, h, arena_printf(&r->arena, "%s/zurueckziehen", base),
		                   tr(r, "Unpublish"), NULL,
		                   tr(r, "Take this practice off the public catalog?"));
	if (p->status != PRACTICE_ARCHIVED)
		widget_button_form(r, h, arena_printf(&r->arena, "%s/archivieren", base),
		                   tr(r, "Archive"), NULL, tr(r, "Archive this practice?"));
	html_close(h, "div");
	html_close(h, "section");
}

void
practice_form_edit_page(struct request *r, const struct practice *p)
{
	struct html *h =
	    layout_begin(r, p->text[PX_TITLE][0] ? p->text[PX_TITLE] : tr(r, "Practice"));
	widget_error_summary(r, h);
	status_panel(r, h, p);
	practice_form(r, h, p, arena_printf(&r->arena, "/admin/praxis/%lld", (long long)p->id));
	files_panel(r, h, p);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the list"), "href", "/admin/praxis", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

/* The attachments section of a proposal's pages (the files with download links and
 * remove buttons), the file field with its limits, and a refusal in words. */
#include "pages/view_attachments.h"
#include "domain/access.h"
#include "domain/attachment.h"
#include "html/widgets.h"
#include "pages/view_stored_file.h"
#include "store/store.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
proposal_path(struct request *r, int64_t id, const char *suffix)
{
	return arena_printf(&r->arena, "/vorschlag/%lld%s", (long long)id, suffix);
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

static size_t
max_mb(void)
{
	return attachment_config()->max_bytes / (1024 * 1024);
}

/* The reason of a refusal, translated, short enough for the one-time notice. */
static const char *
refusal_text(struct request *r, const struct attachment_verdict *v, const char *filename)
{
	const struct attachment_config *cfg = attachment_config();
	switch (v->code) {
	case ATTACHMENT_EMPTY:
		return filename && *filename ? tr(r, "The file is empty.")
		                             : tr(r, "Please choose a file to upload.");
	case ATTACHMENT_TOO_LARGE:
		return arena_printf(
		    &r->arena, tr(r, "The file is too large: at most %zu MB per file."), max_mb());
	case ATTACHMENT_TOO_MANY:
		return arena_printf(&r->arena,
		                    tr(r, "A proposal can have at most %u attachments. Remove one "
		                          "to add another."),
		                    cfg->max_count);
	case ATTACHMENT_BAD_NAME:
		return arena_printf(&r->arena, tr(r, "Only these file types can be attached: %s."),
		                    type_list(r));
	case ATTACHMENT_MISMATCH:
		if (v->detected >= 0)
			return arena_printf(&r->arena,
			                    tr(r, "The file name says %s, but the content is %s. "
			                          "The file was not attached."),
			                    attachment_types[v->claimed].label,
			                    attachment_types[v->detected].label);
		return arena_printf(&r->arena,
		                    tr(r, "The file name says %s, but the content is not a %s "
		                          "file. The file was not attached."),
		                    attachment_types[v->claimed].label,
		                    attachment_types[v->claimed].label);
	case ATTACHMENT_DAMAGED:
		return tr(r, "The file cannot be read; it may be damaged.");
	case ATTACHMENT_ZIP_ENTRIES:
		return arena_printf(&r->arena,
		                    tr(r, "The file consists of more than %d parts and was refused "
		                          "for safety."),
		                    ATTACHMENT_ZIP_MAX_ENTRIES);
	case ATTACHMENT_ZIP_SIZE:
		return arena_printf(&r->arena,
		                    tr(r,
		                       "The file would unpack to more than %u MB and was refused "
		                       "for safety."),
		                    ATTACHMENT_ZIP_MAX_TOTAL / (1024 * 1024));
	case ATTACHMENT_ZIP_RATIO:
		return tr(r, "The file is compressed suspiciously strongly (a zip bomb?) and was "
		             "refused for safety.");
	default:
		return tr(r, "The file could not be stored. Please try again.");
	}
}

static void
remove_button(struct request *r, struct html *h, const struct proposal *p,
              const struct attachment *a)
{
	html_open(
	    h, "form", "class", "inline", "method", "post", "action",
	    proposal_path(r, p->id,
	                  arena_printf(&r->arena, "/anhaenge/%lld/entfernen", (long long)a->id)),
	    "data-confirm", tr(r, "Remove this file from the proposal?"), NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	html_open(h, "button", "type", "submit", "class", "btn btn-secondary", NULL);
	html_text(h, tr(r, "Remove"));
	html_elem(h, "span", a->filename, "class", "visually-hidden", NULL);
	html_close(h, "button");
	html_close(h, "form");
}

static void
attachment_table(struct request *r, struct html *h, const struct proposal *p,
                 const struct attachment *list, size_t n, bool editable)
{
	html_open(h, "div", "class", "table-wrap", "tabindex", "0", NULL);
	html_open(h, "table", "class", "table", NULL);
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", tr(r, "File"), "scope", "col", NULL);
	html_elem(h, "th", tr(r, "Type"), "scope", "col", NULL);
	html_elem(h, "th", tr(r, "Size"), "scope", "col", NULL);
	if (editable)
		html_elem(h, "th", tr(r, "Action"), "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(
		    h, "a", list[i].filename, "href",
		    proposal_path(r, p->id,
		                  arena_printf(&r->arena, "/anhaenge/%lld", (long long)list[i].id)),
		    NULL);
		html_close(h, "td");
		html_elem(h, "td", stored_file_type_label(list[i].content_type), NULL);
		html_elem(h, "td", stored_file_size_text(r, list[i].size), NULL);
		if (editable) {
			html_open(h, "td", NULL);
			remove_button(r, h, p, &list[i]);
			html_close(h, "td");
		}
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static const char *
accept_list(struct request *r)
{
	struct buf b = BUF_INIT;
	for (int t = 0; t < AT_COUNT; t++)
		for (size_t e = 0; attachment_types[t].ext[e]; e++)
			buf_printf(&b, "%s%s", b.len ? "," : "", attachment_types[t].ext[e]);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

void
attachments_file_field(struct request *r, struct html *h, const struct proposal *p,
                       const char *error)
{
	const struct attachment_config *cfg = attachment_config();
	size_t count = attachment_count(r->store, p->id);
	if (count >= cfg->max_count) {
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       tr(r, "This proposal has the most attachments allowed (%u). "
		                             "Remove one to add another."),
		                       cfg->max_count),
		          "class", "hint", NULL);
		return;
	}
	html_open(h, "div", "class", error ? "field has-error" : "field", NULL);
	html_elem(h, "label", tr(r, "Add a file"), "for", "f-file", NULL);
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       tr(r, "Allowed: %s. At most %zu MB per file and %u files per "
	                             "proposal (%zu used). The type is checked by the content."),
	                       type_list(r), max_mb(), cfg->max_count, count),
	          "class", "hint", "id", "f-file-hint", NULL);
	if (error) {
		html_open(h, "p", "class", "field-error", "id", "f-file-error", NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, error);
		html_close(h, "p");
	}
	html_void(h, "input", "type", "file", "id", "f-file", "name", "file", "accept",
	          accept_list(r), "aria-describedby",
	          error ? "f-file-hint f-file-error" : "f-file-hint", "aria-invalid",
	          error ? "true" : NULL, NULL);
	html_close(h, "div");
}

const char *
attachments_refusal(struct request *r, const struct attachment_verdict *v, const char *filename)
{
	return refusal_text(r, v, filename);
}

bool
attachments_hidden(struct request *r, const struct proposal *p)
{
	struct attachment any = {.proposal_id = p->id};
	return access_may_read_attachment(r->store, r->user, p, &any) == ACCESS_CONFLICTED;
}

void
attachments_section(struct request *r, struct html *h, const struct proposal *p, bool editable)
{
	struct store *s = r->store;
	editable = editable && access_may_edit_proposal(s, r->user, p) == ACCESS_ALLOWED;
	size_t n;
	struct attachment *list = attachment_list(s, &r->arena, p->id, &n);
	html_open(h, "section", "class", "panel", "id", "anhaenge", "aria-labelledby", "anhaenge-h",
	          NULL);
	html_elem(h, "h2", tr(r, "Attachments"), "id", "anhaenge-h", NULL);
	if (attachments_hidden(r, p))
		html_elem(h, "p",
		          tr(r,
		             "You have a conflict of interest on this proposal: its files are not "
		             "shown to you."),
		          "class", "muted", NULL);
	else if (n)
		attachment_table(r, h, p, list, n, editable);
	else
		html_elem(h, "p", tr(r, "No files are attached."), "class", "muted", NULL);
	html_close(h, "section");
}

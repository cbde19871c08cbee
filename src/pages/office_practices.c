/* The office's administration of good practices, /admin/praxis: the list, creating one
 * (by hand or from a selected proposal), editing every public field and the terms (the
 * image and downloads: office_practice_files.c; the edit page: view_practice_form.c), the preview,
 * and publishing, unpublishing and archiving. */
#include "domain/taxonomy.h"
#include "domain/access.h"
#include "domain/practice_files.h"
#include "domain/proposal.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_catalog.h"
#include "pages/view_practice.h"
#include "pages/office_pages.h"
#include "pages/view_practice_form.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const char *const org_kinds[] = {"network",     "fachstelle", "funder", "transfer_project",
                                        "teilprojekt", "external",   NULL};

/* The form's keys: the slug, the text fields in the order of practice_fields, the Art,
 * and "term" (the checkboxes repeat it; the handler reads every value, the table gives
 * its errors a place). */
const struct form_key practice_form_keys[PRACTICE_FORM_KEYS] = {
    {"slug", FORM_TEXT, false, 0, PRACTICE_SLUG_MAX, NULL},
    {"title", FORM_TEXT, true, 0, 200, NULL},
    {"teaser", FORM_LONGTEXT, false, 0, 1000, NULL},
    {"organisation_name", FORM_TEXT, false, 0, 200, NULL},
    {"organisation_kind", FORM_CHOICE, false, 0, 0, org_kinds},
    {"bundesland", FORM_TEXT, false, 0, 100, NULL},
    {"contact_name", FORM_TEXT, false, 0, 200, NULL},
    {"contact_email", FORM_EMAIL, false, 0, 0, NULL},
    {"contact_phone", FORM_TEXT, false, 0, 50, NULL},
    {"in_use_since", FORM_TEXT, false, 0, 50, NULL},
    {"situation", FORM_LONGTEXT, false, 0, 20000, NULL},
    {"implementation", FORM_LONGTEXT, false, 0, 20000, NULL},
    {"results", FORM_LONGTEXT, false, 0, 20000, NULL},
    {"transfer", FORM_LONGTEXT, false, 0, 20000, NULL},
    {"criterion_transferable", FORM_LONGTEXT, false, 0, 8000, NULL},
    {"criterion_innovative", FORM_LONGTEXT, false, 0, 8000, NULL},
    {"criterion_sustainable", FORM_LONGTEXT, false, 0, 8000, NULL},
    {"criterion_efficient", FORM_LONGTEXT, false, 0, 8000, NULL},
    {"links", FORM_LONGTEXT, false, 0, 4000, NULL},
    {"art", FORM_INT, false, 0, INT64_MAX, NULL},
    {"term", FORM_INT, false, 0, INT64_MAX, NULL},
};

const struct form_key from_proposal_keys[2] = {
    {"proposal", FORM_INT, true, 1, INT64_MAX, NULL},
    {"files", FORM_BOOL, false, 0, 0, NULL},
};

static void
status_filter(struct request *r, struct html *h, int current)
{
	static const char *const labels[] = {N_("All"), N_("Published"), N_("Not published"),
	                                     N_("Archived")};
	static const char *const params[] = {"", "published", "unpublished", "archived"};
	html_open(h, "nav", "aria-label", tr(r, "Filter by status"), NULL);
	html_open(h, "ul", "class", "inline-list", NULL);
	for (int i = 0; i < 4; i++) {
		int status = i == 0 ? -1 : practice_status_parse(params[i]);
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, labels[i]), "href",
		          i ? arena_printf(&r->arena, "/admin/praxis?status=%s", params[i])
		            : "/admin/praxis",
		          "aria-current", status == current ? "page" : NULL, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
practice_table(struct request *r, struct html *h, int status, long page)
{
	struct store *s = r->store;
	struct practice_row *rows = arena_alloc(&r->arena, PER_PAGE * sizeof *rows);
	size_t total;
	size_t n = practice_admin_list(s, &r->arena, status, rows, PER_PAGE,
	                               (size_t)(page - 1) * PER_PAGE, &total);
	html_open(h, "div", "class", "table-wrap", "tabindex", "0", NULL);
	html_open(h, "table", "class", "table", NULL);
	html_open(h, "caption", NULL);
	html_textf(h, trn(r, "%zu practice", "%zu practices", (long)total), total);
	html_close(h, "caption");
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	const char *heads[] = {tr(r, "Title"), tr(r, "Status"), tr(r, "Published"),
	                       tr(r, "Last change")};
	for (size_t i = 0; i < 4; i++)
		html_elem(h, "th", heads[i], "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", rows[i].title, "href",
		          arena_printf(&r->arena, "/admin/praxis/%lld", (long long)rows[i].id),
		          "lang", layout_de(r), NULL);
		html_close(h, "td");
		html_open(h, "td", NULL);
		html_elem(h, "span", tr(r, practice_status_label(rows[i].status)), "class",
		          practice_form_badge(rows[i].status), NULL);
		html_close(h, "td");
		html_elem(h, "td",
		          rows[i].published_at ? catalog_date(r, rows[i].published_at) : "–", NULL);
		html_elem(h, "td", catalog_date(r, rows[i].updated_at), NULL);
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
	if (total <= PER_PAGE)
		return;
	const char *st = status >= 0 ? practice_status_name((enum practice_status)status) : "";
	html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Pages"), NULL);
	html_open(h, "ul", NULL);
	if (page > 1) {
		html_open(h, "li", NULL);
		html_elem(
		    h, "a", tr(r, "Previous"), "rel", "prev", "href",
		    arena_printf(&r->arena, "/admin/praxis?status=%s&seite=%ld", st, page - 1),
		    NULL);
		html_close(h, "li");
	}
	if ((size_t)page * PER_PAGE < total) {
		html_open(h, "li", NULL);
		html_elem(
		    h, "a", tr(r, "Next"), "rel", "next", "href",
		    arena_printf(&r->arena, "/admin/praxis?status=%s&seite=%ld", st, page + 1),
		    NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
from_proposal_panel(struct request *r, struct html *h)
{
	size_t n;
	struct practice_candidate *c = practice_candidates(r->store, &r->arena, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "from-proposal-h", NULL);
	html_elem(h, "h2", tr(r, "From a selected proposal"), "id", "from-proposal-h", NULL);
	if (!n) {
		html_elem(h, "p", tr(r, "No selected proposal is waiting for its practice."), NULL);
		html_close(h, "section");
		return;
	}
	html_elem(h, "p",
	          tr(r, "Copies the public fields of the proposal into a new, unpublished practice "
	                "that you can edit and preview before publishing it."),
	          NULL);
	const char **opt = arena_alloc(&r->arena, (2 * n + 1) * sizeof *opt);
	for (size_t i = 0; i < n; i++) {
		opt[2 * i] = arena_printf(&r->arena, "%lld", (long long)c[i].proposal_id);
		opt[2 * i + 1] =
		    arena_printf(&r->arena, "%s (%s)", c[i].title, c[i].organisation_name);
	}
	opt[2 * n] = NULL;
	widget_form_begin(r, h, "/admin/praxis/aus-vorschlag");
	widget_select(r, h, &(struct widget){.name = "proposal", .label = tr(r, "Proposal")}, opt);
	widget_checkbox(r, h, "files",
	                tr(r, "Also carry the proposal's attachments into the practice's downloads "
	                      "(you can remove any of them afterwards)"),
	                false);
	widget_submit(h, tr(r, "Create the practice"));
	html_close(h, "form");
	html_close(h, "section");
}

void
page_admin_practices(struct request *r)
{
	int status = -1;
	const char *st = http_query(r, "status");
	if (st && st[0] && (status = practice_status_parse(st)) < 0) {
		http_error(r, 400, N_("There is no such status."));
		return;
	}
	long page = 1;
	const char *p = http_query(r, "seite");
	if (p && p[0]) {
		char *end;
		page = strtol(p, &end, 10);
		if (*end || page < 1 || page > 100000) {
			http_error(r, 400,
			           N_("The page number must be a whole number from 1 to 100000."));
			return;
		}
	}
	struct html *h = layout_begin(r, tr(r, "Good practices"));
	widget_error_summary(r, h);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "New practice"), "href", "/admin/praxis/neu", "class",
	          "btn btn-primary", NULL);
	html_text(h, " ");
	html_elem(h, "a", tr(r, "Collections"), "href", "/admin/sammlungen", NULL);
	html_close(h, "p");
	status_filter(r, h, status);
	practice_table(r, h, status, page);
	from_proposal_panel(r, h);
	layout_end(r, h);
}

/* Reads the form into in (strings in the request's arena). Bad term values become an
 * error on "term". */
static void
input_from_form(struct request *r, struct practice_input *in)
{
	memset(in, 0, sizeof *in);
	in->slug = form_value(r, "slug");
	for (int i = 0; i < PX_COUNT; i++)
		in->text[i] = form_value(r, practice_fields[i].key);
	in->art_id = form_int(r, "art");
	int64_t *ids = arena_alloc(&r->arena, PRACTICE_MAX_TERMS * sizeof *ids);
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.items[i].key, "term") != 0)
			continue;
		char *end;
		long long id = strtoll(r->form.items[i].value, &end, 10);
		if (*end || id <= 0 || in->nterms == PRACTICE_MAX_TERMS) {
			form_set_error(r, "term", N_("Please choose one of the options."));
			continue;
		}
		ids[in->nterms++] = id;
	}
	in->term_ids = ids;
}

/* practice_check's problems as form errors; false when there are any. */
static bool
check(struct request *r, const struct practice_input *in, int64_t self_id, bool publishing)
{
	struct practice_problem pr[PX_COUNT + 4];
	size_t n = practice_check(r->store, in, self_id, publishing, pr, sizeof pr / sizeof pr[0]);
	for (size_t i = 0; i < n && i < sizeof pr / sizeof pr[0]; i++) {
		const char *field = strcmp(pr[i].field, "terms") == 0 ? "term" : pr[i].field;
		if (!form_error(r, field))
			form_set_error(r, field, pr[i].msgid);
	}
	return form_error_count(r) == 0;
}

static void
new_page(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "New practice"));
	widget_error_summary(r, h);
	practice_form(r, h, NULL, "/admin/praxis/neu");
	layout_end(r, h);
}

void
page_admin_practice_new(struct request *r)
{
	new_page(r);
}

/* A change of a practice: the input or the proposal to make it from, the practice's id
 * (made by the create bodies) and the domain's code. PRACTICE_ codes are negative, like
 * the store's, so the pages read the domain's code from here, not store_tx's. */
struct practice_tx {
	int64_t actor, id;
	const struct practice_input *in;
	int (*change)(struct store *, int64_t, int64_t);
	int64_t rc;        /* out */
	bool files;        /* from a proposal: carry its attachments too */
	size_t copied;     /* out: how many */
	bool files_failed; /* out: a file could not be carried */
};

static int
create_body(struct store *s, void *arg)
{
	struct practice_tx *t = arg;
	t->rc = t->id = practice_create(s, t->actor, t->in);
	return t->id > 0 ? STORE_OK : STORE_ERR;
}

/* t->id is the proposal's on the way in, the practice's on the way out. */
static int
from_proposal_body(struct store *s, void *arg)
{
	struct practice_tx *t = arg;
	t->rc = practice_create_from_proposal(s, t->actor, t->id);
	if (t->rc <= 0)
		return STORE_ERR;
	/* The proposal's attachments become the practice's downloads when the office asks;
	 * a refusal of one file undoes the whole practice, so nothing is half carried. */
	if (t->files &&
	    practice_files_from_proposal(s, t->actor, t->rc, t->id, &t->copied) != ATTACHMENT_OK) {
		t->files_failed = true;
		return STORE_ERR;
	}
	return STORE_OK;
}

static int
update_body(struct store *s, void *arg)
{
	struct practice_tx *t = arg;
	t->rc = practice_update(s, t->actor, t->id, t->in);
	return t->rc == PRACTICE_OK ? STORE_OK : STORE_ERR;
}

static int
change_body(struct store *s, void *arg)
{
	struct practice_tx *t = arg;
	t->rc = t->change(s, t->actor, t->id);
	return t->rc == PRACTICE_OK ? STORE_OK : STORE_ERR;
}

void
page_admin_practice_create(struct request *r)
{
	struct practice_input in;
	input_from_form(r, &in);
	if (form_error_count(r) || !check(r, &in, 0, false)) {
		r->resp.status = 422;
		new_page(r);
		return;
	}
	struct practice_tx t = {.actor = r->user->id, .in = &in};
	if (store_tx(r->store, create_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/praxis/%lld", (long long)t.id),
	              N_("The practice has been created. It is not published yet."));
}

void
page_admin_practice_from_proposal(struct request *r)
{
	if (form_error_count(r)) {
		http_redirect_error(r, "/admin/praxis", N_("Please choose a proposal."));
		return;
	}
	struct practice_tx t = {.actor = r->user->id,
	                        .id = form_int(r, "proposal"),
	                        .files = form_int(r, "files") != 0};
	/* An office member conflicted on the proposal is excluded from it (DESIGN.md §3): a
	 * practice made from it would show them its text, its files would be theirs to read.
	 * Not there for them, as on the proposal's own pages. */
	struct proposal pr;
	if (proposal_find(r->store, &r->arena, t.id, &pr) &&
	    access_may_make_practice(r->store, r->user, &pr) == ACCESS_CONFLICTED) {
		http_error(r, 404, N_("There is no such proposal."));
		return;
	}
	int rc = store_tx(r->store, from_proposal_body, &t);
	int64_t id = t.rc;
	/* A file that could not be written for lack of space is the disk's fault, not the
	 * file's: the full-disk page, with the choice kept. */
	if (rc != STORE_OK && store_saw_full()) {
		http_fail(r);
		return;
	}
	if (rc != STORE_OK && t.files_failed) {
		http_redirect_error(r, "/admin/praxis",
		                    N_("The practice was not made: an attachment of the proposal "
		                       "could not be carried into its downloads."));
		return;
	}
	if (rc != STORE_OK) {
		/* A failed commit after a practice was made is a failure, not a refusal. */
		if (id > 0)
			id = PRACTICE_ERROR;
		const char *why =
		    id == PRACTICE_NOT_FOUND ? N_("There is no such proposal.")
		    : id == PRACTICE_WRONG_STATE
		        ? N_("Only a selected proposal becomes a practice.")
		    : id == PRACTICE_EXISTS ? N_("This proposal has its practice already.")
		    : id == PRACTICE_INVALID
		        ? N_("The proposal does not fit a practice (a retired term?).")
		        : NULL;
		if (!why) {
			http_fail(r);
			return;
		}
		http_redirect_error(r, "/admin/praxis", why);
		return;
	}
	http_redirect(
	    r, arena_printf(&r->arena, "/admin/praxis/%lld", (long long)id),
	    t.files && t.copied
	        ? N_("The practice has been made from the proposal, its attachments are its "
	             "downloads. Check it, then publish it.")
	        : N_("The practice has been made from the proposal. Check it, then publish it."));
}

static bool
load(struct request *r, struct practice *p)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0 || !practice_find(r->store, &r->arena, id, p)) {
		http_error(r, 404, N_("There is no such practice."));
		return false;
	}
	return true;
}

void
page_admin_practice(struct request *r)
{
	struct practice p;
	if (load(r, &p))
		practice_form_edit_page(r, &p);
}

void
page_admin_practice_save(struct request *r)
{
	struct practice p;
	if (!load(r, &p))
		return;
	struct practice_input in;
	input_from_form(r, &in);
	if (p.published_at && in.slug[0] && strcmp(in.slug, p.slug) != 0)
		form_set_error(r, "slug", N_("The address cannot change once published."));
	/* A published practice must stay complete. */
	if (form_error_count(r) || !check(r, &in, p.id, p.status == PRACTICE_PUBLISHED)) {
		r->resp.status = 422;
		practice_form_edit_page(r, &p);
		return;
	}
	struct practice_tx t = {.actor = r->user->id, .id = p.id, .in = &in};
	if (store_tx(r->store, update_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/praxis/%lld", (long long)p.id),
	              N_("Your changes have been saved."));
}

void
page_admin_practice_preview(struct request *r)
{
	struct practice p;
	if (!load(r, &p))
		return;
	struct html *h = layout_begin_bare(
	    r, arena_printf(&r->arena, "%s – %s", tr(r, "Preview"), p.text[PX_TITLE]));
	layout_notice(h, "info",
	              tr(r, "Preview: this is how the practice's public page looks when it is "
	                    "published."));
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to editing"), "href",
	          arena_printf(&r->arena, "/admin/praxis/%lld", (long long)p.id), NULL);
	html_close(h, "p");
	html_open(h, "article", NULL);
	practice_render(r, h, &p);
	html_close(h, "article");
	layout_end(r, h);
}

static void
change_status(struct request *r, int (*change)(struct store *, int64_t, int64_t), const char *done)
{
	struct practice p;
	if (!load(r, &p))
		return;
	const char *back = arena_printf(&r->arena, "/admin/praxis/%lld", (long long)p.id);
	struct practice_tx t = {
	    .actor = r->user->id, .id = p.id, .change = change, .rc = PRACTICE_ERROR};
	if (store_tx(r->store, change_body, &t) != STORE_OK) {
		/* A failed commit after the change is a failure, not a refusal. */
		int rc = t.rc == PRACTICE_OK ? PRACTICE_ERROR : (int)t.rc;
		if (rc == PRACTICE_INCOMPLETE)
			http_redirect_error(
			    r, back,
			    N_("Not published: the practice is not complete yet. The list under "
			       "\"Status\" shows what is missing."));
		else if (rc == PRACTICE_WRONG_STATE)
			http_redirect_error(r, back, N_("The practice has this status already."));
		else
			http_fail(r);
		return;
	}
	http_redirect(r, back, done);
}

void
page_admin_practice_publish(struct request *r)
{
	change_status(r, practice_publish_complete, N_("The practice has been published."));
}

void
page_admin_practice_unpublish(struct request *r)
{
	change_status(r, practice_unpublish,
	              N_("The practice has been taken off the public catalog."));
}

void
page_admin_practice_archive(struct request *r)
{
	change_status(r, practice_archive, N_("The practice has been archived."));
}

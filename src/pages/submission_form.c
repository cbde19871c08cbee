/* The sub-project's proposal form: a new draft, the form in sections with saving at any
 * time, attaching a file while saving, and submitting with a completeness check. */
#include "pages/submission_pages.h"
#include "pages/view_proposal.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/review.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/parse.h"
#include "domain/attachment.h"
#include "pages/view_attachments.h"
#include "store/store.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const actions[] = {"save", "submit", "preview", NULL};

struct form_key proposal_form_keys[PROPOSAL_FORM_KEYS];

void
submit_init(void)
{
	for (int i = 0; i < PT_COUNT; i++) {
		const struct proposal_field *f = &proposal_fields[i];
		proposal_form_keys[i] = (struct form_key){
		    f->key, f->markdown ? FORM_LONGTEXT : FORM_TEXT, false, 0, f->max, NULL};
		if (i == PT_LINKS)
			proposal_form_keys[i].type = FORM_LONGTEXT;
	}
	proposal_form_keys[PT_COUNT] =
	    (struct form_key){"art", FORM_INT, false, 0, INT64_MAX, NULL};
	proposal_form_keys[PT_COUNT + 1] =
	    (struct form_key){"revision", FORM_INT, true, 1, INT64_MAX, NULL};
	proposal_form_keys[PT_COUNT + 2] =
	    (struct form_key){"action", FORM_CHOICE, true, 0, 0, actions};
}

const struct form_key new_proposal_keys[1] = {
    {"call_id", FORM_INT, true, 1, INT64_MAX, NULL},
};

/* A change of the proposal form: the request (its form has the fields), the proposal, the
 * revision the form was opened at, and what proposal_create returned (the new id, or minus
 * a PROPOSAL_ code). */
struct proposal_tx {
	struct request *r;
	struct proposal *p;
	int64_t revision;
	int64_t id; /* out */
};

static int
create_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	struct request *r = t->r;
	t->id = proposal_create(s, r->user, form_int(r, "call_id"), r->user->organisation_id);
	return t->id < 0 ? STORE_ERR : STORE_OK;
}

static int
submit_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	return proposal_submit(s, t->r->user, t->p->id);
}

static int
save_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	/* proposal_save moves p's revision on: an attempt run again starts from the first. */
	t->p->revision = t->revision;
	return proposal_save(s, t->r->user->id, t->p);
}

void
page_proposal_new(struct request *r)
{
	struct store *s = r->store;
	if (form_error_count(r) || !r->user->organisation_id) {
		http_error(r, 422, N_("Please choose a call that is open for proposals."));
		return;
	}
	struct proposal_tx t = {.r = r};
	int64_t id = store_tx(s, create_body, &t) == STORE_OK ? t.id : -PROPOSAL_ERROR;
	if (t.id < 0)
		id = t.id;
	if (id < 0) {
		if (id == -PROPOSAL_ERROR)
			goto fail;
		http_error(r, 422,
		           id == -PROPOSAL_DEADLINE
		               ? N_("This call does not accept proposals (it is not open or its "
		                    "deadline has passed).")
		               : N_("Only sub-projects can submit proposals."));
		return;
	}
	http_redirect(r, submit_url(r, id, "/bearbeiten"), N_("A new draft has been created."));
	return;
fail:
	http_fail(r);
}

/* Field problems of the proposal form beyond the route's key table: terms, self-
 * assessment, and what a submit found missing. */
struct problems {
	const char *key[80];
	const char *msgid[80];
	size_t n;
};

static void
problem(struct problems *pr, const char *key, const char *msgid)
{
	if (pr->n < 80) {
		pr->key[pr->n] = key;
		pr->msgid[pr->n] = msgid;
		pr->n++;
	}
}

static const char *
problem_for(const struct problems *pr, const char *key)
{
	for (size_t i = 0; pr && i < pr->n; i++)
		if (strcmp(pr->key[i], key) == 0)
			return pr->msgid[i];
	return NULL;
}

/* The label of a form key, so that a message names its field ("Implementation: This field
 * is required."); NULL for keys that are no field of the form. */
static const char *
key_label(struct request *r, struct store *s, const struct proposal *p, const char *key)
{
	for (int i = 0; i < PT_COUNT; i++)
		if (strcmp(proposal_fields[i].key, key) == 0)
			return tr(r, proposal_fields[i].label);
	static const char *const kinds[][2] = {
	    {"art", N_("Kind of practice")},      {"handlungsfeld", N_("Fields of action")},
	    {"zielgruppe", N_("Target groups")},  {"adressat", N_("Addressees")},
	    {"bundesland", N_("Federal states")}, {"file", N_("Attachments")}};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i][0], key) == 0)
			return tr(r, kinds[i][1]);
	if (strncmp(key, "self_", 5) == 0) {
		struct criterion crit[16];
		size_t n = review_leaf_criteria(s, &r->arena, p->call_id, crit, 16);
		for (size_t i = 0; i < n; i++)
			if (strcmp(crit[i].key, key + 5) == 0)
				return arena_printf(&r->arena, "%s: %s", tr(r, "Self-assessment"),
				                    criterion_label(&crit[i], r->lang));
	}
	return NULL;
}

/* msgid translated, after the label of its field when key names one. */
static const char *
named(struct request *r, struct store *s, const struct proposal *p, const char *key,
      const char *msgid)
{
	const char *label = key_label(r, s, p, key);
	return label ? arena_printf(&r->arena, "%s: %s", label, tr(r, msgid)) : tr(r, msgid);
}

/* Every message of the form, the route's and the submit check's, names its field (in the
 * error summary and beside the field alike). */
static const struct problems *
name_fields(struct request *r, struct store *s, const struct proposal *p, const struct problems *pr)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (r->fields[i].error)
			r->fields[i].error = named(r, s, p, r->fields[i].name, r->fields[i].error);
	if (!pr)
		return NULL;
	struct problems *out = arena_alloc(&r->arena, sizeof *out);
	*out = *pr;
	for (size_t i = 0; i < out->n; i++)
		out->msgid[i] = named(r, s, p, out->key[i], out->msgid[i]);
	return out;
}

static bool
revising(const struct proposal *p)
{
	return p->state == PS_SUBMITTED || p->state == PS_RESUBMITTED;
}

static bool
is_post(struct request *r)
{
	return strcmp(r->method, "POST") == 0;
}

static const char *
text_label(struct request *r, const struct proposal_field *f)
{
	return tr(r, f->label);
}

static void
text_field(struct request *r, struct html *h, const struct proposal *p, int i,
           const struct problems *pr)
{
	const struct proposal_field *f = &proposal_fields[i];
	struct widget w = {.name = f->key,
	                   .label = text_label(r, f),
	                   .hint = f->hint ? tr(r, f->hint) : NULL,
	                   .value = p->text[i],
	                   .required = f->required,
	                   /* A field named as its section: the legend shows the name. */
	                   .label_hidden = strcmp(text_label(r, f),
	                                          tr(r, proposal_section_titles[f->section])) == 0,
	                   .maxlength = f->max,
	                   .rows = f->max > 1000 ? 8 : 3};
	/* A problem found by the submit check shows at the field like a form error. */
	const char *missing = problem_for(pr, f->key);
	if (missing && !form_error(r, f->key))
		form_set_error(r, f->key, missing);
	if (f->markdown || i == PT_TEASER || i == PT_LINKS) {
		widget_textarea(r, h, &w);
	} else {
		w.type = i == PT_CONTACT_EMAIL ? "email" : i == PT_CONTACT_PHONE ? "tel" : "text";
		w.autocomplete = i == PT_CONTACT_EMAIL   ? "email"
		                 : i == PT_CONTACT_PHONE ? "tel"
		                 : i == PT_CONTACT_NAME  ? "name"
		                                         : NULL;
		widget_input(r, h, &w);
	}
}

static bool
term_checked(struct request *r, const struct proposal *p, int64_t id)
{
	if (is_post(r)) {
		for (size_t i = 0; i < r->form.n; i++)
			if (strcmp(r->form.items[i].key, "term") == 0 &&
			    strtoll(r->form.items[i].value, NULL, 10) == id)
				return true;
		return false;
	}
	for (size_t i = 0; i < p->nterms; i++)
		if (p->term_ids[i] == id)
			return true;
	return false;
}

static void
term_fieldset(struct request *r, struct html *h, struct store *s, const struct proposal *p,
              const char *kind, const char *legend, const struct problems *pr)
{
	size_t n;
	struct term *terms = taxonomy_list(s, &r->arena, kind, true, &n);
	const char *error = problem_for(pr, kind);
	const char *id = arena_printf(&r->arena, "f-%s", kind);
	html_open(h, "fieldset", "id", id, "class", error ? "field has-error" : "field",
	          "aria-describedby", error ? arena_printf(&r->arena, "%s-error", id) : NULL, NULL);
	html_open(h, "legend", NULL);
	html_text(h, legend);
	html_text(h, " ");
	html_elem(h, "span", tr(r, "(required, at least one)"), "class", "req", NULL);
	html_close(h, "legend");
	if (error) {
		html_open(h, "p", "class", "field-error", "id",
		          arena_printf(&r->arena, "%s-error", id), NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, error));
		html_close(h, "p");
	}
	for (size_t i = 0; i < n; i++) {
		bool checked = term_checked(r, p, terms[i].id);
		/* A retired term stays visible only where it is already chosen. */
		if (terms[i].retired && !checked)
			continue;
		const char *cid = arena_printf(&r->arena, "t-%lld", (long long)terms[i].id);
		html_open(h, "div", "class", "field-checkbox", NULL);
		html_void(h, "input", "type", "checkbox", "id", cid, "name", "term", "value",
		          arena_printf(&r->arena, "%lld", (long long)terms[i].id), "checked",
		          checked ? "" : NULL, NULL);
		html_elem(h, "label", term_label(&terms[i], r->lang), "for", cid, "lang",
		          term_lang(&terms[i], r->lang), NULL);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
}

static void
art_select(struct request *r, struct html *h, struct store *s, const struct proposal *p,
           const struct problems *pr)
{
	size_t n;
	struct term *terms = taxonomy_list(s, &r->arena, "art", true, &n);
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	size_t k = 0;
	opt[k++] = "0";
	opt[k++] = tr(r, "– please choose –");
	for (size_t i = 0; i < n; i++) {
		if (terms[i].retired && terms[i].id != p->art_id)
			continue;
		opt[k++] = arena_printf(&r->arena, "%lld", (long long)terms[i].id);
		opt[k++] = term_label(&terms[i], r->lang);
	}
	opt[k] = NULL;
	const char *missing = problem_for(pr, "art");
	if (missing && !form_error(r, "art"))
		form_set_error(r, "art", missing);
	widget_select(
	    r, h,
	    &(struct widget){.name = "art",
	                     .label = tr(r, "Kind of practice"),
	                     .value = arena_printf(&r->arena, "%lld", (long long)p->art_id),
	                     .required = true},
	    opt);
}

static void
self_assessment(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                const struct problems *pr)
{
	struct criterion crit[16];
	size_t n = review_leaf_criteria(s, &r->arena, p->call_id, crit, 16);
	html_elem(h, "p",
	          tr(r, "Explain for each criterion how your practice meets it. The advisory board "
	                "rates the proposal against the same criteria."),
	          NULL);
	for (size_t i = 0; i < n; i++) {
		const char *key = arena_printf(&r->arena, "self_%s", crit[i].key);
		const char *id = arena_printf(&r->arena, "f-%s", key);
		const char *error = problem_for(pr, key);
		const char *typed = is_post(r) ? kv_get(&r->form, key) : NULL;
		const char *value =
		    is_post(r) ? (typed ? typed : "") : submit_self_text(p, crit[i].key);
		html_open(h, "div", "class", error ? "field has-error" : "field", NULL);
		html_open(h, "label", "for", id, NULL);
		html_text(h, criterion_label(&crit[i], r->lang));
		html_text(h, " ");
		html_elem(h, "span", tr(r, "(required)"), "class", "req", NULL);
		html_close(h, "label");
		html_elem(h, "p", criterion_guidance(&crit[i], r->lang), "class", "hint", "id",
		          arena_printf(&r->arena, "%s-hint", id), NULL);
		if (error) {
			html_open(h, "p", "class", "field-error", "id",
			          arena_printf(&r->arena, "%s-error", id), NULL);
			html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
			html_text(h, " ");
			html_text(h, tr(r, error));
			html_close(h, "p");
		}
		char max[16];
		snprintf(max, sizeof max, "%d", PROPOSAL_SELF_MAX);
		html_open(h, "textarea", "id", id, "name", key, "rows", "5", "data-maxlength", max,
		          "aria-describedby",
		          arena_printf(&r->arena, "%s-hint %s-counter%s", id, id,
		                       error ? arena_printf(&r->arena, " %s-error", id) : ""),
		          "aria-invalid", error ? "true" : NULL, NULL);
		html_text(h, value);
		html_close(h, "textarea");
		html_open(h, "p", "class", "counter", "id",
		          arena_printf(&r->arena, "%s-counter", id), "data-counter-for", id, NULL);
		html_textf(h, "%zu / %d %s", str_utf8_len(value), PROPOSAL_SELF_MAX,
		           tr(r, "characters"));
		html_close(h, "p");
		html_close(h, "div");
	}
}

static void
section_fields(struct request *r, struct html *h, struct store *s, const struct proposal *p,
               enum proposal_section sec, const struct problems *pr)
{
	if (sec == SEC_SELF_ASSESSMENT) {
		self_assessment(r, h, s, p, pr);
		return;
	}
	for (int i = 0; i < PT_COUNT; i++) {
		if (proposal_fields[i].section != sec)
			continue;
		text_field(r, h, p, i, pr);
		if (i == PT_TEASER)
			art_select(r, h, s, p, pr);
	}
	if (sec == SEC_OVERVIEW) {
		term_fieldset(r, h, s, p, "handlungsfeld", tr(r, "Fields of action"), pr);
		term_fieldset(r, h, s, p, "zielgruppe", tr(r, "Target groups"), pr);
		term_fieldset(r, h, s, p, "adressat", tr(r, "Addressees"), pr);
		term_fieldset(r, h, s, p, "bundesland", tr(r, "Federal states"), pr);
	}
}

/* The form; values are the stored proposal's, or what was typed after a failed POST. */
static void
edit_form(struct request *r, struct store *s, const struct proposal *p, const struct problems *pr,
          const char *intro, const char *conflict, const char *file_error)
{
	struct call c;
	call_find(s, &r->arena, p->call_id, &c);
	struct html *h = p->text[PT_TITLE][0] ? layout_begin_content(r, p->text[PT_TITLE])
	                                      : layout_begin(r, tr(r, "New proposal"));
	submit_call_box(r, h, &c);
	if (p->state == PS_RETURNED && p->state_reason[0]) {
		html_open(h, "div", "class", "notice notice-warning", "role", "status", NULL);
		html_elem(h, "strong", tr(r, "Returned for revision:"), NULL);
		html_text(h, " ");
		html_text(h, p->state_reason);
		html_close(h, "div");
	}
	if (conflict)
		layout_notice(h, "error", conflict);
	pr = name_fields(r, s, p, pr);
	widget_error_summary_with(r, h, intro, pr ? pr->n : 0, pr ? pr->key : NULL,
	                          pr ? pr->msgid : NULL);
	if (revising(p))
		layout_notice(h, "info",
		              tr(r,
		                 "This proposal has been submitted. You can revise it until the "
		                 "deadline: the revision is submitted as a new version once it is "
		                 "complete, and the coordination office sees what you changed. "
		                 "Until then the version you submitted stays valid. Attachments "
		                 "cannot be changed in a revision."));
	else
		html_elem(h, "p",
		          tr(r,
		             "You can save the draft at any time, also incomplete. Long texts may "
		             "use Markdown: **bold**, *italic*, lists with \"- \" and links as "
		             "[text](https://…)."),
		          "class", "hint", NULL);
	/* One multipart form: a chosen file is attached when the draft is saved, so nothing
	 * typed is lost by uploading. */
	widget_form_begin_upload(r, h, submit_url(r, p->id, "/bearbeiten"));
	html_void(h, "input", "type", "hidden", "name", "revision", "value",
	          arena_printf(&r->arena, "%lld", (long long)p->revision), NULL);
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		html_open(h, "fieldset", "id", arena_printf(&r->arena, "abschnitt-%d", sec + 1),
		          NULL);
		html_elem(h, "legend", tr(r, proposal_section_titles[sec]), NULL);
		section_fields(r, h, s, p, (enum proposal_section)sec, pr);
		html_close(h, "fieldset");
	}
	if (revising(p)) {
		html_open(h, "div", "class", "actions", NULL);
		html_elem(h, "button", tr(r, "Submit revised version"), "type", "submit", "name",
		          "action", "value", "submit", "class", "btn btn-primary", NULL);
		html_elem(h, "a", tr(r, "Cancel"), "href", submit_url(r, p->id, ""), "class",
		          "btn btn-secondary", NULL);
		html_close(h, "div");
		html_close(h, "form");
		attachments_section(r, h, p, false);
		layout_end(r, h);
		return;
	}
	html_open(h, "fieldset", "id", "abschnitt-dateien", NULL);
	html_elem(h, "legend", tr(r, "Attachments"), NULL);
	attachments_file_field(r, h, p, file_error);
	html_close(h, "fieldset");
	html_open(h, "div", "class", "actions", NULL);
	/* The first button is what Enter does: saving, never submitting by accident. */
	html_elem(h, "button", tr(r, "Save draft"), "type", "submit", "name", "action", "value",
	          "save", "class", "btn btn-secondary", NULL);
	html_elem(h, "button", tr(r, "Save and preview"), "type", "submit", "name", "action",
	          "value", "preview", "class", "btn btn-secondary", NULL);
	html_elem(h, "button", tr(r, "Submit proposal"), "type", "submit", "name", "action",
	          "value", "submit", "class", "btn btn-primary", NULL);
	html_close(h, "div");
	html_close(h, "form");
	attachments_section(r, h, p, true);
	layout_end(r, h);
}

void
page_proposal_edit(struct request *r)
{
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	if (access_may_edit_proposal(r->store, r->user, &p) != ACCESS_ALLOWED &&
	    access_may_revise_proposal(r->store, r->user, &p) != ACCESS_ALLOWED) {
		http_redirect(r, submit_url(r, p.id, ""),
		              N_("This proposal cannot be edited in its current state."));
		return;
	}
	edit_form(r, r->store, &p, NULL, NULL, NULL, NULL);
}

/* Reads the posted form into p; problems with terms and self-assessments go to pr. */
static void
read_form(struct request *r, struct store *s, struct proposal *p, struct problems *pr)
{
	for (int i = 0; i < PT_COUNT; i++)
		p->text[i] = form_value(r, proposal_fields[i].key);
	p->art_id = form_int(r, "art");
	p->revision = form_int(r, "revision");
	p->nterms = 0;
	for (size_t i = 0; i < r->form.n; i++) {
		if (strcmp(r->form.items[i].key, "term") != 0)
			continue;
		char *end;
		long long id = strtoll(r->form.items[i].value, &end, 10);
		if (*end || id <= 0 || p->nterms >= PROPOSAL_MAX_TERMS) {
			problem(pr, "handlungsfeld", N_("An unknown entry was chosen."));
			continue;
		}
		p->term_ids[p->nterms++] = id;
	}
	struct criterion crit[16];
	size_t n = review_leaf_criteria(s, &r->arena, p->call_id, crit, 16);
	p->nself = 0;
	for (size_t i = 0; i < n && p->nself < PROPOSAL_MAX_SELF; i++) {
		const char *key = arena_printf(&r->arena, "self_%s", crit[i].key);
		const char *v = kv_get(&r->form, key);
		if (!v || !*v)
			continue;
		if (str_utf8_len(v) > PROPOSAL_SELF_MAX)
			problem(pr, key, N_("The text is too long."));
		p->self[p->nself].criterion_key = crit[i].key;
		p->self[p->nself].body = v;
		p->nself++;
	}
}

static const char *
conflict_text(struct request *r, struct store *s, int64_t id)
{
	struct proposal now;
	if (!proposal_find(s, &r->arena, id, &now))
		return tr(r, "The proposal was changed meanwhile.");
	return arena_printf(&r->arena,
	                    tr(r, "%s saved this proposal at %s, after you opened it. Your "
	                          "entries below have NOT been saved, so that nothing of theirs is "
	                          "overwritten. Please copy what you need, reload the page to see "
	                          "the current version, and add your changes there."),
	                    now.updated_by_name, submit_when(r, now.updated_at));
}

static void
try_submit(struct request *r, struct store *s, struct proposal *p)
{
	struct proposal_tx t = {.r = r, .p = p};
	int rc = store_tx(s, submit_body, &t);
	if (rc == PROPOSAL_OK) {
		http_redirect(r, submit_url(r, p->id, ""),
		              N_("Your proposal has been submitted. A receipt is on its way to "
		                 "your e-mail address."));
		return;
	}
	if (rc < 0)
		goto fail;
	struct problems pr = {0};
	const char *intro = tr(r, "Your draft has been saved, but it cannot be submitted yet.");
	if (rc == PROPOSAL_INCOMPLETE) {
		pr.n = proposal_missing(s, &r->arena, p, pr.key, pr.msgid, 80);
	} else if (rc == PROPOSAL_DEADLINE) {
		intro =
		    tr(r, "Your draft has been saved, but the call no longer accepts proposals: "
		          "the deadline has passed.");
		problem(&pr, "title", N_("The deadline has passed."));
	} else {
		intro = tr(r, "Your draft has been saved, but it cannot be submitted in its "
		              "current state.");
		problem(&pr, "title", N_("The proposal cannot be submitted in its current state."));
	}
	r->resp.status = 422;
	edit_form(r, s, p, &pr, intro, NULL, NULL);
	return;
fail:
	http_fail(r);
}

enum attached { ATTACHED_NONE, ATTACHED_FILE, ATTACHED_REFUSED };

/* Attaches the file chosen in the form, after the draft is saved. On a refusal the form
 * comes back with the reason at the file field (the draft is saved). */
static enum attached
attach_chosen_file(struct request *r, struct store *s, struct proposal *p)
{
	const struct upload *u = http_upload(r, "file");
	if (!u || (!u->size && !u->filename[0]))
		return ATTACHED_NONE;
	struct attachment_verdict v = {.code = ATTACHMENT_EMPTY, .claimed = -1, .detected = -1};
	struct blob_bytes b = http_upload_bytes(u);
	if (attachment_add_bytes(s, r->user, p->id, u->filename, &b, &v, NULL) == ATTACHMENT_OK)
		return ATTACHED_FILE;
	struct problems pr = {0};
	problem(&pr, "file", N_("The file was not attached."));
	r->resp.status = 422;
	edit_form(r, s, p, &pr, tr(r, "Your draft has been saved, but the file was not attached."),
	          NULL, attachments_refusal(r, &v, u->filename));
	return ATTACHED_REFUSED;
}

struct revise_tx {
	struct request *r;
	struct proposal *p;
	int64_t revision, number;
};

static int
revise_body(struct store *s, void *arg)
{
	struct revise_tx *t = arg;
	/* proposal_revise moves p's revision on: an attempt run again starts from the first. */
	t->p->revision = t->revision;
	return proposal_revise(s, t->r->user, t->p, &t->number);
}

/* A submitted proposal's revision: complete, it becomes the next version at once; else
 * nothing changes and the form comes back with what is missing (and what was typed). */
static void
revise(struct request *r, struct store *s, struct proposal *p)
{
	const char *kept =
	    tr(r, "Nothing has been changed: the version you submitted stays valid.");
	struct problems pr = {0};
	read_form(r, s, p, &pr);
	if (form_error_count(r) || pr.n) {
		r->resp.status = 422;
		edit_form(r, s, p, &pr, kept, NULL, NULL);
		return;
	}
	struct revise_tx t = {.r = r, .p = p, .revision = p->revision};
	int rc = store_tx(s, revise_body, &t);
	switch (rc) {
	case PROPOSAL_OK:
		http_redirect(
		    r, submit_url(r, p->id, ""),
		    N_("Your revision has been submitted as a new version. A receipt is on "
		       "its way to your e-mail address."));
		return;
	case PROPOSAL_INCOMPLETE:
		pr.n = proposal_missing(s, &r->arena, p, pr.key, pr.msgid, 80);
		r->resp.status = 422;
		edit_form(r, s, p, &pr, kept, NULL, NULL);
		return;
	case PROPOSAL_BAD_TERM:
		problem(&pr, "handlungsfeld",
		        N_("An unknown or retired entry was chosen. Please choose again."));
		r->resp.status = 422;
		edit_form(r, s, p, &pr, kept, NULL, NULL);
		return;
	case PROPOSAL_CONFLICT:
		r->resp.status = 409;
		edit_form(r, s, p, NULL, NULL, conflict_text(r, s, p->id), NULL);
		return;
	case PROPOSAL_TOO_LONG:
		http_error(r, 422, N_("The text is too long."));
		return;
	case PROPOSAL_DEADLINE:
		http_error(r, 409,
		           N_("The deadline has passed: the version you submitted stays valid."));
		return;
	case PROPOSAL_NOT_EDITABLE:
		http_error(r, 409, N_("This proposal cannot be edited in its current state."));
		return;
	default:
		http_fail(r);
	}
}

void
page_proposal_save(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	/* A 409 whatever the reason (ACCESS_CLOSED or, for a reader who is no submitter of
	 * the organisation, ACCESS_FORBIDDEN), as this page has always answered. */
	if (access_may_edit_proposal(s, r->user, &p) != ACCESS_ALLOWED) {
		if (access_may_revise_proposal(s, r->user, &p) == ACCESS_ALLOWED) {
			revise(r, s, &p);
			return;
		}
		http_error(r, 409, N_("This proposal cannot be edited in its current state."));
		return;
	}
	struct problems pr = {0};
	read_form(r, s, &p, &pr);
	if (form_error_count(r) || pr.n) {
		r->resp.status = 422;
		edit_form(r, s, &p, &pr, tr(r, "Nothing has been saved yet."), NULL, NULL);
		return;
	}
	struct proposal_tx t = {.r = r, .p = &p, .revision = p.revision};
	int rc = store_tx(s, save_body, &t);
	if (rc != PROPOSAL_OK) {
		if (rc == PROPOSAL_CONFLICT) {
			r->resp.status = 409;
			edit_form(r, s, &p, NULL, NULL, conflict_text(r, s, p.id), NULL);
		} else if (rc == PROPOSAL_BAD_TERM) {
			problem(&pr, "handlungsfeld",
			        N_("An unknown or retired entry was chosen. Please choose again."));
			r->resp.status = 422;
			edit_form(r, s, &p, &pr, tr(r, "Nothing has been saved yet."), NULL, NULL);
		} else if (rc == PROPOSAL_NOT_EDITABLE || rc == PROPOSAL_TOO_LONG) {
			http_error(
			    r, rc == PROPOSAL_TOO_LONG ? 422 : 409,
			    rc == PROPOSAL_TOO_LONG
			        ? N_("The text is too long.")
			        : N_("This proposal cannot be edited in its current state."));
		} else {
			goto fail;
		}
		return;
	}
	enum attached file = attach_chosen_file(r, s, &p);
	if (file == ATTACHED_REFUSED)
		return;
	const char *saved = file == ATTACHED_FILE
	                        ? N_("Your draft has been saved and the file attached.")
	                        : N_("Your draft has been saved.");
	const char *action = form_value(r, "action");
	if (strcmp(action, "submit") == 0)
		try_submit(r, s, &p);
	else if (strcmp(action, "preview") == 0)
		http_redirect(r, submit_url(r, p.id, "#inhalt"), saved);
	else
		http_redirect(r, submit_url(r, p.id, "/bearbeiten"), saved);
	return;
fail:
	http_fail(r);
}

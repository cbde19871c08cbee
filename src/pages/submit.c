/* The sub-project's side of submission: the dashboard of its proposals, the proposal
 * form in sections with saving at any time and submitting with a completeness check,
 * the proposal page with its state, next step and the question thread. */
#include "pages/submit.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/decision.h"
#include "domain/review.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/parse.h"
#include "domain/attachment.h"
#include "pages/attachments.h"
#include "pages/decision_pages.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

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

const struct form_key message_keys[1] = {
    {"body", FORM_LONGTEXT, true, 0, 4000, NULL},
};

static const char *
proposal_url(struct request *r, int64_t id, const char *suffix)
{
	return arena_printf(&r->arena, "/vorschlag/%lld%s", (long long)id, suffix);
}

static const char *
berlin(struct request *r, int64_t t)
{
	char *out = arena_alloc(&r->arena, 40);
	time_format_berlin(out, 40, t, r->lang == LANG_DE);
	return out;
}

/* "3 days, 4 hours left" — how long a call still accepts proposals. */
static const char *
time_left(struct request *r, int64_t closes)
{
	int64_t left = closes - time_now();
	if (left <= 0)
		return tr(r, "The deadline has passed.");
	long days = (long)(left / 86400), hours = (long)(left % 86400 / 3600),
	     minutes = (long)(left % 3600 / 60);
	/* Two counted parts, each with its plural, in one translatable sentence. */
	const char *big =
	    days > 0 ? arena_printf(&r->arena, trn(r, "%ld day", "%ld days", days), days)
	             : arena_printf(&r->arena, trn(r, "%ld hour", "%ld hours", hours), hours);
	const char *small =
	    days > 0
	        ? arena_printf(&r->arena, trn(r, "%ld hour", "%ld hours", hours), hours)
	        : arena_printf(&r->arena, trn(r, "%ld minute", "%ld minutes", minutes), minutes);
	return arena_printf(&r->arena, tr(r, "%s and %s left"), big, small);
}

static const char *
state_badge_class(enum proposal_state s)
{
	switch (s) {
	case PS_DRAFT:
		return "badge badge-draft";
	case PS_SUBMITTED:
	case PS_RESUBMITTED:
		return "badge badge-submitted";
	case PS_RETURNED:
	case PS_ELIGIBLE:
	case PS_IN_REVIEW:
		return "badge badge-review";
	case PS_SELECTED:
		return "badge badge-selected";
	case PS_PUBLISHED:
		return "badge badge-published";
	case PS_INELIGIBLE:
	case PS_NOT_SELECTED:
		return "badge badge-rejected";
	default:
		return "badge badge-neutral";
	}
}

static void
state_badge(struct request *r, struct html *h, enum proposal_state s)
{
	html_elem(h, "span", tr(r, proposal_state_label(s)), "class", state_badge_class(s), NULL);
}

/* What the sub-project can do next, in a sentence. */
static const char *
next_step(struct request *r, enum proposal_state s, bool call_open)
{
	switch (s) {
	case PS_DRAFT:
		return call_open
		           ? tr(r, "Complete the form and submit it before the deadline.")
		           : tr(r, "The call is closed; this draft can no longer be submitted.");
	case PS_RETURNED:
		return call_open
		           ? tr(r, "Revise the proposal as asked and submit it again.")
		           : tr(r, "The call is closed; the revision can no longer be submitted.");
	case PS_SUBMITTED:
	case PS_RESUBMITTED:
		return tr(r, "The coordination office checks the formal requirements.");
	case PS_ELIGIBLE:
	case PS_IN_REVIEW:
		return tr(r, "The advisory board is rating the proposal.");
	case PS_INELIGIBLE:
		return tr(r, "The proposal does not meet the formal requirements.");
	default:
		return tr(r, "Nothing to do.");
	}
}

static void
open_calls(struct request *r, struct html *h, struct store *s)
{
	size_t n;
	struct call *calls = call_list(s, &r->arena, &n);
	bool any = false;
	html_elem(h, "h2", tr(r, "Open calls"), NULL);
	for (size_t i = 0; i < n; i++) {
		if (!call_accepts_submissions(&calls[i], time_now()))
			continue;
		any = true;
		html_open(h, "section", "class", "panel", NULL);
		html_elem(h, "h3", calls[i].title, NULL);
		html_open(h, "p", NULL);
		html_textf(h, tr(r, "Deadline: %s (Berlin time)."), berlin(r, calls[i].closes_at));
		html_text(h, " ");
		html_text(h, time_left(r, calls[i].closes_at));
		html_close(h, "p");
		widget_form_begin(r, h, "/einreichung/neu");
		html_void(h, "input", "type", "hidden", "name", "call_id", "value",
		          arena_printf(&r->arena, "%lld", (long long)calls[i].id), NULL);
		widget_submit(h, tr(r, "Start a new proposal"));
		html_close(h, "form");
		html_close(h, "section");
	}
	if (!any)
		html_elem(h, "p", tr(r, "No call is open for proposals at the moment."), NULL);
}

void
page_submissions(struct request *r)
{
	struct store *s = r->store;
	struct html *h = layout_begin(r, tr(r, "Our proposals"));
	if (!r->user->organisation_id) {
		layout_notice(h, "warning",
		              tr(r, "Your account is not linked to a sub-project yet. Please ask "
		                    "the coordination office."));
		layout_end(r, h);
		return;
	}
	html_open(h, "p", "class", "lead", NULL);
	html_textf(h, tr(r, "Proposals of %s."), r->user->organisation_name);
	html_close(h, "p");
	size_t n;
	struct proposal_summary *list =
	    proposal_list_by_org(s, &r->arena, r->user->organisation_id, &n);
	if (n) {
		const char *heads[] = {tr(r, "Title"), tr(r, "Call"), tr(r, "State"),
		                       tr(r, "Deadline"), tr(r, "Next step")};
		widget_table_begin(h, tr(r, "Proposals of your sub-project"), heads, 5);
		for (size_t i = 0; i < n; i++) {
			struct call c;
			bool open = call_find(s, &r->arena, list[i].call_id, &c) &&
			            call_accepts_submissions(&c, time_now());
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			html_elem(h, "a", list[i].title[0] ? list[i].title : tr(r, "(untitled)"),
			          "href", proposal_url(r, list[i].id, ""), NULL);
			html_close(h, "td");
			html_elem(h, "td", list[i].call_title, NULL);
			html_open(h, "td", NULL);
			state_badge(r, h, list[i].state);
			html_close(h, "td");
			html_elem(h, "td", berlin(r, list[i].closes_at), NULL);
			html_elem(h, "td", next_step(r, list[i].state, open), NULL);
			html_close(h, "tr");
		}
		widget_table_end(h);
	} else {
		html_elem(h, "p", tr(r, "Your sub-project has no proposals yet."), NULL);
	}
	open_calls(r, h, s);
	layout_end(r, h);
}

/* A change of a proposal: the request (its form has the fields), the proposal, and what
 * proposal_create or proposal_carry_over returned (the new id, or minus a PROPOSAL_ code). */
struct proposal_tx {
	struct request *r;
	struct proposal *p;
	bool office;
	int64_t revision; /* the revision the form was opened at (save_body) */
	int64_t id;       /* out */
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

static int
withdraw_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	return proposal_withdraw(s, t->r->user->id, t->p->id);
}

static int
message_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	return proposal_message_add(s, t->r->user, t->p->id, t->office, form_value(t->r, "body")) ==
	               0
	           ? STORE_OK
	           : STORE_ERR;
}

static int64_t deferred_to(struct request *r, struct store *s, const struct proposal *p);

static int
carry_body(struct store *s, void *arg)
{
	struct proposal_tx *t = arg;
	t->id = proposal_carry_over(s, t->r->user, t->p->id, deferred_to(t->r, s, t->p));
	return t->id < 0 ? STORE_ERR : STORE_OK;
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
	http_redirect(r, proposal_url(r, id, "/bearbeiten"), N_("A new draft has been created."));
	return;
fail:
	http_fail(r);
}

bool
submit_load(struct request *r, struct proposal *p)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	struct store *s = r->store;
	if (*end || id <= 0 || !proposal_find(s, &r->arena, id, p) ||
	    access_may_read_proposal(s, r->user, p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal, or you may not see it."));
		return false;
	}
	return true;
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

static bool
is_post(struct request *r)
{
	return strcmp(r->method, "POST") == 0;
}

static const char *
self_of(const struct proposal *p, const char *key)
{
	for (size_t i = 0; i < p->nself; i++)
		if (strcmp(p->self[i].criterion_key, key) == 0)
			return p->self[i].body;
	return "";
}

static void
summary_box(struct request *r, struct html *h, const struct problems *pr, const char *intro)
{
	size_t n = form_error_count(r) + (pr ? pr->n : 0);
	if (!n)
		return;
	html_open(h, "div", "class", "error-summary", "role", "alert", "tabindex", "-1", "id",
	          "error-summary", NULL);
	html_elem(h, "h2", tr(r, "Please check your entries"), NULL);
	if (intro)
		html_elem(h, "p", intro, NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < r->nfields; i++) {
		if (!r->fields[i].error)
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, r->fields[i].error), "href",
		          arena_printf(&r->arena, "#f-%s", r->fields[i].name), NULL);
		html_close(h, "li");
	}
	for (size_t i = 0; pr && i < pr->n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, pr->msgid[i]), "href",
		          arena_printf(&r->arena, "#f-%s", pr->key[i]), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
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
		html_elem(h, "label", term_label(&terms[i], r->lang), "for", cid, NULL);
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
		const char *value = is_post(r) ? (typed ? typed : "") : self_of(p, crit[i].key);
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

static void
call_box(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Call"), NULL);
	html_elem(h, "dd", c->title, NULL);
	html_elem(h, "dt", tr(r, "Deadline"), NULL);
	html_open(h, "dd", NULL);
	html_textf(h, tr(r, "%s (Berlin time)"), berlin(r, c->closes_at));
	html_text(h, " – ");
	html_elem(h, "strong", time_left(r, c->closes_at), NULL);
	html_close(h, "dd");
	html_close(h, "dl");
}

/* The form; values are the stored proposal's, or what was typed after a failed POST. */
static void
edit_form(struct request *r, struct store *s, const struct proposal *p, const struct problems *pr,
          const char *intro, const char *conflict, const char *file_error)
{
	struct call c;
	call_find(s, &r->arena, p->call_id, &c);
	struct html *h =
	    layout_begin(r, p->text[PT_TITLE][0] ? p->text[PT_TITLE] : tr(r, "New proposal"));
	call_box(r, h, &c);
	if (p->state == PS_RETURNED && p->state_reason[0]) {
		html_open(h, "div", "class", "notice notice-warning", "role", "status", NULL);
		html_elem(h, "strong", tr(r, "Returned for revision:"), NULL);
		html_text(h, " ");
		html_text(h, p->state_reason);
		html_close(h, "div");
	}
	if (conflict)
		layout_notice(h, "error", conflict);
	summary_box(r, h, pr, intro);
	html_elem(
	    h, "p",
	    tr(r,
	       "You can save the draft at any time, also incomplete. Long texts may use "
	       "Markdown: **bold**, *italic*, lists with \"- \" and links as [text](https://…)."),
	    "class", "hint", NULL);
	/* One multipart form: a chosen file is attached when the draft is saved, so nothing
	 * typed is lost by uploading. */
	widget_form_begin_upload(r, h, proposal_url(r, p->id, "/bearbeiten"));
	html_void(h, "input", "type", "hidden", "name", "revision", "value",
	          arena_printf(&r->arena, "%lld", (long long)p->revision), NULL);
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		html_open(h, "fieldset", "id", arena_printf(&r->arena, "abschnitt-%d", sec + 1),
		          NULL);
		html_elem(h, "legend", tr(r, proposal_section_titles[sec]), NULL);
		section_fields(r, h, s, p, (enum proposal_section)sec, pr);
		html_close(h, "fieldset");
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
	if (access_may_edit_proposal(r->store, r->user, &p) != ACCESS_ALLOWED) {
		http_redirect(r, proposal_url(r, p.id, ""),
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
	                    now.updated_by_name, berlin(r, now.updated_at));
}

static void
try_submit(struct request *r, struct store *s, struct proposal *p)
{
	struct proposal_tx t = {.r = r, .p = p};
	int rc = store_tx(s, submit_body, &t);
	if (rc == PROPOSAL_OK) {
		http_redirect(r, proposal_url(r, p->id, ""),
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
	if (attachment_add(s, r->user, p->id, u->filename, u->data, u->size, &v, NULL) ==
	    ATTACHMENT_OK)
		return ATTACHED_FILE;
	struct problems pr = {0};
	problem(&pr, "file", N_("The file was not attached."));
	r->resp.status = 422;
	edit_form(r, s, p, &pr, tr(r, "Your draft has been saved, but the file was not attached."),
	          NULL, attachments_refusal(r, &v, u->filename));
	return ATTACHED_REFUSED;
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
		http_redirect(r, proposal_url(r, p.id, "#inhalt"), saved);
	else
		http_redirect(r, proposal_url(r, p.id, "/bearbeiten"), saved);
	return;
fail:
	http_fail(r);
}

static void
terms_of_kind(struct request *r, struct html *h, struct store *s, const struct proposal *p,
              const char *kind, const char *label)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < p->nterms; i++) {
		struct term t;
		if (taxonomy_find(s, &r->arena, p->term_ids[i], kind, &t))
			buf_printf(&b, "%s%s", b.len ? ", " : "", term_label(&t, r->lang));
	}
	html_elem(h, "dt", label, NULL);
	html_elem(h, "dd", b.len ? buf_str(&b) : "–", NULL);
	buf_free(&b);
}

void
submit_render_content(struct request *r, struct html *h, const struct proposal *p)
{
	struct store *s = r->store;
	html_open(h, "div", "id", "inhalt", NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	struct term art;
	html_elem(h, "dt", tr(r, "Kind of practice"), NULL);
	html_elem(h, "dd",
	          p->art_id && taxonomy_find(s, &r->arena, p->art_id, "art", &art)
	              ? term_label(&art, r->lang)
	              : "–",
	          NULL);
	html_elem(h, "dt", tr(r, proposal_fields[PT_IN_USE_SINCE].label), NULL);
	html_elem(h, "dd", p->text[PT_IN_USE_SINCE][0] ? p->text[PT_IN_USE_SINCE] : "–", NULL);
	terms_of_kind(r, h, s, p, "handlungsfeld", tr(r, "Fields of action"));
	terms_of_kind(r, h, s, p, "zielgruppe", tr(r, "Target groups"));
	terms_of_kind(r, h, s, p, "adressat", tr(r, "Addressees"));
	terms_of_kind(r, h, s, p, "bundesland", tr(r, "Federal states"));
	html_close(h, "dl");
	if (p->text[PT_TEASER][0])
		html_elem(h, "p", p->text[PT_TEASER], "class", "lead", NULL);
	for (int sec = SEC_SITUATION; sec < SEC_COUNT; sec++) {
		html_open(h, "section", "class", "panel", NULL);
		html_elem(h, "h2", tr(r, proposal_section_titles[sec]), NULL);
		if (sec == SEC_SELF_ASSESSMENT) {
			struct criterion crit[16];
			size_t n = review_leaf_criteria(s, &r->arena, p->call_id, crit, 16);
			for (size_t i = 0; i < n; i++) {
				html_elem(h, "h3", criterion_label(&crit[i], r->lang), NULL);
				const char *body = self_of(p, crit[i].key);
				if (*body)
					html_markdown(h, body);
				else
					html_elem(h, "p", tr(r, "(not filled in yet)"), "class",
					          "muted", NULL);
			}
		}
		for (int i = 0; i < PT_COUNT; i++) {
			const struct proposal_field *f = &proposal_fields[i];
			if (f->section != (enum proposal_section)sec)
				continue;
			html_elem(h, "h3", tr(r, f->label), NULL);
			if (!p->text[i][0])
				html_elem(h, "p", tr(r, "(not filled in yet)"), "class", "muted",
				          NULL);
			else if (f->markdown)
				html_markdown(h, p->text[i]);
			else
				html_elem(h, "p", p->text[i], NULL);
		}
		html_close(h, "section");
	}
	html_close(h, "div");
}

void
submit_render_thread(struct request *r, struct html *h, const struct proposal *p,
                     const char *action)
{
	size_t n;
	struct proposal_message *msgs = proposal_messages(r->store, &r->arena, p->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "thread-h", NULL);
	html_elem(h, "h2", tr(r, "Questions and answers"), "id", "thread-h", NULL);
	if (!n)
		html_elem(h, "p", tr(r, "No messages yet."), "class", "muted", NULL);
	html_open(h, "ol", "class", "thread", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_open(h, "p", "class", "card-meta", NULL);
		html_elem(h, "strong", msgs[i].author_name, NULL);
		html_textf(h, " (%s), %s",
		           msgs[i].from_office ? tr(r, "Coordination office")
		                               : tr(r, "Sub-project"),
		           berlin(r, msgs[i].created_at));
		html_close(h, "p");
		html_markdown(h, msgs[i].body);
		html_close(h, "li");
	}
	html_close(h, "ol");
	widget_form_begin(r, h, action);
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "Your message"),
	                                 .required = true,
	                                 .maxlength = 4000,
	                                 .rows = 4});
	widget_submit(h, tr(r, "Send message"));
	html_close(h, "form");
	html_close(h, "section");
}

/* The later call of a deferral, if the proposal is deferred to one (0 otherwise). */
static int64_t
deferred_to(struct request *r, struct store *s, const struct proposal *p)
{
	struct decision d;
	if (p->state != PS_DEFERRED || !decision_find(s, &r->arena, p->id, &d))
		return 0;
	return decision_current(&d)->target_call_id;
}

/* A proposal deferred to a later call: its sub-project brings it into that call. */
static void
carry_over_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	int64_t target = deferred_to(r, s, p);
	struct call c;
	if (!target || !call_find(s, &r->arena, target, &c))
		return;
	html_open(h, "section", "class", "panel", "aria-labelledby", "carry-h", NULL);
	html_elem(h, "h2", tr(r, "Deferred to a later call"), "id", "carry-h", NULL);
	html_open(h, "p", NULL);
	html_textf(h, tr(r, "The board deferred this proposal to the call \"%s\"."), c.title);
	html_close(h, "p");
	int64_t into = proposal_carried_into(s, p->id);
	bool own = access_may_carry_over(s, r->user, p) == ACCESS_ALLOWED;
	if (into) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Open the proposal in that call"), "href",
		          proposal_url(r, into, ""), NULL);
		html_close(h, "p");
	} else if (own && call_accepts_submissions(&c, time_now())) {
		html_elem(h, "p",
		          tr(r,
		             "Bring it into that call as a new draft with everything it has now; "
		             "revise it as the board asked and submit it before the deadline."),
		          NULL);
		widget_button_form(r, h, proposal_url(r, p->id, "/uebernehmen"),
		                   tr(r, "Bring it into the later call"), "btn btn-primary", NULL);
	} else if (own) {
		html_elem(h, "p", tr(r, "That call does not accept proposals at the moment."),
		          "class", "muted", NULL);
	}
	html_close(h, "section");
}

static void
proposal_page(struct request *r, struct store *s, const struct proposal *p)
{
	struct call c;
	call_find(s, &r->arena, p->call_id, &c);
	struct html *h =
	    layout_begin(r, p->text[PT_TITLE][0] ? p->text[PT_TITLE] : tr(r, "(untitled)"));
	widget_error_summary(r, h);
	html_open(h, "p", NULL);
	state_badge(r, h, p->state);
	html_text(h, " ");
	html_text(h, next_step(r, p->state, call_accepts_submissions(&c, time_now())));
	html_close(h, "p");
	if ((p->state == PS_RETURNED || p->state == PS_INELIGIBLE) && p->state_reason[0]) {
		html_open(h, "div", "class", "notice notice-warning", "role", "status", NULL);
		html_elem(h, "strong", tr(r, "Message from the coordination office:"), NULL);
		html_text(h, " ");
		html_text(h, p->state_reason);
		html_close(h, "div");
	}
	/* Decisions (issue 5): the board's decision letter, once it has been sent. */
	decision_letter_section(r, h, s, p);
	carry_over_section(r, h, s, p);
	call_box(r, h, &c);
	html_open(h, "div", "class", "actions", NULL);
	if (access_may_edit_proposal(s, r->user, p) == ACCESS_ALLOWED)
		html_elem(h, "a", tr(r, "Edit proposal"), "class", "btn btn-primary", "href",
		          proposal_url(r, p->id, "/bearbeiten"), NULL);
	if (access_may_withdraw(s, r->user, p) == ACCESS_ALLOWED)
		widget_button_form(r, h, proposal_url(r, p->id, "/zurueckziehen"),
		                   tr(r, "Withdraw proposal"), "btn btn-danger",
		                   tr(r, "Withdraw this proposal? This cannot be undone."));
	html_close(h, "div");
	submit_render_content(r, h, p);
	attachments_section(r, h, p, false);
	size_t nv;
	struct proposal_version *v = proposal_versions(s, &r->arena, p->id, &nv);
	if (nv) {
		html_elem(h, "h2", tr(r, "Submitted versions"), NULL);
		html_open(h, "ul", NULL);
		for (size_t i = 0; i < nv; i++) {
			html_open(h, "li", NULL);
			html_textf(h, tr(r, "Version %lld, submitted on %s"),
			           (long long)v[i].number, berlin(r, v[i].submitted_at));
			html_close(h, "li");
		}
		html_close(h, "ul");
	}
	/* The question thread is between the office and the sub-project; board members who
	 * may read the proposal do not take part in it. */
	if (access_may_post_question(s, r->user, p) == ACCESS_ALLOWED)
		submit_render_thread(r, h, p, proposal_url(r, p->id, "/nachricht"));
	layout_end(r, h);
}

void
page_proposal(struct request *r)
{
	struct proposal p;
	if (submit_load(r, &p))
		proposal_page(r, r->store, &p);
}

void
page_proposal_withdraw(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	if (access_may_withdraw(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 409, N_("This proposal can no longer be withdrawn."));
		return;
	}
	struct proposal_tx t = {.r = r, .p = &p};
	int rc = store_tx(s, withdraw_body, &t);
	if (rc != PROPOSAL_OK) {
		if (rc < 0)
			goto fail;
		http_error(r, 409, N_("This proposal can no longer be withdrawn."));
		return;
	}
	http_redirect(r, proposal_url(r, p.id, ""), N_("The proposal has been withdrawn."));
	return;
fail:
	http_fail(r);
}

void
page_proposal_message(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	if (access_may_post_question(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 403,
		           N_("Only the coordination office and the sub-project write in "
		              "this thread."));
		return;
	}
	if (form_error_count(r)) {
		r->resp.status = 422;
		proposal_page(r, s, &p);
		return;
	}
	struct proposal_tx t = {.r = r, .p = &p, .office = (r->user->roles & ROLE_ADMIN) != 0};
	if (store_tx(s, message_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, proposal_url(r, p.id, "#thread-h"), N_("Your message has been sent."));
}

void
page_proposal_carry(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!submit_load(r, &p))
		return;
	struct proposal_tx t = {.r = r, .p = &p};
	int64_t id = store_tx(s, carry_body, &t) == STORE_OK ? t.id : -PROPOSAL_ERROR;
	if (t.id < 0)
		id = t.id;
	if (id < 0) {
		if (id == -PROPOSAL_ERROR)
			goto fail;
		http_error(r, 409,
		           id == -PROPOSAL_DEADLINE
		               ? N_("The later call does not accept proposals at the moment.")
		               : N_("This proposal cannot be brought into another call (it is not "
		                    "deferred to one, or it has been brought there already)."));
		return;
	}
	http_redirect(r, proposal_url(r, id, "/bearbeiten"),
	              N_("The proposal is now a draft in the later call."));
	return;
fail:
	http_fail(r);
}

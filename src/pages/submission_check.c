/* The coordination office's view of one proposal: read-only with its formal check,
 * versions and comparison, and the question thread (Rückfrage) with the sub-project. */
#include "domain/attachment.h"
#include "domain/call.h"
#include "domain/formal_check.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/taxonomy.h"
#include "domain/user.h"
#include "domain/version_diff.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_attachments.h"
#include "pages/view_office.h"
#include "pages/office_pages.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_MAX 4000
#define REASON_MAX 4000

static const char *const verdicts[] = {"open", "met", "not_met", NULL};
static const char *const outcomes[] = {"eligible", "ineligible", "returned", NULL};

/* Three keys per gate, by the gate's place in the call's list: its id (to notice a list
 * that changed since the form was shown), the verdict and the note. */
#define GATE_KEYS(n)                                                                               \
	{"gate_id_" #n, FORM_INT, false, 0, INT64_MAX, NULL},                                      \
	    {"gate_" #n, FORM_CHOICE, false, 0, 0, verdicts},                                      \
	{                                                                                          \
		"note_" #n, FORM_LONGTEXT, false, 0, FORMAL_NOTE_MAX, NULL                         \
	}

const struct form_key formal_check_keys[36] = {
    GATE_KEYS(1), GATE_KEYS(2), GATE_KEYS(3), GATE_KEYS(4),  GATE_KEYS(5),  GATE_KEYS(6),
    GATE_KEYS(7), GATE_KEYS(8), GATE_KEYS(9), GATE_KEYS(10), GATE_KEYS(11), GATE_KEYS(12),
};
_Static_assert(sizeof formal_check_keys / sizeof formal_check_keys[0] == 3 * FORMAL_MAX_GATES,
               "one key triple per gate");

const struct form_key formal_decision_keys[2] = {
    {"outcome", FORM_CHOICE, true, 0, 0, outcomes},
    {"reason", FORM_LONGTEXT, false, 0, REASON_MAX, NULL},
};

const struct form_key office_message_keys[1] = {
    {"body", FORM_LONGTEXT, true, 0, MESSAGE_MAX, NULL},
};

static const char *
proposal_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/vorschlaege/%lld%s", (long long)id, rest);
}

static const char *
list_href(struct request *r, int64_t call_id)
{
	return office_call_href(r, call_id, "/vorschlaege");
}

static const char *
title_of(struct request *r, const char *title)
{
	return title && *title ? title : tr(r, "Untitled proposal");
}

/* ---- one proposal ---- */

static const char *
kind_heading(struct request *r, const char *kind)
{
	if (strcmp(kind, "handlungsfeld") == 0)
		return tr(r, "Fields of action");
	if (strcmp(kind, "zielgruppe") == 0)
		return tr(r, "Target groups");
	if (strcmp(kind, "adressat") == 0)
		return tr(r, "Addressees");
	if (strcmp(kind, "bundesland") == 0)
		return tr(r, "Federal states");
	return tr(r, "Type of practice");
}

static const char *
terms_text(struct request *r, struct store *s, const struct proposal *p, const char *kind)
{
	struct buf b = BUF_INIT;
	if (strcmp(kind, "art") == 0) {
		struct term t;
		if (p->art_id && taxonomy_find(s, &r->arena, p->art_id, "art", &t))
			buf_puts(&b, term_label(&t, r->lang));
	}
	for (size_t i = 0; strcmp(kind, "art") != 0 && i < p->nterms; i++) {
		struct term t;
		if (taxonomy_find(s, &r->arena, p->term_ids[i], kind, &t))
			buf_printf(&b, "%s%s", b.len ? ", " : "", term_label(&t, r->lang));
	}
	const char *out = arena_strdup(&r->arena, b.len ? buf_str(&b) : "–");
	buf_free(&b);
	return out;
}

static void
field_block(struct request *r, struct html *h, int i, const char *text)
{
	/* A section of one field ("Experience") needs no second heading of the same name. */
	const char *label = tr(r, proposal_fields[i].label);
	if (strcmp(label, tr(r, proposal_section_titles[proposal_fields[i].section])) != 0)
		html_elem(h, "h4", label, NULL);
	if (proposal_fields[i].markdown)
		office_long_text(r, h, text);
	else {
		html_open(h, "div", "lang", layout_de(r), NULL);
		office_plain_text(h, text);
		html_close(h, "div");
	}
}

static void
self_assessment(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	struct criterion crit[32];
	size_t nc = call_criteria(s, &r->arena, p->call_id, crit, 32);
	for (size_t c = 0; c < nc; c++) {
		const char *body = NULL;
		for (size_t i = 0; i < p->nself; i++)
			if (strcmp(p->self[i].criterion_key, crit[c].key) == 0)
				body = p->self[i].body;
		bool parent = false;
		for (size_t d = 0; d < nc; d++)
			parent |= strcmp(crit[d].parent_key, crit[c].key) == 0;
		if (parent && !body)
			continue; /* assessed through its aspects */
		html_elem(h, "h4", criterion_label(&crit[c], r->lang), NULL);
		office_long_text(r, h, body ? body : "");
	}
}

/* The current attachments, downloaded through the same guarded address as everywhere. */
static void
attachments(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	size_t n;
	struct attachment *att = attachment_list(s, &r->arena, p->id, &n);
	html_open(h, "section", "class", "panel", NULL);
	html_elem(h, "h3", tr(r, "Attachments"), NULL);
	if (attachments_hidden(r, p)) {
		html_elem(h, "p",
		          tr(r,
		             "You have a conflict of interest on this proposal: its files are not "
		             "shown to you."),
		          NULL);
		n = 0;
	} else if (!n)
		html_elem(h, "p", tr(r, "No attachments."), NULL);
	else
		html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", att[i].filename, "href",
		          arena_printf(&r->arena, "/vorschlag/%lld/anhaenge/%lld", (long long)p->id,
		                       (long long)att[i].id),
		          NULL);
		html_textf(h, " (%lld KB, %s, %s)", (long long)((att[i].size + 1023) / 1024),
		           att[i].uploaded_by_name, office_when(r, att[i].uploaded_at));
		html_close(h, "li");
	}
	if (n)
		html_close(h, "ul");
	html_close(h, "section");
}

static void
content_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	html_open(h, "section", "aria-labelledby", "inhalt", NULL);
	html_elem(h, "h2", tr(r, "Content"), "id", "inhalt", NULL);
	for (int sec = 0; sec < SEC_COUNT; sec++) {
		html_open(h, "section", "class", "panel", NULL);
		html_elem(h, "h3", tr(r, proposal_section_titles[sec]), NULL);
		for (int i = 0; i < PT_COUNT; i++)
			if ((int)proposal_fields[i].section == sec)
				field_block(r, h, i, p->text[i]);
		if (sec == SEC_OVERVIEW) {
			html_open(h, "dl", "class", "meta-list", NULL);
			html_elem(h, "dt", kind_heading(r, "art"), NULL);
			html_elem(h, "dd", terms_text(r, s, p, "art"), NULL);
			for (size_t k = 0; proposal_term_kinds[k]; k++) {
				html_elem(h, "dt", kind_heading(r, proposal_term_kinds[k]), NULL);
				html_elem(h, "dd", terms_text(r, s, p, proposal_term_kinds[k]),
				          NULL);
			}
			html_close(h, "dl");
		}
		if (sec == SEC_SELF_ASSESSMENT)
			self_assessment(r, h, s, p);
		html_close(h, "section");
	}
	attachments(r, h, s, p);
	html_close(h, "section");
}

static const char *
verdict_text(struct request *r, enum gate_verdict v)
{
	return v == GATE_MET       ? tr(r, "met")
	       : v == GATE_NOT_MET ? tr(r, "not met")
	                           : tr(r, "not checked yet");
}

static void
gate_fields(struct request *r, struct html *h, const struct gate_check *g, size_t i)
{
	const char *n = arena_printf(&r->arena, "%zu", i + 1);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", gate_label(&g->gate, r->lang), NULL);
	html_void(h, "input", "type", "hidden", "name", arena_printf(&r->arena, "gate_id_%s", n),
	          "value", arena_printf(&r->arena, "%lld", (long long)g->gate.id), NULL);
	const char *opts[] = {"open",    tr(r, "not checked yet"), "met", tr(r, "met"),
	                      "not_met", tr(r, "not met"),         NULL};
	widget_select(r, h,
	              &(struct widget){.name = arena_printf(&r->arena, "gate_%s", n),
	                               .label = tr(r, "Result"),
	                               .value = g->verdict == GATE_MET       ? "met"
	                                        : g->verdict == GATE_NOT_MET ? "not_met"
	                                                                     : "open"},
	              opts);
	widget_textarea(r, h,
	                &(struct widget){.name = arena_printf(&r->arena, "note_%s", n),
	                                 .label = tr(r, "Note"),
	                                 .value = g->note,
	                                 .maxlength = FORMAL_NOTE_MAX,
	                                 .rows = 2});
	if (g->checked_at)
		html_elem(h, "p",
		          arena_printf(&r->arena, tr(r, "Last recorded by %s on %s."),
		                       g->checked_by_name, office_when(r, g->checked_at)),
		          "class", "muted", NULL);
	html_close(h, "fieldset");
}

static void
checklist_readonly(struct request *r, struct html *h, const struct gate_check *g, size_t n)
{
	const char *heads[] = {tr(r, "Point"), tr(r, "Result"), tr(r, "Note")};
	widget_table_begin(h, NULL, heads, 3);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", gate_label(&g[i].gate, r->lang), "scope", "row", NULL);
		html_elem(h, "td", verdict_text(r, g[i].verdict), NULL);
		html_elem(h, "td", g[i].note[0] ? g[i].note : "–", NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static void
decision_form(struct request *r, struct html *h, const struct proposal *p)
{
	html_elem(h, "h3", tr(r, "Result of the formal check"), "id", "entscheidung", NULL);
	html_open(h, "form", "class", "form", "method", "post", "action",
	          proposal_href(r, p->id, "/entscheidung"), "novalidate", "", "data-confirm",
	          tr(r, "Record this result? The sub-project will see it."), NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	const char *err = form_error(r, "outcome");
	html_open(h, "fieldset", "class", err ? "field has-error" : "field", "id", "f-outcome",
	          "aria-describedby", err ? "f-outcome-error" : NULL, NULL);
	html_elem(h, "legend", tr(r, "Outcome"), NULL);
	if (err) {
		html_open(h, "p", "class", "field-error", "id", "f-outcome-error", NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, err));
		html_close(h, "p");
	}
	const char *chosen = widget_value(r, "outcome", "");
	const char *labels[] = {tr(r, "Eligible: goes to the advisory board's review"),
	                        tr(r, "Not eligible (a reason is required)"),
	                        tr(r, "Return for revision (with a message to the sub-project)")};
	for (size_t i = 0; outcomes[i]; i++) {
		const char *id = arena_printf(&r->arena, "f-outcome-%s", outcomes[i]);
		html_open(h, "div", "class", "field field-checkbox", NULL);
		html_void(h, "input", "type", "radio", "id", id, "name", "outcome", "value",
		          outcomes[i], "checked", strcmp(chosen, outcomes[i]) == 0 ? "" : NULL,
		          NULL);
		html_elem(h, "label", labels[i], "for", id, NULL);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
	widget_textarea(r, h,
	                &(struct widget){.name = "reason",
	                                 .label = tr(r, "Reason or message"),
	                                 .hint = tr(r, "Required when the proposal is not eligible "
	                                               "or returned. A message for a return "
	                                               "appears in the question thread and is "
	                                               "sent to the sub-project."),
	                                 .maxlength = REASON_MAX,
	                                 .rows = 5});
	widget_submit(h, tr(r, "Record the result"));
	html_close(h, "form");
}

static void
formal_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	size_t n;
	struct gate_check *g = formal_check_list(s, &r->arena, p->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "pruefung", NULL);
	html_elem(h, "h2", tr(r, "Formal check"), "id", "pruefung", NULL);
	if (!formal_check_open(p->state)) {
		if (p->state == PS_DRAFT)
			html_elem(h, "p",
			          tr(r, "The proposal has not been submitted yet; the formal check "
			                "starts when it is."),
			          NULL);
		else if (p->state == PS_RETURNED)
			html_elem(h, "p",
			          tr(r, "The proposal has been returned for revision. The check "
			                "continues when the sub-project submits it again."),
			          NULL);
		else
			html_elem(h, "p", tr(r, "The formal check is complete."), NULL);
		checklist_readonly(r, h, g, n);
		html_close(h, "section");
		return;
	}
	html_elem(h, "p",
	          tr(r, "Record for each point whether the proposal meets it, with a note. You "
	                "can save the checklist at any time; the result below ends the check."),
	          NULL);
	widget_form_begin(r, h, proposal_href(r, p->id, "/pruefung"));
	for (size_t i = 0; i < n; i++)
		gate_fields(r, h, &g[i], i);
	widget_submit(h, tr(r, "Save the checklist"));
	html_close(h, "form");
	decision_form(r, h, p);
	html_close(h, "section");
}

static void
versions_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	size_t n;
	struct proposal_version *v = proposal_versions(s, &r->arena, p->id, &n);
	html_open(h, "section", "aria-labelledby", "versionen", NULL);
	html_elem(h, "h2", tr(r, "Submitted versions"), "id", "versionen", NULL);
	if (!n) {
		html_elem(h, "p", tr(r, "No version has been submitted yet."), NULL);
		html_close(h, "section");
		return;
	}
	const char *heads[] = {tr(r, "Version"), tr(r, "Submitted"), tr(r, "By"), tr(r, "Changes")};
	widget_table_begin(h, NULL, heads, 4);
	for (size_t i = 0; i < n; i++) {
		struct user u;
		bool known = user_find_by_id(s, &r->arena, v[i].submitted_by, &u);
		html_open(h, "tr", NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)v[i].number), NULL);
		html_elem(h, "td", office_when(r, v[i].submitted_at), NULL);
		html_elem(h, "td", known ? u.name : "–", NULL);
		html_open(h, "td", NULL);
		if (i > 0)
			html_elem(h, "a",
			          arena_printf(&r->arena, tr(r, "Compare with version %lld"),
			                       (long long)v[i - 1].number),
			          "href",
			          arena_printf(&r->arena, "%s?a=%lld&b=%lld",
			                       proposal_href(r, p->id, "/vergleich"),
			                       (long long)v[i - 1].number, (long long)v[i].number),
			          NULL);
		else
			html_text(h, tr(r, "first version"));
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_open(h, "p", NULL);
	html_elem(
	    h, "a",
	    arena_printf(&r->arena, tr(r, "Receipt of version %lld (PDF)"),
	                 (long long)v[n - 1].number),
	    "href",
	    arena_printf(&r->arena, "/vorschlag/%lld/eingangsbestaetigung.pdf", (long long)p->id),
	    NULL);
	html_close(h, "p");
	html_close(h, "section");
}

/* A proposal the sub-project revised before the deadline: the office sees at once that
 * the version it may have started to check has been replaced, and what changed. */
static void
revised_notice(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	if (p->state != PS_SUBMITTED && p->state != PS_RESUBMITTED)
		return;
	size_t n;
	struct proposal_version *v = proposal_versions(s, &r->arena, p->id, &n);
	if (n < 2)
		return;
	html_open(h, "div", "class", "notice notice-info", "role", "status", NULL);
	html_textf(h,
	           tr(r, "Revised by the sub-project: version %lld of %s replaces version %lld."),
	           (long long)v[n - 1].number, office_when(r, v[n - 1].submitted_at),
	           (long long)v[n - 2].number);
	html_text(h, " ");
	html_elem(h, "a", tr(r, "See what changed"), "href",
	          arena_printf(&r->arena, "%s?a=%lld&b=%lld", proposal_href(r, p->id, "/vergleich"),
	                       (long long)v[n - 2].number, (long long)v[n - 1].number),
	          NULL);
	html_close(h, "div");
}

static void
thread_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	size_t n;
	struct proposal_message *m = proposal_messages(s, &r->arena, p->id, &n);
	html_open(h, "section", "aria-labelledby", "rueckfrage", NULL);
	html_elem(h, "h2", tr(r, "Questions to the sub-project"), "id", "rueckfrage", NULL);
	if (!n)
		html_elem(h, "p", tr(r, "No messages yet."), NULL);
	else
		html_open(h, "ol", "class", "thread", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", "class", m[i].from_office ? "card message-office" : "card",
		          NULL);
		html_open(h, "p", "class", "card-meta", NULL);
		html_elem(h, "strong", m[i].author_name, NULL);
		html_textf(h, " (%s), %s",
		           m[i].from_office ? tr(r, "coordination office") : tr(r, "sub-project"),
		           office_when(r, m[i].created_at));
		html_close(h, "p");
		office_plain_text(h, m[i].body);
		html_close(h, "li");
	}
	if (n)
		html_close(h, "ol");
	widget_form_begin(r, h, proposal_href(r, p->id, "/rueckfrage"));
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "New message"),
	                                 .hint = tr(r, "The sub-project is notified by e-mail and "
	                                               "can answer here."),
	                                 .required = true,
	                                 .maxlength = MESSAGE_MAX,
	                                 .rows = 4});
	widget_submit(h, tr(r, "Send the message"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
meta_list(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "State"), NULL);
	html_open(h, "dd", NULL);
	office_state_tag(r, h, p->state);
	html_close(h, "dd");
	if (p->state_reason[0]) {
		html_elem(h, "dt",
		          p->state == PS_RETURNED ? tr(r, "Message to the sub-project")
		                                  : tr(r, "Reason"),
		          NULL);
		html_elem(h, "dd", p->state_reason, NULL);
	}
	html_elem(h, "dt", tr(r, "Sub-project"), NULL);
	html_elem(h, "dd", p->organisation_name, NULL);
	struct organisation net;
	if (p->network_id && organisation_find(s, &r->arena, p->network_id, &net) == 0) {
		html_elem(h, "dt", tr(r, "Network or Fachstelle"), NULL);
		html_elem(h, "dd", net.name, NULL);
	}
	html_elem(h, "dt", tr(r, "Submitted"), NULL);
	html_elem(h, "dd", office_when(r, p->submitted_at), NULL);
	html_elem(h, "dt", tr(r, "Last changed"), NULL);
	html_elem(h, "dd",
	          arena_printf(&r->arena, "%s (%s)", office_when(r, p->updated_at),
	                       p->updated_by_name[0] ? p->updated_by_name : "–"),
	          NULL);
	html_close(h, "dl");
}

static void
proposal_page(struct request *r, struct store *s, const struct proposal *p, const struct call *c,
              const char *error)
{
	const char *crumbs[] = {"/admin/ausschreibungen",
	                        tr(r, "Calls"),
	                        office_call_href(r, c->id, ""),
	                        c->title,
	                        list_href(r, c->id),
	                        tr(r, "Proposals"),
	                        NULL};
	struct html *h = office_begin(r, title_of(r, p->text[PT_TITLE]), crumbs);
	widget_errors(r, h, error ? tr(r, error) : NULL);
	revised_notice(r, h, s, p);
	meta_list(r, h, s, p);
	/* Decisions (issue 5): the board's decision, and the proposal's whole history. */
	html_open(h, "p", "class", "actions", NULL);
	if (p->state >= PS_ELIGIBLE && p->state != PS_INELIGIBLE && p->state != PS_WITHDRAWN)
		html_elem(
		    h, "a", tr(r, "Board decision"), "class", "btn btn-secondary", "href",
		    arena_printf(&r->arena, "/admin/vorschlaege/%lld/beschluss", (long long)p->id),
		    NULL);
	html_elem(
	    h, "a", tr(r, "Whole history in the audit log"), "class", "btn btn-secondary", "href",
	    arena_printf(&r->arena, "/admin/protokoll?objekt=proposal:%lld", (long long)p->id),
	    NULL);
	html_close(h, "p");
	html_open(h, "nav", "aria-label", tr(r, "On this page"), NULL);
	html_open(h, "ul", NULL);
	const char *toc[] = {"#pruefung",   tr(r, "Formal check"),
	                     "#rueckfrage", tr(r, "Questions to the sub-project"),
	                     "#versionen",  tr(r, "Submitted versions"),
	                     "#inhalt",     tr(r, "Content"),
	                     NULL};
	for (size_t i = 0; toc[i]; i += 2) {
		html_open(h, "li", NULL);
		html_elem(h, "a", toc[i + 1], "href", toc[i], NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
	formal_section(r, h, s, p);
	thread_section(r, h, s, p);
	versions_section(r, h, s, p);
	content_section(r, h, s, p);
	layout_end(r, h);
}

void
page_office_proposal(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (office_load_proposal(r, s, 0, &p, &c))
		proposal_page(r, s, &p, &c, NULL);
}

/* ---- the formal check ---- */

/* Shows the page again with a status and an error (a msgid) after a refused POST. */
static void
refuse(struct request *r, struct store *s, const struct proposal *p, const struct call *c,
       int status, const char *msgid)
{
	r->resp.status = status;
	proposal_page(r, s, p, c, msgid);
}

/* A change of the formal check: the checklist's ticks, the outcome, or a message to the
 * sub-project (its text in the request's form). */
struct formal_tx {
	struct request *r;
	int64_t proposal_id;
	const struct gate_tick *ticks;
	size_t n;
	enum proposal_state outcome;
	const char *reason;
};

static int
checklist_body(struct store *s, void *arg)
{
	struct formal_tx *t = arg;
	return formal_check_save(s, t->r->user->id, t->proposal_id, t->ticks, t->n);
}

static int
decide_body(struct store *s, void *arg)
{
	struct formal_tx *t = arg;
	return formal_check_decide(s, t->r->user, t->proposal_id, t->outcome, t->reason);
}

static int
message_body(struct store *s, void *arg)
{
	struct formal_tx *t = arg;
	return proposal_message_add(s, t->r->user, t->proposal_id, true,
	                            form_value(t->r, "body")) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

void
page_office_check(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	if (!formal_check_open(p.state)) {
		refuse(r, s, &p, &c, 409, N_("The formal check of this proposal is not open."));
		return;
	}
	size_t n;
	struct gate_check *g = formal_check_list(s, &r->arena, p.id, &n);
	struct gate_tick *t = arena_alloc(&r->arena, (n + 1) * sizeof *t);
	for (size_t i = 0; i < n; i++) {
		char key[40];
		snprintf(key, sizeof key, "gate_id_%zu", i + 1);
		if (form_int(r, key) != g[i].gate.id) {
			refuse(r, s, &p, &c, 409,
			       N_("The checklist of this call has changed meanwhile. Please enter "
			          "your results again."));
			return;
		}
		snprintf(key, sizeof key, "gate_%zu", i + 1);
		const char *v = form_value(r, key);
		t[i].gate_id = g[i].gate.id;
		t[i].verdict = strcmp(v, "met") == 0       ? GATE_MET
		               : strcmp(v, "not_met") == 0 ? GATE_NOT_MET
		                                           : GATE_OPEN;
		snprintf(key, sizeof key, "note_%zu", i + 1);
		t[i].note = form_value(r, key);
	}
	if (form_error_count(r)) {
		refuse(r, s, &p, &c, 422, NULL);
		return;
	}
	struct formal_tx ft = {.r = r, .proposal_id = p.id, .ticks = t, .n = n};
	int rc = store_tx(s, checklist_body, &ft);
	if (rc != FORMAL_OK) {
		if (rc == FORMAL_NOT_OPEN)
			refuse(r, s, &p, &c, 409,
			       N_("The formal check of this proposal is not open."));
		else if (rc < 0)
			goto fail;
		else
			refuse(r, s, &p, &c, 422, N_("Please check your entries"));
		return;
	}
	http_redirect(r, proposal_href(r, p.id, "#pruefung"), N_("The checklist has been saved."));
	return;
fail:
	http_fail(r);
}

static const char *
decided_notice(enum proposal_state outcome)
{
	switch (outcome) {
	case PS_ELIGIBLE:
		return N_("The proposal is eligible and goes to the review.");
	case PS_INELIGIBLE:
		return N_("The proposal has been found not eligible.");
	default:
		return N_("The proposal has been returned to the sub-project for revision.");
	}
}

void
page_office_decide(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	enum proposal_state outcome =
	    (enum proposal_state)proposal_state_parse(form_value(r, "outcome"));
	const char *reason = form_value(r, "reason");
	if (!form_error(r, "outcome") && outcome != PS_ELIGIBLE && !*reason)
		form_set_error(
		    r, "reason",
		    outcome == PS_RETURNED
		        ? N_("Please write the message to the sub-project: what should "
		             "it revise?")
		        : N_("Please give the reason why the proposal is not eligible."));
	if (form_error_count(r)) {
		refuse(r, s, &p, &c, 422, NULL);
		return;
	}
	struct formal_tx ft = {.r = r,
	                       .proposal_id = p.id,
	                       .outcome = outcome,
	                       .reason = outcome == PS_ELIGIBLE ? "" : reason};
	int rc = store_tx(s, decide_body, &ft);
	if (rc != FORMAL_OK) {
		if (rc == FORMAL_GATES_OPEN) {
			form_set_error(r, "outcome",
			               N_("A proposal is eligible only when every point of the "
			                  "formal check is met. Please save the checklist first."));
			refuse(r, s, &p, &c, 422, NULL);
		} else if (rc == FORMAL_NOT_OPEN || rc == PROPOSAL_NOT_EDITABLE) {
			refuse(r, s, &p, &c, 409,
			       N_("The formal check of this proposal is not open."));
		} else {
			goto fail;
		}
		return;
	}
	http_redirect(r, proposal_href(r, p.id, ""), decided_notice(outcome));
	return;
fail:
	http_fail(r);
}

void
page_office_message(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	if (form_error_count(r)) {
		refuse(r, s, &p, &c, 422, NULL);
		return;
	}
	struct formal_tx ft = {.r = r, .proposal_id = p.id};
	if (store_tx(s, message_body, &ft) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, proposal_href(r, p.id, "#rueckfrage"), N_("Your message has been sent."));
}

/* ---- comparing two versions ---- */

static const char *
change_label(struct request *r, struct store *s, const struct proposal *p,
             const struct version_change *ch)
{
	switch (ch->kind) {
	case CHANGE_TEXT:
		return tr(r, proposal_fields[ch->field].label);
	case CHANGE_ART:
		return kind_heading(r, "art");
	case CHANGE_TERMS:
		return kind_heading(r, ch->term_kind);
	case CHANGE_SELF:
		break;
	}
	struct criterion crit[32];
	size_t nc = call_criteria(s, &r->arena, p->call_id, crit, 32);
	for (size_t i = 0; i < nc; i++)
		if (strcmp(crit[i].key, ch->criterion_key) == 0)
			return arena_printf(&r->arena, "%s: %s", tr(r, "Self-assessment"),
			                    criterion_label(&crit[i], r->lang));
	return arena_printf(&r->arena, "%s: %s", tr(r, "Self-assessment"), ch->criterion_key);
}

static const struct proposal_version *
find_version(const struct proposal_version *v, size_t n, int64_t number)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].number == number)
			return &v[i];
	return NULL;
}

static void
changes_table(struct request *r, struct html *h, struct store *s, const struct proposal *p,
              const struct proposal_version *a, const struct proposal_version *b,
              const struct version_change *ch, size_t n)
{
	html_open(h, "div", "class", "table-wrap", "tabindex", "0", NULL);
	html_open(h, "table", "class", "table diff", NULL);
	html_open(h, "caption", NULL);
	html_textf(h, trn(r, "%zu changed field", "%zu changed fields", (long)n), n);
	html_close(h, "caption");
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", tr(r, "Field"), "scope", "col", NULL);
	html_elem(h, "th",
	          arena_printf(&r->arena, tr(r, "Version %lld (before)"), (long long)a->number),
	          "scope", "col", NULL);
	html_elem(h, "th",
	          arena_printf(&r->arena, tr(r, "Version %lld (after)"), (long long)b->number),
	          "scope", "col", NULL);
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", change_label(r, s, p, &ch[i]), "scope", "row", NULL);
		html_open(h, "td", NULL);
		office_plain_text(h, ch[i].before);
		html_close(h, "td");
		html_open(h, "td", NULL);
		office_plain_text(h, ch[i].after);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
}

void
page_office_compare(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	size_t nv;
	struct proposal_version *v = proposal_versions(s, &r->arena, p.id, &nv);
	/* Without numbers: the last two versions, what a resubmission changed. */
	int64_t na = office_query_id(r, "a"), nb = office_query_id(r, "b");
	if (!na && !nb && nv >= 2) {
		na = v[nv - 2].number;
		nb = v[nv - 1].number;
	}
	const struct proposal_version *a = find_version(v, nv, na), *b = find_version(v, nv, nb);
	if (!a || !b) {
		http_error(r, 404, N_("There is no such version of this proposal."));
		return;
	}
	size_t n, unchanged;
	struct version_change *ch =
	    version_diff(s, &r->arena, r->lang, a->content, b->content, &n, &unchanged);
	const char *crumbs[] = {"/admin/ausschreibungen",
	                        tr(r, "Calls"),
	                        list_href(r, c.id),
	                        tr(r, "Proposals"),
	                        proposal_href(r, p.id, ""),
	                        title_of(r, p.text[PT_TITLE]),
	                        NULL};
	struct html *h =
	    office_begin(r,
	                 arena_printf(&r->arena, tr(r, "Changes from version %lld to version %lld"),
	                              (long long)a->number, (long long)b->number),
	                 crumbs);
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       tr(r, "Version %lld was submitted on %s, version %lld on %s."),
	                       (long long)a->number, office_when(r, a->submitted_at),
	                       (long long)b->number, office_when(r, b->submitted_at)),
	          NULL);
	if (n)
		changes_table(r, h, s, &p, a, b, ch, n);
	else
		html_elem(h, "p", tr(r, "The two versions are the same."), NULL);
	if (unchanged)
		html_elem(
		    h, "p",
		    arena_printf(&r->arena,
		                 trn(r, "%zu field is unchanged and not shown.",
		                     "%zu fields are unchanged and not shown.", (long)unchanged),
		                 unchanged),
		    "class", "muted", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the proposal"), "href", proposal_href(r, p.id, ""), NULL);
	html_close(h, "p");
	layout_end(r, h);
}

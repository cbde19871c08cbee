/* The coordination office's calls (Ausschreibungsrunden): list, create, edit, phases, and
 * the rubric and gates of a call shown read-only. */
#include "domain/call.h"
#include "domain/proposal.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/view_readiness.h"
#include "pages/office_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

#define MAX_CRITERIA 32

const struct form_key call_keys[6] = {
    {"title", FORM_TEXT, true, 0, 200, NULL},
    {"body", FORM_LONGTEXT, false, 0, 20000, NULL},
    {"opens_at", FORM_DATETIME, true, 0, 0, NULL},
    {"closes_at", FORM_DATETIME, true, 0, 0, NULL},
    {"review_until", FORM_DATETIME, true, 0, 0, NULL},
    {"meeting_at", FORM_DATETIME, true, 0, 0, NULL},
};

/* ---- the list ---- */

/* "2 submitted · 1 eligible": the states that occur, in their order; drafts apart. */
static void
count_summary(struct request *r, struct html *h, int64_t call_id)
{
	int64_t counts[PS_COUNT] = {0};
	proposal_count_states(r->store, call_id, counts);
	int64_t total = 0;
	for (int i = 0; i < PS_COUNT; i++)
		total += i == PS_DRAFT ? 0 : counts[i];
	if (!total && !counts[PS_DRAFT]) {
		html_elem(h, "span", tr(r, "none yet"), "class", "muted", NULL);
		return;
	}
	html_open(h, "ul", NULL);
	for (int i = 0; i < PS_COUNT; i++) {
		if (!counts[i])
			continue;
		html_open(h, "li", NULL);
		html_textf(h, "%s: %lld", tr(r, proposal_state_label((enum proposal_state)i)),
		           (long long)counts[i]);
		html_close(h, "li");
	}
	html_close(h, "ul");
}

static void
calls_table(struct request *r, struct html *h, const struct call *calls, size_t n)
{
	const char *heads[] = {tr(r, "Title"),        tr(r, "Phase"),
	                       tr(r, "Opens"),        tr(r, "Submission deadline"),
	                       tr(r, "Review until"), tr(r, "Board meeting"),
	                       tr(r, "Proposals")};
	/* Headers and phases that wrap, so the list fits a laptop's width (style.css). */
	html_open(h, "div", "class", "calls-list", NULL);
	widget_table_begin(h, arena_printf(&r->arena, trn(r, "%zu call", "%zu calls", (long)n), n),
	                   heads, 7);
	for (size_t i = 0; i < n; i++) {
		const struct call *c = &calls[i];
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", c->title, "href", office_call_href(r, c->id, ""), "lang",
		          layout_de(r), NULL);
		html_close(h, "td");
		html_open(h, "td", NULL);
		office_phase_tag(r, h, c->phase);
		html_close(h, "td");
		html_elem(h, "td", office_when(r, c->opens_at), NULL);
		html_elem(h, "td", office_when(r, c->closes_at), NULL);
		html_elem(h, "td", office_when(r, c->review_until), NULL);
		html_elem(h, "td", office_when(r, c->meeting_at), NULL);
		html_open(h, "td", NULL);
		count_summary(r, h, c->id);
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Show proposals"), "href",
		          office_call_href(r, c->id, "/vorschlaege"), NULL);
		html_close(h, "p");
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_close(h, "div");
}

void
page_calls(struct request *r)
{
	struct store *s = r->store;
	size_t n;
	struct call *calls = call_list(s, &r->arena, &n);
	struct html *h = layout_begin(r, tr(r, "Calls"));
	html_elem(h, "p",
	          tr(r, "Each call (Ausschreibungsrunde) has its own dates, rubric and formal "
	                "check. Times are Berlin time."),
	          "class", "lead", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Create a call"), "class", "btn btn-primary", "href",
	          "/admin/ausschreibungen/neu", NULL);
	html_close(h, "p");
	if (n)
		calls_table(r, h, calls, n);
	else
		html_elem(h, "p", tr(r, "There are no calls yet."), NULL);
	layout_end(r, h);
}

/* ---- create and edit ---- */

static void
date_input(struct request *r, struct html *h, const char *name, const char *label, const char *hint,
           int64_t value)
{
	widget_input(r, h,
	             &(struct widget){.name = name,
	                              .label = label,
	                              .hint = hint,
	                              .type = "datetime-local",
	                              .required = true,
	                              .value = office_input_time(r, value)});
}

/* The form for a new call (c == NULL) or for editing c. */
static void
call_form(struct request *r, const struct call *c)
{
	const char *title = c ? tr(r, "Edit call") : tr(r, "Create a call");
	const char *crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"),
	                        c ? office_call_href(r, c->id, "") : NULL, c ? c->title : NULL,
	                        NULL};
	struct html *h = office_begin(r, title, crumbs);
	widget_error_summary(r, h);
	widget_form_begin(
	    r, h, c ? office_call_href(r, c->id, "/bearbeiten") : "/admin/ausschreibungen/neu");
	widget_input(
	    r, h,
	    &(struct widget){.name = "title",
	                     .label = tr(r, "Title"),
	                     .hint = tr(r, "For example: Ausschreibungsrunde 2026/II: Gute "
	                                   "Praxis in der Anerkennungsberatung"),
	                     .value = c ? c->title : NULL,
	                     .required = true,
	                     .maxlength = 200});
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "Text of the call"),
	                                 .hint = tr(r, "What the call asks for, whom it addresses "
	                                               "and how to take part. Markdown: blank "
	                                               "line for a new paragraph, * for a list."),
	                                 .value = c ? c->body : NULL,
	                                 .maxlength = 20000,
	                                 .rows = 12});
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Dates (Berlin time)"), NULL);
	const char *berlin = tr(r, "Date and time in Berlin; summer time is taken into account.");
	date_input(r, h, "opens_at", tr(r, "Opens for proposals"), berlin, c ? c->opens_at : 0);
	date_input(r, h, "closes_at", tr(r, "Submission deadline"),
	           tr(r, "Proposals can be submitted until this moment, not after it."),
	           c ? c->closes_at : 0);
	date_input(r, h, "review_until", tr(r, "Review until"),
	           tr(r, "The advisory board rates the proposals until this moment."),
	           c ? c->review_until : 0);
	date_input(r, h, "meeting_at", tr(r, "Board meeting"), berlin, c ? c->meeting_at : 0);
	html_close(h, "fieldset");
	widget_submit(h, c ? tr(r, "Save") : tr(r, "Create the call"));
	html_close(h, "form");
	layout_end(r, h);
}

/* Puts the message of call_check_dates at the field that has to change. */
static void
check_dates(struct request *r)
{
	static const char *const dates[] = {"opens_at", "closes_at", "review_until", "meeting_at"};
	for (size_t i = 0; i < 4; i++)
		if (form_error(r, dates[i]))
			return; /* the typed values come first */
	int64_t o = form_int(r, "opens_at"), c = form_int(r, "closes_at"),
	        v = form_int(r, "review_until"), m = form_int(r, "meeting_at");
	const char *msg = call_check_dates(o, c, v, m);
	if (!msg)
		return;
	form_set_error(r, o >= c ? "closes_at" : c > v ? "review_until" : "meeting_at", msg);
}

void
page_call_new(struct request *r)
{
	call_form(r, NULL);
}

/* A change of a call: the request (its form has the fields) and the call's id (made by
 * call_create_body). */
struct call_tx {
	struct request *r;
	int64_t id;
};

static int
call_create_body(struct store *s, void *arg)
{
	struct call_tx *t = arg;
	struct request *r = t->r;
	t->id = call_create(s, r->user->id, form_value(r, "title"), form_value(r, "body"),
	                    form_int(r, "opens_at"), form_int(r, "closes_at"),
	                    form_int(r, "review_until"), form_int(r, "meeting_at"));
	return t->id > 0 ? STORE_OK : STORE_ERR;
}

static int
call_update_body(struct store *s, void *arg)
{
	struct call_tx *t = arg;
	struct request *r = t->r;
	return call_update(s, r->user->id, t->id, form_value(r, "title"), form_value(r, "body"),
	                   form_int(r, "opens_at"), form_int(r, "closes_at"),
	                   form_int(r, "review_until"), form_int(r, "meeting_at")) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

void
page_call_create(struct request *r)
{
	struct store *s = r->store;
	check_dates(r);
	if (form_error_count(r)) {
		r->resp.status = 422;
		call_form(r, NULL);
		return;
	}
	struct call_tx t = {r, 0};
	if (store_tx(s, call_create_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, office_call_href(r, t.id, ""), N_("The call has been created."));
}

void
page_call_edit(struct request *r)
{
	struct call c;
	if (office_load_call(r, r->store, 0, &c))
		call_form(r, &c);
}

void
page_call_update(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	check_dates(r);
	if (form_error_count(r)) {
		r->resp.status = 422;
		call_form(r, &c);
		return;
	}
	struct call_tx t = {r, c.id};
	if (store_tx(s, call_update_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, office_call_href(r, c.id, ""), N_("Your changes have been saved."));
}

/* ---- one call ---- */

static void
dates_list(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Phase"), NULL);
	html_open(h, "dd", NULL);
	office_phase_tag(r, h, c->phase);
	html_close(h, "dd");
	const struct {
		const char *label;
		int64_t at;
	} rows[] = {{tr(r, "Opens for proposals"), c->opens_at},
	            {tr(r, "Submission deadline"), c->closes_at},
	            {tr(r, "Review until"), c->review_until},
	            {tr(r, "Board meeting"), c->meeting_at},
	            {tr(r, "Last changed"), c->updated_at}};
	for (size_t i = 0; i < 5; i++) {
		html_elem(h, "dt", rows[i].label, NULL);
		html_elem(h, "dd", office_when(r, rows[i].at), NULL);
	}
	html_close(h, "dl");
	int64_t now = time_now();
	if (c->phase != PHASE_OPEN)
		return;
	if (now < c->opens_at)
		layout_notice(h, "info",
		              arena_printf(&r->arena, tr(r, "Submission opens %s."),
		                           office_span_in(r, c->opens_at - now)));
	else if (now < c->closes_at)
		layout_notice(h, "info",
		              arena_printf(&r->arena, tr(r, "Submission closes %s."),
		                           office_span_in(r, c->closes_at - now)));
	else
		layout_notice(h, "warning",
		              tr(r, "The submission deadline has passed: no more proposals can be "
		                    "submitted. Move the call to review when the formal check is "
		                    "done."));
}

/* The phases as steps, the current one marked, with the button for the next one. */
/* What is not ready for the next phase, before the office asks for it. */
static void
next_phase_readiness(struct request *r, struct html *h, struct store *s, const struct call *c,
                     enum call_phase next)
{
	size_t n;
	struct call_finding *f = call_readiness(s, &r->arena, c, next, time_now(), &n);
	if (!n)
		return;
	html_open(h, "div", "class", "notice notice-warning", "id", "readiness", NULL);
	html_elem(h, "p",
	          arena_printf(&r->arena, tr(r, "Not ready for the phase \"%s\" yet:"),
	                       tr(r, call_phase_label(next))),
	          NULL);
	readiness_list(r, h, s, c, f, n);
	html_elem(h, "p",
	          tr(r, "You can still move the call on: you will be asked for the reason, "
	                "which goes into the audit log."),
	          NULL);
	html_close(h, "div");
}

static void
phase_panel(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "phase-h", NULL);
	html_elem(h, "h2", tr(r, "Phase"), "id", "phase-h", NULL);
	html_open(h, "ol", NULL);
	for (int p = PHASE_PREPARING; p <= PHASE_CLOSED; p++) {
		const char *label = tr(r, call_phase_label((enum call_phase)p));
		if (p == (int)c->phase) {
			html_open(h, "li", "aria-current", "step", NULL);
			html_elem(h, "strong", label, NULL);
			html_close(h, "li");
		} else {
			html_elem(h, "li", label, NULL);
		}
	}
	html_close(h, "ol");
	const char *action = office_call_href(r, c->id, "/phase");
	if (c->phase != PHASE_CLOSED) {
		enum call_phase next = (enum call_phase)(c->phase + 1);
		next_phase_readiness(r, h, s, c, next);
		html_open(h, "form", "class", "inline", "method", "post", "action", action,
		          "data-confirm",
		          arena_printf(&r->arena, tr(r, "Move the call to the phase \"%s\"?"),
		                       tr(r, call_phase_label(next))),
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r),
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "phase", "value",
		          call_phase_name(next), NULL);
		html_elem(
		    h, "button",
		    arena_printf(&r->arena, tr(r, "Move to \"%s\""), tr(r, call_phase_label(next))),
		    "type", "submit", "class", "btn btn-primary", NULL);
		html_close(h, "form");
	}
	if (c->phase == PHASE_OPEN) {
		html_text(h, " ");
		html_open(h, "form", "class", "inline", "method", "post", "action", action,
		          "data-confirm",
		          tr(r, "Take the call back into preparation? Sub-projects can then no "
		                "longer submit."),
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r),
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "phase", "value", "preparing",
		          NULL);
		html_elem(h, "button", tr(r, "Back to preparation"), "type", "submit", "class",
		          "btn btn-secondary", NULL);
		html_close(h, "form");
	}
	html_close(h, "section");
}

static void
counts_panel(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "counts-h", NULL);
	html_elem(h, "h2", tr(r, "Proposals"), "id", "counts-h", NULL);
	count_summary(r, h, c->id);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Show the proposals of this call"), "href",
	          office_call_href(r, c->id, "/vorschlaege"), NULL);
	html_close(h, "p");
	html_close(h, "section");
}

static void
rubric_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct criterion crit[MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, c->id, crit, MAX_CRITERIA);
	html_open(h, "section", "aria-labelledby", "rubric-h", NULL);
	html_elem(h, "h2", tr(r, "Rubric"), "id", "rubric-h", NULL);
	html_elem(h, "p",
	          tr(r, "The criteria the advisory board rates for this call. A criterion is met "
	                "when the mean score is at least 2 on the scale from 0 (not met) to 3 "
	                "(fully met)."),
	          NULL);
	const char *heads[] = {tr(r, "Criterion"), tr(r, "Guidance"), tr(r, "Weight")};
	widget_table_begin(h, NULL, heads, 3);
	for (size_t i = 0; i < n; i++) {
		bool child = crit[i].parent_key[0] != '\0';
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		if (child)
			html_text(h, "– ");
		html_text(h, criterion_label(&crit[i], r->lang));
		html_close(h, "th");
		html_elem(h, "td", criterion_guidance(&crit[i], r->lang), NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%g", crit[i].weight), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_elem(h, "p", tr(r, "The rubric is edited in a later step of the call's set-up."),
	          "class", "muted", NULL);
	html_close(h, "section");
}

static void
gates_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct gate *gates = call_gates(s, &r->arena, c->id, &n);
	html_open(h, "section", "aria-labelledby", "gates-h", NULL);
	html_elem(h, "h2", tr(r, "Formal check"), "id", "gates-h", NULL);
	html_elem(h, "p",
	          tr(r, "The coordination office checks every submitted proposal against these "
	                "points before the review."),
	          NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "li", gate_label(&gates[i], r->lang), NULL);
	html_close(h, "ol");
	html_close(h, "section");
}

/* Every page of the call's work, in the order of the programme's steps. */
static void
call_links(struct request *r, struct html *h, const struct call *c)
{
	static const struct {
		const char *suffix, *label;
	} steps[] = {
	    {"/vorschlaege", N_("Proposals and formal check")},
	    {"/gremium", N_("Board members and conflicts")},
	    {"/zuteilung", N_("Assignments")},
	    {"/rubrik", N_("Rubric")},
	    {"/fortschritt", N_("Progress of the ratings")},
	    {"/ranking", N_("Ranking")},
	    {"/sitzung", N_("Board meeting and decisions")},
	    {"/statistik", N_("Agreement statistics")},
	    {"/briefvorlagen", N_("Letter templates")},
	    {"/protokoll.pdf", N_("Decision record (PDF)")},
	};
	html_open(h, "nav", "aria-label", tr(r, "Work on this call"), NULL);
	html_open(h, "ul", "class", "inline-list", NULL);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, steps[i].label), "href",
		          office_call_href(r, c->id, steps[i].suffix), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
call_page(struct request *r, struct store *s, const struct call *c)
{
	const char *crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"), NULL};
	struct html *h = office_begin(r, c->title, crumbs);
	dates_list(r, h, c);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Edit the call"), "class", "btn btn-secondary", "href",
	          office_call_href(r, c->id, "/bearbeiten"), NULL);
	html_close(h, "p");
	call_links(r, h, c);
	html_open(h, "div", "class", "grid-2", NULL);
	phase_panel(r, h, s, c);
	counts_panel(r, h, c);
	html_close(h, "div");
	html_open(h, "section", "aria-labelledby", "text-h", NULL);
	html_elem(h, "h2", tr(r, "Text of the call"), "id", "text-h", NULL);
	office_long_text(r, h, c->body);
	html_close(h, "section");
	rubric_section(r, h, s, c);
	gates_section(r, h, s, c);
	layout_end(r, h);
}

void
page_call(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		call_page(r, s, &c);
}

/* The coordination office's review pages beyond the board and the ranking: the progress
 * (who has rated what, what is missing, the reminders sent), the assignments (by hand and
 * automatic). */
#include "domain/access.h"
#include "domain/review.h"
#include "domain/review_assign.h"
#include "domain/review_nudge.h"
#include "domain/review_progress.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const modes[] = {"all", "subset", NULL};

const struct form_key assignment_add_keys[2] = {
    {"proposal", FORM_INT, true, 1, INT64_MAX, NULL},
    {"user", FORM_INT, true, 1, INT64_MAX, NULL},
};

const struct form_key assignment_mode_keys[1] = {
    {"mode", FORM_CHOICE, true, 0, 0, modes},
};

const struct form_key assignment_auto_keys[1] = {
    {"per_proposal", FORM_INT, true, 1, 50, NULL},
};

static const char *
board_href(struct request *r, int64_t proposal_id)
{
	return arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)proposal_id);
}

static const char *
num(struct request *r, long long v)
{
	return arena_printf(&r->arena, "%lld", v);
}

static const char *
title_or(struct request *r, const char *title)
{
	return title && title[0] ? title : tr(r, "(untitled)");
}

/* ---- progress ---- */

static void
deadline_note(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "p", NULL);
	html_textf(h, tr(r, "Ratings can be given until %s (Berlin time)."),
	           office_when(r, c->review_until));
	html_text(h, " ");
	html_textf(h,
	           tr(r, "Members with missing ratings get a reminder by e-mail %d days and %d day "
	                 "before, once each."),
	           review_reminder_days[0], review_reminder_days[1]);
	html_close(h, "p");
}

static void
member_reminders(struct request *r, struct html *h, const struct review_reminder *rm, size_t n,
                 int64_t user_id)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (rm[i].user_id != user_id || !rm[i].sent)
			continue;
		if (any)
			html_text(h, "; ");
		html_textf(h, trn(r, "%d day before: %s", "%d days before: %s", rm[i].days_before),
		           rm[i].days_before, office_when(r, rm[i].created_at));
		any = true;
	}
	if (!any)
		html_text(h, "–");
}

/* The reminders sent by hand, newest first (review_nudges), and whether a reminder can be
 * sent now at all. */
struct nudges {
	const struct review_nudge *v;
	size_t n;
	char today[16];
	bool open; /* the call is in review before its deadline */
};

/* The member's latest reminder by hand, and the button for one more unless one went out
 * today (the server refuses a second one anyway: review_remind_by_hand). */
static void
member_nudge(struct request *r, struct html *h, const struct call *c, const struct nudges *nd,
             const struct board_member *m, long long missing)
{
	const struct review_nudge *last = NULL;
	for (size_t i = 0; i < nd->n && !last; i++)
		if (nd->v[i].user_id == m->user_id)
			last = &nd->v[i];
	bool today = last && strcmp(last->day, nd->today) == 0;
	if (last) {
		html_open(h, "span", "class", "card-meta", NULL);
		html_textf(h, tr(r, "By hand: %s"), office_when(r, last->sent_at));
		html_close(h, "span");
	}
	if (!nd->open || missing <= 0 || !m->active)
		return;
	if (today) {
		html_text(h, " ");
		html_text(h, tr(r, "(once a day)"));
		return;
	}
	widget_button_form(r, h,
	                   office_call_href(r, c->id,
	                                    arena_printf(&r->arena, "/fortschritt/%lld/erinnern",
	                                                 (long long)m->user_id)),
	                   arena_printf(&r->arena, tr(r, "Remind %s now"), m->name),
	                   "btn btn-secondary", NULL);
}

static void
members_table(struct request *r, struct html *h, const struct call *c,
              const struct review_progress_view *pv, const struct review_reminder *rm, size_t nrm,
              const struct nudges *nd)
{
	const char *heads[] = {
	    tr(r, "Member"),  tr(r, "Constituency"),   tr(r, "Submitted"),       tr(r, "Drafts"),
	    tr(r, "Missing"), tr(r, "Reminders sent"), tr(r, "Reminder by hand")};
	widget_table_begin(h, tr(r, "By member"), heads, 7);
	for (size_t i = 0; i < pv->nmembers; i++) {
		const struct board_member *m = &pv->members[i];
		html_open(h, "tr", NULL);
		html_elem(h, "th", m->name, "scope", "row", NULL);
		html_elem(h, "td", tr(r, board_constituency_label(m->constituency)), NULL);
		html_elem(h, "td",
		          arena_printf(&r->arena, tr(r, "%lld of %lld"), (long long)m->submitted,
		                       (long long)m->to_rate),
		          NULL);
		html_elem(h, "td", num(r, m->drafts), NULL);
		html_open(h, "td", NULL);
		long long missing = m->to_rate - m->submitted;
		if (missing > 0)
			html_elem(h, "strong", num(r, missing), NULL);
		else
			html_text(h, "0");
		html_close(h, "td");
		html_open(h, "td", NULL);
		member_reminders(r, h, rm, nrm, m->user_id);
		html_close(h, "td");
		html_open(h, "td", NULL);
		member_nudge(r, h, c, nd, m, missing);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
}

/* The members who still owe a rating of row ri, drafts marked. */
static void
missing_names(struct request *r, struct html *h, const struct review_progress_view *pv, size_t ri)
{
	bool any = false;
	for (size_t m = 0; m < pv->nmembers; m++) {
		enum review_cell c = review_progress_cell(pv, ri, m);
		if (c != CELL_MISSING && c != CELL_DRAFT)
			continue;
		if (any)
			html_text(h, ", ");
		html_text(h, pv->members[m].name);
		if (c == CELL_DRAFT) {
			html_text(h, " ");
			html_text(h, tr(r, "(draft)"));
		}
		any = true;
	}
	if (!any)
		html_text(h, "–");
}

static void
proposals_table(struct request *r, struct html *h, const struct review_progress_view *pv)
{
	const char *heads[] = {tr(r, "Proposal"), tr(r, "Organisation"), tr(r, "Submitted"),
	                       tr(r, "Still missing from")};
	widget_table_begin(h, tr(r, "By proposal"), heads, 4);
	for (size_t i = 0; i < pv->nrows; i++) {
		const struct review_progress_row *w = &pv->rows[i];
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", title_or(r, w->title), "href", board_href(r, w->proposal_id),
		          NULL);
		html_close(h, "th");
		html_elem(h, "td", w->organisation_name, NULL);
		html_elem(h, "td",
		          arena_printf(&r->arena, tr(r, "%lld of %lld"), (long long)w->submitted,
		                       (long long)w->expected),
		          NULL);
		html_open(h, "td", NULL);
		missing_names(r, h, pv, i);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static void
progress_page(struct request *r, struct store *s, const struct call *cp)
{
	const struct call c = *cp;
	struct nudges nd = {0};
	nd.v = review_nudges(s, &r->arena, c.id, &nd.n);
	review_nudge_day(nd.today, sizeof nd.today, time_now());
	nd.open = c.phase == PHASE_REVIEW && time_now() < c.review_until;
	struct review_progress_view pv;
	review_progress_load(s, &r->arena, c.id, r->user->id, &pv);
	size_t nrm;
	struct review_reminder *rm = review_reminders(s, &r->arena, c.id, &nrm);
	long long to_rate = 0, submitted = 0;
	for (size_t i = 0; i < pv.nmembers; i++) {
		to_rate += pv.members[i].to_rate;
		submitted += pv.members[i].submitted;
	}
	struct html *h = review_begin(r, &c, tr(r, "Progress of the review"));
	deadline_note(r, h, &c);
	html_open(h, "p", "class", "lead", NULL);
	html_textf(h, tr(r, "%lld of %lld ratings submitted."), submitted, to_rate);
	html_close(h, "p");
	if (!pv.nmembers) {
		html_elem(h, "p", tr(r, "The board of this call has no members yet."), "class",
		          "muted", NULL);
	} else {
		html_elem(h, "h2", tr(r, "By member"), NULL);
		members_table(r, h, &c, &pv, rm, nrm, &nd);
	}
	html_elem(h, "h2", tr(r, "By proposal"), NULL);
	if (!pv.nrows)
		html_elem(h, "p", tr(r, "There are no proposals to rate in this call yet."),
		          "class", "muted", NULL);
	else
		proposals_table(r, h, &pv);
	layout_end(r, h);
}

void
page_review_progress(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		progress_page(r, s, &c);
}

struct remind_tx {
	int64_t actor, call_id, user_id;
};

static int
remind_body(struct store *s, void *arg)
{
	struct remind_tx *t = arg;
	return (int)review_remind_by_hand(s, t->actor, t->call_id, t->user_id, time_now());
}

void
page_review_remind(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	struct remind_tx t = {r->user->id, 0, 0};
	if (!office_load_call(r, s, 0, &c))
		return;
	if (!office_param_id(r, 1, &t.user_id)) {
		http_error(r, 404, N_("There is no such entry."));
		return;
	}
	t.call_id = c.id;
	int rc = store_tx(s, remind_body, &t);
	if (rc == NUDGE_OK) {
		http_redirect(r, office_call_href(r, c.id, "/fortschritt"),
		              review_nudge_message(NUDGE_OK));
		return;
	}
	if (rc < 0) {
		http_fail(r);
		return;
	}
	if (rc == NUDGE_NOT_FOUND) {
		http_error(r, 404, review_nudge_message(NUDGE_NOT_FOUND));
		return;
	}
	/* Refused, nothing written: the progress page again with the reason on top. */
	r->notice = review_nudge_message((enum review_nudge_result)rc);
	r->notice_error = true;
	r->resp.status = 409;
	progress_page(r, s, &c);
}

/* ---- assignments ---- */

static void
mode_section(struct request *r, struct html *h, const struct call *c,
             const struct review_settings *set)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "mode-h", NULL);
	html_elem(h, "h2", tr(r, "Who rates what"), "id", "mode-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/zuteilung/modus"));
	const char *options[] = {"all", tr(r, "Every member rates every proposal"), "subset",
	                         tr(r, "Members rate the proposals assigned to them"), NULL};
	widget_select(r, h,
	              &(struct widget){.name = "mode",
	                               .label = tr(r, "Rating"),
	                               .value = set->subset ? "subset" : "all",
	                               .required = true},
	              options);
	widget_submit(h, tr(r, "Save setting"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
auto_section(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "auto-h", NULL);
	html_elem(h, "h2", tr(r, "Assign automatically"), "id", "auto-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/zuteilung/automatisch"));
	widget_input(r, h,
	             &(struct widget){.name = "per_proposal",
	                              .label = tr(r, "Members per proposal"),
	                              .hint = tr(r, "Each proposal up for rating gets this many "
	                                            "members, balanced by workload, mixing "
	                                            "constituencies and leaving out conflicted "
	                                            "members. Assignments made already stay; the "
	                                            "call then uses assignments."),
	                              .value = widget_value(r, "per_proposal", "3"),
	                              .type = "number",
	                              .required = true});
	widget_submit(h, tr(r, "Assign automatically"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
manual_section(struct request *r, struct html *h, const struct call *c,
               const struct review_progress_view *pv)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "manual-h", NULL);
	html_elem(h, "h2", tr(r, "Assign by hand"), "id", "manual-h", NULL);
	if (!pv->nmembers || !pv->nrows) {
		html_elem(h, "p", tr(r, "There are no members or no proposals to assign yet."),
		          "class", "muted", NULL);
		html_close(h, "section");
		return;
	}
	const char **popt = arena_alloc(&r->arena, (2 * pv->nrows + 3) * sizeof *popt);
	popt[0] = "";
	popt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < pv->nrows; i++) {
		popt[2 + 2 * i] = num(r, pv->rows[i].proposal_id);
		popt[3 + 2 * i] = arena_printf(&r->arena, "%s (%s)", title_or(r, pv->rows[i].title),
		                               pv->rows[i].organisation_name);
	}
	popt[2 + 2 * pv->nrows] = NULL;
	const char **mopt = arena_alloc(&r->arena, (2 * pv->nmembers + 3) * sizeof *mopt);
	mopt[0] = "";
	mopt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < pv->nmembers; i++) {
		mopt[2 + 2 * i] = num(r, pv->members[i].user_id);
		mopt[3 + 2 * i] =
		    arena_printf(&r->arena, "%s (%s)", pv->members[i].name,
		                 tr(r, board_constituency_label(pv->members[i].constituency)));
	}
	mopt[2 + 2 * pv->nmembers] = NULL;
	widget_form_begin(r, h, office_call_href(r, c->id, "/zuteilung"));
	widget_select(
	    r, h,
	    &(struct widget){.name = "proposal", .label = tr(r, "Proposal"), .required = true},
	    popt);
	widget_select(r, h,
	              &(struct widget){.name = "user", .label = tr(r, "Member"), .required = true},
	              mopt);
	widget_submit(h, tr(r, "Assign"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
assignments_table(struct request *r, struct html *h, struct store *s, const struct call *c,
                  const struct review_progress_view *pv)
{
	size_t n;
	struct review_assignment *as = review_assignments(s, &r->arena, c->id, &n);
	const char *heads[] = {tr(r, "Proposal"), tr(r, "Assigned members"), tr(r, "Number")};
	widget_table_begin(h, tr(r, "Assignments"), heads, 3);
	for (size_t i = 0; i < pv->nrows; i++) {
		const struct review_progress_row *w = &pv->rows[i];
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", title_or(r, w->title), "href", board_href(r, w->proposal_id),
		          NULL);
		html_close(h, "th");
		html_open(h, "td", NULL);
		int count = 0;
		html_open(h, "ul", "class", "inline-list", NULL);
		for (size_t k = 0; k < n; k++) {
			if (as[k].proposal_id != w->proposal_id)
				continue;
			count++;
			html_open(h, "li", NULL);
			html_textf(h, "%s (%s) ", as[k].user_name,
			           tr(r, board_constituency_label(as[k].constituency)));
			widget_button_form(
			    r, h,
			    office_call_href(
			        r, c->id,
			        arena_printf(&r->arena, "/zuteilung/%lld/%lld/entfernen",
			                     (long long)w->proposal_id, (long long)as[k].user_id)),
			    arena_printf(&r->arena, tr(r, "Take back from %s"), as[k].user_name),
			    "btn btn-secondary", NULL);
			html_close(h, "li");
		}
		html_close(h, "ul");
		if (!count)
			html_elem(h, "span", tr(r, "nobody yet"), "class", "muted", NULL);
		html_close(h, "td");
		html_elem(h, "td", num(r, count), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static void
assignments_page(struct request *r, struct store *s, const struct call *c)
{
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	struct review_progress_view pv;
	review_progress_load(s, &r->arena, c->id, r->user->id, &pv);
	struct html *h = review_begin(r, c, tr(r, "Assignments"));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          set.subset ? tr(r, "This call uses assignments: each member rates the proposals "
	                             "assigned to them. Every member may still read every "
	                             "proposal they have no conflict on.")
	                     : tr(r, "Every member rates every proposal of this call. Assignments "
	                             "made here take effect once the call uses assignments."),
	          "class", "lead", NULL);
	html_open(h, "div", "class", "grid-2", NULL);
	mode_section(r, h, c, &set);
	auto_section(r, h, c);
	html_close(h, "div");
	manual_section(r, h, c, &pv);
	if (pv.nrows)
		assignments_table(r, h, s, c, &pv);
	layout_end(r, h);
}

void
page_review_assignments(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		assignments_page(r, s, &c);
}

/* Answers an assignment change that returned rc: redirects to the assignment page with
 * notice, or shows the page again with the refusal on field (422; 404 for a missing entry
 * without a field). */
static void
assignment_done(struct request *r, struct store *s, const struct call *c, int rc, const char *field,
                const char *notice)
{
	if (!review_change_answer(r, rc, office_call_href(r, c->id, "/zuteilung"), notice))
		return;
	if (!field) {
		http_error(r, 404, review_result_message(rc));
		return;
	}
	/* The domain's messages speak to the member; here the office acts on someone else. */
	form_set_error(
	    r, field,
	    rc == REVIEW_CONFLICTED   ? N_("This member has a conflict of interest on this "
	                                     "proposal.")
	    : rc == REVIEW_NOT_MEMBER ? N_("This person is not a member of the board of this call.")
	    : rc == REVIEW_EXISTS     ? N_("This proposal is assigned to this member already.")
	                              : review_result_message(rc));
	r->resp.status = 422;
	assignments_page(r, s, c);
}

/* The call of the path; false (and the answer sent) when there is none or the form is
 * invalid already. */
static bool
assignment_load(struct request *r, struct store *s, struct call *c)
{
	if (!office_load_call(r, s, 0, c))
		return false;
	if (form_error_count(r)) {
		r->resp.status = 422;
		assignments_page(r, s, c);
		return false;
	}
	return true;
}

/* An assignment change: the call, the proposal and member it is about (where it is), the
 * request for the form's values, and what the automatic assignment made. */
struct assignment_tx {
	struct request *r;
	int64_t call_id, proposal_id, user_id;
	int made; /* out */
};

static int
assign_body(struct store *s, void *arg)
{
	struct assignment_tx *t = arg;
	return review_assign(s, t->r->user->id, t->proposal_id, form_int(t->r, "user"));
}

static int
unassign_body(struct store *s, void *arg)
{
	struct assignment_tx *t = arg;
	return review_unassign(s, t->r->user->id, t->proposal_id, t->user_id);
}

static int
mode_body(struct store *s, void *arg)
{
	struct assignment_tx *t = arg;
	bool subset = strcmp(form_value(t->r, "mode"), "subset") == 0;
	return review_set_assignment_mode(s, t->r->user->id, t->call_id, subset);
}

static int
auto_body(struct store *s, void *arg)
{
	struct assignment_tx *t = arg;
	t->made = 0;
	return review_auto_assign(s, t->r->user->id, t->call_id,
	                          (int)form_int(t->r, "per_proposal"), &t->made);
}

void
page_review_assignment_add(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!assignment_load(r, s, &c))
		return;
	/* The proposal must belong to this call: a forged id of another call is refused. */
	struct proposal p;
	if (!proposal_find(s, &r->arena, form_int(r, "proposal"), &p) || p.call_id != c.id) {
		assignment_done(r, s, &c, REVIEW_NOT_FOUND, "proposal", NULL);
		return;
	}
	struct assignment_tx t = {.r = r, .call_id = c.id, .proposal_id = p.id};
	assignment_done(r, s, &c, store_tx(s, assign_body, &t), "user",
	                N_("The proposal has been assigned."));
}

void
page_review_assignment_remove(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	int64_t pid, uid;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct proposal p;
	if (!office_param_id(r, 1, &pid) || !office_param_id(r, 2, &uid) ||
	    !proposal_find(s, &r->arena, pid, &p) || p.call_id != c.id) {
		http_error(r, 404, N_("There is no such entry."));
		return;
	}
	struct assignment_tx t = {.r = r, .call_id = c.id, .proposal_id = pid, .user_id = uid};
	assignment_done(r, s, &c, store_tx(s, unassign_body, &t), NULL,
	                N_("The assignment has been taken back."));
}

void
page_review_assignment_mode(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!assignment_load(r, s, &c))
		return;
	struct assignment_tx t = {.r = r, .call_id = c.id};
	assignment_done(r, s, &c, store_tx(s, mode_body, &t), "mode",
	                N_("The setting has been saved."));
}

void
page_review_assignment_auto(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!assignment_load(r, s, &c))
		return;
	struct assignment_tx t = {.r = r, .call_id = c.id};
	int rc = store_tx(s, auto_body, &t);
	assignment_done(r, s, &c, rc, "per_proposal",
	                t.made ? N_("The proposals have been assigned automatically.")
	                       : N_("Nothing to add: every proposal has its members already."));
}

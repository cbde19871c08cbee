/* The sub-project's dashboard of its proposals with the open calls, and the proposal's
 * page: its state and next step, the decision letter, a deferral's carry-over, the
 * content, the versions and the question thread; withdrawing, messages, carrying over. */
#include "pages/submission_pages.h"
#include "pages/view_letter.h"
#include "pages/view_proposal.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/decision.h"
#include "domain/practice.h"
#include "domain/transfer.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_attachments.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct form_key message_keys[1] = {
    {"body", FORM_LONGTEXT, true, 0, 4000, NULL},
};

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
next_step(struct request *r, enum proposal_state s, bool call_open, bool moved_on)
{
	if (moved_on && (s == PS_DRAFT || s == PS_RETURNED))
		return tr(r, "The call's submission phase is over, so this proposal can no longer "
		             "be edited or submitted.");
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
		return call_open ? tr(r, "The coordination office checks the formal requirements. "
		                         "You can revise the proposal until the deadline.")
		                 : tr(r, "The coordination office checks the formal requirements.");
	case PS_ELIGIBLE:
	case PS_IN_REVIEW:
		return tr(r, "The advisory board is rating the proposal.");
	case PS_INELIGIBLE:
		return tr(r, "The proposal does not meet the formal requirements.");
	default:
		return tr(r, "Nothing to do.");
	}
}

/* Where the sub-project learns who took up its practices (issue 11): the confirmed reports
 * on the practices made from its proposals, at /einreichung/uebernahmen. */
static void
transfer_link(struct request *r, struct html *h, struct store *s)
{
	size_t n;
	transfer_of_organisation(s, &r->arena, r->user->organisation_id, &n);
	html_elem(h, "h2", tr(r, "Interest in and adoptions of our practices"), NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", arena_printf(&r->arena, trn(r, "%zu report", "%zu reports", (long)n), n),
	          "href", "/einreichung/uebernahmen", NULL);
	html_close(h, "p");
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
		html_open(h, "h3", NULL);
		html_elem(h, "a", calls[i].title, "href", submit_call_url(r, calls[i].id), NULL);
		html_close(h, "h3");
		html_open(h, "p", NULL);
		html_textf(h, tr(r, "Deadline: %s (Berlin time)."),
		           submit_when(r, calls[i].closes_at));
		html_text(h, " ");
		html_text(h, submit_time_left(r, calls[i].closes_at));
		html_close(h, "p");
		html_open(h, "p", NULL);
		html_elem(h, "a",
		          tr(r, "Read the call: its criteria, formal requirements and whom to ask"),
		          "href", submit_call_url(r, calls[i].id), NULL);
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
			bool found = call_find(s, &r->arena, list[i].call_id, &c);
			bool open = found && call_accepts_submissions(&c, time_now());
			bool moved_on = found && c.phase > PHASE_OPEN;
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			html_elem(h, "a", list[i].title[0] ? list[i].title : tr(r, "(untitled)"),
			          "href", submit_url(r, list[i].id, ""), NULL);
			html_close(h, "td");
			html_elem(h, "td", list[i].call_title, NULL);
			html_open(h, "td", NULL);
			state_badge(r, h, list[i].state);
			html_close(h, "td");
			html_elem(h, "td", submit_when(r, list[i].closes_at), NULL);
			html_elem(h, "td", next_step(r, list[i].state, open, moved_on), NULL);
			html_close(h, "tr");
		}
		widget_table_end(h);
	} else {
		html_elem(h, "p", tr(r, "Your sub-project has no proposals yet."), NULL);
	}
	open_calls(r, h, s);
	transfer_link(r, h, s);
	layout_end(r, h);
}

/* A change from the proposal's page: the request, the proposal, whether the office writes
 * (a message), and what proposal_carry_over returned (the new id, or minus a PROPOSAL_
 * code). */
struct proposal_tx {
	struct request *r;
	struct proposal *p;
	bool office;
	int64_t id; /* out */
};

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
		          submit_url(r, into, ""), NULL);
		html_close(h, "p");
	} else if (own && call_accepts_submissions(&c, time_now())) {
		html_elem(h, "p",
		          tr(r,
		             "Bring it into that call as a new draft with everything it has now; "
		             "revise it as the board asked and submit it before the deadline."),
		          NULL);
		widget_button_form(r, h, submit_url(r, p->id, "/uebernehmen"),
		                   tr(r, "Bring it into the later call"), "btn btn-primary", NULL);
	} else if (own) {
		html_elem(h, "p", tr(r, "That call does not accept proposals at the moment."),
		          "class", "muted", NULL);
	}
	html_close(h, "section");
}

/* A published proposal: where the public reads it. */
static void
public_page_link(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	if (p->state != PS_PUBLISHED)
		return;
	int64_t id = practice_of_proposal(s, p->id);
	struct practice pr;
	if (!id || !practice_find(s, &r->arena, id, &pr) || pr.status != PRACTICE_PUBLISHED)
		return;
	html_open(h, "p", "class", "notice notice-success", NULL);
	html_text(h, tr(r, "This proposal is published as a good practice:"));
	html_text(h, " ");
	html_elem(h, "a", pr.text[PX_TITLE], "href", arena_printf(&r->arena, "/praxis/%s", pr.slug),
	          NULL);
	html_close(h, "p");
}

/* The submitted versions, the receipt of the latest, and what revising means. */
static void
versions_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	size_t nv;
	struct proposal_version *v = proposal_versions(s, &r->arena, p->id, &nv);
	if (!nv)
		return;
	html_elem(h, "h2", tr(r, "Submitted versions"), "id", "versionen", NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < nv; i++) {
		html_open(h, "li", NULL);
		html_textf(h, tr(r, "Version %lld, submitted on %s"), (long long)v[i].number,
		           submit_when(r, v[i].submitted_at));
		if (i > 0) {
			html_text(h, " ");
			html_textf(h, tr(r, "(a revision: replaces version %lld)"),
			           (long long)v[i - 1].number);
		}
		html_close(h, "li");
	}
	html_close(h, "ul");
	if (access_may_read_receipt(s, r->user, p) == ACCESS_ALLOWED) {
		html_open(h, "p", NULL);
		html_elem(h, "a",
		          arena_printf(&r->arena, tr(r, "Receipt of version %lld (PDF)"),
		                       (long long)v[nv - 1].number),
		          "href", submit_url(r, p->id, "/eingangsbestaetigung.pdf"), NULL);
		html_close(h, "p");
	}
	if (access_may_revise_proposal(s, r->user, p) == ACCESS_ALLOWED)
		html_elem(h, "p",
		          tr(r, "Until the deadline you can revise the submitted proposal. The "
		                "revision becomes a new version; the coordination office sees what "
		                "you changed."),
		          "class", "hint", NULL);
}

/* Withdrawing cannot be undone: it comes last on the page, on its own, with what it means,
 * never as the first control one meets. */
static void
withdraw_section(struct request *r, struct html *h, struct store *s, const struct proposal *p)
{
	if (access_may_withdraw(s, r->user, p) != ACCESS_ALLOWED)
		return;
	html_open(h, "section", "class", "panel", "aria-labelledby", "withdraw-h", NULL);
	html_elem(h, "h2", tr(r, "Withdraw the proposal"), "id", "withdraw-h", NULL);
	html_elem(h, "p",
	          tr(r, "A withdrawn proposal takes no further part in the call. This cannot be "
	                "undone."),
	          NULL);
	widget_button_form(r, h, submit_url(r, p->id, "/zurueckziehen"), tr(r, "Withdraw proposal"),
	                   "btn btn-danger",
	                   tr(r, "Withdraw this proposal? This cannot be undone."));
	html_close(h, "section");
}

static void
proposal_page(struct request *r, struct store *s, const struct proposal *p)
{
	struct call c;
	call_find(s, &r->arena, p->call_id, &c);
	struct html *h = p->text[PT_TITLE][0] ? layout_begin_content(r, p->text[PT_TITLE])
	                                      : layout_begin(r, tr(r, "(untitled)"));
	widget_error_summary(r, h);
	html_open(h, "p", NULL);
	state_badge(r, h, p->state);
	html_text(h, " ");
	html_text(h, next_step(r, p->state, call_accepts_submissions(&c, time_now()),
	                       c.phase > PHASE_OPEN));
	html_close(h, "p");
	if ((p->state == PS_RETURNED || p->state == PS_INELIGIBLE) && p->state_reason[0]) {
		html_open(h, "div", "class", "notice notice-warning", "role", "status", NULL);
		html_elem(h, "strong", tr(r, "Message from the coordination office:"), NULL);
		html_text(h, " ");
		html_text(h, p->state_reason);
		html_close(h, "div");
	}
	/* Decisions (issue 5): the board's decision letter, once it has been sent. */
	if (access_may_read_decision(s, r->user, p) != ACCESS_CONFLICTED) {
		decision_letter_section(r, h, s, p);
		carry_over_section(r, h, s, p);
	}
	submit_call_box(r, h, &c);
	bool may_edit = access_may_edit_proposal(s, r->user, p) == ACCESS_ALLOWED;
	bool may_revise = access_may_revise_proposal(s, r->user, p) == ACCESS_ALLOWED;
	if (may_edit || may_revise) {
		html_open(h, "div", "class", "actions", NULL);
		html_elem(h, "a", may_edit ? tr(r, "Edit proposal") : tr(r, "Revise proposal"),
		          "class", "btn btn-primary", "href", submit_url(r, p->id, "/bearbeiten"),
		          NULL);
		html_close(h, "div");
	}
	public_page_link(r, h, s, p);
	submit_render_content(r, h, p);
	attachments_section(r, h, p, false);
	versions_section(r, h, s, p);
	/* The question thread is between the office and the sub-project; board members who
	 * may read the proposal do not take part in it. */
	if (access_may_post_question(s, r->user, p) == ACCESS_ALLOWED)
		submit_render_thread(r, h, p, submit_url(r, p->id, "/nachricht"));
	withdraw_section(r, h, s, p);
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
	http_redirect(r, submit_url(r, p.id, ""), N_("The proposal has been withdrawn."));
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
	http_redirect(r, submit_url(r, p.id, "#thread-h"), N_("Your message has been sent."));
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
	http_redirect(r, submit_url(r, id, "/bearbeiten"),
	              N_("The proposal is now a draft in the later call."));
	return;
fail:
	http_fail(r);
}

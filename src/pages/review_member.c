/* The advisory board's pages: the member's calls in review with the proposals to rate and
 * their own progress, and a proposal's page with its content, attachments and
 * self-assessment beside the rating form, the others' ratings once visible, and the
 * declaration of a conflict of interest. Who sees what is decided in domain/access.c. */
#include "domain/access.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_attachments.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "store/store.h"
#include "util/timeutil.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/discussion.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "pages/view_review_proposal.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *
proposal_path(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)id);
}

static const char *
own_state_text(struct request *r, const struct review_item *it)
{
	if (it->own == OWN_SUBMITTED)
		return it->abstained ? tr(r, "abstained") : tr(r, "submitted");
	if (it->own == OWN_DRAFT)
		return tr(r, "draft");
	return it->to_rate ? tr(r, "not rated yet") : tr(r, "not assigned to you");
}

static const char *
own_state_badge(const struct review_item *it)
{
	if (it->own == OWN_SUBMITTED)
		return "badge badge-selected";
	if (it->own == OWN_DRAFT)
		return "badge badge-draft";
	return "badge badge-neutral";
}

static void
call_section(struct request *r, struct html *h, struct store *s, const struct review_call_item *ci)
{
	const struct call *c = &ci->call;
	html_open(h, "section", "class", "panel", "aria-labelledby",
	          arena_printf(&r->arena, "call-%lld", (long long)c->id), NULL);
	html_elem(h, "h2", c->title, "id", arena_printf(&r->arena, "call-%lld", (long long)c->id),
	          NULL);
	html_open(h, "p", NULL);
	office_phase_tag(r, h, c->phase);
	html_text(h, " ");
	html_textf(h, tr(r, "You represent: %s."),
	           tr(r, board_constituency_label(ci->constituency)));
	html_close(h, "p");
	review_deadline_line(r, h, c);
	html_open(h, "p", "class", "lead", NULL);
	html_textf(h, tr(r, "Your progress: %lld of %lld proposals rated, %lld drafts."),
	           (long long)ci->progress.submitted, (long long)ci->progress.to_rate,
	           (long long)ci->progress.drafts);
	html_close(h, "p");
	size_t n;
	struct review_item *items = review_list_for(s, &r->arena, r->user, c->id, &n);
	if (!n) {
		html_elem(h, "p", tr(r, "There are no proposals for you to rate in this call."),
		          "class", "muted", NULL);
		html_close(h, "section");
		return;
	}
	const char *heads[] = {tr(r, "Proposal"), tr(r, "Organisation"), tr(r, "State"),
	                       tr(r, "Your rating")};
	widget_table_begin(h, tr(r, "Proposals"), heads, 4);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", items[i].title[0] ? items[i].title : tr(r, "(untitled)"), "href",
		          proposal_path(r, items[i].proposal_id), "lang",
		          items[i].title[0] ? layout_de(r) : NULL, NULL);
		html_close(h, "td");
		html_elem(h, "td", items[i].organisation_name, NULL);
		html_open(h, "td", NULL);
		office_state_tag(r, h, items[i].state);
		html_close(h, "td");
		html_open(h, "td", NULL);
		html_elem(h, "span", own_state_text(r, &items[i]), "class",
		          own_state_badge(&items[i]), NULL);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_close(h, "section");
}

/* For the office: the calls in review, with the ways to their board and ranking. */
static void
office_calls(struct request *r, struct html *h, struct store *s)
{
	size_t n;
	struct call *calls = call_list(s, &r->arena, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "office-h", NULL);
	html_elem(h, "h2", tr(r, "Calls in review (coordination office)"), "id", "office-h", NULL);
	bool any = false;
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		if (calls[i].phase != PHASE_REVIEW && calls[i].phase != PHASE_DECIDING)
			continue;
		any = true;
		html_open(h, "li", NULL);
		html_text(h, calls[i].title);
		html_text(h, ": ");
		html_elem(h, "a", tr(r, "Board and conflicts"), "href",
		          office_call_href(r, calls[i].id, "/gremium"), NULL);
		html_text(h, " · ");
		html_elem(h, "a", tr(r, "Progress"), "href",
		          office_call_href(r, calls[i].id, "/fortschritt"), NULL);
		html_text(h, " · ");
		html_elem(h, "a", tr(r, "Ranking"), "href",
		          office_call_href(r, calls[i].id, "/ranking"), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	if (!any)
		html_elem(h, "p", tr(r, "No call is in review at the moment."), "class", "muted",
		          NULL);
	html_close(h, "section");
}

static void
board_notify_section(struct request *r, struct html *h, struct store *s)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "notify-h", NULL);
	html_elem(h, "h2", tr(r, "E-mail notifications"), "id", "notify-h", NULL);
	widget_form_begin(r, h, "/gremium/benachrichtigungen");
	widget_checkbox(r, h, "board_discussion",
	                tr(r, "E-mail me when someone writes in the internal discussion of a "
	                      "proposal I take part in."),
	                notify_board_discussion(s, r->user->id));
	html_elem(h, "p",
	          tr(r, "Reminders before the review deadline and requests of the coordination "
	                "office are always sent."),
	          "class", "hint", NULL);
	widget_submit(h, tr(r, "Save setting"));
	html_close(h, "form");
	html_close(h, "section");
}

void
page_board(struct request *r)
{
	struct store *s = r->store;
	struct html *h = layout_begin(r, tr(r, "Board review"));
	if (r->user->roles & ROLE_BOARD) {
		size_t n;
		struct review_call_item *calls = review_calls_for(s, &r->arena, r->user, &n);
		if (!n)
			html_elem(h, "p",
			          tr(r, "You are not on the advisory board of a call in review at "
			                "the moment."),
			          NULL);
		for (size_t i = 0; i < n; i++)
			call_section(r, h, s, &calls[i]);
	}
	if (r->user->roles & ROLE_ADMIN)
		office_calls(r, h, s);
	board_notify_section(r, h, s);
	layout_end(r, h);
}

void
page_board_proposal(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (review_proposal_load(r, s, &p))
		review_proposal_page(r, s, &p);
}

/* One decision of the board, for the coordination office: its current version and the
 * earlier ones, the amendment form, and the decision letter (preview, sending, the letters
 * sent); and the same decision read-only for board members. */
#include "domain/access.h"
#include "domain/decision.h"
#include "domain/letter.h"
#include "domain/practice.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "pages/view_decision.h"
#include "pages/view_letter.h"
#include "store/store.h"

#include <stdio.h>

static const char *
decision_href(struct request *r, int64_t proposal_id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/vorschlaege/%lld/beschluss%s",
	                    (long long)proposal_id, rest);
}

static const char *
title_of(struct request *r, const char *title)
{
	return title && *title ? title : tr(r, "(untitled)");
}

static void
letters_section(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                const struct decision *d)
{
	size_t n;
	struct decision_letter *sent = letter_list(s, &r->arena, p->id, &n);
	const struct decision_version *cur = decision_current(d);
	bool current_sent = false;
	for (size_t i = 0; i < n; i++)
		current_sent |= sent[i].version_number == cur->number;
	html_open(h, "section", "aria-labelledby", "letter-h", NULL);
	html_elem(h, "h2", tr(r, "Decision letter"), "id", "letter-h", NULL);
	if (!current_sent && p->state != PS_WITHDRAWN) {
		html_elem(h, "p",
		          tr(r, "The letter goes to every account of the sub-project, each in its "
		                "language, and can be read on the proposal's page. It gives the "
		                "outcome and the feedback per criterion, never the raters' names."),
		          NULL);
		for (int l = LANG_DE; l <= LANG_EN; l++) {
			struct decision_letter pv;
			if (letter_render(s, &r->arena, p->id, (enum lang)l, &pv) != DECISION_OK)
				continue;
			html_open(h, "details", NULL);
			html_elem(h, "summary",
			          l == LANG_DE ? tr(r, "Preview in German")
			                       : tr(r, "Preview in English"),
			          NULL);
			html_elem(h, "p", pv.subject, "class", "letter-subject", NULL);
			office_plain_text(h, pv.body);
			html_close(h, "details");
		}
		widget_button_form(r, h, decision_href(r, p->id, "/brief"),
		                   tr(r, "Send the letter"), "btn btn-primary",
		                   tr(r, "Send the decision letter to the sub-project now?"));
	}
	if (!n)
		html_elem(h, "p", tr(r, "No letter has been sent yet."), "class", "muted", NULL);
	for (size_t i = 0; i < n; i++)
		letter_card(r, h, &sent[i]);
	html_close(h, "section");
}

static void
decision_view(struct request *r, struct store *s, const struct call *c, const struct proposal *p,
              const char *error)
{
	struct decision d;
	bool decided = decision_find(s, &r->arena, p->id, &d);
	struct html *h = decision_begin(
	    r, c, arena_printf(&r->arena, tr(r, "Decision: %s"), title_of(r, p->text[PT_TITLE])));
	widget_errors(r, h, error ? tr(r, error) : NULL);
	html_open(h, "p", "class", "actions", NULL);
	html_elem(h, "a", tr(r, "Read the proposal"), "class", "btn btn-secondary", "href",
	          arena_printf(&r->arena, "/admin/vorschlaege/%lld", (long long)p->id), NULL);
	html_elem(
	    h, "a", tr(r, "Whole history in the audit log"), "class", "btn btn-secondary", "href",
	    arena_printf(&r->arena, "/admin/protokoll?objekt=proposal:%lld", (long long)p->id),
	    NULL);
	/* Publication is the good practice's history, which goes on from here. */
	int64_t practice = practice_of_proposal(s, p->id);
	if (practice > 0)
		html_elem(h, "a", tr(r, "History of the published practice"), "class",
		          "btn btn-secondary", "href",
		          arena_printf(&r->arena, "/admin/protokoll?objekt=practice:%lld",
		                       (long long)practice),
		          NULL);
	html_close(h, "p");
	if (!decided) {
		html_elem(h, "p", tr(r, decision_result_message(DECISION_NOT_DECIDED)), NULL);
		if (c->phase == PHASE_DECIDING)
			html_elem(h, "a", tr(r, "Decide in meeting mode"), "class",
			          "btn btn-primary", "href",
			          office_call_href(
			              r, c->id,
			              arena_printf(&r->arena, "/sitzung/%lld", (long long)p->id)),
			          NULL);
		layout_end(r, h);
		return;
	}
	const struct decision_version *cur = decision_current(&d);
	decision_version_block(r, h, s, p, cur, true);
	letters_section(r, h, s, p, &d);
	if (d.nversions > 1) {
		html_open(h, "section", "aria-labelledby", "history-h", NULL);
		html_elem(h, "h2", tr(r, "Earlier versions"), "id", "history-h", NULL);
		for (size_t i = d.nversions - 1; i-- > 0;)
			decision_version_block(r, h, s, p, &d.versions[i], false);
		html_close(h, "section");
	}
	if (p->state == cur->outcome && (c->phase == PHASE_DECIDING || c->phase == PHASE_CLOSED)) {
		html_open(h, "section", "class", "panel", "aria-labelledby", "amend-h", NULL);
		html_elem(h, "h2", tr(r, "Amend the decision"), "id", "amend-h", NULL);
		struct meeting m;
		decision_meeting(s, &r->arena, c->id, &m);
		bool all_met = cur->all_met;
		struct decision_form_defaults fd = {.outcome = (int)cur->outcome,
		                                    .conditions = cur->conditions,
		                                    .deviation_reason = cur->deviation_reason,
		                                    .vote_reason = cur->vote_reason,
		                                    .target_call_id = cur->target_call_id,
		                                    .from = cur,
		                                    .meeting = &m};
		decision_form(r, h, s, c, p, decision_href(r, p->id, "/aendern"), &fd, all_met);
		html_close(h, "section");
	}
	layout_end(r, h);
}

void
page_decision(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (office_load_proposal(r, s, 0, &p, &c) && !decision_conflict_refused(r, &p))
		decision_view(r, s, &c, &p, NULL);
}

void
page_decision_amend(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c) || decision_conflict_refused(r, &p))
		return;
	if (!decision_save(r, s, &c, &p, decision_amend, decision_view))
		return;
	http_redirect(r, decision_href(r, p.id, ""), N_("The decision has been amended."));
}

struct letter_tx {
	int64_t actor, proposal_id;
	int64_t recipients; /* out */
};

static int
letter_body(struct store *s, void *arg)
{
	struct letter_tx *t = arg;
	return letter_send(s, t->actor, t->proposal_id, &t->recipients);
}

void
page_decision_letter(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c) || decision_conflict_refused(r, &p))
		return;
	struct letter_tx t = {r->user->id, p.id, 0};
	int rc = store_tx(s, letter_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0) {
			http_fail(r);
			return;
		}
		r->resp.status =
		    decision_refusal_status(rc) == 422 ? 409 : decision_refusal_status(rc);
		decision_view(r, s, &c, &p, decision_result_message(rc));
		return;
	}
	http_redirect(r, decision_href(r, p.id, "#letter-h"),
	              N_("The decision letter has been sent."));
}

/* The decision for board members (DESIGN.md §3: they see decisions): the record and its
 * earlier versions, read-only, and never for a member conflicted on the proposal. */
void
page_board_decision(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	struct call c;
	if (!office_load_proposal(r, s, 0, &p, &c))
		return;
	if (access_may_read_decision(s, r->user, &p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal."));
		return;
	}
	struct decision d;
	const char *crumbs[] = {"/gremium", tr(r, "Board review"), NULL};
	struct html *h = office_begin(
	    r, arena_printf(&r->arena, tr(r, "Decision: %s"), title_of(r, p.text[PT_TITLE])),
	    crumbs);
	if (!decision_find(s, &r->arena, p.id, &d)) {
		html_elem(h, "p", tr(r, decision_result_message(DECISION_NOT_DECIDED)), NULL);
		layout_end(r, h);
		return;
	}
	decision_version_block(r, h, s, &p, decision_current(&d), true);
	if (d.nversions > 1) {
		html_elem(h, "h2", tr(r, "Earlier versions"), NULL);
		for (size_t i = d.nversions - 1; i-- > 0;)
			decision_version_block(r, h, s, &p, &d.versions[i], false);
	}
	layout_end(r, h);
}

/* The coordination office's board of a call: its members with their constituency and
 * progress, the visibility rule of the ratings, and the conflicts of interest. */
#include "domain/conflict.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const constituency_choices[] = {"funder", "transfer_project", "network",
                                                   "fachstelle", NULL};

const struct form_key member_add_keys[2] = {
    {"user", FORM_INT, true, 1, INT64_MAX, NULL},
    {"constituency", FORM_CHOICE, false, 0, 0, constituency_choices},
};

const struct form_key review_settings_keys[1] = {
    {"hide_until_own", FORM_BOOL, false, 0, 0, NULL},
};

const struct form_key conflict_set_keys[3] = {
    {"user", FORM_INT, true, 1, INT64_MAX, NULL},
    {"proposal", FORM_INT, true, 1, INT64_MAX, NULL},
    {"reason", FORM_LONGTEXT, true, 0, CONFLICT_REASON_MAX, NULL},
};

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

/* The members with their progress, each with a "Remove" button. */
static void
members_table(struct request *r, struct html *h, const struct call *c, const struct board_member *m,
              size_t n)
{
	if (!n)
		html_elem(h, "p", tr(r, "The board of this call has no members yet."), "class",
		          "muted", NULL);
	else {
		const char *heads[] = {
		    tr(r, "Name"),   tr(r, "Organisation"), tr(r, "Constituency"), tr(r, "Rated"),
		    tr(r, "Drafts"), tr(r, "Missing"),      tr(r, "Actions")};
		widget_table_begin(
		    h, arena_printf(&r->arena, trn(r, "%zu member", "%zu members", (long)n), n),
		    heads, 7);
		for (size_t i = 0; i < n; i++) {
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			html_text(h, m[i].name);
			if (!m[i].active) {
				html_text(h, " ");
				html_elem(h, "span", tr(r, "deactivated"), "class",
				          "badge badge-neutral", NULL);
			}
			html_close(h, "td");
			html_elem(h, "td", m[i].organisation_name[0] ? m[i].organisation_name : "–",
			          NULL);
			html_elem(h, "td", tr(r, board_constituency_label(m[i].constituency)),
			          NULL);
			html_elem(h, "td",
			          arena_printf(&r->arena, "%lld / %lld", (long long)m[i].submitted,
			                       (long long)m[i].to_rate),
			          NULL);
			html_elem(h, "td", id_text(r, m[i].drafts), NULL);
			html_elem(h, "td", id_text(r, m[i].to_rate - m[i].submitted), NULL);
			html_open(h, "td", NULL);
			widget_button_form(
			    r, h,
			    office_call_href(r, c->id,
			                     arena_printf(&r->arena, "/gremium/%lld/entfernen",
			                                  (long long)m[i].user_id)),
			    tr(r, "Remove"), "btn btn-danger",
			    tr(r, "Remove this member from the board? Their ratings stay stored "
			          "but no longer count."));
			html_close(h, "td");
			html_close(h, "tr");
		}
		widget_table_end(h);
	}
}

/* "Add a member": the accounts with the board role not on this board yet. */
static void
member_add_form(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t nc;
	struct user *cand = board_member_candidates(s, &r->arena, c->id, &nc);
	html_elem(h, "h3", tr(r, "Add a member"), NULL);
	if (!nc) {
		html_elem(h, "p",
		          tr(r, "Every active account with the advisory board role is a member "
		                "already. Give more people that role under Users."),
		          "class", "muted", NULL);
	} else {
		const char **opt = arena_alloc(&r->arena, (2 * nc + 3) * sizeof *opt);
		opt[0] = "";
		opt[1] = tr(r, "– please choose –");
		for (size_t i = 0; i < nc; i++) {
			opt[2 + 2 * i] = id_text(r, cand[i].id);
			opt[3 + 2 * i] = cand[i].organisation_name[0]
			                     ? arena_printf(&r->arena, "%s (%s)", cand[i].name,
			                                    cand[i].organisation_name)
			                     : cand[i].name;
		}
		opt[2 + 2 * nc] = NULL;
		const char *cons[] = {"",
		                      tr(r, "as in the account"),
		                      "funder",
		                      tr(r, board_constituency_label("funder")),
		                      "transfer_project",
		                      tr(r, board_constituency_label("transfer_project")),
		                      "network",
		                      tr(r, board_constituency_label("network")),
		                      "fachstelle",
		                      tr(r, board_constituency_label("fachstelle")),
		                      NULL};
		widget_form_begin(r, h, office_call_href(r, c->id, "/gremium"));
		widget_select(
		    r, h,
		    &(struct widget){.name = "user", .label = tr(r, "Person"), .required = true},
		    opt);
		widget_select(r, h,
		              &(struct widget){.name = "constituency",
		                               .label = tr(r, "Constituency on this board")},
		              cons);
		widget_submit(h, tr(r, "Add to the board"));
		html_close(h, "form");
	}
}

static void
members_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct board_member *m = review_members(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "members-h", NULL);
	html_elem(h, "h2", tr(r, "Members and progress"), "id", "members-h", NULL);
	members_table(r, h, c, m, n);
	member_add_form(r, h, s, c);
	html_close(h, "section");
}

static void
settings_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	html_open(h, "section", "class", "panel", "aria-labelledby", "settings-h", NULL);
	html_elem(h, "h2", tr(r, "Visibility of ratings"), "id", "settings-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/gremium/einstellungen"));
	widget_checkbox(r, h, "hide_until_own",
	                tr(r, "Members see the other members' ratings of a proposal only after "
	                      "submitting their own."),
	                set.hide_until_own);
	widget_submit(h, tr(r, "Save setting"));
	html_close(h, "form");
	html_close(h, "section");
}

/* The conflicts of the call's proposals, each set by hand with a "Lift" button. */
static void
conflicts_table(struct request *r, struct html *h, const struct call *c, const struct conflict *cs,
                size_t n)
{
	html_elem(h, "p",
	          tr(r, "A conflicted member can neither see nor rate the proposal, and it is left "
	                "out of their lists and counts. Automatic conflicts follow from the "
	                "organisations: the member works for the submitting sub-project or its "
	                "network or Fachstelle."),
	          NULL);
	if (!n)
		html_elem(h, "p", tr(r, "No conflicts of interest."), "class", "muted", NULL);
	else {
		const char *heads[] = {tr(r, "Proposal"), tr(r, "Member"), tr(r, "Kind"),
		                       tr(r, "Reason"), tr(r, "Actions")};
		widget_table_begin(
		    h, arena_printf(&r->arena, trn(r, "%zu conflict", "%zu conflicts", (long)n), n),
		    heads, 5);
		for (size_t i = 0; i < n; i++) {
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			html_text(h, cs[i].proposal_title[0] ? cs[i].proposal_title
			                                     : tr(r, "(untitled)"));
			html_elem(h, "span", cs[i].organisation_name, "class", "card-meta", NULL);
			html_close(h, "td");
			html_elem(h, "td", cs[i].user_name, NULL);
			html_elem(h, "td", tr(r, conflict_kind_label(cs[i].kind)), NULL);
			html_elem(h, "td", cs[i].reason[0] ? cs[i].reason : "–", NULL);
			html_open(h, "td", NULL);
			if (cs[i].id)
				widget_button_form(
				    r, h,
				    office_call_href(r, c->id,
				                     arena_printf(&r->arena,
				                                  "/befangenheiten/%lld/aufheben",
				                                  (long long)cs[i].id)),
				    tr(r, "Lift"), "btn btn-secondary",
				    tr(r, "Lift this conflict of interest? The member can then see "
				          "and rate the proposal."));
			html_close(h, "td");
			html_close(h, "tr");
		}
		widget_table_end(h);
	}
}

/* "Set a conflict of interest": a member, a proposal of the call, the reason; nothing
 * while either list is empty. */
static void
conflict_set_form(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t nm;
	struct board_member *m = review_members(s, &r->arena, c->id, &nm);
	struct proposal_filter f = {.call_id = c->id, .state = -1};
	size_t np;
	struct proposal_summary *ps = proposal_list(s, &r->arena, &f, &np);
	if (!nm || !np)
		return;
	const char **mopt = arena_alloc(&r->arena, (2 * nm + 3) * sizeof *mopt);
	mopt[0] = "";
	mopt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < nm; i++) {
		mopt[2 + 2 * i] = id_text(r, m[i].user_id);
		mopt[3 + 2 * i] = m[i].name;
	}
	mopt[2 + 2 * nm] = NULL;
	const char **popt = arena_alloc(&r->arena, (2 * np + 3) * sizeof *popt);
	popt[0] = "";
	popt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < np; i++) {
		popt[2 + 2 * i] = id_text(r, ps[i].id);
		popt[3 + 2 * i] = arena_printf(&r->arena, "%s (%s)",
		                               ps[i].title[0] ? ps[i].title : tr(r, "(untitled)"),
		                               ps[i].organisation_name);
	}
	popt[2 + 2 * np] = NULL;
	html_elem(h, "h3", tr(r, "Set a conflict of interest"), NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/befangenheiten"));
	widget_select(r, h,
	              &(struct widget){.name = "user",
	                               .id = "f-conflict-user",
	                               .label = tr(r, "Member"),
	                               .required = true},
	              mopt);
	widget_select(
	    r, h,
	    &(struct widget){.name = "proposal", .label = tr(r, "Proposal"), .required = true},
	    popt);
	widget_textarea(r, h,
	                &(struct widget){.name = "reason",
	                                 .label = tr(r, "Reason"),
	                                 .required = true,
	                                 .maxlength = CONFLICT_REASON_MAX,
	                                 .rows = 3});
	widget_submit(h, tr(r, "Set the conflict"));
	html_close(h, "form");
}

static void
conflicts_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct conflict *cs = conflict_list(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "conflicts-h", NULL);
	html_elem(h, "h2", tr(r, "Conflicts of interest"), "id", "conflicts-h", NULL);
	conflicts_table(r, h, c, cs, n);
	conflict_set_form(r, h, s, c);
	html_close(h, "section");
}

static void
board_page(struct request *r, struct store *s, const struct call *c)
{
	struct html *h = review_begin(r, c, tr(r, "Advisory board"));
	widget_error_summary(r, h);
	members_section(r, h, s, c);
	settings_section(r, h, s, c);
	conflicts_section(r, h, s, c);
	layout_end(r, h);
}

void
page_review_board(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (office_load_call(r, s, 0, &c))
		board_page(r, s, &c);
}

/* A change of the board page: the call, an id of the change (member, proposal, entry)
 * and the request, whose form has the rest. */
struct board_tx {
	struct request *r;
	int64_t call_id, id;
};

static int
member_add_body(struct store *s, void *arg)
{
	struct board_tx *t = arg;
	return review_result_of_board(board_member_add(s, t->r->user->id, t->call_id,
	                                               form_int(t->r, "user"),
	                                               form_value(t->r, "constituency")));
}

static int
member_remove_body(struct store *s, void *arg)
{
	struct board_tx *t = arg;
	return review_result_of_board(board_member_remove(s, t->r->user->id, t->call_id, t->id));
}

static int
settings_body(struct store *s, void *arg)
{
	struct board_tx *t = arg;
	return review_set_visibility(s, t->r->user->id, t->call_id,
	                             form_has(t->r, "hide_until_own"));
}

static int
conflict_set_body(struct store *s, void *arg)
{
	struct board_tx *t = arg;
	return review_result_of_conflict(conflict_set(
	    s, t->r->user->id, t->id, form_int(t->r, "user"), form_value(t->r, "reason")));
}

static int
conflict_remove_body(struct store *s, void *arg)
{
	struct board_tx *t = arg;
	return review_result_of_conflict(conflict_remove(s, t->r->user->id, t->call_id, t->id));
}

/* Answers a board change that returned rc (review_change_answer); on a refusal shows the
 * board page again with the message on field (422), or a 404 for a missing entry without
 * a field. */
static void
board_change(struct request *r, struct store *s, const struct call *c, int rc, const char *field,
             const char *notice)
{
	if (!review_change_answer(r, rc, office_call_href(r, c->id, "/gremium"), notice))
		return;
	if (rc == REVIEW_NOT_FOUND && !field) {
		http_error(r, 404, review_result_message(rc));
		return;
	}
	form_set_error(r, field, review_result_message(rc));
	r->resp.status = 422;
	board_page(r, s, c);
}

void
page_review_member_add(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		board_page(r, s, &c);
		return;
	}
	struct board_tx t = {r, c.id, 0};
	int rc = store_tx(s, member_add_body, &t);
	board_change(r, s, &c, rc, rc == REVIEW_INVALID ? "constituency" : "user",
	             N_("The member has been added to the board."));
}

/* For removing an entry of the board page: the call of the path and the entry's id (path
 * parameter 1); false when the answer (a 404) has been sent. */
static bool
entry_load(struct request *r, struct store *s, struct call *c, int64_t *id)
{
	if (!office_load_call(r, s, 0, c))
		return false;
	if (!office_param_id(r, 1, id)) {
		http_error(r, 404, N_("There is no such entry."));
		return false;
	}
	return true;
}

void
page_review_member_remove(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	struct board_tx t = {r, 0, 0};
	if (!entry_load(r, s, &c, &t.id))
		return;
	t.call_id = c.id;
	board_change(r, s, &c, store_tx(s, member_remove_body, &t), NULL,
	             N_("The member has been removed from the board."));
}

void
page_review_settings(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct board_tx t = {r, c.id, 0};
	board_change(r, s, &c, store_tx(s, settings_body, &t), NULL,
	             N_("The setting has been saved."));
}

void
page_review_conflict_set(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		board_page(r, s, &c);
		return;
	}
	/* The proposal must belong to this call: a forged id of another call is refused. */
	struct proposal p;
	if (!proposal_find(s, &r->arena, form_int(r, "proposal"), &p) || p.call_id != c.id) {
		form_set_error(r, "proposal", N_("Please choose one of the options."));
		r->resp.status = 422;
		board_page(r, s, &c);
		return;
	}
	struct board_tx t = {r, c.id, p.id};
	int rc = store_tx(s, conflict_set_body, &t);
	board_change(r, s, &c, rc,
	             rc == REVIEW_INVALID     ? "reason"
	             : rc == REVIEW_NOT_FOUND ? "proposal"
	                                      : "user",
	             N_("The conflict of interest has been recorded."));
}

void
page_review_conflict_remove(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	struct board_tx t = {r, 0, 0};
	if (!entry_load(r, s, &c, &t.id))
		return;
	t.call_id = c.id;
	board_change(r, s, &c, store_tx(s, conflict_remove_body, &t), NULL,
	             N_("The conflict of interest has been lifted."));
}

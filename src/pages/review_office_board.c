/* The coordination office's board of a call: its members with their constituency and
 * progress, the visibility rule of the ratings, and the conflicts of interest. */
#include "domain/board_admin.h"
#include "domain/conflict.h"
#include "domain/review.h"
#include "html/layout.h"
#include "http/parse.h"
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

/* Several members at once: accounts picked by checkbox (pick_0 … pick_59, each an account
 * id) and e-mail addresses pasted, one per line. */
#define PICK(n)                                                                                    \
	{                                                                                          \
		"pick_" #n, FORM_INT, false, 1, INT64_MAX, NULL                                    \
	}
#define PICK10(d)                                                                                  \
	PICK(d##0), PICK(d##1), PICK(d##2), PICK(d##3), PICK(d##4), PICK(d##5), PICK(d##6),        \
	    PICK(d##7), PICK(d##8), PICK(d##9)
#define EMAILS_MAX 20000
const struct form_key member_many_keys[MEMBER_MANY_KEYS] = {
    {"emails", FORM_LONGTEXT, false, 0, EMAILS_MAX, NULL},
    {"many_constituency", FORM_CHOICE, false, 0, 0, constituency_choices},
    PICK10(),
    PICK10(1),
    PICK10(2),
    PICK10(3),
    PICK10(4),
    PICK10(5),
};

const struct form_key board_copy_keys[1] = {
    {"from", FORM_INT, true, 1, INT64_MAX, NULL},
};

const struct form_key review_settings_keys[2] = {
    {"hide_until_own", FORM_BOOL, false, 0, 0, NULL},
    {"min_ratings", FORM_INT, false, 1, 64, NULL},
};

const struct form_key conflict_set_keys[3] = {
    {"user", FORM_INT, true, 1, INT64_MAX, NULL},
    {"proposal", FORM_INT, true, 1, INT64_MAX, NULL},
    {"reason", FORM_LONGTEXT, true, 0, CONFLICT_REASON_MAX, NULL},
};

static const char **constituency_options(struct request *r);

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
		const char **cons = constituency_options(r);
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

/* What a request to add several members found wrong, entry by entry (board_add_many). */
struct many_result {
	const struct board_entry *entries;
	size_t n;
};

static const char *
entry_message(struct request *r, const struct board_entry *e)
{
	switch (e->rc) {
	case BOARD_NOT_FOUND:
		return tr(r, "No account has this e-mail address.");
	case BOARD_NOT_BOARD:
		return tr(r,
		          "This account does not hold the advisory board role or is deactivated.");
	case BOARD_EXISTS:
		return e->duplicate ? tr(r, "Named twice in this list.")
		                    : tr(r, "Already a member of this board.");
	case BOARD_INVALID:
		return e->user_id ? tr(r, "The account has no constituency: please choose one.")
		                  : tr(r, "Too many entries at once.");
	default:
		break;
	}
	return tr(r, "The change could not be saved. Please try again.");
}

/* The entries that cannot be added, each with its line (or account) and the reason. */
static void
many_errors(struct request *r, struct html *h, const struct many_result *mr)
{
	if (!mr)
		return;
	html_open(h, "ul", "class", "field-errors", "id", "emails-lines", NULL);
	for (size_t i = 0; i < mr->n; i++) {
		const struct board_entry *e = &mr->entries[i];
		if (e->rc == BOARD_OK)
			continue;
		html_open(h, "li", NULL);
		if (e->line)
			html_textf(h, tr(r, "Line %d (%s): "), e->line, e->text);
		else
			html_textf(h, tr(r, "Account %s: "), e->text[0] ? e->text : "–");
		html_text(h, entry_message(r, e));
		html_close(h, "li");
	}
	html_close(h, "ul");
}

/* The accounts to pick, each a checkbox whose value is the account's id. */
static void
many_picks(struct request *r, struct html *h, const struct user *cand, size_t nc)
{
	if (!nc)
		return;
	html_open(h, "fieldset", "class", "field", NULL);
	html_elem(h, "legend", tr(r, "Accounts with the advisory board role"), NULL);
	for (size_t i = 0; i < nc && i < MEMBER_PICK_MAX; i++) {
		const char *name = arena_printf(&r->arena, "pick_%zu", i);
		const char *id = arena_printf(&r->arena, "f-%s", name);
		const char *value = id_text(r, cand[i].id);
		const char *sent = strcmp(r->method, "POST") == 0 ? kv_get(&r->form, name) : NULL;
		html_open(h, "div", "class", "field field-checkbox", NULL);
		html_void(h, "input", "type", "checkbox", "id", id, "name", name, "value", value,
		          "checked", sent && strcmp(sent, value) == 0 ? "" : NULL, NULL);
		html_elem(h, "label",
		          cand[i].organisation_name[0]
		              ? arena_printf(&r->arena, "%s (%s)", cand[i].name,
		                             cand[i].organisation_name)
		              : cand[i].name,
		          "for", id, NULL);
		html_close(h, "div");
	}
	if (nc > MEMBER_PICK_MAX)
		html_elem(h, "p",
		          tr(r, "More accounts hold the role than are listed here: paste their "
		                "e-mail addresses below."),
		          "class", "muted", NULL);
	html_close(h, "fieldset");
}

static const char **
constituency_options(struct request *r)
{
	const char **cons = arena_alloc(&r->arena, 11 * sizeof *cons);
	const char *const src[] = {"",
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
	memcpy(cons, src, sizeof src);
	return cons;
}

/* "Add several members": accounts picked and addresses pasted; all or nothing. */
static void
member_many_form(struct request *r, struct html *h, struct store *s, const struct call *c,
                 const struct many_result *mr)
{
	size_t nc;
	struct user *cand = board_member_candidates(s, &r->arena, c->id, &nc);
	html_elem(h, "h3", tr(r, "Add several members"), "id", "many-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/gremium/mehrere"));
	many_picks(r, h, cand, nc);
	widget_textarea(r, h,
	                &(struct widget){.name = "emails",
	                                 .label = tr(r, "E-mail addresses, one per line"),
	                                 .hint = tr(r, "Accounts holding the advisory board role. "
	                                               "If one line cannot be added, nobody is "
	                                               "added and the list says why."),
	                                 .maxlength = EMAILS_MAX,
	                                 .rows = 5});
	many_errors(r, h, mr);
	widget_select(r, h,
	              &(struct widget){.name = "many_constituency",
	                               .label = tr(r, "Constituency on this board")},
	              constituency_options(r));
	html_elem(h, "p",
	          tr(r, "Each new member is told by e-mail, and again when the review starts."),
	          "class", "muted", NULL);
	widget_submit(h, tr(r, "Add these members"));
	html_close(h, "form");
}

/* "Copy the board of an earlier call": nothing while no other call has a board. */
static void
board_copy_form(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct board_source *src = board_copy_sources(s, &r->arena, c->id, &n);
	if (!n)
		return;
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	opt[0] = "";
	opt[1] = tr(r, "– please choose –");
	for (size_t i = 0; i < n; i++) {
		opt[2 + 2 * i] = id_text(r, src[i].call_id);
		opt[3 + 2 * i] = arena_printf(
		    &r->arena,
		    trn(r, "%s (%lld member)", "%s (%lld members)", (long)src[i].members),
		    src[i].title, (long long)src[i].members);
	}
	opt[2 + 2 * n] = NULL;
	html_elem(h, "h3", tr(r, "Copy the board of an earlier call"), NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/gremium/kopieren"));
	widget_select(r, h,
	              &(struct widget){.name = "from",
	                               .label = tr(r, "Call"),
	                               .hint = tr(r, "Its members join this board with the "
	                                             "constituency they had there; members "
	                                             "already here, deactivated accounts and "
	                                             "accounts without the role are skipped."),
	                               .required = true},
	              opt);
	widget_submit(h, tr(r, "Copy the board"));
	html_close(h, "form");
}

static void
members_section(struct request *r, struct html *h, struct store *s, const struct call *c,
                const struct many_result *mr)
{
	size_t n;
	struct board_member *m = review_members(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "members-h", NULL);
	html_elem(h, "h2", tr(r, "Members and progress"), "id", "members-h", NULL);
	members_table(r, h, c, m, n);
	member_add_form(r, h, s, c);
	member_many_form(r, h, s, c, mr);
	board_copy_form(r, h, s, c);
	html_close(h, "section");
}

static void
settings_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	html_open(h, "section", "class", "panel", "aria-labelledby", "settings-h", NULL);
	html_elem(h, "h2", tr(r, "Settings of the review"), "id", "settings-h", NULL);
	widget_form_begin(r, h, office_call_href(r, c->id, "/gremium/einstellungen"));
	widget_checkbox(r, h, "hide_until_own",
	                tr(r, "Members see the other members' ratings of a proposal only after "
	                      "submitting their own."),
	                set.hide_until_own);
	widget_input(r, h,
	             &(struct widget){.name = "min_ratings",
	                              .label = tr(r, "Ratings needed per proposal"),
	                              .hint = tr(r, "The review can end without a reason once "
	                                            "every proposal has this many submitted "
	                                            "ratings (1 to 64)."),
	                              .type = "number",
	                              .value = arena_printf(&r->arena, "%d", set.min_ratings)});
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
board_page_with(struct request *r, struct store *s, const struct call *c,
                const struct many_result *mr)
{
	struct html *h = review_begin(r, c, tr(r, "Advisory board"));
	widget_error_summary(r, h);
	members_section(r, h, s, c, mr);
	settings_section(r, h, s, c);
	conflicts_section(r, h, s, c);
	layout_end(r, h);
}

static void
board_page(struct request *r, struct store *s, const struct call *c)
{
	board_page_with(r, s, c, NULL);
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
	/* The member is told by e-mail (board_member_join). */
	return review_result_of_board(board_member_join(s, t->r->user->id, t->call_id,
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
	int rc =
	    review_set_visibility(s, t->r->user->id, t->call_id, form_has(t->r, "hide_until_own"));
	if (rc == REVIEW_OK && form_has(t->r, "min_ratings"))
		rc = review_set_min_ratings(s, t->r->user->id, t->call_id,
		                            (int)form_int(t->r, "min_ratings"));
	return rc;
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
	if (form_error_count(r)) {
		r->resp.status = 422;
		board_page(r, s, &c);
		return;
	}
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

/* ---- several members at once, and a copied board ---- */

struct many_tx {
	struct request *r;
	int64_t call_id;
	int64_t ids[MEMBER_PICK_MAX];
	size_t nids;
	struct board_entry *entries; /* out */
	size_t n;                    /* out */
};

static int
member_many_body(struct store *s, void *arg)
{
	struct many_tx *t = arg;
	return (int)board_add_many(s, &t->r->arena, t->r->user->id, t->call_id, t->ids, t->nids,
	                           form_value(t->r, "emails"),
	                           form_value(t->r, "many_constituency"), &t->entries, &t->n);
}

void
page_review_member_many(struct request *r)
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
	struct many_tx t = {.r = r, .call_id = c.id};
	for (size_t i = 0; i < MEMBER_PICK_MAX; i++) {
		int64_t id = form_int(r, member_many_keys[2 + i].name);
		if (id > 0)
			t.ids[t.nids++] = id;
	}
	int rc = store_tx(s, member_many_body, &t);
	if (rc == BOARD_OK) {
		http_redirect(r, office_call_href(r, c.id, "/gremium"),
		              N_("The members have been added to the board and told by e-mail."));
		return;
	}
	if (rc < 0) {
		http_fail(r);
		return;
	}
	form_set_error(r, "emails",
	               rc == BOARD_NOT_FOUND
	                   ? N_("Please pick at least one account or enter at least one e-mail "
	                        "address.")
	                   : N_("Some entries cannot be added, so nobody has been added. The list "
	                        "below the field says why."));
	r->resp.status = 422;
	struct many_result mr = {t.entries, t.n};
	board_page_with(r, s, &c, rc == BOARD_NOT_FOUND ? NULL : &mr);
}

struct copy_tx {
	struct request *r;
	int64_t call_id;
	int added, skipped; /* out */
};

static int
board_copy_body(struct store *s, void *arg)
{
	struct copy_tx *t = arg;
	return (int)board_copy(s, t->r->user->id, t->call_id, form_int(t->r, "from"), &t->added,
	                       &t->skipped);
}

void
page_review_board_copy(struct request *r)
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
	struct copy_tx t = {r, c.id, 0, 0};
	int rc = store_tx(s, board_copy_body, &t);
	if (rc == BOARD_OK) {
		http_redirect(r, office_call_href(r, c.id, "/gremium"),
		              t.added
		                  ? N_("The board has been copied; the new members have been told "
		                       "by e-mail.")
		                  : N_("Nobody was left to copy: every member of that board is "
		                       "here already, deactivated or without the role."));
		return;
	}
	if (rc < 0) {
		http_fail(r);
		return;
	}
	form_set_error(r, "from", N_("Please choose one of the options."));
	r->resp.status = 422;
	board_page(r, s, &c);
}

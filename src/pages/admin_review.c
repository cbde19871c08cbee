/* The coordination office's side of the board review: the board of a call (members with
 * their constituency and progress, the visibility rule, conflicts of interest), the rubric
 * (editable until the review starts), and the ranking with its CSV and XLSX export. */
#include "domain/conflict.h"
#include "domain/review.h"
#include "export/table.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/fragment_cache.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROPOSALS 2000

_Static_assert(RUBRIC_KEYS == 5 * REVIEW_MAX_CRITERIA + 2 * REVIEW_MAX_LEVELS + 1,
               "rubric_keys: five per criterion, two per level, the threshold");

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

#define CRITERION_KEYS(i)                                                                          \
	{"label_de_" #i, FORM_TEXT, false, 0, 200, NULL},                                          \
	    {"label_en_" #i, FORM_TEXT, false, 0, 200, NULL},                                      \
	    {"guidance_de_" #i, FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL},                   \
	    {"guidance_en_" #i, FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL},                   \
	{                                                                                          \
		"weight_" #i, FORM_TEXT, false, 0, 12, NULL                                        \
	}
#define LEVEL_KEYS(i)                                                                              \
	{"level_de_" #i, FORM_TEXT, false, 0, 200, NULL},                                          \
	{                                                                                          \
		"level_en_" #i, FORM_TEXT, false, 0, 200, NULL                                     \
	}

const struct form_key rubric_keys[RUBRIC_KEYS] = {
    CRITERION_KEYS(0),  CRITERION_KEYS(1),
    CRITERION_KEYS(2),  CRITERION_KEYS(3),
    CRITERION_KEYS(4),  CRITERION_KEYS(5),
    CRITERION_KEYS(6),  CRITERION_KEYS(7),
    CRITERION_KEYS(8),  CRITERION_KEYS(9),
    CRITERION_KEYS(10), CRITERION_KEYS(11),
    CRITERION_KEYS(12), CRITERION_KEYS(13),
    CRITERION_KEYS(14), CRITERION_KEYS(15),
    LEVEL_KEYS(0),      LEVEL_KEYS(1),
    LEVEL_KEYS(2),      LEVEL_KEYS(3),
    LEVEL_KEYS(4),      LEVEL_KEYS(5),
    LEVEL_KEYS(6),      LEVEL_KEYS(7),
    LEVEL_KEYS(8),      LEVEL_KEYS(9),
    LEVEL_KEYS(10),     {"threshold", FORM_TEXT, true, 0, 12, NULL},
};

static const char *
id_text(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "%lld", (long long)id);
}

/* Breadcrumbs up to the call, and the links between the review's pages. */
struct html *
review_begin(struct request *r, const struct call *c, const char *title)
{
	const char *links[][2] = {{"/gremium", tr(r, "Board and conflicts")},
	                          {"/rubrik", tr(r, "Rubric")},
	                          {"/zuteilung", tr(r, "Assignments")},
	                          {"/fortschritt", tr(r, "Progress")},
	                          {"/ranking", tr(r, "Ranking")}};
	return office_call_begin(r, c, title, tr(r, "Board review of this call"), links,
	                         sizeof links / sizeof links[0]);
}

/* "1.5" or "1,5" as a number; false for anything else. */
static bool
parse_decimal(const char *s, double *out)
{
	char buf[32];
	if (!s || !*s || strlen(s) >= sizeof buf)
		return false;
	strcpy(buf, s);
	for (char *c = buf; *c; c++)
		if (*c == ',')
			*c = '.';
	char *end;
	double v = strtod(buf, &end);
	if (*end || end == buf || v != v)
		return false;
	*out = v;
	return true;
}

/* ---- the board and its conflicts ---- */

static void
members_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct board_member *m = review_members(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "members-h", NULL);
	html_elem(h, "h2", tr(r, "Members and progress"), "id", "members-h", NULL);
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

static void
conflicts_section(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct conflict *cs = conflict_list(s, &r->arena, c->id, &n);
	html_open(h, "section", "class", "panel", "aria-labelledby", "conflicts-h", NULL);
	html_elem(h, "h2", tr(r, "Conflicts of interest"), "id", "conflicts-h", NULL);
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

	size_t nm;
	struct board_member *m = review_members(s, &r->arena, c->id, &nm);
	struct proposal_filter f = {.call_id = c->id, .state = -1};
	size_t np;
	struct proposal_summary *ps = proposal_list(s, &r->arena, &f, &np);
	if (!nm || !np) {
		html_close(h, "section");
		return;
	}
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
	              &(struct widget){.name = "user", .label = tr(r, "Member"), .required = true},
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
	struct store *s = store_thread();
	struct call c;
	if (office_load_call(r, s, 0, &c))
		board_page(r, s, &c);
}

bool
review_change_answer(struct request *r, int rc, const char *href, const char *notice)
{
	if (rc == REVIEW_OK)
		http_redirect(r, href, notice);
	else if (rc < 0)
		http_fail(r);
	return rc > 0;
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
	struct store *s = store_thread();
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
	struct store *s = store_thread();
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
	struct store *s = store_thread();
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
	struct store *s = store_thread();
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
	struct store *s = store_thread();
	struct call c;
	struct board_tx t = {r, 0, 0};
	if (!entry_load(r, s, &c, &t.id))
		return;
	t.call_id = c.id;
	board_change(r, s, &c, store_tx(s, conflict_remove_body, &t), NULL,
	             N_("The conflict of interest has been lifted."));
}

/* ---- the rubric ---- */

static void
rubric_readonly(struct request *r, struct html *h, const struct criterion *crit, size_t n,
                const struct scale_level *lv, size_t nl, const struct review_settings *set)
{
	const char *heads[] = {tr(r, "Criterion"), tr(r, "Guidance"), tr(r, "Weight")};
	widget_table_begin(h, tr(r, "Criteria"), heads, 3);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th",
		          crit[i].parent_key[0]
		              ? arena_printf(&r->arena, "– %s", criterion_label(&crit[i], r->lang))
		              : criterion_label(&crit[i], r->lang),
		          "scope", "row", NULL);
		html_elem(h, "td", criterion_guidance(&crit[i], r->lang), NULL);
		html_elem(h, "td", board_number(r, crit[i].weight), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_elem(h, "h2", tr(r, "Scale"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < nl; i++) {
		html_open(h, "li", NULL);
		html_textf(h, "%d – %s", lv[i].level, scale_level_label(&lv[i], r->lang));
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_open(h, "p", NULL);
	html_textf(h, tr(r, "A criterion is met when the mean of its ratings is at least %s."),
	           board_number(r, set->threshold));
	html_close(h, "p");
}

static const char *
key_i(struct request *r, const char *prefix, size_t i)
{
	return arena_printf(&r->arena, "%s_%zu", prefix, i);
}

/* The text field prefix_i of the rubric form: a required name (at most 200 characters)
 * or, long, an optional guidance of three rows. */
static void
rubric_text(struct request *r, struct html *h, const char *prefix, size_t i, const char *label,
            const char *value, bool long_text)
{
	struct widget w = {.name = key_i(r, prefix, i), .label = label, .value = value};
	if (long_text) {
		w.maxlength = REVIEW_TEXT_MAX;
		w.rows = 3;
		widget_textarea(r, h, &w);
	} else {
		w.required = true;
		w.maxlength = 200;
		widget_input(r, h, &w);
	}
}

static void
rubric_form(struct request *r, struct html *h, const struct call *c, const struct criterion *crit,
            size_t n, const struct scale_level *lv, size_t nl, const struct review_settings *set)
{
	widget_form_begin(r, h, office_call_href(r, c->id, "/rubrik"));
	for (size_t i = 0; i < n; i++) {
		html_open(h, "fieldset", "class", "panel", NULL);
		html_elem(h, "legend",
		          crit[i].parent_key[0]
		              ? arena_printf(&r->arena, tr(r, "Aspect \"%s\""), crit[i].key)
		              : arena_printf(&r->arena, tr(r, "Criterion \"%s\""), crit[i].key),
		          NULL);
		rubric_text(r, h, "label_de", i, tr(r, "Name (German)"), crit[i].label_de, false);
		rubric_text(r, h, "label_en", i, tr(r, "Name (English)"), crit[i].label_en, false);
		rubric_text(r, h, "guidance_de", i, tr(r, "Guidance (German)"), crit[i].guidance_de,
		            true);
		rubric_text(r, h, "guidance_en", i, tr(r, "Guidance (English)"),
		            crit[i].guidance_en, true);
		widget_input(r, h,
		             &(struct widget){.name = key_i(r, "weight", i),
		                              .label = tr(r, "Weight"),
		                              .hint = crit[i].parent_key[0]
		                                          ? tr(r, "Within its criterion.")
		                                          : tr(r, "In the weighted total."),
		                              .value = board_number(r, crit[i].weight),
		                              .required = true,
		                              .maxlength = 12});
		html_close(h, "fieldset");
	}
	html_open(h, "fieldset", "class", "panel", NULL);
	html_elem(h, "legend", tr(r, "Scale"), NULL);
	for (size_t i = 0; i < nl; i++) {
		rubric_text(r, h, "level_de", i,
		            arena_printf(&r->arena, tr(r, "Level %d (German)"), lv[i].level),
		            lv[i].label_de, false);
		rubric_text(r, h, "level_en", i,
		            arena_printf(&r->arena, tr(r, "Level %d (English)"), lv[i].level),
		            lv[i].label_en, false);
	}
	widget_input(
	    r, h,
	    &(struct widget){.name = "threshold",
	                     .label = tr(r, "Threshold"),
	                     .hint = tr(r, "A criterion is met when the mean of its ratings "
	                                   "is at least this."),
	                     .value = board_number(r, set->threshold),
	                     .required = true,
	                     .maxlength = 12});
	html_close(h, "fieldset");
	widget_submit(h, tr(r, "Save the rubric"));
	html_close(h, "form");
}

static void
rubric_page(struct request *r, struct store *s, const struct call *c)
{
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, c->id, crit, REVIEW_MAX_CRITERIA);
	struct scale_level lv[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(s, &r->arena, c->id, lv, REVIEW_MAX_LEVELS);
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	struct html *h = review_begin(r, c, tr(r, "Rubric"));
	if (review_rubric_frozen(c)) {
		layout_notice(h, "warning", tr(r, review_result_message(REVIEW_FROZEN)));
		rubric_readonly(r, h, crit, n, lv, nl, &set);
	} else {
		html_elem(h, "p",
		          tr(r, "The rubric can be changed until the review starts; from then on "
		                "it is frozen for this call."),
		          NULL);
		widget_error_summary(r, h);
		rubric_form(r, h, c, crit, n, lv, nl, &set);
	}
	layout_end(r, h);
}

void
page_review_rubric(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (office_load_call(r, s, 0, &c))
		rubric_page(r, s, &c);
}

/* The form field of a rubric problem. */
static const char *
rubric_field(struct request *r, const struct review_problem *pr, const struct criterion *crit,
             size_t n, const struct scale_level *lv, size_t nl)
{
	if (pr->criterion_id) {
		for (size_t i = 0; i < n; i++)
			if (crit[i].id == pr->criterion_id)
				return key_i(r, pr->field, i);
	} else if (pr->level >= 0) {
		for (size_t i = 0; i < nl; i++)
			if (lv[i].level == pr->level)
				return key_i(
				    r, strcmp(pr->field, "label_en") == 0 ? "level_en" : "level_de",
				    i);
	}
	return "threshold";
}

struct rubric_tx {
	int64_t actor, call_id;
	const struct criterion *crit;
	size_t n;
	const struct scale_level *lv;
	size_t nl;
	double threshold;
	struct review_problem pr[64]; /* out */
	size_t npr;                   /* out */
};

static int
rubric_body(struct store *s, void *arg)
{
	struct rubric_tx *t = arg;
	t->npr = 0;
	return review_rubric_update(s, t->actor, t->call_id, t->crit, t->n, t->lv, t->nl,
	                            t->threshold, t->pr, 64, &t->npr);
}

void
page_review_rubric_update(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	if (review_rubric_frozen(&c)) {
		http_error(r, 409, review_result_message(REVIEW_FROZEN));
		return;
	}
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t n = call_criteria(s, &r->arena, c.id, crit, REVIEW_MAX_CRITERIA);
	struct scale_level lv[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(s, &r->arena, c.id, lv, REVIEW_MAX_LEVELS);
	for (size_t i = 0; i < n; i++) {
		crit[i].label_de = form_value(r, key_i(r, "label_de", i));
		crit[i].label_en = form_value(r, key_i(r, "label_en", i));
		crit[i].guidance_de = form_value(r, key_i(r, "guidance_de", i));
		crit[i].guidance_en = form_value(r, key_i(r, "guidance_en", i));
		const char *wk = key_i(r, "weight", i);
		if (!parse_decimal(form_value(r, wk), &crit[i].weight) && !form_error(r, wk))
			form_set_error(r, wk, N_("Please enter a number such as 1 or 1.5."));
	}
	for (size_t i = 0; i < nl; i++) {
		lv[i].label_de = form_value(r, key_i(r, "level_de", i));
		lv[i].label_en = form_value(r, key_i(r, "level_en", i));
	}
	double threshold = 0;
	if (!parse_decimal(form_value(r, "threshold"), &threshold) && !form_error(r, "threshold"))
		form_set_error(r, "threshold", N_("Please enter a number such as 1 or 1.5."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		rubric_page(r, s, &c);
		return;
	}
	struct rubric_tx t = {.actor = r->user->id,
	                      .call_id = c.id,
	                      .crit = crit,
	                      .n = n,
	                      .lv = lv,
	                      .nl = nl,
	                      .threshold = threshold};
	int rc = store_tx(s, rubric_body, &t);
	const struct review_problem *pr = t.pr;
	size_t npr = t.npr;
	if (!review_change_answer(r, rc, office_call_href(r, c.id, "/rubrik"),
	                          N_("The rubric has been saved.")))
		return;
	if (rc == REVIEW_INVALID) {
		for (size_t i = 0; i < npr && i < 64; i++)
			form_set_error(r, rubric_field(r, &pr[i], crit, n, lv, nl), pr[i].msgid);
		r->resp.status = 422;
		rubric_page(r, s, &c);
	} else if (rc == REVIEW_FROZEN) {
		http_error(r, 409, review_result_message(rc));
	} else {
		http_fail(r);
	}
}

/* ---- the ranking ---- */

struct ranking {
	struct review_rank_row *rows;
	size_t n;
	struct criterion crit[REVIEW_MAX_CRITERIA];
	size_t ncrit;
	const char *sort;
	bool desc;
};

static bool
sort_key_valid(const struct ranking *k, const char *key)
{
	static const char *const fixed[] = {
	    "total", "title", "organisation", "ratings", "met", "disagreement", NULL};
	for (size_t i = 0; fixed[i]; i++)
		if (strcmp(fixed[i], key) == 0)
			return true;
	for (size_t i = 0; i < k->ncrit; i++)
		if (strcmp(k->crit[i].key, key) == 0)
			return true;
	return false;
}

/* Loads the ranking for the office (what the viewer is conflicted on left out) in the order
 * of the query's sort and order parameters. */
static void
load_ranking(struct request *r, struct store *s, const struct call *c, struct ranking *k)
{
	k->rows = arena_alloc(&r->arena, MAX_PROPOSALS * sizeof *k->rows);
	k->n = review_ranking(s, &r->arena, r->user, c->id, k->rows, MAX_PROPOSALS, k->crit,
	                      &k->ncrit);
	const char *sort = http_query(r, "sort"), *order = http_query(r, "order");
	k->sort = sort && sort_key_valid(k, sort) ? sort : "total";
	bool text = strcmp(k->sort, "title") == 0 || strcmp(k->sort, "organisation") == 0;
	k->desc = order ? strcmp(order, "asc") != 0 : !text;
	review_ranking_sort(k->rows, k->n, k->sort, k->desc);
}

static const char *
crit_label(struct request *r, const struct criterion *c)
{
	return c->parent_key[0] ? arena_printf(&r->arena, "– %s", criterion_label(c, r->lang))
	                        : criterion_label(c, r->lang);
}

static void
sort_header(struct request *r, struct html *h, const struct call *c, const struct ranking *k,
            const char *key, const char *label)
{
	bool active = strcmp(k->sort, key) == 0;
	bool text = strcmp(key, "title") == 0 || strcmp(key, "organisation") == 0;
	/* A click on the active column turns its order round; others start at their natural
	 * order (best first for numbers, A–Z for text). */
	bool next_desc = active ? !k->desc : !text;
	html_open(h, "th", "scope", "col", "aria-sort",
	          active ? (k->desc ? "descending" : "ascending") : NULL, NULL);
	struct buf href = BUF_INIT;
	buf_printf(&href, "/admin/ausschreibungen/%lld/ranking?sort=", (long long)c->id);
	url_encode(&href, key);
	buf_printf(&href, "&order=%s", next_desc ? "desc" : "asc");
	html_elem(h, "a", label, "href", arena_strdup(&r->arena, buf_str(&href)), NULL);
	buf_free(&href);
	html_close(h, "th");
}

static void
criterion_cell(struct request *r, struct html *h, const struct review_agg *g)
{
	html_open(h, "td", NULL);
	if (!g->n) {
		html_text(h, "–");
		html_close(h, "td");
		return;
	}
	html_elem(h, "strong", board_number(r, g->mean), NULL);
	html_text(h, " ");
	html_elem(h, "span", g->met ? tr(r, "met") : tr(r, "not met"), "class",
	          g->met ? "badge badge-selected" : "badge badge-rejected", NULL);
	html_open(h, "small", "class", "card-meta", NULL);
	html_void(h, "br", NULL);
	html_textf(h, tr(r, "median %s, %s–%s, %d ratings"), board_number(r, g->median),
	           board_number(r, g->min), board_number(r, g->max), g->n);
	if (g->disagree) {
		html_void(h, "br", NULL);
		html_elem(h, "strong", tr(r, "Raters disagree"), NULL);
	}
	html_close(h, "small");
	html_close(h, "td");
}

static void
ranking_table(struct request *r, struct html *h, const struct call *c, const struct ranking *k,
              const struct review_asks *asks)
{
	html_open(h, "div", "class", "table-wrap", NULL);
	html_open(h, "table", "class", "table", NULL);
	html_open(h, "caption", NULL);
	html_textf(h, trn(r, "%zu proposal", "%zu proposals", (long)k->n), k->n);
	html_close(h, "caption");
	html_open(h, "thead", NULL);
	html_open(h, "tr", NULL);
	html_elem(h, "th", tr(r, "Rank"), "scope", "col", NULL);
	sort_header(r, h, c, k, "title", tr(r, "Proposal"));
	sort_header(r, h, c, k, "organisation", tr(r, "Organisation"));
	for (size_t i = 0; i < k->ncrit; i++)
		sort_header(r, h, c, k, k->crit[i].key, crit_label(r, &k->crit[i]));
	sort_header(r, h, c, k, "met", tr(r, "All criteria met"));
	sort_header(r, h, c, k, "total", tr(r, "Weighted total"));
	sort_header(r, h, c, k, "ratings", tr(r, "Ratings"));
	sort_header(r, h, c, k, "disagreement", tr(r, "Disagreement"));
	html_close(h, "tr");
	html_close(h, "thead");
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < k->n; i++) {
		const struct review_rank_row *w = &k->rows[i];
		html_open(h, "tr", NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%zu", i + 1), NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(
		    h, "a", w->title[0] ? w->title : tr(r, "(untitled)"), "href",
		    arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)w->proposal_id),
		    NULL);
		html_close(h, "th");
		html_elem(h, "td", w->organisation_name, NULL);
		for (size_t j = 0; j < w->ncrit; j++)
			criterion_cell(r, h, &w->crit[j]);
		html_elem(h, "td", w->nratings ? (w->all_met ? tr(r, "yes") : tr(r, "no")) : "–",
		          NULL);
		html_elem(h, "td", w->nratings ? board_number(r, w->total) : "–", NULL);
		html_open(h, "td", NULL);
		html_textf(h, "%d", w->nratings);
		if (w->nabstain) {
			html_text(h, " ");
			html_textf(h, trn(r, "(+%d abstention)", "(+%d abstentions)", w->nabstain),
			           w->nabstain);
		}
		html_close(h, "td");
		html_open(h, "td", NULL);
		if (w->disagree) {
			html_elem(h, "span", tr(r, "Raters disagree"), "class",
			          "badge badge-review", NULL);
			/* admin_review_more.c: who was asked, and "Ask one more member". */
			review_ask_cell(r, h, asks, w->proposal_id);
		} else
			html_text(h, "–");
		html_close(h, "td");
		html_close(h, "tr");
	}
	html_close(h, "tbody");
	html_close(h, "table");
	html_close(h, "div");
}

/* The page below the review's navigation: the explanation, the downloads and the table.
 * It depends on the data (the review's generation), the call, the viewer (conflicts leave
 * proposals out), the sort and order asked for, the language, and whether "ask one more
 * member" is open (the call's phase and review deadline, admin_review_more.c) — nothing
 * else but the CSRF token of its forms, which fragment_get writes per request. */
static void
ranking_body(struct request *r, struct store *s, const struct call *c, struct html *h)
{
	struct ranking k;
	load_ranking(r, s, c, &k);
	struct review_settings set;
	review_settings_get(s, c->id, &set);
	html_open(h, "p", NULL);
	html_textf(h,
	           tr(r, "Counted are the submitted ratings of the board's members who are not "
	                 "conflicted. A criterion is met when its mean is at least %s; the "
	                 "criterion with aspects takes the weighted mean of its aspects. Raters "
	                 "disagree where their scores on a criterion are %d or more levels apart."),
	           board_number(r, set.threshold), REVIEW_SPREAD);
	html_close(h, "p");
	html_open(h, "p", "class", "actions", NULL);
	struct buf q = BUF_INIT;
	buf_puts(&q, "?sort=");
	url_encode(&q, k.sort);
	buf_printf(&q, "&order=%s", k.desc ? "desc" : "asc");
	html_elem(
	    h, "a", tr(r, "Download as CSV"), "class", "btn btn-secondary", "href",
	    office_call_href(r, c->id, arena_printf(&r->arena, "/ranking.csv%s", buf_str(&q))),
	    NULL);
	html_elem(
	    h, "a", tr(r, "Download as Excel (XLSX)"), "class", "btn btn-secondary", "href",
	    office_call_href(r, c->id, arena_printf(&r->arena, "/ranking.xlsx%s", buf_str(&q))),
	    NULL);
	buf_free(&q);
	html_close(h, "p");
	if (!k.n)
		html_elem(h, "p", tr(r, "There are no proposals to rank in this call yet."),
		          "class", "muted", NULL);
	else {
		struct review_asks asks;
		review_asks_load(r, s, c, &asks);
		ranking_table(r, h, c, &k, &asks);
	}
}

/* The key ranking_body's output is kept under: everything it depends on (see there). The
 * generation is read before the ranking, so what is kept is at least that new. A missing
 * parameter and an empty one are told apart ("-" against "=" before the value). */
/* A sort name the ranking can mean: a fixed column or one of the call's criteria. */
static bool
sort_name_known(struct request *r, struct store *s, const struct call *c, const char *name)
{
	struct ranking k = {.ncrit = 0};
	k.ncrit = call_criteria(s, &r->arena, c->id, k.crit, sizeof k.crit / sizeof k.crit[0]);
	return sort_key_valid(&k, name);
}

static const char *
ranking_key(struct request *r, struct store *s, const struct call *c)
{
	int64_t generation;
	char instance[40];
	review_state(s, &generation, instance, sizeof instance);
	/* The order as load_ranking will understand it, so made-up values neither miss the
	 * cache nor fill it: a known sort key (or none), and asc, desc or the default. */
	const char *sort = http_query(r, "sort"), *order = http_query(r, "order");
	if (sort && !sort_name_known(r, s, c, sort))
		sort = NULL;
	const char *dir = !order ? "" : strcmp(order, "asc") == 0 ? "asc" : "desc";
	return arena_printf(&r->arena, "%s\n%lld\n%lld\n%lld\n%s\n%d%d\n%s\n%s", instance,
	                    (long long)generation, (long long)c->id, (long long)r->user->id,
	                    i18n_code(r->lang), (int)c->phase, time_now() < c->review_until,
	                    sort ? sort : "", dir);
}

/* A private, weak ETag over the page as sent: the bytes rendered per request (navigation,
 * token, notices) and, for the kept part between head and tail, its key and token, which
 * decide its bytes. So a 304 and the server's kept gzip form are never another page's. */
static void
ranking_etag(struct request *r, const char *key, const char *token, size_t head, size_t tail)
{
	const struct buf *b = http_body(r);
	uint64_t h = STR_HASH_SEED;
	h = str_hash(h, LEUCHTTURM_VERSION, strlen(LEUCHTTURM_VERSION) + 1);
	h = str_hash(h, b->data, head);
	h = str_hash(h, key, strlen(key) + 1);
	h = str_hash(h, token, strlen(token) + 1);
	h = str_hash(h, b->data + tail, b->len - tail);
	r->resp.etag = arena_printf(&r->arena, "W/\"%016llx\"", (unsigned long long)h);
	/* Kept by the browser for this person only, asked again each time (304 when unchanged). */
	http_set_header(r, "Cache-Control", "private, no-cache");
}

/* The ranking page. Computing a ranking of a full call (400 proposals, 40,000 scores) and
 * writing its 700 KB take about 26 ms; the office reloads it often while nothing changes,
 * so the part below the navigation is kept (fragment_cache.c) until the review's
 * generation moves on, per viewer, and only the navigation with its token is written anew. */
void
page_review_ranking(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct html *h = review_begin(r, &c, tr(r, "Ranking"));
	const char *key = ranking_key(r, s, &c), *token = http_csrf(r);
	size_t head = http_body(r)->len;
	if (!fragment_get(key, token, h)) {
		html_fragment_begin(h);
		ranking_body(r, s, &c, h);
		struct html_fragment *f = html_fragment_take(h);
		if (f)
			fragment_put(key, token, f);
	}
	size_t tail = http_body(r)->len;
	layout_end(r, h);
	if (r->resp.status == 200)
		ranking_etag(r, key, token, head, tail);
}

/* The export's numbers: "2.33" whatever the language (spreadsheets parse them). */
static const char *
num(struct request *r, double v)
{
	return arena_printf(&r->arena, "%.2f", v);
}

#define FIXED_BEFORE 4 /* rank, id, title, organisation */
#define PER_CRITERION 6
#define FIXED_AFTER 5 /* all met, total, ratings, abstentions, disagreement */

static void
ranking_table_export(struct request *r, const struct ranking *k, struct table *t)
{
	size_t ncols = FIXED_BEFORE + PER_CRITERION * k->ncrit + FIXED_AFTER;
	struct table_column *cols = arena_calloc(&r->arena, ncols * sizeof *cols);
	size_t c = 0;
	cols[c++] = (struct table_column){tr(r, "Rank"), TABLE_NUMBER, 6};
	cols[c++] = (struct table_column){tr(r, "Proposal no."), TABLE_NUMBER, 10};
	cols[c++] = (struct table_column){tr(r, "Proposal"), TABLE_TEXT, 40};
	cols[c++] = (struct table_column){tr(r, "Organisation"), TABLE_TEXT, 30};
	for (size_t i = 0; i < k->ncrit; i++) {
		const char *l = criterion_label(&k->crit[i], r->lang);
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: mean"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: median"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: minimum"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: maximum"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: ratings"), l),
		                                  TABLE_NUMBER, 10};
		cols[c++] = (struct table_column){arena_printf(&r->arena, tr(r, "%s: met"), l),
		                                  TABLE_TEXT, 8};
	}
	cols[c++] = (struct table_column){tr(r, "All criteria met"), TABLE_TEXT, 10};
	cols[c++] = (struct table_column){tr(r, "Weighted total"), TABLE_NUMBER, 10};
	cols[c++] = (struct table_column){tr(r, "Ratings"), TABLE_NUMBER, 8};
	cols[c++] = (struct table_column){tr(r, "Abstentions"), TABLE_NUMBER, 8};
	cols[c++] = (struct table_column){tr(r, "Disagreement"), TABLE_TEXT, 12};
	table_init(t, cols, ncols);
	for (size_t i = 0; i < k->n; i++) {
		const struct review_rank_row *w = &k->rows[i];
		const char **cell = table_add_row(t);
		size_t j = 0;
		cell[j++] = arena_printf(&r->arena, "%zu", i + 1);
		cell[j++] = id_text(r, w->proposal_id);
		cell[j++] = w->title;
		cell[j++] = w->organisation_name;
		for (size_t x = 0; x < w->ncrit; x++) {
			const struct review_agg *g = &w->crit[x];
			cell[j++] = g->n ? num(r, g->mean) : NULL;
			cell[j++] = g->n ? num(r, g->median) : NULL;
			cell[j++] = g->n ? num(r, g->min) : NULL;
			cell[j++] = g->n ? num(r, g->max) : NULL;
			cell[j++] = arena_printf(&r->arena, "%d", g->n);
			cell[j++] = g->n ? (g->met ? tr(r, "yes") : tr(r, "no")) : NULL;
		}
		cell[j++] = w->nratings ? (w->all_met ? tr(r, "yes") : tr(r, "no")) : NULL;
		cell[j++] = w->nratings ? num(r, w->total) : NULL;
		cell[j++] = arena_printf(&r->arena, "%d", w->nratings);
		cell[j++] = arena_printf(&r->arena, "%d", w->nabstain);
		cell[j++] = w->disagree ? tr(r, "Raters disagree") : NULL;
	}
}

static void
export_headers(struct request *r, const struct call *c, const char *ext)
{
	http_set_header(r, "Content-Disposition",
	                arena_printf(&r->arena, "attachment; filename=\"ranking-%lld.%s\"",
	                             (long long)c->id, ext));
	/* Confidential: never kept by a shared cache or the browser's. */
	http_set_header(r, "Cache-Control", "private, no-store");
}

void
page_review_ranking_csv(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct ranking k;
	load_ranking(r, s, &c, &k);
	struct table t;
	ranking_table_export(r, &k, &t);
	struct buf body = BUF_INIT;
	table_csv(&body, &t);
	export_headers(r, &c, "csv");
	http_send(r, 200, "text/csv; charset=utf-8; header=present", body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

void
page_review_ranking_xlsx(struct request *r)
{
	struct store *s = store_thread();
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct ranking k;
	load_ranking(r, s, &c, &k);
	struct table t;
	ranking_table_export(r, &k, &t);
	struct buf body = BUF_INIT;
	if (table_xlsx(&body, &t, tr(r, "Ranking"), c.updated_at ? c.updated_at : 1) != 0) {
		http_fail_with(r, N_("The spreadsheet could not be made."));
	} else {
		export_headers(r, &c, "xlsx");
		http_send(r, 200,
		          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		          body.data, body.len);
	}
	buf_free(&body);
	table_free(&t);
}

/* The call as a sub-project reads it before starting: its text and dates, the criteria
 * with their guidance and the scale, the formal requirements, whom to ask, the own
 * proposals in it and the button that starts one. */
#include "pages/submission_pages.h"
#include "pages/view_proposal.h"
#include "domain/call.h"
#include "domain/review.h"
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

static void
date_row(struct request *r, struct html *h, const char *label, int64_t when)
{
	if (!when)
		return;
	html_elem(h, "dt", label, NULL);
	html_open(h, "dd", NULL);
	html_textf(h, tr(r, "%s (Berlin time)"), submit_when(r, when));
	html_close(h, "dd");
}

static void
dates(struct request *r, struct html *h, const struct call *c)
{
	html_elem(h, "h2", tr(r, "Dates"), "id", "termine", NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	date_row(r, h, tr(r, "Open for proposals from"), c->opens_at);
	html_elem(h, "dt", tr(r, "Deadline"), NULL);
	html_open(h, "dd", NULL);
	html_textf(h, tr(r, "%s (Berlin time)"), submit_when(r, c->closes_at));
	html_text(h, " – ");
	html_elem(h, "strong", submit_time_left(r, c->closes_at), NULL);
	html_close(h, "dd");
	date_row(r, h, tr(r, "Review by the advisory board until"), c->review_until);
	date_row(r, h, tr(r, "Meeting of the advisory board"), c->meeting_at);
	html_close(h, "dl");
}

static void
criterion(struct request *r, struct html *h, const struct criterion *c, const char *tag)
{
	html_elem(h, tag, criterion_label(c, r->lang), NULL);
	const char *g = criterion_guidance(c, r->lang);
	if (g && *g)
		html_elem(h, "p", g, NULL);
}

static void
criteria(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	struct criterion crit[32];
	size_t n = call_criteria(s, &r->arena, c->id, crit, 32);
	html_elem(h, "h2", tr(r, "Criteria"), "id", "kriterien", NULL);
	html_elem(h, "p",
	          tr(r, "The advisory board rates every proposal against each of these criteria. "
	                "In the form you explain for each how your practice meets it."),
	          NULL);
	for (size_t i = 0; i < n; i++) {
		if (crit[i].parent_key[0])
			continue;
		html_open(h, "section", "class", "panel", NULL);
		criterion(r, h, &crit[i], "h3");
		bool children = false;
		for (size_t k = 0; k < n; k++)
			children |= strcmp(crit[k].parent_key, crit[i].key) == 0;
		if (children) {
			html_open(h, "ul", NULL);
			for (size_t k = 0; k < n; k++) {
				if (strcmp(crit[k].parent_key, crit[i].key) != 0)
					continue;
				html_open(h, "li", NULL);
				criterion(r, h, &crit[k], "strong");
				html_close(h, "li");
			}
			html_close(h, "ul");
		}
		html_close(h, "section");
	}
	struct scale_level levels[REVIEW_MAX_LEVELS];
	size_t nl = review_scale(s, &r->arena, c->id, levels, REVIEW_MAX_LEVELS);
	struct review_settings rs;
	review_settings_get(s, c->id, &rs);
	html_elem(h, "h3", tr(r, "Scale"), NULL);
	html_open(h, "p", NULL);
	html_textf(h,
	           tr(r, "Each member scores each criterion on this scale; a criterion counts "
	                 "as met when the mean score is at least %g."),
	           rs.threshold);
	html_close(h, "p");
	html_open(h, "dl", "class", "meta-list", NULL);
	for (size_t i = 0; i < nl; i++) {
		html_elem(h, "dt", arena_printf(&r->arena, "%d", levels[i].level), NULL);
		html_elem(h, "dd", scale_level_label(&levels[i], r->lang), NULL);
	}
	html_close(h, "dl");
}

static void
gates(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	size_t n;
	struct gate *g = call_gates(s, &r->arena, c->id, &n);
	html_elem(h, "h2", tr(r, "Formal requirements"), "id", "formales", NULL);
	html_elem(h, "p",
	          tr(r, "Before the board sees a proposal, the coordination office checks that it "
	                "meets these requirements:"),
	          NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "li", gate_label(&g[i], r->lang), NULL);
	html_close(h, "ul");
}

static void
contacts(struct request *r, struct html *h, struct store *s)
{
	struct user office[8];
	size_t n = user_list_office(s, &r->arena, office, 8);
	html_elem(h, "h2", tr(r, "Questions?"), "id", "fragen", NULL);
	html_elem(h, "p",
	          tr(r, "The coordination office answers questions about the call. Once you have "
	                "started a proposal, you can also ask in its question thread."),
	          NULL);
	if (!n)
		return;
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_text(h, office[i].name);
		html_text(h, ": ");
		html_elem(h, "a", office[i].email, "href",
		          arena_printf(&r->arena, "mailto:%s", office[i].email), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
}

/* The sub-project's proposals in this call, and the button that starts one. */
static void
own_proposals(struct request *r, struct html *h, struct store *s, const struct call *c)
{
	if (!(r->user->roles & ROLE_SUBMITTER) || !r->user->organisation_id)
		return;
	size_t n;
	struct proposal_summary *list =
	    proposal_list_by_org(s, &r->arena, r->user->organisation_id, &n);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		if (list[i].call_id != c->id)
			continue;
		if (!any)
			html_open(h, "ul", NULL);
		any = true;
		html_open(h, "li", NULL);
		html_elem(h, "a", list[i].title[0] ? list[i].title : tr(r, "(untitled)"), "href",
		          submit_url(r, list[i].id, ""), NULL);
		html_text(h, " – ");
		html_text(h, tr(r, proposal_state_label(list[i].state)));
		html_close(h, "li");
	}
	if (any)
		html_close(h, "ul");
	if (!call_accepts_submissions(c, time_now()))
		return;
	widget_form_begin(r, h, "/einreichung/neu");
	html_void(h, "input", "type", "hidden", "name", "call_id", "value",
	          arena_printf(&r->arena, "%lld", (long long)c->id), NULL);
	widget_submit(h, tr(r, "Start a new proposal"));
	html_close(h, "form");
}

/* The level of the text's biggest Markdown heading ("#" is 1), 6 when it has none; fenced
 * code is not skipped, as a call's text rarely holds any. */
static int
top_heading(const char *md)
{
	int top = 6;
	for (const char *l = md; *l;) {
		int n = 0;
		while (l[n] == '#')
			n++;
		if (n >= 1 && n < top && (l[n] == ' ' || l[n] == '\t'))
			top = n;
		const char *nl = strchr(l, '\n');
		if (!nl)
			break;
		l = nl + 1;
	}
	return top;
}

void
page_submission_call(struct request *r)
{
	struct store *s = r->store;
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	struct call c;
	/* Only an open call is there to read; one in preparation is not public yet. */
	if (*end || id <= 0 || !call_find(s, &r->arena, id, &c) || c.phase != PHASE_OPEN) {
		http_error(r, 404, N_("There is no such call open for proposals."));
		return;
	}
	struct html *h = layout_begin(r, c.title);
	int64_t now = time_now();
	if (now < c.opens_at)
		layout_notice(h, "info",
		              arena_printf(&r->arena, tr(r, "This call opens on %s (Berlin time)."),
		                           submit_when(r, c.opens_at)));
	else if (!call_accepts_submissions(&c, now))
		layout_notice(h, "warning", tr(r, "The deadline of this call has passed."));
	html_open(h, "nav", "aria-label", tr(r, "On this page"), NULL);
	html_open(h, "ul", "class", "inline-list", NULL);
	static const char *const anchors[][2] = {
	    {"#ausschreibung", N_("The call")}, {"#termine", N_("Dates")},
	    {"#kriterien", N_("Criteria")},     {"#formales", N_("Formal requirements")},
	    {"#fragen", N_("Questions?")},      {"#vorschlaege", N_("Your proposals")}};
	/* Without a text there is no "The call" to jump to. */
	for (size_t i = c.body && *c.body ? 0 : 1; i < sizeof anchors / sizeof anchors[0]; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, anchors[i][1]), "href", anchors[i][0], NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
	if (c.body && *c.body) {
		html_elem(h, "h2", tr(r, "The call"), "id", "ausschreibung", NULL);
		html_open(h, "div", "class", "call-text", NULL);
		/* The text's own headings start below that one, whichever level they use. */
		html_markdown_below(h, c.body, 3 - top_heading(c.body));
		html_close(h, "div");
	}
	dates(r, h, &c);
	criteria(r, h, s, &c);
	gates(r, h, s, &c);
	contacts(r, h, s);
	html_elem(h, "h2", tr(r, "Your proposals"), "id", "vorschlaege", NULL);
	own_proposals(r, h, s, &c);
	layout_end(r, h);
}

/* Agreement statistics of a call's board for the coordination office: Krippendorff's alpha
 * (ordinal) per criterion, each member's leniency, and the score distributions as SVG bar
 * charts drawn on the server (no script), each with a title, a description and a data
 * table as its text alternative; with a plain-language explanation. */
#include "domain/agreement.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "pages/view_decision.h"
#include "pages/view_review.h"
#include "store/store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Krippendorff's own thresholds: from 0.8 reliable, from 0.667 tentative conclusions. */
#define ALPHA_RELIABLE 0.8
#define ALPHA_TENTATIVE 0.667

static const char *
alpha_text(struct request *r, const struct agreement_alpha *a)
{
	switch (a->undefined) {
	case AGREE_NO_PAIRS:
		return tr(r, "not computable: too few ratings");
	case AGREE_NO_VARIATION:
		return tr(r, "not computable: every score is the same");
	case AGREE_DEFINED:
		break;
	}
	return arena_printf(&r->arena, "%s", review_number(r, a->alpha));
}

static const char *
alpha_meaning(struct request *r, const struct agreement_alpha *a, bool all_criteria)
{
	if (a->undefined != AGREE_DEFINED)
		return "–";
	if (a->alpha >= ALPHA_RELIABLE)
		return tr(r, "high agreement");
	if (a->alpha >= ALPHA_TENTATIVE)
		return tr(r, "moderate agreement");
	if (a->alpha > 0)
		return all_criteria ? tr(r, "low agreement: the criteria may be read differently")
		                    : tr(r, "low agreement: the criterion may be read differently");
	return tr(r, "no agreement beyond chance");
}

static void
explanation(struct request *r, struct html *h)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "explain-h", NULL);
	html_elem(h, "h2", tr(r, "What the numbers mean"), "id", "explain-h", NULL);
	html_elem(h, "p",
	          tr(r, "Krippendorff's alpha tells how far the members agree in their scores, "
	                "beyond what chance would give. 1 means they always give the same score; "
	                "0 means they agree no more than if they had scored at random; below 0 "
	                "they disagree more than chance would. As a rule of thumb, 0.8 or more is "
	                "reliable and 0.667 or more allows tentative conclusions. A low value "
	                "suggests that the members understand the criterion differently: clearer "
	                "guidance or a discussion may help."),
	          NULL);
	html_elem(h, "p",
	          tr(r, "The scale is taken as ordered: two scores one level apart disagree less "
	                "than two scores three levels apart. Missing ratings (abstentions, "
	                "conflicts of interest) are allowed; a proposal counts once at least two "
	                "members have scored it."),
	          NULL);
	html_elem(h, "p",
	          tr(r, "Leniency is how much higher (+) or lower (−) a member scores on average "
	                "than the other members who scored the same proposal on the same "
	                "criterion. Values near 0 are expected. A large value shows a tendency "
	                "the board may want to talk about; it is no judgement of a person."),
	          NULL);
	html_close(h, "section");
}

static void
alpha_table(struct request *r, struct html *h, const struct agreement_report *rep)
{
	const char *heads[] = {tr(r, "Criterion"), tr(r, "Alpha (ordinal)"), tr(r, "Meaning"),
	                       tr(r, "Scores"), tr(r, "Proposals compared")};
	widget_table_begin(h, tr(r, "Agreement per criterion"), heads, 5);
	for (size_t k = 0; k < rep->ncrit; k++) {
		const struct agreement_criterion *c = &rep->crit[k];
		html_open(h, "tr", NULL);
		html_elem(h, "th", criterion_label(&c->crit, r->lang), "scope", "row", NULL);
		html_elem(h, "td", alpha_text(r, &c->alpha), NULL);
		html_elem(h, "td", alpha_meaning(r, &c->alpha, false), NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)c->nratings), NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%zu", c->alpha.units), NULL);
		html_close(h, "tr");
	}
	html_open(h, "tr", NULL);
	html_elem(h, "th", tr(r, "All criteria together"), "scope", "row", NULL);
	html_elem(h, "td", alpha_text(r, &rep->overall), NULL);
	html_elem(h, "td", alpha_meaning(r, &rep->overall, true), NULL);
	int64_t total = 0;
	for (size_t k = 0; k < rep->ncrit; k++)
		total += rep->crit[k].nratings;
	html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)total), NULL);
	html_elem(h, "td", arena_printf(&r->arena, "%zu", rep->nproposals), NULL);
	html_close(h, "tr");
	widget_table_end(h);
}

#define CHART_W 420
#define CHART_H 200
#define CHART_TOP 24
#define CHART_BOTTOM 40

static const char *
num(struct request *r, double v)
{
	return arena_printf(&r->arena, "%.1f", v);
}

/* One criterion's distribution: a bar per scale level, its count above it. */
static void
chart(struct request *r, struct html *h, const struct agreement_report *rep, size_t k)
{
	const struct agreement_criterion *c = &rep->crit[k];
	const char *label = criterion_label(&c->crit, r->lang);
	const char *tid = arena_printf(&r->arena, "chart-%zu-title", k);
	const char *did = arena_printf(&r->arena, "chart-%zu-desc", k);
	int64_t max = 0;
	for (size_t l = 0; l < rep->nlevels; l++)
		if (c->counts[l] > max)
			max = c->counts[l];
	struct buf desc = BUF_INIT;
	for (size_t l = 0; l < rep->nlevels; l++)
		buf_printf(&desc, "%s%s: %lld", l ? "; " : "",
		           scale_level_label(&rep->levels[l], r->lang), (long long)c->counts[l]);
	html_open(h, "figure", "class", "chart", NULL);
	html_open(h, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox",
	          arena_printf(&r->arena, "0 0 %d %d", CHART_W, CHART_H), "width",
	          arena_printf(&r->arena, "%d", CHART_W), "height",
	          arena_printf(&r->arena, "%d", CHART_H), "role", "img", "aria-labelledby",
	          arena_printf(&r->arena, "%s %s", tid, did), NULL);
	html_elem(h, "title", arena_printf(&r->arena, tr(r, "Scores for \"%s\""), label), "id", tid,
	          NULL);
	html_elem(h, "desc", buf_str(&desc), "id", did, NULL);
	buf_free(&desc);
	size_t n = rep->nlevels ? rep->nlevels : 1;
	double slot = (double)(CHART_W - 20) / (double)n, bar = slot * 0.6;
	double base = CHART_H - CHART_BOTTOM, room = base - CHART_TOP;
	html_open(h, "line", "x1", "10", "x2", arena_printf(&r->arena, "%d", CHART_W - 10), "y1",
	          num(r, base), "y2", num(r, base), "stroke", "#4a4a4a", "stroke-width", "1", NULL);
	html_close(h, "line");
	for (size_t l = 0; l < rep->nlevels; l++) {
		double hgt = max ? room * (double)c->counts[l] / (double)max : 0;
		double x = 10 + slot * (double)l + (slot - bar) / 2, cx = x + bar / 2;
		html_open(h, "rect", "x", num(r, x), "y", num(r, base - hgt), "width", num(r, bar),
		          "height", num(r, hgt), "fill", "#1f5f8b", NULL);
		html_close(h, "rect");
		html_elem(h, "text", arena_printf(&r->arena, "%lld", (long long)c->counts[l]), "x",
		          num(r, cx), "y", num(r, base - hgt - 6), "text-anchor", "middle",
		          "font-size", "13", "fill", "#1a1a1a", NULL);
		html_elem(h, "text", arena_printf(&r->arena, "%d", rep->levels[l].level), "x",
		          num(r, cx), "y", num(r, base + 18), "text-anchor", "middle", "font-size",
		          "13", "fill", "#1a1a1a", NULL);
	}
	html_elem(h, "text", tr(r, "scale level"), "x", arena_printf(&r->arena, "%d", CHART_W / 2),
	          "y", arena_printf(&r->arena, "%d", CHART_H - 4), "text-anchor", "middle",
	          "font-size", "12", "fill", "#4a4a4a", NULL);
	html_close(h, "svg");
	html_open(h, "figcaption", NULL);
	html_text(h, label);
	html_text(h, ": ");
	html_text(h, alpha_text(r, &c->alpha));
	html_close(h, "figcaption");
	html_close(h, "figure");

	const char *heads[] = {tr(r, "Scale level"), tr(r, "Description"), tr(r, "Scores")};
	widget_table_begin(h, arena_printf(&r->arena, tr(r, "Scores for \"%s\""), label), heads, 3);
	for (size_t l = 0; l < rep->nlevels; l++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", arena_printf(&r->arena, "%d", rep->levels[l].level), "scope",
		          "row", NULL);
		html_elem(h, "td", scale_level_label(&rep->levels[l], r->lang), NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)c->counts[l]), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

static void
leniency_table(struct request *r, struct html *h, const struct agreement_report *rep)
{
	const char *heads[] = {tr(r, "Member"), tr(r, "Constituency"), tr(r, "Scores"),
	                       tr(r, "Mean deviation from the others"), tr(r, "Tendency")};
	widget_table_begin(h, tr(r, "Leniency per member"), heads, 5);
	for (size_t i = 0; i < rep->nmembers; i++) {
		const struct agreement_member *m = &rep->members[i];
		html_open(h, "tr", NULL);
		html_elem(h, "th", m->name, "scope", "row", NULL);
		html_elem(h, "td", tr(r, board_constituency_label(m->constituency)), NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)m->ratings), NULL);
		if (!m->leniency.units) {
			html_elem(h, "td", "–", NULL);
			html_elem(h, "td", tr(r, "no shared ratings"), NULL);
		} else {
			double v = m->leniency.mean;
			html_elem(h, "td",
			          arena_printf(&r->arena, "%s%s",
			                       v > 0.005    ? "+"
			                       : v < -0.005 ? "−"
			                                    : "",
			                       review_number(r, fabs(v))),
			          NULL);
			html_elem(h, "td",
			          v >= 0.5    ? tr(r, "scores higher than the others")
			          : v <= -0.5 ? tr(r, "scores lower than the others")
			                      : tr(r, "close to the others"),
			          NULL);
		}
		html_close(h, "tr");
	}
	widget_table_end(h);
}

void
page_agreement(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	struct agreement_report rep;
	agreement_for_call(s, &r->arena, c.id, &rep);
	struct html *h = decision_begin(r, &c, tr(r, "Agreement statistics"));
	explanation(r, h);
	if (!rep.nproposals) {
		html_elem(h, "p", tr(r, "There are no submitted ratings in this call yet."),
		          "class", "muted", NULL);
		layout_end(r, h);
		return;
	}
	alpha_table(r, h, &rep);
	html_open(h, "section", "aria-labelledby", "leniency-h", NULL);
	html_elem(h, "h2", tr(r, "Leniency"), "id", "leniency-h", NULL);
	leniency_table(r, h, &rep);
	html_close(h, "section");
	html_open(h, "section", "aria-labelledby", "dist-h", NULL);
	html_elem(h, "h2", tr(r, "Score distributions"), "id", "dist-h", NULL);
	for (size_t k = 0; k < rep.ncrit; k++) {
		html_elem(h, "h3", criterion_label(&rep.crit[k].crit, r->lang), NULL);
		chart(r, h, &rep, k);
	}
	html_close(h, "section");
	layout_end(r, h);
}

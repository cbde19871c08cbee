/* The catalog's page as `leuchtturm site export` writes it (issue #16, point 5): every
 * published practice on one page, without the filters, the pager and the selection
 * boxes, which need the live server; its search points to the live instance when one is
 * named, else it is the static site's own (assets/app.js over search-index.json), and
 * the page says how to find a practice without JavaScript. */
#include "domain/practice.h"
#include "html/layout.h"
#include "pages/catalog_pages.h"
#include "pages/view_catalog.h"
#include "util/arena.h"
#include "util/i18n.h"

#include <stdio.h>

/* The form: to the live catalog's search, or the static copy's own (the script takes it
 * over; without it, submitting shows this page again). */
static void
search_form(struct request *r, struct html *h)
{
	const char *static_live = catalog_static_live();
	const char *action =
	    static_live ? arena_printf(&r->arena, "%s/praxis", static_live) : "/praxis";
	html_open(h, "form", "method", "get", "action", action, "class", "catalog", "id",
	          static_live ? NULL : "static-search", "data-index",
	          static_live ? NULL : "/search-index.json", NULL);
	html_open(h, "div", "class", "search-form", "role", "search", NULL);
	html_elem(h, "label", tr(r, "Search the good practices"), "for", "q", NULL);
	html_void(h, "input", "type", "search", "id", "q", "name", "q", "autocomplete", "off",
	          NULL);
	html_elem(h, "button", tr(r, "Search"), "type", "submit", "class", "btn btn-primary", NULL);
	html_close(h, "div");
	html_close(h, "form");
	if (static_live) {
		html_elem(
		    h, "p",
		    tr(r, "The search and the filters open the catalog on the live platform."),
		    "class", "muted", NULL);
		return;
	}
	html_elem(h, "p",
	          tr(r, "This copy of the catalog searches with JavaScript. Without it, every "
	                "good practice is listed below, newest first; your browser's search "
	                "(Ctrl+F) finds words in their titles and summaries."),
	          "class", "muted", "id", "static-search-note", NULL);
	/* The script's messages, translated here (its own strings would be German only). */
	html_elem(h, "p", "", "role", "status", "id", "static-search-status", "data-none",
	          tr(r, "No good practice matches this search."), "data-one",
	          tr(r, "1 good practice matches this search."), "data-many",
	          tr(r, "%d good practices match this search."), NULL);
}

static void
card(struct request *r, struct html *h, const struct practice_hit *hit)
{
	html_open(h, "li", "class", "card", "data-slug", hit->slug, NULL);
	html_open(h, "h3", "class", "card-title", "lang", layout_de(r), NULL);
	html_elem(h, "a", hit->title, "href", arena_printf(&r->arena, "/praxis/%s", hit->slug),
	          NULL);
	html_close(h, "h3");
	html_open(h, "p", "class", "card-meta", NULL);
	if (hit->art.id) {
		html_elem(h, "span", term_label(&hit->art, r->lang), NULL);
		html_text(h, " · ");
	}
	if (hit->organisation_name[0]) {
		html_text(h, hit->organisation_name);
		html_text(h, " · ");
	}
	html_text(h, catalog_date(r, hit->published_at));
	html_close(h, "p");
	html_elem(h, "p", hit->teaser, "lang", layout_de(r), NULL);
	html_close(h, "li");
}

void
catalog_static_page(struct request *r)
{
	struct practice_query q = {.sort = PRACTICE_SORT_NEWEST, .page = 1, .per_page = 100000};
	struct practice_result res;
	if (practice_search(r->store, &r->arena, &q, &res) != PRACTICE_OK) {
		http_fail(r);
		return;
	}
	const char *title = tr(r, "Good practices");
	struct layout_meta m = {.og_type = "website"};
	m.alternates[0].type = "application/atom+xml";
	m.alternates[0].title = tr(r, "Good practices (Atom)");
	m.alternates[0].href = "/feed.atom";
	m.alternates[1].type = "application/rss+xml";
	m.alternates[1].title = tr(r, "Good practices (RSS)");
	m.alternates[1].href = "/feed.rss";
	struct html *h = layout_begin_meta(r, title, &m);
	catalog_intro(r, h, title);
	search_form(r, h);
	html_open(h, "h2", "id", "results-h", NULL);
	html_textf(h, trn(r, "%lld practice", "%lld practices", (long)res.total),
	           (long long)res.total);
	html_close(h, "h2");
	html_open(h, "ol", "class", "cards", "aria-labelledby", "results-h", "id", "static-results",
	          NULL);
	for (size_t i = 0; i < res.nhits; i++)
		card(r, h, &res.hits[i]);
	html_close(h, "ol");
	layout_end(r, h);
}

/* The public catalog, /praxis: full-text search, facet filters with counts, sorting and
 * pages, all in the URL (GET), so it works without JavaScript and can be bookmarked. */
#include "pages/catalog_pages.h"
#include "pages/view_catalog.h"
#include "pages/view_selection.h"
#include "html/layout.h"
#include "search/search.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
facet_fieldset(struct request *r, struct html *h, const struct practice_result *res, int f)
{
	if (!res->nfacets[f])
		return;
	html_open(h, "fieldset", "class", "facet", NULL);
	html_elem(h, "legend", tr(r, practice_facets[f].label), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < res->nfacets[f]; i++) {
		const struct practice_facet_value *v = &res->facets[f][i];
		const char *id =
		    arena_printf(&r->arena, "f-%s-%s", practice_facets[f].param, v->value);
		html_open(h, "li", NULL);
		html_open(h, "label", "for", id, NULL);
		html_void(h, "input", "type", "checkbox", "id", id, "name",
		          practice_facets[f].param, "value", v->value, "checked",
		          v->selected ? "" : NULL, NULL);
		html_open(h, "span", "lang", v->term ? term_lang(v->term, r->lang) : NULL, NULL);
		html_text(h, v->term ? term_label(v->term, r->lang) : v->value);
		html_close(h, "span");
		html_open(h, "span", "class", "count", NULL);
		html_textf(h, "%lld", (long long)v->count);
		html_elem(h, "span", trn(r, " practice", " practices", (long)v->count), "class",
		          "visually-hidden", NULL);
		html_close(h, "span");
		html_close(h, "label");
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "fieldset");
}

static size_t
active_filters(const struct practice_query *q)
{
	size_t n = q->confirmed_recent;
	for (int f = 0; f < PF_COUNT; f++)
		n += q->nvalues[f];
	return n;
}

/* "in den letzten 12 Monaten bestätigt" (the yearly check, #12): one box, with the count
 * of the practices the other filters leave that it would keep. */
static void
confirmed_fieldset(struct request *r, struct html *h, const struct practice_query *q,
                   const struct practice_result *res)
{
	if (!res->confirmed_count && !q->confirmed_recent)
		return;
	html_open(h, "fieldset", "class", "facet", NULL);
	html_elem(h, "legend", tr(r, "Yearly check"), NULL);
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_open(h, "label", "for", "f-" CATALOG_CONFIRMED_PARAM, NULL);
	html_void(h, "input", "type", "checkbox", "id", "f-" CATALOG_CONFIRMED_PARAM, "name",
	          CATALOG_CONFIRMED_PARAM, "value", "1", "checked", q->confirmed_recent ? "" : NULL,
	          NULL);
	html_elem(h, "span", tr(r, "confirmed in the last 12 months"), NULL);
	html_open(h, "span", "class", "count", NULL);
	html_textf(h, "%lld", (long long)res->confirmed_count);
	html_elem(h, "span", trn(r, " practice", " practices", (long)res->confirmed_count), "class",
	          "visually-hidden", NULL);
	html_close(h, "span");
	html_close(h, "label");
	html_close(h, "li");
	html_close(h, "ul");
	html_close(h, "fieldset");
}

/* The filters fold away behind their summary on a phone (the CSS keeps them open on a wide
 * screen), so the first result is near the top; no JavaScript needed. */
static void
sidebar(struct request *r, struct html *h, const struct practice_query *q,
        const struct practice_result *res)
{
	html_open(h, "details", "class", "sidebar filters", NULL);
	html_open(h, "summary", NULL);
	html_text(h, tr(r, "Filter"));
	size_t n = active_filters(q);
	if (n)
		html_textf(h, " %s", arena_printf(&r->arena, tr(r, "(%zu active)"), n));
	html_close(h, "summary");
	html_elem(h, "h2", tr(r, "Filter"), "class", "filters-title", NULL);
	for (int f = 0; f < PF_COUNT; f++)
		facet_fieldset(r, h, res, f);
	confirmed_fieldset(r, h, q, res);
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", tr(r, "Apply filters"), "type", "submit", "class",
	          "btn btn-secondary", NULL);
	html_close(h, "div");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Show all practices"), "href", "/praxis", NULL);
	html_close(h, "p");
	html_close(h, "details");
}

/* A selected value's name as the facets list shows it (the key when the term is unknown). */
static const char *
filter_label(struct request *r, const struct practice_result *res, int f, const char *value)
{
	for (size_t i = 0; i < res->nfacets[f]; i++) {
		const struct practice_facet_value *v = &res->facets[f][i];
		if (strcmp(v->value, value) == 0)
			return v->term ? term_label(v->term, r->lang) : v->value;
	}
	return value;
}

/* The active filters as chips, each a link to the same selection without it. */
static void
filter_chips(struct request *r, struct html *h, const struct practice_query *q,
             const struct practice_result *res)
{
	if (!active_filters(q))
		return;
	html_open(h, "ul", "class", "chips", "aria-label", tr(r, "Active filters"), NULL);
	for (int f = 0; f < PF_COUNT; f++) {
		for (size_t j = 0; j < q->nvalues[f]; j++) {
			struct practice_query without = *q;
			memmove(&without.values[f][j], &without.values[f][j + 1],
			        (without.nvalues[f] - j - 1) * sizeof without.values[f][0]);
			without.nvalues[f]--;
			const char *qs = catalog_query_string(r, &without, true, 1);
			html_open(h, "li", NULL);
			html_open(h, "a", "class", "chip", "href",
			          arena_printf(&r->arena, "/praxis%s%s", *qs ? "?" : "", qs), NULL);
			html_elem(h, "span", tr(r, "Remove filter:"), "class", "visually-hidden",
			          NULL);
			html_textf(h, " %s: %s ", tr(r, practice_facets[f].label),
			           filter_label(r, res, f, q->values[f][j]));
			html_elem(h, "span", "×", "aria-hidden", "true", NULL);
			html_close(h, "a");
			html_close(h, "li");
		}
	}
	if (q->confirmed_recent) {
		struct practice_query without = *q;
		without.confirmed_recent = false;
		const char *qs = catalog_query_string(r, &without, true, 1);
		html_open(h, "li", NULL);
		html_open(h, "a", "class", "chip", "href",
		          arena_printf(&r->arena, "/praxis%s%s", *qs ? "?" : "", qs), NULL);
		html_elem(h, "span", tr(r, "Remove filter:"), "class", "visually-hidden", NULL);
		html_textf(h, " %s ", tr(r, "confirmed in the last 12 months"));
		html_elem(h, "span", "×", "aria-hidden", "true", NULL);
		html_close(h, "a");
		html_close(h, "li");
	}
	html_close(h, "ul");
}

/* No practice matches: ways on instead of an empty filter box. */
static void
no_match_help(struct request *r, struct html *h, const struct practice_query *q)
{
	html_elem(h, "p", tr(r, "No practice matches. Try fewer or other words, or fewer filters."),
	          NULL);
	html_open(h, "ul", "class", "help-list", NULL);
	if (q->text && q->text[0]) {
		html_elem(h, "li", tr(r, "Check the spelling, or use a more general word."), NULL);
		if (active_filters(q)) {
			struct practice_query text_only = {.text = q->text, .page = 1};
			const char *qs = catalog_query_string(r, &text_only, false, 1);
			html_open(h, "li", NULL);
			html_elem(h, "a", tr(r, "Search without filters"), "href",
			          arena_printf(&r->arena, "/praxis?%s", qs), NULL);
			html_close(h, "li");
		}
	}
	if (active_filters(q))
		html_elem(h, "li", tr(r, "Remove a filter above to widen the selection."), NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "Show all practices"), "href", "/praxis", NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "What is a good practice? About the programme"), "href", "/ueber",
	          NULL);
	html_close(h, "li");
	html_close(h, "ul");
}

static void
search_box(struct request *r, struct html *h, const struct practice_result *res)
{
	html_open(h, "div", "class", "search-form", "role", "search", NULL);
	html_elem(h, "label", tr(r, "Search the good practices"), "for", "q", NULL);
	/* data-suggest: where assets/app.js asks for suggestions while typing (a combobox with
	 * a listbox); without JavaScript the field is a plain search field. */
	html_void(h, "input", "type", "search", "id", "q", "name", "q", "value", res->text,
	          "autocomplete", "off", "data-suggest", "/api/v1/suggestions", NULL);
	html_elem(h, "button", tr(r, "Search"), "type", "submit", "class", "btn btn-primary", NULL);
	html_close(h, "div");
}

static void
notices(struct request *r, struct html *h, const struct practice_result *res)
{
	if (res->text_truncated)
		layout_notice(h, "info",
		              arena_printf(&r->arena,
		                           tr(r, "Your search was too long; it was shortened to %d "
		                                 "characters and %d words."),
		                           SEARCH_MAX_CHARS, SEARCH_MAX_TERMS));
	if (res->text_ignored)
		layout_notice(h, "info",
		              tr(r, "Your search contains no words, so all practices are shown."));
	if (res->suggestion) {
		/* "Meinten Sie …": the corrected search as a link (the filters start anew). */
		struct buf href = BUF_INIT;
		buf_puts(&href, "/praxis?q=");
		url_encode(&href, res->suggestion);
		html_open(h, "p", "class", "search-suggestion", NULL);
		html_text(h, tr(r, "Did you mean"));
		html_text(h, " ");
		html_elem(h, "a", res->suggestion, "href", buf_str(&href), "rel", "nofollow", NULL);
		html_text(h, "?");
		html_close(h, "p");
		buf_free(&href);
	}
	if (res->nunknown) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < res->nunknown; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", res->unknown[i]);
		layout_notice(h, "warning",
		              arena_printf(&r->arena,
		                           tr(r, "These filters are unknown and were ignored: %s"),
		                           buf_str(&b)));
		buf_free(&b);
	}
}

static void
sort_select(struct request *r, struct html *h, const struct practice_query *q,
            const struct practice_result *res)
{
	static const char *const labels[PRACTICE_SORT_COUNT] = {
	    [PRACTICE_SORT_NEWEST] = N_("Newest first"),
	    [PRACTICE_SORT_RELEVANCE] = N_("Best match first"),
	    [PRACTICE_SORT_TITLE] = N_("By title"),
	    [PRACTICE_SORT_ADOPTED] = N_("Most often adopted")};
	html_open(h, "div", "class", "catalog-sort", NULL);
	html_elem(h, "label", tr(r, "Sort"), "for", "sort", NULL);
	html_open(h, "select", "id", "sort", "name", "sort", NULL);
	for (int s = 0; s < PRACTICE_SORT_COUNT; s++) {
		/* Relevance only means something with a search. */
		if (s == PRACTICE_SORT_RELEVANCE && !(q->text && q->text[0]))
			continue;
		/* The default order's value is empty, so that a search typed into the form gets
		 * its own default (best match) instead of the order of the page it came from. */
		bool dflt = catalog_default_sort(q) == (enum practice_sort)s;
		html_elem(h, "option", tr(r, labels[s]), "value", dflt ? "" : selection_sorts[s],
		          "selected", q->sort == (enum practice_sort)s ? "" : NULL, NULL);
	}
	html_close(h, "select");
	html_elem(h, "button", tr(r, "Sort"), "type", "submit", "class", "btn btn-secondary", NULL);
	html_close(h, "div");
}

static void
feed_links(struct request *r, struct html *h, const char *qs)
{
	html_open(h, "p", "class", "feeds", NULL);
	html_text(h, tr(r, "Subscribe to this selection:"));
	html_text(h, " ");
	html_elem(h, "a", tr(r, "Atom feed"), "href",
	          arena_printf(&r->arena, "/feed.atom%s%s", *qs ? "?" : "", qs), "type",
	          "application/atom+xml", NULL);
	html_text(h, " · ");
	html_elem(h, "a", tr(r, "RSS feed"), "href",
	          arena_printf(&r->arena, "/feed.rss%s%s", *qs ? "?" : "", qs), "type",
	          "application/rss+xml", NULL);
	html_close(h, "p");
}

static void
hit_card(struct request *r, struct html *h, const struct practice_hit *hit)
{
	html_open(h, "li", "class", "card", NULL);
	html_open(h, "h3", "class", "card-title", NULL);
	html_elem(h, "a", hit->title, "href", arena_printf(&r->arena, "/praxis/%s", hit->slug),
	          "lang", layout_de(r), NULL);
	html_close(h, "h3");
	html_open(h, "p", "class", "card-meta", NULL);
	if (hit->art.id) {
		html_elem(h, "span", term_label(&hit->art, r->lang), "lang",
		          term_lang(&hit->art, r->lang), NULL);
		html_text(h, " · ");
	}
	if (hit->organisation_name[0]) {
		html_text(h, hit->organisation_name);
		html_text(h, " · ");
	}
	char iso[64];
	time_format_berlin(iso, sizeof iso, hit->published_at, false);
	iso[10] = '\0';
	html_elem(h, "time", catalog_date(r, hit->published_at), "datetime", iso, NULL);
	if (hit->adopted) {
		html_text(h, " · ");
		html_elem(h, "span",
		          arena_printf(&r->arena,
		                       trn(r, "Adopted by %lld institution",
		                           "Adopted by %lld institutions", (long)hit->adopted),
		                       (long long)hit->adopted),
		          "class", "card-adopted", NULL);
	}
	if (!hit->in_use) {
		html_text(h, " · ");
		html_elem(h, "strong", tr(r, "No longer in use"), "class", "badge-ended", NULL);
	}
	html_close(h, "p");
	html_open(h, "p", "lang", layout_de(r), NULL);
	catalog_snippet(h, hit->snippet && hit->snippet[0] ? hit->snippet : hit->teaser);
	html_close(h, "p");
	/* The visitor's selection (Merkliste): a box of the form after the catalog's. */
	const char *id = arena_printf(&r->arena, "m-%s", hit->slug);
	html_open(h, "p", "class", "card-select", NULL);
	html_open(h, "label", "for", id, NULL);
	html_void(h, "input", "type", "checkbox", "id", id, "name", "p", "value", hit->slug, "form",
	          "merkliste", NULL);
	html_text(h, " ");
	html_text(h, tr(r, "Add to my selection"));
	html_elem(h, "span", arena_printf(&r->arena, ": %s", hit->title), "class",
	          "visually-hidden", "lang", layout_de(r), NULL);
	html_close(h, "label");
	html_close(h, "p");
	html_close(h, "li");
}

static void
pager_link(struct request *r, struct html *h, const struct practice_query *q, int64_t page,
           const char *label, const char *rel, bool current)
{
	const char *qs = catalog_query_string(r, q, true, page);
	html_open(h, "li", NULL);
	html_elem(h, "a", label, "href", arena_printf(&r->arena, "/praxis%s%s", *qs ? "?" : "", qs),
	          "rel", rel, "aria-current", current ? "page" : NULL, "aria-label",
	          rel ? NULL : arena_printf(&r->arena, tr(r, "Page %lld"), (long long)page), NULL);
	html_close(h, "li");
}

static void
pager(struct request *r, struct html *h, const struct practice_query *q,
      const struct practice_result *res)
{
	if (res->pages <= 1)
		return;
	html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Pages"), NULL);
	html_open(h, "ul", NULL);
	if (q->page > 1 && q->page <= res->pages)
		pager_link(r, h, q, q->page - 1, tr(r, "Previous"), "prev", false);
	/* The first, the last, and two either side of the current page. */
	int64_t last_shown = 0;
	for (int64_t p = 1; p <= res->pages; p++) {
		if (p != 1 && p != res->pages && (p < q->page - 2 || p > q->page + 2))
			continue;
		if (last_shown && p > last_shown + 1) {
			html_open(h, "li", "aria-hidden", "true", NULL);
			html_text(h, "…");
			html_close(h, "li");
		}
		pager_link(r, h, q, p, arena_printf(&r->arena, "%lld", (long long)p), NULL,
		           p == q->page);
		last_shown = p;
	}
	if (q->page < res->pages)
		pager_link(r, h, q, q->page + 1, tr(r, "Next"), "next", false);
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
results(struct request *r, struct html *h, const struct practice_query *q,
        const struct practice_result *res, const char *feed_qs)
{
	html_open(h, "div", "class", "catalog-results", NULL);
	notices(r, h, res);
	html_open(h, "h2", "id", "results-h", NULL);
	if (res->text[0])
		html_textf(
		    h,
		    trn(r, "%lld practice for “%s”", "%lld practices for “%s”", (long)res->total),
		    (long long)res->total, res->text);
	else
		html_textf(h, trn(r, "%lld practice", "%lld practices", (long)res->total),
		           (long long)res->total);
	html_close(h, "h2");
	filter_chips(r, h, q, res);
	if (res->total)
		sort_select(r, h, q, res);
	feed_links(r, h, feed_qs);
	if (q->page > res->pages) {
		const char *qs = catalog_query_string(r, q, true, res->pages);
		html_open(h, "p", NULL);
		html_textf(h,
		           trn(r, "There is no page %lld: this selection has %lld page.",
		               "There is no page %lld: this selection has %lld pages.",
		               (long)res->pages),
		           (long long)q->page, (long long)res->pages);
		html_text(h, " ");
		html_elem(h, "a", tr(r, "Go to the last page"), "href",
		          arena_printf(&r->arena, "/praxis%s%s", *qs ? "?" : "", qs), NULL);
		html_close(h, "p");
	} else if (!res->total) {
		no_match_help(r, h, q);
	}
	if (res->nhits) {
		html_open(h, "ol", "class", "cards", "aria-labelledby", "results-h", "start",
		          q->page > 1
		              ? arena_printf(&r->arena, "%lld",
		                             (long long)((q->page - 1) * PRACTICE_PER_PAGE + 1))
		              : NULL,
		          NULL);
		for (size_t i = 0; i < res->nhits; i++)
			hit_card(r, h, &res->hits[i]);
		html_close(h, "ol");
	}
	pager(r, h, q, res);
	html_close(h, "div");
}

void
page_catalog(struct request *r)
{
	if (catalog_static_site()) {
		catalog_static_page(r);
		return;
	}
	struct practice_query q;
	const char *reason = NULL;
	if (!catalog_query_parse(r, &q, &reason)) {
		http_error(r, 400, reason);
		return;
	}
	const char *selection = catalog_query_string(r, &q, true, q.page);
	if (catalog_cache(r, selection))
		return;
	struct practice_result res;
	if (practice_search(r->store, &r->arena, &q, &res) != PRACTICE_OK) {
		http_fail(r);
		return;
	}
	const char *feed_qs = catalog_query_string(r, &q, false, 0);
	const char *self_qs = catalog_query_string(r, &q, true, q.page);
	struct layout_meta m = {
	    .canonical = http_absolute_url(
	        r, arena_printf(&r->arena, "/praxis%s%s", *self_qs ? "?" : "", self_qs)),
	    .description = tr(r, "Tested approaches of the IQ programme for the integration of "
	                         "immigrants into work, ready for transfer."),
	    .og_type = "website",
	};
	m.alternates[0].type = "application/atom+xml";
	m.alternates[0].title = tr(r, "Good practices (Atom)");
	m.alternates[0].href =
	    arena_printf(&r->arena, "/feed.atom%s%s", *feed_qs ? "?" : "", feed_qs);
	m.alternates[1].type = "application/rss+xml";
	m.alternates[1].title = tr(r, "Good practices (RSS)");
	m.alternates[1].href =
	    arena_printf(&r->arena, "/feed.rss%s%s", *feed_qs ? "?" : "", feed_qs);
	/* Past the end is no error of the server, but there is no such page: 404, with the
	 * way back. The page keeps its validators off: nothing to cache. */
	bool past_end = q.page > res.pages;
	if (past_end) {
		r->resp.status = 404;
		r->resp.etag = NULL;
		r->resp.last_modified = 0;
	}
	const char *title = tr(r, "Good practices");
	struct html *h = layout_begin_meta(
	    r,
	    q.page > 1 ? arena_printf(&r->arena, tr(r, "%s, page %lld"), title, (long long)q.page)
	               : title,
	    &m);
	catalog_intro(r, h, title);
	html_open(h, "form", "method", "get", "action", "/praxis", "class", "catalog", NULL);
	search_box(r, h, &res);
	/* Without a match the facets have nothing to count: the results' help stands alone. */
	html_open(h, "div", "class", res.total ? "layout-sidebar" : "catalog-empty", NULL);
	if (res.total)
		sidebar(r, h, &q, &res);
	results(r, h, &q, &res, feed_qs);
	html_close(h, "div");
	html_close(h, "form");
	if (res.nhits) {
		html_open(h, "form", "method", "get", "action", "/merkliste", "id", "merkliste",
		          NULL);
		html_elem(h, "button", tr(r, "Open the ticked practices as my selection"), "type",
		          "submit", "class", "btn btn-secondary", NULL);
		html_close(h, "form");
	}
	layout_end(r, h);
	catalog_cache_keep(r, selection);
}

/* The coordination office's list of a call's proposals, with filters and counts by
 * state: where the formal check starts. */
#include "domain/call.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/office_pages.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
proposal_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/vorschlaege/%lld%s", (long long)id, rest);
}

static const char *
list_href(struct request *r, int64_t call_id)
{
	return office_call_href(r, call_id, "/vorschlaege");
}

static const char *
title_of(struct request *r, const char *title)
{
	return title && *title ? title : tr(r, "Untitled proposal");
}

/* ---- the list of a call's proposals ---- */

struct filter_opts {
	struct organisation *orgs;
	size_t norgs;
	struct term *arts, *fields;
	size_t narts, nfields;
};

static const char **
id_options(struct request *r, size_t n, const int64_t *ids, const char *const *labels)
{
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	size_t k = 0;
	opt[k++] = "";
	opt[k++] = tr(r, "all");
	for (size_t i = 0; i < n; i++) {
		opt[k++] = arena_printf(&r->arena, "%lld", (long long)ids[i]);
		opt[k++] = labels[i];
	}
	opt[k] = NULL;
	return opt;
}

static const char **
org_options(struct request *r, const struct filter_opts *fo)
{
	int64_t *ids = arena_alloc(&r->arena, (fo->norgs + 1) * sizeof *ids);
	const char **labels = arena_alloc(&r->arena, (fo->norgs + 1) * sizeof *labels);
	size_t n = 0;
	for (size_t i = 0; i < fo->norgs; i++) {
		if (strcmp(fo->orgs[i].kind, "network") != 0 &&
		    strcmp(fo->orgs[i].kind, "fachstelle") != 0)
			continue;
		ids[n] = fo->orgs[i].id;
		labels[n++] = fo->orgs[i].name;
	}
	return id_options(r, n, ids, labels);
}

static const char **
term_options(struct request *r, const struct term *t, size_t n)
{
	int64_t *ids = arena_alloc(&r->arena, (n + 1) * sizeof *ids);
	const char **labels = arena_alloc(&r->arena, (n + 1) * sizeof *labels);
	for (size_t i = 0; i < n; i++) {
		ids[i] = t[i].id;
		labels[i] = term_label(&t[i], r->lang);
	}
	return id_options(r, n, ids, labels);
}

static const char *
id_text(struct request *r, int64_t id)
{
	return id ? arena_printf(&r->arena, "%lld", (long long)id) : "";
}

static void
filter_form(struct request *r, struct html *h, const struct call *c,
            const struct proposal_filter *f, const struct filter_opts *fo)
{
	html_open(h, "form", "class", "form form-inline", "method", "get", "action",
	          list_href(r, c->id), NULL);
	html_open(h, "div", "class", "grid-2", NULL);
	const char **states = arena_alloc(&r->arena, (2 * PS_COUNT + 3) * sizeof *states);
	size_t k = 0;
	states[k++] = "";
	states[k++] = tr(r, "all submitted");
	for (int i = 0; i < PS_COUNT; i++) {
		states[k++] = proposal_state_name((enum proposal_state)i);
		states[k++] = tr(r, proposal_state_label((enum proposal_state)i));
	}
	states[k] = NULL;
	widget_select(
	    r, h,
	    &(struct widget){
	        .name = "status",
	        .label = tr(r, "State"),
	        .value = f->state >= 0 ? proposal_state_name((enum proposal_state)f->state) : ""},
	    states);
	widget_select(r, h,
	              &(struct widget){.name = "netzwerk",
	                               .label = tr(r, "Network or Fachstelle"),
	                               .value = id_text(r, f->network_id)},
	              org_options(r, fo));
	widget_select(r, h,
	              &(struct widget){.name = "art",
	                               .label = tr(r, "Type of practice"),
	                               .value = id_text(r, f->art_id)},
	              term_options(r, fo->arts, fo->narts));
	widget_select(r, h,
	              &(struct widget){.name = "handlungsfeld",
	                               .label = tr(r, "Field of action"),
	                               .value = id_text(r, f->term_id)},
	              term_options(r, fo->fields, fo->nfields));
	html_close(h, "div");
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", tr(r, "Filter"), "type", "submit", "class", "btn btn-primary", NULL);
	html_elem(h, "a", tr(r, "Show all"), "class", "btn btn-secondary", "href",
	          list_href(r, c->id), NULL);
	html_close(h, "div");
	html_close(h, "form");
}

/* The counts per state, each a link to the list filtered by it. */
static void
state_counts(struct request *r, struct html *h, const struct call *c, int current)
{
	int64_t counts[PS_COUNT];
	proposal_count_states(r->store, c->id, counts);
	html_open(h, "nav", "aria-label", tr(r, "Proposals by state"), NULL);
	html_open(h, "ul", "class", "state-counts", NULL);
	for (int i = 0; i < PS_COUNT; i++) {
		if (!counts[i])
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a",
		          arena_printf(&r->arena, "%s: %lld",
		                       tr(r, proposal_state_label((enum proposal_state)i)),
		                       (long long)counts[i]),
		          "href",
		          arena_printf(&r->arena, "%s?status=%s", list_href(r, c->id),
		                       proposal_state_name((enum proposal_state)i)),
		          "aria-current", i == current ? "true" : NULL, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

static void
proposals_table(struct request *r, struct html *h, const struct proposal_summary *ps, size_t n)
{
	const char *heads[] = {tr(r, "Title"), tr(r, "Sub-project"), tr(r, "State"),
	                       tr(r, "Submitted"), tr(r, "Last changed")};
	widget_table_begin(
	    h, arena_printf(&r->arena, trn(r, "%zu proposal", "%zu proposals", (long)n), n), heads,
	    5);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", title_of(r, ps[i].title), "href", proposal_href(r, ps[i].id, ""),
		          "lang", ps[i].title[0] ? layout_de(r) : NULL, NULL);
		html_close(h, "td");
		html_elem(h, "td", ps[i].organisation_name, NULL);
		html_open(h, "td", NULL);
		office_state_tag(r, h, ps[i].state);
		html_close(h, "td");
		html_elem(h, "td", office_when(r, ps[i].submitted_at), NULL);
		html_elem(h, "td", office_when(r, ps[i].updated_at), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

void
page_call_proposals(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	if (!office_load_call(r, s, 0, &c))
		return;
	/* Unknown values count as "all": the address may be an old bookmark. */
	struct proposal_filter f = {.call_id = c.id,
	                            .state = proposal_state_parse(http_query(r, "status")),
	                            .network_id = office_query_id(r, "netzwerk"),
	                            .art_id = office_query_id(r, "art"),
	                            .term_id = office_query_id(r, "handlungsfeld")};
	f.include_drafts = f.state == PS_DRAFT;
	struct filter_opts fo;
	fo.orgs = organisation_list(s, &r->arena, &fo.norgs);
	fo.arts = taxonomy_list(s, &r->arena, "art", true, &fo.narts);
	fo.fields = taxonomy_list(s, &r->arena, "handlungsfeld", true, &fo.nfields);
	size_t n;
	struct proposal_summary *ps = proposal_list(s, &r->arena, &f, &n);

	const char *crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"),
	                        office_call_href(r, c.id, ""), c.title, NULL};
	struct html *h =
	    office_begin(r, arena_printf(&r->arena, tr(r, "Proposals: %s"), c.title), crumbs);
	state_counts(r, h, &c, f.state);
	html_elem(h, "p", tr(r, "Drafts are not listed unless you choose the state \"Draft\"."),
	          "class", "muted", NULL);
	filter_form(r, h, &c, &f, &fo);
	if (n)
		proposals_table(r, h, ps, n);
	else
		html_elem(h, "p", tr(r, "No proposal matches these filters."), NULL);
	layout_end(r, h);
}

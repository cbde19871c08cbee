/* What the public sees of transfer across all practices: the page /transfer (adoptions by
 * Land, by kind of institution and by quarter, each an SVG chart with its table; the most
 * adopted practices; the latest adoptions), the Atom feed of new adoptions and the JSON
 * list /api/v1/transfers. Approved public fields only: never a reporter's contact. */
#include "domain/transfer.h"
#include "export/feed.h"
#include "export/json.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/transfer_pages.h"
#include "pages/view_transfer.h"
#include "util/timeutil.h"

#include <string.h>

#define LATEST 20
#define BAR_W 480
#define BAR_ROW 28

static const char *
num(struct request *r, double v)
{
	return arena_printf(&r->arena, "%.1f", v);
}

/* Horizontal bars, one per tally, with the count at the end of each bar; the table
 * that follows gives the same numbers as text. */
static void
bar_chart(struct request *r, struct html *h, const char *id, const char *title,
          const struct transfer_tally *t, size_t n, const char *key_head)
{
	int64_t max = 1;
	for (size_t i = 0; i < n; i++)
		if (t[i].count > max)
			max = t[i].count;
	int height = (int)(n ? n : 1) * BAR_ROW + 8;
	const char *tid = arena_printf(&r->arena, "%s-title", id);
	html_elem(h, "h2", title, "id", id, NULL);
	if (!n) {
		html_elem(h, "p", tr(r, "No adoption has been reported yet."), NULL);
		return;
	}
	html_open(h, "figure", "class", "chart", NULL);
	html_open(h, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox",
	          arena_printf(&r->arena, "0 0 %d %d", BAR_W, height), "width",
	          arena_printf(&r->arena, "%d", BAR_W), "height",
	          arena_printf(&r->arena, "%d", height), "role", "img", "aria-labelledby", tid,
	          NULL);
	html_elem(h, "title", arena_printf(&r->arena, "%s (%s)", title, tr(r, "see the table")),
	          "id", tid, NULL);
	double room = BAR_W - 200 - 40;
	for (size_t i = 0; i < n; i++) {
		double y = 4 + (double)i * BAR_ROW, w = room * (double)t[i].count / (double)max;
		html_elem(h, "text", t[i].label, "x", "0", "y", num(r, y + 18), "font-size", "13",
		          "fill", "#1a1a1a", NULL);
		html_open(h, "rect", "x", "200", "y", num(r, y + 4), "width", num(r, w), "height",
		          "18", "fill", "#1f5f8b", NULL);
		html_close(h, "rect");
		html_elem(h, "text", arena_printf(&r->arena, "%lld", (long long)t[i].count), "x",
		          num(r, 206 + w), "y", num(r, y + 18), "font-size", "13", "fill",
		          "#1a1a1a", NULL);
	}
	html_close(h, "svg");
	html_close(h, "figure");
	const char *heads[] = {key_head, tr(r, "Adoptions")};
	widget_table_begin(h, title, heads, 2);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", t[i].label, "scope", "row", NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)t[i].count), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

void
page_transfer_overview(struct request *r)
{
	struct transfer_counts c;
	transfer_counts(r->store, &r->arena, 0, r->lang, &c);
	struct layout_meta m = {
	    .canonical = http_absolute_url(r, "/transfer"),
	    .description = tr(r, "Where the good practices have been adopted."),
	    .og_type = "website",
	    .alternates = {{"application/atom+xml", tr(r, "New adoptions (Atom)"),
	                    "/transfer.atom"}},
	};
	struct html *h = layout_begin_meta(r, tr(r, "Transfer"), &m);
	html_elem(h, "h1", tr(r, "Transfer"), NULL);
	html_elem(
	    h, "p",
	    arena_printf(&r->arena,
	                 tr(r, "%lld adoptions in %lld Bundesländer; %lld institutions prepare "
	                       "an adoption, %lld are interested."),
	                 (long long)c.adopted, (long long)c.lands, (long long)c.preparing,
	                 (long long)c.interested),
	    "class", "lead", NULL);
	html_elem(h, "h2", tr(r, "Adoptions per Bundesland"), NULL);
	transfer_render_map(r, h, &c, "transfer-map");
	size_t n;
	struct transfer_tally *t = transfer_by_kind(r->store, &r->arena, r->lang, &n);
	bar_chart(r, h, "by-kind", tr(r, "Adoptions by kind of institution"), t, n,
	          tr(r, "Kind of institution"));
	t = transfer_by_quarter(r->store, &r->arena, &n);
	bar_chart(r, h, "by-quarter", tr(r, "Adoptions by quarter"), t, n, tr(r, "Quarter"));
	t = transfer_most_adopted(r->store, &r->arena, 10, &n);
	html_elem(h, "h2", tr(r, "The most adopted practices"), NULL);
	if (n) {
		html_open(h, "ol", NULL);
		for (size_t i = 0; i < n; i++) {
			html_open(h, "li", NULL);
			html_elem(h, "a", t[i].label, "href",
			          arena_printf(&r->arena, "/praxis/%s", t[i].key), NULL);
			html_textf(h, " (%lld)", (long long)t[i].count);
			html_close(h, "li");
		}
		html_close(h, "ol");
	} else {
		html_elem(h, "p", tr(r, "No adoption has been reported yet."), NULL);
	}
	struct transfer_story *s = transfer_stories(r->store, &r->arena, 0, "adopted", LATEST, &n);
	html_elem(h, "h2", tr(r, "The latest adoptions"), NULL);
	if (n) {
		html_open(h, "ul", "class", "transfer-stories", NULL);
		for (size_t i = 0; i < n; i++)
			transfer_render_story(r, h, &s[i], true);
		html_close(h, "ul");
	} else {
		html_elem(h, "p", tr(r, "No adoption has been reported yet."), NULL);
	}
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "New adoptions as a feed (Atom)"), "href", "/transfer.atom", NULL);
	html_text(h, " · ");
	html_elem(h, "a", tr(r, "As open data (JSON)"), "href", "/api/v1/transfers", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

static const char *
story_title(struct request *r, const struct transfer_story *t)
{
	const char *who =
	    t->name[0] ? t->name : transfer_kind_label(r->store, &r->arena, t->kind, r->lang);
	return arena_printf(&r->arena, "%s: %s (%s)", t->practice_title, who,
	                    transfer_land_label(r->store, &r->arena, t->bundesland, r->lang));
}

void
page_transfer_feed(struct request *r)
{
	size_t n;
	struct transfer_story *s = transfer_stories(r->store, &r->arena, 0, "adopted", 50, &n);
	struct feed_entry *e = arena_calloc(&r->arena, (n + 1) * sizeof *e);
	for (size_t i = 0; i < n; i++) {
		e[i].id = http_absolute_url(
		    r, arena_printf(&r->arena, "/transfer#uebernahme-%lld", (long long)s[i].id));
		e[i].title = story_title(r, &s[i]);
		e[i].link =
		    http_absolute_url(r, arena_printf(&r->arena, "/praxis/%s", s[i].practice_slug));
		e[i].summary = s[i].text;
		e[i].published = s[i].at;
		e[i].updated = s[i].at;
	}
	struct feed f = {
	    .id = http_absolute_url(r, "/transfer.atom"),
	    .title = arena_printf(&r->arena, "%s – Leuchtturm", tr(r, "New adoptions")),
	    .subtitle = tr(r, "Good practices adopted by further institutions."),
	    .link = http_absolute_url(r, "/transfer"),
	    .self = http_absolute_url(r, "/transfer.atom"),
	    .author = "Leuchtturm",
	    .lang = i18n_code(r->lang),
	    .fallback_updated = 1,
	    .entries = e,
	    .nentries = n,
	};
	struct buf body = BUF_INIT;
	feed_atom(&body, &f);
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	http_send(r, 200, "application/atom+xml; charset=utf-8", body.data, body.len);
	buf_free(&body);
}

void
page_api_transfers(struct request *r)
{
	size_t n;
	struct transfer_story *s = transfer_stories(r->store, &r->arena, 0, "", 1000, &n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		jsonx_set(o, "practice", jsonx_text(s[i].practice_slug));
		jsonx_set(o, "stage", jsonx_text(s[i].stage));
		jsonx_set(o, "kind", jsonx_text(s[i].kind));
		jsonx_set(o, "bundesland", jsonx_text(s[i].bundesland));
		jsonx_set(o, "organisation", s[i].name[0] ? jsonx_text(s[i].name) : json_null());
		jsonx_set(o, "text", jsonx_text(s[i].text));
		char month[40];
		time_format_rfc3339(month, sizeof month, s[i].at);
		month[7] = '\0';
		jsonx_set(o, "month", jsonx_text(month));
		json_array_append_new(items, o);
	}
	struct transfer_counts c;
	transfer_counts(r->store, &r->arena, 0, r->lang, &c);
	json_t *root = json_object();
	jsonx_set(root, "adopted", json_integer(c.adopted));
	jsonx_set(root, "bundeslaender", json_integer(c.lands));
	jsonx_set(root, "preparing", json_integer(c.preparing));
	jsonx_set(root, "interested", json_integer(c.interested));
	jsonx_set(root, "items", items);
	struct buf body = BUF_INIT;
	jsonx_dump(&body, root);
	json_decref(root);
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	http_send(r, 200, "application/json", body.data, body.len);
	buf_free(&body);
}

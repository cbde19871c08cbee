/* Transfer's shared pieces: the report forms' fields, the practice page's section with the
 * map of the Länder, and the approved stories. */
#include "pages/view_transfer.h"
#include "pages/view_catalog.h"
#include "domain/taxonomy.h"
#include "html/widgets.h"
#include "util/buf.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- form fields ---- */

static const char *const *
kind_options(struct request *r)
{
	size_t n;
	struct term *t = taxonomy_list(r->store, &r->arena, "adressat", false, &n);
	const char **opt = arena_calloc(&r->arena, (2 * n + 5) * sizeof *opt);
	size_t k = 0;
	opt[k++] = "";
	opt[k++] = tr(r, "Please choose");
	for (size_t i = 0; i < n; i++) {
		opt[k++] = t[i].key;
		opt[k++] = term_label(&t[i], r->lang);
	}
	opt[k++] = TRANSFER_KIND_OTHER;
	opt[k++] = tr(r, transfer_kind_other_label);
	opt[k] = NULL;
	return opt;
}

static const char *const *
land_options(struct request *r)
{
	size_t n;
	struct term *t = taxonomy_list(r->store, &r->arena, "bundesland", false, &n);
	const char **opt = arena_calloc(&r->arena, (2 * n + 3) * sizeof *opt);
	size_t k = 0;
	opt[k++] = "";
	opt[k++] = tr(r, "Please choose");
	for (size_t i = 0; i < n; i++) {
		opt[k++] = t[i].key;
		opt[k++] = term_label(&t[i], r->lang);
	}
	opt[k] = NULL;
	return opt;
}

/* A checkbox with its error beside it (widget_checkbox shows none). */
static void
checkbox(struct request *r, struct html *h, const char *name, const char *label, bool checked)
{
	const char *id = arena_printf(&r->arena, "f-%s", name);
	const char *error = form_error(r, name);
	if (strcmp(r->method, "POST") == 0)
		checked = form_has(r, name);
	html_open(h, "div", "class",
	          error ? "field field-checkbox has-error" : "field field-checkbox", NULL);
	if (error) {
		html_open(h, "p", "class", "field-error", "id",
		          arena_printf(&r->arena, "%s-error", id), NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, error));
		html_close(h, "p");
	}
	html_void(h, "input", "type", "checkbox", "id", id, "name", name, "value", "1", "checked",
	          checked ? "" : NULL, "aria-describedby",
	          error ? arena_printf(&r->arena, "%s-error", id) : NULL, "aria-invalid",
	          error ? "true" : NULL, NULL);
	html_elem(h, "label", label, "for", id, NULL);
	html_close(h, "div");
}

void
transfer_organisation_fields(struct request *r, struct html *h, const char *name, const char *kind,
                             const char *land)
{
	widget_input(r, h,
	             &(struct widget){.name = "organisation",
	                              .label = tr(r, "Organisation"),
	                              .value = name,
	                              .autocomplete = "organization",
	                              .required = true,
	                              .maxlength = 200});
	widget_select(r, h,
	              &(struct widget){.name = "kind",
	                               .label = tr(r, "Kind of institution"),
	                               .value = kind,
	                               .required = true},
	              kind_options(r));
	widget_select(r, h,
	              &(struct widget){.name = "bundesland",
	                               .label = tr(r, "Bundesland"),
	                               .value = land,
	                               .required = true},
	              land_options(r));
}

void
transfer_name_public_field(struct request *r, struct html *h, bool checked)
{
	checkbox(r, h, "name_public", tr(r, "Our organisation's name may be shown with the report"),
	         checked);
}

void
transfer_stage_field(struct request *r, struct html *h, const char *value, bool first)
{
	const char *opt[2 * TS_COUNT + 1];
	size_t k = 0;
	for (int i = 0; i < TS_COUNT; i++) {
		if (first && i == TS_GIVEN_UP)
			continue;
		opt[k++] = transfer_stage_names[i];
		opt[k++] = tr(r, transfer_stage_label(i));
	}
	opt[k] = NULL;
	widget_select(r, h,
	              &(struct widget){.name = "stage",
	                               .label = tr(r, "Stage"),
	                               .value = value ? value : "interest",
	                               .required = true},
	              opt);
}

void
transfer_consent_fields(struct request *r, struct html *h)
{
	html_open(h, "p", "class", "hint", NULL);
	html_text(h, tr(r, "Your name and e-mail address are never published. Publicly shown, "
	                   "once the coordination office has approved it, are only the kind of "
	                   "institution, the Bundesland, the stage, the approved text and the "
	                   "month; the organisation's name only with your consent."));
	html_text(h, " ");
	html_elem(h, "a", tr(r, "Privacy notice"), "href", "/datenschutz", NULL);
	html_close(h, "p");
	checkbox(r, h, "consent",
	         tr(r, "I agree that my data are processed as the privacy notice describes "
	               "(required)"),
	         false);
}

/* ---- the map ---- */

/* The Länder as a tile map: each Land one square, placed roughly where it lies, so the
 * shading reads as a map at any size and every tile is large enough for its label. The
 * keys are the Bundesland terms' (002_reference.sql). */
static const struct {
	const char *key, *abbr;
	int col, row;
} tiles[TRANSFER_LANDS] = {
    {"sh", "SH", 2, 0}, {"hb", "HB", 1, 1}, {"hh", "HH", 2, 1}, {"mv", "MV", 3, 1},
    {"nw", "NW", 0, 2}, {"ni", "NI", 1, 2}, {"st", "ST", 2, 2}, {"be", "BE", 3, 2},
    {"bb", "BB", 4, 2}, {"rp", "RP", 0, 3}, {"he", "HE", 1, 3}, {"th", "TH", 2, 3},
    {"sn", "SN", 3, 3}, {"sl", "SL", 0, 4}, {"bw", "BW", 1, 4}, {"by", "BY", 2, 4},
};
#define TILE 64
#define GAP 4

/* The shades, lightest for none; text on each keeps a contrast of at least 4.5:1. */
static const char *const fills[4] = {"#f1f3f5", "#c6dbef", "#6baed6", "#1f5f8b"};
static const char *const inks[4] = {"#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff"};

static int
shade(int64_t n)
{
	return n <= 0 ? 0 : n == 1 ? 1 : n <= 3 ? 2 : 3;
}

static const char *
num(struct request *r, int v)
{
	return arena_printf(&r->arena, "%d", v);
}

void
transfer_render_map(struct request *r, struct html *h, const struct transfer_counts *c,
                    const char *id)
{
	int w = 5 * (TILE + GAP), hgt = 5 * (TILE + GAP);
	const char *tid = arena_printf(&r->arena, "%s-title", id);
	html_open(h, "figure", "class", "transfer-map", NULL);
	html_open(h, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox",
	          arena_printf(&r->arena, "0 0 %d %d", w, hgt), "width", num(r, w), "height",
	          num(r, hgt), "role", "img", "aria-labelledby", tid, NULL);
	html_elem(h, "title", tr(r, "Adoptions per Bundesland (the table below gives the numbers)"),
	          "id", tid, NULL);
	for (int i = 0; i < TRANSFER_LANDS; i++) {
		int64_t n = 0;
		const char *label = tiles[i].abbr;
		for (int k = 0; k < TRANSFER_LANDS; k++)
			if (c->land_key[k] && strcmp(c->land_key[k], tiles[i].key) == 0) {
				n = c->per_land[k];
				label = c->land_label[k];
			}
		int x = tiles[i].col * (TILE + GAP), y = tiles[i].row * (TILE + GAP);
		int s = shade(n);
		html_open(h, "g", NULL);
		html_elem(h, "title", arena_printf(&r->arena, "%s: %lld", label, (long long)n),
		          NULL);
		html_open(h, "rect", "x", num(r, x), "y", num(r, y), "width", num(r, TILE),
		          "height", num(r, TILE), "rx", "6", "fill", fills[s], "stroke", "#4a4a4a",
		          "stroke-width", "1", NULL);
		html_close(h, "rect");
		html_elem(h, "text", tiles[i].abbr, "x", num(r, x + TILE / 2), "y", num(r, y + 26),
		          "text-anchor", "middle", "font-size", "15", "font-weight", "bold", "fill",
		          inks[s], NULL);
		html_elem(h, "text", arena_printf(&r->arena, "%lld", (long long)n), "x",
		          num(r, x + TILE / 2), "y", num(r, y + 48), "text-anchor", "middle",
		          "font-size", "15", "fill", inks[s], NULL);
		html_close(h, "g");
	}
	html_close(h, "svg");
	html_close(h, "figure");
	const char *heads[] = {tr(r, "Bundesland"), tr(r, "Adoptions")};
	widget_table_begin(h, tr(r, "Adoptions per Bundesland"), heads, 2);
	for (int k = 0; k < TRANSFER_LANDS; k++) {
		if (!c->land_key[k] || !c->land_key[k][0])
			continue;
		html_open(h, "tr", NULL);
		html_elem(h, "th", c->land_label[k], "scope", "row", NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)c->per_land[k]),
		          NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

/* ---- stories ---- */

static const char *
month(struct request *r, int64_t t)
{
	static const char *const de[] = {"Januar",    "Februar", "März",     "April",
	                                 "Mai",       "Juni",    "Juli",     "August",
	                                 "September", "Oktober", "November", "Dezember"};
	static const char *const en[] = {"January",   "February", "March",    "April",
	                                 "May",       "June",     "July",     "August",
	                                 "September", "October",  "November", "December"};
	time_t local = (time_t)(t + time_berlin_offset(t));
	struct tm tm;
	gmtime_r(&local, &tm);
	return arena_printf(&r->arena, "%s %d", (r->lang == LANG_EN ? en : de)[tm.tm_mon],
	                    tm.tm_year + 1900);
}

void
transfer_render_story(struct request *r, struct html *h, const struct transfer_story *t,
                      bool with_practice)
{
	html_open(h, "li", "class", "transfer-story", NULL);
	html_open(h, "p", NULL);
	int st = transfer_stage_parse(t->stage);
	html_elem(h, "strong", tr(r, transfer_stage_label(st < 0 ? TS_INTEREST : st)), NULL);
	html_text(h, " · ");
	if (t->name[0]) {
		html_text(h, t->name);
		html_text(h, ", ");
	}
	html_text(h, transfer_kind_label(r->store, &r->arena, t->kind, r->lang));
	html_text(h, ", ");
	html_text(h, transfer_land_label(r->store, &r->arena, t->bundesland, r->lang));
	html_text(h, " · ");
	html_text(h, month(r, t->at));
	if (with_practice) {
		html_text(h, " · ");
		html_elem(h, "a", t->practice_title, "href",
		          arena_printf(&r->arena, "/praxis/%s", t->practice_slug), NULL);
	}
	html_close(h, "p");
	if (t->text[0])
		html_elem(h, "p", t->text, "class", "transfer-text", NULL);
	html_close(h, "li");
}

/* ---- the practice page's section ---- */

void
transfer_render_practice(struct request *r, struct html *h, const struct practice *p)
{
	struct transfer_counts c;
	transfer_counts(r->store, &r->arena, p->id, r->lang, &c);
	html_open(h, "section", "class", "panel transfer", "aria-labelledby", "transfer-h", NULL);
	html_elem(h, "h2", tr(r, "Adoptions elsewhere"), "id", "transfer-h", NULL);
	if (c.adopted) {
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       trn(r, "Adopted by %lld institution",
		                           "Adopted by %lld institutions", (long)c.adopted),
		                       (long long)c.adopted),
		          "class", "transfer-count", NULL);
		html_elem(h, "p",
		          arena_printf(
		              &r->arena,
		              trn(r, "in %lld Bundesland", "in %lld Bundesländer", (long)c.lands),
		              (long long)c.lands),
		          "class", "transfer-lands", NULL);
		transfer_render_map(r, h, &c, "transfer-map");
	} else {
		html_elem(h, "p", tr(r, "No adoption has been reported yet."), NULL);
	}
	if (c.preparing || c.interested)
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       tr(r, "Preparing an adoption: %lld. Interested: %lld."),
		                       (long long)c.preparing, (long long)c.interested),
		          NULL);
	size_t n;
	struct transfer_story *s = transfer_stories(r->store, &r->arena, p->id, "", 20, &n);
	if (n) {
		html_elem(h, "h3", tr(r, "Reports of the institutions"), NULL);
		html_open(h, "ul", "class", "transfer-stories", NULL);
		for (size_t i = 0; i < n; i++)
			transfer_render_story(r, h, &s[i], false);
		html_close(h, "ul");
	}
	/* The form needs the live server: a static copy without one leaves the invitation out. */
	if (!catalog_static_site() || catalog_static_live()) {
		html_elem(h, "h3", tr(r, "Interested in adopting this practice?"), NULL);
		html_elem(h, "p",
		          tr(r, "Tell the practice's team: no account is needed. Your message is "
		                "forwarded once you have confirmed your e-mail address."),
		          NULL);
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Report interest or an adoption"), "href",
		          arena_printf(&r->arena, "/praxis/%s/interesse", p->slug), "class",
		          "btn btn-primary", NULL);
		html_close(h, "p");
	}
	/* Everything to take along in one download. */
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download the transfer package (ZIP: PDF and downloads)"), "href",
	          arena_printf(&r->arena, "/praxis/%s/transferpaket.zip", p->slug), "type",
	          "application/zip", "download", "", NULL);
	html_close(h, "p");
	html_close(h, "section");
}

/* The audit log for the coordination office: events in words with Berlin times, filters
 * by kind, object, person and time span, the raw details behind a disclosure, the chain's
 * state, and the selection as CSV. */
#include "domain/audit.h"
#include "domain/audit_text.h"
#include "domain/decision.h"
#include "export/table.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define EVENTS_PER_PAGE 50
/* The CSV holds the whole selection, read in pieces of this many events; past the cap a
 * narrower filter is needed (the file says so in its last row). */
#define CSV_CHUNK 500
#define CSV_MAX 20000
#define ACTORS_MAX 500

/* The filter as typed (query parameters) and as understood. */
struct audit_params {
	const char *action, *object, *person, *from, *until;
	long page;
	struct audit_filter f;
	const char *from_error, *until_error; /* msgids */
};

static const char *
query_or_empty(struct request *r, const char *key)
{
	const char *v = http_query(r, key);
	return v ? v : "";
}

/* "YYYY-MM-DD" as the start of that day in Berlin (UTC seconds); false when it is none. */
static bool
berlin_day_start(const char *date, int64_t *utc)
{
	char buf[20];
	if (strlen(date) != 10)
		return false;
	memcpy(buf, date, 10);
	memcpy(buf + 10, "T00:00", 7);
	return time_parse_berlin(buf, utc);
}

/* The start of the day after the one that starts at day (23, 24 or 25 hours later). */
static int64_t
berlin_next_day(int64_t day)
{
	char buf[20];
	/* 26 hours on always lands in the next day, whatever the clocks did that night. */
	time_format_local_input(buf, sizeof buf, day + 26 * 3600);
	memcpy(buf + 10, "T00:00", 7);
	int64_t next = day + 86400;
	time_parse_berlin(buf, &next);
	return next;
}

static void
read_params(struct request *r, struct audit_params *p)
{
	*p = (struct audit_params){.action = query_or_empty(r, "aktion"),
	                           .object = query_or_empty(r, "objekt"),
	                           .person = query_or_empty(r, "person"),
	                           .from = query_or_empty(r, "von"),
	                           .until = query_or_empty(r, "bis")};
	p->f.action = p->action;
	p->f.object = p->object;
	if (strcmp(p->person, "system") == 0)
		p->f.actor_id = AUDIT_SYSTEM;
	else if (p->person[0])
		p->f.actor_id = strtoll(p->person, NULL, 10) > 0 ? strtoll(p->person, NULL, 10) : 0;
	const char *bad = N_("Please enter a date as YYYY-MM-DD, for example 2026-03-29.");
	if (p->from[0] && !berlin_day_start(p->from, &p->f.from))
		p->from_error = bad;
	int64_t last = 0;
	if (p->until[0] && !berlin_day_start(p->until, &last))
		p->until_error = bad;
	else if (p->until[0])
		p->f.until = berlin_next_day(last);
	if (!p->from_error && !p->until_error && p->f.from && p->f.until && p->f.until <= p->f.from)
		p->until_error = N_("The end of the time span comes before its start.");
	const char *pg = http_query(r, "seite");
	p->page = pg ? strtol(pg, NULL, 10) : 1;
	if (p->page < 1 || p->page > 1000000)
		p->page = 1;
}

/* The filter as a query string ("aktion=…&objekt=…"), for the pager and the CSV link. */
static const char *
filter_query(struct request *r, const struct audit_params *p)
{
	const struct {
		const char *key, *value;
	} kv[] = {{"aktion", p->action},
	          {"objekt", p->object},
	          {"person", p->person},
	          {"von", p->from},
	          {"bis", p->until}};
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
		buf_printf(&b, "%s%s=", i ? "&" : "", kv[i].key);
		url_encode(&b, kv[i].value);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The sentence of a kind without its persons and objects, for the kind filter. */
static const char *
kind_label(struct request *r, const char *sentence)
{
	struct buf b = BUF_INIT;
	for (const char *t = tr(r, sentence); *t;) {
		const char *open = strchr(t, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!open || !close) {
			buf_puts(&b, t);
			break;
		}
		buf_append(&b, t, (size_t)(open - t));
		buf_puts(&b, "…");
		t = close + 1;
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
kind_select(struct request *r, struct html *h, const struct audit_params *p)
{
	html_open(h, "div", "class", "field", NULL);
	html_elem(h, "label", tr(r, "Kind of event"), "for", "f-aktion", NULL);
	html_open(h, "select", "id", "f-aktion", "name", "aktion", NULL);
	html_elem(h, "option", tr(r, "All kinds"), "value", "", NULL);
	/* The areas first (a prefix matches all their kinds), then each kind. */
	static const struct {
		const char *prefix, *label;
	} areas[] = {
	    {"session.", N_("All: logging in and out")},
	    {"user.", N_("All: accounts")},
	    {"call.", N_("All: calls")},
	    {"proposal.", N_("All: proposals")},
	    {"review.", N_("All: board review")},
	    {"decision.", N_("All: decisions")},
	    {"practice.", N_("All: good practices")},
	    {"mail.", N_("All: e-mail")},
	};
	bool chosen = false;
	html_open(h, "optgroup", "label", tr(r, "Areas"), NULL);
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++) {
		bool sel = strcmp(p->action, areas[i].prefix) == 0;
		chosen |= sel;
		html_elem(h, "option", tr(r, areas[i].label), "value", areas[i].prefix, "selected",
		          sel ? "" : NULL, NULL);
	}
	html_close(h, "optgroup");
	html_open(h, "optgroup", "label", tr(r, "Kinds"), NULL);
	for (size_t i = 0; i < audit_kinds_count; i++) {
		const struct audit_kind *k = &audit_kinds[i];
		/* One option per action: its general sentence (the last of its entries). */
		if (i + 1 < audit_kinds_count && strcmp(audit_kinds[i + 1].action, k->action) == 0)
			continue;
		bool sel = strcmp(p->action, k->action) == 0;
		chosen |= sel;
		html_elem(h, "option", kind_label(r, k->sentence), "value", k->action, "selected",
		          sel ? "" : NULL, NULL);
	}
	html_close(h, "optgroup");
	/* A kind typed into the address (an older link, a kind without a sentence) stays. */
	if (p->action[0] && !chosen)
		html_elem(h, "option", p->action, "value", p->action, "selected", "", NULL);
	html_close(h, "select");
	html_close(h, "div");
}

static void
person_select(struct request *r, struct html *h, struct store *s, const struct audit_params *p)
{
	int64_t *ids = arena_alloc(&r->arena, ACTORS_MAX * sizeof *ids);
	const char **names = arena_alloc(&r->arena, ACTORS_MAX * sizeof *names);
	size_t n = audit_actors(s, &r->arena, ids, names, ACTORS_MAX);
	html_open(h, "div", "class", "field", NULL);
	html_elem(h, "label", tr(r, "Person"), "for", "f-person", NULL);
	html_open(h, "select", "id", "f-person", "name", "person", NULL);
	html_elem(h, "option", tr(r, "Everyone"), "value", "", NULL);
	html_elem(h, "option", tr(r, "The system"), "value", "system", "selected",
	          p->f.actor_id == AUDIT_SYSTEM ? "" : NULL, NULL);
	for (size_t i = 0; i < n; i++)
		html_elem(h, "option", names[i], "value",
		          arena_printf(&r->arena, "%lld", (long long)ids[i]), "selected",
		          p->f.actor_id == ids[i] ? "" : NULL, NULL);
	html_close(h, "select");
	html_close(h, "div");
}

/* A text or date field of the filter, with its hint and error. */
static void
filter_field(struct request *r, struct html *h, const char *name, const char *type,
             const char *label, const char *hint, const char *value, const char *error)
{
	const char *id = arena_printf(&r->arena, "f-%s", name);
	const char *hint_id = arena_printf(&r->arena, "%s-hint", id);
	const char *err_id = arena_printf(&r->arena, "%s-error", id);
	html_open(h, "div", "class", error ? "field field-error" : "field", NULL);
	html_elem(h, "label", label, "for", id, NULL);
	if (hint)
		html_elem(h, "p", hint, "class", "hint", "id", hint_id, NULL);
	if (error)
		html_elem(h, "p", tr(r, error), "class", "error", "id", err_id, NULL);
	const char *described =
	    error ? (hint ? arena_printf(&r->arena, "%s %s", hint_id, err_id) : err_id)
	          : (hint ? hint_id : NULL);
	html_void(h, "input", "type", type, "id", id, "name", name, "value", value,
	          "aria-describedby", described, "aria-invalid", error ? "true" : NULL, NULL);
	html_close(h, "div");
}

/* A date field's type: "date", but "text" for what is no date, so that the field can
 * show it again as typed (a date field may only hold a date). */
static const char *
date_type(const char *value)
{
	int64_t t;
	return !value[0] || berlin_day_start(value, &t) ? "date" : "text";
}

static void
filter_form(struct request *r, struct html *h, struct store *s, const struct audit_params *p)
{
	html_open(h, "form", "class", "form form-inline", "method", "get", "action",
	          "/admin/protokoll", NULL);
	html_open(h, "div", "class", "grid-2", NULL);
	kind_select(r, h, p);
	person_select(r, h, s, p);
	filter_field(r, h, "objekt", "text", tr(r, "Object"), tr(r, "For example user:12"),
	             p->object, NULL);
	filter_field(r, h, "von", date_type(p->from), tr(r, "From (day, Berlin time)"), NULL,
	             p->from, p->from_error);
	filter_field(r, h, "bis", date_type(p->until), tr(r, "Until (day, included)"), NULL,
	             p->until, p->until_error);
	html_close(h, "div");
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", tr(r, "Filter"), "type", "submit", "class", "btn btn-primary", NULL);
	html_elem(h, "a", tr(r, "Show all"), "class", "btn btn-secondary", "href",
	          "/admin/protokoll", NULL);
	html_close(h, "div");
	html_close(h, "form");
}

static void
chain_state(struct request *r, struct html *h, struct store *s)
{
	int64_t checked = 0, broken = audit_verify(s, &checked);
	if (broken)
		layout_notice(h, "error",
		              arena_printf(&r->arena,
		                           tr(r, "The chain is broken at event %lld: the log has "
		                                 "been changed outside the application."),
		                           (long long)broken));
	else
		layout_notice(h, "info",
		              arena_printf(&r->arena, tr(r, "The chain of %lld events is intact."),
		                           (long long)checked));
	/* Decisions keep their votes in tables of their own; their hashes are in the chain. */
	int64_t versions = 0, proposal = 0, version = 0;
	if (decision_verify(s, &versions, &proposal, &version) > 0)
		layout_notice(
		    h, "error",
		    arena_printf(&r->arena,
		                 tr(r, "The decision record of proposal %lld (version %lld) "
		                       "no longer matches its hash in the log: its votes "
		                       "or reasons were changed outside the application."),
		                 (long long)proposal, (long long)version));
}

/* ---- one event ---- */

/* The office's page of an object, or NULL. */
static const char *
object_href(struct request *r, const struct audit_object *o)
{
	static const struct {
		const char *kind, *path;
	} pages[] = {
	    {"proposal", "/admin/vorschlaege"},
	    {"call", "/admin/ausschreibungen"},
	    {"user", "/admin/benutzer"},
	    {"organisation", "/admin/stammdaten/organisationen"},
	    {"term", "/admin/stammdaten/begriffe"},
	    {"practice", "/admin/praxis"},
	};
	if (strcmp(o->kind, "feedback") == 0)
		return "/admin/rueckmeldungen";
	if (strcmp(o->kind, "site_page") == 0 && o->name_is_msgid)
		return arena_printf(&r->arena, "/admin/seiten/%s", o->slug);
	if (!o->id)
		return NULL;
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++)
		if (strcmp(pages[i].kind, o->kind) == 0)
			return arena_printf(&r->arena, "%s/%lld", pages[i].path, (long long)o->id);
	return NULL;
}

/* What an event is about, for a sentence: described, with its name in the reader's words. */
struct event_words {
	const char *who, *what, *kind, *href;
	bool german;
};

static void
event_words(struct request *r, struct store *s, const struct audit_event *e, struct event_words *w)
{
	struct audit_object o;
	audit_object_describe(s, &r->arena, e->object, &o);
	w->who = e->actor_id ? (e->actor_name[0] ? e->actor_name : tr(r, "a deleted account"))
	                     : tr(r, "The system");
	w->what = o.name[0] ? (o.name_is_msgid ? tr(r, o.name) : o.name) : e->object;
	/* German content on an English page says so (WCAG 3.1.2). */
	w->german = o.german && r->lang != LANG_DE;
	w->kind = e->action;
	w->href = object_href(r, &o);
	/* A session's events are the person's own. */
	if (strcmp(e->object, "session") == 0)
		w->what = w->who;
}

/* Calls part for each run of literal text and each placeholder of the translated
 * sentence: a placeholder comes as its name ("who", "what", "kind"), text with name NULL. */
typedef void (*sentence_part)(void *ctx, const char *name, const char *text, size_t n);

static void
sentence_walk(const char *t, sentence_part part, void *ctx)
{
	while (*t) {
		const char *open = strchr(t, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!open || !close) {
			part(ctx, NULL, t, strlen(t));
			return;
		}
		if (open > t)
			part(ctx, NULL, t, (size_t)(open - t));
		char name[8] = "";
		size_t n = (size_t)(close - open - 1);
		if (n < sizeof name)
			memcpy(name, open + 1, n), name[n] = '\0';
		part(ctx, name, open, (size_t)(close - open + 1));
		t = close + 1;
	}
}

struct html_sentence {
	struct html *h;
	const struct event_words *w;
};

static void
html_part(void *ctx, const char *name, const char *text, size_t n)
{
	struct html_sentence *x = ctx;
	const struct event_words *w = x->w;
	if (!name)
		html_textn(x->h, text, n);
	else if (strcmp(name, "who") == 0)
		html_text(x->h, w->who);
	else if (strcmp(name, "what") == 0 && w->href)
		html_elem(x->h, "a", w->what, "href", w->href, "lang", w->german ? "de" : NULL,
		          NULL);
	else if (strcmp(name, "what") == 0)
		html_elem(x->h, "span", w->what, "lang", w->german ? "de" : NULL, NULL);
	else if (strcmp(name, "kind") == 0)
		html_elem(x->h, "code", w->kind, NULL);
	else
		html_textn(x->h, text, n); /* a placeholder the translation invented: as typed */
}

static void
text_part(void *ctx, const char *name, const char *text, size_t n)
{
	const struct event_words *w = ((void **)ctx)[1];
	struct buf *b = ((void **)ctx)[0];
	if (!name)
		buf_append(b, text, n);
	else if (strcmp(name, "who") == 0)
		buf_puts(b, w->who);
	else if (strcmp(name, "what") == 0)
		buf_puts(b, w->what);
	else if (strcmp(name, "kind") == 0)
		buf_puts(b, w->kind);
	else
		buf_append(b, text, n);
}

static const char *
sentence_text(struct request *r, const struct audit_event *e, const struct event_words *w)
{
	struct buf b = BUF_INIT;
	void *ctx[2] = {&b, (void *)w};
	sentence_walk(tr(r, audit_sentence(e->action, e->details)), text_part, ctx);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
event_details(struct request *r, struct html *h, const struct audit_event *e)
{
	html_open(h, "details", NULL);
	html_elem(h, "summary", tr(r, "Details"), NULL);
	html_open(h, "dl", "class", "audit-raw", NULL);
	html_elem(h, "dt", tr(r, "Kind"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "code", e->action, NULL);
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "Data"), NULL);
	html_open(h, "dd", NULL);
	if (strcmp(e->details, AUDIT_ERASED) == 0)
		html_text(h, tr(r, "Erased with a person's data (GDPR Art. 17); the chain still "
		                   "covers them through their digest."));
	else
		html_elem(h, "code", e->details, NULL);
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "Hash"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "code", e->hash, "class", "hash", NULL);
	html_close(h, "dd");
	html_close(h, "dl");
	html_close(h, "details");
}

static void
event_row(struct request *r, struct html *h, struct store *s, const struct audit_event *e)
{
	char when[40], iso[40];
	time_format_berlin(when, sizeof when, e->at, r->lang == LANG_DE);
	time_format_rfc3339(iso, sizeof iso, e->at);
	struct event_words w;
	event_words(r, s, e, &w);
	html_open(h, "tr", NULL);
	html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)e->seq), NULL);
	html_open(h, "td", NULL);
	html_elem(h, "time", when, "datetime", iso, NULL);
	html_close(h, "td");
	html_open(h, "td", "class", "audit-sentence", NULL);
	struct html_sentence x = {h, &w};
	sentence_walk(tr(r, audit_sentence(e->action, e->details)), html_part, &x);
	html_close(h, "td");
	html_open(h, "td", NULL);
	struct buf href = BUF_INIT;
	buf_puts(&href, "/admin/protokoll?objekt=");
	url_encode(&href, e->object);
	html_elem(h, "a", e->object, "href", buf_str(&href), "title",
	          tr(r, "All events of this object"), NULL);
	buf_free(&href);
	html_close(h, "td");
	html_open(h, "td", NULL);
	event_details(r, h, e);
	html_close(h, "td");
	html_close(h, "tr");
}

static const char *
page_link(struct request *r, const struct audit_params *p, long page)
{
	return arena_printf(&r->arena, "/admin/protokoll?%s&seite=%ld", filter_query(r, p), page);
}

static void
pager(struct request *r, struct html *h, const struct audit_params *p, size_t total)
{
	if (total <= EVENTS_PER_PAGE)
		return;
	long pages = (long)((total + EVENTS_PER_PAGE - 1) / EVENTS_PER_PAGE);
	html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Pages"), NULL);
	html_open(h, "ul", NULL);
	if (p->page > 1) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Newer"), "rel", "prev", "href",
		          page_link(r, p, p->page - 1), NULL);
		html_close(h, "li");
	}
	html_elem(h, "li",
	          arena_printf(&r->arena, tr(r, "Page %ld of %ld"),
	                       p->page < pages ? p->page : pages, pages),
	          "aria-current", "page", NULL);
	if (p->page < pages) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Older"), "rel", "next", "href",
		          page_link(r, p, p->page + 1), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

void
page_audit(struct request *r)
{
	struct store *s = r->store;
	struct audit_params p;
	read_params(r, &p);
	struct html *h = layout_begin(r, tr(r, "Audit log"));
	chain_state(r, h, s);
	filter_form(r, h, s, &p);
	if (p.from_error || p.until_error) {
		/* The form keeps what was typed; nothing is listed for a filter that is none. */
		r->resp.status = 400;
		layout_end(r, h);
		return;
	}
	size_t total = 0;
	struct audit_event *ev = arena_alloc(&r->arena, EVENTS_PER_PAGE * sizeof *ev);
	size_t n = audit_list(s, &r->arena, &p.f, ev, EVENTS_PER_PAGE,
	                      (size_t)(p.page - 1) * EVENTS_PER_PAGE, &total);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download this selection as CSV"), "href",
	          arena_printf(&r->arena, "/admin/protokoll.csv?%s", filter_query(r, &p)), "class",
	          "btn btn-secondary", NULL);
	html_close(h, "p");
	const char *heads[] = {tr(r, "No."), tr(r, "Time (Berlin)"), tr(r, "Event"),
	                       tr(r, "Object"), tr(r, "Details")};
	widget_table_begin(
	    h, arena_printf(&r->arena, trn(r, "%zu event", "%zu events", (long)total), total),
	    heads, 5);
	for (size_t i = 0; i < n; i++)
		event_row(r, h, s, &ev[i]);
	widget_table_end(h);
	pager(r, h, &p, total);
	layout_end(r, h);
}

/* ---- CSV ---- */

static const struct table_column csv_columns[] = {
    {N_("No."), TABLE_NUMBER, 8},       {N_("Time (Berlin)"), TABLE_TEXT, 18},
    {N_("Time (UTC)"), TABLE_TEXT, 22}, {N_("Person"), TABLE_TEXT, 24},
    {N_("Event"), TABLE_TEXT, 60},      {N_("Kind"), TABLE_TEXT, 22},
    {N_("Object"), TABLE_TEXT, 18},     {N_("Data"), TABLE_TEXT, 40},
    {N_("Hash"), TABLE_TEXT, 66},
};
#define CSV_COLS (sizeof csv_columns / sizeof csv_columns[0])

static void
csv_row(struct request *r, struct store *s, struct table *t, const struct audit_event *e)
{
	char when[40], iso[40];
	/* ISO-like in both languages: a spreadsheet sorts it. */
	time_format_berlin(when, sizeof when, e->at, false);
	time_format_rfc3339(iso, sizeof iso, e->at);
	struct event_words w;
	event_words(r, s, e, &w);
	const char **c = table_add_row(t);
	c[0] = arena_printf(&r->arena, "%lld", (long long)e->seq);
	c[1] = arena_strdup(&r->arena, when);
	c[2] = arena_strdup(&r->arena, iso);
	c[3] = w.who;
	c[4] = sentence_text(r, e, &w);
	c[5] = e->action;
	c[6] = e->object;
	c[7] = e->details;
	c[8] = e->hash;
}

void
page_audit_csv(struct request *r)
{
	struct store *s = r->store;
	struct audit_params p;
	read_params(r, &p);
	if (p.from_error || p.until_error) {
		http_error(r, 400, p.from_error ? p.from_error : p.until_error);
		return;
	}
	struct table_column *cols = arena_alloc(&r->arena, sizeof csv_columns);
	memcpy(cols, csv_columns, sizeof csv_columns);
	for (size_t i = 0; i < CSV_COLS; i++)
		cols[i].title = tr(r, csv_columns[i].title);
	struct table t;
	table_init(&t, cols, CSV_COLS);
	struct audit_event *ev = arena_alloc(&r->arena, CSV_CHUNK * sizeof *ev);
	size_t total = 0, done = 0, n;
	do {
		n = audit_list(s, &r->arena, &p.f, ev, CSV_CHUNK, done, &total);
		for (size_t i = 0; i < n; i++)
			csv_row(r, s, &t, &ev[i]);
		done += n;
	} while (n == CSV_CHUNK && done < CSV_MAX);
	if (done < total) {
		const char **c = table_add_row(&t);
		c[4] = arena_printf(&r->arena,
		                    tr(r, "Only the newest %zu of %zu events; narrow the filter "
		                          "for the rest."),
		                    done, total);
	}
	struct buf body = BUF_INIT;
	table_csv(&body, &t);
	http_set_header(r, "Content-Disposition", "attachment; filename=\"protokoll.csv\"");
	/* Confidential: never kept by a shared cache or the browser's. */
	http_set_header(r, "Cache-Control", "private, no-store");
	http_send(r, 200, "text/csv; charset=utf-8; header=present", body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

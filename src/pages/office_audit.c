/* The audit log for the coordination office: events with filters, and the chain's state. */
#include "domain/audit.h"
#include "domain/decision.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define EVENTS_PER_PAGE 50

static void
filter_form(struct request *r, struct html *h, const struct audit_filter *f)
{
	html_open(h, "form", "class", "form form-inline", "method", "get", "action",
	          "/admin/protokoll", NULL);
	html_open(h, "div", "class", "grid-2", NULL);
	const struct {
		const char *name, *label, *hint, *value;
	} fields[] = {
	    {"aktion", tr(r, "Action"), tr(r, "For example user. or session.login"), f->action},
	    {"objekt", tr(r, "Object"), tr(r, "For example user:12"), f->object},
	};
	for (size_t i = 0; i < 2; i++) {
		const char *id = arena_printf(&r->arena, "f-%s", fields[i].name);
		html_open(h, "div", "class", "field", NULL);
		html_elem(h, "label", fields[i].label, "for", id, NULL);
		html_elem(h, "p", fields[i].hint, "class", "hint", "id",
		          arena_printf(&r->arena, "%s-hint", id), NULL);
		html_void(h, "input", "type", "text", "id", id, "name", fields[i].name, "value",
		          fields[i].value, "aria-describedby",
		          arena_printf(&r->arena, "%s-hint", id), NULL);
		html_close(h, "div");
	}
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

static void
event_row(struct request *r, struct html *h, const struct audit_event *e)
{
	char when[40];
	time_format_berlin(when, sizeof when, e->at, r->lang == LANG_DE);
	html_open(h, "tr", NULL);
	html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)e->seq), NULL);
	html_elem(h, "td", when, NULL);
	html_elem(h, "td", e->actor_id ? e->actor_name : tr(r, "System"), NULL);
	html_open(h, "td", NULL);
	html_elem(h, "code", e->action, NULL);
	html_close(h, "td");
	html_open(h, "td", NULL);
	struct buf href = BUF_INIT;
	buf_puts(&href, "/admin/protokoll?objekt=");
	url_encode(&href, e->object);
	html_elem(h, "a", e->object, "href", buf_str(&href), NULL);
	buf_free(&href);
	html_close(h, "td");
	html_open(h, "td", NULL);
	html_elem(h, "code", e->details, NULL);
	html_close(h, "td");
	html_close(h, "tr");
}

static const char *
page_link(struct request *r, const struct audit_filter *f, long page)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/admin/protokoll?aktion=");
	url_encode(&b, f->action);
	buf_puts(&b, "&objekt=");
	url_encode(&b, f->object);
	buf_printf(&b, "&seite=%ld", page);
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
pager(struct request *r, struct html *h, const struct audit_filter *f, long page, size_t total)
{
	if (total <= EVENTS_PER_PAGE)
		return;
	html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Pages"), NULL);
	html_open(h, "ul", NULL);
	if (page > 1) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Newer"), "rel", "prev", "href", page_link(r, f, page - 1),
		          NULL);
		html_close(h, "li");
	}
	if ((size_t)page * EVENTS_PER_PAGE < total) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, "Older"), "rel", "next", "href", page_link(r, f, page + 1),
		          NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
}

void
page_audit(struct request *r)
{
	struct store *s = r->store;
	struct audit_filter f = {http_query(r, "aktion"), http_query(r, "objekt"), 0};
	if (!f.action)
		f.action = "";
	if (!f.object)
		f.object = "";
	const char *p = http_query(r, "seite");
	long page = p ? strtol(p, NULL, 10) : 1;
	if (page < 1 || page > 1000000)
		page = 1;
	size_t total = 0;
	struct audit_event *ev = arena_alloc(&r->arena, EVENTS_PER_PAGE * sizeof *ev);
	size_t n = audit_list(s, &r->arena, &f, ev, EVENTS_PER_PAGE,
	                      (size_t)(page - 1) * EVENTS_PER_PAGE, &total);

	struct html *h = layout_begin(r, tr(r, "Audit log"));
	chain_state(r, h, s);
	filter_form(r, h, &f);
	const char *heads[] = {tr(r, "No."),    tr(r, "Time"),   tr(r, "Who"),
	                       tr(r, "Action"), tr(r, "Object"), tr(r, "Details")};
	widget_table_begin(
	    h, arena_printf(&r->arena, trn(r, "%zu event", "%zu events", (long)total), total),
	    heads, 6);
	for (size_t i = 0; i < n; i++)
		event_row(r, h, &ev[i]);
	widget_table_end(h);
	pager(r, h, &f, page, total);
	layout_end(r, h);
}

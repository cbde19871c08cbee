/* Helpers shared by the coordination office's pages. */
#include "pages/view_office.h"
#include "domain/access.h"
#include "html/layout.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

static bool
parse_id(const char *s, int64_t *id)
{
	if (!s || !*s)
		return false;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return false;
	*id = v;
	return true;
}

bool
office_param_id(struct request *r, int idx, int64_t *id)
{
	return parse_id(r->params[idx], id);
}

bool
office_load_call(struct request *r, struct store *s, int idx, struct call *c)
{
	int64_t id;
	if (!office_param_id(r, idx, &id) || !call_find(s, &r->arena, id, c)) {
		http_error(r, 404, N_("There is no such call."));
		return false;
	}
	return true;
}

bool
office_load_proposal(struct request *r, struct store *s, int idx, struct proposal *p,
                     struct call *c)
{
	int64_t id;
	/* A conflicted office member gets the same 404 as for a wrong id (access.c). */
	if (!office_param_id(r, idx, &id) || !proposal_find(s, &r->arena, id, p) ||
	    !call_find(s, &r->arena, p->call_id, c) ||
	    access_may_read_proposal(s, r->user, p) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no such proposal."));
		return false;
	}
	return true;
}

const char *
office_call_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/ausschreibungen/%lld%s", (long long)id, rest);
}

int64_t
office_query_id(struct request *r, const char *key)
{
	int64_t id = 0;
	return parse_id(http_query(r, key), &id) ? id : 0;
}

const char *
office_when(struct request *r, int64_t utc)
{
	if (!utc)
		return "–";
	char out[40];
	time_format_berlin(out, sizeof out, utc, r->lang == LANG_DE);
	return arena_strdup(&r->arena, out);
}

const char *
office_input_time(struct request *r, int64_t utc)
{
	if (!utc)
		return "";
	char out[40];
	time_format_local_input(out, sizeof out, utc);
	return arena_strdup(&r->arena, out);
}

/* Two counted parts of a span ("35 days and 3 hours"), the second left out when it is
 * zero; `in` takes the forms that follow "in" (German: "in 35 Tagen", dative). */
static const char *
span_words(struct request *r, int64_t seconds, bool in)
{
	long days = (long)(seconds / 86400), hours = (long)(seconds % 86400 / 3600),
	     minutes = (long)(seconds % 3600 / 60);
	if (seconds < 60)
		return in ? tr(r, "in less than a minute") : tr(r, "less than a minute");
	const char *big, *small = NULL;
	if (days > 0) {
		big = in ? arena_printf(&r->arena, trn(r, "in %ld day", "in %ld days", days), days)
		         : arena_printf(&r->arena, trn(r, "%ld day", "%ld days", days), days);
		if (hours)
			small =
			    arena_printf(&r->arena, trn(r, "%ld hour", "%ld hours", hours), hours);
	} else if (hours > 0) {
		big = in ? arena_printf(&r->arena, trn(r, "in %ld hour", "in %ld hours", hours),
		                        hours)
		         : arena_printf(&r->arena, trn(r, "%ld hour", "%ld hours", hours), hours);
		if (minutes)
			small = arena_printf(&r->arena,
			                     trn(r, "%ld minute", "%ld minutes", minutes), minutes);
	} else {
		big = in ? arena_printf(&r->arena,
		                        trn(r, "in %ld minute", "in %ld minutes", minutes), minutes)
		         : arena_printf(&r->arena, trn(r, "%ld minute", "%ld minutes", minutes),
		                        minutes);
	}
	return small ? arena_printf(&r->arena, tr(r, "%s and %s"), big, small) : big;
}

const char *
office_span(struct request *r, int64_t seconds)
{
	return span_words(r, seconds, false);
}

const char *
office_span_in(struct request *r, int64_t seconds)
{
	return span_words(r, seconds, true);
}

const char *
office_phase_badge(enum call_phase p)
{
	static const char *const cls[] = {"badge badge-draft", "badge badge-submitted",
	                                  "badge badge-review", "badge badge-review",
	                                  "badge badge-neutral"};
	return cls[p];
}

const char *
office_state_badge(enum proposal_state st)
{
	switch (st) {
	case PS_DRAFT:
		return "badge badge-draft";
	case PS_SUBMITTED:
	case PS_RESUBMITTED:
		return "badge badge-submitted";
	case PS_RETURNED:
	case PS_IN_REVIEW:
	case PS_DEFERRED:
		return "badge badge-review";
	case PS_ELIGIBLE:
	case PS_SELECTED:
		return "badge badge-selected";
	case PS_INELIGIBLE:
	case PS_NOT_SELECTED:
		return "badge badge-rejected";
	case PS_PUBLISHED:
		return "badge badge-published";
	default:
		return "badge badge-neutral";
	}
}

void
office_phase_tag(struct request *r, struct html *h, enum call_phase p)
{
	html_elem(h, "span", tr(r, call_phase_label(p)), "class", office_phase_badge(p), NULL);
}

void
office_state_tag(struct request *r, struct html *h, enum proposal_state st)
{
	html_elem(h, "span", tr(r, proposal_state_label(st)), "class", office_state_badge(st),
	          NULL);
}

struct html *
office_begin(struct request *r, const char *title, const char *const *items)
{
	struct html *h = layout_begin_bare(r, title);
	html_open(h, "nav", "class", "breadcrumbs", "aria-label", tr(r, "You are here"), NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; items && items[i]; i += 2) {
		html_open(h, "li", NULL);
		html_elem(h, "a", items[i + 1], "href", items[i], NULL);
		html_close(h, "li");
	}
	html_elem(h, "li", title, "aria-current", "page", NULL);
	html_close(h, "ol");
	html_close(h, "nav");
	html_elem(h, "h1", title, NULL);
	return h;
}

/* Whether the tab's address is the page asked for, or the page lies under it. */
static bool
tab_current(const struct request *r, const char *href)
{
	size_t n = strlen(href);
	return strncmp(r->path, href, n) == 0 && (r->path[n] == '\0' || r->path[n] == '/');
}

struct html *
office_call_begin(struct request *r, const struct call *c, const char *title, const char *label,
                  const char *links[][2], size_t n)
{
	const char *crumbs[] = {"/admin/ausschreibungen", tr(r, "Calls"),
	                        office_call_href(r, c->id, ""), c->title, NULL};
	struct html *h = office_begin(r, title, crumbs);
	/* A tab bar: one row of links, the current page marked for everyone (aria-current). */
	html_open(h, "nav", "class", "tabs", "aria-label", label, NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		const char *href = office_call_href(r, c->id, links[i][0]);
		html_open(h, "li", NULL);
		html_elem(h, "a", links[i][1], "href", href, "aria-current",
		          tab_current(r, href) ? "page" : NULL, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
	return h;
}

void
office_plain_text(struct html *h, const char *text)
{
	if (!*text) {
		html_elem(h, "p", "–", "class", "muted", NULL);
		return;
	}
	const char *p = text;
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		const char *crlf = strstr(p, "\r\n\r\n");
		if (crlf && (!end || crlf < end))
			end = crlf;
		if (!end)
			end = p + strlen(p);
		html_open(h, "p", NULL);
		const char *line = p;
		while (line < end) {
			const char *nl = memchr(line, '\n', (size_t)(end - line));
			const char *stop = nl ? nl : end;
			size_t n = (size_t)(stop - line);
			if (n && line[n - 1] == '\r')
				n--;
			if (line != p)
				html_void(h, "br", NULL);
			html_textn(h, line, n);
			line = nl ? nl + 1 : end;
		}
		html_close(h, "p");
		p = end;
	}
}

void
office_long_text(struct request *r, struct html *h, const char *text)
{
	if (!text || !*text) {
		html_elem(h, "p", "–", "class", "muted", NULL);
		return;
	}
	/* What people wrote here is German, also on an English page (WCAG 3.1.2). */
	html_open(h, "div", "class", "prose", "lang", layout_de(r), NULL);
	html_markdown(h, text);
	html_close(h, "div");
}

/* Small helpers shared by the coordination office's pages (calls, proposals, reference
 * data): ids from the path, Berlin times, badges, breadcrumbs, long texts. */
#ifndef PAGES_VIEW_OFFICE_H
#define PAGES_VIEW_OFFICE_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/call.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/request.h"

struct store;

/* "/admin/ausschreibungen/ID" followed by rest ("" or "/sitzung" …): a call's office pages. */
const char *office_call_href(struct request *r, int64_t id, const char *rest);

/* The positive id in path parameter idx; false (and nothing sent) when it is not one. */
bool office_param_id(struct request *r, int idx, int64_t *id);
/* The call of path parameter idx, or a 404 page and false. */
bool office_load_call(struct request *r, struct store *s, int idx, struct call *c);
/* The proposal of path parameter idx and the call it belongs to, or a 404 page and false
 * (also when the person may not read it: access_may_read_proposal, e.g. conflicted). */
bool office_load_proposal(struct request *r, struct store *s, int idx, struct proposal *p,
                          struct call *c);

/* "24.11.2026, 14:05" (German) or "2026-11-24 14:05" in Berlin time; "–" for 0. */
const char *office_when(struct request *r, int64_t utc);
/* "2026-11-24T14:05" for a datetime-local input; "" for 0. */
const char *office_input_time(struct request *r, int64_t utc);
/* "3 days and 4 hours" (translated) for a positive span of seconds. */
const char *office_span(struct request *r, int64_t seconds);
/* The same after "in": "in 35 days and 3 hours", "in 1 day" (German "in 35 Tagen und
 * 3 Stunden", "in 1 Tag"). In the request's arena. */
const char *office_span_in(struct request *r, int64_t seconds);

/* The badge classes for a call phase and a proposal state. */
const char *office_phase_badge(enum call_phase p);
const char *office_state_badge(enum proposal_state st);
void office_phase_tag(struct request *r, struct html *h, enum call_phase p);
void office_state_tag(struct request *r, struct html *h, enum proposal_state st);

/* Starts a page with breadcrumbs: items are href/label pairs ending in NULL (labels
 * translated); the page title itself is the last, current crumb and the <h1>. Returns the
 * page's writer (layout_begin). */
struct html *office_begin(struct request *r, const char *title, const char *const *items);
/* Starts a page of call c's work: office_begin with breadcrumbs up to the call, then a
 * <nav> named label of n buttons, links[i] = {path below the call, translated text}. */
struct html *office_call_begin(struct request *r, const struct call *c, const char *title,
                               const char *label, const char *links[][2], size_t n);

/* A long text: Markdown through the writer (html_markdown). "–" for an empty text. */
void office_long_text(struct request *r, struct html *h, const char *text);
/* Text as typed: paragraphs at blank lines, line breaks kept, everything escaped (for
 * comparing versions, where the source matters more than its rendering). */
void office_plain_text(struct html *h, const char *text);

/* Query parameter as a positive id, 0 when absent or not a number. */
int64_t office_query_id(struct request *r, const char *key);

#endif

/* /feed.atom and /feed.rss: the newest published practices of any catalog selection. */
#include "export/feed.h"
#include "pages/open_data.h"
#include "pages/view_selection.h"
#include "util/timeutil.h"

#include <string.h>

#define FEED_ENTRIES 50

/* The authority of the base URL without scheme, port or path, for tag: URIs (RFC 4151). */
static const char *
tag_authority(struct request *r)
{
	const char *base = http_absolute_url(r, "/");
	const char *host = strstr(base, "://");
	host = host ? host + 3 : base;
	size_t n = strcspn(host, ":/[]");
	return n ? arena_strndup(&r->arena, host, n) : "localhost";
}

/* "tag:gp.example.org,2026-03-01:praxis/42": stable even if the base URL's scheme or port
 * changes, and never reused, as ids are not. */
static const char *
entry_id(struct request *r, const char *authority, const struct practice_hit *h)
{
	char date[40];
	time_format_rfc3339(date, sizeof date, h->published_at ? h->published_at : h->updated_at);
	date[10] = '\0';
	return arena_printf(&r->arena, "tag:%s,%s:praxis/%lld", authority, date, (long long)h->id);
}

static const char *
with_query(struct request *r, const char *path, const char *query)
{
	return http_absolute_url(r, *query ? arena_printf(&r->arena, "%s?%s", path, query) : path);
}

static void
serve(struct request *r, bool atom)
{
	const char *type =
	    atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8";
	struct practice_query q = {0};
	const char *problem = NULL;
	if (!selection_parse(r, &q, &problem)) {
		http_error(r, 400, problem);
		return;
	}
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	if (selection_fresh(r, atom ? "atom" : "rss")) {
		http_send(r, 200, type, "", 0);
		return;
	}
	/* A feed is about what is new, whatever order the catalog link asked for. */
	q.sort = PRACTICE_SORT_NEWEST;
	q.page = 1;
	q.per_page = FEED_ENTRIES;
	struct practice_result res;
	memset(&res, 0, sizeof res);
	if (practice_search(r->store, &r->arena, &q, &res) != PRACTICE_OK) {
		http_fail_with(r, N_("The catalog could not be read."));
		return;
	}
	const char *authority = tag_authority(r);
	struct feed_entry *entries = arena_calloc(&r->arena, (res.nhits + 1) * sizeof *entries);
	for (size_t i = 0; i < res.nhits; i++) {
		const struct practice_hit *h = &res.hits[i];
		struct feed_entry *e = &entries[i];
		e->id = entry_id(r, authority, h);
		e->title = h->title;
		e->link = selection_practice_url(r, h->slug);
		e->summary = h->teaser;
		e->published = h->published_at;
		e->updated = h->updated_at;
		const char **cats = arena_alloc(&r->arena, 2 * sizeof *cats);
		if (h->art.id)
			cats[e->ncategories++] = term_label(&h->art, r->lang);
		/* The yearly check (#12): still listed, marked as such in title and category. */
		if (!h->in_use) {
			const char *ended = tr(r, "No longer in use");
			cats[e->ncategories++] = ended;
			e->title = arena_printf(&r->arena, "%s (%s)", h->title, ended);
		}
		e->categories = e->ncategories ? cats : NULL;
	}
	const char *query = selection_query_string(r, &q, false);
	const char *title = tr(r, "Good practices");
	if (*query)
		title = arena_printf(&r->arena, "%s (%s)", title, tr(r, "selection"));
	struct feed f = {
	    .id = with_query(r, atom ? "/feed.atom" : "/feed.rss", query),
	    .title = arena_printf(&r->arena, "%s – Leuchtturm", title),
	    .subtitle = tr(r, "New and updated good practices, ready for transfer."),
	    .link = with_query(r, "/praxis", query),
	    .self = with_query(r, atom ? "/feed.atom" : "/feed.rss", query),
	    .author = "Leuchtturm",
	    .lang = i18n_code(r->lang),
	    .fallback_updated = r->resp.last_modified ? r->resp.last_modified : 1,
	    .entries = entries,
	    .nentries = res.nhits,
	};
	struct buf body = BUF_INIT;
	if (atom)
		feed_atom(&body, &f);
	else
		feed_rss(&body, &f);
	http_send(r, 200, type, body.data, body.len);
	buf_free(&body);
}

void
page_feed_atom(struct request *r)
{
	serve(r, true);
}

void
page_feed_rss(struct request *r)
{
	serve(r, false);
}

/* What the catalog's pages share: its URL parameters read into a practice query and
 * written back, dates as the page's language writes them, a hit's snippet. */
#include "pages/view_catalog.h"
#include "domain/yearly_check.h"
#include "html/cache.h"
#include "html/layout.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGE 100000

static const char *const sort_params[PRACTICE_SORT_COUNT] = {[PRACTICE_SORT_NEWEST] = "neu",
                                                             [PRACTICE_SORT_RELEVANCE] = "relevanz",
                                                             [PRACTICE_SORT_TITLE] = "titel",
                                                             [PRACTICE_SORT_ADOPTED] =
                                                                 "uebernahmen"};

enum practice_sort
catalog_default_sort(const struct practice_query *q)
{
	return q->text && q->text[0] ? PRACTICE_SORT_RELEVANCE : PRACTICE_SORT_NEWEST;
}

static bool
parse_page(const char *v, int64_t *page)
{
	size_t n = strlen(v);
	if (n == 0 || n > 6 || strspn(v, "0123456789") != n)
		return false;
	*page = atoll(v);
	return *page >= 1 && *page <= MAX_PAGE;
}

bool
catalog_query_parse(struct request *r, struct practice_query *q, const char **reason)
{
	memset(q, 0, sizeof *q);
	q->page = 1;
	bool sort_given = false, page_given = false;
	for (size_t i = 0; i < r->query.n; i++) {
		const struct kv *kv = &r->query.items[i];
		if (!kv->value[0])
			continue;
		if (strcmp(kv->key, "q") == 0) {
			if (!q->text)
				q->text = kv->value;
		} else if (strcmp(kv->key, "sort") == 0) {
			for (int s = 0; s < PRACTICE_SORT_COUNT && !sort_given; s++) {
				if (strcmp(kv->value, sort_params[s]) == 0) {
					q->sort = (enum practice_sort)s;
					sort_given = true;
				}
			}
		} else if (strcmp(kv->key, "seite") == 0) {
			if (!page_given && !parse_page(kv->value, &q->page)) {
				*reason =
				    N_("The page number must be a whole number from 1 to 100000.");
				return false;
			}
			page_given = true;
		} else if (strcmp(kv->key, CATALOG_CONFIRMED_PARAM) == 0) {
			q->confirmed_recent |= strcmp(kv->value, "1") == 0;
		} else {
			for (int f = 0; f < PF_COUNT; f++) {
				if (strcmp(kv->key, practice_facets[f].param) != 0)
					continue;
				bool dup = false;
				for (size_t j = 0; j < q->nvalues[f]; j++)
					dup |= strcmp(q->values[f][j], kv->value) == 0;
				if (!dup && q->nvalues[f] < PRACTICE_MAX_VALUES)
					q->values[f][q->nvalues[f]++] = kv->value;
			}
		}
	}
	if (!sort_given)
		q->sort = catalog_default_sort(q);
	return true;
}

static void
add_param(struct buf *b, const char *key, const char *value)
{
	if (b->len)
		buf_putc(b, '&');
	buf_puts(b, key);
	buf_putc(b, '=');
	url_encode(b, value);
}

const char *
catalog_query_string(struct request *r, const struct practice_query *q, bool with_sort,
                     int64_t page)
{
	struct buf b = BUF_INIT;
	if (q->text && q->text[0])
		add_param(&b, "q", q->text);
	for (int f = 0; f < PF_COUNT; f++)
		for (size_t j = 0; j < q->nvalues[f]; j++)
			add_param(&b, practice_facets[f].param, q->values[f][j]);
	if (q->confirmed_recent)
		add_param(&b, CATALOG_CONFIRMED_PARAM, "1");
	if (with_sort && q->sort != catalog_default_sort(q))
		add_param(&b, "sort", sort_params[q->sort]);
	if (page > 1) {
		char n[24];
		snprintf(n, sizeof n, "%lld", (long long)page);
		add_param(&b, "seite", n);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

const char *
catalog_date(struct request *r, int64_t utc)
{
	char when[64];
	time_format_berlin(when, sizeof when, utc, r->lang == LANG_DE);
	when[10] = '\0'; /* the date part of "24.11.2026, 14:05" or "2026-11-24 14:05" */
	return arena_strdup(&r->arena, when);
}

void
catalog_intro(struct request *r, struct html *h, const char *title)
{
	html_elem(h, "h1", title, NULL);
	html_elem(h, "p",
	          tr(r, "Tested products, instruments, concepts, measures and event formats of the "
	                "IQ programme, with the experience of those who developed them and what a "
	                "transfer takes."),
	          "class", "lead", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Collections for your audience"), "href", "/sammlungen", NULL);
	html_close(h, "p");
}

void
catalog_snippet(struct html *h, const char *text)
{
	struct buf run = BUF_INIT;
	bool space = false, any = false, in_mark = false;
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (c == '\x01' || c == '\x02') {
			if (space && any)
				buf_putc(&run, ' ');
			space = false;
			html_textn(h, buf_str(&run), run.len);
			buf_reset(&run);
			if (c == '\x01' && !in_mark)
				html_open(h, "mark", NULL);
			else if (c == '\x02' && in_mark)
				html_close(h, "mark");
			in_mark = c == '\x01';
			continue;
		}
		/* Markdown's marks say nothing in a one-line extract. */
		if (c == '*' || c == '#' || c == '`' || c == '_' || c == '>')
			continue;
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			space = true;
			continue;
		}
		if (space && any)
			buf_putc(&run, ' ');
		space = false;
		any = true;
		buf_putc(&run, c);
	}
	html_textn(h, buf_str(&run), run.len);
	if (in_mark)
		html_close(h, "mark");
	buf_free(&run);
}

/* ---- the page ---- */

/* ---- rendered pages for anonymous visitors (kept in html/cache) ---- */

/* The catalog and detail pages are the same for every anonymous visitor until the
 * catalog changes, so the rendered bytes are kept, keyed by the ETag (which covers the
 * catalog's generation, the program, the language), the path and the query. Pages for a
 * logged-in person (navigation, a CSRF token) or with a one-time notice are never kept. */
static bool
cacheable(const struct request *r)
{
	return !r->user && !r->notice;
}

/* The selection as understood, not as typed: unknown parameters, their order or a
 * redundant page=1 must neither miss the cache nor push real pages out of it. */
static const char *
page_key(struct request *r, const char *selection)
{
	return arena_printf(&r->arena, "%s\n%s\n%s\n%s", r->resp.etag, i18n_code(r->lang), r->path,
	                    selection);
}

/* The headers layout_end gives a page for an anonymous visitor. */
static void
page_headers(struct request *r)
{
	r->resp.status = 200;
	r->resp.content_type = "text/html; charset=utf-8";
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
}

static bool
serve_kept(struct request *r, const char *selection)
{
	if (!cache_page_send(r, page_key(r, selection)))
		return false;
	page_headers(r);
	return true;
}

void
catalog_cache_keep(struct request *r, const char *selection)
{
	if (cacheable(r) && r->resp.etag && r->resp.status == 200)
		cache_page_put(page_key(r, selection), http_body(r));
}

uint64_t
catalog_stamp(struct request *r, int64_t *last_change)
{
	int64_t generation, changed;
	practice_catalog_state(r->store, &generation, &changed);
	/* Everything a catalog page depends on but its address: the data, the language, and
	 * the program (a new release may write other HTML). */
	uint64_t h = STR_HASH_SEED;
	h = str_hash(h, LEUCHTTURM_VERSION, strlen(LEUCHTTURM_VERSION));
	h = str_hash(h, i18n_code(r->lang), 2);
	h = str_hash(h, &changed, sizeof changed);
	h = str_hash(h, &generation, sizeof generation);
	/* The filter "confirmed in the last 12 months" and its count change when a confirmation
	 * grows older than that, with no change to the data: the moment it next happens is
	 * part of the key, so the page kept until then is made anew from then on. */
	int64_t boundary = yearly_check_confirmed_boundary(r->store, time_now());
	h = str_hash(h, &boundary, sizeof boundary);
	if (last_change)
		*last_change = changed;
	return h;
}

bool
catalog_cache(struct request *r, const char *selection)
{
	return catalog_cache_stamped(r, selection, NULL);
}

bool
catalog_cache_stamped(struct request *r, const char *selection, uint64_t *stamp)
{
	/* A logged-in person's page has their navigation and token: not for caches. */
	if (!cacheable(r)) {
		if (stamp)
			*stamp = catalog_stamp(r, NULL);
		return false;
	}
	int64_t changed;
	uint64_t h = catalog_stamp(r, &changed);
	if (stamp)
		*stamp = h;
	h = str_hash(h, r->path, strlen(r->path) + 1);
	h = str_hash(h, selection, strlen(selection) + 1);
	/* Weak: the gzip'd and the plain body are the same page. */
	const char *etag = arena_printf(&r->arena, "W/\"%016llx\"", (unsigned long long)h);
	r->resp.etag = etag;
	r->resp.last_modified = changed > 0 ? changed : 1;
	bool fresh = http_not_modified(r);
	if (fresh) {
		/* The server turns this empty 200 into 304 Not Modified (it compares the same
		 * validators); the headers are those of the full answer. */
		page_headers(r);
		return true;
	}
	return serve_kept(r, selection);
}

/* Set once, before the export's in-process server starts; never on a live server. */
static bool static_on;
static const char *static_live;

void
catalog_static_configure(const char *live_url)
{
	static_on = true;
	static_live = live_url && live_url[0] ? live_url : NULL;
}

bool
catalog_static_site(void)
{
	return static_on;
}

const char *
catalog_static_live(void)
{
	return static_live;
}

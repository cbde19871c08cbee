/* /sitemap.xml: the public pages and every published practice with its last change. */
#include "export/feed.h"
#include "pages/open_data.h"
#include "pages/view_selection.h"
#include "store/store.h"
#include "domain/collection.h"
#include "util/timeutil.h"

/* The sitemap protocol allows 50,000 addresses per file. */
#define SITEMAP_MAX 50000
#define CHUNK 1000

static void
url_entry(struct buf *b, const char *loc, int64_t lastmod)
{
	buf_puts(b, "\t<url>\n\t\t<loc>");
	feed_xml_escape(b, loc);
	buf_puts(b, "</loc>\n");
	if (lastmod) {
		char when[40];
		time_format_rfc3339(when, sizeof when, lastmod);
		buf_printf(b, "\t\t<lastmod>%s</lastmod>\n", when);
	}
	buf_puts(b, "\t</url>\n");
}

void
page_sitemap(struct request *r)
{
	static const char type[] = "application/xml; charset=utf-8";
	http_set_header(r, "Cache-Control", "no-cache");
	if (selection_fresh(r, "sitemap")) {
		http_send(r, 200, type, "", 0);
		return;
	}
	struct store *s = r->store;
	struct buf b = BUF_INIT;
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	             "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	/* The catalog changes with every practice; the other pages with a release. */
	url_entry(&b, http_absolute_url(r, "/"), 0);
	url_entry(&b, http_absolute_url(r, "/praxis"), r->resp.last_modified);
	url_entry(&b, http_absolute_url(r, "/ueber"), 0);
	struct practice_row *rows = arena_alloc(&r->arena, CHUNK * sizeof *rows);
	size_t offset = 0, total = 0;
	do {
		size_t n = practice_admin_list(s, &r->arena, PRACTICE_PUBLISHED, rows, CHUNK,
		                               offset, &total);
		for (size_t i = 0; i < n && offset + i < SITEMAP_MAX - 3; i++)
			url_entry(&b, selection_practice_url(r, rows[i].slug), rows[i].updated_at);
		if (n == 0)
			break;
		offset += n;
	} while (offset < total && offset < SITEMAP_MAX - 3);
	/* The published collections (issue 12), within the protocol's limit. */
	struct collection_row *cols = arena_alloc(&r->arena, CHUNK * sizeof *cols);
	size_t ncols = collection_list(s, &r->arena, true, cols, CHUNK);
	if (ncols)
		url_entry(&b, http_absolute_url(r, "/sammlungen"), 0);
	for (size_t i = 0; i < ncols && offset + 4 + i < SITEMAP_MAX; i++)
		url_entry(
		    &b, http_absolute_url(r, arena_printf(&r->arena, "/sammlung/%s", cols[i].slug)),
		    cols[i].updated_at);
	buf_puts(&b, "</urlset>\n");
	http_send(r, 200, type, b.data, b.len);
	buf_free(&b);
}

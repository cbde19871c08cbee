/* The public collections: /sammlungen, /sammlung/SLUG with its Atom feed, the JSON API
 * (/api/v1/collections[/SLUG]) and the practice page's links. Published collections only,
 * and of them only the published practices. */
#include "domain/yearly_check.h"
#include "domain/collection.h"
#include "export/brochure_pdf.h"
#include "export/feed.h"
#include "export/json.h"
#include "html/cache.h"
#include "html/layout.h"
#include "pages/collection_pages.h"
#include "pages/view_catalog.h"
#include "pages/view_selection.h"
#include "util/timeutil.h"

#include <string.h>

#define LIST_MAX 500
#define LINKS_MAX 20

static const char *
collection_path(struct request *r, const char *slug, const char *ext)
{
	return arena_printf(&r->arena, "/sammlung/%s%s", slug, ext);
}

void
collection_render(struct request *r, struct html *h, const struct collection *c)
{
	html_open(h, "header", NULL);
	html_elem(h, "h1", c->title, "lang", layout_de(r), NULL);
	if (c->naudience) {
		html_open(h, "p", NULL);
		html_textf(h, "%s: ", tr(r, "For"));
		for (size_t i = 0; i < c->naudience; i++) {
			if (i)
				html_text(h, ", ");
			html_elem(h, "span", term_label(&c->audience[i], r->lang), "lang",
			          term_lang(&c->audience[i], r->lang), NULL);
		}
		html_close(h, "p");
	}
	html_close(h, "header");
	if (c->intro[0]) {
		html_open(h, "div", "class", "prose", "lang", layout_de(r), NULL);
		html_markdown_below(h, c->intro, 1);
		html_close(h, "div");
	}
	size_t n = collection_public_count(c);
	html_elem(
	    h, "h2",
	    arena_printf(&r->arena, trn(r, "%zu good practice", "%zu good practices", (long)n), n),
	    NULL);
	html_open(h, "ol", "class", "collection-items", NULL);
	for (size_t i = 0; i < c->nitems; i++) {
		const struct collection_item *it = &c->items[i];
		if (it->status != PRACTICE_PUBLISHED)
			continue;
		html_open(h, "li", NULL);
		html_open(h, "h3", NULL);
		html_elem(h, "a", it->title, "href",
		          arena_printf(&r->arena, "/praxis/%s", it->slug), "lang", layout_de(r),
		          NULL);
		html_close(h, "h3");
		if (it->note[0])
			html_elem(h, "p", it->note, "class", "collection-note", "lang",
			          layout_de(r), NULL);
		if (it->teaser[0])
			html_elem(h, "p", it->teaser, "lang", layout_de(r), NULL);
		html_close(h, "li");
	}
	html_close(h, "ol");
	/* The brochure exists once the collection is public (not in the office's preview). */
	if (c->published && collection_public_count(c)) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "The whole collection as a brochure (PDF)"), "href",
		          collection_path(r, c->slug, ".pdf"), "type", "application/pdf", NULL);
		html_close(h, "p");
	}
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Feed of this collection (Atom)"), "href",
	          collection_path(r, c->slug, ".atom"), "type", "application/atom+xml", NULL);
	html_close(h, "p");
}

void
page_collections(struct request *r)
{
	struct collection_row *rows = arena_alloc(&r->arena, LIST_MAX * sizeof *rows);
	size_t n = collection_list(r->store, &r->arena, true, rows, LIST_MAX);
	struct html *h = layout_begin(r, tr(r, "Collections"));
	html_elem(h, "p",
	          tr(r, "Good practices brought together by the coordination office for one "
	                "audience, each with a short note."),
	          NULL);
	if (!n)
		html_elem(h, "p", tr(r, "There are no published collections yet."), NULL);
	html_open(h, "ul", "class", "link-list", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", rows[i].title, "href", collection_path(r, rows[i].slug, ""),
		          "lang", layout_de(r), NULL);
		html_textf(h, " (%s)",
		           arena_printf(&r->arena,
		                        trn(r, "%zu good practice", "%zu good practices",
		                            (long)rows[i].npublic),
		                        rows[i].npublic));
		html_close(h, "li");
	}
	html_close(h, "ul");
	layout_end(r, h);
}

static bool
load_public(struct request *r, struct collection *c)
{
	if (practice_slug_valid(r->params[0]) &&
	    collection_find_slug(r->store, &r->arena, r->params[0], true, c))
		return true;
	http_error(r, 404, N_("There is no published collection at this address."));
	return false;
}

void
page_collection(struct request *r)
{
	struct collection c;
	if (!load_public(r, &c))
		return;
	struct layout_meta m = {
	    .canonical = http_absolute_url(r, collection_path(r, c.slug, "")),
	    .og_type = "article",
	    .alternates = {{"application/atom+xml", c.title, collection_path(r, c.slug, ".atom")}},
	};
	struct html *h = layout_begin_meta(r, c.title, &m);
	html_open(h, "article", NULL);
	collection_render(r, h, &c);
	html_close(h, "article");
	layout_end(r, h);
}

void
page_collection_feed(struct request *r)
{
	struct collection c;
	if (!load_public(r, &c))
		return;
	struct feed_entry *entries = arena_calloc(&r->arena, (c.nitems + 1) * sizeof *entries);
	size_t n = 0;
	const char *self = http_absolute_url(r, collection_path(r, c.slug, ".atom"));
	for (size_t i = 0; i < c.nitems; i++) {
		const struct collection_item *it = &c.items[i];
		if (it->status != PRACTICE_PUBLISHED)
			continue;
		const char *link =
		    http_absolute_url(r, arena_printf(&r->arena, "/praxis/%s", it->slug));
		entries[n] = (struct feed_entry){
		    .id = link,
		    .title = it->title,
		    .link = link,
		    .summary = it->note[0] ? it->note : it->teaser,
		    .published = it->published_at,
		    .updated = it->updated_at,
		};
		/* The yearly check (#12): marked when no longer in use, as in the catalog's feed.
		 */
		int64_t confirmed;
		bool in_use;
		yearly_check_public_state(r->store, it->practice_id, &confirmed, &in_use);
		if (!in_use) {
			const char **cats = arena_alloc(&r->arena, sizeof *cats);
			cats[0] = tr(r, "No longer in use");
			entries[n].categories = cats;
			entries[n].ncategories = 1;
			entries[n].title = arena_printf(&r->arena, "%s (%s)", it->title, cats[0]);
		}
		n++;
	}
	struct feed f = {
	    .id = self,
	    .title = arena_printf(&r->arena, "%s – Leuchtturm", c.title),
	    .link = http_absolute_url(r, collection_path(r, c.slug, "")),
	    .self = self,
	    .author = "Leuchtturm",
	    .lang = i18n_code(r->lang),
	    .fallback_updated = c.updated_at,
	    .entries = entries,
	    .nentries = n,
	};
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	struct buf body = BUF_INIT;
	feed_atom(&body, &f);
	http_send(r, 200, "application/atom+xml; charset=utf-8", body.data, body.len);
	buf_free(&body);
}

void
collection_links_of_practice(struct request *r, struct html *h, int64_t practice_id)
{
	struct collection_row rows[LINKS_MAX];
	size_t n = collection_of_practice(r->store, &r->arena, practice_id, rows, LINKS_MAX);
	if (!n)
		return;
	html_open(h, "section", "aria-labelledby", "collections-heading", NULL);
	html_elem(h, "h2", tr(r, "In these collections"), "id", "collections-heading", NULL);
	html_open(h, "ul", "class", "link-list", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", rows[i].title, "href", collection_path(r, rows[i].slug, ""),
		          "lang", layout_de(r), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "section");
}

/* ---- the API ---- */

static void
send_json(struct request *r, int status, json_t *v)
{
	struct buf body = BUF_INIT;
	jsonx_dump(&body, v);
	json_decref(v);
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	http_send(r, status, "application/json", body.data, body.len);
	buf_free(&body);
}

static json_t *
row_json(struct request *r, const struct collection_row *c)
{
	json_t *o = json_object();
	jsonx_set(o, "slug", jsonx_text(c->slug));
	jsonx_set(o, "title", jsonx_text(c->title));
	jsonx_set(o, "url", jsonx_text(http_absolute_url(r, collection_path(r, c->slug, ""))));
	jsonx_set(o, "practices", json_integer((json_int_t)c->npublic));
	jsonx_set(o, "published_at", jsonx_time(c->published_at));
	jsonx_set(o, "updated_at", jsonx_time(c->updated_at));
	return o;
}

void
page_api_collections(struct request *r)
{
	struct collection_row *rows = arena_alloc(&r->arena, LIST_MAX * sizeof *rows);
	size_t n = collection_list(r->store, &r->arena, true, rows, LIST_MAX);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, row_json(r, &rows[i]));
	json_t *o = json_object();
	jsonx_set(o, "total", json_integer((json_int_t)n));
	jsonx_set(o, "items", items);
	send_json(r, 200, o);
}

void
page_api_collection(struct request *r)
{
	struct collection c;
	if (!practice_slug_valid(r->params[0]) ||
	    !collection_find_slug(r->store, &r->arena, r->params[0], true, &c)) {
		send_json(
		    r, 404,
		    jsonx_error(404, tr(r, "There is no published collection at this address.")));
		return;
	}
	struct collection_row row = {.slug = c.slug,
	                             .title = c.title,
	                             .published = true,
	                             .published_at = c.published_at,
	                             .updated_at = c.updated_at,
	                             .npublic = collection_public_count(&c)};
	json_t *o = row_json(r, &row);
	jsonx_set(o, "intro_markdown", jsonx_text(c.intro));
	json_t *aud = json_array();
	for (size_t i = 0; i < c.naudience; i++)
		json_array_append_new(aud, jsonx_text(c.audience[i].key));
	jsonx_set(o, "audience", aud);
	json_t *items = json_array();
	for (size_t i = 0; i < c.nitems; i++) {
		if (c.items[i].status != PRACTICE_PUBLISHED)
			continue;
		json_t *it = json_object();
		jsonx_set(it, "slug", jsonx_text(c.items[i].slug));
		jsonx_set(it, "title", jsonx_text(c.items[i].title));
		jsonx_set(it, "note", jsonx_text(c.items[i].note));
		jsonx_set(it, "url",
		          jsonx_text(http_absolute_url(
		              r, arena_printf(&r->arena, "/praxis/%s", c.items[i].slug))));
		jsonx_set(
		    it, "api",
		    jsonx_text(http_absolute_url(
		        r, arena_printf(&r->arena, "/api/v1/practices/%s", c.items[i].slug))));
		json_array_append_new(items, it);
	}
	jsonx_set(o, "items", items);
	send_json(r, 200, o);
}

/* ---- the brochure ---- */

void
page_collection_pdf(struct request *r)
{
	struct collection c;
	if (!load_public(r, &c))
		return;
	size_t n = collection_public_count(&c);
	if (!n) {
		http_error(r, 404, N_("This collection holds no published practice yet."));
		return;
	}
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	selection_disposition(r, false, arena_printf(&r->arena, "%s.pdf", c.slug));
	/* Revalidated with the catalog's stamp, which every change to a collection or a
	 * practice moves on: the same ETag until the data changes. */
	if (selection_fresh(r, "brochure")) {
		http_send(r, 200, "application/pdf", "", 0);
		return;
	}
	/* Made once for every visitor until the data changes: kept by that key. */
	const char *key = selection_doc_key(r);
	if (cache_doc_send(r, key, "application/pdf"))
		return;
	struct brochure_chapter *ch = arena_calloc(&r->arena, n * sizeof *ch);
	size_t k = 0;
	for (size_t i = 0; i < c.nitems && k < n; i++) {
		const struct collection_item *it = &c.items[i];
		if (it->status != PRACTICE_PUBLISHED)
			continue;
		struct practice *p = arena_calloc(&r->arena, sizeof *p);
		if (!practice_find_slug(r->store, &r->arena, it->slug, true, p))
			continue;
		ch[k].practice = p;
		ch[k].note = it->note;
		ch[k].meta = selection_pdf_meta(r, p);
		k++;
	}
	struct buf audience = BUF_INIT;
	for (size_t i = 0; i < c.naudience; i++) {
		if (i)
			buf_puts(&audience, ", ");
		buf_puts(&audience, term_label(&c.audience[i], r->lang));
	}
	struct brochure_meta m = {.lang = r->lang,
	                          .page_url = http_absolute_url(r, collection_path(r, c.slug, "")),
	                          .site_url = http_absolute_url(r, "/"),
	                          .audience = arena_strdup(&r->arena, buf_str(&audience))};
	buf_free(&audience);
	struct pdf_doc *d = pdf_new(r->lang);
	brochure_pdf_build(d, &r->arena, &c, &m, ch, k);
	struct buf body = BUF_INIT;
	if (pdf_render(d, &body) < 0) {
		http_fail_with(r, N_("The PDF could not be made."));
	} else {
		cache_doc_put(key, body.data, body.len);
		http_send(r, 200, "application/pdf", body.data, body.len);
	}
	buf_free(&body);
	pdf_free(d);
}

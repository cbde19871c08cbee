/* A good practice's public page, /praxis/SLUG (view_practice.c renders it), and its
 * image and downloads at their public addresses. */
#include "pages/collection_pages.h"
#include "html/article.h"
#include "html/layout.h"
#include "domain/practice_files.h"
#include "pages/catalog_pages.h"
#include "pages/view_catalog.h"
#include "pages/view_practice.h"
#include "pages/view_transfer.h"
#include "pages/yearly_pages.h"

#include <stdlib.h>
#include <string.h>

/* Stored, but checked with the server before every use: a removed image or an unpublished
 * practice (a withdrawn consent, a wrong file) must leave shared caches at once, not a
 * day later. The ETag (the file's SHA-256) makes each check a 304 without the bytes. */
#define PUBLIC_CACHE "public, no-cache"

static void
breadcrumbs(struct request *r, struct html *h, const char *title)
{
	html_open(h, "nav", "class", "breadcrumbs", "aria-label", tr(r, "You are here"), NULL);
	html_open(h, "ol", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "Home"), "href", "/", NULL);
	html_close(h, "li");
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "Good practices"), "href", "/praxis", NULL);
	html_close(h, "li");
	html_elem(h, "li", title, "aria-current", "page", NULL);
	html_close(h, "ol");
	html_close(h, "nav");
}

/* The description for search engines and link previews: the summary, at most about 300
 * characters, cut at a space. */
static const char *
description(struct request *r, const char *teaser)
{
	size_t n = strlen(teaser);
	if (n <= 300)
		return teaser;
	size_t cut = 300;
	while (cut > 200 && teaser[cut] != ' ')
		cut--;
	while (cut > 0 && ((unsigned char)teaser[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(&r->arena, "%.*s …", (int)cut, teaser);
}

void
page_practice(struct request *r)
{
	const char *slug = r->params[0];
	struct practice p;
	if (!practice_slug_valid(slug)) {
		http_error(r, 404, N_("There is no published good practice at this address."));
		return;
	}
	/* The cache first: a page kept (or an ETag given) for this address and this
	 * generation of the catalog was a published practice's, and still is. A practice's
	 * page takes no parameters: its selection is empty. The stamp read for it is the one
	 * the article is kept under. */
	uint64_t stamp;
	if (catalog_cache_stamped(r, "", &stamp))
		return;
	if (!practice_find_slug(r->store, &r->arena, slug, true, &p)) {
		http_error(r, 404, N_("There is no published good practice at this address."));
		return;
	}
	const char *path = arena_printf(&r->arena, "/praxis/%s", p.slug);
	struct layout_meta m = {
	    .canonical = http_absolute_url(r, path),
	    .description = description(r, p.text[PX_TEASER]),
	    .og_type = "article",
	};
	struct html *h = layout_begin_meta(r, p.text[PX_TITLE], &m);
	breadcrumbs(r, h, p.text[PX_TITLE]);
	html_open(h, "article", NULL);
	/* The article is the same for every viewer (the page around it is not): kept per
	 * practice and language under the catalog's stamp, written once per change. */
	if (!article_cache_write(p.id, (int)r->lang, stamp, h)) {
		html_fragment_begin(h);
		yearly_render_practice(r, h, p.id);
		practice_render(r, h, &p);
		transfer_render_practice(r, h, &p);
		collection_links_of_practice(r, h, p.id);
		struct html_fragment *f = html_fragment_take(h);
		if (f)
			article_cache_keep(p.id, (int)r->lang, stamp, f);
	}
	html_close(h, "article");
	layout_end(r, h);
	catalog_cache_keep(r, "");
}

static int64_t
param_id(const char *s)
{
	char *end;
	long long id = s ? strtoll(s, &end, 10) : 0;
	return s && *s && !*end && id > 0 ? id : 0;
}

/* The published practice of r->params[0] and its current file r->params[1] of the kind;
 * 404 for anything else, the same answer whatever is missing. */
static bool
load_public(struct request *r, enum practice_file_kind kind, struct practice_file *f)
{
	struct store *s = r->store;
	struct practice p;
	int64_t fid = param_id(r->params[1]);
	if (!practice_slug_valid(r->params[0]) || !fid ||
	    !practice_find_slug(s, &r->arena, r->params[0], true, &p) ||
	    !practice_file_find(s, &r->arena, p.id, fid, f) || f->removed_at || f->kind != kind) {
		http_error(r, 404, N_("There is no such file."));
		return false;
	}
	return true;
}

void
page_practice_image(struct request *r)
{
	struct practice_file f;
	if (load_public(r, PRACTICE_FILE_IMAGE, &f))
		practice_files_send(r, &f, "inline", PUBLIC_CACHE);
}

void
page_practice_download(struct request *r)
{
	struct practice_file f;
	if (load_public(r, PRACTICE_FILE_DOWNLOAD, &f))
		practice_files_send(r, &f, "attachment", PUBLIC_CACHE);
}

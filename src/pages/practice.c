/* A good practice's public page, /praxis/SLUG: the image, the sections, how it meets the
 * criteria, the organisation and contact, links, downloads, the PDF, and related practices. */
#include "html/layout.h"
#include "pages/catalog.h"
#include "pages/practice_files.h"

#include <string.h>

#define RELATED 3

void
practice_markdown(struct html *h, const char *md)
{
	/* The page's sections are <h2>; a "# Heading" in the text goes below them. */
	html_markdown_below(h, md, 2);
}

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

static const char *
kind_label(const char *kind)
{
	static const char *const kinds[][2] = {
	    {"network", N_("Regional network")}, {"fachstelle", N_("Fachstelle")},
	    {"funder", N_("Funder (BMAS)")},     {"transfer_project", N_("Transfer project")},
	    {"teilprojekt", N_("Sub-project")},  {"external", N_("External organisation")},
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i][0], kind) == 0)
			return kinds[i][1];
	return NULL;
}

/* The terms of one kind as a comma-separated list; nothing when the practice has none. */
static void
terms_row(struct request *r, struct html *h, const struct practice *p, const char *kind,
          const char *label)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < p->nterms; i++)
		if (strcmp(p->terms[i].kind, kind) == 0)
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			           term_label(&p->terms[i], r->lang));
	if (b.len) {
		html_elem(h, "dt", tr(r, label), NULL);
		html_elem(h, "dd", buf_str(&b), NULL);
	}
	buf_free(&b);
}

static void
facts(struct request *r, struct html *h, const struct practice *p)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	if (p->art_id) {
		html_elem(h, "dt", tr(r, "Kind of practice"), NULL);
		html_elem(h, "dd", term_label(&p->art, r->lang), NULL);
	}
	terms_row(r, h, p, "handlungsfeld", N_("Field of action"));
	terms_row(r, h, p, "zielgruppe", N_("Target group"));
	terms_row(r, h, p, "adressat", N_("Addressed to"));
	terms_row(r, h, p, "bundesland", N_("Federal state"));
	if (p->text[PX_IN_USE_SINCE][0]) {
		html_elem(h, "dt", tr(r, "In use since"), NULL);
		html_elem(h, "dd", p->text[PX_IN_USE_SINCE], NULL);
	}
	if (p->published_at) {
		html_elem(h, "dt", tr(r, "Published"), NULL);
		html_elem(h, "dd", catalog_date(r, p->published_at), NULL);
		/* Updated: only when it is another day, so a same-day fix is no news. */
		const char *pub = catalog_date(r, p->published_at);
		const char *upd = catalog_date(r, p->updated_at);
		if (strcmp(pub, upd) != 0) {
			html_elem(h, "dt", tr(r, "Updated"), NULL);
			html_elem(h, "dd", upd, NULL);
		}
	}
	html_close(h, "dl");
}

static void
section(struct request *r, struct html *h, const char *id, const char *title, const char *md)
{
	if (!md || !md[0])
		return;
	html_open(h, "section", "aria-labelledby", id, NULL);
	html_elem(h, "h2", title, "id", id, NULL);
	practice_markdown(h, md);
	html_close(h, "section");
}

static void
criteria(struct request *r, struct html *h, const struct practice *p)
{
	bool any = false;
	for (int i = 0; i < 4; i++)
		any |= p->text[practice_criteria[i]][0] != '\0';
	if (!any)
		return;
	html_open(h, "section", "aria-labelledby", "criteria-h", NULL);
	html_elem(h, "h2", tr(r, "How it meets the criteria"), "id", "criteria-h", NULL);
	for (int i = 0; i < 4; i++) {
		enum practice_text t = practice_criteria[i];
		if (!p->text[t][0])
			continue;
		html_elem(h, "h3", tr(r, practice_fields[t].label), NULL);
		practice_markdown(h, p->text[t]);
	}
	html_close(h, "section");
}

static void
organisation(struct request *r, struct html *h, const struct practice *p)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "contact-h", NULL);
	html_elem(h, "h2", tr(r, "Organisation and contact"), "id", "contact-h", NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	if (p->text[PX_ORGANISATION_NAME][0]) {
		html_elem(h, "dt", tr(r, "Organisation"), NULL);
		html_open(h, "dd", NULL);
		html_text(h, p->text[PX_ORGANISATION_NAME]);
		const char *kind = kind_label(p->text[PX_ORGANISATION_KIND]);
		if (kind || p->text[PX_BUNDESLAND][0]) {
			html_text(h, " (");
			if (kind)
				html_text(h, tr(r, kind));
			if (kind && p->text[PX_BUNDESLAND][0])
				html_text(h, ", ");
			html_text(h, p->text[PX_BUNDESLAND]);
			html_text(h, ")");
		}
		html_close(h, "dd");
	}
	if (p->text[PX_CONTACT_NAME][0]) {
		html_elem(h, "dt", tr(r, "Contact person"), NULL);
		html_elem(h, "dd", p->text[PX_CONTACT_NAME], NULL);
	}
	if (p->text[PX_CONTACT_EMAIL][0]) {
		html_elem(h, "dt", tr(r, "E-mail address"), NULL);
		html_open(h, "dd", NULL);
		html_elem(h, "a", p->text[PX_CONTACT_EMAIL], "href",
		          arena_printf(&r->arena, "mailto:%s", p->text[PX_CONTACT_EMAIL]), NULL);
		html_close(h, "dd");
	}
	if (p->text[PX_CONTACT_PHONE][0]) {
		html_elem(h, "dt", tr(r, "Telephone"), NULL);
		html_elem(h, "dd", p->text[PX_CONTACT_PHONE], NULL);
	}
	html_close(h, "dl");
	html_close(h, "section");
}

static void
links(struct request *r, struct html *h, const struct practice *p)
{
	struct practice_link l[32];
	size_t n = practice_links(&r->arena, p->text[PX_LINKS], l, 32);
	if (!n)
		return;
	html_open(h, "section", "aria-labelledby", "links-h", NULL);
	html_elem(h, "h2", tr(r, "Links"), "id", "links-h", NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", l[i].label, "href", l[i].url, "rel", "noopener", NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "section");
}

static void
related(struct request *r, struct html *h, const struct practice *p)
{
	struct practice_hit hits[RELATED];
	size_t n = practice_related(r->store, &r->arena, p->id, hits, RELATED);
	if (!n)
		return;
	html_open(h, "section", "aria-labelledby", "related-h", NULL);
	html_elem(h, "h2", tr(r, "Related practices"), "id", "related-h", NULL);
	html_open(h, "ul", "class", "cards", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", "class", "card", NULL);
		html_open(h, "h3", "class", "card-title", NULL);
		html_elem(h, "a", hits[i].title, "href",
		          arena_printf(&r->arena, "/praxis/%s", hits[i].slug), NULL);
		html_close(h, "h3");
		html_open(h, "p", NULL);
		catalog_snippet(h, hits[i].teaser);
		html_close(h, "p");
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "section");
}

void
practice_render(struct request *r, struct html *h, const struct practice *p)
{
	html_elem(h, "h1", p->text[PX_TITLE], NULL);
	if (p->text[PX_TEASER][0]) {
		html_open(h, "p", "class", "lead", NULL);
		catalog_snippet(h, p->text[PX_TEASER]);
		html_close(h, "p");
	}
	practice_files_image(r, h, p);
	facts(r, h, p);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download as PDF"), "href",
	          arena_printf(&r->arena, "/praxis/%s.pdf", p->slug), "type", "application/pdf",
	          NULL);
	html_close(h, "p");
	for (int i = 0; i < 4; i++) {
		enum practice_text t = practice_sections[i];
		section(r, h, arena_printf(&r->arena, "s-%s", practice_fields[t].key),
		        tr(r, practice_fields[t].label), p->text[t]);
	}
	criteria(r, h, p);
	organisation(r, h, p);
	links(r, h, p);
	practice_files_downloads(r, h, p);
	related(r, h, p);
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
	/* The cache first: a page kept (or an ETag given) for this address and this
	 * generation of the catalog was a published practice's, and still is. */
	/* A practice's page takes no parameters: its selection is empty. */
	if (practice_slug_valid(slug) && catalog_cache(r, ""))
		return;
	if (!practice_slug_valid(slug) ||
	    !practice_find_slug(r->store, &r->arena, slug, true, &p)) {
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
	practice_render(r, h, &p);
	html_close(h, "article");
	layout_end(r, h);
	catalog_cache_keep(r, "");
}

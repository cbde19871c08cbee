/* A good practice as the public page and the office's preview show it: the image, the
 * facts, the sections, the criteria, the organisation and contact, links, downloads and
 * related practices; and sending one of its files. */
#include "pages/view_practice.h"
#include "html/layout.h"
#include "domain/practice_files.h"
#include "pages/view_catalog.h"
#include "pages/view_stored_file.h"
#include "util/buf.h"

#include <string.h>

#define RELATED 3

void
practice_markdown(struct html *h, const char *md)
{
	/* The page's sections are <h2>; a "# Heading" in the text goes below them. */
	html_markdown_below(h, md, 2);
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
	size_t shown = 0;
	for (size_t i = 0; i < p->nterms; i++) {
		if (strcmp(p->terms[i].kind, kind) != 0)
			continue;
		if (!shown++) {
			html_elem(h, "dt", tr(r, label), NULL);
			html_open(h, "dd", NULL);
		} else {
			html_text(h, ", ");
		}
		/* A term without a translation is German on an English page. */
		html_elem(h, "span", term_label(&p->terms[i], r->lang), "lang",
		          term_lang(&p->terms[i], r->lang), NULL);
	}
	if (shown)
		html_close(h, "dd");
}

static void
facts(struct request *r, struct html *h, const struct practice *p)
{
	html_open(h, "dl", "class", "meta-list", NULL);
	if (p->art_id) {
		html_elem(h, "dt", tr(r, "Kind of practice"), NULL);
		html_elem(h, "dd", term_label(&p->art, r->lang), "lang",
		          term_lang(&p->art, r->lang), NULL);
	}
	terms_row(r, h, p, "handlungsfeld", N_("Field of action"));
	terms_row(r, h, p, "zielgruppe", N_("Target group"));
	terms_row(r, h, p, "adressat", N_("Addressed to"));
	terms_row(r, h, p, "bundesland", N_("Federal state"));
	if (p->text[PX_IN_USE_SINCE][0]) {
		html_elem(h, "dt", tr(r, "In use since"), NULL);
		html_elem(h, "dd", p->text[PX_IN_USE_SINCE], "lang", layout_de(r), NULL);
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
	html_open(h, "div", "lang", layout_de(r), NULL);
	practice_markdown(h, md);
	html_close(h, "div");
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
		html_open(h, "div", "lang", layout_de(r), NULL);
		practice_markdown(h, p->text[t]);
		html_close(h, "div");
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
	size_t n;
	struct practice_link *l = practice_links(&r->arena, p->text[PX_LINKS], &n);
	if (!n)
		return;
	html_open(h, "section", "aria-labelledby", "links-h", NULL);
	html_elem(h, "h2", tr(r, "Links"), "id", "links-h", NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", l[i].label, "href", l[i].url, "rel", "noopener", "lang",
		          layout_de(r), NULL);
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
		          arena_printf(&r->arena, "/praxis/%s", hits[i].slug), "lang", layout_de(r),
		          NULL);
		html_close(h, "h3");
		html_open(h, "p", "lang", layout_de(r), NULL);
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
	html_elem(h, "h1", p->text[PX_TITLE], "lang", layout_de(r), NULL);
	if (p->text[PX_TEASER][0]) {
		html_open(h, "p", "class", "lead", "lang", layout_de(r), NULL);
		catalog_snippet(h, p->text[PX_TEASER]);
		html_close(h, "p");
	}
	/* The files once, for the image and the downloads. */
	size_t nfiles;
	struct practice_file *files = practice_file_list(r->store, &r->arena, p->id, &nfiles);
	practice_files_image(r, h, p, files, nfiles);
	facts(r, h, p);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download as PDF"), "href",
	          arena_printf(&r->arena, "/praxis/%s.pdf", p->slug), "type", "application/pdf",
	          NULL);
	html_text(h, " · ");
	html_elem(h, "a", tr(r, "Start a selection with it"), "href",
	          arena_printf(&r->arena, "/merkliste?p=%s", p->slug), NULL);
	html_close(h, "p");
	for (int i = 0; i < 4; i++) {
		enum practice_text t = practice_sections[i];
		section(r, h, arena_printf(&r->arena, "s-%s", practice_fields[t].key),
		        tr(r, practice_fields[t].label), p->text[t]);
	}
	criteria(r, h, p);
	organisation(r, h, p);
	links(r, h, p);
	practice_files_downloads(r, h, p, files, nfiles);
	related(r, h, p);
}

/* ---- its files ---- */

const char *
practice_files_url(struct request *r, const struct practice *p, const struct practice_file *f)
{
	/* Unpublished practices have no public addresses: the office's preview shows their
	 * files from the office's route. */
	if (p->status != PRACTICE_PUBLISHED)
		return arena_printf(&r->arena, "/admin/praxis/%lld/dateien/%lld", (long long)p->id,
		                    (long long)f->id);
	return arena_printf(&r->arena, "/praxis/%s/%s/%lld", p->slug,
	                    f->kind == PRACTICE_FILE_IMAGE ? "bild" : "download", (long long)f->id);
}

static const char *
num(struct request *r, int64_t v)
{
	return arena_printf(&r->arena, "%lld", (long long)v);
}

/* The file's bytes as the response, with an ETag from its SHA-256 (the bytes are read
 * only when the client's copy is not current). */
void
practice_files_send(struct request *r, const struct practice_file *f, const char *disposition,
                    const char *cache_control)
{
	http_set_header(r, "Content-Disposition",
	                stored_file_disposition(r, disposition, f->filename));
	http_set_header(r, "Cache-Control", cache_control);
	r->resp.etag = arena_printf(&r->arena, "\"%s\"", f->sha256);
	struct buf body = BUF_INIT;
	/* The server answers 304 for an empty 200 whose ETag the client has. */
	if (!http_not_modified(r) && practice_file_read(f, &body) != 0) {
		buf_free(&body);
		http_fail_with(
		    r, N_("The file could not be read. Please tell the coordination office."));
		return;
	}
	http_send_buf(r, 200, f->content_type, &body);
}

void
practice_files_image(struct request *r, struct html *h, const struct practice *p,
                     const struct practice_file *list, size_t n)
{
	/* The list puts the image first. */
	if (!n || list[0].kind != PRACTICE_FILE_IMAGE)
		return;
	struct practice_file f = list[0];
	html_open(h, "figure", "class", "practice-image", NULL);
	html_void(h, "img", "src", practice_files_url(r, p, &f), "alt", f.alt, "width",
	          f.width ? num(r, f.width) : NULL, "height", f.height ? num(r, f.height) : NULL,
	          NULL);
	html_close(h, "figure");
}

void
practice_files_downloads(struct request *r, struct html *h, const struct practice *p,
                         const struct practice_file *list, size_t n)
{
	size_t first = n && list[0].kind == PRACTICE_FILE_IMAGE ? 1 : 0;
	if (first == n)
		return;
	html_open(h, "section", "aria-labelledby", "downloads-h", NULL);
	html_elem(h, "h2", tr(r, "Downloads"), "id", "downloads-h", NULL);
	html_open(h, "ul", "class", "downloads", NULL);
	for (size_t i = first; i < n; i++) {
		html_open(h, "li", NULL);
		/* download names the file also where no Content-Disposition does (the static
		 * copy of site export, served by any web server). */
		html_elem(h, "a", list[i].title, "href", practice_files_url(r, p, &list[i]), "type",
		          list[i].content_type, "download", list[i].filename, "lang", layout_de(r),
		          NULL);
		html_text(h, " ");
		html_open(h, "span", "class", "muted", NULL);
		html_textf(h, "(%s, %s)", stored_file_type_label(list[i].content_type),
		           stored_file_size_text(r, list[i].size));
		html_close(h, "span");
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "section");
}

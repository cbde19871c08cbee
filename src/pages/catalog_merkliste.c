/* A visitor's own selection (Merkliste, issue 12): no account and no JavaScript — the
 * selection lives in the URL (/merkliste?p=SLUG&p=SLUG…), so it can be bookmarked and
 * shared; the catalog's cards tick practices into it, a practice page starts one. The
 * page lists the practices (unknown or unpublished ones named, left out), each with a
 * link without it, and the whole selection as one brochure PDF (/merkliste.pdf?…) or as a
 * ZIP of the practices' PDFs (/merkliste.zip?…). */
#include "domain/yearly_check.h"
#include "export/brochure_pdf.h"
#include "export/package.h"
#include "html/cache.h"
#include "html/layout.h"
#include "pages/open_data.h"
#include "pages/collection_pages.h"
#include "pages/view_selection.h"
#include "util/buf.h"
#include "util/str.h"

#include <string.h>

struct selection {
	struct practice *p; /* the published ones, in the order given */
	size_t n;
	const char **unknown; /* slugs that name no published practice */
	size_t nunknown;
};

/* Reads the p= parameters; false (the answer sent) for more than MERKLISTE_MAX. */
static bool
read_selection(struct request *r, struct selection *sel)
{
	memset(sel, 0, sizeof *sel);
	size_t given = 0;
	for (size_t i = 0; i < r->query.n; i++)
		given += strcmp(r->query.items[i].key, "p") == 0 && r->query.items[i].value[0];
	if (given > MERKLISTE_MAX) {
		http_error(r, 400, N_("A selection holds at most 50 practices."));
		return false;
	}
	sel->p = arena_calloc(&r->arena, (given + 1) * sizeof *sel->p);
	sel->unknown = arena_calloc(&r->arena, (given + 1) * sizeof *sel->unknown);
	for (size_t i = 0; i < r->query.n; i++) {
		const struct kv *kv = &r->query.items[i];
		if (strcmp(kv->key, "p") != 0 || !kv->value[0])
			continue;
		bool dup = false;
		for (size_t k = 0; k < sel->n; k++)
			dup |= strcmp(sel->p[k].slug, kv->value) == 0;
		if (dup)
			continue;
		if (practice_slug_valid(kv->value) &&
		    practice_find_slug(r->store, &r->arena, kv->value, true, &sel->p[sel->n]))
			sel->n++;
		else
			sel->unknown[sel->nunknown++] = kv->value;
	}
	return true;
}

/* "p=a&p=b" of the selection, without the practice `skip` (-1: none). */
static const char *
query_of(struct request *r, const struct selection *sel, long skip)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sel->n; i++) {
		if ((long)i == skip)
			continue;
		if (b.len)
			buf_putc(&b, '&');
		buf_puts(&b, "p=");
		url_encode(&b, sel->p[i].slug);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *
with_query(struct request *r, const char *path, const char *query)
{
	return *query ? arena_printf(&r->arena, "%s?%s", path, query) : path;
}

void
page_merkliste(struct request *r)
{
	struct selection sel;
	if (!read_selection(r, &sel))
		return;
	struct html *h = layout_begin(r, tr(r, "My selection"));
	html_elem(h, "p",
	          tr(r, "Your selection lives in this page's address: bookmark it or share the "
	                "link. Tick practices in the catalog to add them."),
	          NULL);
	if (sel.nunknown) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < sel.nunknown; i++) {
			if (i)
				buf_puts(&b, ", ");
			buf_puts(&b, sel.unknown[i]);
		}
		layout_notice(h, "warning",
		              arena_printf(&r->arena,
		                           tr(r, "These addresses name no published practice and "
		                                 "were left out: %s"),
		                           buf_str(&b)));
		buf_free(&b);
	}
	if (!sel.n) {
		html_open(h, "p", NULL);
		html_text(h, tr(r, "Your selection is empty."));
		html_text(h, " ");
		html_elem(h, "a", tr(r, "To the catalog"), "href", "/praxis", NULL);
		html_close(h, "p");
		layout_end(r, h);
		return;
	}
	const char *all = query_of(r, &sel, -1);
	html_open(h, "ol", "class", "cards", NULL);
	for (size_t i = 0; i < sel.n; i++) {
		html_open(h, "li", "class", "card", NULL);
		html_elem(h, "a", sel.p[i].text[PX_TITLE], "href",
		          arena_printf(&r->arena, "/praxis/%s", sel.p[i].slug), "lang",
		          layout_de(r), NULL);
		html_text(h, " ");
		html_open(h, "a", "href", with_query(r, "/merkliste", query_of(r, &sel, (long)i)),
		          NULL);
		html_text(h, tr(r, "Remove"));
		html_elem(h, "span", arena_printf(&r->arena, ": %s", sel.p[i].text[PX_TITLE]),
		          "class", "visually-hidden", NULL);
		html_close(h, "a");
		html_close(h, "li");
	}
	html_close(h, "ol");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "The selection as one brochure (PDF)"), "href",
	          with_query(r, "/merkliste.pdf", all), "type", "application/pdf", "class", "btn",
	          NULL);
	html_text(h, " ");
	html_elem(h, "a", tr(r, "Each practice as a PDF, in one ZIP file"), "href",
	          with_query(r, "/merkliste.zip", all), "type", "application/zip", NULL);
	html_close(h, "p");
	html_open(h, "p", NULL);
	html_text(h, tr(r, "Link to share:"));
	html_text(h, " ");
	const char *share = http_absolute_url(r, with_query(r, "/merkliste", all));
	html_elem(h, "a", share, "href", share, NULL);
	html_close(h, "p");
	layout_end(r, h);
}

/* The start of both downloads of a selection (zip: the ZIP, else the PDF): the selection
 * read, a refusal when it names no published practice, the headers, and the empty answer
 * when the browser's copy is current. False when the request is answered already. */
static bool
open_download(struct request *r, struct selection *sel, bool zip)
{
	if (!read_selection(r, sel))
		return false;
	if (!sel->n) {
		http_error(r, 404, N_("The selection names no published practice."));
		return false;
	}
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	selection_disposition(r, zip, zip ? "merkliste.zip" : "merkliste.pdf");
	if (selection_fresh(r, zip ? "merkliste.zip" : "merkliste")) {
		http_send(r, 200, zip ? "application/zip" : "application/pdf", "", 0);
		return false;
	}
	return true;
}

void
page_merkliste_pdf(struct request *r)
{
	struct selection sel;
	if (!open_download(r, &sel, false))
		return;
	/* The same selection makes the same bytes until the data changes: kept by that key. */
	const char *key = selection_doc_key(r);
	if (cache_doc_send(r, key, "application/pdf"))
		return;
	struct brochure_chapter *ch = arena_calloc(&r->arena, sel.n * sizeof *ch);
	for (size_t i = 0; i < sel.n; i++) {
		const struct practice *p = &sel.p[i];
		ch[i].practice = p;
		ch[i].note = "";
		ch[i].meta = selection_pdf_meta(r, p);
	}
	/* The selection as a collection without introduction: the date is its newest
	 * practice's (brochure_pdf_build), so the bytes depend on the data alone. */
	struct collection c = {.slug = "merkliste", .title = tr(r, "My selection"), .intro = ""};
	struct brochure_meta m = {
	    .lang = r->lang,
	    .page_url = http_absolute_url(r, with_query(r, "/merkliste", query_of(r, &sel, -1))),
	    .site_url = http_absolute_url(r, "/"),
	    .audience = ""};
	struct pdf_doc *d = pdf_new(r->lang);
	brochure_pdf_build(d, &r->arena, &c, &m, ch, sel.n);
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

/* README.txt of the ZIP: what is in it, each practice with its addresses. */
static const char *
zip_readme(struct request *r, const struct selection *sel, const char *const *names)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\r\n\r\n", tr(r, "My selection"));
	buf_printf(&b, "%s\r\n%s\r\n\r\n", tr(r, "The selection on the web:"),
	           http_absolute_url(r, with_query(r, "/merkliste", query_of(r, sel, -1))));
	for (size_t i = 0; i < sel->n; i++) {
		const char *url = selection_practice_url(r, sel->p[i].slug);
		buf_printf(&b, "%zu. %s\r\n   %s: %s\r\n   %s\r\n   %s/interesse\r\n\r\n", i + 1,
		           sel->p[i].text[PX_TITLE], names[i], tr(r, "the practice as a PDF"), url,
		           url);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

void
page_merkliste_zip(struct request *r)
{
	struct selection sel;
	if (!open_download(r, &sel, true))
		return;
	/* README first, then the practices' PDFs in the selection's order, numbered so the
	 * order survives any unpacking. */
	struct package_entry *e = arena_calloc(&r->arena, (sel.n + 1) * sizeof *e);
	const char **names = arena_calloc(&r->arena, sel.n * sizeof *names);
	struct buf *pdfs = arena_calloc(&r->arena, sel.n * sizeof *pdfs);
	int64_t date = 0;
	int rc = 0;
	for (size_t i = 0; i < sel.n && rc >= 0; i++) {
		names[i] = arena_printf(&r->arena, "%02zu-%s.pdf", i + 1, sel.p[i].slug);
		rc = catalog_practice_pdf(r, &sel.p[i], &pdfs[i]);
		e[i + 1] = (struct package_entry){
		    .name = names[i], .data = pdfs[i].data, .len = pdfs[i].len, .store = true};
		if (sel.p[i].updated_at > date)
			date = sel.p[i].updated_at;
	}
	int fd = -1;
	uint64_t size = 0;
	if (rc >= 0) {
		const char *text = zip_readme(r, &sel, names);
		e[0] =
		    (struct package_entry){.name = "README.txt", .data = text, .len = strlen(text)};
		/* Dated by the newest practice's change: the same bytes for the same data. */
		fd = package_zip(e, sel.n + 1, date, &size);
	}
	for (size_t i = 0; i < sel.n; i++)
		buf_free(&pdfs[i]);
	if (rc < 0) {
		http_fail_with(r, N_("The PDF could not be made."));
		return;
	}
	if (fd < 0) {
		http_fail(r);
		return;
	}
	http_send_file(r, 200, "application/zip", fd, size);
}

/* The catalog's query parameters, caching stamps and public addresses, shared by the
 * open-data routes. */
#include "pages/view_selection.h"
#include "domain/yearly_check.h"
#include "html/html.h"
#include "http/parse.h"
#include "pages/view_catalog.h"
#include "pages/view_practice.h"
#include "pages/view_stored_file.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char *const selection_sorts[PRACTICE_SORT_COUNT] = {
    [PRACTICE_SORT_NEWEST] = "neu",
    [PRACTICE_SORT_RELEVANCE] = "relevanz",
    [PRACTICE_SORT_TITLE] = "titel",
    [PRACTICE_SORT_ADOPTED] = "uebernahmen",
};

/* A whole number in [1, max] written plainly (no sign, no spaces). */
static bool
parse_count(const char *s, int64_t max, int64_t *out)
{
	if (!s || !*s || strlen(s) > 9)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

bool
selection_parse(struct request *r, struct practice_query *q, const char **problem)
{
	if (!catalog_query_parse(r, q, problem))
		return false;
	const char *per = http_query(r, SELECTION_PER_PAGE);
	if (per && *per && !parse_count(per, 100, &q->per_page)) {
		*problem = N_("The number per page must be a whole number from 1 to 100.");
		return false;
	}
	return true;
}

bool
selection_sort_valid(struct request *r)
{
	const char *sort = http_query(r, "sort");
	if (!sort || !*sort)
		return true;
	for (size_t i = 0; i < PRACTICE_SORT_COUNT; i++)
		if (strcmp(sort, selection_sorts[i]) == 0)
			return true;
	return false;
}

const char *
selection_query_string(struct request *r, const struct practice_query *q, bool with_paging)
{
	const char *s = catalog_query_string(r, q, with_paging, with_paging ? q->page : 0);
	if (with_paging && q->per_page)
		s = arena_printf(&r->arena, "%s%s" SELECTION_PER_PAGE "=%lld", s, *s ? "&" : "",
		                 (long long)q->per_page);
	return s;
}

/* Quoted hex of a BLAKE2b hash of the parts, for an ETag. */
static const char *
etag_of(struct request *r, const char *const *parts, size_t n)
{
	crypto_generichash_state st;
	unsigned char digest[16];
	crypto_generichash_init(&st, NULL, 0, sizeof digest);
	for (size_t i = 0; i < n; i++)
		crypto_generichash_update(&st, (const unsigned char *)parts[i],
		                          strlen(parts[i]) + 1);
	crypto_generichash_final(&st, digest, sizeof digest);
	char hex[2 * sizeof digest + 1];
	str_hex(hex, digest, sizeof digest);
	return arena_printf(&r->arena, "W/\"%s\"", hex);
}

/* Every parameter as given, so two addresses never share a validator by accident. */
static const char *
raw_query(struct request *r)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < r->query.n; i++) {
		buf_puts(&b, r->query.items[i].key);
		buf_putc(&b, '=');
		buf_puts(&b, r->query.items[i].value);
		buf_putc(&b, '\n');
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

bool
selection_fresh(struct request *r, const char *kind)
{
	int64_t generation = 0, last_change = 0;
	practice_catalog_state(r->store, &generation, &last_change);
	/* The filter "confirmed in the last 12 months" changes with time too (view_catalog.c). */
	const char *stamp =
	    arena_printf(&r->arena, "%lld/%lld", (long long)generation,
	                 (long long)yearly_check_confirmed_boundary(r->store, time_now()));
	const char *parts[] = {kind, stamp, raw_query(r), i18n_code(r->lang), LEUCHTTURM_VERSION};
	r->resp.etag = etag_of(r, parts, sizeof parts / sizeof parts[0]);
	r->resp.last_modified = last_change;
	return http_not_modified(r);
}

bool
selection_fresh_practice(struct request *r, const char *kind, const struct practice *p)
{
	const char *stamp =
	    arena_printf(&r->arena, "%lld/%lld", (long long)p->id, (long long)p->updated_at);
	const char *parts[] = {kind, p->slug, stamp, i18n_code(r->lang), LEUCHTTURM_VERSION};
	r->resp.etag = etag_of(r, parts, sizeof parts / sizeof parts[0]);
	r->resp.last_modified = p->updated_at;
	return http_not_modified(r);
}

const char *
selection_doc_key(struct request *r)
{
	return arena_printf(&r->arena, "%s\n%s\n%s", r->resp.etag ? r->resp.etag : "", r->path,
	                    http_absolute_url(r, "/"));
}

const char *
selection_practice_url(struct request *r, const char *slug)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "/praxis/");
	url_encode(&b, slug);
	const char *url = http_absolute_url(r, buf_str(&b));
	buf_free(&b);
	return url;
}

const char *
selection_practice_pdf_url(struct request *r, const char *slug)
{
	return arena_printf(&r->arena, "%s.pdf", selection_practice_url(r, slug));
}

const char *
selection_terms(struct request *r, const struct practice *p, const char *kind, const char *sep)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < p->nterms; i++) {
		if (strcmp(p->terms[i].kind, kind) != 0)
			continue;
		if (b.len)
			buf_puts(&b, sep);
		buf_puts(&b, term_label(&p->terms[i], r->lang));
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

long
selection_all(struct request *r, struct practice_query *q, size_t max, struct practice_hit **out,
              struct practice_result *res)
{
	q->page = 1;
	q->per_page = (int64_t)max;
	memset(res, 0, sizeof *res);
	if (practice_search(r->store, &r->arena, q, res) != PRACTICE_OK)
		return -1;
	*out = res->hits;
	return (long)res->nhits;
}

void
selection_disposition(struct request *r, bool attachment, const char *filename)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, attachment ? "attachment; filename=\"" : "inline; filename=\"");
	for (const char *p = filename; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		buf_putc(&b, ok ? c : '-');
	}
	buf_putc(&b, '"');
	http_set_header(r, "Content-Disposition", arena_strdup(&r->arena, buf_str(&b)));
	buf_free(&b);
}

struct practice_pdf_meta
selection_pdf_meta(struct request *r, const struct practice *p)
{
	static const char *const kinds[PRACTICE_PDF_TERMS] = {"handlungsfeld", "zielgruppe",
	                                                      "adressat", "bundesland"};
	struct practice_pdf_meta m = {.lang = r->lang,
	                              .page_url = selection_practice_url(r, p->slug),
	                              .site_url = http_absolute_url(r, "/")};
	for (size_t i = 0; i < PRACTICE_PDF_TERMS; i++)
		m.terms[i] = selection_terms(r, p, kinds[i], ", ");
	yearly_check_public_state(r->store, p->id, &m.confirmed_at, &m.in_use);
	size_t n;
	struct practice_file *files = practice_file_list(r->store, &r->arena, p->id, &n);
	struct practice_pdf_download *downloads =
	    arena_calloc(&r->arena, (n + 1) * sizeof *downloads);
	for (size_t i = 0; i < n; i++) {
		if (files[i].kind != PRACTICE_FILE_DOWNLOAD)
			continue;
		downloads[m.ndownloads++] = (struct practice_pdf_download){
		    files[i].title,
		    arena_printf(&r->arena, "%s, %s", stored_file_type_label(files[i].content_type),
		                 stored_file_size_text(r, files[i].size)),
		    http_absolute_url(r, practice_files_url(r, p, &files[i]))};
	}
	m.downloads = downloads;
	return m;
}

/* The catalog's query parameters, caching stamps and public addresses, shared by the
 * open-data routes. */
#include "export/selection.h"
#include "html/html.h"
#include "http/parse.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char *const selection_sorts[3] = {
    [PRACTICE_SORT_NEWEST] = "neu",
    [PRACTICE_SORT_RELEVANCE] = "relevanz",
    [PRACTICE_SORT_TITLE] = "titel",
};

static int
facet_of(const char *key)
{
	for (int f = 0; f < PF_COUNT; f++)
		if (strcmp(practice_facets[f].param, key) == 0)
			return f;
	return -1;
}

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
	for (size_t i = 0; i < r->query.n; i++) {
		const char *key = r->query.items[i].key, *value = r->query.items[i].value;
		int f = facet_of(key);
		if (f >= 0) {
			/* An empty value is the form's "all" choice; extra values beyond the
			 * limit are dropped like the catalog does. */
			if (*value && q->nvalues[f] < PRACTICE_MAX_VALUES)
				q->values[f][q->nvalues[f]++] = value;
		} else if (strcmp(key, SELECTION_TEXT) == 0) {
			q->text = value;
		} else if (strcmp(key, SELECTION_SORT) == 0) {
			if (!*value)
				continue;
			size_t s = 0;
			while (s < 3 && strcmp(selection_sorts[s], value) != 0)
				s++;
			if (s == 3) {
				*problem = N_("The sort order is not one of neu, relevanz or titel.");
				return false;
			}
			q->sort = (enum practice_sort)s;
		} else if (strcmp(key, SELECTION_PAGE) == 0) {
			if (!parse_count(value, 1000000, &q->page)) {
				*problem = N_("The page must be a whole number from 1.");
				return false;
			}
		} else if (strcmp(key, SELECTION_PER_PAGE) == 0) {
			if (!parse_count(value, 100, &q->per_page)) {
				*problem = N_("The number per page must be a whole number from 1 to 100.");
				return false;
			}
		}
	}
	return true;
}

const char *
selection_query_string(struct request *r, bool keep_paging)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < r->query.n; i++) {
		const char *key = r->query.items[i].key, *value = r->query.items[i].value;
		bool known = facet_of(key) >= 0 || strcmp(key, SELECTION_TEXT) == 0;
		bool paging = strcmp(key, SELECTION_SORT) == 0 || strcmp(key, SELECTION_PAGE) == 0 ||
			      strcmp(key, SELECTION_PER_PAGE) == 0;
		if (!*value || !(known || (keep_paging && paging)))
			continue;
		if (b.len)
			buf_putc(&b, '&');
		url_encode(&b, key);
		buf_putc(&b, '=');
		url_encode(&b, value);
	}
	const char *s = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
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
	return arena_printf(&r->arena, "\"%s\"", hex);
}

static bool
client_current(struct request *r)
{
	const char *inm = http_header(r, "If-None-Match");
	if (inm)
		return strstr(inm, r->resp.etag) != NULL || strcmp(inm, "*") == 0;
	const char *ims = http_header(r, "If-Modified-Since");
	if (ims && r->resp.last_modified) {
		char when[64];
		time_format_http(when, sizeof when, r->resp.last_modified);
		return strcmp(ims, when) == 0;
	}
	return false;
}

bool
selection_fresh(struct request *r, const char *kind)
{
	int64_t last_change = 0, published = 0;
	practice_catalog_stamp(store_thread(), &last_change, &published);
	const char *stamp = arena_printf(&r->arena, "%lld/%lld", (long long)last_change,
					 (long long)published);
	const char *parts[] = {kind, stamp, selection_query_string(r, true), i18n_code(r->lang),
			       LEUCHTTURM_VERSION};
	r->resp.etag = etag_of(r, parts, sizeof parts / sizeof parts[0]);
	r->resp.last_modified = last_change;
	return client_current(r);
}

bool
selection_fresh_practice(struct request *r, const char *kind, const struct practice *p)
{
	const char *stamp = arena_printf(&r->arena, "%lld/%lld", (long long)p->id,
					 (long long)p->updated_at);
	const char *parts[] = {kind, p->slug, stamp, i18n_code(r->lang), LEUCHTTURM_VERSION};
	r->resp.etag = etag_of(r, parts, sizeof parts / sizeof parts[0]);
	r->resp.last_modified = p->updated_at;
	return client_current(r);
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
	if (practice_search(store_thread(), &r->arena, q, res) != PRACTICE_OK)
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
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '_' || c == '.';
		buf_putc(&b, ok ? c : '-');
	}
	buf_putc(&b, '"');
	http_set_header(r, "Content-Disposition", arena_strdup(&r->arena, buf_str(&b)));
	buf_free(&b);
}

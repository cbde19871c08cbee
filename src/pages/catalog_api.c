/* The JSON API (/api/v1/practices, /api/v1/practices/:slug, /api/v1/suggestions) and its
 * OpenAPI description (/openapi.json, docs/openapi.json embedded at build time). Published
 * practices only. */
#include "pages/view_catalog.h"
#include "pages/open_data.h"
#include "export/json.h"
#include "export/openapi.h"
#include "pages/view_selection.h"
#include "domain/practice_files.h"
#include "domain/transfer.h"
#include "domain/yearly_check.h"
#include "html/html.h"

#include <string.h>

#define API_TYPE "application/json"

static void
send_json(struct request *r, int status, json_t *v)
{
	struct buf body = BUF_INIT;
	jsonx_dump(&body, v);
	json_decref(v);
	http_send(r, status, API_TYPE, body.data, body.len);
	buf_free(&body);
}

static void
api_headers(struct request *r)
{
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	/* Open data: any web page may read it (no cookies are involved in answering). */
	http_set_header(r, "Access-Control-Allow-Origin", "*");
}

/* Errors are JSON too, with the reason in the request's language. */
static void
api_error(struct request *r, int status, const char *msgid)
{
	r->resp.etag = NULL;
	r->resp.last_modified = 0;
	send_json(r, status, jsonx_error(status, tr(r, msgid)));
}

static json_t *
term_json(const struct term *t)
{
	if (!t || !t->id)
		return json_null();
	json_t *o = json_object();
	jsonx_set(o, "key", jsonx_text(t->key));
	jsonx_set(o, "label_de", jsonx_text(t->label_de));
	jsonx_set(o, "label_en", jsonx_text(t->label_en));
	return o;
}

/* The search snippet as plain text: the match markers (0x01, 0x02) taken out. */
static json_t *
snippet_json(const char *snippet)
{
	if (!snippet)
		return json_null();
	struct buf b = BUF_INIT;
	for (const char *p = snippet; *p; p++)
		if (*p != '\x01' && *p != '\x02')
			buf_putc(&b, *p);
	json_t *v = jsonx_text(buf_str(&b));
	buf_free(&b);
	return v;
}

static json_t *
addresses(struct request *r, const char *slug)
{
	json_t *o = json_object();
	const char *page = selection_practice_url(r, slug);
	jsonx_set(o, "html", json_string(page));
	jsonx_set(o, "pdf", json_string(selection_practice_pdf_url(r, slug)));
	struct buf path = BUF_INIT;
	buf_puts(&path, "/api/v1/practices/");
	url_encode(&path, slug);
	jsonx_set(o, "api", json_string(http_absolute_url(r, buf_str(&path))));
	buf_free(&path);
	return o;
}

static json_t *
hit_json(struct request *r, const struct practice_hit *h)
{
	json_t *o = json_object();
	jsonx_set(o, "slug", jsonx_text(h->slug));
	jsonx_set(o, "title", jsonx_text(h->title));
	jsonx_set(o, "teaser", jsonx_text(h->teaser));
	jsonx_set(o, "organisation_name", jsonx_text(h->organisation_name));
	jsonx_set(o, "art", term_json(&h->art));
	jsonx_set(o, "published_at", jsonx_time(h->published_at));
	jsonx_set(o, "updated_at", jsonx_time(h->updated_at));
	jsonx_set(o, "adopted", json_integer(h->adopted));
	jsonx_set(o, "confirmed_at", h->confirmed_at ? jsonx_time(h->confirmed_at) : json_null());
	jsonx_set(o, "in_use", json_boolean(h->in_use));
	jsonx_set(o, "snippet", snippet_json(h->snippet));
	jsonx_set(o, "links", addresses(r, h->slug));
	return o;
}

/* The list's address for another page of the same selection. */
static const char *
list_url(struct request *r, const struct practice_query *q, int64_t page, int64_t per_page)
{
	struct practice_query other = *q;
	other.page = page;
	other.per_page = per_page; /* as given: 0 leaves pro_seite out */
	const char *qs = selection_query_string(r, &other, true);
	return http_absolute_url(
	    r, arena_printf(&r->arena, "/api/v1/practices%s%s", *qs ? "?" : "", qs));
}

void
page_api_practices(struct request *r)
{
	api_headers(r);
	struct practice_query q;
	const char *problem = NULL;
	if (!selection_parse(r, &q, &problem)) {
		api_error(r, 400, problem);
		return;
	}
	/* The catalog falls back to its default order; an API client should hear of a typo. */
	if (!selection_sort_valid(r)) {
		api_error(r, 400, N_("The sort order is not one of neu, relevanz or titel."));
		return;
	}
	int64_t per_given = q.per_page;
	/* The static copy (site export) cannot answer ?seite=2: there, one page holds all. */
	if (!q.per_page)
		q.per_page = catalog_static_site() ? 100000 : PRACTICE_PER_PAGE;
	if (selection_fresh(r, "api-list")) {
		http_send(r, 200, API_TYPE, "", 0);
		return;
	}
	struct practice_result res;
	memset(&res, 0, sizeof res);
	if (practice_search(r->store, &r->arena, &q, &res) != PRACTICE_OK) {
		api_error(r, 500, N_("The catalog could not be read."));
		return;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < res.nhits; i++)
		json_array_append_new(items, hit_json(r, &res.hits[i]));
	json_t *ignored = json_array();
	for (size_t i = 0; i < res.nunknown; i++)
		json_array_append_new(ignored, jsonx_text(res.unknown[i]));
	json_t *links = json_object();
	jsonx_set(links, "self", json_string(list_url(r, &q, q.page, per_given)));
	jsonx_set(links, "prev",
	          q.page > 1 && q.page <= res.pages
	              ? json_string(list_url(r, &q, q.page - 1, per_given))
	              : json_null());
	jsonx_set(links, "next",
	          q.page < res.pages ? json_string(list_url(r, &q, q.page + 1, per_given))
	                             : json_null());
	const char *selection = selection_query_string(r, &q, false);
	const char *suffix = *selection ? arena_printf(&r->arena, "?%s", selection) : "";
	jsonx_set(links, "html",
	          json_string(http_absolute_url(r, arena_printf(&r->arena, "/praxis%s", suffix))));
	jsonx_set(
	    links, "atom",
	    json_string(http_absolute_url(r, arena_printf(&r->arena, "/feed.atom%s", suffix))));
	jsonx_set(links, "csv",
	          json_string(http_absolute_url(
	              r, arena_printf(&r->arena, "/export/practices.csv%s", suffix))));

	json_t *doc = json_object();
	jsonx_set(doc, "total", json_integer(res.total));
	jsonx_set(doc, "page", json_integer(q.page));
	jsonx_set(doc, "pages", json_integer(res.pages));
	jsonx_set(doc, "per_page", json_integer(q.per_page));
	/* Relevance without a search text is the newest first, as practice_search does. */
	enum practice_sort sort = res.sort_relevance                  ? PRACTICE_SORT_RELEVANCE
	                          : q.sort == PRACTICE_SORT_RELEVANCE ? PRACTICE_SORT_NEWEST
	                                                              : q.sort;
	jsonx_set(doc, "sort", json_string(selection_sorts[sort]));
	jsonx_set(doc, "query", jsonx_text(res.text));
	jsonx_set(doc, "query_truncated", json_boolean(res.text_truncated));
	jsonx_set(doc, "suggestion", res.suggestion ? jsonx_text(res.suggestion) : json_null());
	jsonx_set(doc, "ignored_filters", ignored);
	jsonx_set(doc, "items", items);
	jsonx_set(doc, "links", links);
	send_json(r, 200, doc);
}

/* The practice's image (or null) and downloads, at their public addresses. */
static void
files_json(struct request *r, const struct practice *p, json_t *o)
{
	size_t n;
	struct practice_file *f = practice_file_list(r->store, &r->arena, p->id, &n);
	const char *page = selection_practice_url(r, p->slug);
	json_t *image = json_null(), *downloads = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_object();
		bool is_image = f[i].kind == PRACTICE_FILE_IMAGE;
		jsonx_set(
		    d, "url",
		    json_string(arena_printf(&r->arena, "%s/%s/%lld", page,
		                             is_image ? "bild" : "download", (long long)f[i].id)));
		if (is_image) {
			jsonx_set(d, "alt", jsonx_text(f[i].alt));
			jsonx_set(d, "width", jsonx_int_or_null(f[i].width));
			jsonx_set(d, "height", jsonx_int_or_null(f[i].height));
		} else {
			jsonx_set(d, "title", jsonx_text(f[i].title));
			jsonx_set(d, "filename", jsonx_text(f[i].filename));
			jsonx_set(d, "size", json_integer(f[i].size));
		}
		jsonx_set(d, "content_type", jsonx_text(f[i].content_type));
		if (is_image) {
			json_decref(image);
			image = d;
		} else {
			json_array_append_new(downloads, d);
		}
	}
	jsonx_set(o, "image", image);
	jsonx_set(o, "downloads", downloads);
}

static json_t *
practice_json(struct request *r, const struct practice *p)
{
	json_t *o = json_object();
	jsonx_set(o, "slug", jsonx_text(p->slug));
	jsonx_set(o, "title", jsonx_text(p->text[PX_TITLE]));
	jsonx_set(o, "teaser", jsonx_text(p->text[PX_TEASER]));
	jsonx_set(o, "art", term_json(&p->art));
	json_t *terms = json_object();
	for (const char *const *kind = practice_term_kinds; *kind; kind++) {
		json_t *list = json_array();
		for (size_t i = 0; i < p->nterms; i++)
			if (strcmp(p->terms[i].kind, *kind) == 0)
				json_array_append_new(list, term_json(&p->terms[i]));
		jsonx_set(terms, *kind, list);
	}
	jsonx_set(o, "terms", terms);
	json_t *org = json_object();
	jsonx_set(org, "name", jsonx_text(p->text[PX_ORGANISATION_NAME]));
	jsonx_set(org, "kind", jsonx_text(p->text[PX_ORGANISATION_KIND]));
	jsonx_set(org, "bundesland", jsonx_text(p->text[PX_BUNDESLAND]));
	jsonx_set(o, "organisation", org);
	json_t *contact = json_object();
	jsonx_set(contact, "name", jsonx_text(p->text[PX_CONTACT_NAME]));
	jsonx_set(contact, "email", jsonx_text(p->text[PX_CONTACT_EMAIL]));
	jsonx_set(contact, "phone", jsonx_text(p->text[PX_CONTACT_PHONE]));
	jsonx_set(o, "contact", contact);
	jsonx_set(o, "in_use_since", jsonx_text(p->text[PX_IN_USE_SINCE]));
	json_t *sections = json_object();
	for (size_t i = 0; i < 4; i++) {
		enum practice_text t = practice_sections[i];
		jsonx_set(sections, practice_fields[t].key, jsonx_text(p->text[t]));
	}
	jsonx_set(o, "sections", sections);
	json_t *criteria = json_object();
	for (size_t i = 0; i < 4; i++) {
		enum practice_text t = practice_criteria[i];
		/* "criterion_transferable" → "transferable" */
		const char *key = practice_fields[t].key;
		if (strncmp(key, "criterion_", 10) == 0)
			key += 10;
		jsonx_set(criteria, key, jsonx_text(p->text[t]));
	}
	jsonx_set(o, "criteria", criteria);
	size_t nlinks;
	struct practice_link *links = practice_links(&r->arena, p->text[PX_LINKS], &nlinks);
	json_t *web = json_array();
	for (size_t i = 0; i < nlinks; i++) {
		json_t *l = json_object();
		jsonx_set(l, "url", jsonx_text(links[i].url));
		jsonx_set(l, "label", jsonx_text(links[i].label));
		json_array_append_new(web, l);
	}
	jsonx_set(o, "web_links", web);
	files_json(r, p, o);
	jsonx_set(o, "published_at", jsonx_time(p->published_at));
	jsonx_set(o, "updated_at", jsonx_time(p->updated_at));
	/* The yearly check (issue #12): the last approved confirmation, and in_use false for
	 * a practice no longer in use. */
	int64_t confirmed;
	bool in_use;
	yearly_check_public_state(r->store, p->id, &confirmed, &in_use);
	jsonx_set(o, "confirmed_at", confirmed ? jsonx_time(confirmed) : json_null());
	jsonx_set(o, "in_use", json_boolean(in_use));
	jsonx_set(o, "links", addresses(r, p->slug));
	return o;
}

void
page_api_practice(struct request *r)
{
	api_headers(r);
	struct practice *p = arena_calloc(&r->arena, sizeof *p);
	if (!practice_find_slug(r->store, &r->arena, r->params[0], true, p)) {
		api_error(r, 404, N_("No published practice has this address."));
		return;
	}
	/* The transfer figures (issue 11) change without the practice: they enter the
	 * validators, so an approval or a withdrawal is never answered with 304. */
	struct transfer_counts tc;
	transfer_counts(r->store, &r->arena, p->id, r->lang, &tc);
	size_t nst;
	struct transfer_story *last = transfer_stories(r->store, &r->arena, p->id, "", 1, &nst);
	struct practice q = *p;
	if (nst && last[0].at > q.updated_at)
		q.updated_at = last[0].at;
	const char *kind =
	    arena_printf(&r->arena, "api/transfer-%lld-%lld-%lld", (long long)tc.adopted,
	                 (long long)tc.preparing, (long long)tc.interested);
	if (selection_fresh_practice(r, kind, &q)) {
		http_send(r, 200, API_TYPE, "", 0);
		return;
	}
	json_t *o = practice_json(r, p);
	json_t *t = json_object();
	jsonx_set(t, "adopted", json_integer(tc.adopted));
	jsonx_set(t, "bundeslaender", json_integer(tc.lands));
	jsonx_set(t, "preparing", json_integer(tc.preparing));
	jsonx_set(t, "interested", json_integer(tc.interested));
	json_t *lands = json_object();
	for (int i = 0; i < TRANSFER_LANDS; i++)
		if (tc.land_key[i][0] && tc.per_land[i])
			jsonx_set(lands, tc.land_key[i], json_integer(tc.per_land[i]));
	jsonx_set(t, "adopted_per_bundesland", lands);
	jsonx_set(o, "transfer", t);
	send_json(r, 200, o);
}

/* Suggestions while typing, for the search form's list (assets/app.js): the texts to
 * search for, from the published practices' titles and their words. */
void
page_api_suggestions(struct request *r)
{
	api_headers(r);
	const char *text = http_query(r, "q");
	if (selection_fresh(r, "api-suggest")) {
		http_send(r, 200, API_TYPE, "", 0);
		return;
	}
	const char *found[PRACTICE_SUGGESTIONS];
	size_t n = practice_suggest(r->store, &r->arena, text, found, PRACTICE_SUGGESTIONS);
	json_t *o = json_object(), *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, jsonx_text(found[i]));
	jsonx_set(o, "query", jsonx_text(text ? text : ""));
	jsonx_set(o, "suggestions", list);
	send_json(r, 200, o);
}

void
page_openapi(struct request *r)
{
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
	http_send(r, 200, API_TYPE, (const char *)openapi_json, openapi_json_len);
	r->resp.etag = openapi_json_etag;
}

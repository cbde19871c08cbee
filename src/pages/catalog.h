/* The public catalog of good practices (catalog.c), a practice's page (practice.c) and
 * their administration (admin_practices.c). */
#ifndef PAGES_CATALOG_H
#define PAGES_CATALOG_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/practice.h"
#include "html/html.h"
#include "http/form.h"
#include "http/request.h"

/* ---- catalog.c: /praxis ---- */

void page_catalog(struct request *r);

/* Reads the catalog's URL parameters into q: q (the search text), the facets' parameters
 * (art, feld, zielgruppe, adressat, land, jahr; each may repeat), sort (neu, relevanz,
 * titel) and seite (the page, from 1). Unknown parameters are ignored, empty values too.
 * Returns true, or false with *reason (a msgid for a 400 answer) when the page number is
 * not a whole number from 1 to 100000. Feeds, the API and the exports take the same
 * parameters through this function. */
bool catalog_query_parse(struct request *r, struct practice_query *q, const char **reason);

/* The query string of q ("q=…&feld=…", without "?"; "" for none), for links that keep a
 * selection: with_sort adds a sort other than the default, page > 1 adds the page. In
 * the request's arena. */
const char *catalog_query_string(struct request *r, const struct practice_query *q, bool with_sort,
                                 int64_t page);

/* For a public catalog page (anonymous visitors only; a logged-in person's pages are
 * never cached): sets a weak ETag and Last-Modified from the catalog's state (its
 * generation and last change), the page's path and its selection as parsed
 * (catalog_query_string; "" for a practice's page),
 * the language and the program's version. Returns true when the request is answered
 * already: the client's copy is current (the server then sends 304 Not Modified) or the
 * page's bytes were kept from an earlier rendering (catalog_cache_keep). */
bool catalog_cache(struct request *r, const char *selection);
/* Keeps the page just rendered (status 200, validators set by catalog_cache) for the
 * next anonymous visitor. */
void catalog_cache_keep(struct request *r, const char *selection);

/* Writes a date (Berlin time) as the page's language writes it: "24.11.2026" or
 * "2026-11-24". In the request's arena. */
const char *catalog_date(struct request *r, int64_t utc);

/* A hit's snippet or teaser as text: Markdown marks dropped, matches (between the bytes
 * 0x01 and 0x02) in <mark>. */
void catalog_snippet(struct html *h, const char *text);

/* ---- practice.c: /praxis/SLUG ---- */

void page_practice(struct request *r);
/* The practice's page body (for the public page and the office's preview): sections,
 * criteria, organisation and contact, links, the PDF, related practices. */
void practice_render(struct request *r, struct html *h, const struct practice *p);
/* Markdown as safe HTML, its headings moved below the page's <h2> (# becomes <h3>). */
void practice_markdown(struct html *h, const char *md);

/* ---- admin_practices.c: /admin/praxis ---- */

#define PRACTICE_FORM_KEYS 21
extern const struct form_key practice_form_keys[PRACTICE_FORM_KEYS];
extern const struct form_key from_proposal_keys[1];
void page_admin_practices(struct request *r);
void page_admin_practice_new(struct request *r);
void page_admin_practice_create(struct request *r);
void page_admin_practice_from_proposal(struct request *r);
void page_admin_practice(struct request *r);
void page_admin_practice_save(struct request *r);
void page_admin_practice_preview(struct request *r);
void page_admin_practice_publish(struct request *r);
void page_admin_practice_unpublish(struct request *r);
void page_admin_practice_archive(struct request *r);

#endif

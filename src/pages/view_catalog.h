/* What the catalog's pages share (view_catalog.c): its URL parameters, dates, snippets. */
#ifndef PAGES_VIEW_CATALOG_H
#define PAGES_VIEW_CATALOG_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/practice.h"
#include "html/html.h"
#include "http/request.h"

/* Reads the catalog's URL parameters into q: q (the search text), the facets' parameters
 * (art, feld, zielgruppe, adressat, land, jahr; each may repeat), bestaetigt=1 (only
 * practices confirmed in the last 12 months, #12), sort (neu, relevanz, titel) and seite
 * (the page, from 1). Unknown parameters are ignored, empty values too.
 * Returns true, or false with *reason (a msgid for a 400 answer) when the page number is
 * not a whole number from 1 to 100000. Feeds, the API and the exports take the same
 * parameters through this function. */
/* The parameter of the filter "confirmed in the last 12 months" (value 1). */
#define CATALOG_CONFIRMED_PARAM "bestaetigt"
bool catalog_query_parse(struct request *r, struct practice_query *q, const char **reason);

/* The order a selection has when the URL names none: best match with a search text,
 * newest first without one. */
enum practice_sort catalog_default_sort(const struct practice_query *q);

/* The query string of q ("q=…&feld=…", without "?"; "" for none), for links that keep a
 * selection: with_sort adds a sort other than the default, page > 1 adds the page. In
 * the request's arena. */
const char *catalog_query_string(struct request *r, const struct practice_query *q, bool with_sort,
                                 int64_t page);

/* Writes a date (Berlin time) as the page's language writes it: "24.11.2026" or
 * "2026-11-24". In the request's arena. */
const char *catalog_date(struct request *r, int64_t utc);

/* The catalog's opening under its heading title: what the catalog holds, and the way to
 * the collections. The same on the live and the static catalog. */
void catalog_intro(struct request *r, struct html *h, const char *title);

/* A hit's snippet or teaser as text: Markdown marks dropped, matches (between the bytes
 * 0x01 and 0x02) in <mark>. */
void catalog_snippet(struct html *h, const char *text);

/* For a public catalog page (anonymous visitors only; a logged-in person's pages are
 * never cached): sets a weak ETag and Last-Modified from the catalog's state (its
 * generation and last change), the page's path and its selection as parsed
 * (catalog_query_string; "" for a practice's page),
 * the language and the program's version. Returns true when the request is answered
 * already: the client's copy is current (the server then sends 304 Not Modified) or the
 * page's bytes were kept from an earlier rendering (catalog_cache_keep). */
bool catalog_cache(struct request *r, const char *selection);
/* As catalog_cache, and sets *stamp (when not NULL) to catalog_stamp's value as read for
 * it, whatever the answer: a page that goes on to render parts kept under the stamp asks
 * the database for the catalog's state once. */
bool catalog_cache_stamped(struct request *r, const char *selection, uint64_t *stamp);
/* What every catalog page depends on but its address (the catalog's generation and newest
 * change as the database has them now, the language, the program's version, the next
 * confirmation boundary): a page or part kept under it is current while it is the same. */
uint64_t catalog_stamp(struct request *r, int64_t *last_change);
/* Keeps the page just rendered (status 200, validators set by catalog_cache) for the
 * next anonymous visitor. */
void catalog_cache_keep(struct request *r, const char *selection);

/* The static site (`site export`, view_catalog.c). configure, before the export's
 * in-process server starts and never on a live server, makes the public pages answer as the
 * static copy needs them: page_catalog with catalog_static_page, the API's list in one page,
 * and without a live_url (NULL or "") no invitation to forms the copy cannot serve. */
void catalog_static_configure(const char *live_url);
bool catalog_static_site(void);
/* The live instance's address without a trailing slash, or NULL. */
const char *catalog_static_live(void);

#endif

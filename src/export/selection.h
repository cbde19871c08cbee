/* What the open-data routes share: the catalog's query parameters read into a practice
 * query (so a feed, the API and the downloads show the same selection as /praxis with the
 * same address), conditional-request stamps, and a practice's public addresses. */
#ifndef EXPORT_SELECTION_H
#define EXPORT_SELECTION_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/practice.h"
#include "http/request.h"

/* The catalog's parameter names besides the facets' (practice_facets[].param). */
#define SELECTION_TEXT "q"
#define SELECTION_SORT "sort"
#define SELECTION_PAGE "seite"
#define SELECTION_PER_PAGE "pro_seite" /* the API only */

/* The values of SELECTION_SORT, indexed by enum practice_sort. */
extern const char *const selection_sorts[3];

/* Reads the catalog's parameters from the query string into q (strings stay in the
 * request). Facet parameters may repeat; values that name no term are left to
 * practice_search, which ignores and reports them. Parameters the catalog does not know
 * are ignored. A malformed sort or page (not a whole number from 1) is an error: returns
 * false with *problem set to a msgid. The page and per_page stay as the caller set them
 * when the parameters are absent. */
bool selection_parse(struct request *r, struct practice_query *q, const char **problem);

/* The query string of the selection as the catalog writes it ("art=konzept&q=Pflege"),
 * without sort and page unless keep_paging; "" when there is nothing. For the feeds'
 * self and alternate links. */
const char *selection_query_string(struct request *r, bool keep_paging);

/* Sets the response's ETag and Last-Modified for a response about the catalog (kind
 * names the route, e.g. "atom"): a hash of the catalog's stamp, the query string, the
 * language and the version. Returns true when the client's copy is current: the caller
 * then sends an empty 200 of its type and the server answers 304 without the work. */
bool selection_fresh(struct request *r, const char *kind);
/* The same for one practice's representation (its slug and updated_at). */
bool selection_fresh_practice(struct request *r, const char *kind, const struct practice *p);

/* Absolute addresses of a practice: its page and its PDF. */
const char *selection_practice_url(struct request *r, const char *slug);
const char *selection_practice_pdf_url(struct request *r, const char *slug);
/* The practice's terms of one kind, labelled in the request's language, joined by sep; ""
 * when none. */
const char *selection_terms(struct request *r, const struct practice *p, const char *kind,
			    const char *sep);

/* Every hit of the selection (all pages, up to max), newest first unless the query asks
 * otherwise. Returns the number, with *out in the request's arena; -1 on a storage error. */
long selection_all(struct request *r, struct practice_query *q, size_t max,
		   struct practice_hit **out, struct practice_result *res);

/* A file name for Content-Disposition: the base (letters, digits, '-', '_', '.' kept,
 * anything else as '-'), e.g. attachment; filename="gute-praxis.csv". */
void selection_disposition(struct request *r, bool attachment, const char *filename);

#endif

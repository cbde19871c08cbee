/* What the open-data routes share: the catalog's query parameters read into a practice
 * query (so a feed, the API and the downloads show the same selection as /praxis with the
 * same address), conditional-request stamps, and a practice's public addresses. */
#ifndef PAGES_VIEW_SELECTION_H
#define PAGES_VIEW_SELECTION_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/practice.h"
#include "export/practice_pdf.h"
#include "http/request.h"

/* The API's own parameter (the catalog's are q, the facets, sort and seite). */
#define SELECTION_PER_PAGE "pro_seite"

/* The values of the catalog's sort parameter, indexed by enum practice_sort. */
extern const char *const selection_sorts[PRACTICE_SORT_COUNT];

/* Reads the catalog's parameters through the catalog's own parser (catalog_query_parse),
 * so every route takes exactly what /praxis takes, plus pro_seite (a whole number from 1
 * to 100; per_page stays 0 without it). Returns false with *problem set to a msgid when a
 * parameter is malformed. */
bool selection_parse(struct request *r, struct practice_query *q, const char **problem);
/* True unless the sort parameter is given with a value the catalog does not know (the
 * catalog then falls back to its default; the API says so instead). */
bool selection_sort_valid(struct request *r);

/* The query string of the selection as the catalog writes it ("q=Pflege&art=konzept"),
 * "" for none; with_paging adds a sort other than the default, the page and pro_seite.
 * For links that keep a selection. */
const char *selection_query_string(struct request *r, const struct practice_query *q,
                                   bool with_paging);

/* Sets the response's ETag and Last-Modified for a response about the catalog (kind
 * names the route, e.g. "atom"): a hash of the catalog's stamp, the query string, the
 * language and the version. The ETag is weak, as the server may compress text. Returns
 * true when the client's copy is current: the caller then sends an empty 200 of its type
 * and the server answers 304 without the work. */
bool selection_fresh(struct request *r, const char *kind);
/* The key a document for everyone (a brochure) is kept under in html/cache, after
 * selection_fresh(): its ETag (the data's generation, the query, the language, the
 * version), the path and the site's address, which the document's links carry. */
const char *selection_doc_key(struct request *r);
/* The same for one practice's representation (its slug and updated_at). */
bool selection_fresh_practice(struct request *r, const char *kind, const struct practice *p);

/* Absolute addresses of a practice: its page and its PDF. */
const char *selection_practice_url(struct request *r, const char *slug);
const char *selection_practice_pdf_url(struct request *r, const char *slug);
/* The practice's terms of one kind, labelled in the request's language, joined by sep; ""
 * when none. */
const char *selection_terms(struct request *r, const struct practice *p, const char *kind,
                            const char *sep);
/* What a practice's PDF (alone or as a brochure's chapter) shows beside the practice: its
 * addresses, its terms by kind, and the yearly check's last confirmation. */
struct practice_pdf_meta selection_pdf_meta(struct request *r, const struct practice *p);

/* Every hit of the selection (all pages, up to max), newest first unless the query asks
 * otherwise. Returns the number, with *out in the request's arena; -1 on a storage error. */
long selection_all(struct request *r, struct practice_query *q, size_t max,
                   struct practice_hit **out, struct practice_result *res);

/* A file name for Content-Disposition: the base (letters, digits, '-', '_', '.' kept,
 * anything else as '-'), e.g. attachment; filename="gute-praxis.csv". */
void selection_disposition(struct request *r, bool attachment, const char *filename);

#endif

/* Handlers of the open-data routes: feeds, the JSON API and its OpenAPI description, CSV
 * and XLSX downloads, the sitemap and a practice's PDF. routes.c wires them. All are
 * public GET routes that show published practices only. */
#ifndef PAGES_OPEN_DATA_H
#define PAGES_OPEN_DATA_H

#include "http/request.h"

/* catalog_feeds.c: /feed.atom and /feed.rss, the catalog's parameters, newest 50. */
void page_feed_atom(struct request *r);
void page_feed_rss(struct request *r);

/* catalog_api.c: /api/v1/practices, /api/v1/practices/:slug, /api/v1/suggestions (the
 * search form's suggestions while typing), /openapi.json. */
void page_api_practices(struct request *r);
void page_api_practice(struct request *r);
void page_api_suggestions(struct request *r);
void page_openapi(struct request *r);

/* catalog_downloads.c: /export/practices.csv, /export/practices.xlsx, /praxis/:slug.pdf. */
void page_practices_csv(struct request *r);
void page_practices_xlsx(struct request *r);
void page_practice_pdf(struct request *r);
/* The published practice's PDF as /praxis/SLUG.pdf serves it, appended to out (the
 * transfer package carries it too). Returns 0 or -1 (logged). */
struct practice;
int catalog_practice_pdf(struct request *r, const struct practice *p, struct buf *out);

/* catalog_sitemap.c: /sitemap.xml. */
void page_sitemap(struct request *r);

/* catalog_dcat.c: /dcat.ttl, the open data described in DCAT-AP.de (Turtle). */
void page_dcat(struct request *r);
/* The publisher's name as /dcat.ttl gives it (LEUCHTTURM_DCAT_PUBLISHER, else
 * "Koordinierungsstelle (HOST)"), in r's arena: the author of the office's reports too. */
const char *open_data_publisher(struct request *r);

#endif

/* Handlers of the open-data routes: feeds, the JSON API and its OpenAPI description, CSV
 * and XLSX downloads, the sitemap and a practice's PDF. routes.c wires them. All are
 * public GET routes that show published practices only. */
#ifndef PAGES_OPEN_DATA_H
#define PAGES_OPEN_DATA_H

#include "http/request.h"

/* catalog_feeds.c: /feed.atom and /feed.rss, the catalog's parameters, newest 50. */
void export_feed_atom(struct request *r);
void export_feed_rss(struct request *r);

/* catalog_api.c: /api/v1/practices, /api/v1/practices/:slug, /openapi.json. */
void export_api_practices(struct request *r);
void export_api_practice(struct request *r);
void export_openapi(struct request *r);

/* catalog_downloads.c: /export/practices.csv, /export/practices.xlsx, /praxis/:slug.pdf. */
void export_practices_csv(struct request *r);
void export_practices_xlsx(struct request *r);
void export_practice_pdf(struct request *r);

/* catalog_sitemap.c: /sitemap.xml. */
void export_sitemap(struct request *r);

#endif

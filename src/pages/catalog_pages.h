/* Handlers of the public catalog: the list with its search (catalog_list.c), a practice's
 * page and its files (catalog_practice.c), the about page (catalog_about.c); the open
 * data routes are in open_data.h. routes.c wires them. */
#ifndef PAGES_CATALOG_PAGES_H
#define PAGES_CATALOG_PAGES_H
#include <stdbool.h>

#include "http/request.h"

/* catalog_list.c: /praxis */
void page_catalog(struct request *r);

/* catalog_static.c: the catalog as `site export` writes it (catalog_static_configure in
 * view_catalog.h): all practices on one page, no filters or selection boxes, the search
 * pointing to the live catalog, or the static copy's own. */
void catalog_static_page(struct request *r);

/* The catalog's kept pages (catalog_list.c, until they move to the cache module). */

/* catalog_practice.c: /praxis/SLUG */
void page_practice(struct request *r);
/* GET /praxis/:slug/bild/:fid — a published practice's current image, cacheable. */
void page_practice_image(struct request *r);
/* GET /praxis/:slug/download/:fid — a published practice's current download, as a file. */
void page_practice_download(struct request *r);

/* catalog_about.c: /ueber */
void page_about(struct request *r);

#endif

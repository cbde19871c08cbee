/* Collections (Themendossiers, issue 12): the office's editing and the public pages. */
#ifndef PAGES_COLLECTION_PAGES_H
#define PAGES_COLLECTION_PAGES_H
#include "http/form.h"
#include "http/request.h"

struct collection;
struct html;

extern const struct form_key collection_new_keys[1];
extern const struct form_key collection_form_keys[4];

/* office_collections.c: office only */
void page_collections_admin(struct request *r);
void page_collection_create(struct request *r);
void page_collection_edit(struct request *r);
void page_collection_save(struct request *r);
void page_collection_preview(struct request *r);
void page_collection_publish(struct request *r);
void page_collection_unpublish(struct request *r);

/* catalog_collections.c: public (published collections only) */
void page_collections(struct request *r);
void page_collection(struct request *r);
void page_collection_feed(struct request *r);
/* The brochure: /sammlung/SLUG.pdf. */
void page_collection_pdf(struct request *r);
/* A visitor's selection (Merkliste): /merkliste?p=SLUG…, /merkliste.pdf?p=SLUG… (one
 * brochure) and /merkliste.zip?p=SLUG… (each practice's PDF and a README with the
 * addresses); at most MERKLISTE_MAX practices (more: 400). */
#define MERKLISTE_MAX 50
void page_merkliste(struct request *r);
void page_merkliste_pdf(struct request *r);
void page_merkliste_zip(struct request *r);
void page_api_collections(struct request *r);
void page_api_collection(struct request *r);
/* The body of a collection's public page (also its preview): introduction, audience and
 * its published practices with their notes. */
void collection_render(struct request *r, struct html *h, const struct collection *c);
/* "In these collections" on a practice's page; nothing when it is in none. */
void collection_links_of_practice(struct request *r, struct html *h, int64_t practice_id);

#endif

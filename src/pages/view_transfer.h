/* Pieces of transfer that several pages show: the fields of the report forms, the practice
 * page's section (counts, the map of the Länder with its table, the stories), a story. */
#ifndef PAGES_VIEW_TRANSFER_H
#define PAGES_VIEW_TRANSFER_H

#include "domain/practice.h"
#include "domain/transfer.h"
#include "html/html.h"
#include "http/request.h"

/* Organisation, its kind (Adressat terms and "other") and Bundesland. */
void transfer_organisation_fields(struct request *r, struct html *h, const char *name,
                                  const char *kind, const char *land);
/* "Our organisation's name may be shown with the report". */
void transfer_name_public_field(struct request *r, struct html *h, bool checked);
/* The stage (first: without "given up"). */
void transfer_stage_field(struct request *r, struct html *h, const char *value, bool first);
/* What becomes public, and the consent to the privacy notice (/datenschutz). */
void transfer_consent_fields(struct request *r, struct html *h);

/* The practice page's section "Transfer": "Adopted by 5 institutions in 3 Länder", the
 * map with its table, the approved stories, and the way to the interest form. */
void transfer_render_practice(struct request *r, struct html *h, const struct practice *p);
/* The map of the 16 Länder (inline SVG, shaded by count) and its data table. */
void transfer_render_map(struct request *r, struct html *h, const struct transfer_counts *c,
                         const char *id);
/* One approved story as a list item. */
void transfer_render_story(struct request *r, struct html *h, const struct transfer_story *t,
                           bool with_practice);

#endif

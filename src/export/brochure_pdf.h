/* A collection's brochure (issue 12): /sammlung/SLUG.pdf — a cover (title, audience, date,
 * address), the introduction, a table of contents with page numbers and links, and each
 * published practice as a chapter (its note, sections, criteria, contact) with running
 * heads, an outline and page numbers; the same bytes for the same data. */
#ifndef EXPORT_BROCHURE_PDF_H
#define EXPORT_BROCHURE_PDF_H

#include <stddef.h>

#include "domain/collection.h"
#include "domain/practice.h"
#include "export/pdf.h"
#include "export/practice_pdf.h"
#include "util/arena.h"

/* One chapter: the practice, what its PDF shows beside it, and the collection's note. */
struct brochure_chapter {
	const struct practice *practice;
	struct practice_pdf_meta meta;
	const char *note;
};

/* What the cover shows beside the collection, given by the caller. */
struct brochure_meta {
	enum lang lang;
	const char *page_url; /* the collection's public address */
	const char *site_url;
	const char *audience; /* the Adressaten joined by ", " ("" for none) */
};

/* Writes the brochure into d; strings live in a. */
void brochure_pdf_build(struct pdf_doc *d, struct arena *a, const struct collection *c,
                        const struct brochure_meta *m, const struct brochure_chapter *ch, size_t n);

#endif

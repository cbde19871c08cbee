/* A good practice as an A4 PDF: the title and summary, its fields (kind, organisation,
 * terms, contact, dates, address), the four sections, how it meets the criteria, its
 * links and downloads with their addresses, and where to report an interest in adopting
 * it (issue 11). The page that serves it (pages/catalog_downloads.c) and, later, a collection's
 * brochure build it the same way. */
#ifndef EXPORT_PRACTICE_PDF_H
#define EXPORT_PRACTICE_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/practice.h"
#include "export/pdf.h"
#include "util/arena.h"
#include "util/i18n.h"

#define PRACTICE_PDF_TERMS 4

/* One of the practice's downloads: its title, its type and size ("PDF, 120 KB") and its
 * absolute address. */
struct practice_pdf_download {
	const char *title, *detail, *url;
};

/* What the PDF shows beside the practice, given by the caller. */
struct practice_pdf_meta {
	enum lang lang;
	const char *page_url; /* the practice's public address */
	const char *site_url; /* the catalog's address, the PDF's producer link */
	/* The practice's terms joined by ", ": Handlungsfelder, Zielgruppen, Adressaten,
	 * Bundesländer ("" for none). */
	const char *terms[PRACTICE_PDF_TERMS];
	/* The yearly check (#12): the last approved confirmation (0: never) and whether the
	 * practice is still in use. */
	int64_t confirmed_at;
	bool in_use;
	/* The current downloads, in their order (none: NULL, 0). */
	const struct practice_pdf_download *downloads;
	size_t ndownloads;
};

/* Writes the practice into d; strings live in a. */
void practice_pdf_build(struct pdf_doc *d, struct arena *a, const struct practice *p,
                        const struct practice_pdf_meta *m);
/* The practice without its title and document information: what a chapter of a
 * collection's brochure holds below its chapter title. */
void practice_pdf_body(struct pdf_doc *d, struct arena *a, const struct practice *p,
                       const struct practice_pdf_meta *m);

#endif

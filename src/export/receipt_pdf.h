/* The receipt of a submitted proposal as an A4 PDF: what was received when, as which
 * version (and which it replaces), followed by the version's content. Served by
 * pages/submission_receipt.c. The bytes depend on the version alone. */
#ifndef EXPORT_RECEIPT_PDF_H
#define EXPORT_RECEIPT_PDF_H
#include <stddef.h>
#include <stdint.h>

#include "domain/proposal.h"
#include "export/pdf.h"
#include "util/arena.h"
#include "util/i18n.h"

/* One labelled text of the receipt (a term group, a self-assessment). */
struct receipt_item {
	const char *label, *text;
};

/* What the receipt shows beside the version's texts, resolved by the caller in lang. */
struct receipt_pdf_meta {
	enum lang lang;
	const char *call_title, *organisation_name, *submitted_by;
	int64_t number, submitted_at, closes_at;
	const char *art;                 /* the Art's label, "" for none */
	struct receipt_item terms[4];    /* Handlungsfelder, Zielgruppen, Adressaten, Länder */
	const struct receipt_item *self; /* the self-assessment per criterion, in rubric order */
	size_t nself;
	const struct proposal_version_file *files;
	size_t nfiles;
	const char *page_url; /* the proposal's page in Leuchtturm */
};

/* Writes the receipt of version content p (its texts) into d; strings live in a. */
void receipt_pdf_build(struct pdf_doc *d, struct arena *a, const struct proposal *p,
                       const struct receipt_pdf_meta *m);

#endif

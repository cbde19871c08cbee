/* /admin/uebernahmen/jahresbericht/YEAR.pdf: the yearly transfer report for the funder, as a
 * PDF (cairo + pango, export/pdf.h): the year's approved adoptions, preparations and
 * interest in total, per good practice, per Land and per kind of institution, each a table
 * (export/pdf_table.h). Only approved
 * public fields, never a reporter's contact; dated by the year's latest approval, so the
 * same data gives the same bytes. */
#include "pages/transfer_pages.h"
#include "domain/transfer.h"
#include "export/pdf.h"
#include "export/pdf_table.h"
#include "pages/open_data.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool
parse_year(const char *v, int *year)
{
	if (!v || strlen(v) != 4 || strspn(v, "0123456789") != 4)
		return false;
	*year = atoi(v);
	return *year >= 2000 && *year <= 2999;
}

/* 1 January of year, 00:00 UTC. */
static int64_t
year_start(int year)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1};
	return (int64_t)timegm(&tm);
}

static const char *
num(struct request *r, int64_t n)
{
	return arena_printf(&r->arena, "%lld", (long long)n);
}

/* A table of labels and one count each: a Land's adoptions, a kind's. */
static void
tally_table(struct request *r, struct pdf_doc *d, const char *head, const char *count_head,
            const struct transfer_tally *t, size_t n)
{
	static const struct pdf_table cols = {2, {3, 1}, {false, true}};
	pdf_table_head(d, &cols, (const char *const[]){head, count_head});
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		pdf_table_row(d, &cols, (const char *const[]){t[i].label, num(r, t[i].count)});
		sum += t[i].count;
	}
	pdf_table_row(d, &cols, (const char *const[]){tr(r, "In total"), num(r, sum)});
}

/* Per good practice: its counts, then the Länder each was adopted in, by name. */
static void
practices_tables(struct request *r, struct pdf_doc *d, const struct transfer_year *y)
{
	pdf_heading(d, tr(r, "Per good practice"));
	if (!y->npractices) {
		pdf_paragraph(d, tr(r, "No reports were approved in this year."));
	} else {
		static const struct pdf_table cols = {
		    5, {7, 4, 4, 5, 4}, {false, true, true, true, true}};
		pdf_table_head(d, &cols,
		               (const char *const[]){tr(r, "Good practice"), tr(r, "Adopted"),
		                                     tr(r, "Federal states"),
		                                     tr(r, "Preparing an adoption"),
		                                     tr(r, "Interested")});
		for (size_t i = 0; i < y->npractices; i++) {
			const struct transfer_year_practice *p = &y->practices[i];
			pdf_table_row(d, &cols,
			              (const char *const[]){p->title, num(r, p->adopted),
			                                    num(r, p->lands), num(r, p->preparing),
			                                    num(r, p->interested)});
		}
	}

	/* Where each practice was taken up: the Länder by name. */
	bool any = false;
	static const struct pdf_table where = {2, {1, 1}, {false, false}};
	for (size_t i = 0; i < y->npractices; i++) {
		const struct transfer_year_practice *p = &y->practices[i];
		if (!p->adopted)
			continue;
		if (!any) {
			pdf_subheading(d, tr(r, "Adopted in"));
			pdf_table_head(
			    d, &where,
			    (const char *const[]){tr(r, "Good practice"), tr(r, "Adopted in")});
			any = true;
		}
		pdf_table_row(d, &where, (const char *const[]){p->title, p->adopted_in});
	}
}

void
page_transfer_year_pdf(struct request *r)
{
	int year;
	if (!parse_year(r->params[0], &year)) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	struct transfer_year y;
	if (transfer_year(r->store, &r->arena, year, r->lang, &y) != TRANSFER_OK) {
		http_fail(r);
		return;
	}
	const char *title = arena_printf(&r->arena, tr(r, "Transfer report %d"), year);
	struct pdf_doc *d = pdf_new(r->lang);
	int64_t date = y.last_at ? y.last_at : year_start(year);
	pdf_set_info(d, title, open_data_publisher(r),
	             tr(r, "Where the good practices have been adopted"), date,
	             http_absolute_url(r, "/"), title);
	pdf_title(d, title);
	pdf_lead(d, tr(r, "The reports of institutions on taking up the good practices that the "
	                  "coordination office approved in this year. Only what is public: the "
	                  "kind of institution, its Bundesland and the stage."));
	pdf_heading(d, tr(r, "In total"));
	static const struct pdf_table totals = {4, {1, 1, 1, 1}, {true, true, true, true}};
	pdf_table_head(d, &totals,
	               (const char *const[]){tr(r, "Adopted"), tr(r, "Preparing an adoption"),
	                                     tr(r, "Interested"), tr(r, "Given up")});
	pdf_table_row(d, &totals,
	              (const char *const[]){num(r, y.adopted), num(r, y.preparing),
	                                    num(r, y.interested), num(r, y.given_up)});

	practices_tables(r, d, &y);

	pdf_heading(d, tr(r, "Adoptions per Land"));
	tally_table(r, d, tr(r, "Bundesland"), tr(r, "Adoptions"), y.lands, y.nlands);

	pdf_heading(d, tr(r, "Adoptions by kind of institution"));
	if (!y.nkinds)
		pdf_paragraph(d, tr(r, "No adoptions were approved in this year."));
	else
		tally_table(r, d, tr(r, "Kind of institution"), tr(r, "Adoptions"), y.kinds,
		            y.nkinds);

	struct buf body = BUF_INIT;
	if (pdf_render(d, &body) < 0) {
		http_fail_with(r, N_("The PDF could not be made."));
	} else {
		http_set_header(r, "Cache-Control", "private, no-store");
		http_set_header(
		    r, "Content-Disposition",
		    arena_printf(&r->arena, "inline; filename=\"transferbericht-%d.pdf\"", year));
		http_send_buf(r, 200, "application/pdf", &body);
	}
	buf_free(&body);
	pdf_free(d);
}

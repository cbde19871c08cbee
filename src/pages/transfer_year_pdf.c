/* /admin/uebernahmen/jahresbericht/YEAR.pdf: the yearly transfer report for the funder, as a
 * PDF (cairo + pango, export/pdf.h): the year's approved adoptions, preparations and
 * interest in total, per good practice, per Land and per kind of institution. Only approved
 * public fields, never a reporter's contact; dated by the year's latest approval, so the
 * same data gives the same bytes. */
#include "pages/transfer_pages.h"
#include "domain/transfer.h"
#include "export/pdf.h"
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

static void
line(struct request *r, struct pdf_doc *d, const char *label, int64_t n)
{
	pdf_bullet(d, arena_printf(&r->arena, "%s: %lld", label, (long long)n));
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
	pdf_set_info(d, title, "Leuchtturm", tr(r, "Where the good practices have been adopted"),
	             date, http_absolute_url(r, "/"), title);
	pdf_title(d, title);
	pdf_lead(d, tr(r, "The reports of institutions on taking up the good practices that the "
	                  "coordination office approved in this year. Only what is public: the "
	                  "kind of institution, its Bundesland and the stage."));
	pdf_heading(d, tr(r, "In total"));
	line(r, d, tr(r, "Adopted"), y.adopted);
	line(r, d, tr(r, "Preparing an adoption"), y.preparing);
	line(r, d, tr(r, "Interested"), y.interested);
	line(r, d, tr(r, "Given up"), y.given_up);

	pdf_heading(d, tr(r, "Per good practice"));
	if (!y.npractices)
		pdf_paragraph(d, tr(r, "No reports were approved in this year."));
	for (size_t i = 0; i < y.npractices; i++) {
		const struct transfer_year_practice *p = &y.practices[i];
		pdf_subheading(d, p->title);
		pdf_paragraph(d,
		              arena_printf(&r->arena,
		                           tr(r, "Adopted: %lld (in %lld Länder). Preparing: %lld. "
		                                 "Interested: %lld."),
		                           (long long)p->adopted, (long long)p->lands,
		                           (long long)p->preparing, (long long)p->interested));
		pdf_link(d, NULL,
		         http_absolute_url(r, arena_printf(&r->arena, "/praxis/%s", p->slug)));
	}

	pdf_heading(d, tr(r, "Adoptions per Land"));
	for (size_t i = 0; i < y.nlands; i++)
		line(r, d, y.lands[i].label, y.lands[i].count);

	pdf_heading(d, tr(r, "Adoptions by kind of institution"));
	if (!y.nkinds)
		pdf_paragraph(d, tr(r, "No adoptions were approved in this year."));
	for (size_t i = 0; i < y.nkinds; i++)
		line(r, d, y.kinds[i].label, y.kinds[i].count);

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

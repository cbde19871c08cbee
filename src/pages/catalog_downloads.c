/* Downloads: the current catalog selection as CSV and XLSX, and one practice as a PDF. */
#include "pages/open_data.h"
#include "export/pdf.h"
#include "domain/yearly_check.h"
#include "export/practice_pdf.h"
#include "pages/view_selection.h"
#include "export/table.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

/* An export holds at most this many practices (the whole catalog, in practice). */
#define EXPORT_MAX 20000

enum col {
	C_TITLE,
	C_URL,
	C_ART,
	C_ORGANISATION,
	C_ORG_BUNDESLAND,
	C_HANDLUNGSFELD,
	C_ZIELGRUPPE,
	C_ADRESSAT,
	C_BUNDESLAND,
	C_IN_USE_SINCE,
	C_CONTACT_NAME,
	C_CONTACT_EMAIL,
	C_CONTACT_PHONE,
	C_TEASER,
	C_SITUATION,
	C_IMPLEMENTATION,
	C_RESULTS,
	C_TRANSFER,
	C_TRANSFERABLE,
	C_INNOVATIVE,
	C_SUSTAINABLE,
	C_EFFICIENT,
	C_PUBLISHED,
	C_UPDATED,
	C_PDF,
	C_COUNT
};

/* Header msgids, types and XLSX widths; the order of enum col. */
static const struct table_column column_defs[C_COUNT] = {
    [C_TITLE] = {N_("Title"), TABLE_TEXT, 45},
    [C_URL] = {N_("Web address"), TABLE_URL, 40},
    [C_ART] = {N_("Kind of practice"), TABLE_TEXT, 16},
    [C_ORGANISATION] = {N_("Organisation"), TABLE_TEXT, 30},
    [C_ORG_BUNDESLAND] = {N_("Federal state of the organisation"), TABLE_TEXT, 18},
    [C_HANDLUNGSFELD] = {N_("Fields of action"), TABLE_TEXT, 30},
    [C_ZIELGRUPPE] = {N_("Target groups"), TABLE_TEXT, 30},
    [C_ADRESSAT] = {N_("Addressees"), TABLE_TEXT, 30},
    [C_BUNDESLAND] = {N_("Federal states"), TABLE_TEXT, 24},
    [C_IN_USE_SINCE] = {N_("In use since"), TABLE_TEXT, 12},
    [C_CONTACT_NAME] = {N_("Contact person"), TABLE_TEXT, 22},
    [C_CONTACT_EMAIL] = {N_("Contact e-mail address"), TABLE_TEXT, 26},
    [C_CONTACT_PHONE] = {N_("Contact telephone"), TABLE_TEXT, 18},
    [C_TEASER] = {N_("Summary"), TABLE_TEXT, 50},
    [C_SITUATION] = {N_("Situation and challenge"), TABLE_TEXT, 50},
    [C_IMPLEMENTATION] = {N_("Implementation"), TABLE_TEXT, 50},
    [C_RESULTS] = {N_("Results and impact"), TABLE_TEXT, 50},
    [C_TRANSFER] = {N_("Transfer"), TABLE_TEXT, 50},
    [C_TRANSFERABLE] = {N_("Transferable"), TABLE_TEXT, 40},
    [C_INNOVATIVE] = {N_("Innovative"), TABLE_TEXT, 40},
    [C_SUSTAINABLE] = {N_("Sustainable"), TABLE_TEXT, 40},
    [C_EFFICIENT] = {N_("Efficient"), TABLE_TEXT, 40},
    [C_PUBLISHED] = {N_("Published"), TABLE_DATE, 12},
    [C_UPDATED] = {N_("Updated"), TABLE_DATE, 12},
    [C_PDF] = {N_("PDF"), TABLE_URL, 40},
};

static const char *
date_cell(struct request *r, int64_t t)
{
	if (!t)
		return NULL;
	char *out = arena_alloc(&r->arena, 40);
	time_format_rfc3339(out, 40, t);
	out[10] = '\0'; /* the date; the time of day is noise in a spreadsheet */
	return out;
}

static void
fill_row(struct request *r, const char **row, const struct practice *p)
{
	row[C_TITLE] = p->text[PX_TITLE];
	row[C_URL] = selection_practice_url(r, p->slug);
	row[C_ART] = p->art.id ? term_label(&p->art, r->lang) : NULL;
	row[C_ORGANISATION] = p->text[PX_ORGANISATION_NAME];
	row[C_ORG_BUNDESLAND] = p->text[PX_BUNDESLAND];
	row[C_HANDLUNGSFELD] = selection_terms(r, p, "handlungsfeld", "; ");
	row[C_ZIELGRUPPE] = selection_terms(r, p, "zielgruppe", "; ");
	row[C_ADRESSAT] = selection_terms(r, p, "adressat", "; ");
	row[C_BUNDESLAND] = selection_terms(r, p, "bundesland", "; ");
	row[C_IN_USE_SINCE] = p->text[PX_IN_USE_SINCE];
	row[C_CONTACT_NAME] = p->text[PX_CONTACT_NAME];
	row[C_CONTACT_EMAIL] = p->text[PX_CONTACT_EMAIL];
	row[C_CONTACT_PHONE] = p->text[PX_CONTACT_PHONE];
	row[C_TEASER] = p->text[PX_TEASER];
	row[C_SITUATION] = p->text[PX_SITUATION];
	row[C_IMPLEMENTATION] = p->text[PX_IMPLEMENTATION];
	row[C_RESULTS] = p->text[PX_RESULTS];
	row[C_TRANSFER] = p->text[PX_TRANSFER];
	row[C_TRANSFERABLE] = p->text[PX_CRITERION_TRANSFERABLE];
	row[C_INNOVATIVE] = p->text[PX_CRITERION_INNOVATIVE];
	row[C_SUSTAINABLE] = p->text[PX_CRITERION_SUSTAINABLE];
	row[C_EFFICIENT] = p->text[PX_CRITERION_EFFICIENT];
	row[C_PUBLISHED] = date_cell(r, p->published_at);
	row[C_UPDATED] = date_cell(r, p->updated_at);
	row[C_PDF] = selection_practice_pdf_url(r, p->slug);
}

/* The selection as a table (columns translated). Returns false after answering with an
 * error. */
static bool
selection_table(struct request *r, struct table *t, struct table_column *cols)
{
	struct practice_query q = {0};
	const char *problem = NULL;
	if (!selection_parse(r, &q, &problem)) {
		http_error(r, 400, problem);
		return false;
	}
	struct practice_result res;
	struct practice_hit *hits;
	long n = selection_all(r, &q, EXPORT_MAX, &hits, &res);
	if (n < 0) {
		http_fail_with(r, N_("The catalog could not be read."));
		return false;
	}
	for (size_t c = 0; c < C_COUNT; c++) {
		cols[c] = column_defs[c];
		cols[c].title = tr(r, column_defs[c].title);
	}
	table_init(t, cols, C_COUNT);
	struct store *s = r->store;
	struct practice *p = arena_alloc(&r->arena, sizeof *p);
	for (long i = 0; i < n; i++) {
		/* By id (the hit has it: no slug look-up per row); a practice unpublished
		 * between the search and here is simply left out. */
		if (practice_find(s, &r->arena, hits[i].id, p) && p->status == PRACTICE_PUBLISHED)
			fill_row(r, table_add_row(t), p);
	}
	return true;
}

static void
download_headers(struct request *r)
{
	http_set_header(r, "Cache-Control", "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
	http_set_header(r, "Access-Control-Allow-Origin", "*");
}

#define CSV_TYPE "text/csv; charset=utf-8; header=present"
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void
page_practices_csv(struct request *r)
{
	download_headers(r);
	selection_disposition(r, true, tr(r, "good-practices.csv"));
	if (selection_fresh(r, "csv")) {
		http_send(r, 200, CSV_TYPE, "", 0);
		return;
	}
	struct table t;
	struct table_column cols[C_COUNT];
	if (!selection_table(r, &t, cols))
		return;
	struct buf body = BUF_INIT;
	table_csv(&body, &t);
	http_send(r, 200, CSV_TYPE, body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

void
page_practices_xlsx(struct request *r)
{
	download_headers(r);
	selection_disposition(r, true, tr(r, "good-practices.xlsx"));
	if (selection_fresh(r, "xlsx")) {
		http_send(r, 200, XLSX_TYPE, "", 0);
		return;
	}
	struct table t;
	struct table_column cols[C_COUNT];
	if (!selection_table(r, &t, cols))
		return;
	struct buf body = BUF_INIT;
	/* The workbook's date is the catalog's last change, so the same data gives the
	 * same workbook. */
	int64_t created = r->resp.last_modified ? r->resp.last_modified : 1;
	if (table_xlsx(&body, &t, tr(r, "Good practices"), created) != 0)
		http_fail_with(r, N_("The spreadsheet could not be made."));
	else
		http_send(r, 200, XLSX_TYPE, body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

/* ---- PDF ---- */

void
page_practice_pdf(struct request *r)
{
	struct practice *p = arena_calloc(&r->arena, sizeof *p);
	if (!practice_find_slug(r->store, &r->arena, r->params[0], true, p)) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	download_headers(r);
	selection_disposition(r, false, arena_printf(&r->arena, "%s.pdf", p->slug));
	if (selection_fresh_practice(r, "pdf", p)) {
		http_send(r, 200, "application/pdf", "", 0);
		return;
	}
	struct buf body = BUF_INIT;
	if (catalog_practice_pdf(r, p, &body) < 0)
		http_fail_with(r, N_("The PDF could not be made."));
	else
		http_send_buf(r, 200, "application/pdf", &body);
	buf_free(&body);
}

int
catalog_practice_pdf(struct request *r, const struct practice *p, struct buf *out)
{
	struct practice_pdf_meta m = selection_pdf_meta(r, p);
	struct pdf_doc *d = pdf_new(r->lang);
	practice_pdf_build(d, &r->arena, p, &m);
	int rc = pdf_render(d, out);
	pdf_free(d);
	return rc < 0 ? -1 : 0;
}

/* The office's export of every transfer report with its contact data
 * (/admin/uebernahmen.csv and .xlsx): confidential, for the office's own follow-up. */
#include "domain/access.h"
#include "domain/transfer.h"
#include "export/table.h"
#include "pages/transfer_pages.h"
#include "util/timeutil.h"

static const struct table_column columns[] = {
    {"Nr.", TABLE_NUMBER, 6},
    {"Good Practice", TABLE_TEXT, 40},
    {"Organisation", TABLE_TEXT, 30},
    {"Art der Einrichtung", TABLE_TEXT, 24},
    {"Bundesland", TABLE_TEXT, 18},
    {"Stand", TABLE_TEXT, 16},
    {"Name öffentlich", TABLE_TEXT, 8},
    {"Meldende Person", TABLE_TEXT, 24},
    {"E-Mail", TABLE_TEXT, 30},
    {"Nachricht", TABLE_TEXT, 40},
    {"Was angepasst wurde", TABLE_TEXT, 40},
    {"Seit", TABLE_TEXT, 8},
    {"Erreichte Personen", TABLE_NUMBER, 8},
    {"Moderation", TABLE_TEXT, 12},
    {"Bestätigt", TABLE_DATE, 12},
    {"Geändert", TABLE_DATE, 12},
};
#define NCOLS (sizeof columns / sizeof columns[0])

static const char *
date(struct request *r, int64_t t)
{
	if (!t)
		return NULL;
	char out[40];
	time_format_rfc3339(out, sizeof out, t);
	return arena_strdup(&r->arena, out);
}

static const char *const moderation[] = {"zu prüfen", "freigegeben", "abgelehnt"};

static int64_t
build(struct request *r, struct table *t)
{
	size_t n;
	struct transfer_report *rep = transfer_list(r->store, &r->arena, false, &n);
	table_init(t, columns, NCOLS);
	int64_t newest = 1;
	for (size_t i = 0; i < n; i++) {
		const struct transfer_report *x = &rep[i];
		const char **c = table_add_row(t);
		size_t k = 0;
		c[k++] = arena_printf(&r->arena, "%lld", (long long)x->id);
		c[k++] = x->practice_title;
		c[k++] = x->organisation_name;
		c[k++] = transfer_kind_label(r->store, &r->arena, x->organisation_kind, LANG_DE);
		c[k++] = transfer_land_label(r->store, &r->arena, x->bundesland, LANG_DE);
		c[k++] = i18n_get(LANG_DE, transfer_stage_label(x->stage));
		c[k++] = x->name_public ? "ja" : "nein";
		c[k++] = x->reporter_name;
		c[k++] = x->reporter_email;
		c[k++] = x->message;
		c[k++] = x->report_text;
		c[k++] = x->since;
		c[k++] = x->people_reached >= 0
		             ? arena_printf(&r->arena, "%lld", (long long)x->people_reached)
		             : NULL;
		c[k++] = moderation[x->moderation];
		c[k++] = date(r, x->confirmed_at);
		c[k++] = date(r, x->updated_at);
		if (x->updated_at > newest)
			newest = x->updated_at;
	}
	return newest;
}

static bool
allowed(struct request *r, const char *ext)
{
	if (access_may_moderate_transfer(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office moderates transfer reports."));
		return false;
	}
	http_set_header(r, "Content-Disposition",
	                arena_printf(&r->arena, "attachment; filename=\"uebernahmen.%s\"", ext));
	/* Contact data: never kept by a shared cache or the browser's. */
	http_set_header(r, "Cache-Control", "private, no-store");
	return true;
}

void
page_transfer_office_csv(struct request *r)
{
	if (!allowed(r, "csv"))
		return;
	struct table t;
	build(r, &t);
	struct buf body = BUF_INIT;
	table_csv(&body, &t);
	http_send(r, 200, "text/csv; charset=utf-8; header=present", body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

void
page_transfer_office_xlsx(struct request *r)
{
	if (!allowed(r, "xlsx"))
		return;
	struct table t;
	int64_t newest = build(r, &t);
	struct buf body = BUF_INIT;
	if (table_xlsx(&body, &t, "Übernahmen", newest) != 0) {
		buf_free(&body);
		table_free(&t);
		http_fail(r);
		return;
	}
	http_send(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	          body.data, body.len);
	buf_free(&body);
	table_free(&t);
}

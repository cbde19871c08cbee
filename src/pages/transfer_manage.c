/* The reporter's private link, /uebernahme/meldung/TOKEN: the report as it stands, the form
 * to update it (stage, text, figures) and its withdrawal. The link is the only key: no
 * account, and no report id in any form, so one report's link never reaches another. */
#include "domain/transfer.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/transfer_pages.h"
#include "store/store.h"
#include "pages/view_transfer.h"

#include <stdio.h>
#include <string.h>

const struct form_key transfer_update_keys[8] = {
    {"organisation", FORM_TEXT, true, 0, 200, NULL},
    {"kind", FORM_TEXT, true, 0, 60, NULL},
    {"bundesland", FORM_TEXT, true, 0, 60, NULL},
    {"name_public", FORM_BOOL, false, 0, 0, NULL},
    {"stage", FORM_CHOICE, true, 0, 0, transfer_stage_names},
    {"report_text", FORM_LONGTEXT, false, 0, 4000, NULL},
    {"since", FORM_TEXT, false, 0, 7, NULL},
    {"people_reached", FORM_INT, false, 0, 10000000, NULL},
};

static void
link_gone(struct request *r)
{
	http_error(r, 410, N_("This link is invalid, or the report has been withdrawn."));
}

static const char *
moderation_text(const struct transfer_report *t)
{
	switch (t->moderation) {
	case TM_APPROVED:
		return N_("The coordination office has approved this version; it is public without "
		          "your name and e-mail address.");
	case TM_REJECTED:
		return N_("The coordination office has not published this version. Its reason:");
	default:
		return t->public_at
		           ? N_("Your changes wait for the coordination office; until then "
		                "the version approved before stays public.")
		           : N_("Your report waits for the coordination office; nothing of it "
		                "is public yet.");
	}
}

static void
manage_page(struct request *r, const struct transfer_report *t)
{
	struct html *h = layout_begin(r, tr(r, "Your transfer report"));
	html_open(h, "p", NULL);
	html_text(h, tr(r, "Good practice:"));
	html_text(h, " ");
	html_elem(h, "a", t->practice_title, "href",
	          arena_printf(&r->arena, "/praxis/%s", t->practice_slug), NULL);
	html_close(h, "p");
	layout_notice(h, t->moderation == TM_REJECTED ? "warning" : "info",
	              tr(r, moderation_text(t)));
	if (t->moderation == TM_REJECTED)
		html_elem(h, "p", t->reject_reason, "class", "reject-reason", NULL);
	widget_error_summary(r, h);
	const char *base = arena_printf(&r->arena, "/uebernahme/meldung/%s", r->params[0]);
	widget_form_begin(r, h, base);
	transfer_organisation_fields(r, h, t->organisation_name, t->organisation_kind,
	                             t->bundesland);
	transfer_name_public_field(r, h, t->name_public);
	transfer_stage_field(r, h, transfer_stage_name(t->stage), false);
	widget_textarea(r, h,
	                &(struct widget){.name = "report_text",
	                                 .label = tr(r, "What we adapted"),
	                                 .hint = tr(r, "Plain text. Public once the coordination "
	                                               "office has approved it."),
	                                 .value = t->report_text,
	                                 .maxlength = 4000,
	                                 .rows = 6});
	widget_input(r, h,
	             &(struct widget){.name = "since",
	                              .label = tr(r, "In use since (month)"),
	                              .hint = tr(r, "For instance 2026-03."),
	                              .value = t->since,
	                              .maxlength = 7});
	char people[24] = "";
	if (t->people_reached >= 0)
		snprintf(people, sizeof people, "%lld", (long long)t->people_reached);
	widget_input(r, h,
	             &(struct widget){.name = "people_reached",
	                              .label = tr(r, "People reached so far"),
	                              .type = "number",
	                              .value = people});
	widget_submit(h, tr(r, "Save report"));
	html_close(h, "form");
	html_elem(h, "h2", tr(r, "Withdraw the report"), NULL);
	html_elem(h, "p",
	          tr(r, "Withdrawing removes the report from every public page and deletes your "
	                "name and e-mail address. It cannot be undone."),
	          NULL);
	widget_button_form(r, h, arena_printf(&r->arena, "%s/zurueckziehen", base),
	                   tr(r, "Withdraw report"), "btn btn-danger", NULL);
	layout_end(r, h);
}

/* The report of the link, or the 410 page. */
static bool
load(struct request *r, struct transfer_report *t)
{
	int64_t id = transfer_manage_check(r->store, r->params[0]);
	if (!id || !transfer_find(r->store, &r->arena, id, t) || t->state != TR_CONFIRMED) {
		link_gone(r);
		return false;
	}
	return true;
}

void
page_transfer_manage(struct request *r)
{
	struct transfer_report t;
	if (load(r, &t))
		manage_page(r, &t);
}

struct update_tx {
	const char *token;
	struct transfer_input in;
	bool withdraw;
};

static int
update_body(struct store *s, void *arg)
{
	struct update_tx *t = arg;
	return t->withdraw ? transfer_withdraw(s, t->token) : transfer_update(s, t->token, &t->in);
}

void
page_transfer_update(struct request *r)
{
	struct transfer_report t;
	if (!load(r, &t))
		return;
	int stage = transfer_stage_parse(form_value(r, "stage"));
	struct update_tx u = {
	    .token = r->params[0],
	    .in = {.organisation_name = form_value(r, "organisation"),
	           .organisation_kind = form_value(r, "kind"),
	           .bundesland = form_value(r, "bundesland"),
	           .name_public = form_has(r, "name_public"),
	           .stage = stage < 0 ? TS_INTEREST : stage,
	           .report_text = form_value(r, "report_text"),
	           .since = form_value(r, "since"),
	           .people_reached =
	               form_has(r, "people_reached") && !form_error(r, "people_reached")
	                   ? form_int(r, "people_reached")
	                   : -1},
	};
	struct transfer_problem pr[12];
	size_t n = transfer_check(r->store, &u.in, false, pr, 12);
	for (size_t i = 0; i < n && i < 12; i++)
		if (!form_error(r, pr[i].field))
			form_set_error(r, pr[i].field, pr[i].msgid);
	if (form_error_count(r)) {
		r->resp.status = 422;
		manage_page(r, &t);
		return;
	}
	int rc = store_tx(r->store, update_body, &u);
	if (rc == TRANSFER_GONE) {
		link_gone(r);
		return;
	}
	if (rc == TRANSFER_EXISTS) {
		r->resp.status = 409;
		form_set_error(r, "organisation",
		               N_("Another report of this organisation on this practice exists."));
		manage_page(r, &t);
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/uebernahme/meldung/%s", r->params[0]),
	              N_("Your report has been saved. The coordination office will look at it."));
}

void
page_transfer_withdraw(struct request *r)
{
	struct update_tx u = {.token = r->params[0], .withdraw = true};
	int rc = store_tx(r->store, update_body, &u);
	if (rc == TRANSFER_GONE) {
		link_gone(r);
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/transfer",
	              N_("Your report has been withdrawn, and your name and e-mail address have "
	                 "been deleted."));
}

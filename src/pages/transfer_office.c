/* The office's moderation of transfer reports (/admin/uebernahmen: new and changed first,
 * each with its contact data; approve, edit the public text, or reject with a reason), and
 * the sub-project's list of the reports on its practices (/einreichung/uebernahmen, without
 * the reporters' contact). */
#include "domain/access.h"
#include "domain/transfer.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/transfer_pages.h"
#include "store/store.h"
#include "pages/view_office.h"
#include "pages/view_transfer.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

static const char *const actions[] = {"approve", "reject", NULL};

const struct form_key transfer_moderate_keys[3] = {
    {"action", FORM_CHOICE, true, 0, 0, actions},
    {"public_text", FORM_LONGTEXT, false, 0, 4000, NULL},
    {"reason", FORM_LONGTEXT, false, 0, 2000, NULL},
};

static const char *
moderation_label(enum transfer_moderation m)
{
	return m == TM_APPROVED   ? N_("approved")
	       : m == TM_REJECTED ? N_("rejected")
	                          : N_("to check");
}

static const char *
href(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/admin/uebernahmen/%lld", (long long)id);
}

static void
report_row(struct request *r, struct html *h, const struct transfer_report *t, bool office)
{
	html_open(h, "tr", NULL);
	html_open(h, "td", NULL);
	if (office)
		html_elem(h, "a", t->organisation_name, "href", href(r, t->id), NULL);
	else
		html_text(h, t->name_public ? t->organisation_name : tr(r, "(name not public)"));
	html_close(h, "td");
	html_elem(h, "td", t->practice_title, NULL);
	html_elem(h, "td", transfer_kind_label(r->store, &r->arena, t->organisation_kind, r->lang),
	          NULL);
	html_elem(h, "td", transfer_land_label(r->store, &r->arena, t->bundesland, r->lang), NULL);
	html_elem(h, "td", tr(r, transfer_stage_label(t->stage)), NULL);
	html_elem(h, "td", tr(r, moderation_label(t->moderation)), NULL);
	html_elem(h, "td", office_when(r, t->updated_at), NULL);
	html_close(h, "tr");
}

static void
report_table(struct request *r, struct html *h, const struct transfer_report *t, size_t n,
             const char *caption, bool office)
{
	const char *heads[] = {
	    tr(r, "Organisation"), tr(r, "Good practice"), tr(r, "Kind of institution"),
	    tr(r, "Bundesland"),   tr(r, "Stage"),         tr(r, "Moderation"),
	    tr(r, "Changed")};
	widget_table_begin(h, caption, heads, 7);
	for (size_t i = 0; i < n; i++)
		report_row(r, h, &t[i], office);
	widget_table_end(h);
}

void
page_transfer_office_list(struct request *r)
{
	size_t n;
	struct transfer_report *t = transfer_list(r->store, &r->arena, false, &n);
	size_t pending = 0;
	for (size_t i = 0; i < n; i++)
		pending += t[i].moderation == TM_PENDING;
	struct html *h = layout_begin(r, tr(r, "Transfer reports"));
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       trn(r, "%zu report waits for moderation.",
	                           "%zu reports wait for moderation.", (long)pending),
	                       pending),
	          NULL);
	report_table(r, h, t, n,
	             arena_printf(&r->arena, trn(r, "%zu report", "%zu reports", (long)n), n),
	             true);
	/* The funder's yearly report: this year so far and the last one. */
	char now[64];
	time_format_rfc3339(now, sizeof now, time_now());
	int year = atoi(now);
	html_elem(h, "h2", tr(r, "Yearly transfer report"), NULL);
	html_open(h, "ul", NULL);
	for (int y = year; y >= year - 1; y--) {
		html_open(h, "li", NULL);
		html_elem(
		    h, "a", arena_printf(&r->arena, tr(r, "Transfer report %d (PDF)"), y), "href",
		    arena_printf(&r->arena, "/admin/uebernahmen/jahresbericht/%d.pdf", y), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	layout_end(r, h);
}

static void
fact(struct html *h, const char *label, const char *value)
{
	html_elem(h, "dt", label, NULL);
	html_elem(h, "dd", value && *value ? value : "–", NULL);
}

static void
report_page(struct request *r, const struct transfer_report *t)
{
	const char *crumbs[] = {"/admin/uebernahmen", tr(r, "Transfer reports"), NULL};
	struct html *h = office_begin(r, t->organisation_name, crumbs);
	widget_error_summary(r, h);
	html_open(h, "dl", "class", "meta-list", NULL);
	fact(h, tr(r, "Good practice"), t->practice_title);
	fact(h, tr(r, "Reported by"),
	     arena_printf(&r->arena, "%s <%s>", t->reporter_name, t->reporter_email));
	fact(h, tr(r, "Kind of institution"),
	     transfer_kind_label(r->store, &r->arena, t->organisation_kind, r->lang));
	fact(h, tr(r, "Bundesland"),
	     transfer_land_label(r->store, &r->arena, t->bundesland, r->lang));
	fact(h, tr(r, "Organisation's name public"), t->name_public ? tr(r, "yes") : tr(r, "no"));
	fact(h, tr(r, "Stage"), tr(r, transfer_stage_label(t->stage)));
	fact(h, tr(r, "In use since (month)"), t->since);
	fact(h, tr(r, "People reached so far"),
	     t->people_reached >= 0 ? arena_printf(&r->arena, "%lld", (long long)t->people_reached)
	                            : "");
	fact(h, tr(r, "Moderation"), tr(r, moderation_label(t->moderation)));
	fact(h, tr(r, "Changed"), office_when(r, t->updated_at));
	html_close(h, "dl");
	html_elem(h, "h2", tr(r, "Message to the practice's contact"), NULL);
	office_plain_text(h, t->message[0] ? t->message : "–");
	html_elem(h, "h2", tr(r, "What we adapted"), NULL);
	office_plain_text(h, t->report_text[0] ? t->report_text : "–");
	if (t->public_at) {
		html_elem(h, "h2", tr(r, "Public now"), NULL);
		office_plain_text(h, t->public_text[0] ? t->public_text : "–");
	}

	html_elem(h, "h2", tr(r, "Approve"), NULL);
	widget_form_begin(r, h, href(r, t->id));
	html_void(h, "input", "type", "hidden", "name", "action", "value", "approve", NULL);
	widget_textarea(r, h,
	                &(struct widget){.name = "public_text",
	                                 .label = tr(r, "Public text"),
	                                 .hint = tr(r, "The reporter's text; edit it before it "
	                                               "becomes public where needed."),
	                                 .value = t->report_text,
	                                 .maxlength = 4000,
	                                 .rows = 6});
	widget_submit(h, tr(r, "Approve and publish"));
	html_close(h, "form");

	html_elem(h, "h2", tr(r, "Reject"), NULL);
	widget_form_begin(r, h, href(r, t->id));
	html_void(h, "input", "type", "hidden", "name", "action", "value", "reject", NULL);
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "reason",
	                     .label = tr(r, "Reason"),
	                     .hint = tr(r, "The reporter sees it on their private page."),
	                     .required = true,
	                     .maxlength = 2000,
	                     .rows = 3});
	widget_submit(h, tr(r, "Reject"));
	html_close(h, "form");
	layout_end(r, h);
}

/* The confirmed report of path parameter 0, or a 404 page. */
static bool
load(struct request *r, struct transfer_report *t)
{
	int64_t id;
	if (!office_param_id(r, 0, &id))
		return false;
	if (!transfer_find(r->store, &r->arena, id, t) || t->state != TR_CONFIRMED) {
		http_error(r, 404, N_("There is no such transfer report."));
		return false;
	}
	return true;
}

void
page_transfer_office_report(struct request *r)
{
	struct transfer_report t;
	if (access_may_moderate_transfer(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office moderates transfer reports."));
		return;
	}
	if (load(r, &t))
		report_page(r, &t);
}

struct moderate_tx {
	int64_t actor, id;
	bool approve;
	const char *text;
};

static int
moderate_body(struct store *s, void *arg)
{
	struct moderate_tx *t = arg;
	return t->approve ? transfer_approve(s, t->actor, t->id, t->text)
	                  : transfer_reject(s, t->actor, t->id, t->text);
}

void
page_transfer_office_moderate(struct request *r)
{
	struct transfer_report t;
	if (access_may_moderate_transfer(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office moderates transfer reports."));
		return;
	}
	if (!load(r, &t))
		return;
	bool approve = strcmp(form_value(r, "action"), "approve") == 0;
	const char *text = approve ? form_value(r, "public_text") : form_value(r, "reason");
	if (!form_error(r, "action") && !approve && !*text)
		form_set_error(r, "reason", N_("Please give a reason."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		report_page(r, &t);
		return;
	}
	struct moderate_tx m = {r->user->id, t.id, approve, text};
	if (store_tx(r->store, moderate_body, &m) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/admin/uebernahmen",
	              approve ? N_("The report has been approved and is public.")
	                      : N_("The report has been rejected."));
}

/* ---- the sub-project ---- */

void
page_transfer_own(struct request *r)
{
	if (access_may_see_own_transfers(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only a sub-project sees the reports on its practices."));
		return;
	}
	size_t n;
	struct transfer_report *t =
	    transfer_of_organisation(r->store, &r->arena, r->user->organisation_id, &n);
	struct html *h = layout_begin(r, tr(r, "Interest in and adoptions of our practices"));
	html_elem(h, "p",
	          tr(r, "Every confirmed report on the good practices made from your "
	                "organisation's proposals, whether public yet or not. The contacts "
	                "reach you by e-mail; they are not shown here."),
	          NULL);
	report_table(r, h, t, n,
	             arena_printf(&r->arena, trn(r, "%zu report", "%zu reports", (long)n), n),
	             false);
	layout_end(r, h);
}

void
page_transfer_filed(struct request *r)
{
	if (access_may_see_filed_transfers(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Please log in."));
		return;
	}
	size_t n;
	struct transfer_report *t = transfer_filed_by(r->store, &r->arena, r->user->id, &n);
	/* The person filed them: their organisation's name is theirs to see, public or not
	 * (only the display here; nothing is stored). */
	for (size_t i = 0; i < n; i++)
		t[i].name_public = true;
	struct html *h = layout_begin(r, tr(r, "The transfer reports I filed"));
	html_elem(h, "p",
	          tr(r, "The reports you filed from your account, with what the coordination "
	                "office made of them. To change or withdraw one, use the private link in "
	                "the e-mail you received for it."),
	          NULL);
	report_table(r, h, t, n,
	             arena_printf(&r->arena, trn(r, "%zu report", "%zu reports", (long)n), n),
	             false);
	layout_end(r, h);
}

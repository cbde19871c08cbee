/* "Interesse an einer Übernahme?": the form on a practice's page for a person without an
 * account (or network and Fachstelle staff from their account), its spam guards (a
 * honeypot, a minimum fill time, rate limits, the confirmation itself), and the
 * confirmation link's page (double opt-in). */
#include "domain/access.h"
#include "domain/audit.h"
#include "domain/organisation.h"
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "domain/transfer.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/csrf.h"
#include "pages/transfer_pages.h"
#include "store/store.h"
#include "pages/view_transfer.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int min_seconds = 3;

void
transfer_form_set_min_seconds(int seconds)
{
	min_seconds = seconds < 0 ? 0 : seconds;
}

const struct form_key transfer_interest_keys[11] = {
    {"name", FORM_TEXT, false, 0, 200, NULL},
    {"email", FORM_TEXT, false, 0, 254, NULL},
    {"organisation", FORM_TEXT, true, 0, 200, NULL},
    {"kind", FORM_TEXT, true, 0, 60, NULL},
    {"bundesland", FORM_TEXT, true, 0, 60, NULL},
    {"stage", FORM_CHOICE, true, 0, 0, transfer_first_stage_names},
    {"message", FORM_LONGTEXT, false, 0, 4000, NULL},
    {"name_public", FORM_BOOL, false, 0, 0, NULL},
    {"consent", FORM_BOOL, false, 0, 0, NULL},
    /* The honeypot: hidden from people, filled by robots that fill every field. */
    {"website", FORM_TEXT, false, 0, 400, NULL},
    /* When the form was shown, signed: a form sent faster than a person can is a robot's. */
    {"started", FORM_TEXT, false, 0, 200, NULL},
};

/* The published practice of r->params[0], or a 404. */
static bool
load_practice(struct request *r, struct practice *p)
{
	if (!practice_slug_valid(r->params[0]) ||
	    !practice_find_slug(r->store, &r->arena, r->params[0], true, p)) {
		http_error(r, 404, N_("There is no published good practice at this address."));
		return false;
	}
	return true;
}

static bool
is_staff(struct request *r)
{
	return r->user && access_may_report_transfer(r->store, r->user) == ACCESS_ALLOWED;
}

static const char *
started_stamp(struct request *r)
{
	char now[32], out[200];
	snprintf(now, sizeof now, "%lld", (long long)time_now());
	csrf_sign(out, sizeof out, "transfer-form", now);
	return arena_strdup(&r->arena, out);
}

static void
interest_form(struct request *r, const struct practice *p)
{
	struct html *h = layout_begin(r, tr(r, "Interested in adopting this practice?"));
	html_open(h, "p", NULL);
	html_text(h, tr(r, "Good practice:"));
	html_text(h, " ");
	html_elem(h, "a", p->text[PX_TITLE], "href", arena_printf(&r->arena, "/praxis/%s", p->slug),
	          NULL);
	html_close(h, "p");
	widget_error_summary(r, h);
	bool staff = is_staff(r);
	if (staff)
		html_elem(
		    h, "p",
		    arena_printf(&r->arena,
		                 tr(r, "You report as %s (%s) from your account; no confirmation "
		                       "e-mail is needed."),
		                 r->user->name, r->user->email),
		    NULL);
	else
		html_elem(h, "p",
		          tr(r,
		             "You need no account. We send you an e-mail with a link to confirm "
		             "your address; only then is your message forwarded to the practice's "
		             "contact, who answers you directly."),
		          NULL);
	widget_form_begin(r, h, arena_printf(&r->arena, "/praxis/%s/interesse", p->slug));
	html_void(h, "input", "type", "hidden", "name", "started", "value", started_stamp(r), NULL);
	if (!staff) {
		widget_input(r, h,
		             &(struct widget){.name = "name",
		                              .label = tr(r, "Your name"),
		                              .autocomplete = "name",
		                              .required = true,
		                              .maxlength = 200});
		widget_input(r, h,
		             &(struct widget){.name = "email",
		                              .label = tr(r, "Your e-mail address"),
		                              .type = "email",
		                              .autocomplete = "email",
		                              .required = true,
		                              .maxlength = 254});
	}
	const char *org_name = NULL;
	struct organisation o;
	if (staff && organisation_find(r->store, &r->arena, r->user->organisation_id, &o) == 0)
		org_name = o.name;
	transfer_organisation_fields(r, h, org_name, NULL, NULL);
	transfer_stage_field(r, h, NULL, true);
	widget_textarea(r, h,
	                &(struct widget){.name = "message",
	                                 .label = tr(r, "Your message to the practice's contact"),
	                                 .hint = tr(r, "Not published."),
	                                 .maxlength = 4000,
	                                 .rows = 6});
	transfer_name_public_field(r, h, false);
	transfer_consent_fields(r, h);
	/* The honeypot: not shown, not announced, skipped by the keyboard. */
	html_open(h, "div", "hidden", "hidden", NULL);
	html_elem(h, "label", "Website", "for", "f-website", NULL);
	html_void(h, "input", "type", "text", "name", "website", "id", "f-website", "tabindex",
	          "-1", "autocomplete", "off", NULL);
	html_close(h, "div");
	widget_submit(h, staff ? tr(r, "Send report") : tr(r, "Send"));
	html_close(h, "form");
	layout_end(r, h);
}

void
page_transfer_interest_form(struct request *r)
{
	struct practice p;
	if (load_practice(r, &p))
		interest_form(r, &p);
}

/* A form sent faster than min_seconds after it was shown, or without a valid stamp. */
static bool
too_fast(struct request *r)
{
	char value[40];
	if (!csrf_verify_signed(form_value(r, "started"), "transfer-form", value, sizeof value))
		return true;
	long long t = strtoll(value, NULL, 10);
	return time_now() - t < min_seconds;
}

struct interest_tx {
	struct request *r;
	int64_t practice_id;
	struct transfer_input in;
	bool staff, count;
	int64_t rc;
};

static int
interest_body(struct store *s, void *arg)
{
	struct interest_tx *t = arg;
	if (t->count)
		transfer_count_form(s, t->in.reporter_email, t->r->remote_addr);
	if (t->staff)
		t->rc = transfer_report_staff(s, t->r->user, t->practice_id, &t->in);
	else if (t->practice_id)
		t->rc = transfer_request(s, t->practice_id, &t->in, t->r->lang);
	else
		t->rc = 0; /* the honeypot: only counted */
	return t->rc < 0 ? (int)t->rc : STORE_OK;
}

static void
read_input(struct request *r, struct transfer_input *in)
{
	*in = (struct transfer_input){
	    .reporter_name = form_value(r, "name"),
	    .reporter_email = form_value(r, "email"),
	    .organisation_name = form_value(r, "organisation"),
	    .organisation_kind = form_value(r, "kind"),
	    .bundesland = form_value(r, "bundesland"),
	    .name_public = form_has(r, "name_public"),
	    .stage = transfer_stage_parse(form_value(r, "stage")),
	    .message = form_value(r, "message"),
	    .report_text = "",
	    .since = "",
	    .people_reached = -1,
	};
	if ((int)in->stage < 0)
		in->stage = TS_INTEREST;
}

static const char *const thanks =
    N_("Thank you. We have sent you an e-mail: please confirm your address with the link in "
       "it. Only then is your message forwarded.");

void
page_transfer_interest(struct request *r)
{
	struct practice p;
	if (!load_practice(r, &p))
		return;
	bool staff = is_staff(r);
	const char *back = arena_printf(&r->arena, "/praxis/%s", p.slug);
	struct interest_tx t = {.r = r, .practice_id = p.id, .staff = staff, .count = !staff};
	read_input(r, &t.in);
	if (!staff && form_has(r, "website")) {
		/* A robot: it is told what a person is told, and nothing is stored or sent. */
		t.practice_id = 0;
		if (store_tx(r->store, interest_body, &t) != STORE_OK) {
			http_fail(r);
			return;
		}
		http_redirect(r, back, thanks);
		return;
	}
	if (!staff && too_fast(r)) {
		r->resp.status = 422;
		form_set_error(r, "consent",
		               N_("The form was sent very quickly after it was shown. Please check "
		                  "your entries and send it again."));
		interest_form(r, &p);
		return;
	}
	if (!form_has(r, "consent"))
		form_set_error(r, "consent", N_("Please agree to the privacy notice."));
	struct transfer_problem pr[12];
	size_t n = transfer_check(r->store, &t.in, !staff, pr, 12);
	for (size_t i = 0; i < n && i < 12; i++)
		if (!form_error(r, pr[i].field))
			form_set_error(r, pr[i].field, pr[i].msgid);
	if (form_error_count(r)) {
		r->resp.status = 422;
		interest_form(r, &p);
		return;
	}
	if (!staff && transfer_throttled(r->store, t.in.reporter_email, r->remote_addr)) {
		http_error(r, 429, N_("Too many requests. Please wait 15 minutes and try again."));
		return;
	}
	int rc = store_tx(r->store, interest_body, &t);
	if (rc == TRANSFER_EXISTS) {
		r->resp.status = 409;
		form_set_error(r, "organisation",
		               N_("Your organisation has reported on this practice already. Please "
		                  "use the private link from that report's e-mail to update it."));
		interest_form(r, &p);
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, back,
	              staff ? N_("Thank you. Your report has been forwarded to the practice's "
	                         "contact and the coordination office. The private link to update "
	                         "it is in your e-mail.")
	                    : thanks);
}

/* ---- the confirmation link ---- */

static void
link_gone(struct request *r)
{
	http_error(r, 410,
	           N_("This link is invalid, has been used already or has expired. Please fill in "
	              "the form on the practice's page again."));
}

void
page_transfer_confirm_form(struct request *r)
{
	int64_t id = transfer_confirm_check(r->store, r->params[0]);
	struct transfer_report t;
	if (!id || !transfer_find(r->store, &r->arena, id, &t)) {
		link_gone(r);
		return;
	}
	/* A button rather than the link itself: programs that open links in e-mails (virus
	 * scanners, previews) must not confirm for the person. */
	struct html *h = layout_begin(r, tr(r, "Confirm your interest"));
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       tr(r, "Please confirm your interest in the good practice \"%s\". "
	                             "Your message is then forwarded to the practice's contact."),
	                       t.practice_title),
	          NULL);
	widget_form_begin(r, h,
	                  arena_printf(&r->arena, "/uebernahme/bestaetigen/%s", r->params[0]));
	widget_submit(h, tr(r, "Confirm"));
	html_close(h, "form");
	layout_end(r, h);
}

struct confirm_tx {
	const char *token;
	int64_t id;
};

static int
confirm_body(struct store *s, void *arg)
{
	struct confirm_tx *t = arg;
	return transfer_confirm(s, t->token, &t->id);
}

void
page_transfer_confirm(struct request *r)
{
	struct confirm_tx t = {r->params[0], 0};
	int rc = store_tx(r->store, confirm_body, &t);
	if (rc == TRANSFER_GONE) {
		link_gone(r);
		return;
	}
	if (rc == TRANSFER_EXISTS) {
		http_error(r, 409,
		           N_("Your organisation has reported on this practice already. Please use "
		              "the private link from that report's e-mail to update it."));
		return;
	}
	struct transfer_report rep;
	if (rc != STORE_OK || !transfer_find(r->store, &r->arena, t.id, &rep)) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/praxis/%s", rep.practice_slug),
	              N_("Thank you. Your address is confirmed and your message has been "
	                 "forwarded. We have sent you a private link to update your report "
	                 "later."));
}

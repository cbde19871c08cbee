/* The accessibility statement's feedback form (BITV 2.0 § 7): anyone may write, no
 * account needed. Spam is kept out without third-party services: a field people do not
 * see (a honeypot that bots fill in), a minimum time between showing the form and sending
 * it (signed into the form, so it cannot be forged), and at most a few messages per
 * address and hour (counted in the database). Every refusal shows the form again with
 * what was typed and says why. */
#include "domain/site.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/csrf.h"
#include "pages/site_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* People take longer than this to write a message; scripts do not. */
#define FEEDBACK_MIN_SECONDS 3
/* A form shown longer ago than this is shown again with a fresh stamp. */
#define FEEDBACK_MAX_AGE (24 * 3600)
#define HONEYPOT "website"
#define STAMP_PURPOSE "feedback-form"

const struct form_key feedback_keys[6] = {
    {"name", FORM_TEXT, false, 0, 200, NULL},   {"email", FORM_EMAIL, false, 0, 254, NULL},
    {"seite", FORM_TEXT, false, 0, 500, NULL},  {"nachricht", FORM_LONGTEXT, true, 0, 5000, NULL},
    {HONEYPOT, FORM_TEXT, false, 0, 500, NULL}, {"t", FORM_TEXT, false, 0, 200, NULL},
};

/* A stamp for the form: the time it was shown, signed. */
static const char *
new_stamp(struct request *r)
{
	char now[24], out[160];
	snprintf(now, sizeof now, "%lld", (long long)time_now());
	csrf_sign(out, sizeof out, STAMP_PURPOSE, now);
	return arena_strdup(&r->arena, out);
}

/* When the form with this stamp was shown, or 0 for a stamp that is missing or forged. */
static int64_t
stamp_time(const char *stamp)
{
	char value[32];
	if (!stamp || !csrf_verify_signed(stamp, STAMP_PURPOSE, value, sizeof value))
		return 0;
	char *end;
	long long t = strtoll(value, &end, 10);
	return *end || t <= 0 ? 0 : (int64_t)t;
}

static void
feedback_page(struct request *r, const char *problem, const char *stamp)
{
	struct html *h = layout_begin(r, tr(r, "Report a barrier"));
	if (problem)
		layout_notice(h, "error", tr(r, problem));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          tr(r, "Did something on Leuchtturm not work for you, or could you not read or "
	                "reach it? Tell the coordination office: your message reaches it "
	                "directly. You do not need an account; name and e-mail address are "
	                "optional, but without them we cannot answer you."),
	          NULL);
	widget_form_begin(r, h, "/barrierefreiheit/feedback");
	html_void(h, "input", "type", "hidden", "name", "t", "value", stamp, NULL);
	widget_input(r, h,
	             &(struct widget){.name = "name",
	                              .label = tr(r, "Your name (optional)"),
	                              .autocomplete = "name",
	                              .maxlength = 200});
	widget_input(r, h,
	             &(struct widget){.name = "email",
	                              .label = tr(r, "Your e-mail address (optional)"),
	                              .hint = tr(r, "Only for our answer."),
	                              .type = "email",
	                              .autocomplete = "email",
	                              .maxlength = 254});
	widget_input(r, h,
	             &(struct widget){.name = "seite",
	                              .label = tr(r, "Where did you meet the barrier? (optional)"),
	                              .hint = tr(r, "The address or the name of the page, or what "
	                                            "you were trying to do."),
	                              .maxlength = 500});
	widget_textarea(r, h,
	                &(struct widget){.name = "nachricht",
	                                 .label = tr(r, "Your message"),
	                                 .required = true,
	                                 .maxlength = 5000,
	                                 .rows = 8});
	/* The honeypot: off-screen and out of the tab order, hidden from screen readers; a
	 * person never fills it in, a bot that fills in every field does. */
	html_open(h, "div", "class", "hp-field", "aria-hidden", "true", NULL);
	html_elem(h, "label", tr(r, "Please leave this field empty"), "for", "f-" HONEYPOT, NULL);
	html_void(h, "input", "type", "text", "id", "f-" HONEYPOT, "name", HONEYPOT, "value",
	          widget_value(r, HONEYPOT, ""), "tabindex", "-1", "autocomplete", "off", NULL);
	html_close(h, "div");
	widget_submit(h, tr(r, "Send message"));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the accessibility statement"), "href", "/barrierefreiheit",
	          NULL);
	html_close(h, "p");
	layout_end(r, h);
}

void
page_feedback_form(struct request *r)
{
	feedback_page(r, NULL, new_stamp(r));
}

struct feedback_tx {
	const char *address, *list_url;
	struct site_feedback in;
	int64_t id;
};

static int
feedback_body(struct store *s, void *arg)
{
	struct feedback_tx *t = arg;
	enum site_feedback_result rc =
	    site_feedback_add(s, t->address, &t->in, t->list_url, &t->id);
	return rc == SITE_FEEDBACK_OK ? STORE_OK : rc == SITE_FEEDBACK_FLOOD ? 1 : STORE_ERR;
}

/* Shows the form again with what was typed, this status and reason. */
static void
refuse(struct request *r, int status, const char *problem, const char *stamp)
{
	r->resp.status = status;
	feedback_page(r, problem, stamp);
}

void
page_feedback_send(struct request *r)
{
	const char *stamp = form_value(r, "t");
	int64_t shown = stamp_time(stamp), now = time_now();
	if (form_error_count(r)) {
		refuse(r, 422, NULL, shown ? stamp : new_stamp(r));
		return;
	}
	if (form_value(r, HONEYPOT)[0]) {
		refuse(r, 422,
		       N_("The message was not sent: a field meant to stay empty was filled in, as "
		          "programs that send spam do. If you are a person, please empty the field "
		          "\"Please leave this field empty\" and send again."),
		       shown ? stamp : new_stamp(r));
		return;
	}
	if (!shown || now - shown > FEEDBACK_MAX_AGE) {
		refuse(r, 400,
		       N_("The message was not sent: the form was too old or could not be checked. "
		          "Your text is still here; please send it again."),
		       new_stamp(r));
		return;
	}
	if (now - shown < FEEDBACK_MIN_SECONDS) {
		/* The stamp is kept: sent again a moment later, the form passes. */
		refuse(
		    r, 422,
		    N_("The message was not sent: it came faster than a person can write. Please "
		       "check it and send it again."),
		    stamp);
		return;
	}
	struct feedback_tx t = {.address = r->remote_addr ? r->remote_addr : "",
	                        .list_url = http_absolute_url(r, "/admin/rueckmeldungen"),
	                        .in = {.name = form_value(r, "name"),
	                               .email = form_value(r, "email"),
	                               .page = form_value(r, "seite"),
	                               .message = form_value(r, "nachricht")}};
	int rc = store_tx(r->store, feedback_body, &t);
	if (rc == 1) {
		http_set_header(r, "Retry-After", "3600");
		refuse(
		    r, 429,
		    N_("The message was not sent: several messages have come from your address "
		       "within the last hour. Please try again in an hour, or write to the "
		       "e-mail address in the accessibility statement. Your text is still here."),
		    stamp);
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/barrierefreiheit",
	              N_("Thank you. Your message has reached the coordination office."));
}

/* The person's own account: name, language and password. */
#include "domain/access.h"
#include "domain/throttle.h"
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/dispatch.h"
#include "pages/account_pages.h"
#include "pages/view_account.h"
#include "store/store.h"

#include <string.h>

static const char *const locales[] = {"de", "en", NULL};

const struct form_key profile_keys[2] = {
    {"name", FORM_TEXT, true, 0, 200, NULL},
    {"locale", FORM_CHOICE, true, 0, 0, locales},
};

const struct form_key password_keys[3] = {
    {"current", FORM_SECRET, true, 0, 0, NULL},
    {"password", FORM_PASSWORD, true, 0, 0, NULL},
    {"password2", FORM_SECRET, true, 0, 0, NULL},
};

static void
account_page(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "My account"));
	widget_error_summary(r, h);
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "E-mail address"), NULL);
	html_elem(h, "dd", r->user->email, NULL);
	html_elem(h, "dt", tr(r, "Organisation"), NULL);
	html_elem(h, "dd", r->user->organisation_name[0] ? r->user->organisation_name : "–", NULL);
	html_close(h, "dl");
	/* Network and Fachstelle staff report adoptions from their account: their list. */
	if (access_may_report_transfer(r->store, r->user) == ACCESS_ALLOWED) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "The transfer reports I filed"), "href",
		          "/konto/uebernahmen", NULL);
		html_close(h, "p");
	}

	html_open(h, "div", "class", "grid-2", NULL);
	html_open(h, "section", "class", "panel", "aria-labelledby", "profile-h", NULL);
	html_elem(h, "h2", tr(r, "Name and language"), "id", "profile-h", NULL);
	widget_form_begin(r, h, "/konto");
	widget_input(r, h,
	             &(struct widget){.name = "name",
	                              .label = tr(r, "Name"),
	                              .value = r->user->name,
	                              .autocomplete = "name",
	                              .required = true,
	                              .maxlength = 200});
	const char *options[] = {"de", "Deutsch", "en", "English", NULL};
	widget_select(r, h,
	              &(struct widget){.name = "locale",
	                               .label = tr(r, "Language"),
	                               .value = i18n_code(r->user->locale)},
	              options);
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	html_close(h, "section");

	html_open(h, "section", "class", "panel", "aria-labelledby", "password-h", NULL);
	html_elem(h, "h2", tr(r, "Change password"), "id", "password-h", NULL);
	widget_form_begin(r, h, "/konto/passwort");
	widget_input(r, h,
	             &(struct widget){.name = "current",
	                              .label = tr(r, "Current password"),
	                              .type = "password",
	                              .autocomplete = "current-password",
	                              .required = true});
	account_password_fields(r, h);
	widget_submit(h, tr(r, "Change password"));
	html_close(h, "form");
	html_close(h, "section");
	html_open(h, "section", "aria-labelledby", "data-h", NULL);
	html_elem(h, "h2", tr(r, "Your data"), "id", "data-h", NULL);
	html_elem(h, "p",
	          tr(r, "Download everything Leuchtturm holds about you: your account, proposals, "
	                "ratings, messages and transfer reports, as JSON files in a ZIP archive."),
	          NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download my data"), "href", "/konto/daten.zip", "download", "",
	          NULL);
	html_close(h, "p");
	html_close(h, "section");
	html_close(h, "div");
	layout_end(r, h);
}

void
page_account(struct request *r)
{
	account_page(r);
}

struct account_tx {
	struct request *r;
	enum lang lang;
};

static int
profile_body(struct store *s, void *arg)
{
	struct account_tx *t = arg;
	int64_t id = t->r->user->id;
	return user_set_profile(s, id, id, form_value(t->r, "name"), t->lang) == 0 ? STORE_OK
	                                                                           : STORE_ERR;
}

/* Changing the password ends every session; this one continues under a new token. */
static int
password_body(struct store *s, void *arg)
{
	struct account_tx *t = arg;
	int64_t id = t->r->user->id;
	if (user_set_password(s, id, id, form_value(t->r, "password")) != 0 ||
	    http_login(t->r, id) != 0)
		return STORE_ERR;
	return STORE_OK;
}

void
page_account_profile(struct request *r)
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		account_page(r);
		return;
	}
	enum lang l = (enum lang)i18n_parse(form_value(r, "locale"));
	struct account_tx t = {r, l};
	if (store_tx(r->store, profile_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_set_cookie(r, "lt_lang", i18n_code(l), 365L * 24 * 3600);
	http_redirect(r, "/konto", N_("Your changes have been saved."));
}

void
page_account_password(struct request *r)
{
	struct store *s = r->store;
	struct user check;
	/* The current password is guessed like a login's (someone at an unlocked screen), so
	 * it counts against the same throttle, with the same key and address. */
	const char *email = r->user->email;
	int64_t wait = throttle_wait(s, email, r->remote_addr);
	if (wait > 0) {
		form_set_error(r, "current", account_throttle_message(r, wait));
	} else if (!form_error(r, "current")) {
		if (user_check_password(s, &r->arena, email, form_value(r, "current"), &check)) {
			throttle_success(s, email, r->remote_addr);
		} else {
			throttle_failure(s, email, r->remote_addr);
			form_set_error(r, "current", N_("The current password is not correct."));
		}
	}
	account_check_password(r);
	if (form_error_count(r)) {
		r->resp.status = wait > 0 ? 429 : 422;
		account_page(r);
		return;
	}
	struct account_tx t = {r, LANG_DE};
	if (store_tx(s, password_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/konto", N_("Your new password has been saved."));
}

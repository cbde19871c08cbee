/* The footer's language switch for a logged-in person: the account's language wins over
 * the cookie (it follows the person to any browser), so the switch changes the account,
 * as people expect; the cookie is set too, for after logging out. A POST with CSRF, since
 * it changes the account; anonymous visitors keep the plain link GET /sprache/:lang. */
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/site_pages.h"
#include "store/store.h"
#include "util/str.h"

static const char *const languages[] = {"de", "en", NULL};

const struct form_key language_keys[2] = {
    {"lang", FORM_CHOICE, true, 0, 0, languages},
    {"next", FORM_TEXT, false, 0, 2000, NULL},
};

struct language_tx {
	struct request *r;
	enum lang lang;
};

static int
language_body(struct store *s, void *arg)
{
	struct language_tx *t = arg;
	const struct user *u = t->r->user;
	return user_set_profile(s, u->id, u->id, u->name, t->lang) == 0 ? STORE_OK : STORE_ERR;
}

void
page_language_set(struct request *r)
{
	if (form_error_count(r)) {
		http_error(r, 400, N_("Please choose one of the options."));
		return;
	}
	struct language_tx t = {r, (enum lang)i18n_parse(form_value(r, "lang"))};
	if (t.lang != r->user->locale && store_tx(r->store, language_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_set_cookie(r, "lt_lang", i18n_code(t.lang), 365L * 24 * 3600);
	const char *next = form_value(r, "next");
	http_redirect(r, str_is_local_path(next) ? next : "/", NULL);
}

void
page_language_confirm(struct request *r, enum lang lang, const char *next)
{
	const char *code = i18n_code(lang);
	if (lang == r->user->locale) {
		http_set_cookie(r, "lt_lang", code, 365L * 24 * 3600);
		http_redirect(r, str_is_local_path(next) ? next : "/", NULL);
		return;
	}
	struct html *h = layout_begin(r, tr(r, "Language of your account"));
	widget_form_begin(r, h, "/sprache");
	html_void(h, "input", "type", "hidden", "name", "lang", "value", code, NULL);
	html_void(h, "input", "type", "hidden", "name", "next", "value",
	          str_is_local_path(next) ? next : "/", NULL);
	html_elem(h, "p",
	          tr(r, "Leuchtturm speaks to you in the language of your account. Switch it to "
	                "this language?"),
	          NULL);
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", lang == LANG_DE ? "Deutsch" : "English", "type", "submit", "class",
	          "btn btn-primary", "lang", code, NULL);
	html_close(h, "div");
	html_close(h, "form");
	layout_end(r, h);
}

/* Logging in and out, password reset and accepting an invitation. */
#include "domain/audit.h"
#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/token.h"
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "http/dispatch.h"
#include "http/server.h"
#include "pages/account_pages.h"
#include "pages/view_account.h"
#include "store/store.h"
#include "util/log.h"
#include "util/str.h"

#include <string.h>

const struct form_key login_keys[3] = {
    {"email", FORM_TEXT, true, 0, 254, NULL},
    {"password", FORM_SECRET, true, 0, 0, NULL},
    {"next", FORM_TEXT, false, 0, 500, NULL},
};

static void
login_form(struct request *r, const char *problem)
{
	struct html *h = layout_begin(r, tr(r, "Log in"));
	if (problem)
		layout_notice(h, "error", problem);
	else
		widget_error_summary(r, h);
	widget_form_begin(r, h, "/anmelden");
	const char *next =
	    strcmp(r->method, "POST") == 0 ? form_value(r, "next") : http_query(r, "next");
	if (next && str_is_local_path(next))
		html_void(h, "input", "type", "hidden", "name", "next", "value", next, NULL);
	widget_input(r, h,
	             &(struct widget){.name = "email",
	                              .label = tr(r, "E-mail address"),
	                              .type = "email",
	                              .autocomplete = "username",
	                              .required = true});
	widget_input(r, h,
	             &(struct widget){.name = "password",
	                              .label = tr(r, "Password"),
	                              .type = "password",
	                              .autocomplete = "current-password",
	                              .required = true});
	widget_submit(h, tr(r, "Log in"));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Forgotten your password?"), "href", "/passwort-vergessen", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

void
page_login_form(struct request *r)
{
	login_form(r, NULL);
}

/* A change of the sign-in: the request, the account, the address (and its throttle key)
 * or the token's kind. */
struct auth_tx {
	struct request *r;
	const char *email, *key, *kind;
	int64_t id;
	enum lang locale;
};

static int
login_body(struct store *s, void *arg)
{
	struct auth_tx *t = arg;
	throttle_success(s, t->email, t->r->remote_addr);
	if (http_login(t->r, t->id) != 0 ||
	    audit_log(s, t->id, "session.login", "session", NULL) != 0)
		return STORE_ERR;
	return STORE_OK;
}

static int
logout_body(struct store *s, void *arg)
{
	struct auth_tx *t = arg;
	if (t->r->session_token)
		session_end(s, t->r->session_token);
	return audit_log(s, t->id, "session.logout", "session", NULL) == 0 ? STORE_OK : STORE_ERR;
}

void
page_login(struct request *r)
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		login_form(r, NULL);
		return;
	}
	struct store *s = r->store;
	const char *email = form_value(r, "email");
	/* One message for every failure, so the form does not reveal which accounts exist;
	 * the password is not even checked while the address has to wait. */
	int64_t wait = throttle_wait(s, email, r->remote_addr);
	if (wait > 0) {
		r->resp.status = 429;
		login_form(r, account_throttle_message(r, wait));
		return;
	}
	struct user u;
	if (!user_check_password(s, &r->arena, email, form_value(r, "password"), &u)) {
		throttle_failure(s, email, r->remote_addr);
		r->resp.status = 422;
		login_form(r, tr(r, "The e-mail address or the password is not correct."));
		return;
	}
	struct auth_tx t = {.r = r, .email = email, .id = u.id};
	if (store_tx(s, login_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	const char *next = form_value(r, "next");
	http_redirect(r, str_is_local_path(next) ? next : "/start", NULL);
	/* The interface follows the person's own language from now on. */
	http_set_cookie(r, "lt_lang", i18n_code(u.locale), 365L * 24 * 3600);
}

void
page_logout(struct request *r)
{
	struct auth_tx t = {.r = r, .id = r->user->id};
	/* Not "logged out" while the session lives (a full disk, a failed write): the person
	 * must know that the browser is still logged in. */
	if (store_tx(r->store, logout_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_logout(r); /* the cookie; the session has ended already */
	http_redirect(r, "/", N_("You have been logged out."));
}

const struct form_key forgot_keys[1] = {
    {"email", FORM_EMAIL, true, 0, 0, NULL},
};

static void
forgot_form(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "Reset your password"));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          tr(r, "Enter the e-mail address of your account. We will send you a link to "
	                "set a new password. The link is valid for one hour."),
	          NULL);
	widget_form_begin(r, h, "/passwort-vergessen");
	widget_input(r, h,
	             &(struct widget){.name = "email",
	                              .label = tr(r, "E-mail address"),
	                              .type = "email",
	                              .autocomplete = "username",
	                              .required = true});
	widget_submit(h, tr(r, "Send link"));
	html_close(h, "form");
	layout_end(r, h);
}

void
page_forgot_form(struct request *r)
{
	forgot_form(r);
}

static int
forgot_body(struct store *s, void *arg)
{
	struct auth_tx *t = arg;
	struct request *r = t->r;
	struct user u;
	throttle_failure(s, t->key, r->remote_addr);
	if (user_find_by_email(s, &r->arena, t->email, &u) && u.active &&
	    (account_send_token_mail(r, s, &u, "reset") != 0 ||
	     audit_log(s, 0, "user.reset_requested",
	               arena_printf(&r->arena, "user:%lld", (long long)u.id), NULL) != 0))
		return STORE_ERR;
	return STORE_OK;
}

void
page_forgot(struct request *r)
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		forgot_form(r);
		return;
	}
	struct store *s = r->store;
	const char *email = form_value(r, "email");
	/* Requests count against the same limits as failed logins: no mail bombing. */
	char key[300];
	snprintf(key, sizeof key, "reset:%s", email);
	if (throttle_requests_blocked(s, key, r->remote_addr)) {
		http_error(r, 429, N_("Too many requests. Please wait 15 minutes and try again."));
		return;
	}
	struct auth_tx t = {.r = r, .email = email, .key = key};
	if (store_tx(s, forgot_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/anmelden",
	              N_("If an account exists for this address, we have sent a link to it."));
}

const struct form_key new_password_keys[3] = {
    {"name", FORM_TEXT, false, 0, 200, NULL},
    {"password", FORM_PASSWORD, true, 0, 0, NULL},
    {"password2", FORM_SECRET, true, 0, 0, NULL},
};

static void
new_password_form(struct request *r, bool invite, const char *name)
{
	struct html *h = layout_begin(r, invite ? tr(r, "Accept your invitation")
	                                        : tr(r, "Choose a new password"));
	widget_error_summary(r, h);
	const char *action = arena_printf(&r->arena, "%s%s",
	                                  invite ? "/einladung/" : "/passwort-neu/", r->params[0]);
	widget_form_begin(r, h, action);
	if (invite)
		widget_input(r, h,
		             &(struct widget){.name = "name",
		                              .label = tr(r, "Your name"),
		                              .value = name,
		                              .autocomplete = "name",
		                              .required = true,
		                              .maxlength = 200});
	account_password_fields(r, h);
	widget_submit(h, tr(r, "Save password"));
	html_close(h, "form");
	layout_end(r, h);
}

static void
token_gone(struct request *r)
{
	http_error(r, 410,
	           N_("This link is invalid, has been used already or has expired. "
	              "Please ask for a new one."));
}

static void
token_form(struct request *r, const char *kind)
{
	struct store *s = r->store;
	int64_t id = token_check(s, kind, r->params[0]);
	struct user u;
	if (!id || !user_find_by_id(s, &r->arena, id, &u)) {
		token_gone(r);
		return;
	}
	new_password_form(r, strcmp(kind, "invite") == 0, u.name);
}

void
page_reset_form(struct request *r)
{
	token_form(r, "reset");
}

void
page_invite_form(struct request *r)
{
	token_form(r, "invite");
}

/* The token is used up with the new password (and, for an invitation, the name), and
 * the person is signed in: all of it or nothing. */
static int
token_body(struct store *s, void *arg)
{
	struct auth_tx *t = arg;
	struct request *r = t->r;
	int64_t id = t->id;
	bool invite = strcmp(t->kind, "invite") == 0;
	if (token_consume(s, t->kind, r->params[0]) != id ||
	    user_set_password(s, id, id, form_value(r, "password")) != 0 ||
	    (invite && user_set_profile(s, id, id, form_value(r, "name"), t->locale) != 0) ||
	    http_login(r, id) != 0 || audit_log(s, id, "session.login", "session", NULL) != 0)
		return STORE_ERR;
	return STORE_OK;
}

static void
token_submit(struct request *r, const char *kind)
{
	bool invite = strcmp(kind, "invite") == 0;
	struct store *s = r->store;
	if (invite && !form_has(r, "name"))
		form_set_error(r, "name", N_("This field is required."));
	account_check_password(r);
	struct user u;
	int64_t id = token_check(s, kind, r->params[0]);
	if (!id || !user_find_by_id(s, &r->arena, id, &u)) {
		token_gone(r);
		return;
	}
	if (form_error_count(r)) {
		r->resp.status = 422;
		new_password_form(r, invite, u.name);
		return;
	}
	struct auth_tx t = {.r = r, .id = id, .kind = kind, .locale = u.locale};
	if (store_tx(s, token_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/start",
	              invite ? N_("Welcome! Your account is ready.")
	                     : N_("Your new password has been saved."));
}

void
page_reset(struct request *r)
{
	token_submit(r, "reset");
}

void
page_invite(struct request *r)
{
	token_submit(r, "invite");
}

/* THE route table: every address, its handler, who may use it, CSRF, and its form keys. */
#include "routes.h"
#include "http/route.h"
#include "pages/pages.h"

#define ANY ACCESS_PUBLIC
#define ANON ACCESS_ANON
#define LOGIN ACCESS_LOGIN
#define ADMIN ROLE_ADMIN

static const struct route table[] = {
    {"GET", "/", page_home, ANY, CSRF_NO, NOKEYS},
    {"GET", "/ueber", page_about, ANY, CSRF_NO, NOKEYS},
    {"GET", "/sprache/:lang", page_language, ANY, CSRF_NO, NOKEYS},

    {"GET", "/anmelden", page_login_form, ANON, CSRF_NO, NOKEYS},
    {"POST", "/anmelden", page_login, ANON, CSRF_YES, KEYS(login_keys)},
    {"POST", "/abmelden", page_logout, LOGIN, CSRF_YES, NOKEYS},
    {"GET", "/passwort-vergessen", page_forgot_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/passwort-vergessen", page_forgot, ANY, CSRF_YES, KEYS(forgot_keys)},
    {"GET", "/passwort-neu/:token", page_reset_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/passwort-neu/:token", page_reset, ANY, CSRF_YES, KEYS(new_password_keys)},
    {"GET", "/einladung/:token", page_invite_form, ANY, CSRF_NO, NOKEYS},
    {"POST", "/einladung/:token", page_invite, ANY, CSRF_YES, KEYS(new_password_keys)},

    {"GET", "/start", page_overview, LOGIN, CSRF_NO, NOKEYS},
    {"GET", "/konto", page_account, LOGIN, CSRF_NO, NOKEYS},
    {"POST", "/konto", page_account_profile, LOGIN, CSRF_YES, KEYS(profile_keys)},
    {"POST", "/konto/passwort", page_account_password, LOGIN, CSRF_YES, KEYS(password_keys)},

    {"GET", "/admin/benutzer", page_users, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/benutzer/einladen", page_user_invite, ADMIN, CSRF_YES, KEYS(invite_keys)},
    {"GET", "/admin/benutzer/:id", page_user, ADMIN, CSRF_NO, NOKEYS},
    {"POST", "/admin/benutzer/:id", page_user_update, ADMIN, CSRF_YES, KEYS(user_edit_keys)},
    {"GET", "/admin/protokoll", page_audit, ADMIN, CSRF_NO, NOKEYS},
};

void
routes_install(void)
{
	http_set_routes(table, sizeof table / sizeof table[0]);
	http_set_error_renderer(page_error);
}

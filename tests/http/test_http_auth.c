/* HTTP integration tests: logging in and out, throttling, the next parameter, password
 * reset, invitations and the person's own account page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The mail worker looks at the outbox every 2 s. */
#define MAIL_WAIT_MS 60000

static const char *
login_form(const char *email, const char *password)
{
	return tstr("email=%s&password=%s", tenc(email), tenc(password));
}

/* The error notice of a page (the whole element), or "" when there is none. */
static const char *
error_notice(const char *html)
{
	char *n = str_between(html, "<div class=\"notice notice-error\"", "</div>");
	const char *s = tstr("%s", n ? n : "");
	free(n);
	return s;
}

/* A fresh client that speaks English, so messages can be compared with their text. */
static struct client *
english_client(struct srv *s)
{
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: en");
	return c;
}

static void
assert_logged_out(struct client *c, const char *path)
{
	struct resp r;
	http_get(c, path, &r);
	assert_redirect(&r, tstr("/anmelden?next=%s", path));
	resp_free(&r);
}

static void
test_login_success_sets_session_cookie(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	assert_non_null(client_csrf(c));
	assert_body_has(&r, "name=\"email\"");
	assert_body_has(&r, "type=\"password\"");
	resp_free(&r);

	http_post_csrf(c, "/anmelden", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), &r);
	assert_redirect(&r, "/start");
	const char *cookie = resp_set_cookie(&r, "lt_session");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Lax"));
	assert_non_null(strstr(cookie, "; Path=/"));
	/* 256 random bits, hex. */
	assert_int_equal(strcspn(cookie + strlen("lt_session="), ";"), 64);
	resp_free(&r);

	http_get(c, "/start", &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, DEMO_SUBMITTER_NAME));
	assert_body_has(&r, "action=\"/abmelden\"");
	const char *cache = resp_header(&r, "Cache-Control");
	assert_non_null(cache);
	assert_non_null(strstr(cache, "no-store"));
	resp_free(&r);

	/* The e-mail address is matched without regard to case. */
	struct client *d = client_new(s);
	assert_int_equal(login(d, "Projekt@IQ-Demo.example", DEMO_PASSWORD), 0);
	client_free(d);
	client_free(c);
}

static void
test_wrong_password_gives_generic_message(void **state)
{
	struct srv *s = *state;
	struct client *c = english_client(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);

	http_post_csrf(c, "/anmelden", login_form(DEMO_SUBMITTER, "Falsches-Passwort"), &r);
	assert_status(&r, 422);
	assert_true(html_has(r.body, "The e-mail address or the password is not correct."));
	assert_null(resp_set_cookie(&r, "lt_session"));
	const char *wrong_password = error_notice(r.body);
	resp_free(&r);

	/* An unknown address gets the very same answer: the form does not tell who exists. */
	http_post_csrf(c, "/anmelden", login_form("niemand@iq-demo.example", "Falsches-Passwort"),
	               &r);
	assert_status(&r, 422);
	const char *unknown = error_notice(r.body);
	assert_true(strlen(unknown) > 0);
	assert_string_equal(unknown, wrong_password);
	resp_free(&r);

	/* The right password with the wrong account is no better. */
	http_post_csrf(c, "/anmelden", login_form("niemand@iq-demo.example", DEMO_PASSWORD), &r);
	assert_status(&r, 422);
	assert_string_equal(error_notice(r.body), wrong_password);
	resp_free(&r);

	/* The same holds in German. */
	struct client *de = client_new(s);
	assert_int_equal(http_get(de, "/anmelden", &r), 200);
	resp_free(&r);
	http_post_csrf(de, "/anmelden", login_form(DEMO_BOARD, "Falsches-Passwort"), &r);
	assert_status(&r, 422);
	const char *de_wrong = error_notice(r.body);
	assert_true(strlen(de_wrong) > 0);
	resp_free(&r);
	http_post_csrf(de, "/anmelden", login_form("keiner@iq-demo.example", "Falsches-Passwort"),
	               &r);
	assert_status(&r, 422);
	assert_string_equal(error_notice(r.body), de_wrong);
	resp_free(&r);

	assert_null(client_cookie(c, "lt_session"));
	assert_logged_out(c, "/start");
	client_free(de);
	client_free(c);
}

static void
test_five_failures_block_the_account(void **state)
{
	struct srv *s = *state;
	struct client *c = english_client(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	for (int i = 0; i < 5; i++) {
		http_post_csrf(c, "/anmelden", login_form(DEMO_SUBMITTER, "Falsches-Passwort"), &r);
		assert_status(&r, 422);
		resp_free(&r);
	}
	/* Now even the right password is turned away, with a message that says why. */
	http_post_csrf(c, "/anmelden", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	assert_true(html_has(r.body, "Too many failed attempts. Please wait 15 minutes and try "
	                             "again, or reset your password."));
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	assert_logged_out(c, "/start");

	/* In German too it is a 429 with its own message, not the wrong-password one. */
	struct client *de = client_new(s);
	assert_int_equal(http_get(de, "/anmelden", &r), 200);
	resp_free(&r);
	http_post_csrf(de, "/anmelden", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	assert_true(strlen(error_notice(r.body)) > 0);
	resp_free(&r);
	client_free(de);

	/* The block is per account: another person logs in from the same address. */
	struct client *other = client_new(s);
	assert_int_equal(login(other, DEMO_BOARD, DEMO_PASSWORD), 0);
	client_free(other);
	client_free(c);
}

static void
test_twenty_failures_block_the_address(void **state)
{
	struct srv *s = *state;
	struct client *c = english_client(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	/* Guessing across many accounts, four tries each, never trips the account limit … */
	for (int i = 0; i < 20; i++) {
		http_post_csrf(c, "/anmelden",
		               login_form(tstr("person%d@example.org", i / 4), "Falsches-Passwort"),
		               &r);
		assert_status(&r, 422);
		resp_free(&r);
	}
	/* … but the address is blocked now, for every account. */
	http_post_csrf(c, "/anmelden", login_form(DEMO_ADMIN, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	client_free(c);
}

static void
test_logout_ends_the_session(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	const char *old = client_cookie(c, "lt_session");
	assert_non_null(old);
	old = tstr("%s", old);

	http_post_csrf(c, "/abmelden", "", &r);
	assert_redirect(&r, "/");
	const char *cleared = resp_set_cookie(&r, "lt_session");
	assert_non_null(cleared);
	assert_non_null(strstr(cleared, "lt_session=;"));
	assert_non_null(strstr(cleared, "Max-Age=0"));
	resp_free(&r);
	assert_null(client_cookie(c, "lt_session"));

	/* The home page says so once. */
	http_get(c, "/", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "notice notice-success");
	assert_body_lacks(&r, "action=\"/abmelden\"");
	resp_free(&r);
	http_get(c, "/", &r);
	assert_body_lacks(&r, "notice notice-success");
	resp_free(&r);
	assert_logged_out(c, "/start");

	/* The old cookie, replayed, opens nothing and is told to go. */
	struct client *thief = client_new(s);
	client_set_cookie(thief, "lt_session", old);
	http_get(thief, "/konto", &r);
	assert_redirect(&r, "/anmelden?next=/konto");
	const char *gone = resp_set_cookie(&r, "lt_session");
	assert_non_null(gone);
	assert_non_null(strstr(gone, "Max-Age=0"));
	resp_free(&r);
	client_free(thief);
	client_free(c);
}

static void
test_next_parameter_only_for_local_paths(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = client_new(s);
	http_get(c, "/konto", &r);
	assert_redirect(&r, "/anmelden?next=/konto");
	resp_free(&r);
	http_get(c, "/anmelden?next=/konto", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"next\" value=\"/konto\"");
	resp_free(&r);
	http_post_csrf(
	    c, "/anmelden",
	    tstr("%s&next=%s", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), tenc("/konto")), &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);
	client_free(c);

	static const char *const foreign[] = {
	    "//evil.example", "//evil.example/konto", "https://evil.example/", "/\\evil.example",
	    "evil.example",   "javascript:alert(1)",  "\\\\evil.example",
	};
	for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
		c = client_new(s);
		http_get(c, tstr("/anmelden?next=%s", tenc(foreign[i])), &r);
		assert_status(&r, 200);
		/* The form does not carry it on. */
		assert_body_lacks(&r, "name=\"next\"");
		resp_free(&r);
		http_post_csrf(
		    c, "/anmelden",
		    tstr("%s&next=%s", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), tenc(foreign[i])),
		    &r);
		if (strcmp(resp_header(&r, "Location") ? resp_header(&r, "Location") : "",
		           "/start"))
			print_message("next=%s\n", foreign[i]);
		assert_redirect(&r, "/start");
		resp_free(&r);
		client_free(c);
	}

	/* A line break cannot smuggle a header into the redirect. */
	c = client_new(s);
	http_get(c, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(c, "/anmelden",
	               tstr("%s&next=%s", login_form(DEMO_SUBMITTER, DEMO_PASSWORD),
	                    tenc("/start\r\nX-Evil: 1")),
	               &r);
	assert_null(resp_header(&r, "X-Evil"));
	assert_true(r.status == 422 || r.status == 303);
	if (r.status == 303)
		assert_location(&r, "/start");
	resp_free(&r);
	client_free(c);
}

static void
test_password_reset_by_mail(void **state)
{
	struct srv *s = *state;
	struct resp r;
	/* Someone who is logged in elsewhere: the reset must end that session. */
	struct client *elsewhere = client_new(s);
	assert_int_equal(login(elsewhere, DEMO_SUBMITTER, DEMO_PASSWORD), 0);

	struct client *c = client_new(s);
	/* A forged Host header must not reach the link in the mail (token theft). */
	client_header(c, "Host: evil.example");
	assert_int_equal(http_get(c, "/passwort-vergessen", &r), 200);
	resp_free(&r);
	/* An unknown address gets the same answer as a known one, and no mail. */
	http_post_csrf(c, "/passwort-vergessen", "email=niemand%40iq-demo.example", &r);
	assert_redirect(&r, "/anmelden");
	resp_free(&r);
	http_post_csrf(c, "/passwort-vergessen", tstr("email=%s", tenc(DEMO_SUBMITTER)), &r);
	assert_redirect(&r, "/anmelden");
	resp_free(&r);

	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_null(strstr(mail, "evil.example"));
	assert_non_null(strstr(mail, tstr("%s/passwort-neu/", s->base)));
	char *link = mail_link(mail, "/passwort-neu/");
	assert_non_null(link);
	assert_int_equal(strlen(link), strlen("/passwort-neu/") + 64);
	/* An absolute address the person can click. */
	assert_non_null(strstr(mail, tstr("%s%s", s->base, link)));
	assert_int_equal(srv_mail_count(s), 1);
	free(mail);

	struct client *d = client_new(s);
	/* A reset link is no invitation. */
	http_get(d, tstr("/einladung/%s", link + strlen("/passwort-neu/")), &r);
	assert_status(&r, 410);
	resp_free(&r);
	http_get(d, link, &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("action=\"%s\"", link));
	resp_free(&r);
	/* Mistakes leave the link usable. */
	http_post_csrf(d, link, "password=Neues-Passwort-1&password2=Anderes-Passwort-1", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-password2-error\"");
	resp_free(&r);
	http_post_csrf(d, link, "password=kurz&password2=kurz", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-password-error\"");
	resp_free(&r);
	http_post_csrf(d, link, "password=Neues-Passwort-1&password2=Neues-Passwort-1", &r);
	assert_redirect(&r, "/start");
	assert_non_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	http_get(d, "/start", &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, DEMO_SUBMITTER_NAME));
	resp_free(&r);

	/* The link works once. */
	struct client *e = client_new(s);
	http_get(e, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	http_get(e, "/passwort-vergessen", &r);
	resp_free(&r);
	http_post_csrf(e, link, "password=Drittes-Passwort-1&password2=Drittes-Passwort-1", &r);
	assert_status(&r, 410);
	resp_free(&r);
	client_free(e);

	/* The old password is gone, the new one works, the other session has ended. */
	assert_logged_out(elsewhere, "/start");
	e = client_new(s);
	http_get(e, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(e, "/anmelden", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), &r);
	assert_status(&r, 422);
	resp_free(&r);
	client_free(e);
	e = client_new(s);
	assert_int_equal(login(e, DEMO_SUBMITTER, "Neues-Passwort-1"), 0);
	client_free(e);
	free(link);
	client_free(d);
	client_free(c);
	client_free(elsewhere);
}

static void
test_invitation_sets_name_and_password(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *admin = client_new(s);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(admin, "/admin/benutzer", &r), 200);
	resp_free(&r);
	http_post_csrf(admin, "/admin/benutzer/einladen",
	               "email=nina.neu%40example.org&name=Nina+Neu&organisation=0&role_submitter=1",
	               &r);
	assert_redirect(&r, "/admin/benutzer");
	resp_free(&r);
	http_get(admin, "/admin/benutzer", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "nina.neu@example.org");
	assert_body_has(&r, "Nina Neu");
	resp_free(&r);

	/* The same address twice is refused. */
	http_post_csrf(admin, "/admin/benutzer/einladen",
	               "email=nina.neu%40example.org&name=Nina+Zwei&organisation=0&role_board=1",
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-email-error\"");
	resp_free(&r);

	char *mail = srv_wait_mail(s, "nina.neu@example.org", MAIL_WAIT_MS);
	assert_non_null(mail);
	char *link = mail_link(mail, "/einladung/");
	assert_non_null(link);
	assert_non_null(strstr(mail, "Nina Neu"));
	free(mail);

	/* Before accepting there is no password to log in with. */
	struct client *c = client_new(s);
	http_get(c, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(c, "/anmelden", login_form("nina.neu@example.org", "Irgendein-Passwort"),
	               &r);
	assert_status(&r, 422);
	resp_free(&r);

	/* An invitation is no password reset. */
	http_get(c, tstr("/passwort-neu/%s", link + strlen("/einladung/")), &r);
	assert_status(&r, 410);
	resp_free(&r);

	http_get(c, link, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"name\"");
	assert_body_has(&r, "value=\"Nina Neu\"");
	resp_free(&r);
	http_post_csrf(
	    c, link,
	    "name=Nina+Neu-Berger&password=Ein-gutes-Passwort&password2=Ein-gutes-Passwort", &r);
	assert_redirect(&r, "/start");
	resp_free(&r);
	http_get(c, "/start", &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, "Nina Neu-Berger"));
	/* A sub-project's account: no administration. */
	char *nav = str_between(r.body, "<nav class=\"site-nav\"", "</nav>");
	assert_non_null(nav);
	assert_null(strstr(nav, "/admin/"));
	free(nav);
	resp_free(&r);
	http_get(c, "/admin/benutzer", &r);
	assert_status(&r, 403);
	resp_free(&r);

	/* Once only. */
	struct client *d = client_new(s);
	http_get(d, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	client_free(d);

	d = client_new(s);
	assert_int_equal(login(d, "nina.neu@example.org", "Ein-gutes-Passwort"), 0);
	client_free(d);
	free(link);
	client_free(c);
	client_free(admin);
}

static void
test_account_name_and_language(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(c, "/konto", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"de\">");
	assert_body_has(&r, DEMO_SUBMITTER);
	resp_free(&r);

	/* Invalid input is refused and changes nothing. */
	http_post_csrf(c, "/konto", "name=&locale=de", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-name-error\"");
	resp_free(&r);
	http_post_csrf(c, "/konto", "name=Aylin+Demir&locale=fr", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-locale-error\"");
	resp_free(&r);

	http_post_csrf(c, "/konto", "name=Aylin+Demir-Yilmaz&locale=en", &r);
	assert_redirect(&r, "/konto");
	const char *lang = resp_set_cookie(&r, "lt_lang");
	assert_non_null(lang);
	assert_non_null(strstr(lang, "lt_lang=en;"));
	resp_free(&r);

	http_get(c, "/konto", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, ">Log out</button>");
	assert_body_has(&r, ">My account</a>");
	assert_body_has(&r, "value=\"Aylin Demir-Yilmaz\"");
	assert_body_has(&r, "Your changes have been saved.");
	resp_free(&r);

	/* What a person types comes back as text, never as markup. */
	http_post_csrf(c, "/konto",
	               tstr("name=%s&locale=en", tenc("Aylin <script>alert(\"x\")</script> & Co")),
	               &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);
	http_get(c, "/konto", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "<script>alert");
	assert_body_has(&r, "<span class=\"user-name\">Aylin &lt;script&gt;alert(&quot;x&quot;)"
	                    "&lt;/script&gt; &amp; Co</span>");
	resp_free(&r);
	http_post_csrf(c, "/konto", "name=Aylin+Demir-Yilmaz&locale=en", &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);

	/* The language belongs to the person: a new browser that asks for German gets English. */
	struct client *d = client_new(s);
	client_header(d, "Accept-Language: de");
	assert_int_equal(login(d, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	assert_non_null(strstr(client_page(d), "<html lang=\"en\">"));
	assert_true(html_has(client_page(d), "Aylin Demir-Yilmaz"));
	client_free(d);
	client_free(c);
}

static void
test_account_password_needs_current_one(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = client_new(s), *other = client_new(s);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	assert_int_equal(login(other, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(c, "/konto", &r);
	resp_free(&r);

	http_post_csrf(
	    c, "/konto/passwort",
	    "current=Falsches-Passwort&password=Neues-Passwort-1&password2=Neues-Passwort-1", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-current-error\"");
	resp_free(&r);
	http_post_csrf(
	    c, "/konto/passwort",
	    "current=Leuchtturm-Demo&password=Neues-Passwort-1&password2=Neues-Passwort-2", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-password2-error\"");
	assert_body_lacks(&r, "id=\"f-current-error\"");
	resp_free(&r);
	http_post_csrf(c, "/konto/passwort", "current=Leuchtturm-Demo&password=kurz&password2=kurz",
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-password-error\"");
	resp_free(&r);
	/* None of that changed the password. */
	struct client *check = client_new(s);
	assert_int_equal(login(check, DEMO_BOARD, DEMO_PASSWORD), 0);
	client_free(check);

	http_post_csrf(
	    c, "/konto/passwort",
	    "current=Leuchtturm-Demo&password=Neues-Passwort-1&password2=Neues-Passwort-1", &r);
	assert_redirect(&r, "/konto");
	assert_non_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	/* This session goes on under a new token; every other one has ended. */
	http_get(c, "/konto", &r);
	assert_status(&r, 200);
	resp_free(&r);
	assert_logged_out(other, "/start");

	check = client_new(s);
	http_get(check, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(check, "/anmelden", login_form(DEMO_BOARD, DEMO_PASSWORD), &r);
	assert_status(&r, 422);
	resp_free(&r);
	client_free(check);
	check = client_new(s);
	assert_int_equal(login(check, DEMO_BOARD, "Neues-Passwort-1"), 0);
	client_free(check);
	client_free(other);
	client_free(c);
}

static void
test_success_clears_the_failures(void **state)
{
	struct srv *s = *state;
	struct resp r;
	for (int round = 0; round < 2; round++) {
		struct client *c = client_new(s);
		assert_int_equal(http_get(c, "/anmelden", &r), 200);
		resp_free(&r);
		for (int i = 0; i < 4; i++) {
			http_post_csrf(c, "/anmelden", login_form(DEMO_BOARD, "Falsches-Passwort"),
			               &r);
			assert_status(&r, 422);
			resp_free(&r);
		}
		client_free(c);
		/* The fifth try is right: it counts as a success and wipes the slate. */
		c = client_new(s);
		assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
		client_free(c);
	}
}

static void
test_reset_requests_are_limited(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = english_client(s);
	assert_int_equal(http_get(c, "/passwort-vergessen", &r), 200);
	resp_free(&r);
	for (int i = 0; i < 5; i++) {
		http_post_csrf(c, "/passwort-vergessen", tstr("email=%s", tenc(DEMO_BOARD)), &r);
		assert_redirect(&r, "/anmelden");
		resp_free(&r);
	}
	/* No mail bombing: the sixth request within 15 minutes is refused. */
	http_get(c, "/passwort-vergessen", &r);
	resp_free(&r);
	http_post_csrf(c, "/passwort-vergessen", tstr("email=%s", tenc(DEMO_BOARD)), &r);
	assert_status(&r, 429);
	assert_true(html_has(r.body, "Too many requests. Please wait 15 minutes and try again."));
	resp_free(&r);
	/* Five mails went out, not six. */
	for (int i = 0; i < 5; i++) {
		char *mail = srv_wait_mail(s, DEMO_BOARD, MAIL_WAIT_MS);
		assert_non_null(mail);
		free(mail);
	}
	assert_int_equal(srv_mail_count(s), 5);
	/* Asking for a reset is not a failed login: the account itself is not blocked. */
	struct client *d = client_new(s);
	assert_int_equal(login(d, DEMO_BOARD, DEMO_PASSWORD), 0);
	client_free(d);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_login_success_sets_session_cookie, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_password_gives_generic_message, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_five_failures_block_the_account, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_success_clears_the_failures, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_twenty_failures_block_the_address, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_logout_ends_the_session, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_next_parameter_only_for_local_paths, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_password_reset_by_mail, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_reset_requests_are_limited, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_invitation_sets_name_and_password, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_account_name_and_language, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_account_password_needs_current_one, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

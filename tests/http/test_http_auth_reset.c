/* HTTP integration tests of setting a password by mail: the reset, its limits, and the
 * invitation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "auth_fixture.h"

/* The access log shows the route with the token cut to four digits, never the token. */
static void
assert_log_masks_token(struct srv *s, const char *link, const char *prefix)
{
	const char *token = link + strlen(prefix);
	assert_true(srv_log_wait(s, tstr("GET %s%.4s\xe2\x80\xa6 ", prefix, token), 5000));
	FILE *f = fopen(s->log, "r");
	assert_non_null(f);
	char line[4096];
	while (fgets(line, sizeof line, f))
		if (strstr(line, tstr("%.12s", token)))
			fail_msg("the token is in the log: %s", line);
	fclose(f);
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
	assert_log_masks_token(s, link, "/passwort-neu/");
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
	assert_log_masks_token(s, link, "/einladung/");
	free(link);
	client_free(c);
	client_free(admin);
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
	    cmocka_unit_test_setup_teardown(test_password_reset_by_mail, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_reset_requests_are_limited, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_invitation_sets_name_and_password, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

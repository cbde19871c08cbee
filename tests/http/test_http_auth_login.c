/* HTTP integration tests of logging in and out: the session cookie, the generic message,
 * throttling by account and by address, and the next parameter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "auth_fixture.h"

/* The error notice of a page (the whole element), or "" when there is none. */
static const char *
error_notice(const char *html)
{
	char *n = str_between(html, "<div class=\"notice notice-error\"", "</div>");
	const char *s = tstr("%s", n ? n : "");
	free(n);
	return s;
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

/* Posts the login form until the answer is no longer 429 (at most 5 s), for a delay that
 * has to pass; returns the last status. */
static long
login_after_delay(struct client *c, const char *email, struct resp *r)
{
	long status = 0;
	for (int i = 0; i < 50; i++) {
		http_get(c, "/anmelden", r);
		resp_free(r);
		status = http_post_csrf(c, "/anmelden", login_form(email, DEMO_PASSWORD), r);
		if (status != 429)
			return status;
		resp_free(r);
		usleep(100 * 1000);
	}
	return status;
}

static void
test_five_failures_slow_down_only_that_address(void **state)
{
	struct srv *s = *state;
	struct client *c = english_client(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	for (int i = 0; i < 5; i++) {
		http_post_csrf(c, "/anmelden", login_form(DEMO_ADMIN, "Falsches-Passwort"), &r);
		assert_status(&r, 422);
		resp_free(&r);
	}
	/* From this address the next try has to wait; the person is told how long and that
	 * the account is not locked. The password is not even looked at. */
	http_post_csrf(c, "/anmelden", login_form(DEMO_ADMIN, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	assert_true(html_has(r.body, "Too many failed attempts. Please wait "));
	assert_true(html_has(r.body, ", then try again, or reset your password. Your account is "
	                             "not locked"));
	assert_non_null(resp_header(&r, "Retry-After"));
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	assert_logged_out(c, "/start");

	/* The office from another address logs in at once with the right password. */
	struct client *office = client_new(s);
	client_source(office, "127.0.0.2");
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	client_free(office);
	/* Another person logs in from the same address. */
	struct client *other = client_new(s);
	assert_int_equal(login(other, DEMO_BOARD, DEMO_PASSWORD), 0);
	client_free(other);
	/* And once the wait is over, the right password works here too. */
	assert_int_equal(login_after_delay(c, DEMO_ADMIN, &r), 303);
	resp_free(&r);
	client_free(c);
}

static void
test_twenty_failures_slow_the_address_down(void **state)
{
	struct srv *s = *state;
	struct client *c = english_client(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	/* Guessing across many accounts (a whole office behind one proxy mistyping) … */
	for (int i = 0; i < 20; i++) {
		http_post_csrf(c, "/anmelden",
		               login_form(tstr("person%d@example.org", i / 4), "Falsches-Passwort"),
		               &r);
		assert_status(&r, 422);
		resp_free(&r);
	}
	/* … slows every login from the address down by seconds, and no more. */
	http_post_csrf(c, "/anmelden", login_form(DEMO_SUBMITTER, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	assert_non_null(resp_header(&r, "Retry-After"));
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	assert_int_equal(login_after_delay(c, DEMO_SUBMITTER, &r), 303);
	resp_free(&r);
	struct client *d = client_new(s);
	assert_int_equal(login_after_delay(d, DEMO_BOARD, &r), 303);
	resp_free(&r);
	client_free(d);
	/* Other addresses never noticed. */
	struct client *e = client_new(s);
	client_source(e, "127.0.0.3");
	assert_int_equal(login(e, DEMO_ADMIN, DEMO_PASSWORD), 0);
	client_free(e);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_login_success_sets_session_cookie, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_password_gives_generic_message, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_five_failures_slow_down_only_that_address,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_success_clears_the_failures, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_twenty_failures_slow_the_address_down, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_logout_ends_the_session, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_next_parameter_only_for_local_paths, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

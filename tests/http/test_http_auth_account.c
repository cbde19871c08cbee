/* HTTP integration tests of the person's own account page: name, language and password. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_account_name_and_language, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_account_password_needs_current_one, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests of the person's own account page: name, language and password. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static void
test_account_password_guesses_are_throttled(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = english_client(s);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(c, "/konto", &r);
	resp_free(&r);
	/* Someone at an unlocked screen guesses the current password … */
	for (int i = 0; i < 5; i++) {
		http_post_csrf(c, "/konto/passwort",
		               tstr("current=Rate-%d&password=Neues-Passwort-1&password2=Neues-"
		                    "Passwort-1",
		                    i),
		               &r);
		assert_status(&r, 422);
		assert_body_has(&r, "id=\"f-current-error\"");
		resp_free(&r);
	}
	/* … and is held back like at the login, even with the right one. */
	http_post_csrf(
	    c, "/konto/passwort",
	    "current=Leuchtturm-Demo&password=Neues-Passwort-1&password2=Neues-Passwort-1", &r);
	assert_status(&r, 429);
	assert_body_has(&r, "id=\"f-current-error\"");
	/* In the person's own language (German for this account), next to the field. */
	assert_true(html_has(r.body, "Ihr Konto ist nicht gesperrt"));
	assert_non_null(resp_header(&r, "Retry-After"));
	resp_free(&r);
	/* The login from this address counts the same guesses. */
	struct client *d = client_new(s);
	http_get(d, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(d, "/anmelden", login_form(DEMO_BOARD, DEMO_PASSWORD), &r);
	assert_status(&r, 429);
	resp_free(&r);
	client_free(d);
	/* The password did not change; from elsewhere the person logs in at once. */
	struct client *e = client_new(s);
	client_source(e, "127.0.0.2");
	assert_int_equal(login(e, DEMO_BOARD, DEMO_PASSWORD), 0);
	client_free(e);
	client_free(c);
}

static int
mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (int)(st.st_mode & 0777);
}

/* The database and its -wal and -shm files hold the CSRF and notice key: `init` takes
 * group and other access away from an existing data folder and says so. */
static void
test_init_tightens_the_data_folder(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0); /* a write: -wal exists */
	client_free(c);
	/* On PostgreSQL the folder holds the files and the outbox, the database is the
	 * server's: the folder is tightened all the same. */
	bool file = !srv_on_pg(s);
	const char *wal = tstr("%s-wal", s->db), *shm = tstr("%s-shm", s->db);
	assert_int_equal(chmod(s->dir, 0755), 0);
	if (file) {
		assert_int_equal(chmod(s->db, 0644), 0);
		assert_int_equal(chmod(wal, 0644), 0);
		assert_int_equal(chmod(shm, 0644), 0);
	}
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "init", NULL), 0);
	assert_non_null(strstr(out, tstr("tightened %s from 0755 to 0700", s->dir)));
	if (file) {
		assert_non_null(strstr(out, tstr("tightened %s from 0644 to 0600", s->db)));
		assert_non_null(strstr(out, tstr("tightened %s from 0644 to 0600", wal)));
	}
	free(out);
	assert_int_equal(mode_of(s->dir), 0700);
	if (file) {
		assert_int_equal(mode_of(s->db), 0600);
		assert_int_equal(mode_of(wal), 0600);
		assert_int_equal(mode_of(shm), 0600);
	}
	/* Run again, there is nothing left to say. */
	assert_int_equal(srv_cli(s, NULL, &out, "init", NULL), 0);
	assert_null(strstr(out, "tightened"));
	free(out);
	/* A new data folder is private from the start. */
	const char *fresh = tstr("%s/neu", s->dir);
	assert_int_equal(srv_cli(s, NULL, &out, "init", "--data", fresh, NULL), 0);
	free(out);
	assert_int_equal(mode_of(fresh), 0700);
	if (file)
		assert_int_equal(mode_of(tstr("%s/leuchtturm.db", fresh)), 0600);
	/* The server still works on the tightened files. */
	c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	client_free(c);
}

/* An error page shows no notice meant for another page, and leaves it for the next. */
static void
test_error_pages_keep_the_notice_for_later(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = english_client(s);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(c, "/konto", &r);
	resp_free(&r);
	http_post_csrf(c, "/konto", "name=Dr.+Jonas+Albrecht&locale=en", &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);
	assert_non_null(client_cookie(c, "lt_flash"));
	assert_int_equal(http_get(c, "/gibt-es-nicht", &r), 404);
	assert_false(html_has(r.body, "Your changes have been saved."));
	assert_body_lacks(&r, "notice-success");
	resp_free(&r);
	assert_int_equal(http_get(c, "/konto", &r), 200);
	assert_true(html_has(r.body, "Your changes have been saved."));
	resp_free(&r);
	/* Used up now. */
	assert_int_equal(http_get(c, "/konto", &r), 200);
	assert_false(html_has(r.body, "Your changes have been saved."));
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_account_name_and_language, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_error_pages_keep_the_notice_for_later, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_init_tightens_the_data_folder, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_account_password_guesses_are_throttled, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_account_password_needs_current_one, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

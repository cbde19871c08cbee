/* HTTP integration tests of what each role sees: the navigation, the login state on public
 * pages, and a change of roles taking effect at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "access_fixture.h"

/* The header navigation of a page, or "". */
static const char *
nav_of(const char *html)
{
	char *nav = str_between(html, "<nav class=\"site-nav\"", "</nav>");
	const char *s = tstr("%s", nav ? nav : "");
	free(nav);
	return s;
}

static void
test_navigation_by_role(void **state)
{
	struct srv *s = *state;
	for (int role = 0; role < NROLES; role++) {
		struct client *c = client_as(s, (enum role)role);
		struct resp r;
		http_get(c, role == R_ANON ? "/" : "/start", &r);
		assert_status(&r, 200);
		const char *nav = nav_of(r.body);
		assert_true(strlen(nav) > 0);
		print_message("%s: %s\n", roles[role].name, nav);
		if (role == R_ADMIN) {
			assert_non_null(strstr(nav, "<a href=\"/admin/benutzer\">Benutzer</a>"));
			assert_non_null(strstr(nav, "<a href=\"/admin/protokoll\">Protokoll</a>"));
		} else {
			assert_null(strstr(nav, "/admin/"));
			assert_null(strstr(nav, ">Benutzer<"));
			assert_null(strstr(nav, ">Protokoll<"));
		}
		if (role == R_ANON) {
			assert_non_null(strstr(nav, "href=\"/anmelden\""));
			assert_null(strstr(nav, "href=\"/konto\""));
			assert_null(strstr(nav, "href=\"/start\""));
			assert_body_lacks(&r, "action=\"/abmelden\"");
		} else {
			assert_null(strstr(nav, "href=\"/anmelden\""));
			assert_non_null(strstr(nav, "href=\"/konto\""));
			assert_non_null(strstr(nav, "href=\"/start\" aria-current=\"page\""));
			assert_body_has(&r, "action=\"/abmelden\"");
		}
		resp_free(&r);
		client_free(c);
	}
}

/* SERVER BUG (reported to the lead): dispatch.c loads the session only for routes that are
 * not public (or take a form), so on / and /ueber a logged-in person gets the anonymous
 * header: an "Anmelden" link, no "Abmelden" button, no "Übersicht", and for the office no
 * "Benutzer"/"Protokoll". The header must show the same state on every page. */
static void
test_public_pages_show_the_login_state(void **state)
{
	struct srv *s = *state;
	static const char *const pages[] = {"/", "/ueber"};
	for (int role = R_SUBMITTER; role < NROLES; role++) {
		struct client *c = client_as(s, (enum role)role);
		for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
			struct resp r;
			http_get(c, pages[i], &r);
			assert_status(&r, 200);
			const char *nav = nav_of(r.body);
			if (strstr(nav, "href=\"/anmelden\"") ||
			    !strstr(r.body, "action=\"/abmelden\""))
				print_message("%s on %s: %s\n", roles[role].name, pages[i], nav);
			assert_null(strstr(nav, "href=\"/anmelden\""));
			assert_non_null(strstr(nav, "href=\"/start\""));
			assert_body_has(&r, "action=\"/abmelden\"");
			if (role == R_ADMIN)
				assert_non_null(strstr(nav, "href=\"/admin/benutzer\""));
			resp_free(&r);
		}
		client_free(c);
	}
}

static void
test_roles_change_takes_effect_at_once(void **state)
{
	struct srv *s = *state;
	struct client *admin = client_as(s, R_ADMIN), *board = client_as(s, R_BOARD);
	struct resp r;
	http_get(board, "/admin/benutzer", &r);
	assert_status(&r, 403);
	resp_free(&r);

	/* The office finds the board member in the list and makes them an admin too. */
	http_get(admin, "/admin/benutzer", &r);
	assert_status(&r, 200);
	const char *p = strstr(r.body, tstr(">%s</a>", DEMO_BOARD_NAME));
	assert_non_null(p);
	const char *href = NULL;
	for (const char *q = p; q > r.body; q--)
		if (strncmp(q, "href=\"/admin/benutzer/", 22) == 0) {
			href = q + 6;
			break;
		}
	assert_non_null(href);
	const char *path = tstr("%.*s", (int)strcspn(href, "\""), href);
	resp_free(&r);
	http_get(admin, path, &r);
	assert_status(&r, 200);
	assert_body_has(&r, DEMO_BOARD);
	resp_free(&r);
	http_post_csrf(admin, path,
	               "organisation=0&constituency=funder&role_admin=1&role_board=1&active=1", &r);
	assert_redirect(&r, path);
	resp_free(&r);

	/* The running session of the board member sees the administration now. */
	http_get(board, "/admin/benutzer", &r);
	assert_status(&r, 200);
	resp_free(&r);

	/* Deactivated, the account's session ends. */
	http_get(admin, path, &r);
	resp_free(&r);
	http_post_csrf(admin, path, "organisation=0&constituency=funder&role_board=1", &r);
	assert_redirect(&r, path);
	resp_free(&r);
	http_get(board, "/start", &r);
	assert_redirect(&r, "/anmelden?next=/start");
	resp_free(&r);
	/* Nor can it log in again, not even with the right password. */
	struct client *again = client_new(s);
	http_get(again, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(again, "/anmelden",
	               tstr("email=%s&password=%s", tenc(DEMO_BOARD), DEMO_PASSWORD), &r);
	assert_status(&r, 422);
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	client_free(again);

	/* The office cannot lock itself out. */
	http_get(admin, "/admin/benutzer/1", &r);
	assert_status(&r, 200);
	assert_body_has(&r, DEMO_ADMIN);
	resp_free(&r);
	http_post_csrf(admin, "/admin/benutzer/1",
	               "organisation=0&constituency=&role_board=1&active=1", &r);
	assert_status(&r, 422);
	/* A checkbox has no message of its own; the summary names it. */
	assert_body_has(&r, "href=\"#f-role_admin\"");
	resp_free(&r);
	http_get(admin, "/admin/benutzer", &r);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(board);
	client_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_navigation_by_role, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_public_pages_show_the_login_state, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_roles_change_takes_effect_at_once, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

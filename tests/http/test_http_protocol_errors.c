/* HTTP integration tests of the protocol layer's errors: unknown routes and wrong methods
 * in the layout, body limits, malformed forms, field counts and query strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "protocol_fixture.h"

/* An error page is a whole page of the site, not a bare text. */
static void
assert_layout_page(struct resp *r)
{
	const char *type = resp_header(r, "Content-Type");
	assert_non_null(type);
	assert_non_null(strstr(type, "text/html"));
	assert_body_has(r, "<!DOCTYPE html>");
	assert_body_has(r, "<main id=\"main\"");
	assert_body_has(r, "class=\"site-nav\"");
	assert_body_has(r, "</html>");
}

static void
test_unknown_route_is_404_in_layout(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	static const char *const paths[] = {"/gibt-es-nicht", "/admin/gibt-es-nicht",
	                                    "/anmelden/zu-viel", "/start/", "//start"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		http_get(c, paths[i], &r);
		/* An unknown address under /admin answers 404 too, not a login redirect. */
		assert_status(&r, 404);
		assert_layout_page(&r);
		assert_body_has(&r, "<html lang=\"de\">");
		assert_security_headers(&r);
		resp_free(&r);
	}
	client_free(c);
}

static void
test_wrong_method_is_405_with_allow(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	static const struct {
		const char *method, *path, *allow;
	} cases[] = {
	    {"DELETE", "/anmelden", "GET, HEAD, POST"},
	    {"PUT", "/konto", "GET, HEAD, POST"},
	    {"POST", "/", "GET, HEAD"},
	    {"POST", "/start", "GET, HEAD"},
	    {"GET", "/abmelden", "POST"},
	    {"PATCH", "/admin/benutzer/1", "GET, HEAD, POST"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *body = strcmp(cases[i].method, "GET") ? "" : NULL;
		http_request(
		    c,
		    &(struct req){.method = cases[i].method, .path = cases[i].path, .body = body},
		    &r);
		/* Not a login redirect: the method is wrong whoever asks. */
		assert_status(&r, 405);
		const char *allow = resp_header(&r, "Allow");
		if (!allow)
			resp_dump(&r);
		assert_non_null(allow);
		assert_string_equal(allow, cases[i].allow);
		assert_layout_page(&r);
		assert_security_headers(&r);
		resp_free(&r);
	}
	client_free(c);
}

static int
setup_small_body(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	/* The body limit grows to hold the largest upload plus 1 MB: 2 MB here. */
	s->serve_args[0] = "--max-body";
	s->serve_args[1] = "1024";
	s->serve_args[2] = "--max-upload-mb";
	s->serve_args[3] = "1";
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static char *
filled_form(size_t len)
{
	char *body = malloc(len + 1);
	assert_non_null(body);
	memcpy(body, "filler=", 7);
	memset(body + 7, 'x', len - 7);
	body[len] = '\0';
	return body;
}

static void
test_body_over_limit_is_413(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);

	/* Just within the limit: the request reaches the dispatcher (no token: 403). */
	char *body = filled_form(LIMIT);
	http_post_form(c, "/anmelden", body, &r);
	assert_status(&r, 403);
	resp_free(&r);
	free(body);

	/* Over the limit: refused by its head with 413, a page in the layout. The harness
	 * sends bodies over 1 MB with "Expect: 100-continue", as curl does, so the body is not
	 * sent into the server's close (a client sending it anyway may see a reset). */
	static const size_t sizes[] = {LIMIT + 1, LIMIT + 4096, 2 * LIMIT};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		body = filled_form(sizes[i]);
		http_post_form(c, "/anmelden", body, &r);
		assert_status(&r, 413);
		assert_layout_page(&r);
		assert_security_headers(&r);
		resp_free(&r);
		free(body);
	}

	/* The server is still well: a fresh client is served. */
	struct client *d = client_new(*state);
	assert_int_equal(http_get(d, "/", &r), 200);
	resp_free(&r);
	client_free(d);
	client_free(c);
}

static void
test_malformed_form_is_400(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	const char *token = tstr("%s", client_csrf(c));
	static const char *const bad[] = {
	    "email=%zz",    /* not hex */
	    "email=%ff",    /* a byte that is never UTF-8 */
	    "email=%e2%82", /* UTF-8 cut short */
	    "email=%c0%af", /* overlong encoding of '/' */
	    "email=a%00b",  /* NUL */
	    "email=%4",     /* escape cut short */
	    "email=x%",     /* escape cut short at the end */
	    "%zz=x",        /* in the key */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *form = tstr("%s&password=x&_csrf=%s", bad[i], token);
		http_post_form(c, "/anmelden", form, &r);
		if (r.status != 400)
			print_message("form: %s\n", bad[i]);
		assert_status(&r, 400);
		assert_layout_page(&r);
		assert_security_headers(&r);
		resp_free(&r);
	}
	/* The same form, well encoded, is read: a wrong password (422), not a 400. */
	http_post_form(c, "/anmelden",
	               tstr("email=%%C3%%A4%%40example.org&password=x+y&_csrf=%s", token), &r);
	assert_status(&r, 422);
	resp_free(&r);
	client_free(c);
}

static void
test_too_many_fields_is_400(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	/* 600 fields: more than any form has; the parser stops at 512. */
	size_t len = 0, cap = 600 * 8 + 200;
	char *form = malloc(cap);
	assert_non_null(form);
	for (int i = 0; i < 600; i++)
		len += (size_t)snprintf(form + len, cap - len, "f%d=1&", i);
	snprintf(form + len, cap - len, "_csrf=%s", client_csrf(c));
	http_post_form(c, "/anmelden", form, &r);
	assert_status(&r, 400);
	assert_layout_page(&r);
	resp_free(&r);
	free(form);
	http_get(c, tstr("/?%s", "a=1&a=2&a=3"), &r);
	assert_status(&r, 200);
	resp_free(&r);
	client_free(c);
}

static void
test_malformed_query_is_400(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	static const char *const bad[] = {"/?q=%zz", "/?q=%ff",         "/ueber?x=%c3%28",
	                                  "/?%zz",   "/?q=%00",         "/%ff",
	                                  "/%zz",    "/anmelden?next=%"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_get(c, bad[i], &r);
		if (r.status != 400)
			print_message("target: %s\n", bad[i]);
		assert_status(&r, 400);
		assert_layout_page(&r);
		assert_security_headers(&r);
		resp_free(&r);
	}
	static const char *const good[] = {"/?q=%C3%A4", "/?q=a+b&r=", "/?&&", "/ueber?x"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		http_get(c, good[i], &r);
		if (r.status != 200)
			print_message("target: %s\n", good[i]);
		assert_status(&r, 200);
		resp_free(&r);
	}
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unknown_route_is_404_in_layout, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_method_is_405_with_allow, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_body_over_limit_is_413, setup_small_body,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_form_is_400, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_too_many_fields_is_400, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_query_is_400, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

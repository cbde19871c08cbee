/* HTTP integration tests of the protocol layer's headers: security headers, cached static
 * assets, ETags per language, HEAD, keep-alive, the language and secure cookies. */
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

static void
test_security_headers_on_every_response(void **state)
{
	struct srv *s = *state;
	struct client *anon = client_new(s), *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(anon, "/anmelden", &r), 200);
	resp_free(&r);
	const char *token = tstr("%s", client_csrf(anon));

	const struct {
		struct client *who;
		struct req q;
		long status;
	} cases[] = {
	    {anon, {.path = "/"}, 200},
	    {anon, {.path = "/ueber"}, 200},
	    {anon, {.method = "HEAD", .path = "/"}, 200},
	    {anon, {.path = "/gibt-es-nicht"}, 404},
	    {anon, {.method = "DELETE", .path = "/"}, 405},
	    {anon, {.path = "/?q=%zz"}, 400},
	    {anon, {.path = "/konto"}, 303},
	    {anon, {.path = "/passwort-neu/unbekannt"}, 410},
	    {anon, {.method = "POST", .path = "/anmelden", .body = "email=a%40b.de"}, 403},
	    {anon,
	     {.method = "POST",
	      .path = "/anmelden",
	      .body = tstr("email=a%%40b.de&password=falsch&_csrf=%s", token)},
	     422},
	    {anon,
	     {.path = "/ueber",
	      .headers = (const char *const[]){"If-None-Match: \"about-1-de\"", NULL}},
	     304},
	    {sub, {.path = "/start"}, 200},
	    {sub, {.path = "/admin/benutzer"}, 403},
	    {sub, {.path = "/anmelden"}, 303},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_request(cases[i].who, &cases[i].q, &r);
		if (r.status != cases[i].status)
			print_message("case %zu: %s\n", i, cases[i].q.path);
		assert_status(&r, cases[i].status);
		assert_security_headers(&r);
		resp_free(&r);
	}
	client_free(anon);
	client_free(sub);
}

/* The href of the first element on the page that starts with prefix ("/static/style-"). */
static const char *
asset_href(const char *html, const char *prefix)
{
	const char *p = strstr(html, tstr("href=\"%s", prefix));
	if (!p)
		p = strstr(html, tstr("src=\"%s", prefix));
	if (!p)
		return NULL;
	p = strchr(p, '"') + 1;
	return tstr("%.*s", (int)strcspn(p, "\""), p);
}

static void
test_static_assets_are_cached_forever(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	assert_int_equal(http_get(c, "/", &r), 200);
	const char *css = asset_href(r.body, "/static/style-");
	const char *js = asset_href(r.body, "/static/app-");
	const char *icon = asset_href(r.body, "/static/favicon-");
	resp_free(&r);
	assert_non_null(css);
	assert_non_null(js);
	assert_non_null(icon);

	http_get(c, css, &r);
	assert_status(&r, 200);
	assert_true(r.body_len > 100);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "text/css"));
	const char *cache = resp_header(&r, "Cache-Control");
	assert_non_null(cache);
	assert_non_null(strstr(cache, "immutable"));
	assert_non_null(strstr(cache, "max-age=31536000"));
	assert_security_headers(&r);
	const char *etag = resp_header(&r, "ETag");
	assert_non_null(etag);
	const char *inm = tstr("If-None-Match: %s", etag);
	resp_free(&r);

	http_request(c, &(struct req){.path = css, .headers = (const char *const[]){inm, NULL}},
	             &r);
	assert_status(&r, 304);
	assert_int_equal(r.body_len, 0);
	assert_security_headers(&r);
	resp_free(&r);

	/* Another tag: the whole file again. */
	http_request(
	    c,
	    &(struct req){.path = css,
	                  .headers = (const char *const[]){"If-None-Match: \"anders\"", NULL}},
	    &r);
	assert_status(&r, 200);
	assert_true(r.body_len > 100);
	resp_free(&r);

	http_get(c, js, &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "javascript"));
	resp_free(&r);
	http_get(c, icon, &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "image/svg+xml"));
	resp_free(&r);

	/* Only the hashed names exist. */
	static const char *const missing[] = {"/static/style.css", "/static/", "/static/nope-1.css",
	                                      "/static/../leuchtturm.db"};
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		http_get(c, missing[i], &r);
		assert_status(&r, 404);
		assert_security_headers(&r);
		resp_free(&r);
	}
	client_free(c);
}

/* SERVER BUG (reported to the lead): catalog_about.c gives /ueber the fixed ETag "about-1"
 * although the page differs by language (and by login: header, CSRF token). A cache holding
 * the German page revalidates the English one with that tag and is told 304, so it shows
 * German to someone who chose English. Each representation needs its own tag. */
static void
test_etag_differs_per_language(void **state)
{
	struct srv *s = *state;
	struct client *de = client_new(s), *en = client_new(s);
	client_header(de, "Accept-Language: de");
	client_header(en, "Accept-Language: en");
	struct resp r;
	http_get(de, "/ueber", &r);
	assert_status(&r, 200);
	assert_non_null(resp_header(&r, "ETag"));
	const char *tag = tstr("%s", resp_header(&r, "ETag")); /* outlives resp_free */
	const char *inm = tstr("If-None-Match: %s", tag);
	resp_free(&r);
	/* The German page revalidates as German … */
	http_request(
	    de, &(struct req){.path = "/ueber", .headers = (const char *const[]){inm, NULL}}, &r);
	assert_status(&r, 304);
	resp_free(&r);
	/* … but the English page is not the same representation. */
	http_request(
	    en, &(struct req){.path = "/ueber", .headers = (const char *const[]){inm, NULL}}, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	const char *en_tag = resp_header(&r, "ETag");
	assert_true(!en_tag || strcmp(en_tag, tag) != 0);
	resp_free(&r);
	client_free(de);
	client_free(en);
}

static void
test_head_answers_without_body(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	http_request(c, &(struct req){.method = "HEAD", .path = "/"}, &r);
	assert_status(&r, 200);
	assert_int_equal(r.body_len, 0);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "text/html"));
	resp_free(&r);

	http_request(c, &(struct req){.method = "HEAD", .path = "/gibt-es-nicht"}, &r);
	assert_status(&r, 404);
	assert_int_equal(r.body_len, 0);
	resp_free(&r);

	/* HEAD of a static asset. */
	assert_int_equal(http_get(c, "/", &r), 200);
	const char *css = asset_href(r.body, "/static/style-");
	resp_free(&r);
	http_request(c, &(struct req){.method = "HEAD", .path = css}, &r);
	assert_status(&r, 200);
	assert_int_equal(r.body_len, 0);
	assert_non_null(resp_header(&r, "ETag"));
	resp_free(&r);

	/* SERVER BUG (reported to the lead): HEAD must answer as GET does, but dispatch.c
	 * builds next= only for GET, so HEAD /konto redirects to /anmelden?next=/start. */
	http_request(c, &(struct req){.method = "HEAD", .path = "/konto"}, &r);
	assert_redirect(&r, "/anmelden?next=/konto");
	resp_free(&r);
	client_free(c);
}

static void
assert_kept_alive(struct resp *r, bool first)
{
	if (!first && r->num_connects != 0)
		resp_dump(r);
	assert_int_equal(r->num_connects, first ? 1 : 0);
	const char *conn = resp_header(r, "Connection");
	if (conn && strcasecmp(conn, "close") == 0)
		resp_dump(r);
	assert_false(conn && strcasecmp(conn, "close") == 0);
}

static void
test_keep_alive_reuses_the_connection(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	http_get(c, "/", &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, true);
	resp_free(&r);

	http_get(c, "/ueber", &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, false);
	resp_free(&r);

	http_get(c, "/anmelden", &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, false);
	resp_free(&r);

	/* A form post and its redirect, an error page and HEAD keep the connection too. */
	http_post_csrf(c, "/anmelden",
	               tstr("email=%s&password=%s", tenc(DEMO_SUBMITTER), DEMO_PASSWORD), &r);
	assert_redirect(&r, "/start");
	assert_kept_alive(&r, false);
	resp_free(&r);

	http_get(c, "/start", &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, false);
	resp_free(&r);

	http_get(c, "/gibt-es-nicht", &r);
	assert_status(&r, 404);
	assert_kept_alive(&r, false);
	resp_free(&r);

	http_request(c, &(struct req){.method = "HEAD", .path = "/ueber"}, &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, false);
	resp_free(&r);

	http_get(c, "/ueber", &r);
	assert_status(&r, 200);
	assert_kept_alive(&r, false);
	resp_free(&r);
	client_free(c);
}

static void
test_language_follows_header_and_cookie(void **state)
{
	struct srv *s = *state;
	struct resp r;
	static const struct {
		const char *accept, *lang;
	} cases[] = {
	    {NULL, "de"},
	    {"en", "en"},
	    {"en-GB,en;q=0.9", "en"},
	    {"de-DE,de;q=0.9", "de"},
	    {"fr", "de"},
	    {"fr, en;q=0.5", "en"},
	    {"en;q=0.1, de", "de"},
	    {"*;q=0.5, zz", "de"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct client *c = client_new(s);
		if (cases[i].accept)
			client_header(c, tstr("Accept-Language: %s", cases[i].accept));
		http_get(c, "/", &r);
		assert_status(&r, 200);
		if (!strstr(r.body, tstr("<html lang=\"%s\">", cases[i].lang)))
			print_message("Accept-Language: %s\n", cases[i].accept);
		assert_body_has(&r, tstr("<html lang=\"%s\">", cases[i].lang));
		resp_free(&r);
		client_free(c);
	}

	/* The switch in the footer sets a cookie that wins over the header. */
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: de");
	http_get(c, "/ueber", &r);
	assert_body_has(&r, "href=\"/sprache/en?next=%2Fueber\"");
	resp_free(&r);
	http_get(c, "/sprache/en?next=/ueber", &r);
	assert_redirect(&r, "/ueber");
	const char *cookie = resp_set_cookie(&r, "lt_lang");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "lt_lang=en;"));
	resp_free(&r);
	assert_string_equal(client_cookie(c, "lt_lang"), "en");
	http_get(c, "/ueber", &r);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "About IQ Good Practice");
	assert_body_has(&r, "href=\"/sprache/de?next=%2Fueber\"");
	resp_free(&r);

	http_get(c, "/sprache/de", &r);
	assert_redirect(&r, "/");
	resp_free(&r);
	http_get(c, "/ueber", &r);
	assert_body_has(&r, "<html lang=\"de\">");
	assert_body_has(&r, "Über IQ Good Practice");
	resp_free(&r);

	/* Only local targets; unknown languages do not exist. */
	http_get(c, "/sprache/en?next=//evil.example/", &r);
	assert_redirect(&r, "/");
	resp_free(&r);
	http_get(c, "/sprache/en?next=https://evil.example/", &r);
	assert_redirect(&r, "/");
	resp_free(&r);
	http_get(c, "/sprache/xx", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(c);
}

static int
setup_secure_cookies(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->serve_args[0] = "--secure-cookies";
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* Behind TLS: every cookie is Secure and browsers are told to stay on HTTPS. */
static void
test_secure_cookies_behind_tls(void **state)
{
	struct client *c = client_new(*state);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	const char *pre = resp_set_cookie(&r, "lt_pre");
	assert_non_null(pre);
	assert_non_null(strstr(pre, "; Secure"));
	const char *hsts = resp_header(&r, "Strict-Transport-Security");
	assert_non_null(hsts);
	assert_non_null(strstr(hsts, "max-age="));
	const char *token = tstr("%s", client_csrf(c));
	const char *value = tstr("%.64s", pre + strlen("lt_pre="));
	resp_free(&r);
	/* curl keeps Secure cookies off plain HTTP, so the browser's cookie goes by hand. */
	http_request(
	    c,
	    &(struct req){.method = "POST",
	                  .path = "/anmelden",
	                  .headers = (const char *const[]){tstr("Cookie: lt_pre=%s", value), NULL},
	                  .body = tstr("email=%s&password=%s&_csrf=%s", tenc(DEMO_SUBMITTER),
	                               DEMO_PASSWORD, token)},
	    &r);
	assert_redirect(&r, "/start");
	const char *session = resp_set_cookie(&r, "lt_session");
	assert_non_null(session);
	assert_non_null(strstr(session, "; Secure"));
	assert_non_null(strstr(session, "; HttpOnly"));
	const char *lang = resp_set_cookie(&r, "lt_lang");
	assert_non_null(lang);
	assert_non_null(strstr(lang, "; Secure"));
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_security_headers_on_every_response, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_static_assets_are_cached_forever, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_etag_differs_per_language, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_head_answers_without_body, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_keep_alive_reuses_the_connection, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_language_follows_header_and_cookie, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_secure_cookies_behind_tls, setup_secure_cookies,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

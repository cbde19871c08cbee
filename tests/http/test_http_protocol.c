/* HTTP integration tests: the protocol layer — errors in the layout, methods, body limits,
 * malformed input, security headers, static assets, HEAD, keep-alive, language, shutdown. */
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

/* Every answer, whatever its status, carries the security headers. */
static void
assert_security_headers(struct resp *r)
{
	const char *csp = resp_header(r, "Content-Security-Policy");
	if (!csp)
		resp_dump(r);
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'self'"));
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_null(strstr(csp, "unsafe-inline"));
	assert_null(strstr(csp, "unsafe-eval"));
	const char *nosniff = resp_header(r, "X-Content-Type-Options");
	assert_non_null(nosniff);
	assert_string_equal(nosniff, "nosniff");
	assert_non_null(resp_header(r, "Referrer-Policy"));
}

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

#define LIMIT (2u * 1024 * 1024)

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

	/* SERVER BUG (reported to the lead): no 413 ever reaches the client. server.c queues
	 * the response while the body is still arriving; libmicrohttpd 0.9.75 refuses a
	 * response in that state (MHD_queue_response returns MHD_NO, the log says
	 * "Application reported internal error, closing connection.") and the client gets an
	 * empty reply (curl error 52). */
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

/* SERVER BUG (reported to the lead): pages.c/about.c gives /ueber the fixed ETag "about-1"
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

static int
connect_to(struct srv *s)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		return -1;
	return fd;
}

static void
send_all(int fd, const char *text)
{
	size_t n = strlen(text);
	while (n) {
		ssize_t w = send(fd, text, n, MSG_NOSIGNAL);
		assert_true(w > 0);
		text += w;
		n -= (size_t)w;
	}
}

/* Reads until the peer closes or timeout_ms pass; returns what came. */
static const char *
read_until_closed(int fd, int timeout_ms)
{
	char buf[65536];
	size_t len = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = timeout_ms -
		            ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		struct pollfd p = {fd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof buf - 1)
			break;
	}
	buf[len] = '\0';
	return tstr("%s", buf);
}

/* Reads one response (headers and a Content-Length body) from a kept-alive connection. */
static const char *
read_response(int fd, int timeout_ms)
{
	char buf[65536];
	size_t len = 0;
	for (;;) {
		buf[len] = '\0';
		const char *end = strstr(buf, "\r\n\r\n");
		if (end) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");
			size_t body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
			if (len >= (size_t)(end + 4 - buf) + body)
				break;
		}
		struct pollfd p = {fd, POLLIN, 0};
		if (len == sizeof buf - 1 || poll(&p, 1, timeout_ms) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return tstr("%s", buf);
}

/* Waits (at most timeout_ms) until the server has read all that was sent on fd: its end of
 * the connection shows an empty receive queue in /proc/net/tcp. No log line marks a request
 * whose body is still coming, and a fixed pause would be a guess that load can beat. */
static bool
server_has_read(struct srv *s, int fd, int timeout_ms)
{
	struct sockaddr_in me;
	socklen_t len = sizeof me;
	if (getsockname(fd, (struct sockaddr *)&me, &len) != 0)
		return false;
	unsigned mine = ntohs(me.sin_port);
	struct timespec t0, t, tick = {0, 10 * 1000000L};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		FILE *f = fopen("/proc/net/tcp", "r");
		char line[512];
		bool seen = false, empty = false;
		while (f && fgets(line, sizeof line, f)) {
			unsigned local, remote;
			unsigned long tx, rx;
			if (sscanf(line, " %*u: %*x:%x %*x:%x %*x %lx:%lx", &local, &remote, &tx,
			           &rx) == 4 &&
			    local == s->port && remote == mine) {
				seen = true;
				empty = rx == 0;
			}
		}
		if (f)
			fclose(f);
		if (seen && empty)
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms)
			return false;
		nanosleep(&tick, NULL);
	}
}

static void
test_graceful_shutdown_finishes_requests_in_flight(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	const char *pre = client_cookie(c, "lt_pre");
	assert_non_null(pre);
	pre = tstr("%s", pre);
	const char *body = tstr("email=%s&password=%s&_csrf=%s", tenc(DEMO_SUBMITTER),
	                        DEMO_PASSWORD, client_csrf(c));
	client_free(c);

	/* A request answered first shows the server has taken the connection on … */
	int fd = connect_to(s);
	assert_true(fd >= 0);
	send_all(fd, tstr("GET /ueber HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", s->port));
	const char *first = read_response(fd, 60000);
	assert_true(strncmp(first, "HTTP/1.1 200", 12) == 0);

	/* … then a login whose body is only half sent when the server is told to stop. */
	size_t half = strlen(body) / 2;
	send_all(fd,
	         tstr("POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	              "Content-Type: application/x-www-form-urlencoded\r\n"
	              "Content-Length: %zu\r\nCookie: lt_pre=%s\r\nConnection: close\r\n\r\n%.*s",
	              s->port, strlen(body), pre, (int)half, body));
	assert_true(server_has_read(s, fd, 60000));
	assert_int_equal(srv_signal(s, SIGTERM), 0);
	assert_true(srv_log_wait(s, "SIGTERM received", 60000));
	/* Still waiting for the request in flight. This pause waits for nothing to happen (a
	 * server that wrongly stopped would have exited by then), so no condition can end it;
	 * load makes it only less likely to catch that fault, never a false failure. */
	struct timespec pause = {0, 200 * 1000000L};
	nanosleep(&pause, NULL);
	assert_int_equal(srv_wait_exit(s, 0), -1);

	send_all(fd, body + half);
	const char *answer = read_until_closed(fd, 60000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 303", 12) != 0)
		print_message("answer: %s\n", answer);
	assert_true(strncmp(answer, "HTTP/1.1 303", 12) == 0);
	assert_non_null(strstr(answer, "\r\nLocation: /start\r\n"));
	assert_non_null(strstr(answer, "lt_session="));

	/* Then it ends, cleanly. */
	assert_int_equal(srv_wait_exit(s, 60000), 0);
	assert_true(srv_log_wait(s, "leuchtturm: stopped", 0));
}

static void
test_sigterm_when_idle_exits_zero(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/", &r), 200);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_signal(s, SIGTERM), 0);
	assert_int_equal(srv_wait_exit(s, 60000), 0);
	assert_true(srv_log_wait(s, "leuchtturm: stopped", 0));
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
	    cmocka_unit_test_setup_teardown(test_graceful_shutdown_finishes_requests_in_flight,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_sigterm_when_idle_exits_zero, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

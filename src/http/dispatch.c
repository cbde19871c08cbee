/* The dispatcher. Security checks live here, in one place, for every route. */
#include "http/dispatch.h"
#include "http/csrf.h"
#include "http/kept_upload.h"
#include "http/multipart.h"
#include "http/parse.h"
#include "http/route.h"
#include "http/server.h"
#include "domain/session.h"
#include "store/store.h"
#include "util/log.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct route *routes;
static size_t nroutes;
static void (*render_error)(struct request *r, int status, const char *reason);

void
http_set_routes(const struct route *table, size_t n)
{
	routes = table;
	nroutes = n;
}

void
http_set_error_renderer(void (*render)(struct request *r, int status, const char *reason))
{
	render_error = render;
}

/* Matches path against pattern; ":name" takes one non-empty segment, and ":name.ext" a
 * segment ending in ".ext" (of which it takes the part before, never empty). Returns -1 for
 * no match, else how many literal characters matched: the more, the more specific. */
static long
match(const char *pattern, const char *path, const char **params, struct arena *a)
{
	size_t np = 0;
	long literal = 0;
	while (*pattern && *path) {
		if (*pattern == ':') {
			const char *seg_end = strchr(pattern, '/');
			size_t plen = seg_end ? (size_t)(seg_end - pattern) : strlen(pattern);
			const char *dot = memchr(pattern, '.', plen);
			size_t slen = dot ? plen - (size_t)(dot - pattern) : 0;
			pattern += plen;
			const char *end = strchr(path, '/');
			size_t n = end ? (size_t)(end - path) : strlen(path);
			if (n <= slen || np >= 4)
				return -1;
			if (slen && memcmp(path + n - slen, dot, slen) != 0)
				return -1;
			params[np++] = arena_strndup(a, path, n - slen);
			literal += (long)slen;
			path += n;
			continue;
		}
		if (*pattern++ != *path++)
			return -1;
		literal++;
	}
	return !*pattern && !*path ? literal : -1;
}

static const struct route *
find_route(struct request *r, bool *path_known)
{
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	const struct route *best = NULL;
	long best_literal = -1;
	*path_known = false;
	/* The most specific pattern wins ("/praxis/:slug.pdf" over "/praxis/:slug"), the
	 * first in the table among equals. */
	for (size_t i = 0; i < nroutes; i++) {
		const char *params[4] = {0};
		long literal = match(routes[i].pattern, r->path, params, &r->arena);
		if (literal < 0)
			continue;
		*path_known = true;
		if (strcmp(routes[i].method, method) == 0 && literal > best_literal) {
			memcpy(r->params, params, sizeof params);
			best = &routes[i];
			best_literal = literal;
		}
	}
	return best;
}

static void
allow_header(struct request *r)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < nroutes; i++) {
		const char *params[4];
		if (match(routes[i].pattern, r->path, params, &r->arena) < 0 ||
		    strstr(buf_str(&b), routes[i].method))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, routes[i].method);
		if (strcmp(routes[i].method, "GET") == 0)
			buf_puts(&b, ", HEAD");
	}
	http_set_header(r, "Allow", arena_strdup(&r->arena, buf_str(&b)));
	buf_free(&b);
}

void
http_error(struct request *r, int status, const char *reason)
{
	http_drop_file(r);
	buf_reset(&r->resp.body);
	r->resp.nheaders = 0;
	r->resp.etag = NULL;
	r->resp.last_modified = 0;
	if (render_error) {
		render_error(r, status, reason);
		r->resp.status = status;
	} else {
		const char *text = tr(r, reason ? reason : "Error");
		http_send(r, status, "text/plain; charset=utf-8", text, strlen(text));
	}
}

static const char *csrf_binding(struct request *r, bool create);

void
http_disk_full(struct request *r)
{
	r->keep_form = strcmp(r->method ? r->method : "", "POST") == 0;
	/* The files that arrived whole stay on the server for the form shown again. */
	if (r->keep_form)
		http_kept_keep(r, csrf_binding(r, false));
	if (!store_committed()) {
		http_error(r, 503,
		           N_("The server's disk is full, so nothing could be saved. The operators "
		              "have been told. Please try again later; what you entered is shown "
		              "below."));
		http_set_header(r, "Retry-After", "300");
		return;
	}
	/* Something of this request was saved before a later write was refused (a new
	 * session, a draft's text before its file): say so, and keep the cookies the answer
	 * set, or a session that exists would be lost with them. The notice is dropped: it
	 * belonged to the page the handler meant to show. */
	struct header cookies[16];
	size_t n = 0;
	for (size_t i = 0; i < r->resp.nheaders; i++) {
		const struct header *h = &r->resp.headers[i];
		if (strcasecmp(h->name, "Set-Cookie") == 0 &&
		    !str_starts(h->value, COOKIE_FLASH "="))
			cookies[n++] = *h;
	}
	http_error(r, 503,
	           N_("The server's disk is full, so not everything could be saved: part of "
	              "what you sent has been saved, the rest has not. The operators have been "
	              "told. Please check the page and try again later; what you entered is "
	              "shown below."));
	http_set_header(r, "Retry-After", "300");
	for (size_t i = 0; i < n; i++)
		http_set_header(r, cookies[i].name, cookies[i].value);
}

void
http_fail_with(struct request *r, const char *reason)
{
	/* A write refused for lack of space is no bug here: 503 says so, and the error page
	 * shows the form's input again (r->keep_form) so nothing typed is lost. The store
	 * logs it, once a minute. */
	if (store_saw_full()) {
		http_disk_full(r);
		return;
	}
	/* The path is the client's: control bytes would forge log lines. */
	char path[160];
	size_t n = 0;
	for (const char *p = r->path ? r->path : "?"; *p && n < sizeof path - 1; p++)
		path[n++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
	path[n] = 0;
	log_error("http: %s %s failed: %s", r->method ? r->method : "?", path, reason);
	http_error(r, 500, reason);
}

void
http_fail(struct request *r)
{
	http_fail_with(r, N_("The request could not be completed. Please try again."));
}

static bool
split_uri(struct request *r, const char *raw)
{
	const char *q = strchr(raw, '?');
	size_t plen = q ? (size_t)(q - raw) : strlen(raw);
	char *path = arena_alloc(&r->arena, plen + 1);
	if (plen == 0 || raw[0] != '/' || parse_url_decode(path, raw, plen, 0) < 0)
		return false;
	r->path = path;
	if (q && parse_urlencoded(&r->arena, q + 1, strlen(q + 1), &r->query) != 0)
		return false;
	return true;
}

static void
choose_language(struct request *r)
{
	int code = -1;
	if (r->user)
		code = (int)r->user->locale;
	if (code < 0 && http_cookie(r, COOKIE_LANG))
		code = i18n_parse(http_cookie(r, COOKIE_LANG));
	r->lang = code >= 0 ? (enum lang)code
	                    : i18n_from_accept_language(http_header(r, "Accept-Language"));
}

static void
load_session(struct request *r)
{
	const char *token = http_cookie(r, COOKIE_SESSION);
	struct store *s = r->store;
	if (!token || !s)
		return;
	int64_t id = session_lookup(s, token);
	struct user *u = arena_calloc(&r->arena, sizeof *u);
	if (id && user_find_by_id(s, &r->arena, id, u) && u->active) {
		r->user = u;
		r->session_token = token;
	} else {
		http_set_cookie(r, COOKIE_SESSION, "", 0);
	}
}

/* The value that binds this browser's forms to it: the session, else a pre-session cookie
 * made on first need. */
static const char *
csrf_binding(struct request *r, bool create)
{
	if (r->session_token)
		return r->session_token;
	const char *pre = http_cookie(r, COOKIE_PRE);
	if (pre && strlen(pre) == 64)
		return pre;
	if (!create)
		return NULL;
	char *fresh = arena_alloc(&r->arena, 65);
	session_random_token(fresh);
	http_set_cookie(r, COOKIE_PRE, fresh, -1);
	return fresh;
}

static void
read_flash(struct request *r)
{
	char msgid[1024];
	const char *raw = http_cookie(r, COOKIE_FLASH);
	if (!raw)
		return;
	http_set_cookie(r, COOKIE_FLASH, "", 0);
	if (csrf_verify_signed(raw, "flash", msgid, sizeof msgid)) {
		size_t n = strlen(msgid) / 2;
		char *text = arena_alloc(&r->arena, n + 1);
		for (size_t i = 0; i < n; i++) {
			unsigned v;
			if (sscanf(msgid + 2 * i, "%2x", &v) != 1)
				return;
			text[i] = (char)v;
		}
		text[n] = '\0';
		r->notice_error = str_starts(text, FLASH_ERROR_MARK);
		r->notice = r->notice_error ? text + strlen(FLASH_ERROR_MARK) : text;
	}
}

static bool
parse_body(struct request *r)
{
	const char *type = http_header(r, "Content-Type");
	if (!r->body_len)
		return true;
	if (type && str_starts(type, "application/x-www-form-urlencoded"))
		return parse_urlencoded(&r->arena, r->body, r->body_len, &r->form) == 0;
	/* Parsed here, not in the handler, so "_csrf" is in r->form for the check below. */
	if (type && str_starts(type, "multipart/form-data"))
		return http_multipart_parse(r) == 0;
	return false;
}

static bool
access_allowed(struct request *r, const struct route *rt)
{
	if (rt->access == ACCESS_PUBLIC)
		return true;
	if (rt->access & ACCESS_ANON) {
		if (r->user)
			http_redirect(r, "/start", NULL);
		return !r->user;
	}
	if (!r->user) {
		bool reading = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
		const char *next = reading ? r->path : "/start";
		struct buf b = BUF_INIT;
		buf_puts(&b, "/anmelden?next=");
		for (const char *p = next; *p; p++) {
			unsigned char c = (unsigned char)*p;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || strchr("/-_.~", c))
				buf_putc(&b, (char)c);
			else
				buf_printf(&b, "%%%02X", c);
		}
		http_redirect(r, arena_strdup(&r->arena, buf_str(&b)),
		              N_("Please log in to continue."));
		buf_free(&b);
		return false;
	}
	if (rt->access == ACCESS_LOGIN || (r->user->roles & rt->access))
		return true;
	http_error(r, 403, N_("Your account does not have access to this page."));
	return false;
}

/* What the dispatcher knows from the head alone: the route, the session, the language and
 * the notice. Returns the route, or NULL after answering (400, 404, 405). */
static const struct route *
read_head(struct request *r, const char *raw_uri)
{
	r->lang = LANG_DEFAULT;
	r->store = store_thread();
	store_clear_full();
	parse_cookies(&r->arena, http_header(r, "Cookie"), &r->cookies);
	if (!split_uri(r, raw_uri)) {
		r->path = "/";
		choose_language(r);
		http_error(r, 400, N_("The address of this request is malformed."));
		return NULL;
	}
	bool path_known;
	const struct route *rt = find_route(r, &path_known);
	if (!rt) {
		choose_language(r);
		if (path_known) {
			http_error(r, 405, N_("This page does not accept this kind of request."));
			allow_header(r);
		} else {
			http_error(r, 404, N_("There is no page at this address."));
		}
		return NULL;
	}
	r->route = rt;
	/* Anonymous visitors cost no lookup; a session cookie is checked on every page, as
	 * public pages show the logged-in navigation too. */
	if (http_cookie(r, COOKIE_SESSION))
		load_session(r);
	choose_language(r);
	return rt;
}

static const char *const csrf_refused =
    N_("The form has expired or was sent from elsewhere. Please go back, reload the page "
       "and send it again.");

bool
http_admit(struct request *r, const char *raw_uri)
{
	const struct route *rt = read_head(r, raw_uri);
	if (!rt || !access_allowed(r, rt))
		return false;
	/* The token is in the body, but what it is bound to comes with the head: without
	 * a session or the pre-session cookie no token can be right. */
	if (rt->csrf && !csrf_binding(r, false)) {
		http_error(r, 403, csrf_refused);
		return false;
	}
	return true;
}

const char *
http_admitted_csrf_binding(struct request *r)
{
	if (!r->route || !r->route->csrf)
		return NULL;
	const char *b = csrf_binding(r, false);
	return b ? arena_strdup(&r->arena, b) : NULL;
}

void
http_refuse_csrf(struct request *r)
{
	http_error(r, 403, csrf_refused);
}

void
http_dispatch(struct request *r, const char *raw_uri)
{
	const struct route *rt = read_head(r, raw_uri);
	if (!rt)
		return;
	read_flash(r);
	if (!parse_body(r)) {
		http_error(r, 400, N_("The form data could not be read."));
		return;
	}
	if (!access_allowed(r, rt))
		return;
	if (rt->csrf) {
		const char *binding = csrf_binding(r, false);
		if (!csrf_check(kv_get(&r->form, "_csrf"), binding)) {
			http_error(r, 403, csrf_refused);
			return;
		}
	}
	/* Files kept after a full disk come back with the form that was shown again. */
	struct upload *uploads =
	    rt->csrf ? http_kept_restore(r, csrf_binding(r, false)) : r->uploads;
	form_validate(r, rt->keys, rt->nkeys);
	rt->handler(r);
	/* A form whose write was refused for lack of space is answered as such, whatever the
	 * handler made of the failed store_tx (a "logged out" redirect while the session
	 * lives, a refusal naming another reason): the 503 page with the input kept, which
	 * says so when part of it was saved (store_committed) and keeps its cookies. */
	if (store_saw_full() && strcmp(r->method, "POST") == 0 && r->resp.status < 500)
		http_fail(r);
	http_kept_release(r, uploads);
}

const char *
http_csrf(struct request *r)
{
	/* Made on first need, so public pages without forms set no cookie and stay cacheable. */
	if (!r->csrf_token) {
		char *token = arena_alloc(&r->arena, CSRF_TOKEN_LEN + 1);
		csrf_token(token, csrf_binding(r, true));
		r->csrf_token = token;
	}
	return r->csrf_token;
}

int
http_login(struct request *r, int64_t user_id)
{
	struct store *s = r->store;
	char token[65];
	/* Inside a store_tx that runs again, end the session the request came with, not the
	 * one the rolled-back attempt made. */
	if (!r->session_came)
		r->session_came = r->session_token ? r->session_token : "";
	if (*r->session_came)
		session_end(s, r->session_came);
	if (session_create(s, user_id, token) != 0)
		return -1;
	r->session_token = arena_strdup(&r->arena, token);
	r->csrf_token = NULL;
	http_set_cookie(r, COOKIE_SESSION, token, -1);
	return 0;
}

void
http_logout(struct request *r)
{
	if (r->session_token)
		session_end(r->store, r->session_token);
	r->session_token = NULL;
	r->user = NULL;
	http_set_cookie(r, COOKIE_SESSION, "", 0);
}

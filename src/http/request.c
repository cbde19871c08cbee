/* Request accessors and response helpers for handlers. */
#include "http/request.h"
#include "http/parse.h"
#include "http/server.h"
#include "http/csrf.h"
#include "http/dispatch.h"
#include "util/log.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *
http_header(struct request *r, const char *name)
{
	if (!r->conn)
		return NULL;
	return MHD_lookup_connection_value((struct MHD_Connection *)r->conn, MHD_HEADER_KIND, name);
}

const char *
http_query(struct request *r, const char *key)
{
	return kv_get(&r->query, key);
}

const char *
http_cookie(struct request *r, const char *key)
{
	return kv_get(&r->cookies, key);
}

static struct field *
field(struct request *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	/* A page that shows an empty form asks for values no request sent (a GET has no
	 * form table): nothing to report. A handler whose route has a table and asks for a
	 * key outside it is a programming error. */
	if (r->nfields)
		log_error("form key '%s' is not in the route's table", name);
	return NULL;
}

const char *
form_value(struct request *r, const char *name)
{
	struct field *f = field(r, name);
	return f ? f->value : "";
}

int64_t
form_int(struct request *r, const char *name)
{
	struct field *f = field(r, name);
	return f && !f->error ? f->num : 0;
}

bool
form_has(struct request *r, const char *name)
{
	struct field *f = field(r, name);
	return f && f->present;
}

const char *
form_error(struct request *r, const char *name)
{
	struct field *f = field(r, name);
	return f ? f->error : NULL;
}

void
form_set_error(struct request *r, const char *name, const char *msgid)
{
	struct field *f = field(r, name);
	if (f)
		f->error = msgid;
}

size_t
form_error_count(struct request *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfields; i++)
		n += r->fields[i].error != NULL;
	return n;
}

const char *
tr(const struct request *r, const char *msgid)
{
	return i18n_get(r->lang, msgid);
}

const char *
trn(const struct request *r, const char *msgid, const char *plural, long n)
{
	return i18n_nget(r->lang, msgid, plural, n);
}

/* The opaque part of an entity tag: what is between the quotes, W/ or not. */
static const char *
etag_opaque(const char *tag, size_t *n)
{
	if (tag[0] == 'W' && tag[1] == '/')
		tag += 2;
	*n = strlen(tag);
	return tag;
}

bool
http_not_modified(struct request *r)
{
	struct response *o = &r->resp;
	if (o->status && o->status != 200)
		return false;
	const char *inm = http_header(r, "If-None-Match");
	if (inm && o->etag) {
		if (strcmp(inm, "*") == 0)
			return true;
		size_t n;
		const char *want = etag_opaque(o->etag, &n);
		/* The header lists tags separated by commas; find ours as a whole tag. */
		for (const char *p = strstr(inm, want); p; p = strstr(p + 1, want)) {
			const char *end = p + n;
			bool starts = p == inm || p[-1] == ' ' || p[-1] == ',' ||
			              (p - inm >= 2 && p[-1] == '/' && p[-2] == 'W');
			if (starts && (*end == '\0' || *end == ',' || *end == ' '))
				return true;
		}
		return false;
	}
	const char *ims = http_header(r, "If-Modified-Since");
	if (ims && o->last_modified) {
		char when[64];
		time_format_http(when, sizeof when, o->last_modified);
		return strcmp(ims, when) == 0;
	}
	return false;
}

const char *
http_absolute_url(struct request *r, const char *path)
{
	const char *origin = http_config()->origin;
	return arena_printf(&r->arena, "%s%s", origin ? origin : "http://localhost", path);
}

void
http_set_header(struct request *r, const char *name, const char *value)
{
	struct response *o = &r->resp;
	for (size_t i = 0; i < o->nheaders; i++) {
		/* Set-Cookie may repeat; every other header is replaced. */
		if (strcasecmp(o->headers[i].name, name) == 0 && strcasecmp(name, "Set-Cookie")) {
			o->headers[i].value = value;
			return;
		}
	}
	if (o->nheaders < sizeof o->headers / sizeof o->headers[0])
		o->headers[o->nheaders++] = (struct header){name, value};
	else
		log_error("too many response headers; dropped %s", name);
}

void
http_set_cookie(struct request *r, const char *name, const char *value, long max_age)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", max_age);
	if (http_config()->secure_cookies)
		buf_puts(&b, "; Secure");
	/* A later value of the same cookie replaces the earlier one (http_login run again
	 * in a store_tx that was retried). */
	const char *v = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	size_t n = strlen(name);
	for (size_t i = 0; i < r->resp.nheaders; i++) {
		struct header *h = &r->resp.headers[i];
		if (strcasecmp(h->name, "Set-Cookie") == 0 && strncmp(h->value, name, n) == 0 &&
		    h->value[n] == '=') {
			h->value = v;
			return;
		}
	}
	http_set_header(r, "Set-Cookie", v);
}

/* The flash cookie carries the notice hex-encoded and signed; an error notice starts with
 * FLASH_ERROR_MARK, which read_flash (dispatch.c) strips again. */
static void
redirect(struct request *r, const char *location, const char *notice, bool error)
{
	if (!str_is_local_path(location))
		location = "/";
	r->resp.status = 303;
	http_set_header(r, "Location", location);
	if (notice) {
		/* A cookie holds about 4 kB; 480 bytes of text (hex-encoded, signed) is ample
		 * for a sentence in any language. */
		char text[481], hex[962], signed_value[1040];
		int n = snprintf(text, sizeof text, "%s%s", error ? FLASH_ERROR_MARK : "", notice);
		if (n > 0 && n < (int)sizeof text) {
			str_hex(hex, (const unsigned char *)text, (size_t)n);
			csrf_sign(signed_value, sizeof signed_value, "flash", hex);
			http_set_cookie(r, COOKIE_FLASH, arena_strdup(&r->arena, signed_value), -1);
		}
	}
	buf_reset(&r->resp.body);
}

void
http_redirect(struct request *r, const char *location, const char *notice)
{
	redirect(r, location, notice, false);
}

void
http_redirect_error(struct request *r, const char *location, const char *notice)
{
	redirect(r, location, notice, true);
}

void
http_drop_file(struct request *r)
{
	if (r->resp.has_file)
		close(r->resp.file_fd);
	r->resp.has_file = false;
}

void
http_send_file(struct request *r, int status, const char *content_type, int fd, uint64_t size)
{
	http_drop_file(r);
	r->resp.status = status;
	r->resp.content_type = content_type;
	buf_reset(&r->resp.body);
	r->resp.has_file = true;
	r->resp.file_fd = fd;
	r->resp.file_size = size;
}

void
http_send(struct request *r, int status, const char *content_type, const char *body, size_t len)
{
	http_drop_file(r);
	r->resp.status = status;
	r->resp.content_type = content_type;
	buf_reset(&r->resp.body);
	buf_append(&r->resp.body, body, len);
}

void
http_send_buf(struct request *r, int status, const char *content_type, struct buf *body)
{
	http_drop_file(r);
	r->resp.status = status;
	r->resp.content_type = content_type;
	buf_free(&r->resp.body);
	r->resp.body = *body;
	*body = (struct buf)BUF_INIT;
}

const struct buf *
http_body(const struct request *r)
{
	return &r->resp.body;
}

/* One HTTP request and its response, as handlers see them. Everything allocated for a
 * request lives in its arena and is freed when the response has been queued. */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/blob.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "domain/user.h"

struct kv {
	const char *key;
	const char *value;
	size_t len; /* value length: form values may be binary-free text only, but keep it */
};

struct kvlist {
	struct kv *items;
	size_t n, cap;
};

/* A form field after validation by the route's key table (see form.h). */
struct field {
	const char *name;
	const char *value; /* trimmed text as typed; "" when absent */
	int64_t num;       /* for integer keys */
	bool present;
	const char *error; /* msgid of the problem, NULL when valid */
};

struct header {
	const char *name;
	const char *value;
};

struct response {
	int status;
	const char *content_type;
	struct buf body;
	struct header headers[16];
	size_t nheaders;
	/* Set for cacheable responses: the dispatcher answers 304 itself. */
	const char *etag;
	int64_t last_modified;
	/* A body sent from an open file instead (http_send_file): owned by the response. */
	bool has_file;
	int file_fd;
	uint64_t file_size;
};

/* A file part of a multipart/form-data body (see http/multipart.h). */
struct upload {
	const char *field;        /* the form field's name */
	const char *filename;     /* as the browser sent it: untrusted, maybe with a path */
	const char *content_type; /* as claimed by the browser: untrusted; "" when none */
	/* The bytes, followed by a NUL: a read-only mapping of the temporary file they were
	 * streamed into (http/multipart.h), valid until the request is answered. */
	const char *data;
	size_t size;
	char sha256[65]; /* of the bytes, in hex, computed as they arrived */
	/* The temporary file (read-only use: the blob store copies from it, store/blob.h),
	 * open until the request is answered. */
	int fd;
	/* The name of a kept file given back to this request (http_kept_restore), else NULL:
	 * temporary files have none. */
	const char *path;
	/* After a full disk: the signed token under which the file stays on the server, so
	 * the repeated form submits it again without choosing it again (the field "_kept",
	 * see http_multipart_keep); NULL else. */
	const char *kept;
	/* A file that did not arrive (its temporary file met a full disk, or the file kept
	 * for it is gone): only field, filename and why are set, for the page that asks for
	 * it again (in r->lost_uploads, never in r->uploads). */
	const char *why; /* a msgid */
	struct upload *next;
};

struct route;
struct http_conn;
struct multipart_reader;

struct request {
	struct arena arena;
	struct http_conn *conn; /* opaque: the libmicrohttpd connection */
	const char *method;
	const char *path; /* decoded, without the query */
	/* "127.0.0.1": the peer, or behind the trusted proxy the client it names */
	const char *remote_addr;
	bool forwarded;      /* remote_addr came from the trusted proxy's X-Forwarded-For */
	struct kvlist query; /* decoded query parameters */
	struct kvlist form;  /* decoded form fields (urlencoded POST) */
	struct kvlist cookies;
	const char *params[4]; /* values of :name segments of the route pattern */
	const struct route *route;
	struct field *fields; /* one per key of the route's form table */
	size_t nfields;
	const char *body; /* raw body, NUL-terminated */
	size_t body_len;
	enum lang lang;
	/* This thread's database connection, given by the dispatcher before any handler runs:
	 * the one store every handler reads and writes through (store_thread() is the
	 * dispatcher's and the server threads' own). */
	struct store *store;
	struct user *user;         /* NULL when not logged in */
	const char *session_token; /* cookie value of a valid session */
	const char *session_came;  /* the session the request came with, once http_login ran */
	const char *csrf_token;    /* use http_csrf(): made on first need */
	const char *notice;        /* one-time message carried over a redirect */
	bool notice_error;         /* the notice reports a refusal (http_redirect_error) */
	struct upload *uploads;    /* file parts of a multipart body, in order */
	struct multipart_reader *multipart; /* the reader that made them (http/multipart.h) */
	struct upload *lost_uploads;        /* file parts that did not arrive (see upload.why) */
	bool kept_offered; /* the answer's form carries the kept uploads again (html/widgets.c) */
	/* Set by http_fail on a full disk: the error page shows the form's fields again. */
	bool keep_form;
	struct response resp;
};

/* Request accessors. */
const char *http_header(struct request *r, const char *name);
const char *http_query(struct request *r, const char *key);
const char *http_cookie(struct request *r, const char *key);
/* The validated value of a form key of the route's table (never NULL). */
const char *form_value(struct request *r, const char *name);
int64_t form_int(struct request *r, const char *name);
bool form_has(struct request *r, const char *name);
/* The msgid of the field's error, NULL when valid. */
const char *form_error(struct request *r, const char *name);
/* Marks a field invalid from the handler (e.g. "e-mail already in use"). */
void form_set_error(struct request *r, const char *name, const char *msgid);
size_t form_error_count(struct request *r);
/* The translation of msgid in the request's language. */
const char *tr(const struct request *r, const char *msgid) __attribute__((format_arg(2)));
const char *trn(const struct request *r, const char *msgid, const char *plural, long n)
    __attribute__((format_arg(2)));

/* The first file uploaded in the multipart field, or NULL (implemented in multipart.c). */
const struct upload *http_upload(struct request *r, const char *field);
/* An upload's bytes for the blob store (store/blob.h, blob_put_known): its mapping, its
 * temporary file and the SHA-256 computed as it arrived, so it is neither hashed again
 * nor copied through the process. */
struct blob_bytes http_upload_bytes(const struct upload *u);

/* The absolute URL of a local path ("/praxis/x" gives "https://gp.example.org/praxis/x"),
 * for links that leave the page: feeds, e-mails, the API, the sitemap. Built from the
 * configured base URL, else from the address the server listens on — never from the
 * request's Host header, which a client can set (see http_config()->origin). */
const char *http_absolute_url(struct request *r, const char *path);

/* The CSRF token that forms on this page must carry in the field "_csrf". */
const char *http_csrf(struct request *r);

/* True when the client holds the answer being made (r->resp.etag, else
 * r->resp.last_modified): If-None-Match compared weakly as RFC 7232 asks (with or without
 * W/), else If-Modified-Since. The server answers such a 200 with 304 itself; a handler may
 * ask first to skip building the body. */
bool http_not_modified(struct request *r);

/* Response helpers. */
void http_set_header(struct request *r, const char *name, const char *value);
/* Sets a cookie with Path=/, HttpOnly, SameSite=Lax, and Secure behind TLS. max_age < 0
 * makes it a session cookie; 0 deletes it. */
void http_set_cookie(struct request *r, const char *name, const char *value, long max_age);
/* 303 See Other to a local path; notice (a msgid, may be NULL) is shown once there. */
void http_redirect(struct request *r, const char *location, const char *notice);
/* Like http_redirect, but the notice is shown as an error (a refusal with its reason). */
void http_redirect_error(struct request *r, const char *location, const char *notice);
/* An error page in the layout with a reason (msgid) for the status. */
void http_error(struct request *r, int status, const char *reason);
/* The one answer to a request that failed on our side (storage, a file, a writer): the
 * 500 page "The request could not be completed. Please try again." and one error line in
 * the log with the request's method and path. http_fail_with gives another reason
 * (msgid) where the user can act on it ("The file could not be stored."). */
void http_fail(struct request *r);
void http_fail_with(struct request *r, const char *reason);
/* The answer to a write refused for lack of space (http_fail gives it when the store saw
 * one): 503 with Retry-After, saying so, and for a POST the form's fields again. */
void http_disk_full(struct request *r);
/* A body of the given type. HTML pages are written through the layout's writer instead
 * (html/layout.h); this is for files, feeds, exports and replies already made. */
void http_send(struct request *r, int status, const char *content_type, const char *body,
               size_t len);
/* Like http_send, taking body's bytes instead of copying them (body is left empty): for
 * files read into a buffer, which may be large. */
void http_send_buf(struct request *r, int status, const char *content_type, struct buf *body);
/* A body of size bytes read from the open file fd from its start, sent by the server as
 * it goes (so a large download takes no memory); the response owns fd and closes it,
 * also when the answer is a 304 or another answer replaces this one. */
void http_send_file(struct request *r, int status, const char *content_type, int fd, uint64_t size);
/* Closes a file body set by http_send_file, if any (the server does, after answering). */
void http_drop_file(struct request *r);
/* The response body made so far, to read only (a cache keeping a page, an ETag over it). */
const struct buf *http_body(const struct request *r);

#endif

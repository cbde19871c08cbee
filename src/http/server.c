/* libmicrohttpd glue: connection state, body collection with a size limit, security
 * headers, conditional requests, the access log, and graceful shutdown. */
#include "http/server.h"
#include "http/assets.h"
#include "http/dispatch.h"
#include "http/log_mask.h"
#include "http/request.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

struct http_server {
	struct MHD_Daemon *daemon;
	unsigned port;
};

/* What we keep for one request between the calls libmicrohttpd makes. */
struct pending {
	char *raw_uri;
	struct buf body;
	bool announced;
	bool too_large;
	bool queued;
	int64_t start_us;
};

static struct http_config config;
static atomic_int in_flight;

const struct http_config *
http_config(void)
{
	return &config;
}

static int64_t
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Called before the access handler with the raw request target; what it returns becomes
 * the connection's per-request state, so we see the query string undecoded. */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct pending *p = xcalloc(1, sizeof *p);
	p->raw_uri = xstrdup(uri);
	p->start_us = now_us();
	atomic_fetch_add(&in_flight, 1);
	return p;
}

static void
add_security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; script-src 'self'; style-src 'self'; "
	                        "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
	                        "base-uri 'none'; object-src 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (config.secure_cookies)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        "max-age=31536000; includeSubDomains");
}

/* ---- gzip for text responses ---- */

#define GZIP_MIN 1024 /* smaller bodies gain too little to be worth the CPU */

/* Text, JSON and XML types (also the +json and +xml ones: feeds, SVG) compress well. */
static bool
compressible(const char *type)
{
	if (!type)
		return false;
	size_t n = strcspn(type, "; ");
	if (strncasecmp(type, "text/", 5) == 0)
		return true;
	if ((n == 16 && strncasecmp(type, "application/json", n) == 0) ||
	    (n == 15 && strncasecmp(type, "application/xml", n) == 0))
		return true;
	return (n > 5 && strncasecmp(type + n - 5, "+json", 5) == 0) ||
	       (n > 4 && strncasecmp(type + n - 4, "+xml", 4) == 0);
}

/* True when an Accept-Encoding header allows gzip: named (or x-gzip) with a q above 0,
 * or "*" with one when gzip is not named. */
static bool
accepts_gzip(const char *header)
{
	int gzip = -1, star = -1;
	for (const char *p = header ? header : ""; *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",");
		size_t t = strcspn(p, ";, \t");
		bool ok = true;
		const char *semi = memchr(p, ';', n);
		if (semi) {
			const char *q = semi + 1 + strspn(semi + 1, " \t");
			if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
				ok = strtod(q + 2, NULL) > 0;
		}
		if ((t == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		    (t == 6 && strncasecmp(p, "x-gzip", 6) == 0))
			gzip = ok;
		else if (t == 1 && *p == '*')
			star = ok;
		p += n;
	}
	return gzip >= 0 ? gzip == 1 : star == 1;
}

/* Replaces body by its gzip form; false (body unchanged) when that would not be smaller. */
static bool
gzip_body(struct buf *body)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* 15 + 16: the largest window, with a gzip header and trailer. */
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return false;
	size_t cap = deflateBound(&z, body->len) + 32;
	char *out = xmalloc(cap + 1);
	z.next_in = (Bytef *)body->data;
	z.avail_in = (uInt)body->len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || n >= body->len) {
		free(out);
		return false;
	}
	out[n] = '\0';
	free(body->data);
	body->data = out;
	body->len = n;
	body->cap = cap + 1;
	return true;
}

/* The gzip form of the last answers with an ETag (pages the catalog keeps, assets, feeds,
 * the API): those are sent with the same bytes again and again, and deflate costs several
 * times the rest of such a request. Found by the ETag, used only for the very same bytes
 * (compared in full), so no answer ever gets another body's compression. */
#define GZIP_SLOTS 64
/* The board's ranking of a full call (400 proposals) is about 700 KB. */
#define GZIP_KEEP_MAX (1024 * 1024)

struct gzip_kept {
	char *etag, *plain, *gz;
	size_t plain_len, gz_len;
};
static struct gzip_kept gzip_kept[GZIP_SLOTS];
static pthread_mutex_t gzip_lock = PTHREAD_MUTEX_INITIALIZER;

static struct gzip_kept *
gzip_slot(const char *etag)
{
	return &gzip_kept[str_hash(STR_HASH_SEED, etag, strlen(etag)) % GZIP_SLOTS];
}

/* gzip_body, with the result kept for an answer with an ETag. */
static bool
gzip_body_kept(const char *etag, struct buf *body)
{
	if (!etag || body->len > GZIP_KEEP_MAX)
		return gzip_body(body);
	struct gzip_kept *k = gzip_slot(etag);
	char *gz = NULL;
	size_t n = 0;
	pthread_mutex_lock(&gzip_lock);
	if (k->etag && strcmp(k->etag, etag) == 0 && k->plain_len == body->len &&
	    memcmp(k->plain, body->data, body->len) == 0) {
		n = k->gz_len;
		gz = xmalloc(n + 1);
		memcpy(gz, k->gz, n);
		gz[n] = '\0';
	}
	pthread_mutex_unlock(&gzip_lock);
	if (gz) {
		free(body->data);
		body->data = gz;
		body->len = n;
		body->cap = n + 1;
		return true;
	}
	struct gzip_kept fresh = {xstrdup(etag), xmalloc(body->len), NULL, body->len, 0};
	memcpy(fresh.plain, body->data, body->len);
	if (!gzip_body(body)) {
		free(fresh.etag);
		free(fresh.plain);
		return false;
	}
	fresh.gz = xmalloc(body->len);
	fresh.gz_len = body->len;
	memcpy(fresh.gz, body->data, body->len);
	pthread_mutex_lock(&gzip_lock);
	struct gzip_kept old = *k;
	*k = fresh;
	pthread_mutex_unlock(&gzip_lock);
	free(old.etag);
	free(old.plain);
	free(old.gz);
	return true;
}

static struct MHD_Response *
build_response(struct request *r, int *status)
{
	struct response *o = &r->resp;
	struct MHD_Response *resp;
	*status = o->status ? o->status : 200;
	/* A compressible type varies with Accept-Encoding, whatever this answer's size. */
	bool vary = compressible(o->content_type);
	bool gzip = vary && accepts_gzip(http_header(r, "Accept-Encoding"));
	if (http_not_modified(r)) {
		*status = 304;
		resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
	} else {
		gzip = gzip && o->body.len > GZIP_MIN && gzip_body_kept(o->etag, &o->body);
		size_t len = o->body.len;
		resp = MHD_create_response_from_buffer(len, buf_detach(&o->body),
		                                       MHD_RESPMEM_MUST_FREE);
		if (o->content_type)
			MHD_add_response_header(resp, "Content-Type", o->content_type);
		if (gzip)
			MHD_add_response_header(resp, "Content-Encoding", "gzip");
	}
	add_security_headers(resp);
	bool vary_done = false;
	for (size_t i = 0; i < o->nheaders; i++) {
		if (vary && strcasecmp(o->headers[i].name, "Vary") == 0) {
			char v[256];
			snprintf(v, sizeof v, "%s, Accept-Encoding", o->headers[i].value);
			MHD_add_response_header(resp, "Vary", v);
			vary_done = true;
			continue;
		}
		MHD_add_response_header(resp, o->headers[i].name, o->headers[i].value);
	}
	if (vary && !vary_done)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	/* The gzip'd body is another byte sequence: a strong ETag becomes weak (as nginx
	 * does), so caches do not take one for the other in range requests. */
	if (o->etag && gzip && o->etag[0] == '"') {
		char weak[256];
		snprintf(weak, sizeof weak, "W/%s", o->etag);
		MHD_add_response_header(resp, "ETag", weak);
	} else if (o->etag) {
		MHD_add_response_header(resp, "ETag", o->etag);
	}
	if (o->last_modified) {
		char when[64];
		time_format_http(when, sizeof when, o->last_modified);
		MHD_add_response_header(resp, "Last-Modified", when);
	}
	return resp;
}

static void
access_log(struct pending *p, const char *method, int status, size_t bytes)
{
	if (!config.access_log)
		return;
	char stamp[32];
	time_format_rfc3339(stamp, sizeof stamp, time_now());
	char path[256];
	log_mask_path(path, sizeof path, p->raw_uri);
	fprintf(stderr, "%s %s %s %d %zu %lldus\n", stamp, method, path, status, bytes,
	        (long long)(now_us() - p->start_us));
}

static enum MHD_Result
queue(struct MHD_Connection *c, struct pending *p, struct request *r, const char *method)
{
	int status;
	size_t bytes = r->resp.body.len;
	struct MHD_Response *resp = build_response(r, &status);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	access_log(p, method, status, status == 304 ? 0 : bytes);
	MHD_destroy_response(resp);
	p->queued = true;
	return ret;
}

static void
init_request(struct request *r, struct MHD_Connection *c, const char *method)
{
	memset(r, 0, sizeof *r);
	r->conn = (struct http_conn *)c;
	r->method = method;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char addr[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr,
			          sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr,
			          sizeof addr);
	}
	r->remote_addr = arena_strdup(&r->arena, addr);
}

static void
serve_asset(struct request *r)
{
	const struct asset *a = asset_by_hashed_name(r->path + strlen("/static/"));
	if (!a) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	http_send(r, 200, a->content_type, (const char *)a->data, a->len);
	http_set_header(r, "Cache-Control", "public, max-age=31536000, immutable");
	r->resp.etag = a->etag;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct pending *p = *state;
	if (p->queued)
		return MHD_YES;
	/* The first call only announces the request. Answering here would make libmicrohttpd
	 * 0.9.75 close the connection ("Connection: close"), defeating keep-alive, which is
	 * right only for a body announced too large: refuse it before reading a byte. */
	if (!p->announced) {
		p->announced = true;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (!cl || strtoull(cl, NULL, 10) <= config.max_body)
			return MHD_YES;
		p->too_large = true;
	} else if (*upload_size) {
		/* A body without a length that grows too large is read and dropped; the answer
		 * can only be queued once the upload is complete. */
		if (p->body.len + *upload_size > config.max_body) {
			p->too_large = true;
			buf_free(&p->body);
		}
		if (!p->too_large)
			buf_append(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct request r;
	init_request(&r, c, method);
	enum MHD_Result ret;
	if (p->too_large) {
		r.path = "/";
		r.lang = i18n_from_accept_language(http_header(&r, "Accept-Language"));
		http_error(&r, 413, N_("The request is too large."));
	} else if (str_starts(p->raw_uri, "/static/") &&
	           (!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
		r.path = p->raw_uri;
		serve_asset(&r);
	} else {
		r.body = buf_str(&p->body);
		r.body_len = p->body.len;
		http_dispatch(&r, p->raw_uri);
	}
	ret = queue(c, p, &r, method);
	buf_free(&r.resp.body);
	arena_free(&r.arena);
	return ret;
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **state,
             enum MHD_RequestTerminationCode code)
{
	struct pending *p = *state;
	if (!p)
		return;
	free(p->raw_uri);
	buf_free(&p->body);
	free(p);
	*state = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static bool
parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return false;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return false;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!host[0] || strcmp(host, "*") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return false;
	return true;
}

static char origin[512];

static void
set_origin(unsigned port)
{
	const char *base = config.base_url;
	if (base && *base) {
		size_t n = strlen(base);
		snprintf(origin, sizeof origin, "%.*s", (int)(base[n - 1] == '/' ? n - 1 : n),
		         base);
	} else {
		/* No public address configured: the one we listen on (a wildcard means this
		 * machine), which is right for local use and never taken from a request. */
		char host[64];
		snprintf(host, sizeof host, "%.*s", (int)strcspn(config.listen, ":"),
		         config.listen);
		bool any = !host[0] || strcmp(host, "*") == 0 || strcmp(host, "0.0.0.0") == 0;
		snprintf(origin, sizeof origin, "http://%s:%u", any ? "localhost" : host, port);
	}
	config.origin = origin;
}

struct http_server *
http_start(const struct http_config *cfg)
{
	config = *cfg;
	struct sockaddr_in sa;
	if (!parse_listen(cfg->listen, &sa)) {
		log_error("cannot use listen address '%s' (want HOST:PORT)", cfg->listen);
		return NULL;
	}
	unsigned threads = cfg->threads;
	if (!threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n > 0 ? (unsigned)n : 2;
	}
	unsigned flags =
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    cfg->timeout ? cfg->timeout : 30u,
	    /* Headers beyond this memory get 431 from libmicrohttpd itself. */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_CONNECTION_LIMIT,
	    1000u, MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, NULL, MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen on %s", cfg->listen);
		return NULL;
	}
	struct http_server *srv = xcalloc(1, sizeof *srv);
	srv->daemon = d;
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : ntohs(sa.sin_port);
	set_origin(srv->port);
	return srv;
}

unsigned
http_port(struct http_server *srv)
{
	return srv->port;
}

void
http_stop(struct http_server *srv, unsigned grace_ms)
{
	/* No MHD_quiesce_daemon: with a thread pool on epoll, libmicrohttpd 0.9.75 can abort
	 * in it ("Failed to remove listen FD from epoll set") when a worker touches the listen
	 * socket at the same moment. Waiting for the requests in flight is what lets them
	 * finish; a request that arrives meanwhile is simply served too. */
	for (unsigned waited = 0; atomic_load(&in_flight) > 0 && waited < grace_ms; waited += 20)
		usleep(20000);
	MHD_stop_daemon(srv->daemon);
	free(srv);
}

/* libmicrohttpd glue: connection state, body collection with a size limit, security
 * headers, conditional requests, the access log, and graceful shutdown. */
#include "http/server.h"
#include "http/assets.h"
#include "http/csrf.h"
#include "http/dispatch.h"
#include "http/parse.h"
#include "http/log_mask.h"
#include "http/metrics.h"
#include "http/multipart.h"
#include "http/route.h"
#include "http/request.h"
#include "http/watch.h"
#include "store/store.h"
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

/* One daemon per worker: each with its own listening socket on the same port
 * (SO_REUSEPORT) and its own thread, so the kernel spreads the connections over them. With
 * one daemon and a thread pool, all threads wait on one shared listening socket, and under
 * load one of them could take every connection while the others idle. */
struct http_server {
	struct MHD_Daemon **daemons;
	unsigned ndaemons;
	unsigned port;
};

/* The total of connections at once, over all workers. */
#define CONNECTIONS_MAX 1000u

/* What we keep for one connection (libmicrohttpd's socket context). */
struct conn {
	struct conn_watch *watch;
	uint32_t addr; /* the peer's IPv4 address, network order */
	bool admitted; /* counted against the limits below; false: refused */
};

/* Connections at once by peer address, over all workers (each daemon's own per-address
 * limit would only count its share). At most CONNECTIONS_MAX entries are in use. */
static struct {
	uint32_t addr;
	unsigned n;
} addr_count[CONNECTIONS_MAX];
static size_t addr_used;
static unsigned conns_open;
static pthread_mutex_t admit_lock = PTHREAD_MUTEX_INITIALIZER;

/* Counts a new connection from addr; false (nothing counted) when the address has its
 * share or all connections are taken. */
static bool
admit(uint32_t addr, unsigned per_address)
{
	bool ok = false;
	pthread_mutex_lock(&admit_lock);
	size_t i = 0;
	while (i < addr_used && addr_count[i].addr != addr)
		i++;
	if (conns_open < CONNECTIONS_MAX && (i == addr_used || addr_count[i].n < per_address)) {
		if (i == addr_used) {
			addr_count[i].addr = addr;
			addr_count[i].n = 0;
			addr_used++;
		}
		addr_count[i].n++;
		conns_open++;
		ok = true;
	}
	pthread_mutex_unlock(&admit_lock);
	return ok;
}

static void
release(uint32_t addr)
{
	pthread_mutex_lock(&admit_lock);
	for (size_t i = 0; i < addr_used; i++) {
		if (addr_count[i].addr != addr)
			continue;
		if (--addr_count[i].n == 0)
			addr_count[i] = addr_count[--addr_used];
		conns_open--;
		break;
	}
	pthread_mutex_unlock(&admit_lock);
}

/* What we keep for one request between the calls libmicrohttpd makes. */
struct pending {
	char *raw_uri;
	struct buf body; /* a body that is not multipart/form-data */
	/* A multipart/form-data body is read as it arrives: its text fields and files go into
	 * form's form and uploads (the files into temporary files), never into body. */
	struct request *form;
	struct multipart_stream *stream;
	int form_status; /* the reader's refusal (http_multipart_status), 0 while none */
	size_t form_bytes;
	size_t limit; /* the largest body this request may have (body_limit) */
	bool announced;
	bool too_large;
	bool too_many_params; /* more query parameters than any page reads */
	bool over_budget;     /* its body did not fit into what all bodies may hold */
	size_t reserved;      /* bytes of the bodies' budget this request holds */
	bool queued;
	int64_t start_us;
	/* An answer made but held until the change it confirms is on the disk (parked). */
	struct MHD_Response *parked;
	int parked_status;
	size_t parked_bytes;
	const char *parked_route;
};

static struct http_config config;
static atomic_int in_flight;
/* Bytes that the bodies being read may hold in all (config.body_budget): whoever may send
 * them, many large bodies at once must not take the machine's memory. */
static atomic_size_t bodies_reserved;

/* Takes n more bytes of the budget for p; false (nothing taken) when they do not fit. */
static bool
reserve_body(struct pending *p, size_t n)
{
	size_t before = atomic_fetch_add(&bodies_reserved, n);
	if (before + n > config.body_budget) {
		atomic_fetch_sub(&bodies_reserved, n);
		return false;
	}
	p->reserved += n;
	return true;
}

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
	char *q = strchr(uri, '?');
	if (q) {
		size_t n = 0;
		for (const char *a = q + 1; *a; a += strcspn(a, "&"), a += *a == '&')
			n += *a != '&';
		p->too_many_params = n > PARSE_MAX_FIELDS;
		/* The dispatcher reads the query from raw_uri; libmicrohttpd would parse it again
		 * into its connection's memory pool, where 1,000 parameters do not fit: it then
		 * logs "Not enough memory in pool" and never answers. This buffer is
		 * libmicrohttpd's own request line, which it parses right after this callback
		 * (0.9.75): ending it at the '?' leaves it no parameters to store. */
		q[1] = '\0';
	}
	return p;
}

static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* The watch of the connection (see watch.h), set when it opened. */
static struct conn_watch *
conn_watch(struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);
	return k ? k->watch : NULL;
}

/* A connection beyond the limits is shut down at once (the client sees it closed, as when
 * libmicrohttpd refuses it itself) and never answered. */
static bool
refused(struct MHD_Connection *c)
{
	struct conn *k = conn_of(c);
	return k && !k->admitted;
}

/* cls: the worker's number. */
static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
              enum MHD_ConnectionNotificationCode code)
{
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *k = xcalloc(1, sizeof *k);
		const union MHD_ConnectionInfo *fi =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ai && ai->client_addr && ai->client_addr->sa_family == AF_INET)
			k->addr = ((const struct sockaddr_in *)ai->client_addr)->sin_addr.s_addr;
		k->admitted = admit(k->addr, config.per_address ? config.per_address : 64u);
		if (k->admitted) {
			metrics_worker_connection((unsigned)(uintptr_t)cls);
			k->watch = fi ? watch_open(fi->connect_fd) : NULL;
		} else if (fi) {
			shutdown(fi->connect_fd, SHUT_RDWR);
		}
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		struct conn *k = *socket_context;
		if (k) {
			watch_close(k->watch);
			if (k->admitted)
				release(k->addr);
			free(k);
		}
		*socket_context = NULL;
	}
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
	} else if (o->has_file) {
		/* libmicrohttpd reads the file as it sends and closes it with the response. */
		resp = MHD_create_response_from_fd64(o->file_size, o->file_fd);
		if (resp)
			o->has_file = false;
		else
			resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
		if (o->content_type)
			MHD_add_response_header(resp, "Content-Type", o->content_type);
		gzip = false;
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
send_built(struct MHD_Connection *c, struct pending *p, struct MHD_Response *resp, int status,
           size_t bytes, const char *route, const char *method)
{
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
	access_log(p, method, status, status == 304 ? 0 : bytes);
	metrics_observe(route, method, status, now_us() - p->start_us);
	MHD_destroy_response(resp);
	p->queued = true;
	return ret;
}

/* The change a request made is on the disk (src/store: group commit): its answer may go. */
static void
on_durable(void *arg)
{
	MHD_resume_connection(arg);
}

static enum MHD_Result
queue(struct MHD_Connection *c, struct pending *p, struct request *r, const char *method)
{
	int status;
	size_t bytes = r->resp.has_file ? (size_t)r->resp.file_size : r->resp.body.len;
	struct MHD_Response *resp = build_response(r, &status);
	http_drop_file(r); /* a 304's file, or one libmicrohttpd did not take */
	/* By the route's pattern, never the address: tokens stay out of the metrics as out of
	 * the log, and the series stay as many as the routes. */
	const char *route = r->route                             ? r->route->pattern
	                    : str_starts(p->raw_uri, "/static/") ? "/static/:asset"
	                                                         : NULL;
	if (store_durable_pending()) {
		/* The request committed a change that is not on the disk yet: its answer waits
		 * (the connection suspended, this worker serving the others) until the group
		 * commit has synced it; then libmicrohttpd calls on_request again, which sends
		 * it. Suspended before the callback is armed, so it cannot resume first. */
		p->parked = resp;
		p->parked_status = status;
		p->parked_bytes = bytes;
		p->parked_route = route;
		MHD_suspend_connection(c);
		if (!store_when_durable(on_durable, c))
			MHD_resume_connection(c); /* synced meanwhile */
		return MHD_YES;
	}
	return send_built(c, p, resp, status, bytes, route, method);
}

/* Behind the configured reverse proxy, the client is the address the proxy appended last
 * to X-Forwarded-For (what the client itself sent before it is anyone's claim). From any
 * other peer the header is ignored, so nobody outside can choose the address the
 * throttles count. */
static void
forwarded_client(struct request *r, struct MHD_Connection *c)
{
	if (!config.trusted_proxy || strcmp(r->remote_addr, config.trusted_proxy) != 0)
		return;
	const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	char addr[INET6_ADDRSTRLEN];
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof addr)
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	unsigned char bin[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, addr, bin) == 1 || inet_pton(AF_INET6, addr, bin) == 1) {
		r->remote_addr = arena_strdup(&r->arena, addr);
		r->forwarded = true;
	}
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
	forwarded_client(r, c);
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

/* The largest body of this request: a multipart one may carry files (which are streamed
 * to disk), any other is form text only and is held in memory until it has ended, so it
 * has the text's cap (multipart.h): no request holds more than that in memory. */
static size_t
body_limit(struct MHD_Connection *c)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if ((type && str_starts(type, "multipart/form-data")) ||
	    config.max_body < MULTIPART_TEXT_MAX)
		return config.max_body;
	return MULTIPART_TEXT_MAX;
}

/* What the head of a request says about its body that we refuse before reading a byte:
 * a transfer coding other than chunked (RFC 9112 §6.1: 501; libmicrohttpd would wait for a
 * body it cannot delimit), both a coding and a length (400: a smuggling attempt), or a body
 * announced too large (413). 0 when none. */
static int
refused_by_head(struct MHD_Connection *c, struct pending *p)
{
	if (p->too_many_params)
		return 431;
	const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (te) {
		size_t lead = strspn(te, " \t"), n = strcspn(te + lead, " \t");
		bool chunked = n == 7 && strncasecmp(te + lead, "chunked", 7) == 0 &&
		               te[lead + n + strspn(te + lead + n, " \t")] == '\0';
		if (cl)
			return 400;
		if (!chunked)
			return 501;
	}
	if (cl && strtoull(cl, NULL, 10) > body_limit(c))
		return 413;
	return 0;
}

/* True when the request announces a body: only then is it worth deciding before reading. */
static bool
body_announced(struct MHD_Connection *c)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	return (cl && strtoull(cl, NULL, 10) > 0) ||
	       MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
}

static void
refuse(struct request *r, int status)
{
	r->path = "/";
	r->lang = i18n_from_accept_language(http_header(r, "Accept-Language"));
	switch (status) {
	case 400:
		http_error(r, 400, N_("The request is malformed."));
		break;
	case 413:
		http_error(r, 413, N_("The request is too large."));
		break;
	case 431:
		http_error(r, 431, N_("The address of this request has too many parameters."));
		break;
	case 503:
		http_error(
		    r, 503,
		    N_("The server is receiving many uploads at the moment. Please try again "
		       "in a minute."));
		http_set_header(r, "Retry-After", "60");
		break;
	default:
		http_error(r, 501, N_("This server does not understand how the request is sent."));
		break;
	}
}

/* The answer to a multipart body its reader refused (http_multipart_status). */
static void
refuse_form(struct request *r, int status)
{
	r->path = "/";
	r->lang = i18n_from_accept_language(http_header(r, "Accept-Language"));
	switch (status) {
	case 403:
		http_refuse_csrf(r);
		break;
	case 413:
		refuse(r, 413);
		break;
	case 503:
		/* A temporary file could not be written (logged): the disk, most likely. */
		http_error(r, 503, N_("The file could not be stored. Please try again."));
		http_set_header(r, "Retry-After", "60");
		break;
	default:
		http_error(r, 400, N_("The form data could not be read."));
		break;
	}
}

/* Answers now, before the body: the answer closes the connection, which is right for a
 * refusal (libmicrohttpd 0.9.75 sends "Connection: close" for an answer queued here). */
static enum MHD_Result
answer_now(struct MHD_Connection *c, struct pending *p, struct request *r, const char *method)
{
	watch_busy(conn_watch(c));
	enum MHD_Result ret = queue(c, p, r, method);
	buf_free(&r->resp.body);
	arena_free(&r->arena);
	return ret;
}

/* A multipart/form-data body is read piece by piece as it comes (http/multipart.h): files
 * go to temporary files, so what a request holds in memory is its text fields, whatever the
 * size of its files. r is the admitted request, whose route tells whether a "_csrf" field
 * must precede any file. */
static void
start_form(struct MHD_Connection *c, struct pending *p, struct request *r)
{
	const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if (!type || !str_starts(type, "multipart/form-data"))
		return;
	p->form = xcalloc(1, sizeof *p->form);
	p->form->conn = (struct http_conn *)c;
	p->stream = http_multipart_stream(p->form->conn, p->form);
	if (!p->stream) {
		p->form_status = 400; /* no boundary: the body is read and dropped */
		return;
	}
	const char *binding = http_admitted_csrf_binding(r);
	if (r->route && r->route->csrf)
		http_multipart_require_csrf(p->form->multipart, csrf_check, binding);
}

/* One piece of a body. */
static void
take_piece(struct pending *p, const char *data, size_t size)
{
	if (p->form) {
		p->form_bytes += size;
		if (p->form_status || p->over_budget)
			return;
		/* A chunked body takes its share of the budget as it grows, here too: its files
		 * are not in memory, but on the disk the budget also guards. */
		if (p->form_bytes > config.max_body)
			p->form_status = 413;
		else if (p->form_bytes > p->reserved &&
		         !reserve_body(p, p->form_bytes - p->reserved))
			p->over_budget = true;
		else if (!http_multipart_feed(p->stream, data, size))
			p->form_status = http_multipart_status(p->form->multipart);
		if (p->form_status || p->over_budget)
			http_multipart_abandon(p->stream); /* the rest is read and dropped */
		return;
	}
	/* A body without a length that grows too large is read and dropped; the answer can
	 * only be queued once the upload is complete. */
	size_t want = p->body.len + size;
	if (want > p->limit) {
		p->too_large = true;
		buf_free(&p->body);
	} else if (!p->too_large && !p->over_budget && want > p->reserved &&
	           !reserve_body(p, want - p->reserved)) {
		p->over_budget = true;
		buf_free(&p->body);
	}
	if (!p->too_large && !p->over_budget)
		buf_append(&p->body, data, size);
}

/* The first call only announces the request. Answering there would make libmicrohttpd
 * close the connection, defeating keep-alive, which is right only for a refusal: a body
 * it cannot or will not read, or one whose sender may not send it (login, role, the CSRF
 * cookie are all known from the head), so nobody unknown makes us hold a large body. */
static enum MHD_Result
on_announce(struct MHD_Connection *c, struct pending *p, const char *method)
{
	p->announced = true;
	p->limit = body_limit(c);
	watch_body(conn_watch(c));
	int status = refused_by_head(c, p);
	if (!status && !body_announced(c))
		return MHD_YES;
	struct request r;
	init_request(&r, c, method);
	if (status)
		refuse(&r, status);
	else if (http_admit(&r, p->raw_uri)) {
		/* A body of known length takes its share of the budget now, before it is read;
		 * a chunked one as it grows. */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && !reserve_body(p, (size_t)strtoull(cl, NULL, 10))) {
			refuse(&r, 503);
			return answer_now(c, p, &r, method);
		}
		start_form(c, p, &r);
		buf_free(&r.resp.body);
		arena_free(&r.arena);
		return MHD_YES;
	}
	return answer_now(c, p, &r, method);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct pending *p = *state;
	if (refused(c))
		return MHD_NO;
	if (p->queued)
		return MHD_YES;
	if (p->parked) {
		/* Resumed: the change is on the disk. */
		struct MHD_Response *resp = p->parked;
		p->parked = NULL;
		return send_built(c, p, resp, p->parked_status, p->parked_bytes, p->parked_route,
		                  method);
	}
	/* This worker serves many connections: a commit's fsync must not hold it (queue). */
	store_defer_durability(true);
	if (!p->announced)
		return on_announce(c, p, method);
	if (*upload_size) {
		watch_body_bytes(conn_watch(c), *upload_size);
		take_piece(p, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	watch_busy(conn_watch(c));
	struct request r;
	init_request(&r, c, method);
	enum MHD_Result ret;
	if (p->form && !p->form_status && !p->over_budget) {
		p->form_status = http_multipart_end(p->stream);
		p->stream = NULL;
	}
	if (p->too_large || p->over_budget) {
		refuse(&r, p->too_large ? 413 : 503);
	} else if (p->form && p->form_status == 507) {
		/* A file could not be written for lack of space (the token was right before the
		 * first file, so the sender is who the form is for): the full-disk page, the
		 * text fields kept in a form bound to the session again. */
		if (http_admit(&r, p->raw_uri)) {
			r.form = p->form->form;
			/* The files that did fit are kept (r's tokens only mark them; the
			 * reader's arena still owns them), the others named. */
			r.uploads = p->form->uploads;
			r.lost_uploads = p->form->lost_uploads;
			http_disk_full(&r);
		}
	} else if (p->form && p->form_status) {
		refuse_form(&r, p->form_status);
	} else if (str_starts(p->raw_uri, "/static/") &&
	           (!strcmp(method, "GET") || !strcmp(method, "HEAD"))) {
		r.path = p->raw_uri;
		serve_asset(&r);
	} else {
		if (p->form) {
			/* Already read: the dispatcher finds the fields and files as if parsed. */
			r.form = p->form->form;
			r.uploads = p->form->uploads;
		} else {
			r.body = buf_str(&p->body);
			r.body_len = p->body.len;
		}
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
	if (p->parked)
		MHD_destroy_response(p->parked);
	free(p->raw_uri);
	buf_free(&p->body);
	if (p->form) {
		/* After the answer: its files are unmapped, a file still being written (a body
		 * never finished) is closed, and with it gone from the disk. */
		http_multipart_abandon(p->stream);
		http_multipart_release(p->form);
		arena_free(&p->form->arena);
		free(p->form);
	}
	atomic_fetch_sub(&bodies_reserved, p->reserved);
	free(p);
	*state = NULL;
	atomic_fetch_sub(&in_flight, 1);
	/* A kept-alive connection now waits for its next head. */
	watch_head(conn_watch(c));
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
	if (!config.body_budget)
		config.body_budget = (size_t)256 * 1024 * 1024;
	/* At least one body of the largest size always fits. */
	if (config.body_budget < config.max_body)
		config.body_budget = config.max_body;
	http_multipart_configure(config.upload_dir, config.max_body);
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
	if (threads > METRICS_WORKERS_MAX)
		threads = METRICS_WORKERS_MAX;
	/* SO_REUSEPORT would also let another process of ours join the port unnoticed (a
	 * second server started by mistake would silently take half the connections). A
	 * socket bound without it first finds the port taken, as before; with port 0 it picks
	 * the free port that the workers then share. */
	int probe = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	socklen_t salen = sizeof sa;
	if (probe < 0 || setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(probe, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    getsockname(probe, (struct sockaddr *)&sa, &salen) != 0) {
		log_error("cannot listen on %s", cfg->listen);
		if (probe >= 0)
			close(probe);
		return NULL;
	}
	close(probe);
	watch_start(cfg->head_timeout, cfg->min_body_rate);
	struct http_server *srv = xcalloc(1, sizeof *srv);
	srv->daemons = xcalloc(threads, sizeof *srv->daemons);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	unsigned per_address = cfg->per_address ? cfg->per_address : 64u;
	for (unsigned w = 0; w < threads; w++) {
		struct MHD_Daemon *d = MHD_start_daemon(
		    flags, 0, NULL, NULL, on_request, NULL, MHD_OPTION_SOCK_ADDR,
		    (struct sockaddr *)&sa, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		    MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout ? cfg->timeout : 30u,
		    /* Headers beyond this memory get 431 from libmicrohttpd itself. */
		    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		    /* The limits over all workers are admit()'s; these per worker only back
		     * them up. One address never takes all connections: the others always find
		     * room. */
		    MHD_OPTION_CONNECTION_LIMIT, CONNECTIONS_MAX,
		    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address, MHD_OPTION_URI_LOG_CALLBACK,
		    on_uri, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		    MHD_OPTION_NOTIFY_CONNECTION, on_connection, (void *)(uintptr_t)w,
		    MHD_OPTION_END);
		if (!d) {
			log_error("cannot listen on %s (worker %u)", cfg->listen, w);
			srv->ndaemons = w;
			http_stop(srv, 0);
			return NULL;
		}
		srv->daemons[w] = d;
		if (w == 0) {
			const union MHD_DaemonInfo *info =
			    MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
			if (info && info->port)
				sa.sin_port = htons(info->port);
		}
	}
	srv->ndaemons = threads;
	srv->port = ntohs(sa.sin_port);
	metrics_set_workers(threads);
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
	watch_stop();
	for (unsigned w = 0; w < srv->ndaemons; w++)
		MHD_stop_daemon(srv->daemons[w]);
	free(srv->daemons);
	free(srv);
}

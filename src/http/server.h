/* The HTTP server: libmicrohttpd with an internal thread pool, epoll and keep-alive. */
#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H
#include <stdbool.h>
#include <stddef.h>

struct http_config {
	const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
	unsigned threads;   /* worker threads; 0: one per core */
	size_t max_body;    /* bytes; larger bodies get 413 */
	/* Bytes all bodies being read may hold at once (at least max_body); a body that does
	 * not fit gets 503 with Retry-After. 0: 256 MB. */
	size_t body_budget;
	/* Where the files of multipart bodies are written while they arrive (the data folder;
	 * see http/multipart.h); NULL: P_tmpdir. */
	const char *upload_dir;
	unsigned timeout;     /* seconds of inactivity before a connection is closed */
	unsigned per_address; /* connections at once from one address; 0: 64 */
	/* Seconds a request's head may take, counted from the connection's start or the end
	 * of its previous request (a keep-alive wait included); 0: 15. */
	unsigned head_timeout;
	size_t
	    min_body_rate; /* bytes/s a body must average once it has taken head_timeout; 0: 2048 */
	bool secure_cookies;  /* behind TLS: cookies get Secure, HSTS is sent */
	const char *base_url; /* "https://gp.example.org", for absolute links */
	bool access_log;
	/* The reverse proxy's address ("127.0.0.1"), or NULL: from it, X-Forwarded-For names
	 * the client (see request.h, remote_addr). */
	const char *trusted_proxy;
	/* Set by http_start: base_url without a trailing slash, else "http://HOST:PORT" of
	 * the address bound. Absolute links are built from it, never from a request's Host
	 * header, which anyone can set (reset links, cached feeds). */
	const char *origin;
};

struct http_server;

/* Starts listening; returns NULL (after logging why) when it cannot. */
struct http_server *http_start(const struct http_config *cfg);
/* The port actually bound (useful with port 0). */
unsigned http_port(struct http_server *srv);
/* Lets requests in flight finish (up to grace_ms), then stops. */
void http_stop(struct http_server *srv, unsigned grace_ms);

/* The configuration the server runs with (for handlers: base URL, cookie flags). */
const struct http_config *http_config(void);

#endif

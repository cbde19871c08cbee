/* The route table's row. routes.c holds THE table; the dispatcher checks login, role and
 * CSRF for every row before its handler runs, so no handler can forget them. */
#ifndef HTTP_ROUTE_H
#define HTTP_ROUTE_H
#include <stddef.h>

#include "http/form.h"
#include "http/request.h"

enum {
	ACCESS_PUBLIC = 0,     /* anyone */
	ACCESS_LOGIN = 1 << 8, /* any logged-in user */
	ACCESS_ANON = 1 << 9,  /* only when not logged in (login form): others go to /start */
	                       /* or a set of ROLE_* bits: logged in with one of them */
};

enum { CSRF_NO = 0, CSRF_YES = 1 };

typedef void (*handler_fn)(struct request *r);

struct route {
	const char *method;  /* "GET" (also serves HEAD) or "POST" */
	const char *pattern; /* "/admin/benutzer/:id"; ":x" matches one segment */
	handler_fn handler;
	unsigned access; /* ACCESS_* or ROLE_* bits */
	int csrf;        /* CSRF_YES: the form must carry the request's token */
	const struct form_key *keys;
	size_t nkeys;
};

/* Installs the table (routes.c) and the renderer of error pages (which lives above http). */
void http_set_routes(const struct route *routes, size_t n);
void http_set_error_renderer(void (*render)(struct request *r, int status, const char *reason));

#define KEYS(k) (k), (sizeof(k) / sizeof((k)[0]))
#define NOKEYS NULL, 0

#endif

/* Handlers of the general pages: the error page (errors.c), home, overview and language
 * (home.c); routes.c wires them. */
#ifndef PAGES_PAGES_H
#define PAGES_PAGES_H

#include "http/request.h"

/* errors.c */
void page_error(struct request *r, int status, const char *reason);

/* home.c */
void page_home(struct request *r);
void page_overview(struct request *r);
void page_language(struct request *r);

/* ops.c: /healthz and /metrics (issue #15, point 12) */
void page_healthz(struct request *r);
void page_metrics(struct request *r);
/* The bearer token that lets /metrics be read from elsewhere than loopback; NULL: none. */
void ops_set_metrics_token(const char *token);

#endif

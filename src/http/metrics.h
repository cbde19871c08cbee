/* The server's request metrics for /metrics: requests by route pattern, method and status,
 * and a latency histogram per route pattern and method, in the Prometheus text format. */
#ifndef HTTP_METRICS_H
#define HTTP_METRICS_H
#include <stdint.h>

#include "util/buf.h"

/* Counts one answered request. route is the pattern of the row that served it (a static
 * string that lives as long as the program: the route table's, or "unmatched"), method
 * "GET" (HEAD is counted as GET) or "POST", status the status sent, micros its time from
 * the request line to the answer being queued. Thread-safe. */
void metrics_observe(const char *route, const char *method, int status, int64_t micros);

/* Appends the families leuchtturm_http_requests_total,
 * leuchtturm_http_request_duration_seconds and leuchtturm_worker_connections_total to out.
 * Thread-safe. */
void metrics_write_http(struct buf *out);

/* Workers beyond this many are not counted apart. */
#define METRICS_WORKERS_MAX 64
/* How many workers the server runs (workers 0 .. n-1 are written). */
void metrics_set_workers(unsigned n);
/* Worker `worker` has taken in one more connection. Thread-safe. */
void metrics_worker_connection(unsigned worker);

/* Appends one sample line: NAME{LABELS} VALUE, where labels is NULL or already escaped. */
void metrics_sample(struct buf *out, const char *name, const char *labels, double value);

/* Appends "# HELP name help" and "# TYPE name type". */
void metrics_family(struct buf *out, const char *name, const char *type, const char *help);

#endif

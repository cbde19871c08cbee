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

/* Appends the families leuchtturm_http_requests_total and
 * leuchtturm_http_request_duration_seconds to out. Thread-safe. */
void metrics_write_http(struct buf *out);

/* Appends one sample line: NAME{LABELS} VALUE, where labels is NULL or already escaped. */
void metrics_sample(struct buf *out, const char *name, const char *labels, double value);

/* Appends "# HELP name help" and "# TYPE name type". */
void metrics_family(struct buf *out, const char *name, const char *type, const char *help);

#endif

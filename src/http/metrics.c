/* Request counters and latency histograms, kept in a fixed table under one lock: a series
 * per (route pattern, method), so the table is bounded by the route table (an address
 * outside it counts as "unmatched", never as itself, so nobody can make it grow). */
#include "http/metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

/* The routes' patterns times GET and POST, with room to spare; a series that finds no
 * slot is counted under "overflow" rather than lost. */
#define SERIES_MAX 1024
/* Distinct statuses one series keeps apart; rarer ones are added to the last. */
#define STATUSES_MAX 12

/* Upper bounds of the latency buckets in seconds (+Inf is the count). */
static const double bucket_le[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKETS (sizeof bucket_le / sizeof bucket_le[0])

struct series {
	const char *route;
	const char *method;
	int status[STATUSES_MAX];
	uint64_t status_count[STATUSES_MAX];
	uint64_t bucket[NBUCKETS];
	uint64_t count;
	double sum;
};

static struct series table[SERIES_MAX];

/* Connections each worker (listening socket and its thread) has taken in. */
static atomic_ullong worker_conns[METRICS_WORKERS_MAX];
static atomic_uint workers;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(const char *route, const char *method)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (const char *p = route; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ (unsigned char)method[0]) * 16777619u;
	return h % SERIES_MAX;
}

static struct series *
find_series(const char *route, const char *method)
{
	size_t i = slot_of(route, method);
	for (size_t n = 0; n < SERIES_MAX; n++, i = (i + 1) % SERIES_MAX) {
		struct series *s = &table[i];
		if (!s->route) {
			s->route = route;
			s->method = method;
			return s;
		}
		if (strcmp(s->route, route) == 0 && strcmp(s->method, method) == 0)
			return s;
	}
	return NULL;
}

void
metrics_observe(const char *route, const char *method, int status, int64_t micros)
{
	/* Static strings only: the request's own method string dies with the request. */
	const char *m = strcmp(method, "POST") == 0                                 ? "POST"
	                : strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ? "GET"
	                                                                            : "OTHER";
	double seconds = (double)micros / 1e6;
	pthread_mutex_lock(&lock);
	struct series *s = find_series(route ? route : "unmatched", m);
	if (!s)
		s = find_series("overflow", "OTHER");
	if (s) {
		size_t k = 0;
		while (k < STATUSES_MAX - 1 && s->status[k] && s->status[k] != status)
			k++;
		if (!s->status[k])
			s->status[k] = status;
		s->status_count[k]++;
		for (size_t b = 0; b < NBUCKETS; b++)
			if (seconds <= bucket_le[b])
				s->bucket[b]++;
		s->count++;
		s->sum += seconds;
	}
	pthread_mutex_unlock(&lock);
}

void
metrics_set_workers(unsigned n)
{
	atomic_store(&workers, n < METRICS_WORKERS_MAX ? n : METRICS_WORKERS_MAX);
}

void
metrics_worker_connection(unsigned worker)
{
	if (worker < METRICS_WORKERS_MAX)
		atomic_fetch_add_explicit(&worker_conns[worker], 1, memory_order_relaxed);
}

void
metrics_family(struct buf *out, const char *name, const char *type, const char *help)
{
	buf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void
metrics_sample(struct buf *out, const char *name, const char *labels, double value)
{
	if (labels && *labels)
		buf_printf(out, "%s{%s} %.17g\n", name, labels, value);
	else
		buf_printf(out, "%s %.17g\n", name, value);
}

/* A label value as the text format wants it: backslash, double quote and newline escaped. */
static void
label_value(char *out, size_t cap, const char *v)
{
	size_t n = 0;
	for (; *v && n + 3 < cap; v++) {
		if (*v == '\\' || *v == '"') {
			out[n++] = '\\';
			out[n++] = *v;
		} else if (*v == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else {
			out[n++] = *v;
		}
	}
	out[n] = '\0';
}

void
metrics_write_http(struct buf *out)
{
	static const char *req = "leuchtturm_http_requests_total";
	static const char *dur = "leuchtturm_http_request_duration_seconds";
	struct buf counts = BUF_INIT, hist = BUF_INIT;
	metrics_family(&counts, req, "counter",
	               "Requests answered, by route pattern, method and status.");
	metrics_family(&hist, dur, "histogram",
	               "Time from the request line to the answer, by route pattern and method.");
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < SERIES_MAX; i++) {
		const struct series *s = &table[i];
		if (!s->route)
			continue;
		char route[300], labels[400];
		label_value(route, sizeof route, s->route);
		for (size_t k = 0; k < STATUSES_MAX && s->status[k]; k++) {
			snprintf(labels, sizeof labels, "route=\"%s\",method=\"%s\",status=\"%d\"",
			         route, s->method, s->status[k]);
			metrics_sample(&counts, req, labels, (double)s->status_count[k]);
		}
		for (size_t b = 0; b < NBUCKETS; b++) {
			snprintf(labels, sizeof labels, "route=\"%s\",method=\"%s\",le=\"%g\"",
			         route, s->method, bucket_le[b]);
			buf_printf(&hist, "%s_bucket{%s} %llu\n", dur, labels,
			           (unsigned long long)s->bucket[b]);
		}
		snprintf(labels, sizeof labels, "route=\"%s\",method=\"%s\"", route, s->method);
		buf_printf(&hist, "%s_bucket{%s,le=\"+Inf\"} %llu\n", dur, labels,
		           (unsigned long long)s->count);
		buf_printf(&hist, "%s_sum{%s} %.6f\n", dur, labels, s->sum);
		buf_printf(&hist, "%s_count{%s} %llu\n", dur, labels, (unsigned long long)s->count);
	}
	pthread_mutex_unlock(&lock);
	buf_append(out, counts.data ? counts.data : "", counts.len);
	buf_append(out, hist.data ? hist.data : "", hist.len);
	buf_free(&counts);
	buf_free(&hist);
	static const char *wc = "leuchtturm_worker_connections_total";
	metrics_family(out, wc, "counter",
	               "Connections taken in, by worker (its own listening socket and thread).");
	unsigned n = atomic_load(&workers);
	for (unsigned w = 0; w < n; w++) {
		char labels[32];
		snprintf(labels, sizeof labels, "worker=\"%u\"", w);
		metrics_sample(out, wc, labels, (double)atomic_load(&worker_conns[w]));
	}
}

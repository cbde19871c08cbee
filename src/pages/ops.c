/* For operators (issue #15, point 12): /healthz for load balancers (200 healthy, 503 not,
 * with the checks as JSON) and /metrics in the Prometheus text format, which only loopback
 * or the holder of the metrics token may read. */
#include "domain/health.h"
#include "domain/practice.h"
#include "export/json.h"
#include "html/article.h"
#include "html/cache.h"
#include "http/metrics.h"
#include "pages/pages.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *metrics_token;

void
ops_set_metrics_token(const char *token)
{
	metrics_token = token && *token ? token : NULL;
}

static json_t *
check(bool ok)
{
	json_t *o = json_object();
	jsonx_set(o, "ok", json_boolean(ok));
	return o;
}

void
page_healthz(struct request *r)
{
	int64_t now = time_now();
	struct health h;
	health_check(r->store, now, &h);
	json_t *doc = json_object(), *checks = json_object();
	jsonx_set(doc, "status", json_string(h.ok ? "ok" : "unhealthy"));
	json_t *db = check(h.db_writable);
	jsonx_set(checks, "database", db);
	json_t *disk = check(h.disk_ok);
	jsonx_set(disk, "free_bytes", json_integer((json_int_t)h.disk_free));
	jsonx_set(disk, "last_full", jsonx_time(h.disk_full_at));
	jsonx_set(checks, "disk", disk);
	json_t *mail = check(h.mail_ok);
	jsonx_set(mail, "queued", json_integer(h.mail_queued));
	jsonx_set(mail, "failed", json_integer(h.mail_failed));
	jsonx_set(mail, "oldest_queued_seconds", json_integer(h.mail_oldest_age));
	jsonx_set(checks, "mail", mail);
	json_t *sched = check(h.scheduler_ok);
	jsonx_set(sched, "last_run", jsonx_time(h.scheduler_last));
	jsonx_set(sched, "runs", json_integer(h.scheduler_runs));
	jsonx_set(sched, "failures", json_integer(h.scheduler_failures));
	jsonx_set(checks, "scheduler", sched);
	jsonx_set(doc, "checks", checks);
	struct buf body = BUF_INIT;
	jsonx_dump(&body, doc);
	json_decref(doc);
	http_send_buf(r, h.ok ? 200 : 503, "application/json", &body);
	buf_free(&body);
	http_set_header(r, "Cache-Control", "no-store");
}

/* Loopback without a proxy in between (a request relayed by a proxy on this machine comes
 * from loopback too, but is someone else's), or the configured bearer token. */
static bool
may_read_metrics(struct request *r)
{
	const char *auth = http_header(r, "Authorization");
	if (metrics_token && auth && strncmp(auth, "Bearer ", 7) == 0) {
		const char *given = auth + 7;
		size_t n = strlen(metrics_token);
		if (strlen(given) == n) {
			unsigned char diff = 0;
			for (size_t i = 0; i < n; i++)
				diff |= (unsigned char)(given[i] ^ metrics_token[i]);
			if (!diff)
				return true;
		}
	}
	bool loopback = strncmp(r->remote_addr, "127.", 4) == 0 || !strcmp(r->remote_addr, "::1");
	return loopback && !r->forwarded && !http_header(r, "X-Forwarded-For") &&
	       !http_header(r, "Forwarded");
}

static void
write_domain_metrics(struct request *r, struct buf *out)
{
	struct health h;
	health_outbox(r->store, time_now(), &h);
	metrics_family(out, "leuchtturm_outbox_messages", "gauge",
	               "E-mails in the outbox waiting to be sent (queued) or given up (failed).");
	metrics_sample(out, "leuchtturm_outbox_messages", "state=\"queued\"",
	               (double)h.mail_queued);
	metrics_sample(out, "leuchtturm_outbox_messages", "state=\"failed\"",
	               (double)h.mail_failed);
	metrics_family(out, "leuchtturm_outbox_oldest_queued_seconds", "gauge",
	               "How long the oldest waiting e-mail has waited.");
	metrics_sample(out, "leuchtturm_outbox_oldest_queued_seconds", NULL,
	               (double)h.mail_oldest_age);
	metrics_family(out, "leuchtturm_scheduler_runs_total", "counter",
	               "Runs of the scheduler's periodic steps in this process.");
	metrics_sample(out, "leuchtturm_scheduler_runs_total", NULL, (double)h.scheduler_runs);
	metrics_family(out, "leuchtturm_scheduler_failures_total", "counter",
	               "Runs in which a step failed.");
	metrics_sample(out, "leuchtturm_scheduler_failures_total", NULL,
	               (double)h.scheduler_failures);
	metrics_family(out, "leuchtturm_scheduler_last_run_timestamp_seconds", "gauge",
	               "When the scheduler last ran (0: not yet).");
	metrics_sample(out, "leuchtturm_scheduler_last_run_timestamp_seconds", NULL,
	               (double)h.scheduler_last);
	metrics_family(out, "leuchtturm_disk_free_bytes", "gauge",
	               "Free space of the data folder's file system.");
	metrics_sample(out, "leuchtturm_disk_free_bytes", NULL, (double)h.disk_free);
	metrics_family(out, "leuchtturm_disk_full_last_timestamp_seconds", "gauge",
	               "When a write last failed for lack of space (0: never).");
	metrics_sample(out, "leuchtturm_disk_full_last_timestamp_seconds", NULL,
	               (double)h.disk_full_at);
	metrics_family(out, "leuchtturm_start_time_seconds", "gauge", "When this process started.");
	metrics_sample(out, "leuchtturm_start_time_seconds", NULL, (double)h.started_at);
}

/* The search's work (whatever a query says, it is bounded: the tests of bad input read
 * these) and its index in memory. */
static void
write_search_metrics(struct request *r, struct buf *out)
{
	struct practice_search_metrics m;
	practice_search_metrics(r->store, &m);
	static const char *work = "leuchtturm_search_work_total";
	metrics_family(out, work, "counter",
	               "What the catalog's searches cost: searches planned, their words, the index "
	               "terms they were expanded to (compound parts, typos, synonyms), vocabulary "
	               "terms measured for typos.");
	metrics_sample(out, work, "what=\"plans\"", (double)m.plans);
	metrics_sample(out, work, "what=\"words\"", (double)m.words);
	metrics_sample(out, work, "what=\"alternatives\"", (double)m.alternatives);
	metrics_sample(out, work, "what=\"typo_checks\"", (double)m.typo_checks);
	metrics_family(out, "leuchtturm_search_vocabulary_terms", "gauge",
	               "Terms of the search's vocabulary as last made.");
	metrics_sample(out, "leuchtturm_search_vocabulary_terms", NULL, (double)m.vocabulary);
	if (!m.index)
		return;
	static const char *idx = "leuchtturm_search_index";
	metrics_family(out, idx, "gauge",
	               "The search's index in memory: practices, terms, bytes, the last whole "
	               "build's and update's milliseconds, practices the update read again.");
	metrics_sample(out, idx, "what=\"practices\"", (double)m.practices);
	metrics_sample(out, idx, "what=\"terms\"", (double)m.terms);
	metrics_sample(out, idx, "what=\"bytes\"", (double)m.bytes);
	metrics_sample(out, idx, "what=\"build_ms\"", m.build_ms);
	metrics_sample(out, idx, "what=\"update_ms\"", m.update_ms);
	metrics_sample(out, idx, "what=\"updated\"", (double)m.updated);
}

static void
write_cache_metrics(struct buf *out)
{
	struct cache_stats c;
	cache_stats(&c);
	struct article_cache_stats a;
	article_cache_stats(&a);
	static const char *hits = "leuchtturm_cache_hits_total";
	static const char *misses = "leuchtturm_cache_misses_total";
	metrics_family(out, hits, "counter", "Lookups in the response cache that found a copy.");
	metrics_sample(out, hits, "cache=\"fragment\"", (double)c.fragment_hits);
	metrics_sample(out, hits, "cache=\"page\"", (double)c.page_hits);
	metrics_sample(out, hits, "cache=\"document\"", (double)c.doc_hits);
	metrics_sample(out, hits, "cache=\"article\"", (double)a.hits);
	metrics_family(out, misses, "counter", "Lookups in the response cache that found none.");
	metrics_sample(out, misses, "cache=\"fragment\"", (double)c.fragment_misses);
	metrics_sample(out, misses, "cache=\"page\"", (double)c.page_misses);
	metrics_sample(out, misses, "cache=\"document\"", (double)c.doc_misses);
	metrics_sample(out, misses, "cache=\"article\"", (double)a.misses);
	metrics_family(out, "leuchtturm_article_cache_bytes", "gauge",
	               "Bytes of practices' rendered articles kept (at most "
	               "leuchtturm_article_cache_limit_bytes).");
	metrics_sample(out, "leuchtturm_article_cache_bytes", NULL, (double)a.bytes);
	metrics_family(out, "leuchtturm_article_cache_limit_bytes", "gauge",
	               "The bound of the kept articles' bytes.");
	metrics_sample(out, "leuchtturm_article_cache_limit_bytes", NULL, (double)a.limit);
	metrics_family(out, "leuchtturm_article_cache_entries", "gauge",
	               "Practices' rendered articles kept (per practice and language).");
	metrics_sample(out, "leuchtturm_article_cache_entries", NULL, (double)a.entries);
}

void
page_metrics(struct request *r)
{
	if (!may_read_metrics(r)) {
		http_error(r, 403,
		           N_("The metrics can be read from this machine or with the "
		              "metrics token only."));
		return;
	}
	struct buf out = BUF_INIT;
	metrics_write_http(&out);
	write_domain_metrics(r, &out);
	write_cache_metrics(&out);
	write_search_metrics(r, &out);
	http_send_buf(r, 200, "text/plain; version=0.0.4; charset=utf-8", &out);
	buf_free(&out);
	http_set_header(r, "Cache-Control", "no-store");
}

/* Health checks: the heartbeat write, the outbox's backlog, the data folder's free space
 * and the scheduler's last run. */
#include "domain/health.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/statvfs.h>

static char data_dir[PATH_MAX] = ".";
static uint64_t min_free = 64u * 1024 * 1024;
static int interval = 60;
static int64_t started_at;
static _Atomic int64_t last_run, runs, failures;
/* The heartbeat write, at most once per probe_every seconds (of the monotonic clock):
 * a load balancer asking every second must not cost a synced write each time. Its result
 * is kept meanwhile; a write refused for lack of space shows at once anyway (disk_full_at). */
static int probe_every = 5;
static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t probe_at = INT64_MIN;
static bool probe_ok;

static const struct store_query q_probe = {"health_probe",
                                           "INSERT INTO health_probe(id, at) VALUES (1, ?1) "
                                           "ON CONFLICT (id) DO UPDATE SET at = excluded.at"};
static const struct store_query q_outbox = {
    "health_outbox", "SELECT state, count(*), coalesce(min(created_at), 0) FROM outbox "
                     "WHERE state IN ('queued', 'failed') GROUP BY state"};

void
health_configure(const char *dir, uint64_t min_free_bytes, int schedule_seconds)
{
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	min_free = min_free_bytes;
	interval = schedule_seconds > 0 ? schedule_seconds : 60;
	started_at = time_now();
}

void
health_set_probe_interval(int seconds)
{
	probe_every = seconds >= 0 ? seconds : 5;
}

static int64_t
monotonic_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

void
health_scheduler_ran(int64_t at, bool ok)
{
	atomic_store(&last_run, at);
	atomic_fetch_add(&runs, 1);
	if (!ok)
		atomic_fetch_add(&failures, 1);
}

static int
probe_tx(struct store *s, void *ctx)
{
	struct stmt *st = store_stmt(s, &q_probe);
	stmt_bind_int(st, 1, *(int64_t *)ctx);
	return stmt_exec(st);
}

void
health_outbox(struct store *s, int64_t now, struct health *h)
{
	h->mail_queued = h->mail_failed = h->mail_oldest_age = 0;
	struct stmt *st = store_stmt(s, &q_outbox);
	while (stmt_step(st) == STORE_ROW) {
		const char *state = stmt_text(st, 0);
		if (state[0] == 'q') {
			h->mail_queued = stmt_int(st, 1);
			h->mail_oldest_age = now - stmt_int(st, 2);
		} else {
			h->mail_failed = stmt_int(st, 1);
		}
	}
	stmt_done(st);
	h->mail_ok = h->mail_oldest_age <= 3600;
	h->scheduler_last = atomic_load(&last_run);
	h->scheduler_runs = atomic_load(&runs);
	h->scheduler_failures = atomic_load(&failures);
	h->started_at = started_at;
	struct statvfs v;
	h->disk_free = statvfs(data_dir, &v) == 0 ? (uint64_t)v.f_bavail * v.f_frsize : 0;
	h->disk_full_at = store_full_at();
}

void
health_check(struct store *s, int64_t now, struct health *h)
{
	/* One probe at a time; the others meanwhile take its result. */
	pthread_mutex_lock(&probe_lock);
	int64_t mono = monotonic_seconds();
	if (probe_at == INT64_MIN || mono - probe_at >= probe_every) {
		probe_ok = store_tx(s, probe_tx, &now) == STORE_OK;
		probe_at = mono;
	}
	h->db_writable = probe_ok;
	pthread_mutex_unlock(&probe_lock);
	health_outbox(s, now, h);
	/* A write refused for lack of space in the last minute counts, even when a file was
	 * deleted meanwhile: the next successful write will show it. */
	h->disk_ok = h->disk_free >= min_free && (!h->disk_full_at || now - h->disk_full_at > 60);
	int64_t since = h->scheduler_last ? h->scheduler_last : started_at;
	h->scheduler_ok = now - since <= 3 * (int64_t)interval + 120;
	h->ok = h->db_writable && h->disk_ok && h->scheduler_ok;
}

/* leuchtturm serve: the web server, plus the background worker that delivers e-mail and
 * runs the scheduler's periodic steps (the board review's reminders). */
#include "cli/commands.h"
#include "cli/config.h"
#include "cli/sandbox.h"
#include "domain/attachment.h"
#include "domain/erasure.h"
#include "domain/health.h"
#include "domain/log_retention.h"
#include "domain/mail.h"
#include "domain/practice.h"
#include "domain/retention.h"
#include "domain/review_progress.h"
#include "domain/setting.h"
#include "domain/transfer.h"
#include "domain/yearly_check.h"
#include "http/csrf.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/transfer_pages.h"
#include "routes.h"
#include "search/search.h"
#include "store/blob.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

#include <curl/curl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct mailer {
	struct mail_config cfg;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;
	bool due; /* a message was queued since the worker last looked */
};

/* The scheduler's steps run this often (seconds); the first right at start-up. The HTTP
 * tests shorten it with LEUCHTTURM_SCHEDULE_SECONDS (the yearly check's, issue #12), to a
 * fraction of a second too (schedule_ms; schedule_seconds is its whole seconds, at least 1,
 * for the messages and the health check). */
static int schedule_seconds = 60;
static int64_t schedule_ms = 60000;

/* The mail worker that mailer_wake wakes (one per process). */
static struct mailer *mailer_live;

/* The advisory lock of the scheduler's round (store_try_lock). */
#define SCHEDULE_LOCK 7301602

/* The scheduler's periodic steps. Each records what it did in the database, so a restart
 * or a second instance never repeats it. On several instances the round runs on one at a
 * time: false (nothing done) while another instance runs it, and the caller tries again
 * on its next turn. */
static bool
schedule_run(struct store *s)
{
	/* Each instance's own log file, so before the round's lock, which one instance holds
	 * at a time; once a day, audited. */
	if (log_retention_run(s, time_now()) < 0)
		log_error("scheduler: the access log's retention could not be recorded; retrying "
		          "in %d s",
		          schedule_seconds);
	if (!store_try_lock(s, SCHEDULE_LOCK))
		return false;
	bool ok = true;
	if (review_send_reminders(s, time_now()) < 0) {
		ok = false;
		log_error("scheduler: the review reminders failed; retrying in %d s",
		          schedule_seconds);
	}
	if (transfer_send_followups(s, time_now()) < 0) {
		ok = false;
		log_error("scheduler: the transfer follow-ups failed; retrying in %d s",
		          schedule_seconds);
	}
	if (transfer_purge_unconfirmed(s, time_now()) < 0) {
		ok = false;
		log_error(
		    "scheduler: deleting unconfirmed transfer requests failed; retrying in %d s",
		    schedule_seconds);
	}
	if (yearly_check_run(s, time_now()) < 0) {
		ok = false;
		log_error("scheduler: the yearly checks failed; retrying in %d s",
		          schedule_seconds);
	}
	if (retention_run(s, time_now()) < 0) {
		ok = false;
		log_error("scheduler: removing personal data after its retention failed; retrying "
		          "in %d s",
		          schedule_seconds);
	}
	store_unlock(s, SCHEDULE_LOCK);
	/* For /healthz and /metrics: the scheduler's last run and whether it failed. */
	health_scheduler_ran(time_now(), ok);
	return true;
}

/* What the first requests need, made in the background right after start-up (issue 14,
 * point 6): the catalog's index first (a catalog page waits for it rather than building its
 * own beside it), then the dictionary and what the first search needs. The thread's
 * connection (and its page cache) goes when it ends. */
static void *
warm_run(void *unused)
{
	(void)unused;
	struct store *s = store_thread();
	practice_catalog_warm_up(s);
	search_warm_up(); /* the dictionary, on a thread of its own */
	if (s)
		practice_search_warm_up(s);
	/* The builds' scratch (the rows read, the terms sorted) was freed but stays in the
	 * malloc arenas, this thread's above all: given back to the system. */
	malloc_trim(0);
	log_info("start-up: the catalog's index and the search's are ready");
	return NULL;
}

/* Starts warm_run on *t; false when it does not run. LEUCHTTURM_WARM_UP=0: no warm-up, each
 * index is made by the first request that needs it (the tests compare the two). */
static bool
warm_start(pthread_t *t)
{
	const char *want = getenv("LEUCHTTURM_WARM_UP");
	bool warm =
	    !(want && strcmp(want, "0") == 0) && pthread_create(t, NULL, warm_run, NULL) == 0;
	if (!warm)
		practice_catalog_warm_up(NULL); /* the first catalog page builds the index itself */
	return warm;
}

static int64_t
monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Run after a commit that queued mail (mail_on_queued): the worker looks at once. */
static void
mailer_wake(void)
{
	struct mailer *m = mailer_live;
	pthread_mutex_lock(&m->lock);
	m->due = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
}

/* Delivers due mail when some is queued and every few seconds (a retry's delay, a message
 * of another instance), and runs the scheduler once a minute, until told to stop. */
static void *
mailer_run(void *arg)
{
	struct mailer *m = arg;
	struct store *s = store_thread();
	int64_t next_round = 0; /* monotonic ms: the scheduler's next turn; the first at once */
	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		m->due = false;
		pthread_mutex_unlock(&m->lock);
		/* Before the delivery, so what the scheduler queues goes out in the same round. */
		if (s && monotonic_ms() >= next_round) {
			bool done = schedule_run(s);
			/* Not done: another instance holds the round; try again on a later turn. */
			next_round =
			    monotonic_ms() + (done || schedule_ms < 2000 ? schedule_ms : 2000);
			/* What the requests' peaks freed (a replaced index, large pages' buffers)
			 * stays in glibc's arenas unless given back: once a round. */
			if (done)
				malloc_trim(0);
		}
		if (s)
			mail_deliver_due(s, &m->cfg);
		/* Two seconds, or less when the scheduler is due sooner. */
		int64_t wait_ms = 2000;
		if (s && next_round - monotonic_ms() < wait_ms)
			wait_ms = next_round - monotonic_ms();
		pthread_mutex_lock(&m->lock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		if (wait_ms > 0) {
			until.tv_sec += wait_ms / 1000;
			until.tv_nsec += (wait_ms % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			if (!m->stop && !m->due)
				pthread_cond_timedwait(&m->wake, &m->lock, &until);
		}
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* Starts the mail worker on *t, woken by every commit that queues a message. */
static void
mailer_start(struct mailer *m, pthread_t *t)
{
	mailer_live = m;
	mail_on_queued(mailer_wake);
	pthread_create(t, NULL, mailer_run, m);
}

/* Tells the mailer to stop and waits for it to end. */
static void
mailer_stop(struct mailer *m, pthread_t t)
{
	mail_on_queued(NULL);
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	pthread_join(t, NULL);
}

static int
serve_usage(int code)
{
	fprintf(code ? stderr : stdout,
	        "Usage: leuchtturm serve [options]\n\nServes the web application until SIGINT "
	        "or SIGTERM; requests in flight are finished first.\n\n%s",
	        config_help);
	return code;
}

/* What the scheduler's e-mails need without a request (the links' origin), and the
 * intervals tests shorten through the environment. */
static void
scheduler_configure(void)
{
	transfer_set_origin(http_config()->origin);
	yearly_check_set_origin(http_config()->origin);
	const char *schedule = getenv("LEUCHTTURM_SCHEDULE_SECONDS");
	double every = schedule ? strtod(schedule, NULL) : 0;
	if (every >= 0.01 && every <= 86400) {
		schedule_ms = (int64_t)(every * 1000);
		schedule_seconds = every < 1 ? 1 : (int)every;
	}
	const char *probe = getenv("LEUCHTTURM_HEALTH_PROBE_SECONDS");
	if (probe)
		health_set_probe_interval(atoi(probe));
	const char *years = getenv("LEUCHTTURM_RETENTION_YEARS");
	if (years)
		retention_configure(atoi(years));
	const char *log_days = getenv("LEUCHTTURM_LOG_RETENTION_DAYS");
	if (log_days)
		log_retention_configure(atoi(log_days));
	const char *min_fill = getenv("LEUCHTTURM_FORM_MIN_SECONDS");
	if (min_fill)
		transfer_form_set_min_seconds(atoi(min_fill));
}

/* Blocks the signals in every thread; the main one waits for them with sigwait. */
static void
block_signals(sigset_t *sigs)
{
	sigemptyset(sigs);
	sigaddset(sigs, SIGINT);
	sigaddset(sigs, SIGTERM);
	sigaddset(sigs, SIGHUP); /* reopens the log file (logrotate), never stops */
	pthread_sigmask(SIG_BLOCK, sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* After the start-up's lines (which went to standard error, where whoever started the
 * server reads them), the log goes to the file when one is configured. */
static void
open_log_file(const char *path)
{
	if (path && log_to_file(path) != 0)
		fprintf(stderr,
		        "leuchtturm: cannot open the log file %s; logging to standard error\n",
		        path);
	else if (path)
		log_info("log: leuchtturm started, logging to %s", path);
}

/* Least privilege once the socket is bound and the database opened (issue #15, point 5):
 * the drop to --user, then no-new-privileges and the seccomp filter (cli/sandbox.c). */
static int
serve_confine(const struct app_config *c)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", c->db_path);
	snprintf(shm, sizeof shm, "%s-shm", c->db_path);
	const char *const paths[] = {c->data_dir,  c->db_path,    wal,         shm,
	                             c->files_dir, c->outbox_dir, c->log_file, NULL};
	if (sandbox_drop_user(c->user, paths) != 0)
		return -1;
	if (c->no_sandbox) {
		fprintf(stderr, "leuchtturm: --no-sandbox: no seccomp filter\n");
		return 0;
	}
	return sandbox_install();
}

/* Waits for SIGINT or SIGTERM and returns it; a SIGHUP meanwhile reopens the log file, so
 * logrotate can move it away (its postrotate sends the signal). */
static int
wait_for_stop(const sigset_t *sigs)
{
	for (;;) {
		int sig = 0;
		if (sigwait(sigs, &sig) != 0 || sig != SIGHUP)
			return sig;
		int rc = log_reopen();
		if (rc == 0)
			log_info("log: SIGHUP received, log file reopened");
		else if (rc < 0)
			log_info("log: SIGHUP received, the log file could not be reopened; "
			         "logging on where it was");
		else
			log_info("log: SIGHUP received; there is no log file to reopen");
	}
}

int
cmd_serve(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2)
		return serve_usage(0);
	if (first < 0 || first != argc)
		return serve_usage(2);
	if (config_prepare(&c) != 0)
		return 1;
	struct store *s = cli_open_store(&c);
	unsigned char secret[SETTING_SECRET_BYTES];
	if (!s || setting_secret(s, secret) != 0)
		return 1;
	store_close(s);
	csrf_set_secret(secret, sizeof secret);
	store_set_default_path(c.db_path);
	routes_install();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	practice_catalog_warm_begin(); /* before any request: it waits for warm_run's build */

	sigset_t sigs;
	block_signals(&sigs);

	size_t max_upload = c.max_upload_mb * 1024 * 1024;
	attachment_configure(c.files_dir, max_upload, (unsigned)c.max_attachments);
	/* On PostgreSQL the database holds every file too, for every instance (blob.h). */
	blob_db_enable(c.database != NULL);
	/* The largest body must hold the largest allowed upload plus the form around it. */
	if (c.max_body < max_upload + 1024 * 1024)
		c.max_body = max_upload + 1024 * 1024;
	struct http_config hc = {.listen = c.listen,
	                         .threads = c.threads,
	                         .max_body = c.max_body,
	                         .upload_dir = c.data_dir,
	                         .timeout = 30,
	                         .per_address = (unsigned)c.per_address,
	                         .head_timeout = (unsigned)c.head_timeout,
	                         .min_body_rate = c.min_body_rate,
	                         .body_budget = c.body_budget_mb * 1024 * 1024,
	                         .secure_cookies = c.secure_cookies,
	                         .base_url = c.base_url,
	                         .trusted_proxy = c.trusted_proxy,
	                         .access_log = !c.quiet};
	struct http_server *srv = http_start(&hc);
	if (!srv)
		return 1;
	scheduler_configure();
	health_configure(c.data_dir, (uint64_t)c.min_free_mb * 1024 * 1024, schedule_seconds);
	erasure_configure(c.outbox_dir); /* an erasure removes the mails' .eml files too */
	ops_set_metrics_token(c.metrics_token);
	struct mailer m = {.cfg = {c.smtp_url, c.smtp_user, c.smtp_password, c.mail_from,
	                           c.smtp_starttls, c.outbox_dir},
	                   .lock = PTHREAD_MUTEX_INITIALIZER,
	                   .wake = PTHREAD_COND_INITIALIZER};
	if (serve_confine(&c) != 0) {
		http_stop(srv, 0);
		return 1;
	}
	pthread_t warm_thread;
	bool warm = warm_start(&warm_thread);
	pthread_t mail_thread;
	mailer_start(&m, &mail_thread);

	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)strcspn(c.listen, ":"), c.listen);
	fprintf(stderr, "leuchtturm: listening on http://%s:%u/\n", host[0] ? host : "0.0.0.0",
	        http_port(srv));
	if (!c.smtp_url)
		fprintf(stderr, "leuchtturm: no SMTP configured; e-mail is written to %s/*.eml\n",
		        c.outbox_dir);
	open_log_file(c.log_file);
	int sig = wait_for_stop(&sigs);
	fprintf(stderr, "leuchtturm: %s received, finishing requests in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_stop(srv, 10000);
	mailer_stop(&m, mail_thread);
	if (warm)
		pthread_join(warm_thread, NULL);
	curl_global_cleanup();
	fprintf(stderr, "leuchtturm: stopped\n");
	return 0;
}

/* The service's health for operators (issue #15, point 12): whether the database takes
 * writes, the data folder's free space, the mail backlog and the scheduler's last run;
 * and the counters /metrics shows. */
#ifndef DOMAIN_HEALTH_H
#define DOMAIN_HEALTH_H
#include <stdbool.h>
#include <stdint.h>

struct store;

/* Set once at start-up: the data folder whose file system is measured, the free space
 * below which the service is unhealthy, and the scheduler's interval (it is overdue after
 * three intervals and two minutes). */
void health_configure(const char *data_dir, uint64_t min_free_bytes, int schedule_seconds);

/* The scheduler reports each run (ok: every step succeeded). Thread-safe. */
void health_scheduler_ran(int64_t at, bool ok);

struct health {
	bool ok; /* all of the checks below that decide (database, disk, scheduler) */
	bool db_writable;
	bool disk_ok;            /* enough free space and no write refused for lack of it */
	uint64_t disk_free;      /* bytes free in the data folder's file system */
	int64_t disk_full_at;    /* when a write last failed for lack of space; 0 never */
	int64_t mail_queued;     /* messages waiting to be sent */
	int64_t mail_failed;     /* messages given up on */
	int64_t mail_oldest_age; /* seconds the oldest waiting message has waited; 0: none */
	bool mail_ok;            /* no waiting message older than an hour (reported only) */
	bool scheduler_ok;
	int64_t scheduler_last; /* its last run; 0 not yet */
	int64_t scheduler_runs, scheduler_failures;
	int64_t started_at;
};

/* How often health_check really writes its heartbeat (seconds; 5 by default, 0: every
 * call); between two writes it reports the last one's result. Set once at start-up. */
void health_set_probe_interval(int seconds);

/* Fills h at now: writes a heartbeat row in its own short transaction (the probe that the
 * database takes writes; not an event of the programme, so no audit entry) at most once
 * per probe interval, reads the outbox, measures the disk. Mail does not decide h->ok: a slow SMTP
 * server is no reason for a load balancer to take the instance out. */
void health_check(struct store *s, int64_t now, struct health *h);

/* The outbox by state, for /metrics without the write health_check makes. */
void health_outbox(struct store *s, int64_t now, struct health *h);

#endif

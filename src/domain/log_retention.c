/* The access log's daily rotation and removal after its retention, run and audited by the
 * scheduler (domain/log_retention.h). The file work is util/log.c's. */
#include "domain/log_retention.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/log.h"

#include <errno.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static _Atomic int days_kept = 14;
/* The UTC day of this process's last run, as days since the epoch; -1 none yet. */
static _Atomic int64_t last_run = -1;

void
log_retention_configure(int days)
{
	atomic_store(&days_kept, days < 0 ? 0 : days);
}

int
log_retention_days(void)
{
	return atomic_load(&days_kept);
}

struct run_tx {
	const char *file, *rotated_to;
	const char *removed; /* "\n"-separated */
	int days;
	int64_t when;
};

static int
audit_body(struct store *s, void *arg)
{
	struct run_tx *t = arg;
	json_t *removed = json_array();
	for (const char *p = t->removed; p && *p;) {
		size_t n = strcspn(p, "\n");
		json_array_append_new(removed, json_stringn(p, n));
		p += n + (p[n] == '\n');
	}
	const char *base = strrchr(t->file, '/');
	json_t *details =
	    json_pack("{s:s, s:i, s:o, s:o}", "file", base ? base + 1 : t->file, "days", t->days,
	              "rotated_to", t->rotated_to ? json_string(t->rotated_to) : json_null(),
	              "removed", removed);
	return audit_log(s, 0, "log.retention", "log", details) == 0 ? STORE_OK : STORE_ERR;
}

int
log_retention_run(struct store *s, int64_t now)
{
	int days = atomic_load(&days_kept);
	const char *file = log_file();
	int64_t today = now / 86400;
	if (!days || !file || atomic_load(&last_run) == today)
		return 0;
	char day[11], today_s[11];
	time_t tt = (time_t)now;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(today_s, sizeof today_s, "%Y-%m-%d", &tm);
	/* The file began on an earlier day: it becomes FILE.THAT-DAY, a new one goes on. */
	const char *rotated_to = NULL;
	char suffix[11 + 8];
	if (log_first_day(day) && strcmp(day, today_s) < 0) {
		/* Once rotated that day already (logrotate, a clock set back): FILE.DAY.2 … */
		snprintf(suffix, sizeof suffix, "%s", day);
		int rc = log_rotate(suffix);
		for (int k = 2; rc != 0 && errno == EEXIST && k < 100; k++) {
			snprintf(suffix, sizeof suffix, "%s.%d", day, k);
			rc = log_rotate(suffix);
		}
		if (rc == 0)
			rotated_to = suffix;
		else
			log_error("log: cannot move the log %s aside: %s", file, strerror(errno));
	}
	char removed[4096];
	int n = log_prune(now - (int64_t)days * 86400, removed, sizeof removed);
	if (n < 0)
		log_error("log: cannot read the folder of %s to remove old logs", file);
	char name[4200];
	if (rotated_to) {
		const char *base = strrchr(file, '/');
		snprintf(name, sizeof name, "%s.%s", base ? base + 1 : file, rotated_to);
	}
	struct run_tx t = {file, rotated_to ? name : NULL, n > 0 ? removed : "", days, now};
	if (store_tx(s, audit_body, &t) != STORE_OK)
		return -1;
	atomic_store(&last_run, today);
	log_info("log: retention of %d days: %s%s, %d old log%s removed", days,
	         rotated_to ? "moved aside as " : "not moved aside", rotated_to ? name : "",
	         n > 0 ? n : 0, n == 1 ? "" : "s");
	return 1;
}

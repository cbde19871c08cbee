/* Configuration: command-line flags, then LEUCHTTURM_* environment variables, then
 * defaults that work on a developer's machine. */
#ifndef CLI_CONFIG_H
#define CLI_CONFIG_H
#include <stdio.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct app_config {
	const char *listen;        /* --listen, LEUCHTTURM_LISTEN (127.0.0.1:8080) */
	const char *data_dir;      /* --data, LEUCHTTURM_DATA (./data) */
	const char *database;      /* --database, LEUCHTTURM_DATABASE_URL: PostgreSQL */
	const char *base_url;      /* --base-url, LEUCHTTURM_BASE_URL */
	const char *smtp_url;      /* --smtp-url, LEUCHTTURM_SMTP_URL */
	const char *smtp_user;     /* LEUCHTTURM_SMTP_USER */
	const char *smtp_password; /* LEUCHTTURM_SMTP_PASSWORD (no flag: ps would show it) */
	const char *mail_from;     /* --mail-from, LEUCHTTURM_MAIL_FROM */
	bool smtp_starttls;        /* --smtp-starttls, LEUCHTTURM_SMTP_STARTTLS=1 */
	bool secure_cookies;       /* --secure-cookies, LEUCHTTURM_SECURE_COOKIES=1 */
	bool quiet;                /* --quiet: no access log */
	unsigned threads;          /* --threads, LEUCHTTURM_THREADS (0: one per core) */
	size_t max_body;           /* --max-body, LEUCHTTURM_MAX_BODY (bytes) */
	const char *pwhash_cost;   /* --pwhash-cost, LEUCHTTURM_PWHASH_COST */
	size_t max_upload_mb;      /* --max-upload-mb, LEUCHTTURM_MAX_UPLOAD_MB (20) */
	size_t max_attachments;    /* --max-attachments, LEUCHTTURM_MAX_ATTACHMENTS (10) */
	size_t per_address;        /* --per-address, LEUCHTTURM_PER_ADDRESS (64) */
	size_t head_timeout;       /* --head-timeout, LEUCHTTURM_HEAD_TIMEOUT (15 s) */
	size_t min_body_rate;      /* --min-body-rate, LEUCHTTURM_MIN_BODY_RATE (2048 B/s) */
	size_t body_budget_mb;     /* --body-budget-mb, LEUCHTTURM_BODY_BUDGET_MB (256) */
	const char *log_file;      /* --log-file, LEUCHTTURM_LOG_FILE (none: standard error) */
	const char *metrics_token; /* LEUCHTTURM_METRICS_TOKEN (no flag: ps would show it) */
	size_t min_free_mb;        /* --min-free-mb, LEUCHTTURM_MIN_FREE_MB (64) */
	const char *trusted_proxy; /* --trusted-proxy, LEUCHTTURM_TRUSTED_PROXY (none) */
	const char *user;          /* --user, LEUCHTTURM_USER: drop to it after start-up */
	bool no_sandbox;           /* --no-sandbox, LEUCHTTURM_SANDBOX=0: no seccomp filter */
	/* Options of single commands. */
	const char *name;  /* user add --name */
	const char *role;  /* user add --role */
	long organisation; /* user add --organisation */
	/* Derived. */
	char db_path[PATH_MAX]; /* DATA/leuchtturm.db, or the --database address */
	char outbox_dir[PATH_MAX];
	char files_dir[PATH_MAX]; /* DATA/files: attachments, stored by SHA-256 */
};

/* Parses flags and environment into c. argv[0] is the command name. Returns the index of
 * the first positional argument, or -1 after printing a usage error; -2 for --help. */
int config_parse(struct app_config *c, int argc, char **argv);
/* Creates the data folder if needed and applies cost settings; 0 or -1. */
int config_prepare(struct app_config *c);
/* Takes group and other access away from the data folder (0700) and from the database
 * with its -wal and -shm files (0600): they hold the CSRF and notice key, password hashes
 * and personal data. Says on out what it changed. 0, or -1 when a mode could not be set. */
int config_tighten(const struct app_config *c, FILE *out);
/* The text describing the common options, for --help. */
extern const char config_help[];

#endif

/* Configuration from flags, environment and defaults. */
#include "cli/config.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char config_help[] =
    "Options (flag, else environment variable, else default):\n"
    "  --data DIR           LEUCHTTURM_DATA      database, uploads, outbox (./data)\n"
    "  --database URL       LEUCHTTURM_DATABASE_URL  postgresql://user@host/db: PostgreSQL\n"
    "                                            instead of the SQLite file in DIR\n"
    "  --listen HOST:PORT   LEUCHTTURM_LISTEN    address to serve on (127.0.0.1:8080)\n"
    "  --base-url URL       LEUCHTTURM_BASE_URL  public address for links in e-mails/feeds\n"
    "  --smtp-url URL       LEUCHTTURM_SMTP_URL  smtp://host:587 or smtps://host:465;\n"
    "                                            without it mail goes to DIR/outbox/*.eml\n"
    "                       LEUCHTTURM_SMTP_USER, LEUCHTTURM_SMTP_PASSWORD\n"
    "  --smtp-starttls      LEUCHTTURM_SMTP_STARTTLS=1  require STARTTLS\n"
    "  --mail-from ADDR     LEUCHTTURM_MAIL_FROM (leuchtturm@localhost)\n"
    "  --secure-cookies     LEUCHTTURM_SECURE_COOKIES=1 behind TLS: Secure cookies, HSTS\n"
    "  --threads N          LEUCHTTURM_THREADS   worker threads (one per core)\n"
    "  --max-body BYTES     LEUCHTTURM_MAX_BODY  largest request body (25 MB)\n"
    "  --pwhash-cost C      LEUCHTTURM_PWHASH_COST  interactive (default), moderate, or\n"
    "                                            min (test suites only)\n"
    "  --max-upload-mb N    LEUCHTTURM_MAX_UPLOAD_MB  largest attachment in MB (20); the\n"
    "                                            largest body grows to fit it\n"
    "  --max-attachments N  LEUCHTTURM_MAX_ATTACHMENTS  attachments per proposal (10)\n"
    "  --per-address N      LEUCHTTURM_PER_ADDRESS  connections at once from one address\n"
    "                                            (64 of the 1000 in all)\n"
    "  --head-timeout S     LEUCHTTURM_HEAD_TIMEOUT  seconds for a request's whole head,\n"
    "                                            also the keep-alive wait (15)\n"
    "  --min-body-rate B    LEUCHTTURM_MIN_BODY_RATE  bytes per second a body must\n"
    "                                            average once it has taken as long as\n"
    "                                            the head may (2048)\n"
    "  --body-budget-mb N   LEUCHTTURM_BODY_BUDGET_MB  MB all request bodies being read\n"
    "                                            may hold at once; beyond: 503 (256)\n"
    "  --log-file PATH      LEUCHTTURM_LOG_FILE  write the log there instead of standard\n"
    "                                            error; SIGHUP reopens it (logrotate)\n"
    "  --min-free-mb N      LEUCHTTURM_MIN_FREE_MB  free space in the data folder below\n"
    "                                            which /healthz answers 503 (64)\n"
    "                       LEUCHTTURM_METRICS_TOKEN  lets /metrics be read from elsewhere\n"
    "                                            than loopback with this bearer token\n"
    "  --trusted-proxy ADDR LEUCHTTURM_TRUSTED_PROXY  the reverse proxy's address: its\n"
    "                                            X-Forwarded-For names the client\n"
    "                       LEUCHTTURM_RETENTION_YEARS  years after which proposals not\n"
    "                                            selected lose their contact data (off)\n"
    "                       LEUCHTTURM_LOG_RETENTION_DAYS  with --log-file: days the\n"
    "                                            rotated logs are kept; the log is moved\n"
    "                                            aside daily, audited (14; 0: logrotate)\n"
    "  --user NAME          LEUCHTTURM_USER  started as root: the user to switch to once\n"
    "                                            the socket is bound (stays root without)\n"
    "  --no-sandbox         LEUCHTTURM_SANDBOX=0  no seccomp filter (for debugging)\n"
    "  --quiet              no access log\n";

static const char *
env(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

static bool
env_flag(const char *name)
{
	const char *v = getenv(name);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

/* A flag that is on unless set to 0, false or no. */
static bool
env_off(const char *name)
{
	const char *v = getenv(name);
	return v && (strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "no") == 0);
}

static bool
parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || end == s || v == 0)
		return false;
	*out = (size_t)v;
	return true;
}

static void
defaults(struct app_config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = env("LEUCHTTURM_LISTEN", "127.0.0.1:8080");
	c->data_dir = env("LEUCHTTURM_DATA", "./data");
	c->database = env("LEUCHTTURM_DATABASE_URL", NULL);
	c->base_url = env("LEUCHTTURM_BASE_URL", NULL);
	c->smtp_url = env("LEUCHTTURM_SMTP_URL", NULL);
	c->smtp_user = env("LEUCHTTURM_SMTP_USER", NULL);
	c->smtp_password = env("LEUCHTTURM_SMTP_PASSWORD", NULL);
	c->mail_from = env("LEUCHTTURM_MAIL_FROM", "leuchtturm@localhost");
	c->smtp_starttls = env_flag("LEUCHTTURM_SMTP_STARTTLS");
	c->secure_cookies = env_flag("LEUCHTTURM_SECURE_COOKIES");
	c->pwhash_cost = env("LEUCHTTURM_PWHASH_COST", "interactive");
	c->max_body = 25u * 1024 * 1024;
	if (getenv("LEUCHTTURM_MAX_BODY"))
		parse_size(getenv("LEUCHTTURM_MAX_BODY"), &c->max_body);
	if (getenv("LEUCHTTURM_THREADS"))
		c->threads = (unsigned)strtoul(getenv("LEUCHTTURM_THREADS"), NULL, 10);
	size_t v;
	c->max_upload_mb = 20;
	if (getenv("LEUCHTTURM_MAX_UPLOAD_MB") &&
	    parse_size(getenv("LEUCHTTURM_MAX_UPLOAD_MB"), &v) && v <= 1024)
		c->max_upload_mb = v;
	c->max_attachments = 10;
	c->per_address = 64;
	if (getenv("LEUCHTTURM_PER_ADDRESS") && parse_size(getenv("LEUCHTTURM_PER_ADDRESS"), &v))
		c->per_address = v;
	c->head_timeout = 15;
	if (getenv("LEUCHTTURM_HEAD_TIMEOUT") && parse_size(getenv("LEUCHTTURM_HEAD_TIMEOUT"), &v))
		c->head_timeout = v;
	c->body_budget_mb = 256;
	if (getenv("LEUCHTTURM_BODY_BUDGET_MB") &&
	    parse_size(getenv("LEUCHTTURM_BODY_BUDGET_MB"), &v) && v <= 65536)
		c->body_budget_mb = v;
	c->min_body_rate = 2048;
	if (getenv("LEUCHTTURM_MIN_BODY_RATE") &&
	    parse_size(getenv("LEUCHTTURM_MIN_BODY_RATE"), &v))
		c->min_body_rate = v;
	c->log_file = env("LEUCHTTURM_LOG_FILE", NULL);
	c->metrics_token = env("LEUCHTTURM_METRICS_TOKEN", NULL);
	c->user = env("LEUCHTTURM_USER", NULL);
	c->no_sandbox = env_off("LEUCHTTURM_SANDBOX");
	c->trusted_proxy = env("LEUCHTTURM_TRUSTED_PROXY", NULL);
	c->min_free_mb = 64;
	if (getenv("LEUCHTTURM_MIN_FREE_MB") && parse_size(getenv("LEUCHTTURM_MIN_FREE_MB"), &v))
		c->min_free_mb = v;
	if (getenv("LEUCHTTURM_MAX_ATTACHMENTS") &&
	    parse_size(getenv("LEUCHTTURM_MAX_ATTACHMENTS"), &v) && v <= 1000)
		c->max_attachments = v;
}

/* The long options' codes (short options use their letter). */
enum {
	O_BASE = 256,
	O_SMTP,
	O_FROM,
	O_TLS,
	O_SECURE,
	O_THREADS,
	O_BODY,
	O_COST,
	O_ORG,
	O_UPLOAD,
	O_ATTACHMENTS,
	O_PER_ADDRESS,
	O_HEAD_TIMEOUT,
	O_BODY_RATE,
	O_BODY_BUDGET,
	O_LOG_FILE,
	O_MIN_FREE,
	O_PROXY,
	O_DATABASE,
	O_USER,
	O_NO_SANDBOX
};

static const struct option options[] = {{"data", required_argument, NULL, 'd'},
                                        {"database", required_argument, NULL, O_DATABASE},
                                        {"listen", required_argument, NULL, 'l'},
                                        {"base-url", required_argument, NULL, O_BASE},
                                        {"smtp-url", required_argument, NULL, O_SMTP},
                                        {"mail-from", required_argument, NULL, O_FROM},
                                        {"smtp-starttls", no_argument, NULL, O_TLS},
                                        {"secure-cookies", no_argument, NULL, O_SECURE},
                                        {"threads", required_argument, NULL, O_THREADS},
                                        {"max-body", required_argument, NULL, O_BODY},
                                        {"pwhash-cost", required_argument, NULL, O_COST},
                                        {"max-upload-mb", required_argument, NULL, O_UPLOAD},
                                        {"max-attachments", required_argument, NULL, O_ATTACHMENTS},
                                        {"per-address", required_argument, NULL, O_PER_ADDRESS},
                                        {"head-timeout", required_argument, NULL, O_HEAD_TIMEOUT},
                                        {"min-body-rate", required_argument, NULL, O_BODY_RATE},
                                        {"body-budget-mb", required_argument, NULL, O_BODY_BUDGET},
                                        {"log-file", required_argument, NULL, O_LOG_FILE},
                                        {"min-free-mb", required_argument, NULL, O_MIN_FREE},
                                        {"trusted-proxy", required_argument, NULL, O_PROXY},
                                        {"name", required_argument, NULL, 'n'},
                                        {"role", required_argument, NULL, 'r'},
                                        {"organisation", required_argument, NULL, O_ORG},
                                        {"user", required_argument, NULL, O_USER},
                                        {"no-sandbox", no_argument, NULL, O_NO_SANDBOX},
                                        {"quiet", no_argument, NULL, 'q'},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

/* The limits against slow clients (apply_option's tail). */
static int
apply_limit_option(struct app_config *c, int ch, const char *argv0)
{
	switch (ch) {
	case O_PER_ADDRESS:
		if (!parse_size(optarg, &c->per_address) || c->per_address > 1000) {
			fprintf(stderr, "%s: --per-address wants a number (1–1000)\n", argv0);
			return -1;
		}
		break;
	case O_HEAD_TIMEOUT:
		if (!parse_size(optarg, &c->head_timeout) || c->head_timeout > 3600) {
			fprintf(stderr, "%s: --head-timeout wants seconds (1–3600)\n", argv0);
			return -1;
		}
		break;
	case O_BODY_RATE:
		if (!parse_size(optarg, &c->min_body_rate)) {
			fprintf(stderr, "%s: --min-body-rate wants bytes per second\n", argv0);
			return -1;
		}
		break;
	case O_BODY_BUDGET:
		if (!parse_size(optarg, &c->body_budget_mb) || c->body_budget_mb > 65536) {
			fprintf(stderr, "%s: --body-budget-mb wants a number of MB\n", argv0);
			return -1;
		}
		break;
	case O_MIN_FREE:
		if (!parse_size(optarg, &c->min_free_mb)) {
			fprintf(stderr, "%s: --min-free-mb wants a number of MB\n", argv0);
			return -1;
		}
		break;
	case O_LOG_FILE:
		c->log_file = optarg;
		break;
	case O_PROXY:
		c->trusted_proxy = optarg;
		break;
	case O_USER:
		c->user = optarg;
		break;
	case O_NO_SANDBOX:
		c->no_sandbox = true;
		break;
	default:
		return -1;
	}
	return 0;
}

/* Applies one option to c. Returns 0, -1 on a bad value or an unknown option (after a
 * message naming argv0), -2 for --help. */
static int
apply_option(struct app_config *c, int ch, const char *argv0)
{
	switch (ch) {
	case 'd':
		c->data_dir = optarg;
		break;
	case 'l':
		c->listen = optarg;
		break;
	case O_DATABASE:
		c->database = optarg;
		break;
	case 'n':
		c->name = optarg;
		break;
	case 'r':
		c->role = optarg;
		break;
	case 'q':
		c->quiet = true;
		break;
	case 'h':
		return -2;
	case O_BASE:
		c->base_url = optarg;
		break;
	case O_SMTP:
		c->smtp_url = optarg;
		break;
	case O_FROM:
		c->mail_from = optarg;
		break;
	case O_TLS:
		c->smtp_starttls = true;
		break;
	case O_SECURE:
		c->secure_cookies = true;
		break;
	case O_THREADS:
		c->threads = (unsigned)strtoul(optarg, NULL, 10);
		break;
	case O_COST:
		c->pwhash_cost = optarg;
		break;
	case O_ORG:
		c->organisation = strtol(optarg, NULL, 10);
		break;
	case O_BODY:
		if (!parse_size(optarg, &c->max_body)) {
			fprintf(stderr, "%s: --max-body wants a number of bytes\n", argv0);
			return -1;
		}
		break;
	case O_UPLOAD:
		if (!parse_size(optarg, &c->max_upload_mb) || c->max_upload_mb > 1024) {
			fprintf(stderr, "%s: --max-upload-mb wants a number of MB (1–1024)\n",
			        argv0);
			return -1;
		}
		break;
	case O_ATTACHMENTS:
		if (!parse_size(optarg, &c->max_attachments) || c->max_attachments > 1000) {
			fprintf(stderr, "%s: --max-attachments wants a number (1–1000)\n", argv0);
			return -1;
		}
		break;
	default:
		return apply_limit_option(c, ch, argv0);
	}
	return 0;
}

int
config_parse(struct app_config *c, int argc, char **argv)
{
	defaults(c);
	optind = 1;
	int ch;
	while ((ch = getopt_long(argc, argv, "d:l:n:r:qh", options, NULL)) != -1) {
		int rc = apply_option(c, ch, argv[0]);
		if (rc != 0)
			return rc;
	}
	if (c->database) {
		/* The driver is chosen by the address (store_open): only PostgreSQL's here. */
		if (!store_is_server_address(c->database) ||
		    strlen(c->database) >= sizeof c->db_path) {
			fprintf(stderr, "%s: --database wants a postgresql://… address\n", argv[0]);
			return -1;
		}
		snprintf(c->db_path, sizeof c->db_path, "%s", c->database);
	} else {
		snprintf(c->db_path, sizeof c->db_path, "%s/leuchtturm.db", c->data_dir);
	}
	snprintf(c->outbox_dir, sizeof c->outbox_dir, "%s/outbox", c->data_dir);
	snprintf(c->files_dir, sizeof c->files_dir, "%s/files", c->data_dir);
	return optind;
}

int
config_prepare(struct app_config *c)
{
	if (strcmp(c->pwhash_cost, "min") == 0)
		user_set_pwhash_cost(PWHASH_MIN);
	else if (strcmp(c->pwhash_cost, "moderate") == 0)
		user_set_pwhash_cost(PWHASH_MODERATE);
	else if (strcmp(c->pwhash_cost, "interactive") != 0) {
		fprintf(stderr, "unknown password hash cost '%s'\n", c->pwhash_cost);
		return -1;
	}
	if (mkdir(c->data_dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "cannot create data folder %s: %s\n", c->data_dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Sets path to mode when it allows more; a file that does not exist is fine. */
static int
tighten(const char *path, mode_t mode, FILE *out)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if ((st.st_mode & 0777 & ~mode) == 0)
		return 0;
	if (chmod(path, mode) != 0) {
		fprintf(stderr, "cannot restrict access to %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(out, "tightened %s from %04o to %04o\n", path, (unsigned)(st.st_mode & 0777),
	        (unsigned)mode);
	return 0;
}

int
config_tighten(const struct app_config *c, FILE *out)
{
	if (c->database) /* the server's files are the server's business */
		return tighten(c->data_dir, 0700, out) ? -1 : 0;
	char wal[sizeof c->db_path + 8], shm[sizeof c->db_path + 8];
	snprintf(wal, sizeof wal, "%s-wal", c->db_path);
	snprintf(shm, sizeof shm, "%s-shm", c->db_path);
	int rc = tighten(c->data_dir, 0700, out);
	rc |= tighten(c->db_path, 0600, out);
	rc |= tighten(wal, 0600, out);
	rc |= tighten(shm, 0600, out);
	return rc ? -1 : 0;
}

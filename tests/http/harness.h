/* The HTTP test harness: runs the real leuchtturm binary on an ephemeral port in a
 * temporary data folder and talks to it with libcurl, one cookie jar per client. */
#ifndef TESTS_HTTP_HARNESS_H
#define TESTS_HTTP_HARNESS_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The accounts `leuchtturm demo` creates. */
#define DEMO_PASSWORD "Leuchtturm-Demo"
#define DEMO_ADMIN "koordination@iq-demo.example"
#define DEMO_BOARD "gremium@iq-demo.example"
#define DEMO_SUBMITTER "projekt@iq-demo.example"
#define DEMO_ADMIN_NAME "Katrin Vogel"
#define DEMO_BOARD_NAME "Dr. Jonas Albrecht"
#define DEMO_SUBMITTER_NAME "Aylin Demir"

/* ---- the server ---- */

struct srv {
	/* Set before srv_start if wanted: extra arguments for `serve`, NULL-terminated. */
	const char *serve_args[8];
	/* Set before srv_start if wanted: the user the data folder is given to (chown -R)
	 * before `serve` starts, for tests of --user. */
	const char *owner;
	/* Filled by srv_start. */
	char dir[256]; /* the temporary data folder (also holds the log) */
	char db[300];  /* DIR/leuchtturm.db, or on PostgreSQL the database's address */
	char log[300]; /* DIR/server.log: the server's stdout and stderr */
	char base[64]; /* "http://127.0.0.1:PORT" */
	unsigned port;
	pid_t pid;      /* 0 once the server has been reaped */
	int status;     /* wait status once reaped */
	long last_mail; /* highest outbox number srv_wait_mail has returned */
};

/* Makes a temporary data folder holding what `leuchtturm init` and `leuchtturm demo` make
 * (binary from $LEUCHTTURM_BIN): the first start of a process runs them once into a
 * template folder (removed when the process exits), every start copies that. Then starts
 * `leuchtturm serve` on 127.0.0.1:0 with the minimum password hash cost and waits (at most
 * 60 s) for it to announce its port. Returns 0, or -1 (with a
 * message and the log on stderr) after removing what it made. */
int srv_start(struct srv *s);

/* Sends SIGTERM, waits (at most 60 s, then SIGKILL), removes the data folder unless
 * $LEUCHTTURM_KEEP is set. Returns 0 when the server exited with status 0, else -1 (and
 * prints the log). Safe to call twice. */
int srv_stop(struct srv *s);

/* Stops the server (SIGTERM, waiting for its exit with status 0) and starts `serve` again on
 * the same data folder, with a new port (s->base changes) and a new log (the old one is
 * overwritten); clients ask s->base on every request, so they follow it with their cookies.
 * Returns 0, or -1 (with the log on stderr). */
int srv_restart(struct srv *s);

/* Sends a signal to the server. */
int srv_signal(struct srv *s, int sig);

/* Waits at most timeout_ms for the server to exit. Returns its exit status (0..255), -2 for
 * death by a signal, -1 when it is still running. */
int srv_wait_exit(struct srv *s, int timeout_ms);

/* True once the server's log contains needle; polls for at most timeout_ms (0: look once). */
bool srv_log_wait(struct srv *s, const char *needle, int timeout_ms);
/* The scheduler's rounds since the server started (from /healthz; -1 when unreadable),
 * and a bounded wait (a minute) until there have been at least n: with a short
 * LEUCHTTURM_SCHEDULE_SECONDS, "nothing more happens while it keeps running" is checked
 * after a few more rounds, not after a fixed time. */
long srv_scheduler_runs(struct srv *s);
void srv_wait_scheduler_runs(struct srv *s, long n);

/* Runs `leuchtturm CMD --data DIR --pwhash-cost min ARGS...` (NULL-terminated), with input
 * on standard input (may be NULL). *output (may be NULL) gets stdout and stderr together,
 * malloc'd. Returns the exit status, or -1. */
int srv_cli(struct srv *s, const char *input, char **output, const char *cmd, ...)
    __attribute__((sentinel));

/* Runs `sqlite3 DB SQL` on the server's database, on PostgreSQL `psql -At` (rows print
 * alike: columns split by |; booleans as t/f, though; SQLite's group_concat, printf with one
 * integer, strftime with 'unixepoch' or 'now', unixepoch(), json_extract(j, '$.key') and
 * json_array_length(j, '$.key') work there too, for psql only; ".dump" runs pg_dump).
 * Returns the exit status; output as above. */
int srv_sql(struct srv *s, const char *sql, char **output);

/* Whether the servers run on PostgreSQL: LEUCHTTURM_TEST_DATABASE_URL names a cluster's
 * administrative address (tests/pg/run.sh and tests/pg/suite.sh set it); each server then
 * gets a database of its own, copied from a template that init and demo filled. */
bool srv_pg(void);
/* Whether this server's database is PostgreSQL's. */
bool srv_on_pg(const struct srv *s);

/* Runs argv (argv[0] looked up in PATH when it has no slash). Bounded to 120 s. */
int run_cmd(const char *const argv[], const char *input, char **output);

/* Polls DIR/outbox (at most timeout_ms) for a new .eml file addressed to `to` that no
 * earlier call returned. Returns the message, its body decoded from quoted-printable and
 * its line ends made "\n" (malloc'd), or NULL. */
char *srv_wait_mail(struct srv *s, const char *to, int timeout_ms);

/* Number of .eml files in DIR/outbox. */
int srv_mail_count(struct srv *s);

/* The path of the first link in text whose path starts with prefix ("/passwort-neu/"),
 * up to the next white space, malloc'd; NULL when there is none. */
char *mail_link(const char *text, const char *prefix);

/* ---- a browser: a cookie jar and one connection that is kept alive ---- */

struct resp {
	long status;
	char *headers; /* the header block of the final response, "\r\n" separated */
	char *body;    /* NUL-terminated */
	size_t body_len;
	long num_connects; /* connections this transfer had to open; 0: one was reused */
	int curl_code;     /* CURLcode of the transfer, 0 on success */
	/* The header lines split into names and values (use resp_header). */
	struct {
		const char *name, *value;
	} hdr[64];
	int nhdr;
	char *hbuf;
};

struct req {
	const char *method;         /* NULL: GET; "HEAD" asks for no body */
	const char *path;           /* the request target, sent as it is */
	const char *const *headers; /* extra header lines, NULL-terminated, or NULL */
	const char *body;           /* NULL: no body */
	size_t body_len;            /* 0: strlen(body) */
	const char *content_type;   /* NULL with a body: application/x-www-form-urlencoded */
};

struct client;

struct client *client_new(struct srv *s);
void client_free(struct client *c);
/* Adds a header line ("Accept-Language: en") sent with every later request. */
void client_header(struct client *c, const char *line);
/* Sends every later request from this loopback address ("127.0.0.2") instead of
 * 127.0.0.1, so the server sees another client address. */
void client_source(struct client *c, const char *address);
/* A cookie's value from the jar, or NULL; valid until the next call on this client. */
const char *client_cookie(struct client *c, const char *name);
/* Puts a cookie into the jar, as if the server had set it. */
void client_set_cookie(struct client *c, const char *name, const char *value);
/* The value of the first _csrf field of the last HTML page this client received, or NULL. */
const char *client_csrf(struct client *c);
/* The last HTML page this client received ("" before any). */
const char *client_page(struct client *c);

/* Each returns the status (or -1 when the transfer failed) and fills *r; free with
 * resp_free. Redirects are never followed. */
long http_request(struct client *c, const struct req *q, struct resp *r);
long http_get(struct client *c, const char *path, struct resp *r);
long http_post_form(struct client *c, const char *path, const char *form, struct resp *r);
/* Like http_post_form, with "_csrf=TOKEN" of the last page appended to form. */
long http_post_csrf(struct client *c, const char *path, const char *form, struct resp *r);
void resp_free(struct resp *r);
/* Writes r's body to the server's folder as name and returns the path (a test's string;
 * fails the test when it cannot be written): for the tools that read a file. */
const char *resp_save(struct srv *s, const struct resp *r, const char *name);
/* Whether r's body (any bytes, a PDF's too) holds needle. */
bool resp_has_bytes(const struct resp *r, const char *needle);

/* The value of the n-th header called name (case-insensitive), or NULL; valid while r is. */
const char *resp_header_n(struct resp *r, const char *name, int n);
static inline const char *
resp_header(struct resp *r, const char *name)
{
	return resp_header_n(r, name, 0);
}
/* The Set-Cookie header value that sets cookie `name`, or NULL. */
const char *resp_set_cookie(struct resp *r, const char *name);

/* GET /anmelden, POST the form with its _csrf, expect 303 to /start, then GET /start (so the
 * client holds a token bound to its new session). Returns 0, or -1 with a message. */
int login(struct client *c, const char *email, const char *password);

/* ---- for cmocka tests: these fail the running test when something goes wrong ---- */

/* The number sqlite3 prints for a one-value query on the server's database (psql's t and f
 * read as 1 and 0). */
long srv_sql_long(struct srv *s, const char *sql);
/* What sqlite3 prints for the query, without the final line ends, malloc'd. */
char *srv_sql_text(struct srv *s, const char *sql);
/* The first line sqlite3 prints for the query; lives as tstr's strings do. */
const char *srv_sql_value(struct srv *s, const char *sql);
/* Runs SQL on the server's database; fails with sqlite3's message when it refuses. */
void srv_sql_exec(struct srv *s, const char *sql);

/* Publishes (publish) or unpublishes practice slug as the office does, through its pages
 * (POST /admin/praxis/:id/veroeffentlichen or …/zurueckziehen): the text index follows a
 * practice's status in triggers that need the server's tokenizer, which the sqlite3 shell
 * lacks. Fails unless the page answers with a redirect. */
void srv_practice_status(struct srv *s, const char *slug, bool publish);

/* The id of the first call in this phase ("open"), of the first proposal in this state. */
long srv_first_call(struct srv *s, const char *phase);
long srv_first_proposal(struct srv *s, const char *state);

/* Switches the account to English (its language wins over the browser's), logs it in on a
 * new client that also asks for English, and returns the client. */
struct client *login_english(struct srv *s, const char *email, const char *password);

/* ---- the route table, read from the source ---- */

struct route_row {
	char method[8];
	char pattern[128];
	char access[64]; /* as written in routes.c: "ANY", "LOGIN", "ROLE_BOARD | ADMIN" … */
	bool csrf;
};

/* What an access column of routes.c means, as a set of these bits. */
enum {
	ACC_PUBLIC = 1 << 0,    /* ANY: everyone */
	ACC_ANON = 1 << 1,      /* ANON: only without a login */
	ACC_SUBMITTER = 1 << 2, /* logged in with one of these roles (LOGIN: all three) */
	ACC_BOARD = 1 << 3,
	ACC_ADMIN = 1 << 4,
	ACC_UNKNOWN = 1 << 5, /* a word the tests do not know */
};
unsigned route_access(const char *access);

/* An address for a pattern: each ":param" becomes 999999 (":slug.pdf": "999999.pdf").
 * Lives as tstr's strings do. */
const char *route_example_path(const char *pattern);

/* Reads the rows of THE route table from $LEUCHTTURM_SRC/src/routes.c, so the tests notice
 * a route they do not cover. Returns the number of rows, or -1. */
int routes_read(struct route_row *rows, int max);

/* ---- text helpers ---- */

/* True when html contains text escaped as the server escapes text (& < > " '). */
bool html_has(const char *html, const char *text);
/* The part of s from the first `from` up to the next `to` (both included), malloc'd, or NULL. */
char *str_between(const char *s, const char *from, const char *to);
/* printf into a string that lives until tstr_free_all (srv_stop calls it). */
const char *tstr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A form value, percent-encoded; lives as tstr's strings do. */
const char *tenc(const char *value);
void tstr_free_all(void);

/* ---- assertions for cmocka tests (macros: expanded where cmocka.h is included) ---- */

/* Prints the response (status, headers, start of the body) to help read a failure. */
void resp_dump(const struct resp *r);

#define assert_status(r, want)                                                                     \
	do {                                                                                       \
		if ((r)->status != (want))                                                         \
			resp_dump(r);                                                              \
		assert_int_equal((r)->status, (want));                                             \
	} while (0)

#define assert_location(r, want)                                                                   \
	do {                                                                                       \
		const char *loc_ = resp_header((r), "Location");                                   \
		if (!loc_ || strcmp(loc_, (want)) != 0)                                            \
			resp_dump(r);                                                              \
		assert_non_null(loc_);                                                             \
		assert_string_equal(loc_, (want));                                                 \
	} while (0)

#define assert_redirect(r, want)                                                                   \
	do {                                                                                       \
		assert_status((r), 303);                                                           \
		assert_location((r), (want));                                                      \
	} while (0)

#define assert_body_has(r, text)                                                                   \
	do {                                                                                       \
		if (!strstr((r)->body, (text))) {                                                  \
			resp_dump(r);                                                              \
			fail_msg("the body lacks \"%s\"", (text));                                 \
		}                                                                                  \
	} while (0)

#define assert_body_lacks(r, text)                                                                 \
	do {                                                                                       \
		if (strstr((r)->body, (text))) {                                                   \
			resp_dump(r);                                                              \
			fail_msg("the body contains \"%s\"", (text));                              \
		}                                                                                  \
	} while (0)

/* Skips the running test on PostgreSQL, saying why: for tests of SQLite itself (its
 * file, its journal, its shell). */
#define SKIP_ON_PG(why)                                                                            \
	do {                                                                                       \
		if (srv_pg()) {                                                                    \
			print_message("skipped on PostgreSQL: %s\n", (why));                       \
			skip();                                                                    \
		}                                                                                  \
	} while (0)

/* Fixtures: a server per test (state points to a struct srv). */
int srv_setup(void **state);
int srv_teardown(void **state);

#endif

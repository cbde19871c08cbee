/* The HTTP test harness: the server in a temporary folder, a libcurl client with its own
 * cookie jar, the outbox, the CLI, and small text helpers. */
#include "harness.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <stddef.h>
#include <cmocka.h>

/* Ceilings on waits for a condition, not expected durations: a wait ends as soon as its
 * condition holds, so they can be generous enough to hold on a machine that runs a second
 * test suite beside this one. */
#define CMD_TIMEOUT_MS 120000
#define START_TIMEOUT_MS 60000
/* The server grants requests in flight 10 s on shutdown; under load it may take longer. */
#define STOP_TIMEOUT_MS 60000
/* After SIGKILL only the kernel has to act. */
#define KILL_TIMEOUT_MS 10000
/* One HTTP transfer. */
#define REQUEST_TIMEOUT_S 120L

/* ---- small utilities ---- */

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "harness: out of memory\n");
		abort();
	}
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct sbuf {
	char *data;
	size_t len, cap;
};

static void
sbuf_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			abort();
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static char *
sbuf_take(struct sbuf *b)
{
	if (!b->data)
		sbuf_add(b, "", 0);
	char *d = b->data;
	*b = (struct sbuf){0};
	return d;
}

static int64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct sbuf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sbuf_add(&b, chunk, n);
	fclose(f);
	return sbuf_take(&b);
}

/* ---- strings that live until the end of a test ---- */

static char **pool;
static size_t npool, cappool;

static const char *
pool_keep(char *s)
{
	if (npool == cappool) {
		cappool = cappool ? cappool * 2 : 64;
		pool = realloc(pool, cappool * sizeof *pool);
		if (!pool)
			abort();
	}
	pool[npool++] = s;
	return s;
}

const char *
tstr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	return pool_keep(s);
}

const char *
tenc(const char *value)
{
	struct sbuf b = {0};
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		char tok[4];
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			snprintf(tok, sizeof tok, "%c", *p);
		else if (*p == ' ')
			snprintf(tok, sizeof tok, "+");
		else
			snprintf(tok, sizeof tok, "%%%02X", *p);
		sbuf_add(&b, tok, strlen(tok));
	}
	return pool_keep(sbuf_take(&b));
}

void
tstr_free_all(void)
{
	for (size_t i = 0; i < npool; i++)
		free(pool[i]);
	npool = 0;
}

bool
html_has(const char *html, const char *text)
{
	struct sbuf b = {0};
	for (const char *p = text; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		}
		if (rep)
			sbuf_add(&b, rep, strlen(rep));
		else
			sbuf_add(&b, p, 1);
	}
	char *needle = sbuf_take(&b);
	bool found = html && strstr(html, needle) != NULL;
	free(needle);
	return found;
}

char *
str_between(const char *s, const char *from, const char *to)
{
	const char *a = s ? strstr(s, from) : NULL;
	if (!a)
		return NULL;
	const char *b = strstr(a + strlen(from), to);
	if (!b)
		return NULL;
	return xstrndup(a, (size_t)(b + strlen(to) - a));
}

/* ---- running commands ---- */

static const char *
binary(void)
{
	const char *bin = getenv("LEUCHTTURM_BIN");
	return bin && *bin ? bin : "build/leuchtturm";
}

int
run_cmd(const char *const argv[], const char *input, char **output)
{
	int in[2], out[2];
	if (output)
		*output = NULL;
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (input) {
		/* Inputs are a line or two: well below the pipe's buffer. */
		ssize_t w = write(in[1], input, strlen(input));
		(void)w;
	}
	close(in[1]);
	struct sbuf b = {0};
	int64_t deadline = now_ms() + CMD_TIMEOUT_MS;
	for (;;) {
		struct pollfd pfd = {out[0], POLLIN, 0};
		int left = (int)(deadline - now_ms());
		if (left <= 0 || poll(&pfd, 1, left) <= 0) {
			fprintf(stderr, "harness: %s did not finish in time\n", argv[0]);
			kill(pid, SIGKILL);
			break;
		}
		char chunk[4096];
		ssize_t n = read(out[0], chunk, sizeof chunk);
		if (n <= 0)
			break;
		sbuf_add(&b, chunk, (size_t)n);
	}
	close(out[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	char *text = sbuf_take(&b);
	if (output)
		*output = text;
	else
		free(text);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int
srv_cli(struct srv *s, const char *input, char **output, const char *cmd, ...)
{
	const char *argv[32] = {binary(), cmd, "--data", s->dir, "--pwhash-cost", "min"};
	size_t n = 6;
	if (srv_on_pg(s)) {
		argv[n++] = "--database";
		argv[n++] = s->db;
	}
	va_list ap;
	va_start(ap, cmd);
	const char *a;
	while ((a = va_arg(ap, const char *)) && n < 31)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return run_cmd(argv, input, output);
}

static int pg_sql(const char *url, const char *sql, char **output);

int
srv_sql(struct srv *s, const char *sql, char **output)
{
	if (srv_on_pg(s))
		return pg_sql(s->db, sql, output);
	/* The server writes at the same time (scheduler, mail, sessions): wait for its lock
	 * instead of failing with SQLITE_BUSY (exit 5). */
	const char *argv[] = {"sqlite3", "-cmd", ".timeout 20000", s->db, sql, NULL};
	return run_cmd(argv, NULL, output);
}

/* ---- the server ---- */

static void
print_log(struct srv *s)
{
	char *log = read_file(s->log);
	fprintf(stderr, "---- server log %s ----\n%s---- end of log ----\n", s->log,
	        log ? log : "(none)\n");
	free(log);
}

/* ---- PostgreSQL: a database per server, copied from a template ---- */

/* With LEUCHTTURM_TEST_DATABASE_URL (an administrative address of a cluster, as
 * tests/pg/cluster.sh prints it: postgresql:///postgres with PGHOST and PGUSER set), each
 * server gets a database of its own, CREATE DATABASE … TEMPLATE of one that `init` and
 * `demo` filled, dropped when the server stops; `serve` and the CLI get --database, and
 * srv_sql runs psql. Copying a database takes a fraction of a second where init and demo
 * on PostgreSQL take several; with LEUCHTTURM_TEST_PG_SHARED (a folder, tests/pg/suite.sh
 * sets it) the template is made once for all programs of a run, under a lock in that
 * folder, else once per program. */
static const char *
pg_admin_url(void)
{
	const char *u = getenv("LEUCHTTURM_TEST_DATABASE_URL");
	return u && *u ? u : NULL;
}

bool
srv_pg(void)
{
	return pg_admin_url() != NULL;
}

bool
srv_on_pg(const struct srv *s)
{
	return strncmp(s->db, "postgresql:", 11) == 0;
}

/* The address of database name on the administrative address's server: its path (the
 * database) replaced, its host, port and parameters kept. */
static void
pg_url(char *out, size_t n, const char *name)
{
	const char *u = pg_admin_url();
	const char *host = strstr(u, "://");
	host = host ? host + 3 : u;
	size_t pre = strcspn(host, "/?") + (size_t)(host - u);
	const char *query = strchr(u + pre, '?');
	snprintf(out, n, "%.*s/%s%s", (int)pre, u, name, query ? query : "");
}

/* SQLite's functions the tests' SQL uses, for psql only: in a schema of their own that the
 * server's connections do not search, so a query of the server that needs them still
 * fails as it would in production. */
static const char pg_shims[] =
    "CREATE SCHEMA lt_test;"
    "CREATE FUNCTION lt_test.gc_step(acc text, v anyelement, sep text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN "
    "v::text ELSE acc || sep || v::text END$$;"
    "CREATE FUNCTION lt_test.gc_step(acc text, v anyelement) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$SELECT lt_test.gc_step(acc, v, ',')$$;"
    "CREATE AGGREGATE lt_test.group_concat(anyelement, text) "
    "(sfunc = lt_test.gc_step, stype = text);"
    "CREATE AGGREGATE lt_test.group_concat(anyelement) (sfunc = lt_test.gc_step, stype = text);"
    /* printf with one integer: %d, %Nd, %0Nd. */
    "CREATE FUNCTION lt_test.printf(fmt text, v bigint) RETURNS text LANGUAGE plpgsql "
    "IMMUTABLE AS $$DECLARE m text[]; s text := v::text; w int; BEGIN "
    "m := regexp_match(fmt, '%(0?)([0-9]*)d'); IF m IS NULL THEN RETURN fmt; END IF; "
    "w := coalesce(nullif(m[2], '')::int, 0); "
    "IF length(s) < w THEN s := lpad(s, w, CASE WHEN m[1] = '0' THEN '0' ELSE ' ' END); "
    "END IF; RETURN regexp_replace(fmt, '%0?[0-9]*d', s); END$$;"
    /* strftime(format, seconds, 'unixepoch') with %Y %m %d %H %M %S, in UTC. */
    "CREATE FUNCTION lt_test.strftime(fmt text, t bigint, modifier text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$SELECT to_char(to_timestamp(t) AT TIME ZONE 'UTC', "
    "replace(replace(replace(replace(replace(replace(fmt, '%Y', 'YYYY'), '%m', 'MM'), "
    "'%d', 'DD'), '%H', 'HH24'), '%M', 'MI'), '%S', 'SS'))$$;"
    /* strftime('%s', 'now'): the seconds, as a number (SQLite's text is one there). */
    "CREATE FUNCTION lt_test.strftime(fmt text, v text) RETURNS bigint LANGUAGE sql "
    "STABLE AS $$SELECT CAST(extract(epoch FROM now()) AS bigint)$$;"
    "CREATE FUNCTION lt_test.unixepoch() RETURNS bigint LANGUAGE sql STABLE AS "
    "$$SELECT CAST(extract(epoch FROM now()) AS bigint)$$;"
    /* json_extract(json, '$.key'), as text. */
    "CREATE FUNCTION lt_test.json_extract(j text, path text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$SELECT j::json #>> string_to_array(substr(path, 3), '.')$$;"
    /* json_array_length(json, '$.key'). */
    "CREATE FUNCTION lt_test.json_array_length(j text, path text) RETURNS int "
    "LANGUAGE sql IMMUTABLE AS $$SELECT json_array_length(j::json #> "
    "string_to_array(substr(path, 3), '.'))$$;";

static int
pg_psql(const char *url, const char *sql, char **output)
{
	/* -A -t: rows as sqlite3 prints them, columns split by |, no header. */
	const char *argv[] = {"psql",
	                      "-X",
	                      "-q",
	                      "-A",
	                      "-t",
	                      "-v",
	                      "ON_ERROR_STOP=1",
	                      "-d",
	                      url,
	                      "-c",
	                      "SET search_path = public, lt_test",
	                      "-c",
	                      sql,
	                      NULL};
	return run_cmd(argv, NULL, output);
}

static int
pg_sql(const char *url, const char *sql, char **output)
{
	/* sqlite3's .dump: everything the database holds, as text. */
	if (strcmp(sql, ".dump") == 0) {
		const char *argv[] = {"pg_dump", "--no-owner", "-d", url, NULL};
		return run_cmd(argv, NULL, output);
	}
	return pg_psql(url, sql, output);
}

/* A command on the administrative connection; the message on stderr when it fails. */
static int
pg_admin(const char *sql)
{
	const char *argv[] = {"psql", "-X",           "-q", "-v", "ON_ERROR_STOP=1",
	                      "-d",   pg_admin_url(), "-c", sql,  NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fprintf(stderr, "harness: psql: %s: %s\n", sql, out ? out : "");
	free(out);
	return rc;
}

/* Databases being dropped by a child of ours: waited for at exit. */
static pid_t drops[1024];
static int ndrops;

static void
drops_wait(void)
{
	for (int i = 0; i < ndrops; i++)
		while (waitpid(drops[i], NULL, 0) < 0 && errno == EINTR)
			;
	ndrops = 0;
}

/* Drops the database in the background: a test need not wait for it. */
static void
pg_drop_later(const char *name)
{
	static bool registered;
	if (!registered && atexit(drops_wait) == 0)
		registered = true;
	if (ndrops == (int)(sizeof drops / sizeof *drops))
		drops_wait();
	char sql[200];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %.128s WITH (FORCE)", name);
	pid_t pid = fork();
	if (pid == 0) {
		const char *argv[] = {"psql", "-X", "-q", "-d", pg_admin_url(), "-c", sql, NULL};
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		dup2(null, 1);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid > 0)
		drops[ndrops++] = pid;
}

/* ---- the seeded data folder: `init` + `demo` once per test program ---- */

/* init and demo take about a second; a program starts a server for each of its cases. So
 * the first start of a process seeds a template folder, kept until the process exits, and
 * every start copies it. The copy is what a fresh init + demo gives: the commands have
 * exited, so the database is closed (nothing writes to it while it is copied; a -wal file,
 * should one be left, is copied with it and the pair stays consistent) and every other
 * file and folder (outbox, stored files) comes along as it is. The -shm index is left out:
 * SQLite rebuilds it on the first open. Demo dates are relative to the time of seeding,
 * which is the start of the program (on PostgreSQL with a shared template: of the run). */
static char template_dir[256];
static char template_db[64]; /* PostgreSQL: the template database */
static pid_t template_owner; /* the process that made it: only that one removes it */
static pid_t template_for;   /* the process that made or found it */

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void
template_remove(void)
{
	if (template_dir[0] && template_owner == getpid()) {
		nftw(template_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		if (template_db[0]) {
			char sql[128];
			snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			         template_db);
			pg_admin(sql);
		}
	}
	template_dir[0] = '\0';
	template_db[0] = '\0';
}

/* init + demo into t (its dir exists, its db named); on PostgreSQL also the shims. */
static int
template_fill(struct srv *t)
{
	static const char *const setup[] = {"init", "demo"};
	for (size_t i = 0; i < 2; i++) {
		char *out = NULL;
		int rc = srv_cli(t, NULL, &out, setup[i], NULL);
		if (rc != 0)
			fprintf(stderr, "harness: leuchtturm %s exited with %d:\n%s\n", setup[i],
			        rc, out ? out : "");
		free(out);
		if (rc != 0)
			return -1;
	}
	if (srv_on_pg(t)) {
		char *out = NULL;
		int rc = pg_psql(t->db, pg_shims, &out);
		if (rc != 0)
			fprintf(stderr, "harness: the SQL shims: %s\n", out ? out : "");
		free(out);
		return rc == 0 ? 0 : -1;
	}
	return 0;
}

/* The template made once for all programs of a run (LEUCHTTURM_TEST_PG_SHARED): the
 * first program to get the lock makes it, the others find it ready. */
static int
template_shared(const char *shared)
{
	char lock[300], ready[300];
	snprintf(lock, sizeof lock, "%s/http-template.lock", shared);
	snprintf(template_dir, sizeof template_dir, "%s/http-template", shared);
	snprintf(ready, sizeof ready, "%s/.ready", template_dir);
	snprintf(template_db, sizeof template_db, "lt_http_template");
	template_owner = 0; /* the run's: no program removes it */
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		fprintf(stderr, "harness: cannot lock %s: %s\n", lock, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	int rc = 0;
	if (access(ready, F_OK) != 0) {
		struct srv t = {0};
		snprintf(t.dir, sizeof t.dir, "%s", template_dir);
		pg_url(t.db, sizeof t.db, template_db);
		nftw(template_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		pg_admin("DROP DATABASE IF EXISTS lt_http_template WITH (FORCE)");
		rc = mkdir(template_dir, 0700) != 0 || pg_admin("CREATE DATABASE lt_http_template")
		         ? -1
		         : template_fill(&t);
		int r = rc == 0 ? open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600) : -1;
		if (r < 0)
			rc = -1;
		else
			close(r);
	}
	close(fd); /* and the lock with it */
	if (rc != 0) {
		template_dir[0] = '\0';
		template_db[0] = '\0';
	}
	return rc;
}

static int
template_make(void)
{
	const char *shared = getenv("LEUCHTTURM_TEST_PG_SHARED");
	if (srv_pg() && shared && *shared)
		return template_shared(shared);
	struct srv t = {0};
	snprintf(t.dir, sizeof t.dir, "/tmp/leuchtturm-seed-XXXXXX");
	if (!mkdtemp(t.dir)) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(template_dir, sizeof template_dir, "%s", t.dir);
	template_owner = getpid();
	static bool registered;
	if (!registered && atexit(template_remove) == 0)
		registered = true;
	if (srv_pg()) {
		snprintf(template_db, sizeof template_db, "lt_http_tpl_%d", (int)getpid());
		pg_url(t.db, sizeof t.db, template_db);
		if (pg_admin(tstr("CREATE DATABASE %s", template_db)) != 0) {
			template_db[0] = '\0';
			template_remove();
			return -1;
		}
	}
	if (template_fill(&t) != 0) {
		template_remove();
		return -1;
	}
	return 0;
}

static int
copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	int rc = 0;
	char chunk[65536];
	ssize_t n;
	while (rc == 0 && (n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			rc = errno == EINTR ? 0 : -1;
			continue;
		}
		for (ssize_t done = 0; rc == 0 && done < n;) {
			ssize_t w = write(out, chunk + done, (size_t)(n - done));
			if (w < 0 && errno != EINTR)
				rc = -1;
			else if (w > 0)
				done += w;
		}
	}
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

/* Copies the template's tree into dir (which exists and is empty). */
static int
copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (len > 4 && strcmp(e->d_name + len - 4, "-shm") == 0))
			continue;
		char src[1024], dst[1024];
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
		struct stat st;
		if (lstat(src, &st) != 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = mkdir(dst, st.st_mode & 07777) != 0 ? -1 : copy_tree(src, dst);
		else if (S_ISREG(st.st_mode))
			rc = copy_file(src, dst);
	}
	closedir(d);
	return rc;
}

/* ---- PostgreSQL: the next server's database copied ahead ---- */

/* Copying the template (CREATE DATABASE … TEMPLATE, two checkpoints) is the largest part
 * of a server's start on PostgreSQL (about 0.6 s of a test program's 1–2 s per server on a
 * loaded machine). So from a program's second server on, the copy for the next one is
 * made by a child psql while the current server runs; the next seed waits for it and,
 * should it have failed, copies as before. One left over at exit is dropped then. */
static pid_t ahead_pid;     /* the child making it; 0: none */
static pid_t ahead_for;     /* the process that started it */
static char ahead_name[64]; /* the database it makes */

static const char *
pg_copy_sql(const char *name)
{
	return tstr("CREATE DATABASE %s TEMPLATE %s STRATEGY = FILE_COPY", name, template_db);
}

/* Waits for the copy ahead; true if it made a database (then named in ahead_name). */
static bool
pg_copy_wait(void)
{
	if (ahead_pid <= 0 || ahead_for != getpid())
		return false;
	int status = 0;
	pid_t got;
	while ((got = waitpid(ahead_pid, &status, 0)) < 0 && errno == EINTR)
		;
	ahead_pid = 0;
	return got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void
pg_copy_leftover(void)
{
	if (ahead_for != getpid())
		return;
	if (pg_copy_wait())
		pg_admin(tstr("DROP DATABASE IF EXISTS %s WITH (FORCE)", ahead_name));
	ahead_name[0] = '\0';
}

/* The database name, if the copy ahead made it; else false (a failed one is dropped, in
 * case it got half way). */
static bool
pg_copy_take(const char *name)
{
	if (ahead_pid <= 0 || ahead_for != getpid())
		return false;
	bool ok = pg_copy_wait();
	bool match = strcmp(ahead_name, name) == 0;
	if (!ok || !match)
		pg_admin(tstr("DROP DATABASE IF EXISTS %s WITH (FORCE)", ahead_name));
	ahead_name[0] = '\0';
	return ok && match;
}

static void
pg_copy_ahead(const char *name)
{
	static bool registered;
	if (!registered && atexit(pg_copy_leftover) == 0)
		registered = true;
	if (!registered)
		return;
	const char *sql = pg_copy_sql(name);
	pid_t pid = fork();
	if (pid == 0) {
		const char *argv[] = {"psql", "-X",           "-q", "-v", "ON_ERROR_STOP=1",
		                      "-d",   pg_admin_url(), "-c", sql,  NULL};
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid > 0) {
		ahead_pid = pid;
		ahead_for = getpid();
		snprintf(ahead_name, sizeof ahead_name, "%s", name);
	}
}

/* Fills s->dir with what `init` + `demo` make, from the template (made on first use). */
static int
seed(struct srv *s)
{
	if (!template_dir[0] || template_for != getpid()) {
		template_dir[0] = '\0';
		if (template_make() != 0)
			return -1;
		template_for = getpid();
	}
	if (srv_pg()) {
		static int n;
		char name[64];
		snprintf(name, sizeof name, "lt_http_%d_%d", (int)getpid(), ++n);
		pg_url(s->db, sizeof s->db, name);
		if (!pg_copy_take(name) && pg_admin(pg_copy_sql(name)) != 0)
			return -1;
		/* A program that starts a second server usually starts more (a server per
		 * case): the next one's copy is made while this one runs. */
		if (n >= 2) {
			char next[64];
			snprintf(next, sizeof next, "lt_http_%d_%d", (int)getpid(), n + 1);
			pg_copy_ahead(next);
		}
	}
	if (copy_tree(template_dir, s->dir) != 0) {
		fprintf(stderr, "harness: cannot copy %s to %s: %s\n", template_dir, s->dir,
		        strerror(errno));
		return -1;
	}
	return 0;
}

/* The owner nftw gives each entry to (give_tree). */
static uid_t give_uid;
static gid_t give_gid;

static int
give_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return lchown(path, give_uid, give_gid);
}

/* Gives the folder and all in it to the user; 0 or -1. */
static int
give_tree(const char *dir, const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		fprintf(stderr, "harness: no user %s\n", user);
		return -1;
	}
	give_uid = pw->pw_uid;
	give_gid = pw->pw_gid;
	if (nftw(dir, give_entry, 16, FTW_PHYS) != 0) {
		fprintf(stderr, "harness: cannot give %s to %s: %s\n", dir, user, strerror(errno));
		return -1;
	}
	return 0;
}

static int launch(struct srv *s);

static int
start(struct srv *s)
{
	snprintf(s->dir, sizeof s->dir, "/tmp/leuchtturm-http-XXXXXX");
	if (!mkdtemp(s->dir)) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(s->db, sizeof s->db, "%s/leuchtturm.db", s->dir);
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	s->pid = 0;
	s->status = 0;
	s->last_mail = 0;
	if (seed(s) != 0)
		return -1;
	if (s->owner && give_tree(s->dir, s->owner) != 0)
		return -1;
	return launch(s);
}

/* Starts `serve` on the data folder s->dir and waits for it to announce its port. */
static int
launch(struct srv *s)
{
	const char *argv[24] = {binary(),   "serve",       "--data",        s->dir,
	                        "--listen", "127.0.0.1:0", "--pwhash-cost", "min"};
	size_t n = 8;
	if (srv_on_pg(s)) {
		argv[n++] = "--database";
		argv[n++] = s->db;
	}
	for (size_t i = 0; i < 8 && s->serve_args[i] && n < 23; i++)
		argv[n++] = s->serve_args[i];
	argv[n] = NULL;
	/* The servers of the tests skip the warm-up unless a test asks for it (=1): most start
	 * a server for a few requests, and building the dictionary and the indexes up front
	 * was half of their CPU. What the warm-up does is test_http_catalog_start's, and the
	 * browser and site suites run with it. */
	setenv("LEUCHTTURM_WARM_UP", "0", 0);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* A test that crashes must not leave its server behind. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(1);
		int log = open(s->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (log < 0 || null < 0)
			_exit(126);
		dup2(null, 0);
		dup2(log, 1);
		dup2(log, 2);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	s->pid = pid;

	static const char mark[] = "leuchtturm: listening on http://127.0.0.1:";
	int64_t deadline = now_ms() + START_TIMEOUT_MS;
	while (now_ms() < deadline) {
		char *log = read_file(s->log);
		const char *p = log ? strstr(log, mark) : NULL;
		if (p && strchr(p, '\n')) {
			s->port = (unsigned)strtoul(p + strlen(mark), NULL, 10);
			free(log);
			snprintf(s->base, sizeof s->base, "http://127.0.0.1:%u", s->port);
			return s->port ? 0 : -1;
		}
		free(log);
		if (srv_wait_exit(s, 0) != -1) {
			fprintf(stderr, "harness: the server exited before listening\n");
			print_log(s);
			return -1;
		}
		sleep_ms(10);
	}
	fprintf(stderr, "harness: the server did not announce its port within %d s\n",
	        START_TIMEOUT_MS / 1000);
	print_log(s);
	kill(s->pid, SIGKILL);
	srv_wait_exit(s, KILL_TIMEOUT_MS);
	return -1;
}

int
srv_start(struct srv *s)
{
	if (start(s) == 0)
		return 0;
	/* Leaves nothing behind: no process, no folder. */
	srv_stop(s);
	return -1;
}

int
srv_restart(struct srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		if (srv_wait_exit(s, STOP_TIMEOUT_MS) != 0) {
			fprintf(stderr,
			        "harness: the server did not stop cleanly for its restart\n");
			print_log(s);
			return -1;
		}
	}
	s->status = 0;
	/* The old log names the old port: gone before the new server writes its own, so the
	 * wait for "listening on" cannot read the old one. */
	unlink(s->log);
	return launch(s);
}

int
srv_signal(struct srv *s, int sig)
{
	return s->pid > 0 ? kill(s->pid, sig) : -1;
}

int
srv_wait_exit(struct srv *s, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	while (s->pid > 0) {
		int status;
		pid_t got = waitpid(s->pid, &status, WNOHANG);
		if (got == s->pid) {
			s->pid = 0;
			s->status = status;
			break;
		}
		if (got < 0 && errno != EINTR)
			return -1;
		if (now_ms() >= deadline)
			return -1;
		sleep_ms(10);
	}
	if (WIFEXITED(s->status))
		return WEXITSTATUS(s->status);
	return -2;
}

bool
srv_log_wait(struct srv *s, const char *needle, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	for (;;) {
		char *log = read_file(s->log);
		bool found = log && strstr(log, needle);
		free(log);
		if (found)
			return true;
		if (now_ms() >= deadline)
			return false;
		sleep_ms(20);
	}
}

long
srv_scheduler_runs(struct srv *s)
{
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/healthz", &r);
	const char *p = r.body ? strstr(r.body, "\"runs\":") : NULL;
	long n = p ? strtol(p + strlen("\"runs\":"), NULL, 10) : -1;
	resp_free(&r);
	client_free(c);
	return n;
}

void
srv_wait_scheduler_runs(struct srv *s, long n)
{
	for (int i = 0; i < 3000 && srv_scheduler_runs(s) < n; i++)
		sleep_ms(20);
	assert_true(srv_scheduler_runs(s) >= n);
}

int
srv_stop(struct srv *s)
{
	int rc = 0;
	tstr_free_all();
	if (!s->dir[0])
		return 0;
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		if (srv_wait_exit(s, STOP_TIMEOUT_MS) == -1) {
			fprintf(stderr, "harness: the server did not stop within %d s\n",
			        STOP_TIMEOUT_MS / 1000);
			kill(s->pid, SIGKILL);
			srv_wait_exit(s, KILL_TIMEOUT_MS);
			rc = -1;
		}
	}
	if (!WIFEXITED(s->status) || WEXITSTATUS(s->status) != 0) {
		fprintf(stderr, "harness: the server ended with wait status %#x\n", s->status);
		rc = -1;
	}
	/* On PostgreSQL a query that does not prepare fails each time it runs, with a log line,
	 * where SQLite would have refused to start: a test whose server met one fails. */
	if (srv_on_pg(s) && srv_log_wait(s, "does not run on PostgreSQL", 0)) {
		fprintf(stderr, "harness: the server ran SQL that PostgreSQL refuses\n");
		rc = -1;
	}
	if (rc != 0)
		print_log(s);
	const char *keep = getenv("LEUCHTTURM_KEEP");
	if (keep && *keep) {
		fprintf(stderr, "harness: kept %s%s%s\n", s->dir, srv_on_pg(s) ? " and " : "",
		        srv_on_pg(s) ? s->db : "");
	} else {
		nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		if (srv_on_pg(s)) {
			const char *name = strrchr(s->db, '/');
			char copy[128];
			snprintf(copy, sizeof copy, "%s", name ? name + 1 : "");
			copy[strcspn(copy, "?")] = '\0';
			if (copy[0])
				pg_drop_later(copy);
		}
	}
	s->dir[0] = '\0';
	s->db[0] = '\0';
	return rc;
}

int
srv_setup(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

int
srv_teardown(void **state)
{
	struct srv *s = *state;
	int rc = s ? srv_stop(s) : 0;
	free(s);
	*state = NULL;
	return rc;
}

/* ---- the outbox ---- */

static char *
qp_decode(const char *msg)
{
	struct sbuf b = {0};
	const char *body = strstr(msg, "\r\n\r\n");
	size_t head = body ? (size_t)(body - msg) + 4 : strlen(msg);
	for (size_t i = 0; i < head; i++)
		if (msg[i] != '\r')
			sbuf_add(&b, msg + i, 1);
	for (const char *p = msg + head; *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
		} else if (p[0] == '=' && p[1] && p[2]) {
			char hex[3] = {p[1], p[2], 0};
			char c = (char)strtol(hex, NULL, 16);
			sbuf_add(&b, &c, 1);
			p += 2;
		} else if (p[0] != '\r') {
			sbuf_add(&b, p, 1);
		}
	}
	return sbuf_take(&b);
}

/* Calls fn for each N.eml in the outbox, in the order of N; stops when fn returns true. */
static bool
each_mail(struct srv *s, bool (*fn)(struct srv *, long, const char *, void *), void *arg)
{
	char dir[320];
	snprintf(dir, sizeof dir, "%s/outbox", s->dir);
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return false;
	long ids[1024];
	int nids = 0;
	for (int i = 0; i < n; i++) {
		char *end;
		long id = strtol(names[i]->d_name, &end, 10);
		if (names[i]->d_name[0] != '.' && strcmp(end, ".eml") == 0 && nids < 1024)
			ids[nids++] = id;
		free(names[i]);
	}
	free(names);
	for (int i = 1; i < nids; i++)
		for (int j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			long t = ids[j];
			ids[j] = ids[j - 1];
			ids[j - 1] = t;
		}
	for (int i = 0; i < nids; i++) {
		char path[400];
		snprintf(path, sizeof path, "%s/%ld.eml", dir, ids[i]);
		if (fn(s, ids[i], path, arg))
			return true;
	}
	return false;
}

struct mail_search {
	const char *to;
	char *found;
};

static bool
match_mail(struct srv *s, long id, const char *path, void *arg)
{
	struct mail_search *m = arg;
	if (id <= s->last_mail)
		return false;
	char *msg = read_file(path);
	char want[300];
	snprintf(want, sizeof want, "\r\nTo: %s\r\n", m->to);
	if (msg && strstr(msg, want)) {
		m->found = qp_decode(msg);
		s->last_mail = id;
	}
	free(msg);
	return m->found != NULL;
}

char *
srv_wait_mail(struct srv *s, const char *to, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	struct mail_search m = {to, NULL};
	for (;;) {
		if (each_mail(s, match_mail, &m))
			return m.found;
		if (now_ms() >= deadline)
			return NULL;
		sleep_ms(50);
	}
}

static bool
count_mail(struct srv *s, long id, const char *path, void *arg)
{
	(*(int *)arg)++;
	return false;
}

int
srv_mail_count(struct srv *s)
{
	int n = 0;
	each_mail(s, count_mail, &n);
	return n;
}

char *
mail_link(const char *text, const char *prefix)
{
	const char *p = text ? strstr(text, prefix) : NULL;
	if (!p)
		return NULL;
	size_t n = strcspn(p, " \t\r\n");
	return xstrndup(p, n);
}

/* ---- the route table ---- */

static void
trim_copy(char *out, size_t n, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	snprintf(out, n, "%.*s", (int)len, s);
}

int
routes_read(struct route_row *rows, int max)
{
	const char *src = getenv("LEUCHTTURM_SRC");
	char path[1024];
	snprintf(path, sizeof path, "%s/src/routes.c", src && *src ? src : ".");
	char *text = read_file(path);
	if (!text) {
		fprintf(stderr, "harness: cannot read %s\n", path);
		return -1;
	}
	int n = 0;
	/* A row: {"METHOD", "PATTERN", handler, ACCESS, CSRF_X, keys}. */
	for (const char *p = strstr(text, "{\""); p && n < max; p = strstr(p + 1, "{\"")) {
		struct route_row *row = &rows[n];
		const char *q = p + 2, *e = strchr(q, '"');
		if (!e || e - q >= (long)sizeof row->method)
			continue;
		snprintf(row->method, sizeof row->method, "%.*s", (int)(e - q), q);
		q = strchr(e + 1, '"');
		e = q ? strchr(q + 1, '"') : NULL;
		if (!e)
			continue;
		snprintf(row->pattern, sizeof row->pattern, "%.*s", (int)(e - q - 1), q + 1);
		const char *handler = strchr(e, ',');
		const char *access = handler ? strchr(handler + 1, ',') : NULL;
		const char *csrf = access ? strchr(access + 1, ',') : NULL;
		if (!csrf)
			continue;
		trim_copy(row->access, sizeof row->access, access + 1, (size_t)(csrf - access - 1));
		csrf += strspn(csrf + 1, " \t\r\n") + 1; /* a row may go on on the next line */
		row->csrf = strncmp(csrf, "CSRF_YES", 8) == 0;
		if (row->pattern[0] == '/')
			n++;
	}
	free(text);
	return n;
}

const char *
route_example_path(const char *pattern)
{
	struct sbuf b = {0};
	for (const char *p = pattern; *p;) {
		if (*p == ':') {
			sbuf_add(&b, "999999", 6);
			p += strcspn(p, "/.");
		} else {
			sbuf_add(&b, p++, 1);
		}
	}
	return pool_keep(sbuf_take(&b));
}

unsigned
route_access(const char *access)
{
	unsigned bits = 0;
	char copy[64];
	snprintf(copy, sizeof copy, "%s", access);
	for (char *save = NULL, *tok = strtok_r(copy, "| ", &save); tok;
	     tok = strtok_r(NULL, "| ", &save)) {
		if (strcmp(tok, "ANY") == 0 || strcmp(tok, "ACCESS_PUBLIC") == 0)
			bits |= ACC_PUBLIC;
		else if (strcmp(tok, "ANON") == 0 || strcmp(tok, "ACCESS_ANON") == 0)
			bits |= ACC_ANON;
		else if (strcmp(tok, "LOGIN") == 0 || strcmp(tok, "ACCESS_LOGIN") == 0)
			bits |= ACC_SUBMITTER | ACC_BOARD | ACC_ADMIN;
		else if (strstr(tok, "ADMIN"))
			bits |= ACC_ADMIN;
		else if (strstr(tok, "BOARD"))
			bits |= ACC_BOARD;
		else if (strstr(tok, "SUBMITTER"))
			bits |= ACC_SUBMITTER;
		else
			bits |= ACC_UNKNOWN;
	}
	return bits;
}

/* ---- the client ---- */

struct client {
	struct srv *srv;
	CURL *curl;
	struct curl_slist *headers; /* sent with every request */
	char *page;                 /* the last HTML page */
	char *csrf;                 /* its _csrf value */
	char *cookie;               /* client_cookie's answer */
};

struct client *
client_new(struct srv *s)
{
	struct client *c = calloc(1, sizeof *c);
	if (!c)
		abort();
	c->srv = s;
	c->curl = curl_easy_init();
	if (!c->curl)
		abort();
	/* "": an in-memory jar that starts empty. */
	curl_easy_setopt(c->curl, CURLOPT_COOKIEFILE, "");
	c->page = xstrndup("", 0);
	return c;
}

void
client_free(struct client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free(c->page);
	free(c->csrf);
	free(c->cookie);
	free(c);
}

void
client_header(struct client *c, const char *line)
{
	c->headers = curl_slist_append(c->headers, line);
}

void
client_source(struct client *c, const char *address)
{
	/* "host!" binds to the address itself; any 127.x.y.z reaches the loopback listener. */
	curl_easy_setopt(c->curl, CURLOPT_INTERFACE, tstr("host!%s", address));
}

const char *
client_cookie(struct client *c, const char *name)
{
	struct curl_slist *list = NULL;
	free(c->cookie);
	c->cookie = NULL;
	curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
	for (struct curl_slist *l = list; l; l = l->next) {
		/* Netscape format: domain, tailmatch, path, secure, expires, name, value. */
		const char *f = l->data;
		for (int i = 0; i < 5 && f; i++) {
			f = strchr(f, '\t');
			if (f)
				f++;
		}
		if (!f)
			continue;
		const char *tab = strchr(f, '\t');
		if (tab && (size_t)(tab - f) == strlen(name) &&
		    strncmp(f, name, strlen(name)) == 0) {
			c->cookie = xstrndup(tab + 1, strlen(tab + 1));
			break;
		}
	}
	curl_slist_free_all(list);
	return c->cookie;
}

void
client_set_cookie(struct client *c, const char *name, const char *value)
{
	char line[1024];
	snprintf(line, sizeof line, "127.0.0.1\tFALSE\t/\tFALSE\t0\t%s\t%s", name, value);
	curl_easy_setopt(c->curl, CURLOPT_COOKIELIST, line);
}

const char *
client_csrf(struct client *c)
{
	return c->csrf;
}

const char *
client_page(struct client *c)
{
	return c->page;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	sbuf_add(arg, p, size * n);
	return size * n;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sbuf *b = arg;
	/* A new status line (after 100 Continue) starts the block afresh. */
	if (n * size >= 5 && strncmp(p, "HTTP/", 5) == 0)
		b->len = 0;
	sbuf_add(b, p, size * n);
	return size * n;
}

static void
remember_page(struct client *c, struct resp *r)
{
	const char *type = resp_header(r, "Content-Type");
	if (!type || strncmp(type, "text/html", 9) != 0 || !r->body_len)
		return;
	free(c->page);
	c->page = xstrndup(r->body, r->body_len);
	free(c->csrf);
	c->csrf = NULL;
	static const char mark[] = "name=\"_csrf\" value=\"";
	const char *p = strstr(c->page, mark);
	if (p) {
		p += strlen(mark);
		c->csrf = xstrndup(p, strcspn(p, "\""));
	}
}

/* Splits a copy of the header block into name/value pairs; the status line is skipped. */
static void
split_headers(struct resp *r)
{
	r->hbuf = xstrndup(r->headers, strlen(r->headers));
	char *save = NULL;
	char *line = strtok_r(r->hbuf, "\r\n", &save); /* the status line */
	while ((line = strtok_r(NULL, "\r\n", &save)) && r->nhdr < 64) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		r->hdr[r->nhdr].name = line;
		r->hdr[r->nhdr].value = v;
		r->nhdr++;
	}
}

long
http_request(struct client *c, const struct req *q, struct resp *r)
{
	CURL *h = c->curl;
	memset(r, 0, sizeof *r);
	const char *method = q->method ? q->method : "GET";
	char url[2048];
	snprintf(url, sizeof url, "%s%s", c->srv->base, q->path);

	struct curl_slist *headers = NULL;
	for (struct curl_slist *l = c->headers; l; l = l->next)
		headers = curl_slist_append(headers, l->data);
	for (const char *const *l = q->headers; l && *l; l++)
		headers = curl_slist_append(headers, *l);
	char type[256];
	if (q->body) {
		snprintf(type, sizeof type, "Content-Type: %s",
		         q->content_type ? q->content_type : "application/x-www-form-urlencoded");
		headers = curl_slist_append(headers, type);
		/* A body up to 1 MB goes at once, without waiting for 100 Continue. A larger one
		 * waits for the server's word on the head, as clients do: a body refused by its
		 * head (413) is then never sent, where sending it anyway races the server's close
		 * (the client may get a reset instead of the answer, curl error 55). */
		size_t len = q->body_len ? q->body_len : strlen(q->body);
		if (len <= 1024 * 1024)
			headers = curl_slist_append(headers, "Expect:");
		else
			headers = curl_slist_append(headers, "Expect: 100-continue");
		curl_easy_setopt(h, CURLOPT_EXPECT_100_TIMEOUT_MS, 30000L);
	}

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, REQUEST_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, NULL);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_NOBODY, 0L);
	if (q->body) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(q->body_len ? q->body_len : strlen(q->body)));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, q->body);
	}
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	else if (strcmp(method, "POST") == 0 && !q->body) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
	}

	struct sbuf body = {0}, head = {0};
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &head);
	CURLcode cc = curl_easy_perform(h);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(headers);

	r->curl_code = (int)cc;
	r->body_len = body.len;
	r->body = sbuf_take(&body);
	r->headers = sbuf_take(&head);
	split_headers(r);
	curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &r->num_connects);
	if (cc != CURLE_OK) {
		fprintf(stderr, "harness: %s %s: %s\n", method, q->path, curl_easy_strerror(cc));
		r->status = -1;
		return -1;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	remember_page(c, r);
	return r->status;
}

long
http_get(struct client *c, const char *path, struct resp *r)
{
	return http_request(c, &(struct req){.path = path}, r);
}

long
http_post_form(struct client *c, const char *path, const char *form, struct resp *r)
{
	return http_request(c, &(struct req){.method = "POST", .path = path, .body = form}, r);
}

long
http_post_csrf(struct client *c, const char *path, const char *form, struct resp *r)
{
	char *body = NULL;
	const char *token = c->csrf ? c->csrf : "";
	if (asprintf(&body, "%s%s_csrf=%s", form, *form ? "&" : "", token) < 0)
		abort();
	long status = http_post_form(c, path, body, r);
	free(body);
	return status;
}

void
resp_free(struct resp *r)
{
	free(r->headers);
	free(r->body);
	free(r->hbuf);
	memset(r, 0, sizeof *r);
}

const char *
resp_save(struct srv *s, const struct resp *r, const char *name)
{
	const char *path = tstr("%s/%s", s->dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	return path;
}

bool
resp_has_bytes(const struct resp *r, const char *needle)
{
	size_t n = strlen(needle);
	return n <= r->body_len && memmem(r->body, r->body_len, needle, n) != NULL;
}

const char *
resp_header_n(struct resp *r, const char *name, int n)
{
	for (int i = 0; i < r->nhdr; i++)
		if (strcasecmp(r->hdr[i].name, name) == 0 && n-- == 0)
			return r->hdr[i].value;
	return NULL;
}

const char *
resp_set_cookie(struct resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *v;
	for (int i = 0; (v = resp_header_n(r, "Set-Cookie", i)); i++)
		if (strncmp(v, name, n) == 0 && v[n] == '=')
			return v;
	return NULL;
}

void
resp_dump(const struct resp *r)
{
	fprintf(stderr,
	        "---- response: status %ld (curl %d) ----\n%s%.1500s\n---- end of response ----\n",
	        r->status, r->curl_code, r->headers ? r->headers : "", r->body ? r->body : "");
}

int
login(struct client *c, const char *email, const char *password)
{
	struct resp r;
	int rc = -1;
	if (http_get(c, "/anmelden", &r) != 200 || !c->csrf) {
		fprintf(stderr, "harness: login: GET /anmelden gave %ld\n", r.status);
		goto out;
	}
	resp_free(&r);
	char form[600];
	snprintf(form, sizeof form, "email=%s&password=%s", tenc(email), tenc(password));
	if (http_post_csrf(c, "/anmelden", form, &r) != 303) {
		fprintf(stderr, "harness: login of %s: POST /anmelden gave %ld\n", email, r.status);
		goto out;
	}
	const char *loc = resp_header(&r, "Location");
	if (!loc || strcmp(loc, "/start") != 0) {
		fprintf(stderr, "harness: login of %s: redirected to %s\n", email, loc ? loc : "-");
		goto out;
	}
	resp_free(&r);
	if (http_get(c, "/start", &r) != 200) {
		fprintf(stderr, "harness: login of %s: GET /start gave %ld\n", email, r.status);
		goto out;
	}
	rc = 0;
out:
	resp_free(&r);
	return rc;
}

/* ---- for cmocka tests ---- */

/* srv_sql, failing the test with the query and the tool's message when it refuses. */
static char *
sql_or_fail(struct srv *s, const char *sql)
{
	char *out = NULL;
	int rc = srv_sql(s, sql, &out);
	if (rc != 0)
		fail_msg("sql failed (%d): %s\n%s", rc, sql, out ? out : "");
	return out;
}

long
srv_sql_long(struct srv *s, const char *sql)
{
	char *out = sql_or_fail(s, sql);
	/* psql prints a boolean as t or f where sqlite3 prints 1 or 0. */
	if (out && (strcmp(out, "t\n") == 0 || strcmp(out, "f\n") == 0))
		out[0] = out[0] == 't' ? '1' : '0';
	long v = strtol(out ? out : "", NULL, 10);
	free(out);
	return v;
}

char *
srv_sql_text(struct srv *s, const char *sql)
{
	char *out = sql_or_fail(s, sql);
	size_t n = strlen(out);
	while (n && out[n - 1] == '\n')
		out[--n] = '\0';
	return out;
}

const char *
srv_sql_value(struct srv *s, const char *sql)
{
	char *out = sql_or_fail(s, sql);
	out[strcspn(out, "\n")] = '\0';
	const char *v = tstr("%s", out);
	free(out);
	return v;
}

void
srv_sql_exec(struct srv *s, const char *sql)
{
	free(sql_or_fail(s, sql));
}

long
srv_first_call(struct srv *s, const char *phase)
{
	long id = srv_sql_long(
	    s, tstr("SELECT id FROM call WHERE phase = '%s' ORDER BY id LIMIT 1", phase));
	assert_true(id > 0);
	return id;
}

long
srv_first_proposal(struct srv *s, const char *state)
{
	long id = srv_sql_long(
	    s, tstr("SELECT id FROM proposal WHERE state = '%s' ORDER BY id LIMIT 1", state));
	assert_true(id > 0);
	return id;
}

struct client *
login_english(struct srv *s, const char *email, const char *password)
{
	srv_sql_exec(s, tstr("UPDATE user_account SET locale = 'en' WHERE email = '%s'", email));
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: en");
	assert_int_equal(login(c, email, password), 0);
	return c;
}

void
srv_practice_status(struct srv *s, const char *slug, bool publish)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM practice WHERE slug = '%s'", slug));
	assert_true(id > 0);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	long status = http_post_csrf(
	    c, tstr("/admin/praxis/%ld/%s", id, publish ? "veroeffentlichen" : "zurueckziehen"), "",
	    &r);
	if (status != 303)
		resp_dump(&r);
	assert_int_equal(status, 303);
	resp_free(&r);
	client_free(c);
}

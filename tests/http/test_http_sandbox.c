/* Least privilege after start-up (issue #15, point 5): the running server has
 * no-new-privileges and its seccomp allow-list in every thread (unless --no-sandbox), and
 * with --user it runs as that user; under the filter a whole flow still works: pages,
 * log-ins, a search, an upload streamed to disk and downloaded again, a draft saved, PDFs
 * (cairo, pango, fontconfig), XLSX and ZIP exports, mail over SMTP. The filter's refusals
 * themselves: tests/unit/test_sandbox.c. */
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "attachment_fixture.h"
#include "harness.h"

/* The value of a line "NAME:\tVALUE" of /proc/PID[/task/TID]/status, in buf ("" if none). */
static const char *
status_field(const char *file, const char *name, char *buf, size_t size)
{
	buf[0] = '\0';
	FILE *f = fopen(file, "r");
	if (!f)
		return buf;
	char line[256];
	size_t n = strlen(name);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			snprintf(buf, size, "%s", line + n + 1 + strspn(line + n + 1, " \t"));
			buf[strcspn(buf, "\n")] = '\0';
			break;
		}
	}
	fclose(f);
	return buf;
}

static const char *
proc_field(struct srv *s, const char *name, char *buf, size_t size)
{
	return status_field(tstr("/proc/%d/status", (int)s->pid), name, buf, size);
}

/* How many of the server's threads show Seccomp: want, and how many there are. */
static void
threads_seccomp(struct srv *s, const char *want, int *match, int *all)
{
	*match = *all = 0;
	char dir[64];
	snprintf(dir, sizeof dir, "/proc/%d/task", (int)s->pid);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char buf[64];
		(*all)++;
		if (strcmp(status_field(tstr("%s/%s/status", dir, e->d_name), "Seccomp", buf,
		                        sizeof buf),
		           want) == 0)
			(*match)++;
	}
	closedir(d);
}

static void
get_ok(struct client *c, const char *path, const char *magic)
{
	struct resp r;
	long status = http_get(c, path, &r);
	if (status != 200)
		fail_msg("GET %s: %ld", path, status);
	if (magic && (r.body_len < strlen(magic) || memcmp(r.body, magic, strlen(magic)) != 0))
		fail_msg("GET %s: not a %s file", path, magic);
	resp_free(&r);
}

/* What people do, all under the filter: the office's PDFs and exports, a submitter's
 * upload and download, a saved draft, the public catalog with its search and PDF. */
static void
whole_flow(struct srv *s)
{
	struct client *c = client_new(s);
	get_ok(c, "/", NULL);
	get_ok(c, "/praxis?q=Beratung", NULL);
	long call = srv_sql_long(s, "SELECT p.call_id FROM decision d JOIN proposal p ON "
	                            "p.id = d.proposal_id ORDER BY p.id LIMIT 1");
	assert_true(call > 0);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	/* PDFs: cairo, pango and fontconfig; XLSX: libxlsxwriter; ZIP: libzip. */
	get_ok(c, tstr("/admin/ausschreibungen/%ld/protokoll.pdf", call), "%PDF");
	get_ok(c, tstr("/admin/ausschreibungen/%ld/ranking.xlsx", call), "PK");
	get_ok(c, "/konto/daten.zip", "PK");
	client_free(c);

	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	long id = new_draft(s, sub);
	struct resp r;
	assert_int_equal(http_get(sub, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	/* An upload: streamed into a temporary file, checked by libmagic, stored as a blob. */
	assert_int_equal(upload(sub, id, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 303);
	resp_free(&r);
	long aid = srv_sql_long(s, tstr("SELECT id FROM attachment WHERE proposal_id = %ld", id));
	assert_true(aid > 0);
	assert_int_equal(http_get(sub, tstr("/vorschlag/%ld/anhaenge/%ld", id, aid), &r), 200);
	assert_int_equal(r.body_len, sizeof pdf - 1);
	assert_memory_equal(r.body, pdf, sizeof pdf - 1);
	resp_free(&r);
	client_free(sub);

	struct client *anon = client_new(s);
	const char *slug = srv_sql_value(s, "SELECT slug FROM practice WHERE status = "
	                                    "'published' ORDER BY id LIMIT 1");
	assert_true(slug && *slug);
	get_ok(anon, tstr("/praxis/%s.pdf", slug), "%PDF");
	get_ok(anon, "/export/practices.xlsx", "PK");
	client_free(anon);
}

static void
test_filter_on_by_default(void **state)
{
	struct srv s = {0};
	assert_int_equal(srv_start(&s), 0);
	char buf[64];
	assert_string_equal(proc_field(&s, "NoNewPrivs", buf, sizeof buf), "1");
	assert_string_equal(proc_field(&s, "Seccomp", buf, sizeof buf), "2");
	int match, all;
	threads_seccomp(&s, "2", &match, &all);
	assert_true(all > 1);
	assert_int_equal(match, all);
	whole_flow(&s);
	/* Still every thread, also those started for the flow. */
	threads_seccomp(&s, "2", &match, &all);
	assert_int_equal(match, all);
	/* The tests run as root: the server says it stays root. */
	if (getuid() == 0)
		assert_true(srv_log_wait(&s, "warning: running as root", 0));
	assert_int_equal(srv_stop(&s), 0);
}

static void
test_no_sandbox(void **state)
{
	struct srv s = {.serve_args = {"--no-sandbox"}};
	assert_int_equal(srv_start(&s), 0);
	char buf[64];
	assert_string_equal(proc_field(&s, "NoNewPrivs", buf, sizeof buf), "0");
	assert_string_equal(proc_field(&s, "Seccomp", buf, sizeof buf), "0");
	assert_int_equal(srv_stop(&s), 0);
}

/* Under make check's sanitizers LSAN_OPTIONS names a suppressions file in the checkout,
 * which a server running as nobody may not read (a checkout under /root): at exit it
 * would abort for that alone. Gives the server a readable copy instead. */
static char lsan_copy[64];

static void
suppressions_readable_by_all(void)
{
	const char *opts = getenv("LSAN_OPTIONS");
	const char *at = opts ? strstr(opts, "suppressions=") : NULL;
	if (!at)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%.*s", (int)strcspn(at + 13, ":"), at + 13);
	FILE *in = fopen(path, "r");
	char copy[] = "/tmp/leuchtturm-lsan-XXXXXX";
	int fd = mkstemp(copy);
	if (!in || fd < 0) {
		if (in)
			fclose(in);
		return;
	}
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (write(fd, chunk, n) != (ssize_t)n)
			break;
	fclose(in);
	fchmod(fd, 0644);
	close(fd);
	snprintf(lsan_copy, sizeof lsan_copy, "%s", copy);
	setenv("LSAN_OPTIONS", tstr("suppressions=%s", copy), 1);
}

static void
test_user_nobody(void **state)
{
	struct passwd *pw = getpwnam("nobody");
	if (getuid() != 0 || !pw)
		skip();
	unsigned uid = pw->pw_uid;
	suppressions_readable_by_all();
	struct srv s = {.serve_args = {"--user", "nobody"}, .owner = "nobody"};
	assert_int_equal(srv_start(&s), 0);
	char buf[64];
	assert_string_equal(proc_field(&s, "Uid", buf, sizeof buf),
	                    tstr("%u\t%u\t%u\t%u", uid, uid, uid, uid));
	assert_string_equal(proc_field(&s, "Seccomp", buf, sizeof buf), "2");
	assert_false(srv_log_wait(&s, "running as root", 0));

	assert_string_equal(proc_field(&s, "NoNewPrivs", buf, sizeof buf), "1");
	whole_flow(&s);
	assert_int_equal(srv_stop(&s), 0);
	if (lsan_copy[0])
		unlink(lsan_copy);
}

/* A one-message SMTP server on loopback: answers a whole session, keeps the message. */
struct smtp {
	int fd;
	unsigned port;
	char data[4096];
};

static void
smtp_say(int c, const char *line)
{
	ssize_t n = write(c, line, strlen(line));
	(void)n;
}

static void *
smtp_run(void *arg)
{
	struct smtp *m = arg;
	int c = accept(m->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	smtp_say(c, "220 test ESMTP\r\n");
	char buf[8192];
	size_t len = 0;
	bool in_data = false;
	for (;;) {
		ssize_t n = read(c, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		char *end;
		while (!in_data && (end = strstr(buf, "\r\n"))) {
			*end = '\0';
			bool data = strncasecmp(buf, "DATA", 4) == 0,
			     quit = strncasecmp(buf, "QUIT", 4) == 0;
			smtp_say(c, data ? "354 go on\r\n" : quit ? "221 bye\r\n" : "250 ok\r\n");
			len -= (size_t)(end + 2 - buf);
			memmove(buf, end + 2, len + 1);
			if (quit) {
				close(c);
				return NULL;
			}
			in_data = data;
		}
		if (in_data && (end = strstr(buf, "\r\n.\r\n"))) {
			snprintf(m->data, sizeof m->data, "%.*s", (int)(end - buf), buf);
			smtp_say(c, "250 queued\r\n");
			len -= (size_t)(end + 5 - buf);
			memmove(buf, end + 5, len + 1);
			in_data = false;
		}
		if (len >= sizeof buf - 1)
			break;
	}
	close(c);
	return NULL;
}

static void
smtp_listen(struct smtp *m)
{
	m->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(m->fd >= 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof a;
	assert_int_equal(bind(m->fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(m->fd, 4), 0);
	/* A server that never delivers fails the test after a minute instead of hanging it. */
	struct timeval limit = {.tv_sec = 60};
	setsockopt(m->fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
	assert_int_equal(getsockname(m->fd, (struct sockaddr *)&a, &alen), 0);
	m->port = ntohs(a.sin_port);
}

/* Mail through libcurl, with the name "localhost" resolved, from under the filter and as
 * nobody: the queued message reaches the SMTP server and is marked sent. */
static void
test_smtp_under_filter(void **state)
{
	bool root = getuid() == 0 && getpwnam("nobody");
	struct smtp m = {0};
	smtp_listen(&m);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, smtp_run, &m), 0);
	char url[64];
	snprintf(url, sizeof url, "smtp://localhost:%u", m.port);
	struct srv s = {.serve_args = {"--smtp-url", url, root ? "--user" : NULL, "nobody"},
	                .owner = root ? "nobody" : NULL};
	assert_int_equal(srv_start(&s), 0);
	char buf[64];
	assert_string_equal(proc_field(&s, "Seccomp", buf, sizeof buf), "2");
	srv_sql_exec(&s, "INSERT INTO outbox(to_addr, subject, body, next_attempt_at, created_at) "
	                 "VALUES ('sandbox@example.org', 'Sandbox', 'Hallo', 0, 0)");
	/* The delivery thread wakes every 2 s; joined once the SMTP session has ended. */
	assert_int_equal(pthread_join(t, NULL), 0);
	close(m.fd);
	assert_non_null(strstr(m.data, "To: sandbox@example.org"));
	assert_int_equal(srv_stop(&s), 0);
}

/* A data folder the user cannot write: the server refuses to start, and says why. */
static void
test_user_without_data_folder(void **state)
{
	if (getuid() != 0 || !getpwnam("nobody"))
		skip();
	struct srv s = {.serve_args = {"--user", "nobody"}};
	assert_int_equal(srv_start(&s), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_filter_on_by_default),
	    cmocka_unit_test(test_no_sandbox),
	    cmocka_unit_test(test_user_nobody),
	    cmocka_unit_test(test_user_without_data_folder),
	    cmocka_unit_test(test_smtp_under_filter),
	};
	return cmocka_run_group_tests_name("http_sandbox", tests, NULL, NULL);
}

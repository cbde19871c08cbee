/* Least privilege after start-up (issue #15, point 5): the running server has
 * no-new-privileges and its seccomp filter in every thread (unless --no-sandbox), and with
 * --user it runs as that user and still answers pages, log-ins and PDFs. The filter's
 * refusals themselves: tests/unit/test_sandbox.c. */
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

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

static void
test_user_nobody(void **state)
{
	struct passwd *pw = getpwnam("nobody");
	if (getuid() != 0 || !pw)
		skip();
	unsigned uid = pw->pw_uid;
	struct srv s = {.serve_args = {"--user", "nobody"}, .owner = "nobody"};
	assert_int_equal(srv_start(&s), 0);
	char buf[64];
	assert_string_equal(proc_field(&s, "Uid", buf, sizeof buf),
	                    tstr("%u\t%u\t%u\t%u", uid, uid, uid, uid));
	assert_string_equal(proc_field(&s, "Seccomp", buf, sizeof buf), "2");
	assert_false(srv_log_wait(&s, "running as root", 0));

	struct client *c = client_new(&s);
	struct resp r;
	assert_int_equal(http_get(c, "/", &r), 200);
	resp_free(&r);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	/* A PDF: cairo, pango and fontconfig under the filter, as nobody. */
	long call = srv_sql_long(&s, "SELECT p.call_id FROM decision d JOIN proposal p ON "
	                             "p.id = d.proposal_id ORDER BY p.id LIMIT 1");
	assert_true(call > 0);
	assert_int_equal(http_get(c, tstr("/admin/ausschreibungen/%ld/protokoll.pdf", call), &r),
	                 200);
	assert_true(r.body_len > 4 && memcmp(r.body, "%PDF", 4) == 0);
	resp_free(&r);
	client_free(c);
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
	};
	return cmocka_run_group_tests_name("http_sandbox", tests, NULL, NULL);
}

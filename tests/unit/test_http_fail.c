/* http_fail: the 500 page with its one message, and one log line naming the request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/dispatch.h"
#include "util/buf.h"

/* Runs fail on a request for method and path with stderr caught; the log goes to log. */
static void
fail_caught(struct request *r, const char *method, const char *path, const char *reason, char *log,
            size_t size)
{
	memset(r, 0, sizeof *r);
	r->method = method;
	r->path = path;
	r->lang = LANG_EN; /* the message ids are English; en.po keeps them */
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	FILE *tmp = tmpfile();
	assert_non_null(tmp);
	dup2(fileno(tmp), STDERR_FILENO);
	if (reason)
		http_fail_with(r, reason);
	else
		http_fail(r);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	size_t n = fread(log, 1, size - 1, tmp);
	log[n] = 0;
	fclose(tmp);
}

static void
test_fail_is_500_with_the_message(void **state)
{
	(void)state;
	struct request r;
	char log[512];
	fail_caught(&r, "POST", "/admin/aufrufe", NULL, log, sizeof log);
	assert_int_equal(r.resp.status, 500);
	assert_non_null(
	    strstr(buf_str(&r.resp.body), "The request could not be completed. Please try again."));
	/* One line, with the method and the path. */
	assert_non_null(strstr(log, "POST /admin/aufrufe failed"));
	assert_non_null(strchr(log, '\n'));
	assert_null(strchr(strchr(log, '\n') + 1, '\n'));
	buf_free(&r.resp.body);
}

static void
test_fail_with_another_reason(void **state)
{
	(void)state;
	struct request r;
	char log[512];
	fail_caught(&r, "GET", "/praxis/x.pdf", "The PDF could not be made.", log, sizeof log);
	assert_int_equal(r.resp.status, 500);
	assert_non_null(strstr(buf_str(&r.resp.body), "The PDF could not be made."));
	assert_non_null(strstr(log, "GET /praxis/x.pdf failed: The PDF could not be made."));
	buf_free(&r.resp.body);
}

/* A path is the client's: a line break in it must not start a forged log line. */
static void
test_control_bytes_in_the_path_stay_on_the_line(void **state)
{
	(void)state;
	struct request r;
	char log[512];
	fail_caught(&r, "GET", "/a\n2026-01-01 error forged\r", NULL, log, sizeof log);
	assert_int_equal(r.resp.status, 500);
	assert_non_null(strstr(log, "GET /a?2026-01-01 error forged? failed"));
	assert_null(strchr(strchr(log, '\n') + 1, '\n'));
	buf_free(&r.resp.body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fail_is_500_with_the_message),
	    cmocka_unit_test(test_fail_with_another_reason),
	    cmocka_unit_test(test_control_bytes_in_the_path_stay_on_the_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

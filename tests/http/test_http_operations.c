/* For operators (issue #15, point 12): /healthz answers 200 with its checks, 503 when the
 * disk is short of space; /metrics speaks the Prometheus text format to loopback and to
 * the token's holder only; SIGHUP reopens the log file after logrotate moved it; behind the
 * trusted proxy the throttles count the client the proxy names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

/* A folder outside the server's, for the log file (the server's is made at start). */
static char logdir[64];

static int
start_with(void **state, const char *const *args)
{
	struct srv *s = calloc(1, sizeof *s);
	for (size_t i = 0; args && args[i] && i < 7; i++)
		s->serve_args[i] = args[i];
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void
test_healthz_reports_checks(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/healthz", &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/json");
	assert_string_equal(resp_header(&r, "Cache-Control"), "no-store");
	assert_body_has(&r, "\"status\":\"ok\"");
	assert_body_has(&r, "\"database\":{\"ok\":true}");
	assert_body_has(&r, "\"disk\":{\"ok\":true,\"free_bytes\":");
	assert_body_has(&r, "\"mail\":{\"ok\":true,\"queued\":");
	assert_body_has(&r, "\"scheduler\":{\"ok\":true");
	resp_free(&r);
	/* The probe wrote its heartbeat: the database takes writes. */
	assert_true(srv_sql_long(s, "SELECT count(*) FROM health_probe") == 1);
	struct req head = {.method = "HEAD", .path = "/healthz"};
	assert_int_equal(http_request(c, &head, &r), 200);
	resp_free(&r);
	client_free(c);
}

static int
setup_probe_hourly(void **state)
{
	/* An interval no test outlasts: the second call certainly falls inside it. */
	setenv("LEUCHTTURM_HEALTH_PROBE_SECONDS", "3600", 1);
	int rc = start_with(state, NULL);
	unsetenv("LEUCHTTURM_HEALTH_PROBE_SECONDS");
	return rc;
}

static void
test_healthz_writes_once_per_interval(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/healthz", &r), 200);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM health_probe WHERE at > 0"), 1);
	/* Marked: a second heartbeat write would overwrite the mark. */
	srv_sql_exec(s, "UPDATE health_probe SET at = 0");
	for (int i = 0; i < 5; i++) {
		assert_int_equal(http_get(c, "/healthz", &r), 200);
		assert_body_has(&r, "\"database\":{\"ok\":true}");
		resp_free(&r);
	}
	assert_int_equal(srv_sql_long(s, "SELECT at FROM health_probe"), 0);
	client_free(c);
}

static int
setup_short_of_space(void **state)
{
	/* No disk has this much free: the check fails as on a nearly full one. */
	static const char *const args[] = {"--min-free-mb", "999999999999", NULL};
	return start_with(state, args);
}

static void
test_healthz_503_when_disk_short(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/healthz", &r), 503);
	assert_body_has(&r, "\"status\":\"unhealthy\"");
	assert_body_has(&r, "\"disk\":{\"ok\":false");
	assert_body_has(&r, "\"database\":{\"ok\":true}");
	resp_free(&r);
	client_free(c);
}

static void
test_metrics_from_loopback(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/praxis", &r), 200);
	resp_free(&r);
	assert_int_equal(http_get(c, "/gibt-es-nicht/abc123", &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, "/passwort-neu/geheimes-token-123", &r), 410);
	resp_free(&r);
	assert_int_equal(http_get(c, "/metrics", &r), 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "text/plain; version=0.0.4"));
	assert_body_has(&r, "# TYPE leuchtturm_http_requests_total counter\n");
	assert_body_has(&r, "leuchtturm_http_requests_total{route=\"/praxis\",method=\"GET\","
	                    "status=\"200\"} ");
	assert_body_has(&r, "leuchtturm_http_requests_total{route=\"unmatched\",method=\"GET\","
	                    "status=\"404\"} 1\n");
	/* By pattern: neither the token nor the unknown address becomes a label. */
	assert_body_has(&r, "route=\"/passwort-neu/:token\",method=\"GET\",status=\"410\"} 1\n");
	assert_body_lacks(&r, "geheimes-token");
	assert_body_lacks(&r, "abc123");
	assert_body_has(&r, "# TYPE leuchtturm_http_request_duration_seconds histogram\n");
	assert_body_has(&r, "leuchtturm_http_request_duration_seconds_bucket{route=\"/praxis\","
	                    "method=\"GET\",le=\"+Inf\"} ");
	assert_body_has(&r, "leuchtturm_http_request_duration_seconds_count{route=\"/praxis\"");
	assert_body_has(&r, "leuchtturm_outbox_messages{state=\"queued\"} ");
	assert_body_has(&r, "leuchtturm_scheduler_runs_total ");
	assert_body_has(&r, "leuchtturm_cache_hits_total{cache=\"page\"} ");
	assert_body_has(&r, "leuchtturm_disk_free_bytes ");
	resp_free(&r);
	client_free(c);
}

static void
test_metrics_refused_through_a_proxy(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	/* A proxy on this machine relays others from loopback: they do not count as local. */
	client_header(c, "X-Forwarded-For: 203.0.113.9");
	struct resp r;
	assert_int_equal(http_get(c, "/metrics", &r), 403);
	assert_body_lacks(&r, "leuchtturm_http_requests_total");
	resp_free(&r);
	client_free(c);
}

static int
setup_token(void **state)
{
	setenv("LEUCHTTURM_METRICS_TOKEN", "metrik-geheimnis-42", 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_METRICS_TOKEN");
	return rc;
}

static void
test_metrics_with_token(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	client_header(c, "X-Forwarded-For: 203.0.113.9");
	struct resp r;
	const char *wrong[] = {"Authorization: Bearer metrik-geheimnis-43", NULL};
	struct req q = {.path = "/metrics", .headers = wrong};
	assert_int_equal(http_request(c, &q, &r), 403);
	resp_free(&r);
	const char *right[] = {"Authorization: Bearer metrik-geheimnis-42", NULL};
	q.headers = right;
	assert_int_equal(http_request(c, &q, &r), 200);
	assert_body_has(&r, "leuchtturm_http_requests_total");
	resp_free(&r);
	client_free(c);
}

static int
setup_log_file(void **state)
{
	snprintf(logdir, sizeof logdir, "/tmp/lt-oplog-XXXXXX");
	if (!mkdtemp(logdir))
		return -1;
	static char path[128];
	snprintf(path, sizeof path, "%s/leuchtturm.log", logdir);
	const char *const args[] = {"--log-file", path, NULL};
	return start_with(state, args);
}

static int
teardown_log_file(void **state)
{
	int rc = srv_teardown(state);
	char path[128];
	snprintf(path, sizeof path, "%s/leuchtturm.log", logdir);
	unlink(path);
	snprintf(path, sizeof path, "%s/leuchtturm.log.1", logdir);
	unlink(path);
	rmdir(logdir);
	return rc;
}

/* The file's text, malloc'd ("" when it does not exist). */
static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = calloc(1, 1);
	if (!f)
		return text;
	size_t n = 0, cap = 1;
	int ch;
	while ((ch = fgetc(f)) != EOF) {
		if (n + 2 > cap)
			text = realloc(text, cap *= 2);
		text[n++] = (char)ch;
	}
	text[n] = '\0';
	fclose(f);
	return text;
}

/* True once the file holds needle; polls for at most ten seconds. */
static bool
file_wait(const char *path, const char *needle)
{
	for (int i = 0; i < 500; i++) {
		char *text = slurp(path);
		bool found = strstr(text, needle) != NULL;
		free(text);
		if (found)
			return true;
		usleep(20000);
	}
	return false;
}

static void
test_sighup_reopens_log_file(void **state)
{
	struct srv *s = *state;
	char log[128], rotated[128];
	snprintf(log, sizeof log, "%s/leuchtturm.log", logdir);
	snprintf(rotated, sizeof rotated, "%s/leuchtturm.log.1", logdir);
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/ueber", &r), 200);
	resp_free(&r);
	assert_true(file_wait(log, "GET /ueber 200"));
	struct stat st;
	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);

	/* logrotate: move the file away, then SIGHUP (its postrotate). */
	assert_int_equal(rename(log, rotated), 0);
	assert_int_equal(srv_signal(s, SIGHUP), 0);
	assert_true(file_wait(log, "log file reopened"));
	assert_int_equal(http_get(c, "/impressum", &r), 200);
	resp_free(&r);
	assert_true(file_wait(log, "GET /impressum 200"));
	char *old = slurp(rotated);
	assert_non_null(strstr(old, "GET /ueber 200"));
	assert_null(strstr(old, "GET /impressum"));
	free(old);
	/* The server lives on. */
	assert_int_equal(http_get(c, "/healthz", &r), 200);
	resp_free(&r);
	client_free(c);
}

static int
setup_proxy(void **state)
{
	static const char *const args[] = {"--trusted-proxy", "127.0.0.1", NULL};
	return start_with(state, args);
}

static void
fail_login(struct srv *s, const char *forwarded_for)
{
	struct client *c = client_new(s);
	client_header(c, tstr("X-Forwarded-For: %s", forwarded_for));
	struct resp r;
	http_get(c, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(c, "/anmelden", tstr("email=%s&password=falsch", tenc(DEMO_SUBMITTER)), &r);
	resp_free(&r);
	client_free(c);
}

static void
test_trusted_proxy_names_the_client(void **state)
{
	struct srv *s = *state;
	/* The proxy appends the peer it saw; what the client sent before is not believed. */
	fail_login(s, "198.51.100.1, 10.1.2.3");
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM login_failure "
	                                 "WHERE address = '10.1.2.3'"),
	                 1);
	/* Not from the proxy's address: the header is anyone's claim, ignored. */
	struct client *c = client_new(s);
	client_source(c, "127.0.0.2");
	client_header(c, "X-Forwarded-For: 10.9.9.9");
	struct resp r;
	http_get(c, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(c, "/anmelden", tstr("email=%s&password=falsch", tenc(DEMO_SUBMITTER)), &r);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM login_failure "
	                                 "WHERE address = '10.9.9.9'"),
	                 0);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM login_failure "
	                                 "WHERE address = '127.0.0.2'"),
	                 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_healthz_reports_checks, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_healthz_writes_once_per_interval,
	                                    setup_probe_hourly, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_healthz_503_when_disk_short, setup_short_of_space,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_metrics_from_loopback, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_metrics_refused_through_a_proxy, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_metrics_with_token, setup_token, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_sighup_reopens_log_file, setup_log_file,
	                                    teardown_log_file),
	    cmocka_unit_test_setup_teardown(test_trusted_proxy_names_the_client, setup_proxy,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_operations", tests, NULL, NULL);
}

/* HTTP integration test of the workers (issue #14, point 5): with --threads 2 each worker
 * has its own listening socket on the one port (SO_REUSEPORT), so the kernel spreads the
 * connections over them, and /metrics tells how many each has taken in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "raw_socket.h"

enum { CONNECTIONS = 64 };

static int
setup_two_workers(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->serve_args[0] = "--threads";
	s->serve_args[1] = "2";
	/* Room for all the test's connections from 127.0.0.1 and the /metrics request. */
	s->serve_args[2] = "--per-address";
	s->serve_args[3] = "200";
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* The value of leuchtturm_worker_connections_total{worker="W"} in body, or -1. */
static long
worker_count(const char *body, unsigned w)
{
	char key[96];
	snprintf(key, sizeof key, "leuchtturm_worker_connections_total{worker=\"%u\"} ", w);
	const char *p = strstr(body, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static void
test_connections_spread_over_both_workers(void **state)
{
	struct srv *s = *state;
	/* All open at once: each has its own source port, which the kernel hashes to pick the
	 * listening socket. */
	int fds[CONNECTIONS];
	for (int i = 0; i < CONNECTIONS; i++) {
		fds[i] = raw_connect(s, NULL);
		assert_true(fds[i] >= 0);
	}
	for (int i = 0; i < CONNECTIONS; i++)
		assert_true(raw_send(
		    fds[i], "GET /ueber HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		    0));
	for (int i = 0; i < CONNECTIONS; i++) {
		const char *answer = raw_read_until_closed(fds[i], 10000);
		close(fds[i]);
		if (strncmp(answer, "HTTP/1.1 200", 12) != 0)
			print_message("answer %d: %.200s\n", i, answer);
		assert_true(strncmp(answer, "HTTP/1.1 200", 12) == 0);
	}

	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/metrics", &r), 200);
	assert_body_has(&r, "# TYPE leuchtturm_worker_connections_total counter\n");
	long w0 = worker_count(r.body, 0), w1 = worker_count(r.body, 1);
	print_message("worker 0: %ld, worker 1: %ld connections\n", w0, w1);
	/* Two workers, no third. */
	assert_int_equal(worker_count(r.body, 2), -1);
	/* Every connection was counted by one of them (the /metrics one too, and the
	 * harness's wait for the start may have made more). With 64 distinct source ports,
	 * both getting some fails with a probability of about 2^-63. */
	assert_true(w0 + w1 >= CONNECTIONS + 1);
	assert_true(w0 > 0);
	assert_true(w1 > 0);
	resp_free(&r);
	client_free(c);
}

/* SO_REUSEPORT would let a second server join the port; it must find the port taken. */
static void
test_second_server_on_the_port_cannot_listen(void **state)
{
	struct srv *s = *state;
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%u", s->port);
	const char *bin = getenv("LEUCHTTURM_BIN");
	/* On the same database as the first (PostgreSQL: its address). */
	const char *argv[] = {"timeout",
	                      "20",
	                      bin ? bin : "build/leuchtturm",
	                      "serve",
	                      "--data",
	                      s->dir,
	                      "--listen",
	                      listen,
	                      "--threads",
	                      "2",
	                      srv_on_pg(s) ? "--database" : NULL,
	                      s->db,
	                      NULL};
	char *out = NULL;
	assert_int_not_equal(run_cmd(argv, NULL, &out), 0);
	assert_non_null(out);
	if (!strstr(out, "cannot listen on"))
		print_message("second server: %s\n", out);
	assert_non_null(strstr(out, "cannot listen on"));
	free(out);
	/* The first serves on. */
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/ueber", &r), 200);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_connections_spread_over_both_workers,
	                                    setup_two_workers, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_second_server_on_the_port_cannot_listen,
	                                    setup_two_workers, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

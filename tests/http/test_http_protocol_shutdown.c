/* HTTP integration tests of the server's shutdown: SIGTERM lets requests in flight finish,
 * an idle server exits with 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "protocol_fixture.h"

static int
connect_to(struct srv *s)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		return -1;
	return fd;
}

static void
send_all(int fd, const char *text)
{
	size_t n = strlen(text);
	while (n) {
		ssize_t w = send(fd, text, n, MSG_NOSIGNAL);
		assert_true(w > 0);
		text += w;
		n -= (size_t)w;
	}
}

/* Reads until the peer closes or timeout_ms pass; returns what came. */
static const char *
read_until_closed(int fd, int timeout_ms)
{
	char buf[65536];
	size_t len = 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = timeout_ms -
		            ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		struct pollfd p = {fd, POLLIN, 0};
		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof buf - 1)
			break;
	}
	buf[len] = '\0';
	return tstr("%s", buf);
}

/* Reads one response (headers and a Content-Length body) from a kept-alive connection. */
static const char *
read_response(int fd, int timeout_ms)
{
	char buf[65536];
	size_t len = 0;
	for (;;) {
		buf[len] = '\0';
		const char *end = strstr(buf, "\r\n\r\n");
		if (end) {
			const char *cl = strcasestr(buf, "\r\nContent-Length:");
			size_t body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
			if (len >= (size_t)(end + 4 - buf) + body)
				break;
		}
		struct pollfd p = {fd, POLLIN, 0};
		if (len == sizeof buf - 1 || poll(&p, 1, timeout_ms) <= 0)
			break;
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return tstr("%s", buf);
}

/* Waits (at most timeout_ms) until the server has read all that was sent on fd: its end of
 * the connection shows an empty receive queue in /proc/net/tcp. No log line marks a request
 * whose body is still coming, and a fixed pause would be a guess that load can beat. */
static bool
server_has_read(struct srv *s, int fd, int timeout_ms)
{
	struct sockaddr_in me;
	socklen_t len = sizeof me;
	if (getsockname(fd, (struct sockaddr *)&me, &len) != 0)
		return false;
	unsigned mine = ntohs(me.sin_port);
	struct timespec t0, t, tick = {0, 10 * 1000000L};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		FILE *f = fopen("/proc/net/tcp", "r");
		char line[512];
		bool seen = false, empty = false;
		while (f && fgets(line, sizeof line, f)) {
			unsigned local, remote;
			unsigned long tx, rx;
			if (sscanf(line, " %*u: %*x:%x %*x:%x %*x %lx:%lx", &local, &remote, &tx,
			           &rx) == 4 &&
			    local == s->port && remote == mine) {
				seen = true;
				empty = rx == 0;
			}
		}
		if (f)
			fclose(f);
		if (seen && empty)
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms)
			return false;
		nanosleep(&tick, NULL);
	}
}

static void
test_graceful_shutdown_finishes_requests_in_flight(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	const char *pre = client_cookie(c, "lt_pre");
	assert_non_null(pre);
	pre = tstr("%s", pre);
	const char *body = tstr("email=%s&password=%s&_csrf=%s", tenc(DEMO_SUBMITTER),
	                        DEMO_PASSWORD, client_csrf(c));
	client_free(c);

	/* A request answered first shows the server has taken the connection on … */
	int fd = connect_to(s);
	assert_true(fd >= 0);
	send_all(fd, tstr("GET /ueber HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", s->port));
	const char *first = read_response(fd, 60000);
	assert_true(strncmp(first, "HTTP/1.1 200", 12) == 0);

	/* … then a login whose body is only half sent when the server is told to stop. */
	size_t half = strlen(body) / 2;
	send_all(fd,
	         tstr("POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	              "Content-Type: application/x-www-form-urlencoded\r\n"
	              "Content-Length: %zu\r\nCookie: lt_pre=%s\r\nConnection: close\r\n\r\n%.*s",
	              s->port, strlen(body), pre, (int)half, body));
	assert_true(server_has_read(s, fd, 60000));
	assert_int_equal(srv_signal(s, SIGTERM), 0);
	assert_true(srv_log_wait(s, "SIGTERM received", 60000));
	/* Still waiting for the request in flight. This pause waits for nothing to happen (a
	 * server that wrongly stopped would have exited by then), so no condition can end it;
	 * load makes it only less likely to catch that fault, never a false failure. */
	struct timespec pause = {0, 200 * 1000000L};
	nanosleep(&pause, NULL);
	assert_int_equal(srv_wait_exit(s, 0), -1);

	send_all(fd, body + half);
	const char *answer = read_until_closed(fd, 60000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 303", 12) != 0)
		print_message("answer: %s\n", answer);
	assert_true(strncmp(answer, "HTTP/1.1 303", 12) == 0);
	assert_non_null(strstr(answer, "\r\nLocation: /start\r\n"));
	assert_non_null(strstr(answer, "lt_session="));

	/* Then it ends, cleanly. */
	assert_int_equal(srv_wait_exit(s, 60000), 0);
	assert_true(srv_log_wait(s, "leuchtturm: stopped", 0));
}

static void
test_sigterm_when_idle_exits_zero(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/", &r), 200);
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_signal(s, SIGTERM), 0);
	assert_int_equal(srv_wait_exit(s, 60000), 0);
	assert_true(srv_log_wait(s, "leuchtturm: stopped", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_graceful_shutdown_finishes_requests_in_flight,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_sigterm_when_idle_exits_zero, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests of slow-client floods, over raw sockets: one address gets only its
 * share of the connections, a head that trickles in meets its deadline, a body its minimum
 * rate, and another address is served all the while. Small numbers (a server started with
 * small limits); bench/attack.py runs the 1,100 connections, slowloris heads and
 * slow bodies. */
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

enum { PER_ADDRESS = 40, FLOOD = 60, OTHERS = 30 };

static int
setup_small_limits(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->serve_args[0] = "--per-address";
	s->serve_args[1] = "40";
	s->serve_args[2] = "--head-timeout";
	s->serve_args[3] = "2";
	s->serve_args[4] = "--min-body-rate";
	s->serve_args[5] = "1000";
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* One request from `from` on a new connection; returns how long its answer took (ms) and
 * fails the test unless it is a 200. */
static long
timed_get(struct srv *s, const char *from, const char *path)
{
	long t0 = raw_now_ms();
	int fd = raw_connect(s, from);
	assert_true(fd >= 0);
	assert_true(raw_send(
	    fd, tstr("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path), 0));
	const char *answer = raw_read_until_closed(fd, 10000);
	close(fd);
	if (strncmp(answer, "HTTP/1.1 200", 12) != 0)
		print_message("answer from %s: %.200s\n", from, answer);
	assert_true(strncmp(answer, "HTTP/1.1 200", 12) == 0);
	return raw_now_ms() - t0;
}

/* Sends one more byte on every connection still open; returns how many are open. */
static int
trickle(int *fds, int n, const char *byte)
{
	int open = 0;
	for (int i = 0; i < n; i++) {
		if (fds[i] < 0)
			continue;
		if (raw_closed(fds[i], 0) || !raw_send(fds[i], byte, 1)) {
			close(fds[i]);
			fds[i] = -1;
			continue;
		}
		open++;
	}
	return open;
}

static void
test_slowloris_from_one_address_leaves_room_for_others(void **state)
{
	struct srv *s = *state;
	int fds[FLOOD];
	for (int i = 0; i < FLOOD; i++) {
		fds[i] = raw_connect(s, "127.0.0.1");
		assert_true(fds[i] >= 0);
		/* A head that never ends. */
		assert_true(raw_send(fds[i], "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-a: ", 0));
	}
	/* Those beyond the address's share are closed at once (whichever they are: the
	 * server's threads take connections in their own order). */
	int refused = 0;
	long t0 = raw_now_ms();
	while (refused < FLOOD - PER_ADDRESS && raw_now_ms() - t0 < 1500) {
		for (int i = 0; i < FLOOD; i++) {
			if (fds[i] >= 0 && raw_closed(fds[i], 0)) {
				close(fds[i]);
				fds[i] = -1;
				refused++;
			}
		}
		if (refused < FLOOD - PER_ADDRESS)
			(void)raw_closed(fds[FLOOD - 1] >= 0 ? fds[FLOOD - 1] : fds[0], 20);
	}
	if (refused != FLOOD - PER_ADDRESS)
		print_message("%d of %d refused\n", refused, FLOOD);
	assert_int_equal(refused, FLOOD - PER_ADDRESS);

	/* Another address is served while the flood holds its share … */
	long slowest = 0;
	for (int i = 0; i < OTHERS; i++) {
		long took = timed_get(s, "127.0.0.2", i % 2 ? "/ueber" : "/");
		slowest = took > slowest ? took : slowest;
	}
	print_message("slowest of %d answers to 127.0.0.2: %ld ms\n", OTHERS, slowest);
	assert_true(slowest < 1000);

	/* … and the flood's heads, a byte every 300 ms, meet their 2 s deadline: all closed
	 * well before the 30 s of silence that would end them otherwise. */
	t0 = raw_now_ms();
	int open = PER_ADDRESS;
	while (open > 0 && raw_now_ms() - t0 < 15000) {
		/* Wait for a condition: the server closing one, else time for the next byte. */
		for (int i = 0; i < FLOOD; i++)
			if (fds[i] >= 0 && raw_closed(fds[i], 0)) {
				close(fds[i]);
				fds[i] = -1;
			}
		int first = -1;
		for (int i = 0; i < FLOOD && first < 0; i++)
			first = fds[i] >= 0 ? i : -1;
		if (first >= 0 && raw_closed(fds[first], 300)) {
			close(fds[first]);
			fds[first] = -1;
		}
		open = trickle(fds, FLOOD, "x");
	}
	long took = raw_now_ms() - t0;
	print_message("slow heads ended after %ld ms\n", took);
	assert_int_equal(open, 0);

	/* The address has its share back — once the server has cleaned up the connections it
	 * closed: the client sees the close before the server's per-address count drops, so
	 * a request right away may still be refused. Wait for that, bounded. */
	t0 = raw_now_ms();
	const char *answer = "";
	while (raw_now_ms() - t0 < 5000) {
		int fd = raw_connect(s, "127.0.0.1");
		assert_true(fd >= 0);
		assert_true(raw_send(
		    fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 0));
		answer = raw_read_until_closed(fd, 10000);
		close(fd);
		if (*answer)
			break;
	}
	if (strncmp(answer, "HTTP/1.1 200", 12) != 0)
		print_message("answer from 127.0.0.1: %.200s\n", answer);
	assert_true(strncmp(answer, "HTTP/1.1 200", 12) == 0);
}

static void
test_slow_body_meets_minimum_rate(void **state)
{
	struct srv *s = *state;
	/* A pre-session cookie, so the form is read (no token: it would get 403 in the end). */
	const char *head =
	    "POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n"
	    "Cookie: "
	    "lt_pre=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n\r\n";
	int slow = raw_connect(s, NULL);
	assert_true(slow >= 0);
	assert_true(raw_send(slow, head, 0));
	assert_true(raw_send(slow, "email=", 0));
	/* 10 bytes every 200 ms (50 B/s, under the 1000 B/s asked) never lets the connection
	 * fall silent, so only the rate can end it. */
	long t0 = raw_now_ms();
	bool closed = false;
	while (!closed && raw_now_ms() - t0 < 15000) {
		closed = raw_closed(slow, 200);
		if (!closed && !raw_send(slow, "xxxxxxxxxx", 10))
			closed = true;
	}
	long took = raw_now_ms() - t0;
	close(slow);
	print_message("slow body ended after %ld ms\n", took);
	assert_true(closed);
	assert_true(took >= 1500);

	/* A body at a fair rate is read to its end and answered (403: no token). */
	int fair = raw_connect(s, NULL);
	assert_true(fair >= 0);
	char *body = malloc(100000);
	assert_non_null(body);
	memcpy(body, "email=", 6);
	memset(body + 6, 'x', 100000 - 6);
	assert_true(raw_send(fair, head, 0));
	assert_true(raw_send(fair, body, 100000));
	free(body);
	const char *answer = raw_read_until_closed(fair, 2000);
	close(fair);
	assert_true(strncmp(answer, "HTTP/1.1 403", 12) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_slowloris_from_one_address_leaves_room_for_others,
	                                    setup_small_limits, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_slow_body_meets_minimum_rate, setup_small_limits,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests of the protocol's edges, spoken over raw sockets: a thousand query
 * parameters, transfer codings the server does not read, and bodies refused from the head
 * alone (login, role, CSRF cookie) so nobody unknown makes the server hold them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "protocol_fixture.h"
#include "raw_socket.h"

/* The status of the answer to one request sent on a new connection, read until the server
 * closes (or 10 s pass: answers here come at once, a hang is the fault). */
static const char *
answer_to(struct srv *s, const char *request)
{
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd, request, 0));
	const char *answer = raw_read_until_closed(fd, 10000);
	close(fd);
	return answer;
}

static void
assert_answer(const char *answer, const char *status_line)
{
	if (strncmp(answer, status_line, strlen(status_line)) != 0)
		print_message("answer: %.400s\n", answer);
	assert_true(strncmp(answer, status_line, strlen(status_line)) == 0);
}

/* The query with n parameters "p0=1&p1=1…", as a request target on "/". */
static const char *
many_params(int n)
{
	size_t cap = (size_t)n * 12 + 8, len = 0;
	char *q = malloc(cap);
	assert_non_null(q);
	len += (size_t)snprintf(q, cap, "/?");
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(q + len, cap - len, "%sp%d=1", i ? "&" : "", i);
	const char *out = tstr("%s", q);
	free(q);
	return out;
}

static void
test_thousand_query_parameters_get_431(void **state)
{
	struct srv *s = *state;
	static const int counts[] = {1000, 1500, 3000};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		const char *answer = answer_to(
		    s, tstr("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
		            many_params(counts[i])));
		assert_answer(answer, "HTTP/1.1 431");
		assert_non_null(strstr(answer, "Content-Security-Policy:"));
	}
	/* As many as a page may read are still read (the harness's client cuts addresses at
	 * 2 KB, so these go raw too). */
	const char *answer =
	    answer_to(s, tstr("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
	                      many_params(500)));
	assert_answer(answer, "HTTP/1.1 200");
	/* And the server is unharmed. */
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/ueber", &r), 200);
	resp_free(&r);
	client_free(c);
	assert_false(srv_log_wait(s, "Not enough memory", 0));

	/* Nothing is left hanging: SIGTERM ends the server at once, not after the 10 s of grace
	 * for requests in flight. */
	long t0 = raw_now_ms();
	assert_int_equal(srv_signal(s, SIGTERM), 0);
	assert_int_equal(srv_wait_exit(s, 60000), 0);
	long took = raw_now_ms() - t0;
	if (took >= 5000)
		print_message("shutdown took %ld ms\n", took);
	assert_true(took < 5000);
}

static void
test_unknown_transfer_coding_is_refused_at_once(void **state)
{
	struct srv *s = *state;
	static const struct {
		const char *coding;
		const char *length;
		const char *status;
	} cases[] = {
	    {"gzip", NULL, "HTTP/1.1 501"},
	    {"identity", NULL, "HTTP/1.1 501"},
	    {"gzip, chunked", NULL, "HTTP/1.1 501"},
	    {"deflate", NULL, "HTTP/1.1 501"},
	    /* Both a coding and a length: the way to smuggle one request inside another. */
	    {"chunked", "5", "HTTP/1.1 400"},
	    {"gzip", "5", "HTTP/1.1 400"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long t0 = raw_now_ms();
		const char *answer = answer_to(
		    s, tstr("POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\n"
		            "Content-Type: application/x-www-form-urlencoded\r\n"
		            "Transfer-Encoding: %s\r\n%s%s%s\r\n",
		            cases[i].coding, cases[i].length ? "Content-Length: " : "",
		            cases[i].length ? cases[i].length : "", cases[i].length ? "\r\n" : ""));
		if (strncmp(answer, cases[i].status, 12) != 0)
			print_message("Transfer-Encoding: %s\n", cases[i].coding);
		assert_answer(answer, cases[i].status);
		/* At once: not after a timeout (the server's is 30 s, ours waits 10). */
		assert_true(raw_now_ms() - t0 < 9000);
	}
	/* A chunked body is read as before (no token: 403 from the CSRF check). */
	const char *answer =
	    answer_to(s, "POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	                 "Content-Type: application/x-www-form-urlencoded\r\n"
	                 "Cookie: lt_pre="
	                 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n"
	                 "Transfer-Encoding: chunked\r\n\r\n7\r\nemail=x\r\n0\r\n\r\n");
	assert_answer(answer, "HTTP/1.1 403");
}

/* A multipart upload's head, announcing a body of length bytes, with cookie (may be ""). */
static const char *
upload_head(struct srv *s, const char *path, size_t length, const char *cookie)
{
	return tstr("POST %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
	            "Content-Type: multipart/form-data; boundary=XyZ\r\n"
	            "Content-Length: %zu\r\n%s%s%s\r\n",
	            path, s->port, length, *cookie ? "Cookie: " : "", cookie,
	            *cookie ? "\r\n" : "");
}

/* The answer to a head alone: the body is never sent, so an answer proves it was decided
 * from the head. */
static const char *
answer_to_head(struct srv *s, const char *head)
{
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd, head, 0));
	const char *answer = raw_read_until_closed(fd, 10000);
	close(fd);
	return answer;
}

static void
test_bodies_are_refused_from_the_head(void **state)
{
	struct srv *s = *state;
	long id = srv_first_proposal(s, "draft");
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	size_t big = 20u * 1000 * 1000; /* within the largest body: it would be read */

	/* Nobody logged in: to the login, before a byte of the body. */
	const char *answer = answer_to_head(s, upload_head(s, path, big, ""));
	assert_answer(answer, "HTTP/1.1 303");
	assert_non_null(strstr(answer, "\r\nLocation: /anmelden?next=/start\r\n"));

	/* Logged in without the role: 403. */
	struct client *board = client_new(s);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	const char *session = tstr("lt_session=%s", client_cookie(board, "lt_session"));
	answer = answer_to_head(s, upload_head(s, path, big, session));
	assert_answer(answer, "HTTP/1.1 403");
	client_free(board);

	/* A form that needs a token, from a browser holding nothing a token could be bound to. */
	answer = answer_to_head(
	    s, "POST /anmelden HTTP/1.1\r\nHost: 127.0.0.1\r\n"
	       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n");
	assert_answer(answer, "HTTP/1.1 403");

	/* An address without a page: 404 before the body. */
	answer = answer_to_head(s, upload_head(s, "/gibt-es-nicht", big, ""));
	assert_answer(answer, "HTTP/1.1 404");

	/* The submitter's own upload is still read (and answered after its body). */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	session = tstr("lt_session=%s", client_cookie(sub, "lt_session"));
	int fd = raw_connect(s, NULL);
	assert_true(fd >= 0);
	assert_true(raw_send(fd, upload_head(s, path, big, session), 0));
	/* Nothing comes back while the body is awaited. */
	assert_false(raw_closed(fd, 300));
	close(fd);
	client_free(sub);
}

/* 20 anonymous uploads of 20 MB each, the rest of each body withheld, leave the server's
 * memory where it was (before: each body was buffered whole, 400 MB here). The bench/
 * script runs the 100 of 24 MB. */
static void
test_anonymous_uploads_leave_memory_bounded(void **state)
{
	struct srv *s = *state;
	long id = srv_first_proposal(s, "draft");
	const char *head =
	    upload_head(s, tstr("/vorschlag/%ld/anhaenge", id), 20u * 1000 * 1000, "");
	/* Warm the server up first (its threads, caches, the first page). */
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/", &r), 200);
	resp_free(&r);
	long before = raw_server_rss_kb(s);
	assert_true(before > 0);

	enum { N = 20 };
	int fds[N];
	char *chunk = malloc(1024 * 1024);
	assert_non_null(chunk);
	memset(chunk, 'x', 1024 * 1024);
	for (int i = 0; i < N; i++) {
		fds[i] = raw_connect(s, NULL);
		assert_true(fds[i] >= 0);
		assert_true(raw_send(fds[i], head, 0));
		assert_true(raw_send(fds[i],
		                     "--XyZ\r\nContent-Disposition: form-data; "
		                     "name=\"file\"; filename=\"a.pdf\"\r\n\r\n",
		                     0));
		/* The attacker keeps sending; the server has closed already or reads and drops. */
		for (int k = 0; k < 4; k++)
			(void)raw_send(fds[i], chunk, 1024 * 1024);
	}
	for (int i = 0; i < N; i++) {
		assert_true(raw_closed(fds[i], 10000));
		close(fds[i]);
	}
	free(chunk);
	long after = raw_server_rss_kb(s);
	print_message("VmRSS %ld kB before, %ld kB after %d anonymous uploads\n", before, after, N);
	/* 4 MB sent on each connection: 80 MB if any were kept. */
	assert_true(after - before < 16 * 1024);
	/* And the server is well. */
	assert_int_equal(http_get(c, "/ueber", &r), 200);
	resp_free(&r);
	client_free(c);
}

static int
setup_small_budget(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	/* The largest body is 2 MB (1 MB upload + 1 MB); all bodies together may hold 4 MB. */
	s->serve_args[0] = "--max-upload-mb";
	s->serve_args[1] = "1";
	s->serve_args[2] = "--max-body";
	s->serve_args[3] = "1024";
	s->serve_args[4] = "--body-budget-mb";
	s->serve_args[5] = "4";
	if (srv_start(s) != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

/* Even for those who may send them, the bodies read at once share a budget: one more gets
 * 503 with Retry-After from its head, and the room comes back when a body is done. */
static void
test_bodies_share_a_budget(void **state)
{
	struct srv *s = *state;
	long id = srv_first_proposal(s, "draft");
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	const char *session = tstr("lt_session=%s", client_cookie(sub, "lt_session"));
	size_t two_mb = 2u * 1024 * 1024 - 100;
	int held[2];
	for (int i = 0; i < 2; i++) {
		held[i] = raw_connect(s, NULL);
		assert_true(held[i] >= 0);
		assert_true(raw_send(held[i], upload_head(s, path, two_mb, session), 0));
		/* Taken on: no answer while the body is awaited. */
		assert_false(raw_closed(held[i], 300));
	}
	const char *answer = answer_to_head(s, upload_head(s, path, 1000, session));
	assert_answer(answer, "HTTP/1.1 503");
	assert_non_null(strstr(answer, "\r\nRetry-After: 60\r\n"));

	/* One sender gives up: its share is free again (as soon as the server has noticed). */
	close(held[0]);
	long t0 = raw_now_ms();
	bool taken = false;
	while (!taken && raw_now_ms() - t0 < 10000) {
		int fd = raw_connect(s, NULL);
		assert_true(fd >= 0);
		assert_true(raw_send(fd, upload_head(s, path, 1000, session), 0));
		taken = !raw_closed(fd, 300);
		close(fd);
	}
	assert_true(taken);
	close(held[1]);
	client_free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_thousand_query_parameters_get_431, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_unknown_transfer_coding_is_refused_at_once,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_bodies_are_refused_from_the_head, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_anonymous_uploads_leave_memory_bounded, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_bodies_share_a_budget, setup_small_budget,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The outbox over SMTP (against a fake server in a thread): the right message, and
 * failures retried until they give up. */
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "mail_fixture.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* Decodes a header value made of RFC 2047 B-words (or plain text) back to UTF-8. */
static char *
decode_words(const char *v)
{
	struct buf b = BUF_INIT;
	while (*v == ' ')
		v++;
	if (strncmp(v, "=?UTF-8?B?", 10) != 0) {
		buf_puts(&b, v);
		return buf_detach(&b);
	}
	while (*v) {
		while (*v == ' ')
			v++;
		assert_memory_equal(v, "=?UTF-8?B?", 10);
		v += 10;
		const char *end = strstr(v, "?=");
		assert_non_null(end);
		assert_true(end - v + 12 <= 75);
		unsigned char bin[128];
		size_t n = 0;
		assert_int_equal(sodium_base642bin(bin, sizeof bin, v, (size_t)(end - v), NULL, &n,
		                                   NULL, sodium_base64_VARIANT_ORIGINAL),
		                 0);
		buf_append(&b, bin, n);
		v = end + 2;
	}
	return buf_detach(&b);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A fake SMTP server: one thread, one connection at a time, enough of RFC 5321 for
 * libcurl. It records every command and every message it accepts. */
struct fake_smtp {
	int fd;
	int port;
	int rcpt_code;
	atomic_int stop;
	pthread_t thread;
	struct buf commands;
	struct buf data;
	int connections;
	int messages;
};

static void
reply(int fd, const char *line)
{
	ssize_t n = send(fd, line, strlen(line), MSG_NOSIGNAL);
	(void)n;
}

/* One line without its CRLF; false at end of stream or on the receive timeout. */
static bool
read_line(int fd, struct buf *line)
{
	buf_reset(line);
	char c;
	while (recv(fd, &c, 1, 0) == 1) {
		buf_putc(line, c);
		if (line->len >= 2 && line->data[line->len - 2] == '\r' && c == '\n') {
			line->len -= 2;
			line->data[line->len] = '\0';
			return true;
		}
	}
	return false;
}

static void
collect_data(struct fake_smtp *f, int fd, struct buf *line)
{
	while (read_line(fd, line) && strcmp(line->data, ".") != 0) {
		buf_puts(&f->data, line->data);
		buf_puts(&f->data, "\r\n");
	}
	f->messages++;
	reply(fd, "250 2.0.0 queued\r\n");
}

static void
serve(struct fake_smtp *f, int fd)
{
	struct buf line = BUF_INIT;
	char code[64];
	reply(fd, "220 fake ESMTP\r\n");
	while (read_line(fd, &line)) {
		buf_printf(&f->commands, "%s\n", line.data);
		if (!strncmp(line.data, "EHLO", 4) || !strncmp(line.data, "HELO", 4) ||
		    !strncmp(line.data, "MAIL", 4) || !strncmp(line.data, "RSET", 4)) {
			reply(fd, "250 OK\r\n");
		} else if (!strncmp(line.data, "RCPT", 4)) {
			snprintf(code, sizeof code, "%d rcpt\r\n", f->rcpt_code);
			reply(fd, code);
		} else if (!strncmp(line.data, "DATA", 4)) {
			reply(fd, "354 go ahead\r\n");
			collect_data(f, fd, &line);
		} else if (!strncmp(line.data, "QUIT", 4)) {
			reply(fd, "221 bye\r\n");
			break;
		} else {
			reply(fd, "502 not implemented\r\n");
		}
	}
	buf_free(&line);
}

static void *
smtp_thread(void *arg)
{
	struct fake_smtp *f = arg;
	while (!atomic_load(&f->stop)) {
		struct pollfd p = {f->fd, POLLIN, 0};
		if (poll(&p, 1, 50) != 1)
			continue;
		int c = accept(f->fd, NULL, NULL);
		if (c < 0)
			continue;
		struct timeval tv = {60, 0}; /* a confused client must not hang the test */
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		f->connections++;
		serve(f, c);
		close(c);
	}
	return NULL;
}

static void
smtp_start(struct fake_smtp *f, int rcpt_code)
{
	memset(f, 0, sizeof *f);
	f->rcpt_code = rcpt_code;
	f->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->fd >= 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(f->fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(f->fd, 4), 0);
	socklen_t len = sizeof sa;
	assert_int_equal(getsockname(f->fd, (struct sockaddr *)&sa, &len), 0);
	f->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&f->thread, NULL, smtp_thread, f), 0);
}

/* Stops the thread; only then are its counters and buffers safe to read. */
static void
smtp_stop(struct fake_smtp *f)
{
	atomic_store(&f->stop, 1);
	pthread_join(f->thread, NULL);
	close(f->fd);
}

static void
smtp_free(struct fake_smtp *f)
{
	buf_free(&f->commands);
	buf_free(&f->data);
}

static void
test_smtp_delivery(void **state)
{
	struct fixture *f = *state;
	const char *subject =
	    "Rückfrage zu Ihrem Vorschlag „Mentoring für Geflüchtete in Sachsen-Anhalt“";
	int64_t id = enqueue(f->s, "anna@example.org", subject, "Guten Tag,\n.\nbitte ...");
	assert_true(id > 0);

	struct fake_smtp srv;
	smtp_start(&srv, 250);
	char url[64];
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", srv.port);
	struct mail_config cfg = {.smtp_url = url, .from = SENDER, .outbox_dir = f->outbox};
	int delivered = mail_deliver_due(f->s, &cfg);
	smtp_stop(&srv);
	assert_int_equal(delivered, 1);

	assert_int_equal(srv.messages, 1);
	assert_contains(buf_str(&srv.commands), "MAIL FROM:<" SENDER ">");
	assert_contains(buf_str(&srv.commands), "RCPT TO:<anna@example.org>\n");
	assert_int_equal(count(buf_str(&srv.commands), "RCPT"), 1); /* no one else */
	const char *msg = buf_str(&srv.data);
	assert_lines_short(msg);
	assert_contains(msg, "To: anna@example.org\r\n");
	char *subj = header(msg, "Subject");
	assert_non_null(subj);
	char *decoded = decode_words(subj);
	assert_string_equal(decoded, subject);
	free(decoded);
	free(subj);
	/* The server got the body with its lone dot stuffed by libcurl. */
	char *plain = decode_body(msg);
	assert_string_equal(plain, "Guten Tag,\r\n..\r\nbitte ...\r\n");
	free(plain);

	struct row r;
	read_row(f->s, id, &r);
	assert_string_equal(r.state, "sent");
	assert_int_equal(r.attempts, 1);
	assert_null(opendir(f->outbox)); /* with SMTP, no files */
	assert_audit_intact(f->s, 1);
	smtp_free(&srv);
}

static void
test_smtp_retry_then_fail(void **state)
{
	struct fixture *f = *state;
	static const int64_t delays[] = {60, 300, 1800, 7200, 21600};
	time_set_fake(T0);
	int64_t id = enqueue(f->s, "anna@example.org", "Hallo", "Text");
	assert_true(id > 0);

	struct fake_smtp srv;
	smtp_start(&srv, 554);
	char url[64];
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", srv.port);
	struct mail_config cfg = {.smtp_url = url, .from = SENDER};

	struct row r;
	int64_t now = T0;
	for (int attempt = 1; attempt <= 5; attempt++) {
		assert_int_equal(mail_deliver_due(f->s, &cfg), 0);
		read_row(f->s, id, &r);
		assert_string_equal(r.state, "queued");
		assert_int_equal(r.attempts, attempt);
		assert_int_equal(r.next_attempt_at, now + delays[attempt - 1]);
		assert_contains(r.last_error, "554");
		/* Not yet due: a second run a second early leaves it alone. */
		time_set_fake(r.next_attempt_at - 1);
		assert_int_equal(mail_deliver_due(f->s, &cfg), 0);
		read_row(f->s, id, &r);
		assert_int_equal(r.attempts, attempt);
		now = r.next_attempt_at;
		time_set_fake(now);
	}
	assert_int_equal(mail_deliver_due(f->s, &cfg), 0);
	read_row(f->s, id, &r);
	assert_string_equal(r.state, "failed");
	assert_int_equal(r.attempts, 6);
	assert_contains(r.last_error, "554");

	time_set_fake(now + 86400 * 30);
	assert_int_equal(mail_deliver_due(f->s, &cfg), 0);
	smtp_stop(&srv);
	read_row(f->s, id, &r);
	assert_int_equal(r.attempts, 6);
	assert_int_equal(srv.messages, 0);
	assert_int_equal(srv.connections, 6);

	char *events = audit_lines(f->s);
	char line[200];
	snprintf(line, sizeof line,
	         "mail.failed outbox:%lld {\"id\":%lld,\"to\":\"anna@example.org\"}\n",
	         (long long)id, (long long)id);
	assert_string_equal(events, line);
	free(events);
	assert_audit_intact(f->s, 1);
	smtp_free(&srv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_smtp_delivery, mail_setup, mail_teardown),
	    cmocka_unit_test_setup_teardown(test_smtp_retry_then_fail, mail_setup, mail_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The outbox: queueing refuses header injection; delivery to .eml files writes the right
 * message. */
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

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

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define SENDER "leuchtturm@example.org"

static const struct store_query q_count = {"t_mail_count", "SELECT count(*) FROM outbox"};
static const struct store_query q_row = {
    "t_mail_row", "SELECT state, attempts, next_attempt_at, last_error, coalesce(sent_at, 0) "
                  "FROM outbox WHERE id = ?1"};
static const struct store_query q_events = {
    "t_mail_events", "SELECT action, object, details FROM audit_event ORDER BY seq"};

struct fixture {
	char dir[256];
	char outbox[300];
	struct store *s;
};

struct row {
	char state[16];
	int64_t attempts;
	int64_t next_attempt_at;
	char last_error[600];
	int64_t sent_at;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/lt-mail-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	/* Two levels that do not exist yet: delivery must create both. */
	snprintf(f->outbox, sizeof f->outbox, "%s/data/outbox", f->dir);
	char db[300];
	snprintf(db, sizeof db, "%s/test.db", f->dir);
	log_set_quiet(1);
	assert_int_equal(store_open(&f->s, db), STORE_OK);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	*state = f;
	return 0;
}

static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->s);
	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	time_set_fake(0);
	free(f);
	return 0;
}

static int64_t
outbox_count(struct store *s)
{
	struct stmt *st = store_stmt(s, &q_count);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static void
read_row(struct store *s, int64_t id, struct row *r)
{
	struct stmt *st = store_stmt(s, &q_row);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	snprintf(r->state, sizeof r->state, "%s", stmt_text(st, 0));
	r->attempts = stmt_int(st, 1);
	r->next_attempt_at = stmt_int(st, 2);
	snprintf(r->last_error, sizeof r->last_error, "%s", stmt_text(st, 3));
	r->sent_at = stmt_int(st, 4);
	stmt_done(st);
}

/* mail_enqueue in a transaction of its own, as its callers run it: the outbox id, or -1. */
struct enqueue_tx {
	const char *to, *subject, *body;
	int64_t id;
};

static int
enqueue_body(struct store *s, void *arg)
{
	struct enqueue_tx *t = arg;
	t->id = mail_enqueue(s, t->to, t->subject, t->body);
	return t->id > 0 ? STORE_OK : STORE_ERR;
}

static int64_t
enqueue(struct store *s, const char *to, const char *subject, const char *body)
{
	struct enqueue_tx t = {to, subject, body, -1};
	return store_tx(s, enqueue_body, &t) == STORE_OK ? t.id : -1;
}

/* The audit events as "action object details" lines. */
static char *
audit_lines(struct store *s)
{
	struct buf b = BUF_INIT;
	struct stmt *st = store_stmt(s, &q_events);
	while (stmt_step(st) == STORE_ROW)
		buf_printf(&b, "%s %s %s\n", stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2));
	stmt_done(st);
	return buf_detach(&b);
}

static void
assert_audit_intact(struct store *s, int64_t events)
{
	int64_t checked = 0;
	assert_int_equal(audit_verify(s, &checked), 0);
	assert_int_equal(checked, events);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, n);
	fclose(fp);
	return buf_detach(&b);
}

/* The value of a header, unfolded, or NULL. */
static char *
header(const char *msg, const char *name)
{
	const char *end = strstr(msg, "\r\n\r\n");
	size_t nlen = strlen(name);
	for (const char *p = msg; p && p < end; p = strstr(p, "\r\n") + 2) {
		if (strncmp(p, name, nlen) != 0 || p[nlen] != ':')
			continue;
		struct buf b = BUF_INIT;
		const char *v = p + nlen + 1;
		for (;;) {
			const char *eol = strstr(v, "\r\n");
			buf_append(&b, v, (size_t)(eol - v));
			if (eol[2] != ' ' && eol[2] != '\t')
				break;
			v = eol + 2;
		}
		return buf_detach(&b);
	}
	return NULL;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
}

/* Decodes the quoted-printable body after the header block. */
static char *
decode_body(const char *msg)
{
	const char *p = strstr(msg, "\r\n\r\n");
	assert_non_null(p);
	struct buf b = BUF_INIT;
	for (p += 4; *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
		} else if (p[0] == '=') {
			buf_putc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else {
			buf_putc(&b, *p);
		}
	}
	return buf_detach(&b);
}

static void
assert_lines_short(const char *msg)
{
	for (const char *p = msg; *p;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol); /* every line ends in CRLF, none is bare */
		if (eol - p > 76)
			fail_msg("line too long: %.*s", (int)(eol - p), p);
		assert_null(memchr(p, '\n', (size_t)(eol - p)));
		p = eol + 2;
	}
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

static void
test_file_delivery(void **state)
{
	struct fixture *f = *state;
	time_set_fake(T0);
	const char *subject = "Prüfung bestanden – Glückwunsch";
	const char *body =
	    "Hallo Anna,\n\nIhr Vorschlag wurde ausgewählt.\n.\n"
	    "Eine sehr lange Zeile, die weit über sechsundsiebzig Zeichen hinausgeht "
	    "und deshalb weich umbrochen werden muss. = Gleichheitszeichen \n"
	    "Ende";
	int64_t id = enqueue(f->s, "anna@example.org", subject, body);
	assert_true(id > 0);
	assert_int_equal(outbox_count(f->s), 1);

	struct mail_config cfg = {.from = SENDER, .outbox_dir = f->outbox};
	assert_int_equal(mail_deliver_due(f->s, &cfg), 1);
	assert_int_equal(mail_deliver_due(f->s, &cfg), 0); /* nothing is due twice */

	struct stat sb;
	assert_int_equal(stat(f->outbox, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0750);
	char path[400];
	snprintf(path, sizeof path, "%s/%lld.eml", f->outbox, (long long)id);
	char *msg = slurp(path);
	assert_lines_short(msg);
	assert_contains(msg, "Date: Fri, 15 Jan 2027 08:00:00 +0000\r\n");
	assert_contains(msg, "From: " SENDER "\r\n");
	assert_contains(msg, "To: anna@example.org\r\n");
	assert_contains(msg, "MIME-Version: 1.0\r\n");
	assert_contains(msg, "Content-Type: text/plain; charset=UTF-8\r\n");

	char b64[128], expect[160];
	sodium_bin2base64(b64, sizeof b64, (const unsigned char *)subject, strlen(subject),
	                  sodium_base64_VARIANT_ORIGINAL);
	snprintf(expect, sizeof expect, "Subject: =?UTF-8?B?%s?=\r\n", b64);
	assert_contains(msg, expect);

	char *mid = header(msg, "Message-ID");
	assert_non_null(mid);
	assert_int_equal(strlen(mid), strlen(" <@leuchtturm>") + 32);
	assert_true(strncmp(mid, " <", 2) == 0 && strstr(mid, "@leuchtturm>"));
	free(mid);

	char *plain = decode_body(msg);
	assert_string_equal(plain, "Hallo Anna,\r\n\r\nIhr Vorschlag wurde ausgewählt.\r\n.\r\n"
	                           "Eine sehr lange Zeile, die weit über sechsundsiebzig Zeichen "
	                           "hinausgeht und deshalb weich umbrochen werden muss. = "
	                           "Gleichheitszeichen \r\nEnde\r\n");
	free(plain);
	free(msg);

	/* Only the finished file: no temporary left behind. */
	DIR *d = opendir(f->outbox);
	assert_non_null(d);
	int entries = 0;
	for (struct dirent *e; (e = readdir(d));)
		entries += e->d_name[0] != '.' || strstr(e->d_name, ".eml.");
	closedir(d);
	assert_int_equal(entries, 1);

	struct row r;
	read_row(f->s, id, &r);
	assert_string_equal(r.state, "sent");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.sent_at, T0);

	char *events = audit_lines(f->s);
	char line[200];
	snprintf(line, sizeof line,
	         "mail.sent outbox:%lld {\"id\":%lld,\"to\":\"anna@example.org\"}\n", (long long)id,
	         (long long)id);
	assert_string_equal(events, line);
	free(events);
	assert_audit_intact(f->s, 1);
}

static void
test_refuses_injection(void **state)
{
	struct fixture *f = *state;
	const char *bad_to[] = {
	    NULL,
	    "",
	    "nobody",
	    "@example.org",
	    "anna@",
	    "anna@b@example.org",
	    "anna@example.org\r\nBcc: all@example.org",
	    "anna@example.org\nBcc: all@example.org",
	    "anna@example.org\r",
	    "anna@example.org, eve@example.org",
	    "Anna <anna@example.org>",
	};
	for (size_t i = 0; i < sizeof bad_to / sizeof *bad_to; i++)
		assert_int_equal(enqueue(f->s, bad_to[i], "Hallo", "Text"), -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", "Hallo\r\nBcc: eve@example.org", "Text"),
	                 -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", "Hallo\nX: y", "Text"), -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", "Hallo\r", "Text"), -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", "\xff\xfe", "Text"), -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", NULL, "Text"), -1);
	assert_int_equal(enqueue(f->s, "anna@example.org", "Hallo", NULL), -1);

	/* 254 bytes is the longest address SMTP carries; one more is refused. */
	char addr[300];
	memset(addr, 'a', sizeof addr);
	memcpy(addr + 254 - 12, "@example.org", 13);
	assert_int_equal(strlen(addr), 254);
	char longer[sizeof addr + 1];
	snprintf(longer, sizeof longer, "a%s", addr);
	assert_int_equal(enqueue(f->s, longer, "Hallo", "Text"), -1);
	assert_int_equal(outbox_count(f->s), 0);

	assert_true(enqueue(f->s, addr, "Hallo", "Text") > 0);
	assert_int_equal(outbox_count(f->s), 1);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_file_delivery, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_injection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

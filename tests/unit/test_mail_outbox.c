/* The outbox: queueing refuses header injection; delivery to .eml files writes the right
 * message. */
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

static const struct store_query q_count = {"t_mail_count", "SELECT count(*) FROM outbox"};

static int64_t
outbox_count(struct store *s)
{
	struct stmt *st = store_stmt(s, &q_count);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
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

static const struct store_query q_unsent = {
    "t_mail_unsent", "UPDATE outbox SET state = 'queued', attempts = 0, sent_at = NULL, "
                     "next_attempt_at = ?2 WHERE id = ?1"};

static int
mark_unsent(struct store *s, void *arg)
{
	struct stmt *st = store_stmt(s, &q_unsent);
	stmt_bind_int(st, 1, *(int64_t *)arg);
	stmt_bind_int(st, 2, T0 + 600);
	return stmt_exec(st);
}

static char *
message_id_of(struct fixture *f, int64_t id)
{
	char path[400];
	snprintf(path, sizeof path, "%s/%lld.eml", f->outbox, (long long)id);
	char *msg = slurp(path);
	char *mid = header(msg, "Message-ID");
	free(msg);
	assert_non_null(mid);
	return mid;
}

/* Delivery is at least once: a worker that dies after the SMTP server took a message but
 * before its row says "sent" leaves it to go again once the claim runs out. The copy
 * carries the first one's Message-ID, so mail programs can tell it is the same message;
 * two messages never share one. */
static void
test_a_second_copy_keeps_the_message_id(void **state)
{
	struct fixture *f = *state;
	time_set_fake(T0);
	int64_t a = enqueue(f->s, "anna@example.org", "Erinnerung", "Bitte bewerten.");
	int64_t b = enqueue(f->s, "anna@example.org", "Erinnerung", "Bitte bewerten.");
	struct mail_config cfg = {.from = SENDER, .outbox_dir = f->outbox};
	assert_int_equal(mail_deliver_due(f->s, &cfg), 2);
	char *first = message_id_of(f, a), *other = message_id_of(f, b);
	assert_string_not_equal(first, other);

	/* The "sent" row lost with its worker, the claim run out: the message goes again. */
	assert_int_equal(store_tx(f->s, mark_unsent, &a), STORE_OK);
	time_set_fake(T0 + 601);
	assert_int_equal(mail_deliver_due(f->s, &cfg), 1);
	char *again = message_id_of(f, a);
	assert_string_equal(again, first);
	free(first);
	free(other);
	free(again);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_file_delivery, mail_setup, mail_teardown),
	    cmocka_unit_test_setup_teardown(test_refuses_injection, mail_setup, mail_teardown),
	    cmocka_unit_test_setup_teardown(test_a_second_copy_keeps_the_message_id, mail_setup,
	                                    mail_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

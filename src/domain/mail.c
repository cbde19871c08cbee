/* The e-mail outbox: queueing with header-injection checks, and delivery over SMTP or as
 * .eml files, with retries on a growing schedule and an audit event for each outcome. */
#include "domain/mail.h"
#include "domain/audit.h"
#include "io/smtp.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ADDRESS 254 /* RFC 5321 path limit less the angle brackets */
#define MAX_ATTEMPTS 6
#define BATCH 50
/* A claimed message is hidden from other workers this long; it must outlast one SMTP
 * conversation (connect + transfer timeouts) so two live instances never send it twice.
 * A worker that dies between the SMTP server's acceptance and the "sent" row leaves the
 * message to go again after this: at least once, not exactly once (see message_id). */
#define CLAIM_SECONDS 600
#define MAX_ERROR 500
/* RFC 2047 allows 75 characters per encoded-word and 76 per line; "=?UTF-8?B?" and "?="
 * take 12, which leaves 63 base64 characters, i.e. 45 bytes of text; the first line also
 * carries "Subject: ", so its word holds 9 bytes less. */
#define WORD_BYTES 45
#define FIRST_WORD_BYTES 36

/* Delay before attempt n+1 after the n-th failure. */
static const int64_t retry_delays[MAX_ATTEMPTS - 1] = {60, 300, 1800, 7200, 21600};

static const struct store_query q_enqueue = {
    "mail_enqueue", "INSERT INTO outbox(to_addr, subject, body, next_attempt_at, created_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id"};
static const struct store_query q_due = {
    "mail_due", "SELECT id, to_addr, subject, body, created_at FROM outbox "
                "WHERE state = 'queued' AND next_attempt_at <= ?1 "
                "ORDER BY next_attempt_at, id LIMIT ?2"};
static const struct store_query q_claim = {
    "mail_claim", "UPDATE outbox SET next_attempt_at = ?3 "
                  "WHERE id = ?1 AND state = 'queued' AND next_attempt_at <= ?2"};
static const struct store_query q_sent = {
    "mail_sent", "UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?2, "
                 "last_error = '' WHERE id = ?1"};
/* Counts the attempt and returns the count in one statement, which takes the message's
 * row lock (PostgreSQL) or is under SQLite's write lock, so two workers recording a
 * failure of the same message at once count two attempts, not one. */
static const struct store_query q_attempts = {
    "mail_attempts", "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1 RETURNING attempts"};
static const struct store_query q_failed = {
    "mail_failed", "UPDATE outbox SET state = ?2, attempts = ?3, next_attempt_at = ?4, "
                   "last_error = ?5 WHERE id = ?1"};

struct outmsg {
	int64_t id;
	int64_t created_at;
	char *to;
	char *subject;
	char *body;
};

static pthread_once_t libs_once = PTHREAD_ONCE_INIT;

/* sodium_init and curl_global_init are not safe to race with other threads: once, here. */
static void
init_libs(void)
{
	if (sodium_init() < 0)
		abort();
	smtp_init();
}

/* Only plain ASCII addresses without anything a header or an SMTP command could read as
 * syntax: a comma would add a recipient, brackets or CR/LF would end the path. Non-ASCII
 * addresses would need SMTPUTF8, which we do not rely on (IDN domains go in as xn--). */
static bool
address_ok(const char *a)
{
	if (!a)
		return false;
	size_t n = strlen(a), ats = 0;
	if (n == 0 || n > MAX_ADDRESS || a[0] == '@' || a[n - 1] == '@')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];
		if (c <= 0x20 || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
		ats += c == '@';
	}
	return ats == 1;
}

static bool
subject_ok(const char *s)
{
	return s && !strpbrk(s, "\r\n") && str_utf8_valid(s, strlen(s));
}

static bool
body_ok(const char *s)
{
	return s && str_utf8_valid(s, strlen(s));
}

static void (*_Atomic queued_hook)(void);

void
mail_on_queued(void (*fn)(void))
{
	atomic_store(&queued_hook, fn);
}

int64_t
mail_enqueue(struct store *s, const char *to, const char *subject, const char *body)
{
	store_assert_tx(s);
	if (!address_ok(to) || !subject_ok(subject) || !body_ok(body)) {
		/* The address may come from an attacker, so it stays out of the log. */
		log_error("mail: refused a message with an unsafe address, subject or body");
		return -1;
	}
	struct stmt *st = store_stmt(s, &q_enqueue);
	stmt_bind_text(st, 1, to);
	stmt_bind_text(st, 2, subject);
	stmt_bind_text(st, 3, body);
	stmt_bind_int(st, 4, time_now());
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		return -1;
	void (*hook)(void) = atomic_load(&queued_hook);
	if (hook)
		store_after_commit(s, hook);
	return id;
}

/* RFC 5322 date in UTC; the names are spelled out because strftime follows the locale. */
/* Printable ASCII that no reader could take for an encoded-word goes out as it is. */
static bool
subject_plain(const char *s)
{
	if (strlen(s) > 900 || strstr(s, "=?"))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* RFC 2047 B-encoding, folded one encoded-word per line; a word must hold whole
 * characters, so a cut never falls on a UTF-8 continuation byte. */
static void
put_subject(struct buf *b, const char *subject)
{
	if (subject_plain(subject)) {
		buf_printf(b, "Subject: %s\r\n", subject);
		return;
	}
	buf_puts(b, "Subject:");
	const unsigned char *p = (const unsigned char *)subject;
	size_t left = strlen(subject), room = FIRST_WORD_BYTES;
	while (left) {
		size_t n = left < room ? left : room;
		while (n < left && n > 0 && (p[n] & 0xc0) == 0x80)
			n--;
		if (n == 0)
			n = left < room ? left : room;
		char enc[sodium_base64_ENCODED_LEN(WORD_BYTES, sodium_base64_VARIANT_ORIGINAL)];
		sodium_bin2base64(enc, sizeof enc, p, n, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(b, "%s=?UTF-8?B?%s?=", room == FIRST_WORD_BYTES ? " " : "\r\n ", enc);
		p += n;
		left -= n;
		room = WORD_BYTES;
	}
	buf_puts(b, "\r\n");
}

/* Quoted-printable (RFC 2045 6.7) keeps the message 7-bit and every line short, so
 * neither long paragraphs nor a relay without 8BITMIME can damage it. Any line ending
 * becomes CRLF; dot-stuffing is libcurl's job. */
static void
put_body(struct buf *b, const char *body)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		/* Trailing white space would be stripped in transit, so it is encoded. */
		bool eol = p[1] == '\0' || p[1] == '\r' || p[1] == '\n';
		bool blank = *p == ' ' || *p == '\t';
		char tok[4];
		size_t n = 1;
		if ((*p >= 33 && *p <= 126 && *p != '=') || (blank && !eol))
			tok[0] = (char)*p;
		else
			n = (size_t)snprintf(tok, sizeof tok, "=%02X", *p);
		if (col + n > 75) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		buf_append(b, tok, n);
		col += n;
	}
	if (col)
		buf_puts(b, "\r\n");
}

/* The Message-ID's 32 hex digits: a hash of the sender, the outbox row and its recipient,
 * the same at every attempt. Delivery is at least once (a worker that dies after the SMTP
 * server took the message but before the row says "sent" leaves it to go again once its
 * claim runs out); a second copy then carries the first one's Message-ID, by which mail
 * servers and programs that keep one copy per Message-ID recognise it. */
static void
message_id(char out[33], const struct mail_config *cfg, const struct outmsg *m)
{
	unsigned char digest[16];
	crypto_generichash_state h;
	char num[48];
	snprintf(num, sizeof num, "%lld.%lld", (long long)m->id, (long long)m->created_at);
	crypto_generichash_init(&h, NULL, 0, sizeof digest);
	const char *parts[] = {cfg->from ? cfg->from : "", num, m->to};
	for (size_t i = 0; i < 3; i++)
		crypto_generichash_update(&h, (const unsigned char *)parts[i],
		                          strlen(parts[i]) + 1);
	crypto_generichash_final(&h, digest, sizeof digest);
	str_hex(out, digest, sizeof digest);
}

static char *
build_message(const struct mail_config *cfg, const struct outmsg *m)
{
	struct buf b = BUF_INIT;
	char date[64], id[33];
	time_format_rfc5322(date, sizeof date, m->created_at);
	message_id(id, cfg, m);
	buf_printf(&b, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n", date, cfg->from, m->to);
	put_subject(&b, m->subject);
	buf_printf(&b, "Message-ID: <%s@leuchtturm>\r\n", id);
	/* Auto-Submitted (RFC 3834) keeps vacation responders from answering the robot. */
	buf_puts(&b, "MIME-Version: 1.0\r\n"
	             "Content-Type: text/plain; charset=UTF-8\r\n"
	             "Content-Transfer-Encoding: quoted-printable\r\n"
	             "Auto-Submitted: auto-generated\r\n"
	             "\r\n");
	put_body(&b, m->body);
	return buf_detach(&b);
}

static int
audit_mail(struct store *s, const char *action, const struct outmsg *m)
{
	char object[32];
	snprintf(object, sizeof object, "outbox:%lld", (long long)m->id);
	json_t *details = json_pack("{s:I,s:s}", "id", (json_int_t)m->id, "to", m->to);
	return audit_log(s, 0, action, object, details);
}

struct claim_tx {
	int64_t id, now;
};

static int
claim_body(struct store *s, void *arg)
{
	struct claim_tx *t = arg;
	struct stmt *st = store_stmt(s, &q_claim);
	stmt_bind_int(st, 1, t->id);
	stmt_bind_int(st, 2, t->now);
	stmt_bind_int(st, 3, t->now + CLAIM_SECONDS);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	/* 0 rows: another worker was faster; nothing to keep. */
	return store_changes(s) == 1 ? STORE_OK : 1;
}

/* Marks the message as taken by this worker for CLAIM_SECONDS; false when another worker
 * was faster (or the store failed), in which case this one leaves it alone. */
static bool
claim(struct store *s, int64_t id)
{
	struct claim_tx t = {id, time_now()};
	return store_tx(s, claim_body, &t) == STORE_OK;
}

static int
record_sent_body(struct store *s, void *arg)
{
	const struct outmsg *m = arg;
	struct stmt *st = store_stmt(s, &q_sent);
	stmt_bind_int(st, 1, m->id);
	stmt_bind_int(st, 2, time_now());
	if (stmt_exec(st) != STORE_OK || audit_mail(s, "mail.sent", m) != 0)
		return STORE_ERR;
	return STORE_OK;
}

static int
record_sent(struct store *s, const struct outmsg *m)
{
	return store_tx(s, record_sent_body, (void *)m) == STORE_OK ? 0 : -1;
}

struct failure_tx {
	const struct outmsg *m;
	const char *msg;
	int64_t attempts; /* out */
	bool final;       /* out */
};

static int
record_failure_body(struct store *s, void *arg)
{
	struct failure_tx *t = arg;
	/* Counted by the update that takes the row, so the count decides between retry and
	 * giving up even with two workers. */
	struct stmt *st = store_stmt(s, &q_attempts);
	stmt_bind_int(st, 1, t->m->id);
	t->attempts = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	if (t->attempts < 1)
		return STORE_ERR;
	t->final = t->attempts >= MAX_ATTEMPTS;
	int64_t now = time_now();
	st = store_stmt(s, &q_failed);
	stmt_bind_int(st, 1, t->m->id);
	stmt_bind_text(st, 2, t->final ? "failed" : "queued");
	stmt_bind_int(st, 3, t->attempts);
	stmt_bind_int(st, 4, t->final ? now : now + retry_delays[t->attempts - 1]);
	stmt_bind_text(st, 5, t->msg);
	if (stmt_exec(st) != STORE_OK || (t->final && audit_mail(s, "mail.failed", t->m) != 0))
		return STORE_ERR;
	return STORE_OK;
}

static int
record_failure(struct store *s, const struct outmsg *m, const char *error)
{
	char msg[MAX_ERROR + 1];
	snprintf(msg, sizeof msg, "%s", error);
	struct failure_tx t = {m, msg, 0, false};
	if (store_tx(s, record_failure_body, &t) != STORE_OK)
		return -1;
	log_error("mail: outbox %lld attempt %lld failed%s: %s", (long long)m->id,
	          (long long)t.attempts, t.final ? ", giving up" : "", msg);
	return 0;
}

/* Claims, sends and records one message: 1 when delivered, 0 when the attempt failed, -1
 * when it could not be claimed. No transaction is open while the message is sent, so a
 * slow SMTP server never holds the write lock. */
static int
deliver_one(struct store *s, const struct mail_config *cfg, const struct outmsg *m)
{
	int delivered = -1;
	struct buf err = BUF_INIT;
	char *msg = NULL;
	if (!claim(s, m->id))
		goto out;
	delivered = 0;
	msg = build_message(cfg, m);
	struct smtp_server srv = {cfg->smtp_url, cfg->smtp_user, cfg->smtp_password, cfg->from,
	                          cfg->starttls};
	int sent = cfg->smtp_url && *cfg->smtp_url
	               ? smtp_send(&srv, m->to, msg, &err)
	               : smtp_write_eml(cfg->outbox_dir, m->id, msg, &err);
	if (sent == 0) {
		delivered = 1;
		/* Sent but not recorded: the claim runs out and the message goes again. */
		if (record_sent(s, m) != 0)
			log_error("mail: outbox %lld sent but not recorded", (long long)m->id);
	} else if (record_failure(s, m, buf_str(&err)) != 0) {
		log_error("mail: outbox %lld failed and not recorded", (long long)m->id);
	}
out:
	free(msg);
	buf_free(&err);
	return delivered;
}

/* Copies up to BATCH due rows, so the read is over before any message is sent. */
static size_t
read_due(struct store *s, struct outmsg *out)
{
	size_t n = 0;
	struct stmt *st = store_stmt(s, &q_due);
	stmt_bind_int(st, 1, time_now());
	stmt_bind_int(st, 2, BATCH);
	while (n < BATCH && stmt_step(st) == STORE_ROW) {
		out[n].id = stmt_int(st, 0);
		out[n].to = xstrdup(stmt_text(st, 1));
		out[n].subject = xstrdup(stmt_text(st, 2));
		out[n].body = xstrdup(stmt_text(st, 3));
		out[n].created_at = stmt_int(st, 4);
		n++;
	}
	stmt_done(st);
	return n;
}

static void
free_msgs(struct outmsg *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].to);
		free(m[i].subject);
		free(m[i].body);
	}
}

/* A configuration error leaves the queue untouched rather than burn every attempt. */
static bool
config_ok(const struct mail_config *cfg)
{
	if (!cfg || !address_ok(cfg->from)) {
		log_error("mail: no valid sender address configured");
		return false;
	}
	if (!(cfg->smtp_url && *cfg->smtp_url) && !(cfg->outbox_dir && *cfg->outbox_dir)) {
		log_error("mail: neither an SMTP URL nor an outbox folder is configured");
		return false;
	}
	return true;
}

int
mail_deliver_due(struct store *s, const struct mail_config *cfg)
{
	/* Sending inside the caller's transaction would hold the write lock for a whole
	 * SMTP conversation; that is a programming error, caught by any test. */
	if (store_in_transaction(s)) {
		log_error("mail: mail_deliver_due called inside a transaction");
		abort();
	}
	if (!config_ok(cfg))
		return 0;
	pthread_once(&libs_once, init_libs);
	int delivered = 0;
	struct outmsg batch[BATCH];
	size_t n, claimed;
	/* A full batch may hide more due rows; a batch where nothing could be claimed means
	 * the store is failing, and reading again would only spin. */
	do {
		n = read_due(s, batch);
		claimed = 0;
		for (size_t i = 0; i < n; i++) {
			int r = deliver_one(s, cfg, &batch[i]);
			claimed += r >= 0;
			delivered += r > 0;
		}
		free_msgs(batch, n);
	} while (n == BATCH && claimed > 0);
	return delivered;
}

static const struct store_query q_last_id = {"mail_last_id",
                                             "SELECT coalesce(max(id), 0) FROM outbox"};
static const struct store_query q_discard = {
    "mail_discard_after", "DELETE FROM outbox WHERE id > ?1 AND state = 'queued'"};

int64_t
mail_last_id(struct store *s)
{
	return stmt_one_int(store_stmt(s, &q_last_id));
}

int
mail_discard_after(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_discard);
	stmt_bind_int(st, 1, id);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

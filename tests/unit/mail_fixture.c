/* The fixture and helpers of the outbox tests (mail_fixture.h). */
#include "mail_fixture.h"
#include "fixture.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_row = {
    "t_mail_row", "SELECT state, attempts, next_attempt_at, last_error, coalesce(sent_at, 0) "
                  "FROM outbox WHERE id = ?1"};
static const struct store_query q_events = {
    "t_mail_events", "SELECT action, object, details FROM audit_event ORDER BY seq"};

/* The temporary directory, a migrated database on the run's driver, quiet log. */
int
mail_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/lt-mail-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(f->dir));
	/* Two levels that do not exist yet: delivery must create both. */
	snprintf(f->outbox, sizeof f->outbox, "%s/data/outbox", f->dir);
	log_set_quiet(1);
	temp_db_open(&f->s, f->db, sizeof f->db, "mail");
	*state = f;
	return 0;
}

/* nftw's callback that removes each entry. */
static int
remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Closes the database, removes the directory, resets the clock. */
int
mail_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->db);
	nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	time_set_fake(0);
	free(f);
	return 0;
}

/* The outbox row id into *r; fails when there is none. */
void
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

/* The arguments and result of enqueue's transaction. */
struct enqueue_tx {
	const char *to, *subject, *body;
	int64_t id;
};

/* The transaction of enqueue. */
static int
enqueue_body(struct store *s, void *arg)
{
	struct enqueue_tx *t = arg;
	t->id = mail_enqueue(s, t->to, t->subject, t->body);
	return t->id > 0 ? STORE_OK : STORE_ERR;
}

/* mail_enqueue in a transaction of its own, as its callers run it: the outbox id, or -1. */
int64_t
enqueue(struct store *s, const char *to, const char *subject, const char *body)
{
	struct enqueue_tx t = {to, subject, body, -1};
	return store_tx(s, enqueue_body, &t) == STORE_OK ? t.id : -1;
}

/* The audit events as "action object details" lines. */
char *
audit_lines(struct store *s)
{
	struct buf b = BUF_INIT;
	struct stmt *st = store_stmt(s, &q_events);
	while (stmt_step(st) == STORE_ROW)
		buf_printf(&b, "%s %s %s\n", stmt_text(st, 0), stmt_text(st, 1), stmt_text(st, 2));
	stmt_done(st);
	return buf_detach(&b);
}

/* Fails unless the audit chain is intact and has `events` events. */
void
assert_audit_intact(struct store *s, int64_t events)
{
	int64_t checked = 0;
	assert_int_equal(audit_verify(s, &checked), 0);
	assert_int_equal(checked, events);
}

/* The value of a header, unfolded, or NULL. */
char *
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

/* The value of one uppercase hex digit. */
static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10;
}

/* Decodes the quoted-printable body after the header block. */
char *
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

/* Fails unless every line ends in CRLF and has at most 76 bytes. */
void
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

/* Fails unless needle is in hay. */
void
assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, hay);
}

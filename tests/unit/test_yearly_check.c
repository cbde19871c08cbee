/* The scheduler's yearly check (yearly_check_run) on a fake clock: a round opens once a
 * year after publication and is mailed once (not on a second run, after a restart or from
 * a second instance), reminders go out once after 4 and 8 weeks, an unanswered round is
 * overdue after 12 weeks; the link answers once, and the office's approval confirms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/yearly_check.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define DUE (T0 + 365 * DAY)
#define OWNER "owner@a.example"

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static const struct store_query q_practice = {
    "t_yc_practice",
    "INSERT INTO practice(id, slug, title, status, contact_email, published_at, updated_at, "
    "created_at) VALUES (1, 'p', 'Praxis', 'published', '" OWNER "', ?1, ?1, ?1)"};
static const struct store_query q_since = {
    "t_yc_since", "UPDATE setting SET value = '0' WHERE key = 'yearly_check_since'"};
static const struct store_query q_mails = {"t_yc_mails",
                                           "SELECT count(*) FROM outbox WHERE to_addr = ?1"};
static const struct store_query q_audits = {"t_yc_audits",
                                            "SELECT count(*) FROM audit_event WHERE action = ?1"};
static const struct store_query q_confirmed = {
    "t_yc_confirmed", "SELECT coalesce(confirmed_at, 0) FROM practice WHERE id = 1"};

static int
seed_body(struct store *s, void *arg)
{
	(void)arg;
	struct stmt *st = store_stmt(s, &q_practice);
	stmt_bind_int(st, 1, T0);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	return stmt_exec(store_stmt(s, &q_since)) == STORE_OK ? STORE_OK : STORE_ERR;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "yearly");
	time_set_fake(T0);
	if (store_tx(f->s, seed_body, NULL) != STORE_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_end(f->s, f->path, &f->a);
	free(f);
	return 0;
}

static int64_t
count(struct store *s, const struct store_query *q, const char *v)
{
	struct stmt *st = store_stmt(s, q);
	if (v)
		stmt_bind_text(st, 1, v);
	return stmt_one_int(st);
}

static int
run_at(struct fixture *f, int64_t t)
{
	time_set_fake(t);
	return yearly_check_run(f->s, t);
}

static size_t
overdue(struct fixture *f, int64_t t)
{
	size_t n;
	yearly_check_list(f->s, &f->a, false, t, &n);
	return n;
}

static void
test_round_and_reminders_once(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(run_at(f, T0), 0);
	assert_int_equal(run_at(f, DUE - 1), 0);
	/* A year on: one mail to the public contact (no sub-project accounts). */
	assert_int_equal(run_at(f, DUE), 1);
	assert_int_equal(count(f->s, &q_mails, OWNER), 1);
	assert_int_equal(run_at(f, DUE), 0);
	assert_int_equal(run_at(f, DUE + DAY), 0);
	/* A new process: the round is in the database. */
	store_close(f->s);
	assert_int_equal(store_open(&f->s, f->path), STORE_OK);
	assert_int_equal(run_at(f, DUE + 2 * DAY), 0);
	/* The reminders: after 4 weeks, once, even from two instances at the same moment. */
	assert_int_equal(run_at(f, DUE + 28 * DAY - 1), 0);
	struct store *other;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	time_set_fake(DUE + 28 * DAY);
	int a = yearly_check_run(f->s, DUE + 28 * DAY);
	int b = yearly_check_run(other, DUE + 28 * DAY);
	store_close(other);
	assert_int_equal(a + b, 1);
	assert_int_equal(run_at(f, DUE + 40 * DAY), 0);
	assert_int_equal(overdue(f, DUE + 40 * DAY), 0);
	/* After 8 weeks, once. */
	assert_int_equal(run_at(f, DUE + 56 * DAY), 1);
	assert_int_equal(run_at(f, DUE + 57 * DAY), 0);
	assert_int_equal(count(f->s, &q_mails, OWNER), 3);
	/* Unanswered 12 weeks after the first mail: on the office's list. */
	assert_int_equal(overdue(f, DUE + 84 * DAY - 1), 0);
	assert_int_equal(overdue(f, DUE + 84 * DAY), 1);
	assert_int_equal(count(f->s, &q_audits, "yearly_check.open"), 1);
	assert_int_equal(count(f->s, &q_audits, "yearly_check.remind1"), 1);
	assert_int_equal(count(f->s, &q_audits, "yearly_check.remind2"), 1);
}

static const char *
last_token(struct fixture *f, char token[65])
{
	static const struct store_query q_body = {
	    "t_yc_body", "SELECT body FROM outbox WHERE to_addr = '" OWNER "' ORDER BY id DESC"};
	struct stmt *st = store_stmt(f->s, &q_body);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *link = strstr(stmt_text(st, 0), "/jahrescheck/");
	assert_non_null(link);
	memcpy(token, link + strlen("/jahrescheck/"), 64);
	token[64] = '\0';
	stmt_done(st);
	return token;
}

struct answer_tx {
	const char *token;
	int64_t now;
	int rc;
};

static int
answer_body(struct store *s, void *arg)
{
	struct answer_tx *t = arg;
	struct yearly_input in = {YA_CHANGED, 120, "Jetzt auch online."};
	t->rc = yearly_check_answer(s, t->token, t->now, &in);
	return STORE_OK;
}

static int
approve_body(struct store *s, void *arg)
{
	int64_t *id = arg;
	return yearly_check_review(s, 0, *id, true) == YEARLY_OK ? STORE_OK : STORE_ERR;
}

static void
test_answer_once_then_approved(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(run_at(f, DUE), 1);
	char token[65];
	last_token(f, token);
	int64_t id = yearly_check_link_round(f->s, token, DUE + DAY);
	assert_true(id > 0);
	/* Expired after 16 weeks. */
	assert_int_equal(yearly_check_link_round(f->s, token, DUE + 112 * DAY), 0);
	struct answer_tx t = {token, DUE + DAY, 1};
	assert_int_equal(store_tx(f->s, answer_body, &t), STORE_OK);
	assert_int_equal(t.rc, YEARLY_OK);
	/* Used: a second answer is refused, and no reminder follows. */
	assert_int_equal(store_tx(f->s, answer_body, &t), STORE_OK);
	assert_int_equal(t.rc, YEARLY_GONE);
	assert_int_equal(run_at(f, DUE + 30 * DAY), 0);
	/* Not public before the office approves. */
	assert_int_equal(count(f->s, &q_confirmed, NULL), 0);
	assert_int_equal(store_tx(f->s, approve_body, &id), STORE_OK);
	assert_int_equal(count(f->s, &q_confirmed, NULL), DUE + DAY);
	size_t n;
	struct yearly_check *tl = yearly_check_timeline(f->s, &f->a, 1, &n);
	assert_int_equal(n, 1);
	assert_string_equal(tl[0].update_text, "Jetzt auch online.");
	assert_int_equal(tl[0].people_reached, 120);
	/* The next round: a year after this round's first mail. */
	assert_int_equal(run_at(f, DUE + 365 * DAY + DAY), 1);
	assert_int_equal(count(f->s, &q_audits, "yearly_check.approve"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_and_reminders_once, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_answer_once_then_approved, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The scheduler's transfer steps (transfer_send_followups, transfer_purge_unconfirmed): six
 * months after an interest the reporter is asked once whether it became an adoption, never
 * twice (not on a second run, after a restart, or from a second instance), only while the
 * report is still an interest; unconfirmed requests are deleted after 30 days. The clock is
 * driven as the review reminders' tests drive it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/transfer.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define DUE (T0 + TRANSFER_FOLLOWUP_DAYS * DAY)

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static const struct store_query q_practice = {
    "t_tr_practice", "INSERT INTO practice(id, slug, title, status, published_at, updated_at, "
                     "created_at) VALUES (1, 'p', 'Praxis', 'published', ?1, ?1, ?1)"};
static const struct store_query q_report = {
    "t_tr_report",
    "INSERT INTO transfer_report(id, practice_id, state, reporter_name, reporter_email, "
    "organisation_name, organisation_key, organisation_kind, bundesland, stage, interest_at, "
    "confirmed_at, created_at, updated_at) VALUES (?1, 1, ?2, 'R', ?3, ?4, ?4, 'jobcenter', "
    "'he', ?5, ?6, ?6, ?6, ?6)"};
static const struct store_query q_mails = {"t_tr_mails",
                                           "SELECT count(*) FROM outbox WHERE to_addr = ?1"};
static const struct store_query q_audits = {"t_tr_audits",
                                            "SELECT count(*) FROM audit_event WHERE action = ?1"};
static const struct store_query q_rows = {"t_tr_rows", "SELECT count(*) FROM transfer_report"};

struct report_row {
	int64_t id;
	const char *state, *email, *stage;
	int64_t at;
};

static int
seed_body(struct store *s, void *arg)
{
	const struct report_row *rows = arg;
	struct stmt *st = store_stmt(s, &q_practice);
	stmt_bind_int(st, 1, T0 - DAY);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	for (const struct report_row *r = rows; r->id; r++) {
		st = store_stmt(s, &q_report);
		stmt_bind_int(st, 1, r->id);
		stmt_bind_text(st, 2, r->state);
		stmt_bind_text(st, 3, r->email);
		stmt_bind_text(st, 4, r->email);
		stmt_bind_text(st, 5, r->stage);
		stmt_bind_int(st, 6, r->at);
		if (stmt_exec(st) != STORE_OK)
			return STORE_ERR;
	}
	return STORE_OK;
}

static const struct report_row rows[] = {
    {1, "confirmed", "interest@a.example", "interest", T0},
    {2, "confirmed", "adopted@a.example", "adopted", T0},
    {3, "withdrawn", "gone@a.example", "interest", T0},
    {4, "confirmed", "later@a.example", "interest", T0 + 30 * DAY},
    {0, NULL, NULL, NULL, 0},
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "transfer");
	time_set_fake(T0);
	if (store_tx(f->s, seed_body, (void *)rows) != STORE_OK)
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
	return transfer_send_followups(f->s, t);
}

static void
test_asked_once_after_six_months(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(run_at(f, T0), 0);
	assert_int_equal(run_at(f, DUE - 1), 0);
	assert_int_equal(count(f->s, &q_mails, "interest@a.example"), 0);
	/* Six months on: only the report that is still an interest. */
	assert_int_equal(run_at(f, DUE), 1);
	assert_int_equal(count(f->s, &q_mails, "interest@a.example"), 1);
	assert_int_equal(count(f->s, &q_mails, "adopted@a.example"), 0);
	assert_int_equal(count(f->s, &q_mails, "gone@a.example"), 0);
	/* Never twice: the same minute, a day later, a month later. */
	assert_int_equal(run_at(f, DUE), 0);
	assert_int_equal(run_at(f, DUE + DAY), 0);
	assert_int_equal(count(f->s, &q_mails, "interest@a.example"), 1);
	/* A new process: the record is in the database. */
	store_close(f->s);
	assert_int_equal(store_open(&f->s, f->path), STORE_OK);
	assert_int_equal(run_at(f, DUE + 2 * DAY), 0);
	/* Two instances at the moment the later report is due: asked once. */
	struct store *other;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	time_set_fake(DUE + 30 * DAY);
	int a = transfer_send_followups(f->s, DUE + 30 * DAY);
	int b = transfer_send_followups(other, DUE + 30 * DAY);
	store_close(other);
	assert_int_equal(a + b, 1);
	assert_int_equal(count(f->s, &q_mails, "later@a.example"), 1);
	assert_int_equal(count(f->s, &q_audits, "transfer.followup"), 2);
}

static void
test_the_question_carries_a_private_link(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(run_at(f, DUE), 1);
	static const struct store_query q_body = {
	    "t_tr_body", "SELECT body FROM outbox WHERE to_addr = 'interest@a.example'"};
	struct stmt *st = store_stmt(f->s, &q_body);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *body = stmt_text(st, 0);
	const char *link = strstr(body, "/uebernahme/meldung/");
	assert_non_null(link);
	char token[65];
	memcpy(token, link + strlen("/uebernahme/meldung/"), 64);
	token[64] = '\0';
	stmt_done(st);
	assert_int_equal(transfer_manage_check(f->s, token), 1);
}

static void
test_unconfirmed_deleted_after_30_days(void **state)
{
	struct fixture *f = *state;
	static const struct report_row more[] = {
	    {10, "unconfirmed", "old@a.example", "interest", T0 - 31 * DAY},
	    {11, "unconfirmed", "new@a.example", "interest", T0 - 29 * DAY},
	    {0, NULL, NULL, NULL, 0},
	};
	/* Only the report rows (the practice is there): insert them straight. */
	for (const struct report_row *r = more; r->id; r++) {
		struct stmt *st = store_stmt(f->s, &q_report);
		stmt_bind_int(st, 1, r->id);
		stmt_bind_text(st, 2, r->state);
		stmt_bind_text(st, 3, r->email);
		stmt_bind_text(st, 4, r->email);
		stmt_bind_text(st, 5, r->stage);
		stmt_bind_int(st, 6, r->at);
		assert_int_equal(stmt_exec(st), STORE_OK);
	}
	int64_t before = count(f->s, &q_rows, NULL);
	assert_int_equal(transfer_purge_unconfirmed(f->s, T0), 1);
	assert_int_equal(count(f->s, &q_rows, NULL), before - 1);
	assert_int_equal(transfer_purge_unconfirmed(f->s, T0), 0);
	assert_int_equal(transfer_purge_unconfirmed(f->s, T0 + 2 * DAY), 1);
	/* Confirmed and withdrawn reports stay. */
	assert_int_equal(count(f->s, &q_rows, NULL), before - 2);
	assert_int_equal(count(f->s, &q_audits, "transfer.purge"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_asked_once_after_six_months, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_the_question_carries_a_private_link, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_unconfirmed_deleted_after_30_days, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

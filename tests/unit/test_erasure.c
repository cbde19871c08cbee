/* Erasure of a person in the domain (GDPR Art. 17): the account pseudonymised, its
 * sessions and throttle rows gone, mails to it deleted, its name and address replaced in
 * other mails, the audit details naming it erased, one audited "user.erased"; the chain
 * verifies; a second erasure is refused. The same on SQLite and PostgreSQL. */
#include "domain/audit.h"
#include "domain/erasure.h"
#include "domain/mail.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t anna, bernd;
};

static int
seed(struct store *s, void *arg)
{
	struct fixture *f = arg;
	f->anna =
	    user_create(s, 0, "anna.bauer@example.org", "Anna Bauer", NULL, ROLE_SUBMITTER, 0);
	f->bernd = user_create(s, 0, "bernd@example.org", "Bernd Kraus", NULL, ROLE_ADMIN, 0);
	if (f->anna <= 0 || f->bernd <= 0)
		return STORE_ERR;
	if (mail_enqueue(s, "Anna.Bauer@example.org", "Willkommen", "Hallo Anna Bauer") <= 0 ||
	    mail_enqueue(s, "bernd@example.org", "Neu: Anna Bauer",
	                 "Anna Bauer (anna.bauer@example.org) hat sich angemeldet.") <= 0)
		return STORE_ERR;
	return STORE_OK;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "erasure");
	assert_int_equal(store_tx(f->s, seed, f), STORE_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_end(f->s, f->path, &f->a); /* fails unless the chain is intact */
	free(f);
	return 0;
}

struct erase_args {
	int64_t actor, id;
	struct erasure_result res;
	enum erasure_code code;
};

static int
erase_body(struct store *s, void *arg)
{
	struct erase_args *e = arg;
	e->code = erasure_erase_person(s, e->actor, e->id, &e->res);
	return e->code == ERASURE_OK ? STORE_OK : 1;
}

static const struct store_query q_count = {
    "t_erasure_count",
    "SELECT (SELECT count(*) FROM outbox WHERE lower(to_addr) LIKE '%anna%'), (SELECT "
    "count(*) FROM outbox WHERE subject LIKE '%Anna Bauer%' OR body LIKE '%Anna Bauer%' OR "
    "body LIKE '%anna.bauer@%'), (SELECT count(*) FROM audit_event WHERE lower(details) LIKE "
    "'%anna%'), (SELECT count(*) FROM audit_event WHERE action = 'user.erased' AND object = "
    "?1 AND actor_id = ?2), (SELECT count(*) FROM user_account WHERE lower(email) LIKE "
    "'%anna%' OR name LIKE '%Anna%')"};

static void
counts(struct fixture *f, long out[5])
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)f->anna);
	struct stmt *st = store_stmt(f->s, &q_count);
	stmt_bind_text(st, 1, obj);
	stmt_bind_int(st, 2, f->bernd);
	assert_int_equal(stmt_step(st), STORE_ROW);
	for (int i = 0; i < 5; i++)
		out[i] = (long)stmt_int(st, i);
	stmt_done(st);
}

static void
test_erasure_removes_the_person(void **state)
{
	struct fixture *f = *state;
	long before[5];
	counts(f, before);
	assert_int_equal(before[0], 1); /* a mail to her */
	assert_int_equal(before[1], 2); /* both name her */
	assert_true(before[2] > 0);     /* user.create, mail.queued … name her */
	struct erase_args e = {f->bernd, f->anna, {0}, ERASURE_ERROR};
	assert_int_equal(store_tx(f->s, erase_body, &e), STORE_OK);
	assert_int_equal(e.code, ERASURE_OK);
	assert_int_equal(e.res.mails, 1);
	assert_int_equal(e.res.mail_count, 1);
	assert_true(e.res.audit_events > 0);
	erasure_done(&e.res);
	long after[5];
	counts(f, after);
	assert_int_equal(after[0], 0);
	assert_int_equal(after[1], 0);
	assert_int_equal(after[2], 0);
	assert_int_equal(after[3], 1);
	assert_int_equal(after[4], 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, f->anna, &u));
	char want[64];
	snprintf(want, sizeof want, "Gelöschte Person %lld", (long long)f->anna);
	assert_string_equal(u.name, want);
	snprintf(want, sizeof want, "geloescht-%lld@invalid", (long long)f->anna);
	assert_string_equal(u.email, want);
	assert_false(u.active);
	assert_true(erasure_is_erased(f->s, f->anna));
	assert_false(erasure_is_erased(f->s, f->bernd));
	/* No password any more: nothing logs in. */
	struct user v;
	assert_false(user_check_password(f->s, &f->a, want, "", &v));
	/* Once only. */
	struct erase_args again = {f->bernd, f->anna, {0}, ERASURE_ERROR};
	assert_int_equal(store_tx(f->s, erase_body, &again), 1);
	assert_int_equal(again.code, ERASURE_ALREADY);
	erasure_done(&again.res);
	struct erase_args none = {f->bernd, 999999, {0}, ERASURE_ERROR};
	assert_int_equal(store_tx(f->s, erase_body, &none), 1);
	assert_int_equal(none.code, ERASURE_NOT_FOUND);
	erasure_done(&none.res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_erasure_removes_the_person, setup, teardown),
	};
	return cmocka_run_group_tests_name("erasure", tests, NULL, NULL);
}

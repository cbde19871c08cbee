/* The audit chain's head (audit_head): writers on two connections at once append in turn,
 * and the head of a database from before the table is filled in by the migration. */
#include "domain/audit.h"
#include "store/migrations.h"
#include "store/store.h"
#include "util/log.h"
#include "fixture.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#define ROUNDS 40

static const struct store_query q_head = {"t_audit_head", "SELECT seq, hash FROM audit_head"};
static const struct store_query q_last = {
    "t_audit_head_last", "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1"};

struct writer {
	const char *path;
	int64_t actor;
	int failures;
};

struct two_events {
	int64_t actor;
	const char *obj;
};

static int
two_events(struct store *s, void *arg)
{
	const struct two_events *e = arg;
	if (audit_log(s, e->actor, "test.one", e->obj, NULL) != 0 ||
	    audit_log(s, e->actor, "test.two", e->obj, NULL) != 0)
		return STORE_ERR;
	return STORE_OK;
}

/* ROUNDS transactions of two events each, on a connection of its own. */
static void *
write_events(void *arg)
{
	struct writer *w = arg;
	struct store *s = NULL;
	if (store_open(&s, w->path) != STORE_OK) {
		w->failures = ROUNDS;
		return NULL;
	}
	for (int i = 0; i < ROUNDS; i++) {
		char obj[32];
		snprintf(obj, sizeof obj, "writer:%lld", (long long)w->actor);
		struct two_events e = {w->actor, obj};
		if (store_tx(s, two_events, &e) != STORE_OK)
			w->failures++;
	}
	store_close(s);
	return NULL;
}

/* The head names the last event. */
static void
assert_head_is_last(struct store *s, int64_t seq)
{
	char last[65] = "";
	struct stmt *st = store_stmt(s, &q_last);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), seq);
	snprintf(last, sizeof last, "%s", stmt_text(st, 1));
	stmt_done(st);
	st = store_stmt(s, &q_head);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), seq);
	assert_string_equal(stmt_text(st, 1), last);
	stmt_done(st);
}

static void
test_two_writers_at_once_keep_one_chain(void **state)
{
	(void)state;
	char path[64];
	struct store *s = NULL;
	temp_db_open(&s, path, sizeof path, "audit-head");
	struct writer w[2] = {{path, 1, 0}, {path, 2, 0}};
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, write_events, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(w[0].failures, 0);
	assert_int_equal(w[1].failures, 0);
	int64_t checked = -1;
	assert_int_equal(audit_verify(s, &checked), 0);
	assert_int_equal(checked, 4 * ROUNDS);
	assert_head_is_last(s, 4 * ROUNDS);
	temp_db_close(s, path);
}

/* Runs sql on the file through a connection of its own, outside the application. */
static void
raw(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("raw: %s", err ? err : "?");
	sqlite3_close(db);
}

struct one_event {
	const char *action;
};

static int
one_event(struct store *s, void *arg)
{
	const struct one_event *e = arg;
	return audit_log(s, 0, e->action, "x:1", NULL) == 0 ? STORE_OK : STORE_ERR;
}

static void
test_migration_fills_the_head_from_the_events(void **state)
{
	(void)state;
	if (temp_db_is_pg()) /* it rebuilds the SQLite file as it was before 012 */
		skip();
	char path[64];
	struct store *s = NULL;
	temp_db_open(&s, path, sizeof path, "audit-head");
	for (int i = 0; i < 3; i++) {
		struct one_event e = {"test.before"};
		assert_int_equal(store_tx(s, one_event, &e), STORE_OK);
	}
	store_close(s);
	/* The database as it was before migration 012 (events, no head), then 012 itself. */
	raw(path, "DROP TABLE audit_head");
	const struct migration *m = NULL;
	for (size_t i = 0; i < migrations_count; i++)
		if (migrations[i].version == 12)
			m = &migrations[i];
	assert_non_null(m);
	raw(path, m->sql);
	assert_int_equal(store_open(&s, path), STORE_OK);
	assert_head_is_last(s, 3);
	struct one_event after = {"test.after"};
	assert_int_equal(store_tx(s, one_event, &after), STORE_OK);
	int64_t checked = -1;
	assert_int_equal(audit_verify(s, &checked), 0);
	assert_int_equal(checked, 4);
	assert_head_is_last(s, 4);
	temp_db_close(s, path);
}

int
main(void)
{
	log_set_quiet(1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_two_writers_at_once_keep_one_chain),
	    cmocka_unit_test(test_migration_fills_the_head_from_the_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

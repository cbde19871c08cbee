/* The store's promises that hold on either driver: run on SQLite by default and on
 * PostgreSQL under tests/pg/run.sh (test_store_pg in meson). Placeholders, constraints
 * (also a trigger's refusal), a refused write that leaves its transaction usable, rows
 * walked while other statements run, NULL and boolean columns, concurrent read-modify-
 * write transactions that all count, the instances' lock, and a search query on PostgreSQL
 * failing cleanly. */
#include "domain/audit.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "fixture.h"
#include "store_fixture.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_put = {"t_drv_put",
                                         "INSERT INTO setting(key, value) VALUES (?1, ?2)"};
static const struct store_query q_get = {"t_drv_get", "SELECT value FROM setting WHERE key = ?1"};
static const struct store_query q_set = {"t_drv_set",
                                         "UPDATE setting SET value = ?2 WHERE key = ?1"};
static const struct store_query q_keys = {
    "t_drv_keys", "SELECT key FROM setting WHERE key LIKE 't.%' ORDER BY key"};
static const struct store_query q_numbered = {"t_drv_numbered",
                                              "SELECT ?2 || '?' || ?1, ?1 + 1, ?2"};
static const struct store_query q_bare = {"t_drv_bare", "SELECT ? + ?, 'a?b'"};
static const struct store_query q_null = {"t_drv_null",
                                          "SELECT CASE WHEN ?1 IS NULL THEN 1 ELSE 0 END, NULL"};
static const struct store_query q_bool = {"t_drv_bool",
                                          "SELECT 2 > 1, EXISTS (SELECT 1 FROM setting)"};
static const struct store_query q_org = {
    "t_drv_org", "INSERT INTO organisation(name, kind, created_at) VALUES (?1, 'network', 0) "
                 "RETURNING id"};
static const struct store_query q_org_rename = {"t_drv_org_rename",
                                                "UPDATE organisation SET name = ?1 WHERE id >= ?2"};
static const struct store_query q_audit_update = {
    "t_drv_audit_update", "UPDATE audit_event SET details = '{}' WHERE seq = 1"};
static const struct store_query q_search = {
    "t_drv_search", "SELECT rowid FROM practice_fts WHERE practice_fts MATCH ?1"};

/* PostgreSQL's own, for the lost-connection test (never prepared on SQLite). */
static const struct store_query q_backend = {"t_drv_backend", "SELECT pg_backend_pid()"};
static const struct store_query q_terminate = {"t_drv_terminate",
                                               "SELECT pg_terminate_backend(?1)"};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "store-driver");
	*state = f;
	return 0;
}

static int
put(struct store *s, const char *key, const char *value)
{
	struct stmt *st = store_stmt(s, &q_put);
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, value);
	return stmt_exec(st);
}

static char *
get(struct store *s, const char *key)
{
	struct stmt *st = store_stmt(s, &q_get);
	stmt_bind_text(st, 1, key);
	char *v = stmt_step(st) == STORE_ROW ? xstrdup(stmt_text(st, 0)) : NULL;
	stmt_done(st);
	return v;
}

static void
test_migrations_applied_once(void **state)
{
	struct fixture *f = *state;
	int v = store_schema_version(f->s);
	assert_true(v >= 24);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_schema_version(f->s), v);
}

static void
test_placeholders(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_numbered);
	stmt_bind_int(st, 1, 41);
	stmt_bind_text(st, 2, "x");
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "x?41");
	assert_int_equal(stmt_int(st, 1), 42);
	assert_string_equal(stmt_text(st, 2), "x");
	assert_int_equal(stmt_step(st), STORE_DONE);
	stmt_done(st);

	st = store_stmt(f->s, &q_bare);
	stmt_bind_int(st, 1, 2);
	stmt_bind_int(st, 2, 3);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 5);
	assert_string_equal(stmt_text(st, 1), "a?b");
	stmt_done(st);
}

static void
test_null_and_boolean_columns(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_null);
	stmt_bind_null(st, 1);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 1);
	assert_true(stmt_is_null(st, 1));
	assert_string_equal(stmt_text(st, 1), "");
	stmt_done(st);
	st = store_stmt(f->s, &q_null);
	stmt_bind_text(st, 1, "set");
	assert_int_equal(stmt_one_int(st), 0);

	st = store_stmt(f->s, &q_bool);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 1);
	assert_int_equal(stmt_int(st, 1), 1);
	assert_string_equal(stmt_text(st, 0), "1");
	stmt_done(st);
}

/* A unique violation inside a transaction is STORE_CONSTRAINT, and the transaction goes
 * on: the domain code reads after such a refusal ("is the address taken?"). */
static int
refused_then_read(struct store *s, void *arg)
{
	int *rc = arg;
	if (put(s, "t.a", "1") != STORE_OK)
		return STORE_ERR;
	rc[0] = put(s, "t.a", "2");
	char *v = get(s, "t.a");
	rc[1] = v && strcmp(v, "1") == 0;
	free(v);
	return put(s, "t.b", "1");
}

static void
test_constraint_keeps_transaction(void **state)
{
	struct fixture *f = *state;
	int rc[2] = {0, 0};
	assert_int_equal(store_tx(f->s, refused_then_read, rc), STORE_OK);
	assert_int_equal(rc[0], STORE_CONSTRAINT);
	assert_int_equal(rc[1], 1);
	char *b = get(f->s, "t.b");
	assert_non_null(b);
	free(b);
}

static int
audit_then_update(struct store *s, void *arg)
{
	int *rc = arg;
	if (audit_log(s, 0, "test.event", "test:1", NULL) != 0)
		return STORE_ERR;
	*rc = stmt_exec(store_stmt(s, &q_audit_update));
	return STORE_OK;
}

/* The migrations' triggers refuse as a constraint does (SQLite's RAISE(ABORT), the
 * PL/pgSQL twins' SQLSTATE 23000). */
static void
test_trigger_refuses_as_constraint(void **state)
{
	struct fixture *f = *state;
	int rc = 0;
	assert_int_equal(store_tx(f->s, audit_then_update, &rc), STORE_OK);
	assert_int_equal(rc, STORE_CONSTRAINT);
}

static int
insert_and_rename(struct store *s, void *arg)
{
	int64_t *ids = arg;
	for (int i = 0; i < 3; i++) {
		struct stmt *st = store_stmt(s, &q_org);
		stmt_bind_text(st, 1, "Netz");
		if (stmt_insert(st, &ids[i]) != STORE_OK)
			return STORE_ERR;
	}
	struct stmt *st = store_stmt(s, &q_org_rename);
	stmt_bind_text(st, 1, "Neu");
	stmt_bind_int(st, 2, ids[1]);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	ids[3] = store_changes(s);
	return STORE_OK;
}

static void
test_insert_returning_and_changes(void **state)
{
	struct fixture *f = *state;
	int64_t ids[4] = {0};
	assert_int_equal(store_tx(f->s, insert_and_rename, ids), STORE_OK);
	assert_true(ids[0] > 0);
	assert_true(ids[1] > ids[0]);
	assert_true(ids[2] > ids[1]);
	assert_int_equal(ids[3], 2);
}

static int
three_keys(struct store *s, void *arg)
{
	(void)arg;
	return put(s, "t.1", "a") || put(s, "t.2", "b") || put(s, "t.3", "c") ? STORE_ERR
	                                                                      : STORE_OK;
}

/* Walking rows while other statements run, as the domain code does. */
static void
test_rows_while_other_statements_run(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_tx(f->s, three_keys, NULL), STORE_OK);
	struct stmt *st = store_stmt(f->s, &q_keys);
	int n = 0;
	while (stmt_step(st) == STORE_ROW) {
		char *v = get(f->s, stmt_text(st, 0));
		assert_non_null(v);
		assert_int_equal(strlen(v), 1);
		free(v);
		n++;
	}
	stmt_done(st);
	assert_int_equal(n, 3);
}

static int
refuse(struct store *s, void *arg)
{
	(void)arg;
	if (put(s, "t.refused", "x") != STORE_OK)
		return STORE_ERR;
	return 7;
}

static void
test_refusal_rolls_back(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_tx(f->s, refuse, NULL), 7);
	assert_null(get(f->s, "t.refused"));
}

/* ---- concurrent read-modify-write ---- */

#define ROUNDS 15

struct counter {
	const char *path;
	int rc;
};

static int
increment(struct store *s, void *arg)
{
	(void)arg;
	char *v = get(s, "t.count");
	if (!v)
		return STORE_ERR;
	char next[24];
	snprintf(next, sizeof next, "%d", atoi(v) + 1);
	free(v);
	struct stmt *st = store_stmt(s, &q_set);
	stmt_bind_text(st, 1, "t.count");
	stmt_bind_text(st, 2, next);
	return stmt_exec(st);
}

static void *
counter_thread(void *arg)
{
	struct counter *c = arg;
	struct store *s = NULL;
	if (store_open(&s, c->path) != STORE_OK) {
		c->rc = STORE_ERR;
		return NULL;
	}
	for (int i = 0; i < ROUNDS && c->rc == STORE_OK; i++)
		c->rc = store_tx(s, increment, NULL);
	store_close(s);
	return NULL;
}

static int
count_zero(struct store *s, void *arg)
{
	(void)arg;
	return put(s, "t.count", "0");
}

/* The lock of work one instance does at a time: on PostgreSQL one connection holds it and
 * another is refused until it is released, or its holder's connection ends (a killed
 * instance); on SQLite, whose writes are one at a time anyway, it is always granted. */
static void
test_instance_lock(void **state)
{
	struct fixture *f = *state;
	struct store *other, *third;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	assert_true(store_try_lock(f->s, 4242));
	bool pg = temp_db_is_pg();
	assert_int_equal(store_try_lock(other, 4242), !pg);
	assert_true(store_try_lock(other, 4243)); /* another key is another lock */
	store_unlock(other, 4243);
	if (!pg)
		store_unlock(other, 4242);
	store_unlock(f->s, 4242);
	assert_true(store_try_lock(other, 4242));
	/* Its holder gone, the lock is free again. */
	store_close(other);
	assert_int_equal(store_open(&third, f->path), STORE_OK);
	assert_true(store_try_lock(third, 4242));
	store_unlock(third, 4242);
	store_close(third);
}

/* Three connections increment one value at once: every increment counts (SQLite queues
 * the writers; PostgreSQL's SERIALIZABLE refuses the loser, and store_tx tries again). */
static void
test_concurrent_increments_all_count(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_tx(f->s, count_zero, NULL), STORE_OK);
	struct counter c[3];
	pthread_t t[3];
	for (int i = 0; i < 3; i++) {
		c[i] = (struct counter){.path = f->path, .rc = STORE_OK};
		assert_int_equal(pthread_create(&t[i], NULL, counter_thread, &c[i]), 0);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(c[i].rc, STORE_OK);
	}
	char *v = get(f->s, "t.count");
	assert_non_null(v);
	assert_int_equal(atoi(v), 3 * ROUNDS);
	free(v);
}

/* FTS5 is SQLite's: on PostgreSQL a search query fails with STORE_ERR, every time,
 * rather than aborting the program, and the connection goes on working. */
static void
test_search_query_fails_cleanly_on_pg(void **state)
{
	struct fixture *f = *state;
	if (!temp_db_is_pg())
		skip();
	for (int i = 0; i < 2; i++) {
		struct stmt *st = store_stmt(f->s, &q_search);
		stmt_bind_text(st, 1, "netz");
		assert_int_equal(stmt_step(st), STORE_ERR);
		stmt_done(st);
	}
	assert_int_equal(store_tx(f->s, three_keys, NULL), STORE_OK);
}

/* The server ends the connection (a restart, a fail-over, an administrator): the next
 * read reconnects and is run again, and so is the next transaction. */
static void
test_lost_connection_reconnects_on_pg(void **state)
{
	struct fixture *f = *state;
	if (!temp_db_is_pg())
		skip();
	assert_int_equal(store_tx(f->s, three_keys, NULL), STORE_OK);
	struct store *admin = NULL;
	assert_int_equal(store_open(&admin, f->path), STORE_OK);
	for (int round = 0; round < 2; round++) {
		int64_t pid = stmt_one_int(store_stmt(f->s, &q_backend));
		assert_true(pid > 0);
		struct stmt *st = store_stmt(admin, &q_terminate);
		stmt_bind_int(st, 1, pid);
		assert_int_equal(stmt_one_int(st), 1);
		if (round == 0) {
			char *v = get(f->s, "t.1");
			assert_non_null(v);
			assert_string_equal(v, "a");
			free(v);
		} else {
			int rc[2] = {0, 0};
			assert_int_equal(store_tx(f->s, refused_then_read, rc), STORE_OK);
			assert_int_equal(rc[0], STORE_CONSTRAINT);
		}
		assert_int_not_equal(stmt_one_int(store_stmt(f->s, &q_backend)), pid);
	}
	store_close(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_migrations_applied_once, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_placeholders, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_null_and_boolean_columns, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_constraint_keeps_transaction, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_trigger_refuses_as_constraint, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_insert_returning_and_changes, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_rows_while_other_statements_run, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_refusal_rolls_back, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_instance_lock, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_increments_all_count, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_search_query_fails_cleanly_on_pg, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_lost_connection_reconnects_on_pg, setup,
	                                    store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

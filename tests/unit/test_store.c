/* The SQLite store: migrations, constraints, transactions, statement cache, backup, audit table. */
#include "store/migrations.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "fixture.h"
#include "store_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* The number of the newest migration, which the schema's version becomes. */
#define LAST_VERSION (migrations[migrations_count - 1].version)
static const struct store_query q_migration_rows = {
    "t_store_migration_rows",
    "SELECT count(*), coalesce(sum(applied_at), 0) FROM schema_migration"};
static const struct store_query q_has_table = {
    "t_store_has_table", "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"};
static const struct store_query q_fk_pragma = {"t_store_fk_pragma", "PRAGMA foreign_keys"};
static const struct store_query q_role_insert = {
    "t_store_role_insert", "INSERT INTO user_role(user_id, role) VALUES (?1, ?2)"};
static const struct store_query q_role_count = {"t_store_role_count",
                                                "SELECT count(*) FROM user_role"};
static const struct store_query q_failure_insert = {
    "t_store_failure_insert",
    "INSERT INTO login_failure(account, address, at) VALUES (?1, ?2, ?3)"};
static const struct store_query q_failure_count = {"t_store_failure_count",
                                                   "SELECT count(*) FROM login_failure"};
static const struct store_query q_setting_put = {"t_store_setting_put",
                                                 "INSERT INTO setting(key, value) VALUES (?1, ?2)"};
static const struct store_query q_setting_get = {"t_store_setting_get",
                                                 "SELECT value FROM setting WHERE key = ?1"};
static const struct store_query q_setting_count = {
    "t_store_setting_count", "SELECT count(*) FROM setting WHERE key = 'site_name'"};
static const struct store_query q_echo = {"t_store_echo", "SELECT ?1"};
static const struct store_query q_echo_other = {"t_store_echo_other", "SELECT ?1"};
static const struct store_query q_audit_insert = {
    "t_store_audit_insert", "INSERT INTO audit_event(seq, at, actor_id, action, object, details, "
                            "prev_hash, hash) VALUES (1, 100, NULL, 'test.event', 'test:1', '{}', "
                            "'p', 'h')"};
static const struct store_query q_audit_update = {
    "t_store_audit_update", "UPDATE audit_event SET details = '{\"x\":1}' WHERE seq = 1"};
static const struct store_query q_audit_delete = {"t_store_audit_delete",
                                                  "DELETE FROM audit_event WHERE seq = 1"};
static const struct store_query q_audit_row = {
    "t_store_audit_row", "SELECT count(*), coalesce(max(details), '') FROM audit_event"};

/* A fresh, empty database: migrations are the tests' business here. */
static int
setup_empty(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open_empty(&f->s, f->path, sizeof f->path, "store");
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	setup_empty(state);
	struct fixture *f = *state;
	assert_int_equal(store_migrate(f->s), STORE_OK);
	return 0;
}

static int64_t
count(struct store *s, const struct store_query *q)
{
	struct stmt *st = store_stmt(s, q);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static bool
has_table(struct store *s, const char *name)
{
	struct stmt *st = store_stmt(s, &q_has_table);
	stmt_bind_text(st, 1, name);
	assert_int_equal(stmt_step(st), STORE_ROW);
	bool yes = stmt_int(st, 0) == 1;
	stmt_done(st);
	return yes;
}

static void
test_empty_database_has_version_zero(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_schema_version(f->s), 0);
	assert_false(has_table(f->s, "user_account"));
}

static void
test_migrate_fresh_database(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_migrate(f->s), STORE_OK);
	/* Migrations are numbered 1, 2, … in order; the version is the last one's number. (A
	 * branch holds the numbers it was given, so it may have gaps until the others meet
	 * it: the numbers increase, each applied once.) */
	assert_true(migrations_count >= 1);
	for (size_t i = 1; i < migrations_count; i++)
		assert_true(migrations[i].version > migrations[i - 1].version);
	assert_int_equal(store_schema_version(f->s), LAST_VERSION);
	assert_int_equal(count(f->s, &q_migration_rows), (int64_t)migrations_count);
	const char *tables[] = {"setting",       "organisation", "user_account",
	                        "user_role",     "session",      "auth_token",
	                        "login_failure", "audit_event",  "outbox"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		assert_true(has_table(f->s, tables[i]));
}

static void
test_migrate_twice_is_noop(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_migrate(f->s), STORE_OK);
	struct stmt *st = store_stmt(f->s, &q_migration_rows);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t rows = stmt_int(st, 0), applied = stmt_int(st, 1);
	stmt_done(st);

	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(store_schema_version(f->s), LAST_VERSION);
	st = store_stmt(f->s, &q_migration_rows);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), rows);
	assert_int_equal(stmt_int(st, 1), applied);
	stmt_done(st);
}

static const struct store_query q_forget_032 = {"test_forget_032",
                                                "DELETE FROM schema_migration WHERE version = 32"};
static const struct store_query q_drop_032 = {"test_drop_032", "DROP INDEX practice_confirmed"};
static const struct store_query q_has_032 = {
    "test_has_032", "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = "
                    "'practice_confirmed'"};

/* A database that has a later migration (034) but not an earlier one (032, made on a
 * branch at the same time) gets the earlier one: each is applied once, whatever the order. */
static void
test_migrate_applies_a_lower_number_late(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_drop_032)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_forget_032)), STORE_OK);
	assert_int_equal(count(f->s, &q_has_032), 0);
	assert_int_equal(store_schema_version(f->s), LAST_VERSION);
	assert_int_equal(store_migrate(f->s), STORE_OK);
	assert_int_equal(count(f->s, &q_has_032), 1);
	assert_int_equal(count(f->s, &q_migration_rows), (int64_t)migrations_count);
}

static void
test_foreign_keys_on(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(count(f->s, &q_fk_pragma), 1);
}

static void
test_foreign_key_refuses_missing_user(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_role_insert);
	stmt_bind_int(st, 1, 4711);
	stmt_bind_text(st, 2, "admin");
	assert_int_equal(stmt_exec(st), STORE_CONSTRAINT);
	assert_int_equal(count(f->s, &q_role_count), 0);

	/* The same row is accepted once the user exists. */
	add_user_row(f->s, 4711, "anna@example.org", "Test");
	st = store_stmt(f->s, &q_role_insert);
	stmt_bind_int(st, 1, 4711);
	stmt_bind_text(st, 2, "admin");
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(count(f->s, &q_role_count), 1);
}

static void
test_strict_refuses_text_in_integer(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_failure_insert);
	stmt_bind_text(st, 1, "anna@example.org");
	stmt_bind_text(st, 2, "192.0.2.1");
	stmt_bind_text(st, 3, "yesterday");
	assert_int_equal(stmt_exec(st), STORE_CONSTRAINT);
	assert_int_equal(count(f->s, &q_failure_count), 0);
}

/* Writes the setting site_name and checks it is visible inside the transaction; returns
 * the code the test asks for (STORE_OK commits, anything else rolls back). */
struct put_tx {
	int code;
	bool in_tx;
};

static int
put_site_name(struct store *s, void *arg)
{
	struct put_tx *t = arg;
	t->in_tx = store_in_transaction(s);
	struct stmt *st = store_stmt(s, &q_setting_put);
	stmt_bind_text(st, 1, "site_name");
	stmt_bind_text(st, 2, "Leuchtturm");
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(count(s, &q_setting_count), 1); /* visible inside */
	return t->code;
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	assert_false(store_in_transaction(f->s));
	struct put_tx t = {1, false};
	assert_int_equal(store_tx(f->s, put_site_name, &t), 1);
	assert_true(t.in_tx);
	assert_false(store_in_transaction(f->s));
	assert_int_equal(count(f->s, &q_setting_count), 0);
}

static void
test_commit_keeps_rows(void **state)
{
	struct fixture *f = *state;
	struct put_tx t = {STORE_OK, false};
	assert_int_equal(store_tx(f->s, put_site_name, &t), STORE_OK);
	assert_false(store_in_transaction(f->s));
	assert_int_equal(count(f->s, &q_setting_count), 1);
}

static void
test_statement_cache_same_query(void **state)
{
	struct fixture *f = *state;
	struct stmt *a = store_stmt(f->s, &q_echo);
	stmt_done(a);
	struct stmt *b = store_stmt(f->s, &q_echo);
	assert_ptr_equal(a, b);
	/* Another query with the same text is another named query, another statement. */
	struct stmt *c = store_stmt(f->s, &q_echo_other);
	assert_ptr_not_equal(a, c);
	assert_ptr_equal(store_stmt(f->s, &q_echo), a);
}

static void
test_statement_comes_back_cleared(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_echo);
	stmt_bind_text(st, 1, "left over");
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "left over");
	/* No stmt_done: store_stmt must reset it and clear the binding itself. */
	st = store_stmt(f->s, &q_echo);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_true(stmt_is_null(st, 0));
	assert_string_equal(stmt_text(st, 0), "");
	stmt_done(st);
}

static void
test_backup_is_readable(void **state)
{
	struct fixture *f = *state;
	struct stmt *st = store_stmt(f->s, &q_setting_put);
	stmt_bind_text(st, 1, "site_name");
	stmt_bind_text(st, 2, "Leuchtturm Süd");
	assert_int_equal(stmt_exec(st), STORE_OK);

	char copy[64];
	temp_db_file(copy, sizeof copy, "backup");
	assert_int_equal(store_backup(f->s, copy), STORE_OK);

	struct store *b = NULL;
	assert_int_equal(store_open(&b, copy), STORE_OK);
	assert_int_equal(store_schema_version(b), LAST_VERSION);
	st = store_stmt(b, &q_setting_get);
	stmt_bind_text(st, 1, "site_name");
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "Leuchtturm Süd");
	stmt_done(st);
	assert_int_equal(count(b, &q_setting_count), 1);
	temp_db_close(b, copy);
}

static void
test_audit_refuses_update(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_audit_insert)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_audit_update)), STORE_CONSTRAINT);
	struct stmt *st = store_stmt(f->s, &q_audit_row);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 1);
	assert_string_equal(stmt_text(st, 1), "{}");
	stmt_done(st);
}

static void
test_audit_refuses_delete(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_audit_insert)), STORE_OK);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_audit_delete)), STORE_CONSTRAINT);
	struct stmt *st = store_stmt(f->s, &q_audit_row);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_int_equal(stmt_int(st, 0), 1);
	stmt_done(st);
}

static int
file_mode(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	return (int)(st.st_mode & 0777);
}

/* A new database and its -wal and -shm files are private to the server's user, whatever
 * the umask; commits are synced: not by SQLite's synchronous=FULL inside COMMIT but by the
 * store's group commit (NORMAL, and an fsync of the WAL before store_tx returns). */
static void
test_database_files_are_private(void **state)
{
	(void)state;
	mode_t old = umask(022);
	char path[64];
	temp_db_file(path, sizeof path, "private");
	struct store *s = NULL;
	assert_int_equal(store_open(&s, path), STORE_OK);
	assert_int_equal(store_migrate(s), STORE_OK);
	static const struct store_query q_sync = {"test_sync", "PRAGMA synchronous"};
	assert_int_equal(stmt_one_int(store_stmt(s, &q_sync)), 1);
	/* The migrations' commits were synced before store_migrate returned. */
	assert_true(store_durable_syncs(s) > 0);
	char wal[80], shm[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	assert_int_equal(file_mode(path), 0600);
	assert_int_equal(file_mode(wal), 0600);
	assert_int_equal(file_mode(shm), 0600);
	char copy[64];
	temp_db_file(copy, sizeof copy, "privcopy");
	assert_int_equal(store_backup(s, copy), STORE_OK);
	assert_int_equal(file_mode(copy), 0600);
	unlink(copy);
	temp_db_close(s, path);
	umask(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_empty_database_has_version_zero, setup_empty,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_fresh_database, setup_empty,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_applies_a_lower_number_late, setup_empty,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_migrate_twice_is_noop, setup_empty,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_keys_on, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_foreign_key_refuses_missing_user, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_strict_refuses_text_in_integer, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_commit_keeps_rows, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_statement_cache_same_query, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_statement_comes_back_cleared, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_backup_is_readable, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_audit_refuses_update, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_audit_refuses_delete, setup, store_teardown),
	    cmocka_unit_test(test_database_files_are_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

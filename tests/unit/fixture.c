/* Shared by the unit tests: a temporary database, and the rows a board review is made of. */
#include "fixture.h"

#include "domain/audit.h"
#include "search/search.h"
#include "util/timeutil.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static const struct store_query q_user_row = {
    "t_fixture_user_row", "INSERT INTO user_account(id, email, name, created_at, updated_at, "
                          "name_sort) VALUES (?1, ?2, ?3, 0, 0, ?4)"};
static const struct store_query q_eligible_proposal = {
    "t_fixture_eligible_proposal",
    "INSERT INTO proposal(call_id, organisation_id, state, title, created_by, updated_by, "
    "created_at, updated_at, title_sort) VALUES (?1, ?2, 'eligible', ?3, ?4, ?4, ?5, ?5, ?6) "
    "RETURNING id"};

/* With LEUCHTTURM_TEST_DATABASE_URL (tests/pg/run.sh sets it, with PGHOST and PGUSER),
 * the fixture's databases are PostgreSQL's: each a new database lt_PID_N made through an
 * administrative connection to that URL, dropped again by temp_db_close. */
static const char *
pg_admin_url(void)
{
	const char *u = getenv("LEUCHTTURM_TEST_DATABASE_URL");
	return u && *u ? u : NULL;
}

bool
temp_db_is_pg(void)
{
	return pg_admin_url() != NULL;
}

/* Runs one command on the administrative connection; the names are made of digits. */
static void
pg_admin(const char *sql)
{
	PGconn *c = PQconnectdb(pg_admin_url());
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fprintf(stderr, "fixture: %s: %s", sql, PQerrorMessage(c));
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(c);
}

static void
pg_create(char *path, size_t size)
{
	static int n;
	char sql[96];
	snprintf(path, size, "postgresql:///lt_%d_%d", (int)getpid(), ++n);
	snprintf(sql, sizeof sql, "CREATE DATABASE lt_%d_%d", (int)getpid(), n);
	pg_admin(sql);
}

void
temp_db_file(char *path, size_t size, const char *name)
{
	if (temp_db_is_pg()) {
		pg_create(path, size);
		return;
	}
	snprintf(path, size, "/tmp/lt-%s-XXXXXX", name);
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
}

void
temp_db_open_empty(struct store **s, char *path, size_t size, const char *name)
{
	temp_db_file(path, size, name);
	assert_int_equal(store_open(s, path), STORE_OK);
}

/* On PostgreSQL the migrated database is copied from a template (migrating each test's
 * database anew took most of the run): with LEUCHTTURM_TEST_PG_SHARED (a folder,
 * tests/pg/run.sh sets it) one made once for all programs of the run, under a lock in that
 * folder; else one per program, dropped at exit. */
static char pg_template[64];

static void
pg_drop_template(void)
{
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_template);
	pg_admin(sql);
}

static void
pg_migrate_into(const char *url)
{
	struct store *t = NULL;
	assert_int_equal(store_open(&t, url), STORE_OK);
	assert_int_equal(store_migrate(t), STORE_OK);
	store_close(t);
}

/* The run's template lt_unit_template: the first program to get the lock makes it. */
static void
pg_shared_template(const char *shared)
{
	char lock[300], ready[300];
	snprintf(lock, sizeof lock, "%s/unit-template.lock", shared);
	snprintf(ready, sizeof ready, "%s/unit-template.ready", shared);
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	if (access(ready, F_OK) != 0) {
		pg_admin("DROP DATABASE IF EXISTS lt_unit_template WITH (FORCE)");
		pg_admin("CREATE DATABASE lt_unit_template");
		pg_migrate_into("postgresql:///lt_unit_template");
		int r = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		assert_true(r >= 0);
		close(r);
	}
	close(fd);
	snprintf(pg_template, sizeof pg_template, "lt_unit_template");
}

static void
pg_open_migrated(struct store **s, char *path, size_t size)
{
	static int n;
	char sql[128];
	const char *shared = getenv("LEUCHTTURM_TEST_PG_SHARED");
	if (!pg_template[0] && shared && *shared) {
		pg_shared_template(shared);
	} else if (!pg_template[0]) {
		char tpl[64];
		pg_create(tpl, sizeof tpl);
		pg_migrate_into(tpl);
		snprintf(pg_template, sizeof pg_template, "%s", tpl + 14);
		atexit(pg_drop_template);
	}
	snprintf(path, size, "postgresql:///lt_%d_m%d", (int)getpid(), ++n);
	snprintf(sql, sizeof sql, "CREATE DATABASE lt_%d_m%d TEMPLATE %s STRATEGY = FILE_COPY",
	         (int)getpid(), n, pg_template);
	pg_admin(sql);
	/* A copy has the template's instance, which is what tells databases apart to the
	 * process-wide caches (the search's index in memory, the ranking): each test's
	 * database gets one of its own, as a database made anew would. */
	PGconn *c = PQconnectdb(path);
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PGresult *r = PQexec(c, "UPDATE catalog_state SET instance = substr(md5(random()::text || "
	                        "clock_timestamp()::text), 1, 16); UPDATE review_state SET "
	                        "instance = substr(md5(random()::text || clock_timestamp()::text), "
	                        "1, 16)");
	assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(c);
	assert_int_equal(store_open(s, path), STORE_OK);
}

void
temp_db_open(struct store **s, char *path, size_t size, const char *name)
{
	if (temp_db_is_pg()) {
		pg_open_migrated(s, path, size);
		/* Applies nothing; as on SQLite, the caller's store has migrated. */
		assert_int_equal(store_migrate(*s), STORE_OK);
		return;
	}
	temp_db_open_empty(s, path, size, name);
	assert_int_equal(store_migrate(*s), STORE_OK);
}

void
temp_db_close(struct store *s, const char *path)
{
	char side[80];
	store_close(s);
	if (strncmp(path, "postgresql:///", 14) == 0) {
		char sql[96];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", path + 14);
		pg_admin(sql);
		return;
	}
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

void
temp_db_end(struct store *s, const char *path, struct arena *a)
{
	int64_t checked = 0;
	assert_int_equal(audit_verify(s, &checked), 0);
	temp_db_close(s, path);
	arena_free(a);
	time_set_fake(0);
}

void
add_user_row(struct store *s, int64_t id, const char *email, const char *name)
{
	struct stmt *st = store_stmt(s, &q_user_row);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, email);
	stmt_bind_text(st, 3, name);
	search_bind_sort_key(st, 4, name);
	assert_int_equal(stmt_exec(st), STORE_OK);
}

int64_t
add_eligible_proposal(struct store *s, int64_t call, int64_t org, const char *title, int64_t author)
{
	struct stmt *st = store_stmt(s, &q_eligible_proposal);
	stmt_bind_int(st, 1, call);
	stmt_bind_int(st, 2, org);
	stmt_bind_text(st, 3, title);
	stmt_bind_int(st, 4, author);
	stmt_bind_int(st, 5, time_now());
	search_bind_sort_key(st, 6, title);
	int64_t id;
	assert_int_equal(stmt_insert(st, &id), STORE_OK);
	return id;
}

int64_t
add_board_member(struct store *s, struct arena *a, const char *email, const char *name, int64_t org,
                 const char *constituency, struct user *u)
{
	int64_t id = user_create(s, 0, email, name, NULL, ROLE_BOARD, org);
	assert_true(id > 0);
	assert_int_equal(user_set_organisation(s, 0, id, org, constituency), 0);
	assert_true(user_find_by_id(s, a, id, u));
	return id;
}

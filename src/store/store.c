/* The store's dispatch: store.h's functions call the driver of the connection (or of the
 * statement) through its vtable (store_driver.h). store_open picks the driver by the
 * target: a postgresql:// address opens PostgreSQL (store_pg.c), anything else is an
 * SQLite file (store_sqlite.c). The cost on the SQLite path is one indirect call. */
#include "store/store.h"
#include "store/store_driver.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool
store_target_is_pg(const char *target)
{
	return target && (strncmp(target, "postgresql://", 13) == 0 ||
	                  strncmp(target, "postgres://", 11) == 0);
}

bool
store_is_server_address(const char *target)
{
	return store_target_is_pg(target);
}

const char *
store_driver_name(struct store *s)
{
	return s->drv->name;
}

int
store_open(struct store **out, const char *path)
{
	const struct store_driver *d =
	    store_target_is_pg(path) ? &store_pg_driver : &store_sqlite_driver;
	return d->open(out, path);
}

void
store_close(struct store *s)
{
	if (s)
		s->drv->close(s);
}

/* Extensions every connection gets (store_register_extension). */
#define MAX_EXTENSIONS 8
static int (*extensions[MAX_EXTENSIONS])(struct store *s);
static size_t nextensions;

void
store_register_extension(int (*init)(struct store *s))
{
	for (size_t i = 0; i < nextensions; i++)
		if (extensions[i] == init)
			return;
	if (nextensions == MAX_EXTENSIONS) {
		log_error("store: too many extensions");
		abort();
	}
	extensions[nextensions++] = init;
}

int
store_run_extensions(struct store *s)
{
	for (size_t i = 0; i < nextensions; i++)
		if (extensions[i](s) != 0)
			return -1;
	return 0;
}

static char *default_path;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void
thread_store_free(void *p)
{
	store_close(p);
}

static void
make_key(void)
{
	pthread_key_create(&thread_key, thread_store_free);
}

void
store_set_default_path(const char *path)
{
	free(default_path);
	default_path = xstrdup(path);
}

struct store *
store_thread(void)
{
	pthread_once(&thread_once, make_key);
	struct store *s = pthread_getspecific(thread_key);
	if (s)
		return s;
	if (!default_path || store_open(&s, default_path) != STORE_OK)
		return NULL;
	pthread_setspecific(thread_key, s);
	return s;
}

int
store_migrate(struct store *s)
{
	return s->drv->migrate(s);
}

int
store_schema_version(struct store *s)
{
	return s->drv->schema_version(s);
}

struct stmt *
store_stmt(struct store *s, const struct store_query *q)
{
	return s->drv->stmt(s, q);
}

void
stmt_bind_int(struct stmt *st, int idx, int64_t v)
{
	st->drv->bind_int(st, idx, v);
}

void
stmt_bind_text(struct stmt *st, int idx, const char *v)
{
	st->drv->bind_text(st, idx, v);
}

void
stmt_bind_null(struct stmt *st, int idx)
{
	st->drv->bind_null(st, idx);
}

void
stmt_bind_double(struct stmt *st, int idx, double v)
{
	st->drv->bind_double(st, idx, v);
}

int
stmt_step(struct stmt *st)
{
	return st->drv->step(st);
}

int64_t
stmt_int(struct stmt *st, int col)
{
	return st->drv->col_int(st, col);
}

double
stmt_double(struct stmt *st, int col)
{
	return st->drv->col_double(st, col);
}

const char *
stmt_text(struct stmt *st, int col)
{
	return st->drv->col_text(st, col);
}

bool
stmt_is_null(struct stmt *st, int col)
{
	return st->drv->col_is_null(st, col);
}

int
stmt_columns(struct stmt *st)
{
	return st->drv->columns(st);
}

const char *
stmt_column_name(struct stmt *st, int col)
{
	return st->drv->column_name(st, col);
}

enum store_col
stmt_column_kind(struct stmt *st, int col)
{
	return st->drv->column_kind(st, col);
}

void
stmt_done(struct stmt *st)
{
	st->drv->done(st);
}

int64_t
stmt_one_int(struct stmt *st)
{
	int64_t v = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : 0;
	stmt_done(st);
	return v;
}

int
stmt_insert(struct stmt *st, int64_t *id)
{
	/* Both drivers make every change of a RETURNING statement in its first step (SQLite
	 * does; the PostgreSQL driver runs the statement whole), so resetting after the first
	 * row loses nothing. */
	int rc = stmt_step(st);
	*id = rc == STORE_ROW ? stmt_int(st, 0) : 0;
	stmt_done(st);
	return rc == STORE_ROW ? STORE_OK : rc;
}

int
stmt_exec(struct stmt *st)
{
	int rc = stmt_step(st);
	stmt_done(st);
	return rc == STORE_DONE || rc == STORE_ROW ? STORE_OK : rc;
}

/* Whether a store_tx of this thread committed since store_clear_full(). */
static _Thread_local bool committed;

/* What store_after_commit named during the open transaction of this thread. */
#define AFTER_COMMIT_MAX 4
static _Thread_local void (*after_commit[AFTER_COMMIT_MAX])(void);
static _Thread_local int nafter_commit;

void
store_after_commit(struct store *s, void (*fn)(void))
{
	store_assert_tx_in(s, "store_after_commit");
	for (int i = 0; i < nafter_commit; i++)
		if (after_commit[i] == fn)
			return;
	if (nafter_commit == AFTER_COMMIT_MAX) {
		log_error("store: more than %d functions to run after one commit",
		          AFTER_COMMIT_MAX);
		abort();
	}
	after_commit[nafter_commit++] = fn;
}

int
store_tx_as(struct store *s, const char *name, store_tx_fn fn, void *ctx)
{
	int rc = s->drv->tx(s, name, fn, ctx); /* never inside another: the driver refuses */
	if (rc == STORE_OK)
		committed = true;
	int n = nafter_commit;
	nafter_commit = 0;
	for (int i = 0; rc == STORE_OK && i < n; i++)
		after_commit[i]();
	return rc;
}

bool
store_committed(void)
{
	return committed;
}

bool
store_in_transaction(struct store *s)
{
	return s->drv->in_tx(s);
}

void
store_assert_tx_in(struct store *s, const char *func)
{
	if (!s->drv->in_tx(s)) {
		log_error("store: %s called outside a transaction", func);
		abort();
	}
}

int
store_busy_waits(struct store *s)
{
	return s->drv->busy_waits(s);
}

int
store_changes(struct store *s)
{
	return s->drv->changes(s);
}

int
store_backup(struct store *s, const char *path)
{
	return s->drv->backup(s, path);
}

int
store_exec_trusted(struct store *s, const char *sql)
{
	return s->drv->exec(s, sql);
}

bool
store_try_lock(struct store *s, int64_t key)
{
	return s->drv->try_lock(s, key);
}

void
store_unlock(struct store *s, int64_t key)
{
	s->drv->unlock(s, key);
}

/* ---- a full disk, whichever driver (or the blob store) met it ---- */

/* When a write last failed for lack of space, and when the log last said so. */
static _Atomic int64_t full_at, full_logged_at;
static _Thread_local bool saw_full;

void
store_note_full(void)
{
	saw_full = true;
	int64_t now = time_now();
	atomic_store(&full_at, now);
	/* Once a minute, not once per refused write: a full disk refuses many. */
	int64_t logged = atomic_load(&full_logged_at);
	if (now - logged >= 60 && atomic_compare_exchange_strong(&full_logged_at, &logged, now))
		log_error("store: the disk is full: writes are refused until there is space again "
		          "(answered with 503; said again in a minute if it lasts)");
}

bool
store_test_full(enum store_full_kind what)
{
	static const char *_Atomic flag;
	static _Atomic bool read;
	if (!atomic_load(&read)) {
		atomic_store(&flag, getenv("LEUCHTTURM_TEST_DB_FULL"));
		atomic_store(&read, true);
	}
	const char *path = atomic_load(&flag);
	if (!path || !*path)
		return false;
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	static const char *const words[] = {"commits", "statements", "uploads", "blobs"};
	char text[256];
	size_t n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	bool any = false;
	for (char *save = NULL, *w = strtok_r(text, " \t\r\n", &save); w;
	     w = strtok_r(NULL, " \t\r\n", &save)) {
		any = true;
		if (strcmp(w, words[what]) == 0)
			return true;
	}
	return !any;
}

bool
store_saw_full(void)
{
	return saw_full;
}

void
store_clear_full(void)
{
	saw_full = false;
	committed = false;
}

int64_t
store_full_at(void)
{
	return atomic_load(&full_at);
}

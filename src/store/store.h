/* The only storage API. Every query is a named, static struct store_query whose SQL
 * binds its values; no SQL is built by formatting. SQLite (store_sqlite.c) or PostgreSQL
 * (store_pg.c). */
#ifndef STORE_STORE_H
#define STORE_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct stmt;

/* A named query. Declare as `static const struct store_query q_x = {"x", "SELECT …"};`
 * The driver prepares it once per connection and keeps it (fossil's db_static_prepare). */
struct store_query {
	const char *name;
	const char *sql;
};

enum {
	STORE_OK = 0,
	STORE_ROW = 100,
	STORE_DONE = 101,
	STORE_ERR = -1,
	STORE_BUSY = -2,
	STORE_CONSTRAINT = -3
};

/* Opens (creating if needed) the database file at path: WAL, foreign keys, busy timeout.
 * A postgresql://… (or postgres://…) address opens that PostgreSQL database instead
 * (src/store/store_pg.c; its migrations are sql/pg/). */
int store_open(struct store **out, const char *path);
void store_close(struct store *s);
/* Whether target is a database server's address (postgresql://…) rather than a file. */
bool store_is_server_address(const char *target);

/* The driver of s: "sqlite" or "postgresql" (for the layers whose work differs by
 * what the database offers, such as the search's text index). */
const char *store_driver_name(struct store *s);

/* Per-thread connections for the server: store_set_default_path() once at start-up, then
 * store_thread() returns this thread's connection, opening it on first use. It is closed
 * when the thread exits. */
void store_set_default_path(const char *path);
struct store *store_thread(void);

/* Applies the numbered migrations embedded in the binary that are not applied yet, each
 * in its own transaction. Returns STORE_OK or STORE_ERR (logged). */
int store_migrate(struct store *s);
/* The highest applied migration number (0 for an empty database). */
int store_schema_version(struct store *s);

/* Returns the statement for q, reset and with cleared bindings. Aborts on SQL that does
 * not prepare: queries are static, so that is a programming error caught by any test. */
struct stmt *store_stmt(struct store *s, const struct store_query *q);
void stmt_bind_int(struct stmt *st, int idx, int64_t v);
void stmt_bind_text(struct stmt *st, int idx, const char *v); /* NULL binds NULL */
void stmt_bind_null(struct stmt *st, int idx);
void stmt_bind_double(struct stmt *st, int idx, double v);
/* STORE_ROW, STORE_DONE, or a negative error (STORE_CONSTRAINT for a violated constraint). */
int stmt_step(struct stmt *st);
int64_t stmt_int(struct stmt *st, int col);
double stmt_double(struct stmt *st, int col);
/* Valid until the next step or reset; "" for NULL. */
const char *stmt_text(struct stmt *st, int col);
bool stmt_is_null(struct stmt *st, int col);
/* The columns of a row, for writers that pass rows on as they are (a person's data
 * export): how many, each one's name (as the query names it) and the kind of its value
 * in the current row. */
enum store_col { STORE_COL_NULL, STORE_COL_INT, STORE_COL_REAL, STORE_COL_TEXT };
int stmt_columns(struct stmt *st);
const char *stmt_column_name(struct stmt *st, int col);
enum store_col stmt_column_kind(struct stmt *st, int col);
/* Resets the statement so it releases its read lock; call when done with the rows. */
void stmt_done(struct stmt *st);
/* Runs a statement that returns no rows to completion; returns STORE_OK or an error. */
int stmt_exec(struct stmt *st);
/* Runs a query of one integer: the first column of its first row, 0 when there is no
 * row (or on an error); done with the statement afterwards. */
int64_t stmt_one_int(struct stmt *st);
/* Runs an `INSERT … RETURNING id` and stores the new row's id in *id (0 otherwise); done
 * with the statement afterwards. Returns STORE_OK, STORE_DONE when the statement inserted
 * no row (an INSERT … SELECT that found none), or a negative error (STORE_CONSTRAINT …).
 * RETURNING rather than a "last insert id" so that the PostgreSQL driver runs the same
 * SQL. */
int stmt_insert(struct stmt *st, int64_t *id);

/* ---- transactions ----
 * Every write goes through store_tx; nothing else begins or commits. The rule: a domain
 * function that changes rows runs in its caller's transaction (its comment says "call in
 * a transaction", and it calls store_assert_tx); the caller that decides what one unit of
 * work is (a page handler, a CLI command, the demo seeding) wraps it in store_tx. The few
 * domain functions that must not hold the write lock for their whole run (e-mail
 * delivery, reminders, storing a file's bytes) open their own, shorter transactions with
 * store_tx and say so.
 *
 * store_tx runs fn(s, ctx) inside BEGIN IMMEDIATE … COMMIT: writers queue up front rather
 * than fail half-way. fn returns STORE_OK (0) to commit; any other value rolls back and
 * is returned unchanged, so a domain refusal code (positive or negative) reaches the
 * caller. When the database is busy (another writer holds the lock past the busy timeout,
 * at BEGIN, at COMMIT, or in a statement of fn, whatever code fn then returns), the whole
 * transaction is rolled back and tried again, a few times, after a short random pause; if
 * it stays busy, STORE_BUSY is returned. So fn must be repeatable: it must have no effect
 * outside the database except writing its results into ctx (each attempt starts over, so
 * fn sets every result it reports). A failed BEGIN or COMMIT returns STORE_ERR (or
 * STORE_BUSY) and leaves nothing written. store_tx is the one place that logs a failed
 * transaction, naming fn (the macro passes its name; store_tx_as takes any, or NULL).
 *
 * Nesting is a programming error: store_tx while a transaction is open on s aborts with a
 * log line. A function that may be called either way checks store_in_transaction. */
typedef int (*store_tx_fn)(struct store *s, void *ctx);
int store_tx_as(struct store *s, const char *name, store_tx_fn fn, void *ctx);
#define store_tx(s, fn, ctx) store_tx_as((s), #fn, (fn), (ctx))
bool store_in_transaction(struct store *s);
/* Aborts with a log line naming the calling function when no transaction is open on s:
 * the first line of every function documented "call in a transaction". */
#define store_assert_tx(s) store_assert_tx_in((s), __func__)
void store_assert_tx_in(struct store *s, const char *func);
/* How often this connection has waited for another writer's lock (busy handler calls
 * and store_tx retries); for tests that must know a writer is waiting. */
int store_busy_waits(struct store *s);
int store_changes(struct store *s);

/* ---- durable commits ----
 * store_tx returns once its commit is on the disk (SQLite: a group commit, one fsync of the
 * WAL for the commits of all threads that came while the last one ran; PostgreSQL: its
 * COMMIT). A thread that must not sit in that fsync — an HTTP worker serving many
 * connections — defers it: after store_defer_durability(true) its store_tx returns once
 * committed, and the thread must not acknowledge the change (send the answer) before
 * store_when_durable's callback or store_durable_pending() is false. These act on the
 * thread's last commit (it covers the earlier ones); nothing waits on PostgreSQL. */
void store_defer_durability(bool on); /* off: waits for a pending commit now */
/* Whether this thread's last commit is not on the disk yet. */
bool store_durable_pending(void);
/* When this thread's last commit is not on the disk yet: arranges for done(arg) to be called
 * from another thread once it is, forgets it for this thread and returns true; otherwise
 * false (nothing to wait for; done is not called). */
bool store_when_durable(void (*done)(void *arg), void *arg);
/* How many group-commit fsyncs s's file had in this process (0 on PostgreSQL); for tests. */
int store_durable_syncs(struct store *s);

/* ---- a full disk ----
 * A write refused for lack of space (SQLite's SQLITE_FULL, a file's ENOSPC) rolls back as
 * any failed write does; the driver also notes when it happened, so the answer can say so
 * (503 with the form kept), /healthz can report it and the log names it once a minute.
 * Writes work again by themselves once there is space. */
/* True when a write of this thread failed for lack of space since store_clear_full()
 * (the dispatcher clears it when a request begins). */
bool store_saw_full(void);
void store_clear_full(void);
/* When (time_now() seconds) a write last failed for lack of space, in any connection or
 * the file store; 0 never. */
int64_t store_full_at(void);
/* Notes a write refused for lack of space outside the database (the file store), for
 * store_saw_full, store_full_at and the log. */
void store_note_full(void);
/* The test hook of a full disk: with LEUCHTTURM_TEST_DB_FULL=PATH set, true while PATH
 * exists and names what; the SQLite and PostgreSQL drivers then fail every commit
 * (STORE_FULL_COMMITS) or every write outside store_tx (STORE_FULL_STATEMENTS: a session's
 * last_seen, a throttle), the upload reader every write of a temporary file
 * (STORE_FULL_UPLOADS) and the file store every write (STORE_FULL_BLOBS), each as on a full
 * disk (ENOSPC). An empty PATH names all four; else it lists the words "commits",
 * "statements", "uploads", "blobs" (a disk with room for an upload's temporary file but
 * not for its copy, say). Never true without the variable. (The SQLite driver's
 * LEUCHTTURM_TEST_DB_GROWTH_PAGES refuses only writes that need a new page: a small write,
 * a logout's audit event, may still fit.) */
enum store_full_kind {
	STORE_FULL_COMMITS,
	STORE_FULL_STATEMENTS,
	STORE_FULL_UPLOADS,
	STORE_FULL_BLOBS
};
bool store_test_full(enum store_full_kind what);
/* Runs fn once after the transaction of this thread that is open now has committed (as
 * its store_tx returns), and not at all when it rolls back: for what must not
 * look before the data is there (waking the mail worker for a message just queued). The
 * same fn is run once however often it is named; a few distinct ones per transaction. */
void store_after_commit(struct store *s, void (*fn)(void));
/* True when a store_tx of this thread committed since store_clear_full() (a request that
 * met a full disk may have saved part of what it was sent). */
bool store_committed(void);

/* ---- work that one instance of several does at a time ----
 * store_try_lock takes the lock named key for this connection unless another connection
 * holds it (PostgreSQL: a session-level advisory lock, released by store_unlock or when
 * the connection ends, also by a killed process); false when another holds it. On SQLite
 * it always succeeds: there every write is under the database's one write lock anyway.
 * It spares the instances duplicated work (the scheduler's round); what must happen once
 * is still made so by the claims in the data (a conditional UPDATE, a unique key). */
bool store_try_lock(struct store *s, int64_t key);
void store_unlock(struct store *s, int64_t key);

/* A driver operation: writes a consistent copy of the live database to path while other
 * connections keep working. What the copy is depends on the driver: the SQLite driver
 * writes a database file with SQLite's online backup API (path must not exist); a
 * driver for a database server does what that server offers or returns STORE_ERR. */
int store_backup(struct store *s, const char *path);

/* Adds an extension that every connection opened afterwards gets in its configure step
 * (e.g. the search module's FTS5 tokenizer). init receives the new connection and returns
 * 0, or non-zero to make store_open fail; an extension that needs the driver's own handle
 * asks the driver's header for it (store/store_sqlite.h), which only the store and the
 * search layer's driver code (src/search/tokenizer.c) include. At most 8; call before the
 * first store_open (at start-up), not concurrently with it. */
void store_register_extension(int (*init)(struct store *s));

#endif

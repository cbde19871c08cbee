/* PostgreSQL driver for store.h, with libpq: chosen by store_open for a postgresql://
 * address (--database, LEUCHTTURM_DATABASE_URL). One connection per store (the server's
 * worker threads each have theirs through store_thread), as with SQLite.
 *
 * Queries: the same static struct store_query as for SQLite. Their `?N` and `?`
 * placeholders become `$N` (outside string literals, quoted names and comments), and each
 * is prepared on the connection under its name the first time it runs, with the types of
 * the values bound then (integers as bigint, reals as double precision, text and NULL
 * left to the server to infer). All values go as text and come back as text; a boolean
 * result reads as 1 or 0, as SQLite's would. Rows are fetched whole at the first step, so
 * a caller may run other statements while it walks the rows (as the domain code does on
 * SQLite). A query that does not prepare on PostgreSQL (SQLite's own SQL, such as FTS5's:
 * the search uses its own index here, src/search/memindex.c) does not abort the program as
 * on SQLite: every step of it fails with STORE_ERR and a log line naming it.
 *
 * Errors: integrity violations (SQLSTATE class 23, also what the migrations' triggers
 * raise) are STORE_CONSTRAINT; serialization failures (40001), deadlocks (40P01) and lock
 * time-outs (55P03) are STORE_BUSY and make store_tx try the whole transaction again.
 * Inside a transaction each writing statement runs under a savepoint, so a refused write
 * leaves the transaction usable (as SQLite's statement journal does): the domain code
 * catches STORE_CONSTRAINT and reads on ("is the address taken?").
 *
 * Transactions: BEGIN ISOLATION LEVEL SERIALIZABLE. The domain code is written for
 * SQLite's one writer at a time: it reads, checks and writes (a rating's deadline, a
 * proposal's revision, "one report per organisation") in one store_tx and relies on
 * nobody changing what it read before it commits. SERIALIZABLE keeps that promise with
 * concurrent writers; READ COMMITTED or REPEATABLE READ would allow lost updates or write
 * skew. Its price is that a transaction may fail with 40001 at any statement or at
 * COMMIT, which store_tx's retry (already required: fn is repeatable) absorbs.
 *
 * Connection lost: the connection is reset (and its statements prepared again on use).
 * A read outside a transaction is run once more; a transaction that lost its connection
 * before COMMIT is tried again by store_tx (the server rolled it back); a connection lost
 * during COMMIT or during a write outside a transaction is STORE_ERR, since whether it
 * was applied is unknown. */
#include "store/migrations.h"
#include "store/store.h"
#include "store/store_driver.h"
#include "util/log.h"
#include "util/mem.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STMT_SLOTS 2048
#define MAX_PARAMS 64

/* The server's type ids (pg_type.dat) of what the driver binds and reads. */
#define OID_BOOL 16
#define OID_INT8 20
#define OID_TEXT 25
#define OID_FLOAT8 701

struct pg_stmt {
	struct stmt base; /* first: the driver */
	const struct store_query *q;
	struct pg_store *s;
	char *sql;      /* with $N placeholders */
	char name[72];  /* the prepared statement's name */
	int nparams;    /* the highest $N */
	unsigned epoch; /* the connection's epoch it was prepared in; 0: not yet */
	bool broken;    /* does not prepare on PostgreSQL: every step fails */
	bool writes;    /* INSERT, UPDATE, DELETE or WITH: a savepoint in a transaction */
	char **vals;    /* nparams values bound (NULL: SQL NULL) */
	Oid *types;     /* and their types (0: left to the server) */
	PGresult *res;
	int row, nrows;
	bool executed;
	bool *bools; /* per column: a boolean (read as 1/0) */
};

struct pg_store {
	struct store base; /* first: the driver */
	PGconn *conn;
	unsigned epoch; /* one more with every reconnection: statements are prepared anew */
	bool in_tx;
	bool saw_busy; /* a statement of the running attempt failed to serialize */
	bool lost;     /* the connection was lost in the running attempt */
	int changes;
	_Atomic int busy_waits;
	struct pg_stmt slots[STMT_SLOTS];
};

static const char *
sqlstate(const PGresult *r)
{
	const char *c = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	return c ? c : "";
}

/* disk_full (class 53, insufficient resources): noted as SQLite's SQLITE_FULL is, so the
 * answer says so (503 with the form kept) and /healthz reports it (store.h, "a full
 * disk"). */
static void
note_full(const char *c)
{
	if (strcmp(c, "53100") == 0)
		store_note_full();
}

static bool
is_busy_state(const char *c)
{
	return strcmp(c, "40001") == 0 || strcmp(c, "40P01") == 0 || strcmp(c, "55P03") == 0;
}

/* Translates SQLite's placeholders into PostgreSQL's: `?N` → `$N`, `?` → the next
 * number (SQLite's rule: one more than the largest so far). *nparams gets the largest. */
static char *
translate(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n * 2 + 16);
	size_t o = 0;
	int max = 0;
	for (size_t i = 0; i < n;) {
		char c = sql[i];
		if (c == '\'' || c == '"') {
			size_t j = i + 1;
			while (j < n && sql[j] != c)
				j++;
			if (j < n)
				j++;
			memcpy(out + o, sql + i, j - i);
			o += j - i;
			i = j;
		} else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
			while (i < n && sql[i] != '\n')
				out[o++] = sql[i++];
		} else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
			const char *end = strstr(sql + i + 2, "*/");
			size_t j = end ? (size_t)(end - sql) + 2 : n;
			memcpy(out + o, sql + i, j - i);
			o += j - i;
			i = j;
		} else if (c == '?') {
			i++;
			int num = 0;
			if (i < n && isdigit((unsigned char)sql[i])) {
				while (i < n && isdigit((unsigned char)sql[i]))
					num = num * 10 + (sql[i++] - '0');
			} else {
				num = max + 1;
			}
			if (num > max)
				max = num;
			o += (size_t)sprintf(out + o, "$%d", num);
		} else {
			out[o++] = sql[i++];
		}
	}
	out[o] = 0;
	*nparams = max;
	return out;
}

/* Whether the statement writes: its first word is INSERT, UPDATE, DELETE or WITH. */
static bool
writes(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, "INSERT", 6) == 0 || strncasecmp(sql, "UPDATE", 6) == 0 ||
	       strncasecmp(sql, "DELETE", 6) == 0 || strncasecmp(sql, "WITH", 4) == 0;
}

static void
reset_stmt(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	free(st->bools);
	st->bools = NULL;
	st->executed = false;
	st->row = -1;
	st->nrows = 0;
}

static void
clear_bindings(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->types[i] = 0;
	}
}

static int
connect_db(struct pg_store *s, const char *target)
{
	const char *keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
	const char *vals[] = {target, "leuchtturm", "UTF8", NULL};
	s->conn = PQconnectdbParams(keys, vals, 1);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		log_error("postgresql: cannot connect: %s",
		          s->conn ? PQerrorMessage(s->conn) : "out of memory");
		PQfinish(s->conn);
		s->conn = NULL;
		return STORE_ERR;
	}
	/* Notices (e.g. "relation already exists, skipping") are not errors. */
	PGresult *r = PQexec(s->conn, "SET client_min_messages = warning");
	PQclear(r);
	s->epoch++;
	return STORE_OK;
}

static int
pg_open(struct store **out, const char *target)
{
	struct pg_store *s = xcalloc(1, sizeof *s);
	s->base.drv = &store_pg_driver;
	if (connect_db(s, target) != STORE_OK) {
		free(s);
		return STORE_ERR;
	}
	*out = &s->base;
	return STORE_OK;
}

static void
pg_close(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;
	for (size_t i = 0; i < STMT_SLOTS; i++) {
		struct pg_stmt *st = &s->slots[i];
		if (!st->q)
			continue;
		reset_stmt(st);
		clear_bindings(st);
		free(st->vals);
		free(st->types);
		free(st->sql);
	}
	PQfinish(s->conn);
	free(s);
}

/* After a lost connection: a new one, whose statements are prepared anew. */
static bool
reconnect(struct pg_store *s)
{
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK) {
		log_error("postgresql: reconnecting failed: %s", PQerrorMessage(s->conn));
		return false;
	}
	PGresult *r = PQexec(s->conn, "SET client_min_messages = warning");
	PQclear(r);
	s->epoch++;
	log_info("postgresql: connection re-established");
	return true;
}

/* Runs plain SQL (no parameters; several statements allowed). */
static int
exec_plain(struct pg_store *s, const char *sql)
{
	PGresult *r = PQexec(s->conn, sql);
	ExecStatusType t = PQresultStatus(r);
	int rc = STORE_OK;
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		const char *c = sqlstate(r);
		if (PQstatus(s->conn) == CONNECTION_BAD) {
			s->lost = true;
			rc = STORE_ERR;
		} else if (is_busy_state(c)) {
			s->saw_busy = true;
			rc = STORE_BUSY;
		} else {
			note_full(c);
			rc = c[0] == '2' && c[1] == '3' ? STORE_CONSTRAINT : STORE_ERR;
		}
		if (rc != STORE_BUSY || !s->in_tx)
			log_error("postgresql: %.60s: %s", sql, PQerrorMessage(s->conn));
	}
	PQclear(r);
	return rc;
}

static struct stmt *
pg_stmt_get(struct store *base, const struct store_query *q)
{
	struct pg_store *s = (struct pg_store *)base;
	size_t h = ((uintptr_t)q >> 4) % STMT_SLOTS;
	for (size_t i = 0; i < STMT_SLOTS; i++) {
		size_t k = (h + i) % STMT_SLOTS;
		struct pg_stmt *slot = &s->slots[k];
		if (slot->q == q) {
			reset_stmt(slot);
			clear_bindings(slot);
			return &slot->base;
		}
		if (!slot->q) {
			slot->base.drv = &store_pg_driver;
			slot->q = q;
			slot->s = s;
			slot->sql = translate(q->sql, &slot->nparams);
			if (slot->nparams > MAX_PARAMS) {
				log_error("postgresql: query %s has too many parameters", q->name);
				abort();
			}
			slot->vals = xcalloc((size_t)slot->nparams + 1, sizeof *slot->vals);
			slot->types = xcalloc((size_t)slot->nparams + 1, sizeof *slot->types);
			slot->writes = writes(q->sql);
			slot->row = -1;
			snprintf(slot->name, sizeof slot->name, "%.60s", q->name);
			return &slot->base;
		}
	}
	log_error("postgresql: statement cache full");
	abort();
}

static void
bind_value(struct stmt *base, int idx, char *v, Oid type)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (idx < 1 || idx > st->nparams) {
		free(v);
		return;
	}
	free(st->vals[idx - 1]);
	st->vals[idx - 1] = v;
	st->types[idx - 1] = type;
}

static void
pg_bind_int(struct stmt *st, int idx, int64_t v)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)v);
	bind_value(st, idx, xstrdup(buf), OID_INT8);
}

static void
pg_bind_text(struct stmt *st, int idx, const char *v)
{
	bind_value(st, idx, v ? xstrdup(v) : NULL, 0);
}

static void
pg_bind_null(struct stmt *st, int idx)
{
	bind_value(st, idx, NULL, 0);
}

static void
pg_bind_double(struct stmt *st, int idx, double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.17g", v);
	bind_value(st, idx, xstrdup(buf), OID_FLOAT8);
}

/* One PREPARE; inside a transaction under a savepoint, so a refusal (which the fallbacks
 * of prepare() expect) does not abort the transaction. */
static PGresult *
prepare_once(struct pg_stmt *st, const Oid *types)
{
	struct pg_store *s = st->s;
	if (s->in_tx)
		PQclear(PQexec(s->conn, "SAVEPOINT lt_prepare"));
	PGresult *r = PQprepare(s->conn, st->name, st->sql, st->nparams, types);
	if (s->in_tx) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			PQclear(PQexec(s->conn, "ROLLBACK TO SAVEPOINT lt_prepare"));
		PQclear(PQexec(s->conn, "RELEASE SAVEPOINT lt_prepare"));
	}
	return r;
}

/* Prepares st with the types of its first bindings. Should the server not take them (a
 * parameter it cannot type: `?1 IS NULL` bound NULL; a bigint where it wants text), once
 * more with the unknown ones as text, then with all left to the server. */
static int
prepare(struct pg_stmt *st)
{
	struct pg_store *s = st->s;
	Oid types[MAX_PARAMS], as_text[MAX_PARAMS], none[MAX_PARAMS];
	for (int i = 0; i < st->nparams; i++) {
		types[i] = st->types[i];
		as_text[i] = st->types[i] ? st->types[i] : OID_TEXT;
		none[i] = 0;
	}
	const Oid *tries[] = {types, as_text, none};
	PGresult *r = NULL;
	bool renamed = false;
	for (int t = 0; t < 3; t++) {
		PQclear(r);
		r = prepare_once(st, tries[t]);
		if (PQresultStatus(r) == PGRES_COMMAND_OK)
			break;
		const char *c = sqlstate(r);
		if (strcmp(c, "42P05") == 0 && !renamed) { /* the name is another query's */
			renamed = true;
			snprintf(st->name, sizeof st->name, "%.50s#%zu", st->q->name,
			         (size_t)(st - s->slots));
			t--;
			continue;
		}
		if (PQstatus(s->conn) == CONNECTION_BAD)
			break;
	}
	int rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		if (PQstatus(s->conn) == CONNECTION_BAD) {
			rc = STORE_ERR;
		} else {
			st->broken = true;
			log_error("postgresql: query %s does not run on PostgreSQL: %s",
			          st->q->name, PQresultErrorMessage(r));
			rc = STORE_ERR;
		}
	} else {
		st->epoch = s->epoch;
	}
	PQclear(r);
	return rc;
}

static bool
sets_changes(const char *status)
{
	return strncmp(status, "INSERT", 6) == 0 || strncmp(status, "UPDATE", 6) == 0 ||
	       strncmp(status, "DELETE", 6) == 0 || strncmp(status, "MERGE", 5) == 0;
}

/* The next result of a pipeline, the NULL that ends it read too: NULL when the connection
 * gave none. */
static PGresult *
pipeline_result(PGconn *conn)
{
	PGresult *r = PQgetResult(conn);
	if (r && PQresultStatus(r) != PGRES_PIPELINE_SYNC)
		PQclear(PQgetResult(conn)); /* the end of this query's results */
	return r;
}

/* A write inside a transaction under a savepoint of its own (so a refusal that the caller
 * handles, such as a unique violation, does not abort the whole transaction): SAVEPOINT,
 * the statement and RELEASE sent in one pipeline, one round trip instead of three. When
 * the statement fails, the server skips the RELEASE, and the caller rolls back to the
 * savepoint. Returns the statement's result (or a connection failure's). */
static PGresult *
exec_under_savepoint(struct pg_stmt *st)
{
	PGconn *conn = st->s->conn;
	if (PQenterPipelineMode(conn) != 1)
		return PQexecPrepared(conn, st->name, st->nparams, (const char *const *)st->vals,
		                      NULL, NULL, 0);
	bool sent =
	    PQsendQueryParams(conn, "SAVEPOINT lt_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQsendQueryPrepared(conn, st->name, st->nparams, (const char *const *)st->vals, NULL,
	                        NULL, 0) &&
	    PQsendQueryParams(conn, "RELEASE SAVEPOINT lt_stmt", 0, NULL, NULL, NULL, NULL, 0) &&
	    PQpipelineSync(conn);
	PGresult *r = NULL;
	if (sent) {
		PQclear(pipeline_result(conn)); /* SAVEPOINT */
		r = pipeline_result(conn);      /* the statement */
		/* RELEASE's result (or "skipped"), its NULL, then the sync; two NULLs in a row
		 * only from a broken connection. */
		for (int nulls = 0; nulls < 2;) {
			PGresult *rest = PQgetResult(conn);
			bool sync = PQresultStatus(rest) == PGRES_PIPELINE_SYNC;
			nulls = rest ? 0 : nulls + 1;
			PQclear(rest);
			if (sync)
				break;
		}
	}
	PQexitPipelineMode(conn);
	if (!r) /* the connection's error as a result, as PQexecPrepared would give it */
		r = PQmakeEmptyPGresult(conn, PGRES_FATAL_ERROR);
	return r;
}

/* Runs the prepared statement once; STORE_OK with st->res set, or an error. */
static int
execute_once(struct pg_stmt *st, bool *lost)
{
	struct pg_store *s = st->s;
	*lost = false;
	if (st->epoch != s->epoch) {
		int rc = prepare(st);
		if (rc != STORE_OK) {
			*lost = PQstatus(s->conn) == CONNECTION_BAD;
			return rc;
		}
	}
	bool savepoint = s->in_tx && st->writes;
	PGresult *r = savepoint ? exec_under_savepoint(st)
	                        : PQexecPrepared(s->conn, st->name, st->nparams,
	                                         (const char *const *)st->vals, NULL, NULL, 0);
	ExecStatusType t = PQresultStatus(r);
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
		if (sets_changes(PQcmdStatus(r)))
			s->changes = atoi(PQcmdTuples(r));
		st->res = r;
		st->nrows = PQntuples(r);
		int ncols = PQnfields(r);
		st->bools = xcalloc((size_t)ncols + 1, sizeof *st->bools);
		for (int i = 0; i < ncols; i++)
			st->bools[i] = PQftype(r, i) == OID_BOOL;
		return STORE_OK;
	}
	if (PQstatus(s->conn) == CONNECTION_BAD) {
		log_error("postgresql: %s: connection lost: %s", st->q->name,
		          PQerrorMessage(s->conn));
		PQclear(r);
		*lost = true;
		return STORE_ERR;
	}
	const char *c = sqlstate(r);
	int rc;
	if (is_busy_state(c)) {
		s->saw_busy = true;
		rc = STORE_BUSY;
		log_info("postgresql: %s: %s", st->q->name, PQresultErrorMessage(r));
	} else if (c[0] == '2' && c[1] == '3') {
		rc = STORE_CONSTRAINT;
		log_info("postgresql: %s: %s", st->q->name, PQresultErrorMessage(r));
	} else {
		note_full(c);
		rc = STORE_ERR;
		log_error("postgresql: %s: %s", st->q->name, PQresultErrorMessage(r));
	}
	if (savepoint) {
		PQclear(PQexec(s->conn, "ROLLBACK TO SAVEPOINT lt_stmt"));
		PQclear(PQexec(s->conn, "RELEASE SAVEPOINT lt_stmt"));
	}
	PQclear(r);
	return rc;
}

static int
execute(struct pg_stmt *st)
{
	struct pg_store *s = st->s;
	if (st->broken) {
		log_error("postgresql: query %s does not run on PostgreSQL", st->q->name);
		return STORE_ERR;
	}
	bool lost;
	int rc = execute_once(st, &lost);
	if (!lost)
		return rc;
	bool again = reconnect(s);
	if (s->in_tx) {
		/* The server rolled the transaction back: store_tx tries it again. */
		s->lost = true;
		s->saw_busy = true;
		return STORE_BUSY;
	}
	if (again && !st->writes) /* a read outside a transaction: safe to repeat */
		return execute_once(st, &lost);
	return STORE_ERR;
}

static int
pg_step(struct stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (!st->executed && !st->s->in_tx && st->writes &&
	    store_test_full(STORE_FULL_STATEMENTS)) {
		store_note_full(); /* the tests' full disk for a write outside store_tx */
		return STORE_ERR;
	}
	if (!st->executed) {
		int rc = execute(st);
		if (rc != STORE_OK)
			return rc;
		st->executed = true;
		st->row = -1;
	}
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? STORE_ROW : STORE_DONE;
}

static const char *
value(struct pg_stmt *st, int col)
{
	if (!st->res || st->row < 0 || st->row >= st->nrows || col < 0 || col >= PQnfields(st->res))
		return NULL;
	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	const char *v = PQgetvalue(st->res, st->row, col);
	if (st->bools[col])
		return v[0] == 't' ? "1" : "0";
	return v;
}

static int64_t
pg_col_int(struct stmt *base, int col)
{
	const char *v = value((struct pg_stmt *)base, col);
	if (!v)
		return 0;
	char *end;
	long long n = strtoll(v, &end, 10);
	if (*end == '.' || *end == 'e' || *end == 'E')
		return (int64_t)strtod(v, NULL);
	return n;
}

static double
pg_col_double(struct stmt *base, int col)
{
	const char *v = value((struct pg_stmt *)base, col);
	return v ? strtod(v, NULL) : 0;
}

static const char *
pg_col_text(struct stmt *base, int col)
{
	const char *v = value((struct pg_stmt *)base, col);
	return v ? v : "";
}

static bool
pg_col_is_null(struct stmt *base, int col)
{
	return value((struct pg_stmt *)base, col) == NULL;
}

static int
pg_columns(struct stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	return st->res ? PQnfields(st->res) : 0;
}

static const char *
pg_column_name(struct stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const char *n = st->res ? PQfname(st->res, col) : NULL;
	return n ? n : "";
}

/* By the column's type, as SQLite names a value's: PostgreSQL's built-in type oids
 * (catalog/pg_type_d.h, stable across versions). */
static enum store_col
pg_column_kind(struct stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	if (value(st, col) == NULL)
		return STORE_COL_NULL;
	switch (PQftype(st->res, col)) {
	case 16: /* bool */
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		return STORE_COL_INT;
	case 700:  /* float4 */
	case 701:  /* float8 */
	case 1700: /* numeric */
		return STORE_COL_REAL;
	default:
		return STORE_COL_TEXT;
	}
}

static void
pg_done(struct stmt *base)
{
	reset_stmt((struct pg_stmt *)base);
}

/* ---- transactions ---- */

/* The lock that queues a transaction tried again: see tx_attempt. */
#define QUEUE_LOCK "LOCK TABLE audit_head IN EXCLUSIVE MODE"

static int
tx_begin(struct pg_store *s, bool queued)
{
	if (s->in_tx) {
		log_error("store: nested transaction");
		abort();
	}
	int rc = exec_plain(s, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	if (rc != STORE_OK && s->lost && reconnect(s)) { /* nothing was sent yet: safe */
		s->lost = false;
		rc = exec_plain(s, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	}
	if (rc != STORE_OK)
		return rc;
	s->in_tx = true;
	if (queued && (rc = exec_plain(s, QUEUE_LOCK)) != STORE_OK) {
		exec_plain(s, "ROLLBACK");
		s->in_tx = false;
		return rc;
	}
	return STORE_OK;
}

static void
tx_rollback(struct pg_store *s)
{
	if (s->in_tx && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		exec_plain(s, "ROLLBACK");
	s->in_tx = false;
}

/* COMMIT in a transaction a failed statement aborted rolls back without an error: that
 * is a failure here. */
static int
tx_commit(struct pg_store *s)
{
	if (store_test_full(STORE_FULL_COMMITS)) { /* the tests' full disk, as on SQLite */
		tx_rollback(s);
		store_note_full();
		return STORE_ERR;
	}
	if (PQtransactionStatus(s->conn) == PQTRANS_INERROR) {
		log_error("postgresql: a statement failed earlier in the transaction");
		tx_rollback(s);
		return STORE_ERR;
	}
	PGresult *r = PQexec(s->conn, "COMMIT");
	int rc = STORE_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		const char *c = sqlstate(r);
		if (PQstatus(s->conn) == CONNECTION_BAD) {
			log_error("postgresql: connection lost at COMMIT: the outcome is unknown");
			reconnect(s);
			rc = STORE_ERR;
		} else if (is_busy_state(c)) {
			s->saw_busy = true;
			rc = STORE_BUSY;
		} else {
			note_full(c);
			log_error("postgresql: COMMIT: %s", PQresultErrorMessage(r));
			rc = c[0] == '2' && c[1] == '3' ? STORE_CONSTRAINT : STORE_ERR;
		}
	} else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
		rc = STORE_ERR;
	}
	PQclear(r);
	if (rc != STORE_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		exec_plain(s, "ROLLBACK");
	s->in_tx = false;
	return rc;
}

/* More attempts than SQLite's: a serialization failure comes at once rather than after
 * a wait for the lock, and under contention a few in a row are normal. */
#define TX_ATTEMPTS 8
#define TX_PAUSE_MS 5

static void
tx_pause(int attempt)
{
	/* rand(): not for secrets, it only spreads the writers apart. */
	int base = TX_PAUSE_MS * attempt;
	int ms = base + rand() % base;
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* One attempt. The first is optimistic; one after a serialization failure first takes the
 * lock that queues writers, before any statement (so its snapshot is taken once it has
 * it): EXCLUSIVE on audit_head, which every write updates (every change writes an audit
 * event, 012_audit_head.sql). Without it a writer that lost once may lose every time to
 * one that keeps writing: it would wait for the row of audit_head, the other commits, and
 * its snapshot (taken before the wait) is too old again. Readers are not held up. */
static int
tx_attempt(struct pg_store *s, store_tx_fn fn, void *ctx, bool queued, bool *failed_store)
{
	*failed_store = true;
	int rc = tx_begin(s, queued);
	if (rc != STORE_OK)
		return rc;
	rc = fn(&s->base, ctx);
	if (rc != STORE_OK) {
		*failed_store = false;
		tx_rollback(s);
		return rc;
	}
	return tx_commit(s);
}

static int
pg_tx(struct store *base, const char *name, store_tx_fn fn, void *ctx)
{
	struct pg_store *s = (struct pg_store *)base;
	if (s->in_tx) {
		log_error("store: transaction %s started inside another one", name ? name : "?");
		abort();
	}
	int rc = STORE_ERR;
	bool failed_store = true;
	for (int attempt = 1; attempt <= TX_ATTEMPTS; attempt++) {
		s->saw_busy = false;
		s->lost = false;
		rc = tx_attempt(s, fn, ctx, attempt > 1, &failed_store);
		if (rc == STORE_OK || !s->saw_busy)
			break;
		if (attempt == TX_ATTEMPTS) {
			rc = STORE_BUSY;
			failed_store = true;
			break;
		}
		atomic_fetch_add(&s->busy_waits, 1);
		tx_pause(attempt);
	}
	s->saw_busy = false;
	s->lost = false;
	if (rc != STORE_OK && failed_store)
		log_error("store: transaction %s failed (%d)", name ? name : "?", rc);
	else if (rc != STORE_OK)
		log_info("store: transaction %s rolled back (%d)", name ? name : "?", rc);
	return rc;
}

static bool
pg_in_tx(struct store *base)
{
	return ((struct pg_store *)base)->in_tx;
}

static int
pg_busy_waits(struct store *base)
{
	return atomic_load(&((struct pg_store *)base)->busy_waits);
}

static int
pg_changes(struct store *base)
{
	return ((struct pg_store *)base)->changes;
}

/* ---- migrations ---- */

static const struct store_query q_version = {
    "schema_version", "SELECT coalesce(max(version), 0) FROM schema_migration"};
static const struct store_query q_mark = {
    "schema_mark", "INSERT INTO schema_migration(version, name, applied_at) "
                   "VALUES (?1, ?2, CAST(extract(epoch FROM now()) AS bigint))"};
/* Whether one migration was applied: numbers are handed out to work done in parallel, so
 * a lower one may come after a higher one was applied (032 after 034); each is applied
 * once, whatever the order. */
static const struct store_query q_applied = {
    "schema_applied", "SELECT count(*) FROM schema_migration WHERE version = ?1"};
static const struct store_query q_has_version = {
    "schema_has_version", "SELECT to_regclass('schema_migration') IS NOT NULL"};

static int
pg_schema_version(struct store *s)
{
	struct stmt *st = pg_stmt_get(s, &q_has_version);
	bool have = pg_step(st) == STORE_ROW && pg_col_int(st, 0) > 0;
	pg_done(st);
	if (!have)
		return 0;
	st = pg_stmt_get(s, &q_version);
	int v = pg_step(st) == STORE_ROW ? (int)pg_col_int(st, 0) : 0;
	pg_done(st);
	return v;
}

/* Applies the migrations of sql/pg/. Several instances may start at once: an advisory
 * lock (held by the session) lets one migrate while the others wait. */
static int
pg_migrate(struct store *base)
{
	struct pg_store *s = (struct pg_store *)base;
	if (exec_plain(s, "SELECT pg_advisory_lock(7301601)") != STORE_OK)
		return STORE_ERR;
	int rc = exec_plain(s, "CREATE TABLE IF NOT EXISTS schema_migration (version integer "
	                       "PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
	for (size_t i = 0; rc == STORE_OK && i < pg_migrations_count; i++) {
		const struct migration *m = &pg_migrations[i];
		struct stmt *st = pg_stmt_get(base, &q_applied);
		pg_bind_int(st, 1, m->version);
		bool applied = pg_step(st) == STORE_ROW && pg_col_int(st, 0) > 0;
		pg_done(st);
		if (applied)
			continue;
		if (tx_begin(s, false) != STORE_OK) {
			rc = STORE_ERR;
			break;
		}
		if (exec_plain(s, m->sql) != STORE_OK) {
			tx_rollback(s);
			log_error("migration %d (%s) failed", m->version, m->name);
			rc = STORE_ERR;
			break;
		}
		st = pg_stmt_get(base, &q_mark);
		pg_bind_int(st, 1, m->version);
		pg_bind_text(st, 2, m->name);
		int ok = pg_step(st) == STORE_DONE;
		pg_done(st);
		if (!ok || tx_commit(s) != STORE_OK) {
			tx_rollback(s);
			rc = STORE_ERR;
			break;
		}
		log_info("applied migration %03d %s", m->version, m->name);
	}
	exec_plain(s, "SELECT pg_advisory_unlock(7301601)");
	return rc;
}

/* A server's database is copied with the server's tool (README: pg_dump). */
static int
pg_backup(struct store *s, const char *path)
{
	(void)s;
	(void)path;
	log_error("backup: on PostgreSQL, use pg_dump (see the README)");
	return STORE_ERR;
}

static int
pg_exec(struct store *base, const char *sql)
{
	return exec_plain((struct pg_store *)base, sql);
}

static const struct store_query q_try_lock = {"store_try_lock", "SELECT pg_try_advisory_lock(?1)"};
static const struct store_query q_unlock = {"store_unlock", "SELECT pg_advisory_unlock(?1)"};

/* Session-level advisory locks: held until unlocked or the connection ends (a killed
 * instance's end with it). A lost connection loses the lock too; the caller's claims in
 * the data keep the work exclusive meanwhile. */
static bool
pg_try_lock(struct store *base, int64_t key)
{
	struct stmt *st = pg_stmt_get(base, &q_try_lock);
	pg_bind_int(st, 1, key);
	bool got = pg_step(st) == STORE_ROW && pg_col_int(st, 0) == 1;
	pg_done(st);
	return got;
}

static void
pg_unlock(struct store *base, int64_t key)
{
	struct stmt *st = pg_stmt_get(base, &q_unlock);
	pg_bind_int(st, 1, key);
	pg_step(st);
	pg_done(st);
}

const struct store_driver store_pg_driver = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .migrate = pg_migrate,
    .schema_version = pg_schema_version,
    .stmt = pg_stmt_get,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_double = pg_bind_double,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_is_null = pg_col_is_null,
    .columns = pg_columns,
    .column_name = pg_column_name,
    .column_kind = pg_column_kind,
    .done = pg_done,
    .tx = pg_tx,
    .in_tx = pg_in_tx,
    .busy_waits = pg_busy_waits,
    .changes = pg_changes,
    .backup = pg_backup,
    .exec = pg_exec,
    .try_lock = pg_try_lock,
    .unlock = pg_unlock,
};

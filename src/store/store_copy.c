/* The copy from SQLite to PostgreSQL behind `leuchtturm migrate` (store_copy.h).
 *
 * The one place where the store writes SQL at run time: the copy is generic over the
 * schema, so its statements name the tables and columns the target's catalog lists
 * (information_schema), each quoted as an identifier; the rows' values are still bound,
 * never formatted into the text. The statements are made once per table and kept until
 * store_copy_release, as the drivers keep a statement per struct store_query. */
#include "store/blob.h"
#include "store/store.h"
#include "store/store_copy.h"
#include "store/store_driver.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* The PostgreSQL driver binds at most this many values (store_pg.c, MAX_PARAMS). */
#define MAX_COLUMNS 64

struct column {
	char *name;
	bool identity;
};

struct table {
	char *name;
	struct column *cols;
	size_t ncols;
	bool blobs; /* its sha256 column names a blob of the blob store */
	int64_t rows;
};

struct plan {
	struct table *t;
	size_t n;
};

/* ---- the statements made at run time ---- */

static struct store_query **made;
static size_t nmade, capmade;

/* A query of the given text, named copy_N (a name of its own on each connection). */
static const struct store_query *
make_query(const char *sql)
{
	if (nmade == capmade) {
		capmade = capmade ? 2 * capmade : 64;
		made = xrealloc(made, capmade * sizeof *made);
	}
	struct store_query *q = xcalloc(1, sizeof *q);
	char name[32];
	snprintf(name, sizeof name, "copy_%zu", nmade);
	q->name = xstrdup(name);
	q->sql = xstrdup(sql);
	made[nmade++] = q;
	return q;
}

void
store_copy_release(void)
{
	for (size_t i = 0; i < nmade; i++) {
		free((char *)made[i]->name);
		free((char *)made[i]->sql);
		free(made[i]);
	}
	free(made);
	made = NULL;
	nmade = capmade = 0;
}

/* Appends name as an SQL identifier: in double quotes, a quote doubled (both databases). */
static void
put_ident(struct buf *b, const char *name)
{
	buf_puts(b, "\"");
	for (const char *p = name; *p; p++)
		buf_puts(b, *p == '"' ? "\"\"" : (char[]){*p, 0});
	buf_puts(b, "\"");
}

/* ---- the target's schema ---- */

static const struct store_query q_any_table = {
    "copy_any_table", "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                      "current_schema()"};
static const struct store_query q_tables = {
    "copy_tables", "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                   "current_schema() AND table_type = 'BASE TABLE' AND table_name <> "
                   "'schema_migration' ORDER BY table_name"};
static const struct store_query q_columns = {
    "copy_columns", "SELECT column_name, is_identity FROM information_schema.columns WHERE "
                    "table_schema = current_schema() AND table_name = ?1 AND is_generated = "
                    "'NEVER' ORDER BY ordinal_position"};
/* Which table's foreign keys point at which (the copy inserts parents first). */
static const struct store_query q_deps = {
    "copy_deps", "SELECT cl.relname, cf.relname FROM pg_constraint c JOIN pg_class cl ON "
                 "cl.oid = c.conrelid JOIN pg_class cf ON cf.oid = c.confrelid WHERE c.contype "
                 "= 'f' AND cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = "
                 "current_schema())"};
/* The source's side: whether a table has a column; its tables (not SQLite's own, nor the
 * shadow tables of its virtual ones). */
static const struct store_query q_src_has = {
    "copy_src_has", "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2"};
static const struct store_query q_src_tables = {
    "copy_src_tables",
    "SELECT t.name FROM sqlite_master t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite%' "
    "AND t.name <> 'schema_migration' AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE "
    "v.type = 'table' AND v.sql LIKE 'CREATE VIRTUAL%' AND substr(t.name, 1, length(v.name) "
    "+ 1) = v.name || '_') ORDER BY t.name"};

int
store_copy_target_empty(struct store *dst, bool *empty)
{
	struct stmt *st = store_stmt(dst, &q_any_table);
	int rc = stmt_step(st);
	*empty = rc == STORE_ROW && stmt_int(st, 0) == 0;
	stmt_done(st);
	return rc == STORE_ROW ? STORE_OK : STORE_ERR;
}

static void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		for (size_t j = 0; j < p->t[i].ncols; j++)
			free(p->t[i].cols[j].name);
		free(p->t[i].cols);
		free(p->t[i].name);
	}
	free(p->t);
	memset(p, 0, sizeof *p);
}

/* The tables whose sha256 names a file in the blob store (blob.h's callers: attachments,
 * a practice's image and downloads); elsewhere a sha256 is a record's own hash. */
static bool
names_blobs(const char *table)
{
	return strcmp(table, "attachment") == 0 || strcmp(table, "practice_file") == 0;
}

static int
load_columns(struct store *dst, struct table *t)
{
	struct stmt *st = store_stmt(dst, &q_columns);
	stmt_bind_text(st, 1, t->name);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (t->ncols == cap) {
			cap = cap ? 2 * cap : 16;
			t->cols = xrealloc(t->cols, cap * sizeof *t->cols);
		}
		struct column *c = &t->cols[t->ncols++];
		c->name = xstrdup(stmt_text(st, 0));
		c->identity = strcmp(stmt_text(st, 1), "YES") == 0;
		t->blobs |= strcmp(c->name, "sha256") == 0 && names_blobs(t->name);
	}
	stmt_done(st);
	if (rc != STORE_DONE)
		return STORE_ERR;
	if (t->ncols == 0 || t->ncols > MAX_COLUMNS) {
		log_error("migrate: table %s has %zu columns", t->name, t->ncols);
		return STORE_ERR;
	}
	return STORE_OK;
}

static ssize_t
table_index(const struct plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->t[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

/* Orders p's tables so that every table comes after those its foreign keys point at (a
 * table pointing at itself inserts its rows in id order, parents first). */
static int
order_by_dependencies(struct store *dst, struct plan *p)
{
	size_t n = p->n;
	bool *dep = xcalloc(n * n + 1, sizeof *dep); /* dep[i * n + j]: i points at j */
	struct stmt *st = store_stmt(dst, &q_deps);
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		ssize_t i = table_index(p, stmt_text(st, 0)), j = table_index(p, stmt_text(st, 1));
		if (i >= 0 && j >= 0 && i != j)
			dep[(size_t)i * n + (size_t)j] = true;
	}
	stmt_done(st);
	struct table *sorted = xcalloc(n + 1, sizeof *sorted);
	bool *placed = xcalloc(n + 1, sizeof *placed);
	size_t done = 0;
	while (rc == STORE_DONE && done < n) {
		size_t before = done;
		for (size_t i = 0; i < n; i++) {
			bool ready = !placed[i];
			for (size_t j = 0; ready && j < n; j++)
				ready = !dep[i * n + j] || placed[j];
			if (ready) {
				placed[i] = true;
				sorted[done++] = p->t[i];
			}
		}
		if (done == before) {
			log_error("migrate: the tables' foreign keys form a cycle");
			rc = STORE_ERR;
		}
	}
	if (rc == STORE_DONE) {
		free(p->t);
		p->t = sorted;
	} else {
		free(sorted);
	}
	free(placed);
	free(dep);
	return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

/* The tables of dst's schema with their columns, parents first. */
static int
load_plan(struct store *dst, struct plan *p)
{
	memset(p, 0, sizeof *p);
	struct stmt *st = store_stmt(dst, &q_tables);
	size_t cap = 0;
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (p->n == cap) {
			cap = cap ? 2 * cap : 64;
			p->t = xrealloc(p->t, cap * sizeof *p->t);
		}
		memset(&p->t[p->n], 0, sizeof p->t[p->n]);
		p->t[p->n++].name = xstrdup(stmt_text(st, 0));
	}
	stmt_done(st);
	if (rc != STORE_DONE)
		return STORE_ERR;
	for (size_t i = 0; i < p->n; i++)
		if (load_columns(dst, &p->t[i]) != STORE_OK)
			return STORE_ERR;
	return order_by_dependencies(dst, p);
}

/* Every column of the plan is in the source too: same schema version on both sides. */
static int
check_source(struct store *src, const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t j = 0; j < p->t[i].ncols; j++) {
			struct stmt *st = store_stmt(src, &q_src_has);
			stmt_bind_text(st, 1, p->t[i].name);
			stmt_bind_text(st, 2, p->t[i].cols[j].name);
			if (stmt_one_int(st) != 1) {
				log_error("migrate: the SQLite database has no column %s.%s",
				          p->t[i].name, p->t[i].cols[j].name);
				return STORE_ERR;
			}
		}
	return STORE_OK;
}

/* ---- the copy ---- */

struct copy_tx {
	struct store *src, *dst;
	struct plan *plan;
	store_copy_progress progress;
	void *ctx;
	struct store_copy_report *out;
};

static int
exec_for_each(struct store *s, const struct plan *p, const char *before, const char *after)
{
	for (size_t i = 0; i < p->n; i++) {
		struct buf b = BUF_INIT;
		buf_puts(&b, before);
		put_ident(&b, p->t[i].name);
		buf_puts(&b, after);
		int rc = store_exec_trusted(s, buf_str(&b));
		buf_free(&b);
		if (rc != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

static int
truncate_all(struct store *dst, const struct plan *p)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "TRUNCATE ");
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_puts(&b, ", ");
		put_ident(&b, p->t[i].name);
	}
	int rc = store_exec_trusted(dst, buf_str(&b));
	buf_free(&b);
	return rc;
}

/* The table's SELECT on the source and INSERT on the target. */
static void
table_queries(const struct table *t, const struct store_query **sel, const struct store_query **ins)
{
	struct buf s = BUF_INIT, i = BUF_INIT;
	buf_puts(&s, "SELECT ");
	buf_puts(&i, "INSERT INTO ");
	put_ident(&i, t->name);
	buf_puts(&i, " (");
	for (size_t c = 0; c < t->ncols; c++) {
		if (c) {
			buf_puts(&s, ", ");
			buf_puts(&i, ", ");
		}
		put_ident(&s, t->cols[c].name);
		put_ident(&i, t->cols[c].name);
	}
	buf_puts(&s, " FROM ");
	put_ident(&s, t->name);
	buf_puts(&s, " ORDER BY 1");
	buf_puts(&i, ") VALUES (");
	for (size_t c = 0; c < t->ncols; c++)
		buf_printf(&i, "%s?%zu", c ? ", " : "", c + 1);
	buf_puts(&i, ")");
	*sel = make_query(buf_str(&s));
	*ins = make_query(buf_str(&i));
	buf_free(&s);
	buf_free(&i);
}

/* Binds the source row's values as text, which PostgreSQL reads as the column's type: an
 * integer in decimal, a real with all its digits. */
static void
bind_row(struct stmt *from, struct stmt *to, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++) {
		int col = (int)c, idx = (int)c + 1;
		char num[40];
		switch (stmt_column_kind(from, col)) {
		case STORE_COL_NULL:
			stmt_bind_null(to, idx);
			break;
		case STORE_COL_REAL:
			snprintf(num, sizeof num, "%.17g", stmt_double(from, col));
			stmt_bind_text(to, idx, num);
			break;
		default:
			stmt_bind_text(to, idx, stmt_text(from, col));
			break;
		}
	}
}

static int
copy_table(struct store *src, struct store *dst, struct table *t)
{
	const struct store_query *sel, *ins;
	table_queries(t, &sel, &ins);
	struct stmt *from = store_stmt(src, sel);
	int rc;
	t->rows = 0;
	while ((rc = stmt_step(from)) == STORE_ROW) {
		struct stmt *to = store_stmt(dst, ins);
		bind_row(from, to, t->ncols);
		int w = stmt_exec(to);
		if (w != STORE_OK) {
			log_error("migrate: a row of %s was refused (%d)", t->name, w);
			stmt_done(from);
			return w;
		}
		t->rows++;
	}
	stmt_done(from);
	return rc == STORE_DONE ? STORE_OK : STORE_ERR;
}

/* Each identity column's sequence goes on after the largest id copied. */
static int
set_sequences(struct store *dst, const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		for (size_t c = 0; c < p->t[i].ncols; c++) {
			if (!p->t[i].cols[c].identity)
				continue;
			struct buf b = BUF_INIT, qualified = BUF_INIT;
			put_ident(&qualified, p->t[i].name);
			buf_puts(&b, "SELECT setval(pg_get_serial_sequence('");
			buf_puts(&b, buf_str(&qualified));
			buf_puts(&b, "', '");
			buf_puts(&b, p->t[i].cols[c].name);
			buf_puts(&b, "'), coalesce(max(");
			put_ident(&b, p->t[i].cols[c].name);
			buf_puts(&b, "), 0) + 1, false) FROM ");
			put_ident(&b, p->t[i].name);
			int rc = store_exec_trusted(dst, buf_str(&b));
			buf_free(&b);
			buf_free(&qualified);
			if (rc != STORE_OK)
				return rc;
		}
	return STORE_OK;
}

static int
copy_body(struct store *dst, void *arg)
{
	struct copy_tx *t = arg;
	const struct plan *p = t->plan;
	t->out->tables = 0;
	t->out->rows = 0;
	/* USER: the migrations' triggers; the foreign keys' own stay on. */
	int rc = exec_for_each(dst, p, "ALTER TABLE ", " DISABLE TRIGGER USER");
	if (rc == STORE_OK)
		rc = truncate_all(dst, p);
	for (size_t i = 0; rc == STORE_OK && i < p->n; i++) {
		rc = copy_table(t->src, dst, &p->t[i]);
		if (rc == STORE_OK) {
			t->out->tables++;
			t->out->rows += p->t[i].rows;
			if (t->progress)
				t->progress(t->ctx, p->t[i].name, (int)i + 1, (int)p->n,
				            p->t[i].rows);
		}
	}
	if (rc == STORE_OK)
		rc = set_sequences(dst, p);
	if (rc == STORE_OK)
		rc = exec_for_each(dst, p, "ALTER TABLE ", " ENABLE TRIGGER USER");
	return rc;
}

/* Runs in the source's transaction: its write lock keeps the rows still while they are
 * read (a server still running on the file waits, or its writes wait for the copy). */
static int
source_body(struct store *src, void *arg)
{
	struct copy_tx *t = arg;
	t->src = src;
	return store_tx(t->dst, copy_body, t);
}

/* The source's tables that have no twin in the plan, for the report. */
static void
note_skipped(struct store *src, const struct plan *p, struct store_copy_report *out)
{
	struct buf b = BUF_INIT;
	struct stmt *st = store_stmt(src, &q_src_tables);
	while (stmt_step(st) == STORE_ROW) {
		const char *name = stmt_text(st, 0);
		if (table_index(p, name) >= 0)
			continue;
		buf_printf(&b, "%s%s", b.len ? ", " : "", name);
	}
	stmt_done(st);
	snprintf(out->skipped, sizeof out->skipped, "%s", b.len ? buf_str(&b) : "");
	buf_free(&b);
}

int
store_copy(struct store *src, struct store *dst, store_copy_progress progress, void *ctx,
           struct store_copy_report *out)
{
	memset(out, 0, sizeof *out);
	struct plan p;
	int rc = load_plan(dst, &p);
	if (rc == STORE_OK)
		rc = check_source(src, &p);
	if (rc == STORE_OK) {
		note_skipped(src, &p, out);
		struct copy_tx t = {src, dst, &p, progress, ctx, out};
		rc = store_tx(src, source_body, &t);
	}
	plan_free(&p);
	return rc;
}

/* ---- afterwards ---- */

static int64_t
count_rows(struct store *s, const struct table *t)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "SELECT count(*) FROM ");
	put_ident(&b, t->name);
	const struct store_query *q = make_query(buf_str(&b));
	buf_free(&b);
	struct stmt *st = store_stmt(s, q);
	int64_t n = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return n;
}

int
store_copy_verify(struct store *src, struct store *dst)
{
	struct plan p;
	int differ = 0;
	if (load_plan(dst, &p) != STORE_OK) {
		plan_free(&p);
		return -1;
	}
	for (size_t i = 0; i < p.n && differ >= 0; i++) {
		int64_t a = count_rows(src, &p.t[i]), b = count_rows(dst, &p.t[i]);
		if (a < 0 || b < 0) {
			differ = -1;
		} else if (a != b) {
			log_error("migrate: %s has %lld rows on SQLite, %lld on PostgreSQL",
			          p.t[i].name, (long long)a, (long long)b);
			differ++;
		}
	}
	plan_free(&p);
	return differ;
}

int
store_copy_check_files(struct store *dst, int64_t *named, int64_t *missing)
{
	*named = *missing = 0;
	struct plan p;
	int rc = load_plan(dst, &p);
	for (size_t i = 0; rc == STORE_OK && i < p.n; i++) {
		if (!p.t[i].blobs)
			continue;
		struct buf b = BUF_INIT;
		buf_puts(&b, "SELECT DISTINCT sha256 FROM ");
		put_ident(&b, p.t[i].name);
		const struct store_query *q = make_query(buf_str(&b));
		buf_free(&b);
		struct stmt *st = store_stmt(dst, q);
		int step;
		while ((step = stmt_step(st)) == STORE_ROW) {
			const char *sha = stmt_text(st, 0);
			if (!*sha)
				continue;
			(*named)++;
			struct buf bytes = BUF_INIT;
			if (blob_read(sha, -1, &bytes) != 0 ||
			    blob_db_put(dst, sha, bytes.data, bytes.len) != 0 ||
			    !blob_db_exists(dst, sha)) {
				log_error(
				    "migrate: %s names the file %s, which is not in the file store",
				    p.t[i].name, sha);
				(*missing)++;
			}
			buf_free(&bytes);
		}
		stmt_done(st);
		if (step != STORE_DONE)
			rc = STORE_ERR;
	}
	plan_free(&p);
	return rc;
}

/* SQLite driver for store.h (and store_sqlite.h, its handle for the search layer's
 * tokenizer). With src/search/tokenizer.c the only file that includes sqlite3.h. */
#include "store/store.h"
#include "store/store_driver.h"
#include "store/migrations.h"
#include "store/store_sqlite.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Open-addressing table of prepared statements, per connection: room for every named
 * query of the program with a low load factor (a full table aborts, loudly). */
#define STMT_SLOTS 2048

struct sq_stmt {
	struct stmt base; /* first: the driver */
	const struct store_query *q;
	sqlite3_stmt *st;
	struct sq_store *s;
	bool queued;     /* holds the writer lock for its own write (outside store_tx) */
	bool autocommit; /* a write outside store_tx is running: its commit is counted */
};

struct writer_lock;

struct sq_store {
	struct store base; /* first: the driver */
	sqlite3 *db;
	struct writer_lock *writer; /* this process's writers of the file; NULL in memory */
	bool in_tx;
	bool saw_busy;          /* a statement of the running attempt was refused as busy */
	_Atomic int busy_waits; /* read by other threads: store_busy_waits */
	struct sq_stmt slots[STMT_SLOTS];
};

static int exec_plain(struct sq_store *s, const char *sql);
static void autocommit_end(struct sq_stmt *st, bool ok);
static void sq_store_close(struct store *base);

/* How long a connection waits for another writer's lock before SQLITE_BUSY. */
#define BUSY_TIMEOUT_MS 5000

/* SQLite's own busy_timeout, with a count of the waits (store_busy_waits). */
static int
busy_wait(void *arg, int count)
{
	static const int delays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
	enum { NDELAYS = sizeof delays / sizeof delays[0] };
	struct sq_store *s = arg;
	int waited = 0;
	for (int i = 0; i < count && i < NDELAYS; i++)
		waited += delays[i];
	if (count >= NDELAYS)
		waited += (count - NDELAYS) * delays[NDELAYS - 1];
	if (waited >= BUSY_TIMEOUT_MS)
		return 0;
	atomic_fetch_add(&s->busy_waits, 1);
	sqlite3_sleep(delays[count < NDELAYS ? count : NDELAYS - 1]);
	return 1;
}

sqlite3 *
store_sqlite_db(struct store *s)
{
	return s->drv == &store_sqlite_driver ? ((struct sq_store *)s)->db : NULL;
}

/* The test hook for a full disk (issue #15, point 10): with LEUCHTTURM_TEST_DB_GROWTH_PAGES=N
 * the database may grow by N pages beyond its size when the process first opened it, then
 * writes that need a new page fail with SQLITE_FULL as on a full disk; pages freed by
 * deleting rows are used again, as space freed on a disk is. */
static void
limit_growth(sqlite3 *db)
{
	static _Atomic int64_t limit;
	const char *env = getenv("LEUCHTTURM_TEST_DB_GROWTH_PAGES");
	if (!env || !*env)
		return;
	if (!atomic_load(&limit)) {
		sqlite3_stmt *st = NULL;
		int64_t pages = 0;
		if (sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			pages = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		int64_t zero = 0;
		atomic_compare_exchange_strong(&limit, &zero, pages + atoll(env) + 1);
	}
	/* A pragma binds no parameters; the value is a number we made. */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", (long long)atomic_load(&limit));
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static int
configure(struct sq_store *s)
{
	sqlite3 *db = s->db;
	/* cache_size: 2 MiB of pages per connection, SQLite's default. It was 32 MiB when the
	 * ranking read 40,000 scores, then 8 MiB; every thread's connection filled its own copy
	 * with the detail pages' long rows, which the operating system's file cache holds once
	 * for all of them anyway, and the catalog's pages come from its index in memory, the
	 * ranking from its 400 stored aggregates (026). At 10,000 practices, after 8 s of
	 * first visits of detail pages: 108 MB resident at 8 MiB, 87 MB at 2 MiB, with the
	 * same requests per second (176, 175; issue 14, point 6). */
	/* synchronous=FULL: with WAL, NORMAL survives a killed process but may lose the last
	 * acknowledged commits on power loss; a decision record or an audit event that was
	 * confirmed to a person must not be lost. FULL syncs the WAL at every commit; its cost
	 * is measured by bench/durability.sh. A connection to a file with a writer lock then
	 * switches to NORMAL and syncs its commits by the group commit (sq_store_open, "durable
	 * commits" below), which is as durable. */
	static const char *pragmas =
	    "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
	    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-2048;";
	sqlite3_busy_handler(db, busy_wait, s);
	char *err = NULL;
	if (sqlite3_exec(db, pragmas, NULL, NULL, &err) != SQLITE_OK) {
		log_error("sqlite: %s", err ? err : "pragma failed");
		sqlite3_free(err);
		return STORE_ERR;
	}
	limit_growth(db);
	if (store_run_extensions(&s->base) != 0) {
		log_error("sqlite: an extension could not be registered");
		return STORE_ERR;
	}
	return STORE_OK;
}

/* ---- one writer at a time per database file, in this process ----
 * SQLite lets one connection write at a time; the others' BEGIN IMMEDIATE waits in the busy
 * handler, which sleeps (1 ms, 2, 5 … up to 100 ms) and looks again, so under contention a
 * writer can sleep through many commits of others (waits of 300–500 ms at 32 connections,
 * issue 14). The connections of one process to one file therefore queue on a mutex around
 * store_tx: the next writer wakes the moment the last one commits. Other processes (the
 * CLI, a second instance) still meet in SQLite's lock and busy handler. */

struct durable_waiter;

struct writer_lock {
	char *path; /* the database file's name as SQLite resolved it */
	int users;  /* open connections sharing it */
	pthread_mutex_t mu;
	/* The group commit (see "durable commits" below); all under sync_mu but written. */
	char *wal_path;
	_Atomic uint64_t written; /* commits of this process to the file so far */
	uint64_t synced;          /* commits known to be on the disk */
	bool syncing;             /* a thread is in fsync for them */
	int wal_fd;               /* the -wal file, opened by the first sync; -1 before */
	bool wal_dir_synced;      /* its directory entry synced once after opening */
	pthread_mutex_t sync_mu;
	pthread_cond_t synced_cv; /* a sync ended */
	pthread_cond_t work_cv;   /* the syncer thread has waiters, or must stop */
	struct durable_waiter *waiters;
	bool syncer_running, syncer_stop;
	pthread_t syncer;
	_Atomic int syncs; /* fsyncs done, for the tests */
};

#define WRITER_LOCKS 64
static struct writer_lock writer_locks[WRITER_LOCKS];
static pthread_mutex_t writer_locks_mu = PTHREAD_MUTEX_INITIALIZER;
/* Whether this thread holds a writer lock: it then takes no other, so no two threads can
 * wait for each other's (a transaction on a second file or connection inside one fails
 * or waits in SQLite, as without the locks). */
static _Thread_local bool writer_held;

/* The lock of s's file (a new one for the first connection to it); NULL for an in-memory
 * database, or when all slots are taken (then s waits in SQLite's busy handler only). */
static struct writer_lock *
writer_lock_get(sqlite3 *db)
{
	const char *path = sqlite3_db_filename(db, "main");
	if (!path || !path[0])
		return NULL;
	struct writer_lock *w = NULL, *free_slot = NULL;
	pthread_mutex_lock(&writer_locks_mu);
	for (size_t i = 0; i < WRITER_LOCKS && !w; i++) {
		if (writer_locks[i].users && strcmp(writer_locks[i].path, path) == 0)
			w = &writer_locks[i];
		else if (!writer_locks[i].users && !free_slot)
			free_slot = &writer_locks[i];
	}
	if (!w && free_slot) {
		w = free_slot;
		w->path = xstrdup(path);
		pthread_mutex_init(&w->mu, NULL);
		w->wal_path = xstrdup(sqlite3_filename_wal(path));
		atomic_store(&w->written, 0);
		w->synced = 0;
		w->syncing = false;
		w->wal_fd = -1;
		w->wal_dir_synced = false;
		pthread_mutex_init(&w->sync_mu, NULL);
		pthread_cond_init(&w->synced_cv, NULL);
		pthread_cond_init(&w->work_cv, NULL);
		w->waiters = NULL;
		w->syncer_running = w->syncer_stop = false;
		atomic_store(&w->syncs, 0);
	}
	if (w)
		w->users++;
	pthread_mutex_unlock(&writer_locks_mu);
	return w;
}

static void syncer_stop(struct writer_lock *w);

static void
writer_lock_put(struct writer_lock *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&writer_locks_mu);
	if (--w->users == 0) {
		syncer_stop(w);
		pthread_mutex_destroy(&w->mu);
		pthread_mutex_destroy(&w->sync_mu);
		pthread_cond_destroy(&w->synced_cv);
		pthread_cond_destroy(&w->work_cv);
		if (w->wal_fd >= 0)
			close(w->wal_fd);
		free(w->path);
		free(w->wal_path);
		w->path = NULL;
		w->wal_path = NULL;
	}
	pthread_mutex_unlock(&writer_locks_mu);
}

/* Takes s's writer lock; true when taken (writer_leave gives it back). A wait counts as a
 * busy wait (store_busy_waits). After BUSY_TIMEOUT_MS without it, goes on without: SQLite's
 * lock still keeps the writers apart, the busy handler then decides. */
static bool
writer_enter(struct sq_store *s)
{
	if (!s->writer || writer_held)
		return false;
	if (pthread_mutex_trylock(&s->writer->mu) != 0) {
		atomic_fetch_add(&s->busy_waits, 1);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += BUSY_TIMEOUT_MS / 1000;
		if (pthread_mutex_timedlock(&s->writer->mu, &until) != 0)
			return false;
	}
	writer_held = true;
	return true;
}

static void
writer_leave(struct sq_store *s, bool taken)
{
	if (!taken)
		return;
	writer_held = false;
	pthread_mutex_unlock(&s->writer->mu);
}

/* ---- durable commits: a group commit ----
 * A confirmed change must survive a power loss (issue 15, point 6). synchronous=FULL gave
 * that by an fsync of the WAL inside every COMMIT, under the writer lock: the writers of
 * 32 connections waited for each other's fsync one after the other (7–20 ms each on this
 * disk, a queue of 32 is 200–470 ms; issue 14, point 7). The connections to a file with a
 * writer lock therefore run with synchronous=NORMAL — the WAL stays consistent after any
 * crash, SQLite syncs it before each checkpoint — and every commit is synced here instead,
 * after the writer lock is given back: one fsync of the -wal file covers every commit
 * written before it began, so the commits that came while one fsync ran share the next
 * (leader and followers). store_tx (and a write outside it) returns only once its commit is
 * on the disk — unless the thread deferred that (store_defer_durability: the HTTP workers,
 * which suspend the connection and answer it once store_when_durable calls back, so a
 * worker thread never sits in fsync while its other connections wait). What another
 * request may read in the moment between a commit and its fsync is not yet durable; a
 * write that depends on it is synced after it, so with it.
 *
 * An fsync that fails leaves it unknown what is on the disk (Linux may drop the pages it
 * could not write and report success next time); like PostgreSQL (data_sync_retry=off) the
 * process stops rather than acknowledge a change that may be lost. */

struct durable_waiter {
	uint64_t seq;
	void (*done)(void *arg);
	void *arg;
	struct durable_waiter *next;
};

/* This thread's last commit that may not be durable yet (w NULL when none), and whether the
 * thread waits for it itself (the default) or leaves it to store_when_durable. */
static _Thread_local struct writer_lock *pending_w;
static _Thread_local uint64_t pending_seq;
static _Thread_local bool durability_deferred;

/* Syncs the -wal file of w: every commit written to it before is then on the disk. Called
 * by one thread at a time (w->syncing). */
static void
wal_sync(struct writer_lock *w)
{
	struct stat now, open_one;
	if (stat(w->wal_path, &now) != 0) {
		if (errno == ENOENT)
			return; /* checkpointed into the database (synced) and removed by SQLite */
		log_error("sqlite: %s: %s; stopping, the last commits may not be on the disk",
		          w->wal_path, strerror(errno));
		abort();
	}
	if (w->wal_fd < 0 || fstat(w->wal_fd, &open_one) != 0 || open_one.st_ino != now.st_ino ||
	    open_one.st_dev != now.st_dev) {
		/* First sync, or the file was removed and made again (its old commits were
		 * checkpointed before): the file there now. */
		if (w->wal_fd >= 0)
			close(w->wal_fd);
		w->wal_fd = open(w->wal_path, O_RDONLY | O_CLOEXEC);
		w->wal_dir_synced = false;
		if (w->wal_fd < 0) {
			if (errno == ENOENT)
				return;
			log_error(
			    "sqlite: cannot open %s: %s; stopping, the last commits may not be "
			    "on the disk",
			    w->wal_path, strerror(errno));
			abort();
		}
	}
	if (fdatasync(w->wal_fd) != 0) {
		log_error(
		    "sqlite: fsync of %s failed: %s; stopping, the last commits may not be on "
		    "the disk",
		    w->wal_path, strerror(errno));
		abort();
	}
	if (!w->wal_dir_synced) {
		/* A new -wal file's name must be on the disk too. */
		char *copy = xstrdup(w->wal_path);
		int dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		free(copy);
		if (dfd >= 0) {
			if (fsync(dfd) == 0)
				w->wal_dir_synced = true;
			close(dfd);
		}
	}
	atomic_fetch_add(&w->syncs, 1);
}

/* Until commit seq of w is on the disk: syncs itself when no other thread is syncing,
 * otherwise waits for that sync (and the next, if seq came after it began). Call with
 * w->sync_mu held. */
static void
sync_through(struct writer_lock *w, uint64_t seq)
{
	while (w->synced < seq) {
		if (w->syncing) {
			pthread_cond_wait(&w->synced_cv, &w->sync_mu);
			continue;
		}
		w->syncing = true;
		/* Commits counted so far have all been written to the file. */
		uint64_t target = atomic_load(&w->written);
		pthread_mutex_unlock(&w->sync_mu);
		wal_sync(w);
		pthread_mutex_lock(&w->sync_mu);
		w->syncing = false;
		if (target > w->synced)
			w->synced = target;
		pthread_cond_broadcast(&w->synced_cv);
		if (w->waiters)
			pthread_cond_signal(&w->work_cv);
	}
}

/* The thread that answers the deferred waiters (store_when_durable): syncs for the newest
 * of them, then calls back every one whose commit is on the disk. */
static void *
syncer_main(void *arg)
{
	struct writer_lock *w = arg;
	pthread_mutex_lock(&w->sync_mu);
	for (;;) {
		while (!w->waiters && !w->syncer_stop)
			pthread_cond_wait(&w->work_cv, &w->sync_mu);
		if (!w->waiters)
			break;
		uint64_t newest = 0;
		for (struct durable_waiter *d = w->waiters; d; d = d->next)
			if (d->seq > newest)
				newest = d->seq;
		sync_through(w, newest);
		struct durable_waiter *ready = NULL, **link = &w->waiters;
		while (*link) {
			struct durable_waiter *d = *link;
			if (d->seq <= w->synced) {
				*link = d->next;
				d->next = ready;
				ready = d;
			} else {
				link = &d->next;
			}
		}
		pthread_mutex_unlock(&w->sync_mu);
		while (ready) {
			struct durable_waiter *d = ready;
			ready = d->next;
			d->done(d->arg);
			free(d);
		}
		pthread_mutex_lock(&w->sync_mu);
	}
	pthread_mutex_unlock(&w->sync_mu);
	return NULL;
}

/* The last connection to w's file closes: the syncer answers who still waits, then ends. */
static void
syncer_stop(struct writer_lock *w)
{
	pthread_mutex_lock(&w->sync_mu);
	bool running = w->syncer_running;
	w->syncer_stop = true;
	pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->sync_mu);
	if (running)
		pthread_join(w->syncer, NULL);
}

/* Waits until this thread's pending commit is on the disk. */
static void
durable_wait(void)
{
	struct writer_lock *w = pending_w;
	if (!w)
		return;
	pthread_mutex_lock(&w->sync_mu);
	sync_through(w, pending_seq);
	pthread_mutex_unlock(&w->sync_mu);
	pending_w = NULL;
	pending_seq = 0;
}

/* A commit of s succeeded: counted (under the writer lock, where there is one) as this
 * thread's pending one. Connections without a writer lock run with synchronous=FULL. */
static void
note_commit(struct sq_store *s)
{
	struct writer_lock *w = s->writer;
	if (!w)
		return;
	if (pending_w && pending_w != w)
		durable_wait(); /* another file's first: one pending commit per thread */
	pending_w = w;
	pending_seq = atomic_fetch_add(&w->written, 1) + 1;
}

/* After the writer lock is given back: waits for the pending commit unless deferred. */
static void
settle_durable(void)
{
	if (!durability_deferred)
		durable_wait();
}

void
store_defer_durability(bool on)
{
	durability_deferred = on;
	if (!on)
		durable_wait();
}

bool
store_durable_pending(void)
{
	struct writer_lock *w = pending_w;
	if (!w)
		return false;
	pthread_mutex_lock(&w->sync_mu);
	bool done = w->synced >= pending_seq;
	pthread_mutex_unlock(&w->sync_mu);
	if (done) {
		pending_w = NULL;
		pending_seq = 0;
	}
	return !done;
}

bool
store_when_durable(void (*done)(void *arg), void *arg)
{
	struct writer_lock *w = pending_w;
	if (!w)
		return false;
	uint64_t seq = pending_seq;
	pending_w = NULL;
	pending_seq = 0;
	pthread_mutex_lock(&w->sync_mu);
	if (w->synced >= seq) {
		pthread_mutex_unlock(&w->sync_mu);
		return false;
	}
	if (!w->syncer_running) {
		if (pthread_create(&w->syncer, NULL, syncer_main, w) != 0) {
			/* No thread: this one syncs (and so waits) itself. */
			sync_through(w, seq);
			pthread_mutex_unlock(&w->sync_mu);
			return false;
		}
		w->syncer_running = true;
	}
	struct durable_waiter *d = xcalloc(1, sizeof *d);
	*d = (struct durable_waiter){seq, done, arg, w->waiters};
	w->waiters = d;
	pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->sync_mu);
	return true;
}

int
store_durable_syncs(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	return base->drv == &store_sqlite_driver && s->writer ? atomic_load(&s->writer->syncs) : 0;
}

/* A new database file is made 0600 before SQLite opens it (SQLite would make it 0644 under
 * the usual umask); its -wal and -shm files take the database's mode. Only a file that
 * does not exist yet is touched: closing any descriptor of an open database would drop
 * the POSIX locks of this process's other connections to it. */
static void
create_private(const char *path)
{
	struct stat st;
	if (!path[0] || path[0] == ':' || strncmp(path, "file:", 5) == 0 || stat(path, &st) == 0)
		return;
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

static int
sq_store_open(struct store **out, const char *path)
{
	sqlite3 *db = NULL;
	create_private(path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		log_error("sqlite: cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
		sqlite3_close(db);
		return STORE_ERR;
	}
	struct sq_store *s = xcalloc(1, sizeof *s);
	s->base.drv = &store_sqlite_driver;
	s->db = db;
	if (configure(s) != STORE_OK) {
		sqlite3_close(db);
		free(s);
		return STORE_ERR;
	}
	s->writer = writer_lock_get(db);
	if (s->writer && exec_plain(s, "PRAGMA synchronous=NORMAL") != STORE_OK) {
		sq_store_close(&s->base);
		return STORE_ERR;
	}
	*out = &s->base;
	return STORE_OK;
}

static void
sq_store_close(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	if (!s)
		return;
	for (size_t i = 0; i < STMT_SLOTS; i++)
		sqlite3_finalize(s->slots[i].st);
	sqlite3_close(s->db);
	writer_lock_put(s->writer);
	free(s);
}

static struct stmt *
sq_store_stmt(struct store *base, const struct store_query *q)
{
	struct sq_store *s = (struct sq_store *)base;
	size_t h = ((uintptr_t)q >> 4) % STMT_SLOTS;
	for (size_t i = 0; i < STMT_SLOTS; i++) {
		struct sq_stmt *slot = &s->slots[(h + i) % STMT_SLOTS];
		if (slot->q == q) {
			sqlite3_reset(slot->st);
			sqlite3_clear_bindings(slot->st);
			if (slot->queued || slot->autocommit) { /* asked again before it was done */
				autocommit_end(slot, true);
				if (slot->queued) {
					writer_leave(s, true);
					slot->queued = false;
				}
			}
			return &slot->base;
		}
		if (!slot->q) {
			const char *tail = NULL;
			if (sqlite3_prepare_v3(s->db, q->sql, -1, SQLITE_PREPARE_PERSISTENT,
			                       &slot->st, &tail) != SQLITE_OK) {
				log_error("sqlite: query %s: %s", q->name, sqlite3_errmsg(s->db));
				abort();
			}
			/* Like fossil, refuse trailing SQL: one query, one statement. */
			while (tail &&
			       (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == ';'))
				tail++;
			if (tail && *tail) {
				log_error("sqlite: query %s has trailing SQL", q->name);
				abort();
			}
			slot->base.drv = &store_sqlite_driver;
			slot->q = q;
			slot->s = s;
			return &slot->base;
		}
	}
	log_error("sqlite: statement cache full");
	abort();
}

static void
sq_stmt_bind_int(struct stmt *base, int idx, int64_t v)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	sqlite3_bind_int64(st->st, idx, v);
}

static void
sq_stmt_bind_text(struct stmt *base, int idx, const char *v)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	if (v)
		sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, idx);
}

static void
sq_stmt_bind_null(struct stmt *base, int idx)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	sqlite3_bind_null(st->st, idx);
}

static int
map_rc(struct sq_store *s, const struct store_query *q, int rc)
{
	sqlite3 *db = s->db;
	switch (rc & 0xff) {
	case SQLITE_ROW:
		return STORE_ROW;
	case SQLITE_DONE:
		return STORE_DONE;
	case SQLITE_CONSTRAINT:
		return STORE_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_error("sqlite: %s: busy", q->name);
		s->saw_busy = true;
		return STORE_BUSY;
	case SQLITE_FULL:
		store_note_full();
		return STORE_ERR;
	default:
		log_error("sqlite: %s: %s", q->name, sqlite3_errmsg(db));
		return STORE_ERR;
	}
}

/* A write outside store_tx has ended (committed when ok): the writer lock given back, the
 * commit counted and, unless deferred, on the disk before the caller goes on. */
static void
autocommit_end(struct sq_stmt *st, bool ok)
{
	if (!st->autocommit)
		return;
	st->autocommit = false;
	if (ok && sqlite3_get_autocommit(st->s->db))
		note_commit(st->s);
	if (st->queued) {
		writer_leave(st->s, true);
		st->queued = false;
	}
	if (ok)
		settle_durable();
}

/* A write outside store_tx (a session's last_seen, once a minute) is a transaction of its
 * own: it queues on the writer lock like store_tx does, instead of meeting a writer's lock
 * in SQLite and sleeping in the busy handler (which, at 32 connections saving ratings,
 * made single requests wait hundreds of milliseconds). Held until the statement is done. */
static int
sq_stmt_step(struct stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	struct sq_store *s = st->s;
	if (!s->in_tx && !sqlite3_stmt_busy(st->st) && !sqlite3_stmt_readonly(st->st) &&
	    store_test_full(STORE_FULL_STATEMENTS)) {
		store_note_full(); /* the tests' full disk for a write outside store_tx */
		return STORE_ERR;
	}
	if (!s->in_tx && !st->queued && !sqlite3_stmt_busy(st->st) &&
	    !sqlite3_stmt_readonly(st->st)) {
		st->queued = writer_enter(s);
		st->autocommit = true;
	}
	int rc = map_rc(s, st->q, sqlite3_step(st->st));
	/* Done (or failed): SQLite has ended the statement's own transaction. */
	if (rc != STORE_ROW)
		autocommit_end(st, rc == STORE_DONE);
	return rc;
}

static int64_t
sq_stmt_int(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	return sqlite3_column_int64(st->st, col);
}

static double
sq_stmt_double(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	return sqlite3_column_double(st->st, col);
}

static void
sq_stmt_bind_double(struct stmt *base, int idx, double v)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	sqlite3_bind_double(st->st, idx, v);
}

static const char *
sq_stmt_text(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	const unsigned char *t = sqlite3_column_text(st->st, col);
	return t ? (const char *)t : "";
}

static bool
sq_stmt_is_null(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	return sqlite3_column_type(st->st, col) == SQLITE_NULL;
}

static int
sq_columns(struct stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	return sqlite3_column_count(st->st);
}

static const char *
sq_column_name(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	const char *n = sqlite3_column_name(st->st, col);
	return n ? n : "";
}

static enum store_col
sq_column_kind(struct stmt *base, int col)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	switch (sqlite3_column_type(st->st, col)) {
	case SQLITE_INTEGER:
		return STORE_COL_INT;
	case SQLITE_FLOAT:
		return STORE_COL_REAL;
	case SQLITE_NULL:
		return STORE_COL_NULL;
	default:
		return STORE_COL_TEXT;
	}
}

static void
sq_stmt_done(struct stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	/* A write with RETURNING commits when reset after its rows. */
	bool ok = sqlite3_reset(st->st) == SQLITE_OK;
	autocommit_end(st, ok);
	if (st->queued) {
		writer_leave(st->s, true);
		st->queued = false;
	}
}

static int
exec_plain(struct sq_store *s, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, &err);
	if ((rc & 0xff) == SQLITE_FULL) {
		sqlite3_free(err);
		store_note_full();
		return STORE_ERR;
	}
	if (rc != SQLITE_OK) {
		log_error("sqlite: %s: %s", sql, err ? err : "?");
		sqlite3_free(err);
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			s->saw_busy = true;
			return STORE_BUSY;
		}
		return STORE_ERR;
	}
	return STORE_OK;
}

/* The driver's own BEGIN, COMMIT and ROLLBACK: only store_tx and store_migrate use them. */
static int
tx_begin(struct sq_store *s)
{
	if (s->in_tx) {
		log_error("store: nested transaction");
		abort();
	}
	int rc = exec_plain(s, "BEGIN IMMEDIATE");
	if (rc != STORE_OK)
		return rc;
	s->in_tx = true;
	return STORE_OK;
}

static void
tx_rollback(struct sq_store *s)
{
	if (s->in_tx && sqlite3_get_autocommit(s->db) == 0)
		exec_plain(s, "ROLLBACK");
	s->in_tx = false;
}

/* A failed COMMIT rolls back: SQLite may leave the transaction open after one. */
static int
tx_commit(struct sq_store *s)
{
	if (store_test_full(STORE_FULL_COMMITS)) {
		tx_rollback(s);
		store_note_full();
		return STORE_ERR;
	}
	int rc = exec_plain(s, "COMMIT");
	if (rc != STORE_OK)
		tx_rollback(s);
	else
		note_commit(s);
	s->in_tx = false;
	return rc;
}

/* Attempts of one store_tx when the database stays busy, and the pause before each new
 * attempt: random, so two writers that collided do not collide again in step. Each
 * attempt may itself wait up to BUSY_TIMEOUT_MS for the lock (the busy handler), so a
 * writer gives up after about 15 s. */
#define TX_ATTEMPTS 3
#define TX_PAUSE_MS 20

static void
tx_pause(int attempt)
{
	/* rand(): not for secrets, it only spreads the writers apart. */
	int base = TX_PAUSE_MS * attempt;
	sqlite3_sleep(base + rand() % base);
}

/* One attempt: STORE_OK when committed, fn's code or the driver's error otherwise. */
static int
tx_attempt(struct sq_store *s, store_tx_fn fn, void *ctx, bool *failed_store)
{
	*failed_store = true;
	int rc = tx_begin(s);
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
sq_store_tx_as(struct store *base, const char *name, store_tx_fn fn, void *ctx)
{
	struct sq_store *s = (struct sq_store *)base;
	if (s->in_tx) {
		log_error("store: transaction %s started inside another one", name ? name : "?");
		abort();
	}
	int rc = STORE_ERR;
	bool failed_store = true;
	bool queued = writer_enter(s);
	for (int attempt = 1; attempt <= TX_ATTEMPTS; attempt++) {
		s->saw_busy = false;
		rc = tx_attempt(s, fn, ctx, &failed_store);
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
	writer_leave(s, queued);
	/* On the disk before store_tx returns (or, deferred, before the answer is sent). */
	settle_durable();
	s->saw_busy = false;
	if (rc != STORE_OK && failed_store)
		log_error("store: transaction %s failed (%d)", name ? name : "?", rc);
	else if (rc != STORE_OK)
		log_info("store: transaction %s rolled back (%d)", name ? name : "?", rc);
	return rc;
}

static bool
sq_store_in_transaction(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	return s->in_tx;
}

static int
sq_store_busy_waits(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	return atomic_load(&s->busy_waits);
}

static int
sq_store_changes(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	return sqlite3_changes(s->db);
}

static const struct store_query q_version = {
    "schema_version", "SELECT coalesce(max(version), 0) FROM schema_migration"};
static const struct store_query q_mark = {"schema_mark",
                                          "INSERT INTO schema_migration(version, name, applied_at) "
                                          "VALUES (?1, ?2, CAST(strftime('%s','now') AS INTEGER))"};

/* Whether one migration was applied: numbers are handed out to work done in parallel, so
 * a lower one may come after a higher one was applied (032 after 034); each is applied
 * once, whatever the order. */
static const struct store_query q_applied = {
    "schema_applied", "SELECT count(*) FROM schema_migration WHERE version = ?1"};

static const struct store_query q_has_version = {
    "schema_has_version",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'"};

static int
sq_store_schema_version(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	/* An empty database has no schema_migration table yet, and q_version would not
	 * prepare (store_stmt aborts on that). */
	struct stmt *st = sq_store_stmt(&s->base, &q_has_version);
	bool have = sq_stmt_step(st) == STORE_ROW && sq_stmt_int(st, 0) > 0;
	sq_stmt_done(st);
	if (!have)
		return 0;
	st = sq_store_stmt(&s->base, &q_version);
	int v = sq_stmt_step(st) == STORE_ROW ? (int)sq_stmt_int(st, 0) : 0;
	sq_stmt_done(st);
	return v;
}

static int
sq_store_migrate(struct store *base)
{
	struct sq_store *s = (struct sq_store *)base;
	if (exec_plain(s, "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER "
	                  "PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT") !=
	    STORE_OK)
		return STORE_ERR;
	for (size_t i = 0; i < migrations_count; i++) {
		const struct migration *m = &migrations[i];
		struct stmt *st = sq_store_stmt(&s->base, &q_applied);
		sq_stmt_bind_int(st, 1, m->version);
		bool applied = sq_stmt_step(st) == STORE_ROW && sq_stmt_int(st, 0) > 0;
		sq_stmt_done(st);
		if (applied)
			continue;
		if (tx_begin(s) != STORE_OK)
			return STORE_ERR;
		if (exec_plain(s, m->sql) != STORE_OK) {
			tx_rollback(s);
			log_error("migration %d (%s) failed", m->version, m->name);
			return STORE_ERR;
		}
		st = sq_store_stmt(&s->base, &q_mark);
		sq_stmt_bind_int(st, 1, m->version);
		sq_stmt_bind_text(st, 2, m->name);
		if (stmt_exec(st) != STORE_OK || tx_commit(s) != STORE_OK) {
			tx_rollback(s);
			return STORE_ERR;
		}
		log_info("applied migration %03d %s", m->version, m->name);
	}
	durable_wait();
	return STORE_OK;
}

static int
sq_store_backup(struct store *base, const char *path)
{
	struct sq_store *s = (struct sq_store *)base;
	sqlite3 *dst = NULL;
	create_private(path); /* a backup holds the same secrets */
	if (sqlite3_open(path, &dst) != SQLITE_OK) {
		log_error("backup: cannot open %s", path);
		sqlite3_close(dst);
		return STORE_ERR;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
	int rc = STORE_ERR;
	if (b) {
		while (1) {
			int r = sqlite3_backup_step(b, 256);
			if (r == SQLITE_DONE) {
				rc = STORE_OK;
				break;
			}
			if (r != SQLITE_OK && r != SQLITE_BUSY && r != SQLITE_LOCKED)
				break;
			if (r != SQLITE_OK)
				sqlite3_sleep(20);
		}
		sqlite3_backup_finish(b);
	}
	if (rc != STORE_OK)
		log_error("backup: %s", sqlite3_errmsg(dst));
	sqlite3_close(dst);
	return rc;
}

static int
sq_exec(struct store *base, const char *sql)
{
	return exec_plain((struct sq_store *)base, sql);
}

/* One writer at a time already: every claim is exclusive without a lock of its own. */
static bool
sq_try_lock(struct store *s, int64_t key)
{
	(void)s;
	(void)key;
	return true;
}

static void
sq_unlock(struct store *s, int64_t key)
{
	(void)s;
	(void)key;
}

const struct store_driver store_sqlite_driver = {
    .name = "sqlite",
    .open = sq_store_open,
    .close = sq_store_close,
    .migrate = sq_store_migrate,
    .schema_version = sq_store_schema_version,
    .stmt = sq_store_stmt,
    .bind_int = sq_stmt_bind_int,
    .bind_text = sq_stmt_bind_text,
    .bind_null = sq_stmt_bind_null,
    .bind_double = sq_stmt_bind_double,
    .step = sq_stmt_step,
    .col_int = sq_stmt_int,
    .col_double = sq_stmt_double,
    .col_text = sq_stmt_text,
    .col_is_null = sq_stmt_is_null,
    .columns = sq_columns,
    .column_name = sq_column_name,
    .column_kind = sq_column_kind,
    .done = sq_stmt_done,
    .tx = sq_store_tx_as,
    .in_tx = sq_store_in_transaction,
    .busy_waits = sq_store_busy_waits,
    .changes = sq_store_changes,
    .backup = sq_store_backup,
    .exec = sq_exec,
    .try_lock = sq_try_lock,
    .unlock = sq_unlock,
};

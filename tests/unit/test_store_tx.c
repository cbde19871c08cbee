/* store_tx: commit, rollback with the code passed through, waiting for another writer,
 * the group commit (a commit on the disk before store_tx returns, or before a deferring
 * thread's callback), store_after_commit, and the transaction asserts of store_assert_tx and
 * audit_log. */
#include "domain/audit.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "fixture.h"
#include "store_fixture.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_put = {"t_tx_put",
                                         "INSERT INTO setting(key, value) VALUES (?1, ?2)"};
static const struct store_query q_has = {"t_tx_has", "SELECT count(*) FROM setting WHERE key = ?1"};
static const struct store_query q_events = {"t_tx_events", "SELECT count(*) FROM audit_event"};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "store-tx");
	*state = f;
	return 0;
}

static int
put(struct store *s, const char *key)
{
	struct stmt *st = store_stmt(s, &q_put);
	stmt_bind_text(st, 1, key);
	stmt_bind_text(st, 2, "v");
	return stmt_exec(st);
}

static bool
has(struct store *s, const char *key)
{
	struct stmt *st = store_stmt(s, &q_has);
	stmt_bind_text(st, 1, key);
	return stmt_one_int(st) == 1;
}

/* What a body does: the keys it writes, then the code it returns; it counts its calls
 * and whether it ran inside a transaction. */
struct body {
	const char *keys[3];
	int code;
	int calls;
	bool in_tx;
};

static int
body(struct store *s, void *arg)
{
	struct body *b = arg;
	b->calls++;
	b->in_tx = store_in_transaction(s);
	for (size_t i = 0; i < 3 && b->keys[i]; i++)
		if (put(s, b->keys[i]) != STORE_OK)
			return STORE_ERR;
	return b->code;
}

static void
test_ok_commits(void **state)
{
	struct fixture *f = *state;
	struct body b = {{"tx_a", "tx_b", NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &b), STORE_OK);
	assert_int_equal(b.calls, 1);
	assert_true(b.in_tx);
	assert_false(store_in_transaction(f->s));
	assert_true(has(f->s, "tx_a"));
	assert_true(has(f->s, "tx_b"));
}

/* A refusal of the domain comes back as it was returned, positive or negative, after a
 * single call (only a busy database is tried again), and nothing fn wrote is kept. */
static void
test_refusal_rolls_back_with_its_code(void **state)
{
	struct fixture *f = *state;
	const int codes[] = {7, -5, STORE_ERR, STORE_BUSY};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		struct body b = {{"tx_a", "tx_b", "tx_c"}, codes[i], 0, false};
		assert_int_equal(store_tx(f->s, body, &b), codes[i]);
		assert_int_equal(b.calls, 1);
		assert_false(store_in_transaction(f->s));
		assert_false(has(f->s, "tx_a"));
		assert_false(has(f->s, "tx_b"));
		assert_false(has(f->s, "tx_c"));
	}
	/* The connection is usable afterwards: the next transaction commits. */
	struct body ok = {{"tx_a", NULL, NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &ok), STORE_OK);
	assert_true(has(f->s, "tx_a"));
}

/* A failing statement: fn's STORE_ERR rolls back the writes made before it. */
static void
test_failed_statement_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct body b = {{"tx_dup", "tx_dup", NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &b), STORE_ERR);
	assert_false(has(f->s, "tx_dup"));
}

/* ---- store_after_commit ---- */

static struct store *hook_store;
static int hook_runs;
static bool hook_saw_write;

static void
hook(void)
{
	hook_runs++;
	hook_saw_write = has(hook_store, "tx_hook");
}

/* Names the hook twice, then writes and returns *arg. */
static int
hook_body(struct store *s, void *arg)
{
	store_after_commit(s, hook);
	store_after_commit(s, hook);
	if (put(s, "tx_hook") != STORE_OK)
		return STORE_ERR;
	return *(int *)arg;
}

/* The hook runs once, after the commit, and sees what was written; after a
 * rollback it does not run, and is not left over for the next transaction. */
static void
test_after_commit_runs_once_after_the_commit(void **state)
{
	struct fixture *f = *state;
	hook_store = f->s;
	hook_runs = 0;
	int refuse = 7;
	assert_int_equal(store_tx(f->s, hook_body, &refuse), 7);
	assert_int_equal(hook_runs, 0);
	struct body plain = {{"tx_a", NULL, NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &plain), STORE_OK);
	assert_int_equal(hook_runs, 0);
	int ok = STORE_OK;
	assert_int_equal(store_tx(f->s, hook_body, &ok), STORE_OK);
	assert_int_equal(hook_runs, 1);
	assert_true(hook_saw_write);
}

/* ---- another writer holds the lock ---- */

struct holder {
	struct store *s;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool holding, release;
	int rc;
};

static int
hold_body(struct store *s, void *arg)
{
	struct holder *h = arg;
	if (put(s, "first") != STORE_OK)
		return STORE_ERR;
	pthread_mutex_lock(&h->mu);
	h->holding = true;
	pthread_cond_broadcast(&h->cv);
	while (!h->release)
		pthread_cond_wait(&h->cv, &h->mu);
	pthread_mutex_unlock(&h->mu);
	return STORE_OK;
}

static void *
hold_thread(void *arg)
{
	struct holder *h = arg;
	h->rc = store_tx(h->s, hold_body, h);
	return NULL;
}

struct second {
	struct store *s;
	bool saw_first;
	int rc;
};

static int
second_body(struct store *s, void *arg)
{
	struct second *w = arg;
	w->saw_first = has(s, "first");
	return put(s, "second");
}

static void *
second_thread(void *arg)
{
	struct second *w = arg;
	w->rc = store_tx(w->s, second_body, w);
	return NULL;
}

/* The second writer waits while the first holds the lock, then runs after its commit:
 * it sees the first one's row, and both rows are kept; in one process it waits once, on
 * the driver's writer lock. */
static void
test_waits_for_another_writer(void **state)
{
	struct fixture *f = *state;
	/* SQLite's writers queue (BEGIN IMMEDIATE); PostgreSQL's do not wait for each other
	 * unless they touch the same rows (test_store_driver's concurrent increments). */
	if (temp_db_is_pg())
		skip();
	struct store *other = NULL;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	struct holder h = {.s = f->s};
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	pthread_t ht, wt;
	assert_int_equal(pthread_create(&ht, NULL, hold_thread, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (!h.holding)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);

	struct second w = {.s = other, .saw_first = false, .rc = 99};
	int waits_before = store_busy_waits(other);
	assert_int_equal(pthread_create(&wt, NULL, second_thread, &w), 0);
	/* Release the first writer only once the second is seen waiting for the lock. The
	 * busy handler counts each wait; the deadline only turns a hang into a failure. */
	struct timespec pause = {0, 1000000};
	for (int i = 0; i < 10000 && store_busy_waits(other) == waits_before; i++)
		nanosleep(&pause, NULL);
	assert_true(store_busy_waits(other) > waits_before);

	pthread_mutex_lock(&h.mu);
	h.release = true;
	pthread_cond_broadcast(&h.cv);
	pthread_mutex_unlock(&h.mu);
	pthread_join(ht, NULL);
	pthread_join(wt, NULL);

	assert_int_equal(h.rc, STORE_OK);
	assert_int_equal(w.rc, STORE_OK);
	/* Both connections are this process's: the second queued on the writer lock once and
	 * ran when the first committed, never sleeping in SQLite's busy handler. */
	assert_int_equal(store_busy_waits(other), waits_before + 1);
	assert_true(w.saw_first);
	assert_true(has(f->s, "first"));
	assert_true(has(f->s, "second"));
	store_close(other);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

static void *
plain_write_thread(void *arg)
{
	struct second *w = arg;
	w->rc = put(w->s, "plain"); /* outside store_tx: a transaction of its own */
	return NULL;
}

/* A write outside store_tx (as a session's last_seen is kept) queues on the same writer
 * lock as store_tx: it waits once, for the holder's commit, not in SQLite's busy handler
 * (whose sleeps of up to 100 ms each count one wait apiece). */
static void
test_plain_write_waits_for_the_writer(void **state)
{
	struct fixture *f = *state;
	if (temp_db_is_pg())
		skip();
	struct store *other = NULL;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	struct holder h = {.s = f->s};
	pthread_mutex_init(&h.mu, NULL);
	pthread_cond_init(&h.cv, NULL);
	pthread_t ht, wt;
	assert_int_equal(pthread_create(&ht, NULL, hold_thread, &h), 0);
	pthread_mutex_lock(&h.mu);
	while (!h.holding)
		pthread_cond_wait(&h.cv, &h.mu);
	pthread_mutex_unlock(&h.mu);

	struct second w = {.s = other, .saw_first = false, .rc = 99};
	int waits_before = store_busy_waits(other);
	assert_int_equal(pthread_create(&wt, NULL, plain_write_thread, &w), 0);
	struct timespec pause = {0, 1000000};
	for (int i = 0; i < 10000 && store_busy_waits(other) == waits_before; i++)
		nanosleep(&pause, NULL);
	assert_true(store_busy_waits(other) > waits_before);
	/* Long enough for the busy handler to have slept several times, were it waiting. */
	struct timespec longer = {0, 60 * 1000000};
	nanosleep(&longer, NULL);

	pthread_mutex_lock(&h.mu);
	h.release = true;
	pthread_cond_broadcast(&h.cv);
	pthread_mutex_unlock(&h.mu);
	pthread_join(ht, NULL);
	pthread_join(wt, NULL);

	assert_int_equal(h.rc, STORE_OK);
	assert_int_equal(w.rc, STORE_OK);
	assert_int_equal(store_busy_waits(other), waits_before + 1);
	assert_true(has(f->s, "first"));
	assert_true(has(f->s, "plain"));
	store_close(other);
	pthread_cond_destroy(&h.cv);
	pthread_mutex_destroy(&h.mu);
}

/* ---- the asserts abort: run them in a child and look at how it ended ---- */

static bool
child_aborts(void (*fn)(struct store *), struct store *s)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The abort's log line is expected; keep the test output clean. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		fn(s);
		_exit(0);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return false;
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	return true;
}

static void
assert_only(struct store *s)
{
	store_assert_tx(s);
}

static int
assert_body(struct store *s, void *arg)
{
	(void)arg;
	store_assert_tx(s);
	return STORE_OK;
}

static void
assert_in_tx(struct store *s)
{
	if (store_tx(s, assert_body, NULL) != STORE_OK)
		_exit(4);
}

static int
nested_body(struct store *s, void *arg)
{
	(void)arg;
	return store_tx(s, assert_body, NULL);
}

static void
nested(struct store *s)
{
	store_tx(s, nested_body, NULL);
}

static void
test_assert_tx(void **state)
{
	struct fixture *f = *state;
	assert_true(child_aborts(assert_only, f->s));
	assert_false(child_aborts(assert_in_tx, f->s));
	assert_true(child_aborts(nested, f->s));
}

static int
audit_body(struct store *s, void *arg)
{
	(void)arg;
	return audit_log(s, 0, "test.event", "test:1", NULL) == 0 ? STORE_OK : STORE_ERR;
}

static void
audit_outside(struct store *s)
{
	audit_log(s, 0, "test.event", "test:1", NULL);
}

static void
test_audit_log_needs_a_transaction(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_tx(f->s, audit_body, NULL), STORE_OK);
	assert_int_equal(stmt_one_int(store_stmt(f->s, &q_events)), 1);
	assert_true(child_aborts(audit_outside, f->s));
	assert_int_equal(stmt_one_int(store_stmt(f->s, &q_events)), 1);
}

static void
durable_done_unused(void *arg)
{
	(void)arg;
	fail_msg("store_when_durable called back where nothing was pending");
}

/* Without deferring, store_tx returns once its commit was synced (the group commit's fsync
 * of the WAL, src/store/store_sqlite.c), and nothing is left pending. */
static void
test_commit_is_synced_before_store_tx_returns(void **state)
{
	struct fixture *f = *state;
	if (strcmp(store_driver_name(f->s), "sqlite") != 0) {
		/* PostgreSQL: its COMMIT is durable; nothing is pending, even when deferring. */
		store_defer_durability(true);
		struct body b = {{"dur_pg", NULL, NULL}, STORE_OK, 0, false};
		assert_int_equal(store_tx(f->s, body, &b), STORE_OK);
		assert_false(store_durable_pending());
		assert_false(store_when_durable(durable_done_unused, NULL));
		store_defer_durability(false);
		assert_int_equal(store_durable_syncs(f->s), 0);
		return;
	}
	int before = store_durable_syncs(f->s);
	struct body b = {{"dur_a", NULL, NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &b), STORE_OK);
	assert_true(store_durable_syncs(f->s) > before);
	assert_false(store_durable_pending());
	/* A write outside a transaction too. */
	before = store_durable_syncs(f->s);
	assert_int_equal(put(f->s, "dur_plain"), STORE_OK);
	assert_true(store_durable_syncs(f->s) > before);
	assert_false(store_durable_pending());
}

struct durable_flag {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool done;
};

static void
durable_done(void *arg)
{
	struct durable_flag *d = arg;
	pthread_mutex_lock(&d->mu);
	d->done = true;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static void
durable_wait_flag(struct durable_flag *d)
{
	pthread_mutex_lock(&d->mu);
	while (!d->done)
		pthread_cond_wait(&d->cv, &d->mu);
	pthread_mutex_unlock(&d->mu);
}

/* A deferring thread (an HTTP worker) gets store_tx back once committed, not yet synced;
 * store_when_durable calls back from the syncer once the fsync is done. Three commits made
 * before it share that one fsync: the group commit. */
static void
test_deferred_commits_share_one_sync(void **state)
{
	struct fixture *f = *state;
	if (strcmp(store_driver_name(f->s), "sqlite") != 0)
		skip(); /* PostgreSQL: nothing to group (the test above) */
	store_defer_durability(true);
	int before = store_durable_syncs(f->s);
	const char *keys[] = {"grp_a", "grp_b", "grp_c"};
	for (int i = 0; i < 3; i++) {
		struct body b = {{keys[i], NULL, NULL}, STORE_OK, 0, false};
		assert_int_equal(store_tx(f->s, body, &b), STORE_OK);
	}
	assert_int_equal(put(f->s, "grp_plain"), STORE_OK); /* and one outside a transaction */
	assert_true(store_durable_pending());
	assert_int_equal(store_durable_syncs(f->s), before);
	struct durable_flag d = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false};
	assert_true(store_when_durable(durable_done, &d));
	durable_wait_flag(&d);
	assert_int_equal(store_durable_syncs(f->s), before + 1);
	/* Handed over: nothing pending for this thread, nothing to wait for again. */
	assert_false(store_durable_pending());
	assert_false(store_when_durable(durable_done, &d));
	/* Turning deferring off waits for what is pending at once. */
	struct body b = {{"grp_d", NULL, NULL}, STORE_OK, 0, false};
	assert_int_equal(store_tx(f->s, body, &b), STORE_OK);
	assert_true(store_durable_pending());
	store_defer_durability(false);
	assert_false(store_durable_pending());
	assert_int_equal(store_durable_syncs(f->s), before + 2);
	for (int i = 0; i < 3; i++)
		assert_true(has(f->s, keys[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ok_commits, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_refusal_rolls_back_with_its_code, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_after_commit_runs_once_after_the_commit, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_failed_statement_rolls_back, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_waits_for_another_writer, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_plain_write_waits_for_the_writer, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_commit_is_synced_before_store_tx_returns, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_deferred_commits_share_one_sync, setup,
	                                    store_teardown),
	    cmocka_unit_test_setup_teardown(test_assert_tx, setup, store_teardown),
	    cmocka_unit_test_setup_teardown(test_audit_log_needs_a_transaction, setup,
	                                    store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

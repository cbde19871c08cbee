/* Login throttling: growing delays instead of a lockout. */
#include "domain/throttle.h"
#include "store/store.h"
#include "util/timeutil.h"

/* Reset requests are stored as failures of "reset:EMAIL" keys; they are no failed
 * logins and do not slow down the logins of an address. */
static const struct store_query q_pair = {
    "throttle_pair", "SELECT count(*), coalesce(max(at), 0) FROM login_failure "
                     "WHERE account = ?1 AND address = ?2 AND at > ?3"};
static const struct store_query q_address_logins = {
    "throttle_address_logins", "SELECT count(*), coalesce(max(at), 0) FROM login_failure "
                               "WHERE address = ?1 AND at > ?2 AND account NOT LIKE 'reset:%'"};
static const struct store_query q_by_account = {
    "throttle_account", "SELECT count(*) FROM login_failure WHERE account = ?1 AND at > ?2"};
static const struct store_query q_by_address = {
    "throttle_address", "SELECT count(*) FROM login_failure WHERE address = ?1 AND at > ?2"};
static const struct store_query q_insert = {
    "throttle_insert", "INSERT INTO login_failure(account, address, at) VALUES (?1, ?2, ?3)"};
static const struct store_query q_clear = {
    "throttle_clear", "DELETE FROM login_failure WHERE account = ?1 AND address = ?2"};
static const struct store_query q_purge = {"throttle_purge",
                                           "DELETE FROM login_failure WHERE at <= ?1"};

struct tally {
	int64_t n, last;
};

static struct tally
tally(struct stmt *st)
{
	struct tally t = {0, 0};
	if (stmt_step(st) == STORE_ROW) {
		t.n = stmt_int(st, 0);
		t.last = stmt_int(st, 1);
	}
	stmt_done(st);
	return t;
}

static int64_t
count(struct store *s, const struct store_query *q, const char *key)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_text(st, 1, key);
	stmt_bind_int(st, 2, time_now() - THROTTLE_WINDOW_SECONDS);
	return stmt_one_int(st);
}

static int64_t
max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* 2, 4, 8, … seconds for the failures past the free ones, at most cap. Two rather than
 * one second first, because time is counted in whole seconds: a one-second delay could
 * pass at once when the failure came at the end of a second. */
static int64_t
doubling_delay(int64_t failures, int64_t free, int64_t cap)
{
	if (failures < free)
		return 0;
	int64_t steps = failures - free + 1;
	return steps >= 30 ? cap : (1LL << steps) < cap ? (1LL << steps) : cap;
}

int64_t
throttle_wait(struct store *s, const char *account, const char *address)
{
	int64_t now = time_now(), since = now - THROTTLE_WINDOW_SECONDS;
	struct stmt *st = store_stmt(s, &q_pair);
	stmt_bind_text(st, 1, account);
	stmt_bind_text(st, 2, address);
	stmt_bind_int(st, 3, since);
	struct tally pair = tally(st);
	st = store_stmt(s, &q_address_logins);
	stmt_bind_text(st, 1, address);
	stmt_bind_int(st, 2, since);
	struct tally addr = tally(st);

	int64_t wait = 0;
	int64_t d = doubling_delay(pair.n, THROTTLE_FREE_PER_PAIR, THROTTLE_MAX_PAIR_DELAY);
	if (d)
		wait = max64(wait, pair.last + d - now);
	/* The address as a whole is slowed gently: 2 s, then one second more per failure. */
	if (addr.n >= THROTTLE_FREE_PER_ADDRESS) {
		int64_t step = addr.n - THROTTLE_FREE_PER_ADDRESS + 2;
		d = step < THROTTLE_MAX_ADDRESS_DELAY ? step : THROTTLE_MAX_ADDRESS_DELAY;
		wait = max64(wait, addr.last + d - now);
	}
	if (pair.n > 0 && count(s, &q_by_account, account) >= THROTTLE_MAX_PER_ACCOUNT)
		wait = max64(wait, pair.last + THROTTLE_WINDOW_SECONDS - now);
	return wait > 0 ? wait : 0;
}

void
throttle_failure(struct store *s, const char *account, const char *address)
{
	struct stmt *st = store_stmt(s, &q_purge);
	stmt_bind_int(st, 1, time_now() - THROTTLE_WINDOW_SECONDS);
	stmt_exec(st);
	st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, account);
	stmt_bind_text(st, 2, address);
	stmt_bind_int(st, 3, time_now());
	stmt_exec(st);
}

void
throttle_success(struct store *s, const char *account, const char *address)
{
	struct stmt *st = store_stmt(s, &q_clear);
	stmt_bind_text(st, 1, account);
	stmt_bind_text(st, 2, address);
	stmt_exec(st);
}

long
throttle_count_account(struct store *s, const char *account)
{
	return (long)count(s, &q_by_account, account);
}

long
throttle_count_address(struct store *s, const char *address)
{
	return (long)count(s, &q_by_address, address);
}

bool
throttle_requests_blocked(struct store *s, const char *key, const char *address)
{
	return count(s, &q_by_account, key) >= THROTTLE_MAX_REQUESTS_PER_KEY ||
	       count(s, &q_by_address, address) >= THROTTLE_MAX_REQUESTS_PER_ADDRESS;
}

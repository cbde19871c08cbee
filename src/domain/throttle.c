/* Login throttling. */
#include "domain/throttle.h"
#include "store/store.h"
#include "util/timeutil.h"

static const struct store_query q_by_account = {
    "throttle_account", "SELECT count(*) FROM login_failure WHERE account = ?1 AND at > ?2"};
static const struct store_query q_by_address = {
    "throttle_address", "SELECT count(*) FROM login_failure WHERE address = ?1 AND at > ?2"};
static const struct store_query q_insert = {
    "throttle_insert", "INSERT INTO login_failure(account, address, at) VALUES (?1, ?2, ?3)"};
static const struct store_query q_clear = {"throttle_clear",
                                           "DELETE FROM login_failure WHERE account = ?1"};
static const struct store_query q_purge = {"throttle_purge",
                                           "DELETE FROM login_failure WHERE at <= ?1"};

static int64_t
count(struct store *s, const struct store_query *q, const char *key)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_text(st, 1, key);
	stmt_bind_int(st, 2, time_now() - THROTTLE_WINDOW_SECONDS);
	return stmt_one_int(st);
}

bool
throttle_blocked(struct store *s, const char *account, const char *address)
{
	return count(s, &q_by_account, account) >= THROTTLE_MAX_PER_ACCOUNT ||
	       count(s, &q_by_address, address) >= THROTTLE_MAX_PER_ADDRESS;
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
throttle_success(struct store *s, const char *account)
{
	struct stmt *st = store_stmt(s, &q_clear);
	stmt_bind_text(st, 1, account);
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

/* Login throttling per account and per address. Failures are counted in the database, so
 * several server instances share them and a restart does not reset them. */
#ifndef DOMAIN_THROTTLE_H
#define DOMAIN_THROTTLE_H
#include <stdbool.h>

struct store;

#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_MAX_PER_ACCOUNT 5
#define THROTTLE_MAX_PER_ADDRESS 20

/* True when this account or this address has failed too often within the window. The
 * answer is the same whether the account exists or not. */
bool throttle_blocked(struct store *s, const char *account, const char *address);
void throttle_failure(struct store *s, const char *account, const char *address);
/* A successful login clears the account's failures. */
void throttle_success(struct store *s, const char *account);
/* The failures (or counted requests) of one account key, of one address key, within the
 * window: for other forms that share these counts under keys of their own (transfer.c). */
long throttle_count_account(struct store *s, const char *account);
long throttle_count_address(struct store *s, const char *address);

#endif

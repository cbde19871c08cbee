/* Login throttling without hard lockout (OWASP ASVS 2.2.1). Failures are counted in the
 * database, so several server instances share them and a restart does not reset them.
 *
 * A login attempt is judged by three counts within the window:
 * - one account from one address: a few free failures, then a delay that doubles with
 *   each further failure (the guesser at the keyboard is slowed down);
 * - one address over all accounts: after many failures a short, slowly growing delay for
 *   everyone behind it (a whole office behind one proxy is slowed, never locked out);
 * - one account over all addresses: past a high ceiling, addresses that have failed on
 *   the account wait until their failures leave the window, while an address without a
 *   failure on it may still try, so the real person with the right password gets in. */
#ifndef DOMAIN_THROTTLE_H
#define DOMAIN_THROTTLE_H
#include <stdbool.h>
#include <stdint.h>

struct store;

#define THROTTLE_WINDOW_SECONDS (15 * 60)
/* One account from one address: failures without a delay, and the longest delay. */
#define THROTTLE_FREE_PER_PAIR 5
#define THROTTLE_MAX_PAIR_DELAY THROTTLE_WINDOW_SECONDS
/* One address over all accounts: failures without a delay, and the longest delay. */
#define THROTTLE_FREE_PER_ADDRESS 20
#define THROTTLE_MAX_ADDRESS_DELAY 30
/* One account over all addresses (ASVS: at most 100 failures per hour on one account). */
#define THROTTLE_MAX_PER_ACCOUNT 100

/* Seconds this address has to wait before it may try this account again; 0 when it may
 * try now. The answer is the same whether the account exists or not. */
int64_t throttle_wait(struct store *s, const char *account, const char *address);
void throttle_failure(struct store *s, const char *account, const char *address);
/* A successful login clears the failures of this account from this address (the
 * account-wide count stays, so a guesser cannot reset it by a login of their own). */
void throttle_success(struct store *s, const char *account, const char *address);

/* Hard limits for requests that send mail (password reset): true when this key has been
 * used 5 times, or this address 20 times, within the window. Refusing a mail locks no one
 * out; sending unlimited mails would be a mail bomb. */
#define THROTTLE_MAX_REQUESTS_PER_KEY 5
#define THROTTLE_MAX_REQUESTS_PER_ADDRESS 20
bool throttle_requests_blocked(struct store *s, const char *key, const char *address);
/* The failures (or counted requests) of one account key, of one address key, within the
 * window: for other forms that share these counts under keys of their own (transfer.c). */
long throttle_count_account(struct store *s, const char *account);
long throttle_count_address(struct store *s, const char *address);

#endif

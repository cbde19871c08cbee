/* Login throttling by account and by address, and its sliding window. */
#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/token.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "session_fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* ---- throttling: growing delays, never a hard lockout ---- */

static void
fail_n(struct fixture *f, const char *account, const char *address, int n)
{
	for (int i = 0; i < n; i++)
		throttle_failure(f->s, account, address);
}

static void
test_throttle_pair_delay_doubles(void **state)
{
	struct fixture *f = *state;
	fail_n(f, "anna@example.org", "192.0.2.1", THROTTLE_FREE_PER_PAIR - 1);
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 0);
	throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 2);
	time_set_fake(T0 + 1);
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 1);
	time_set_fake(T0 + 2);
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 0);
	throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 4);
	throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 8);
	/* Capped: at most the window, however many failures. */
	fail_n(f, "anna@example.org", "192.0.2.1", 40);
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"),
	                 THROTTLE_MAX_PAIR_DELAY);
}

static void
test_throttle_other_address_goes_through(void **state)
{
	struct fixture *f = *state;
	fail_n(f, "anna@example.org", "192.0.2.1", 12);
	assert_true(throttle_wait(f->s, "anna@example.org", "192.0.2.1") > 0);
	/* The right person from elsewhere is not held back, and no other account is. */
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "198.51.100.1"), 0);
	assert_int_equal(throttle_wait(f->s, "bernd@example.org", "192.0.2.1"), 0);
}

static void
test_throttle_account_ignores_case(void **state)
{
	struct fixture *f = *state;
	const char *spellings[] = {"anna@example.org", "Anna@example.org", "ANNA@EXAMPLE.ORG",
	                           "anna@Example.org", "aNNa@example.org"};
	for (int i = 0; i < 5; i++)
		throttle_failure(f->s, spellings[i], "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 2);
}

static void
test_throttle_address_slowed_not_locked(void **state)
{
	struct fixture *f = *state;
	char account[32];
	/* One failure per account, so only the address count can apply. */
	for (int i = 1; i < THROTTLE_FREE_PER_ADDRESS; i++) {
		snprintf(account, sizeof account, "user%d@example.org", i);
		throttle_failure(f->s, account, "192.0.2.1");
	}
	assert_int_equal(throttle_wait(f->s, "fresh@example.org", "192.0.2.1"), 0);
	throttle_failure(f->s, "last@example.org", "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "fresh@example.org", "192.0.2.1"), 2);
	assert_int_equal(throttle_wait(f->s, "fresh@example.org", "192.0.2.2"), 0);
	time_set_fake(T0 + 2);
	assert_int_equal(throttle_wait(f->s, "fresh@example.org", "192.0.2.1"), 0);
	/* Many more failures: the delay grows to its cap, never to a lockout. */
	for (int i = 0; i < 200; i++) {
		snprintf(account, sizeof account, "more%d@example.org", i);
		throttle_failure(f->s, account, "192.0.2.1");
	}
	assert_int_equal(throttle_wait(f->s, "fresh@example.org", "192.0.2.1"),
	                 THROTTLE_MAX_ADDRESS_DELAY);
}

static void
test_throttle_account_ceiling_spares_fresh_addresses(void **state)
{
	struct fixture *f = *state;
	char addr[32];
	/* A guesser spread over many addresses, one failure each. */
	for (int i = 0; i < THROTTLE_MAX_PER_ACCOUNT; i++) {
		snprintf(addr, sizeof addr, "10.0.%d.%d", i / 250, i % 250);
		throttle_failure(f->s, "anna@example.org", addr);
	}
	/* Every address that failed on the account waits until its failures are old … */
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "10.0.0.7"),
	                 THROTTLE_WINDOW_SECONDS);
	/* … while Anna, from an address without failures, may still log in. */
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "198.51.100.1"), 0);
}

static void
test_throttle_window_expires(void **state)
{
	struct fixture *f = *state;
	fail_n(f, "anna@example.org", "192.0.2.1", 20);
	time_set_fake(T0 + 899); /* the window is 15 min = 900 s */
	assert_true(throttle_wait(f->s, "anna@example.org", "192.0.2.1") > 0);
	time_set_fake(T0 + 900);
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 0);
}

static void
test_throttle_success_clears_the_pair(void **state)
{
	struct fixture *f = *state;
	fail_n(f, "anna@example.org", "192.0.2.1", 5);
	fail_n(f, "anna@example.org", "192.0.2.2", 5);
	throttle_success(f->s, "Anna@Example.org", "192.0.2.1");
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 0);
	/* The guesser at the other address is still slowed. */
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.2"), 2);
}

static void
test_throttle_reset_requests(void **state)
{
	struct fixture *f = *state;
	fail_n(f, "reset:anna@example.org", "192.0.2.1", THROTTLE_MAX_REQUESTS_PER_KEY - 1);
	assert_false(throttle_requests_blocked(f->s, "reset:anna@example.org", "192.0.2.1"));
	throttle_failure(f->s, "reset:anna@example.org", "192.0.2.1");
	assert_true(throttle_requests_blocked(f->s, "reset:anna@example.org", "192.0.2.1"));
	assert_false(throttle_requests_blocked(f->s, "reset:bernd@example.org", "192.0.2.2"));
	/* Asking for mails does not slow down the logins of that address. */
	char key[40];
	for (int i = 0; i < 30; i++) {
		snprintf(key, sizeof key, "reset:u%d@example.org", i);
		throttle_failure(f->s, key, "192.0.2.1");
	}
	assert_true(throttle_requests_blocked(f->s, "reset:new@example.org", "192.0.2.1"));
	assert_int_equal(throttle_wait(f->s, "anna@example.org", "192.0.2.1"), 0);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, session_setup, session_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_throttle_pair_delay_doubles),
	    T(test_throttle_other_address_goes_through),
	    T(test_throttle_account_ignores_case),
	    T(test_throttle_address_slowed_not_locked),
	    T(test_throttle_account_ceiling_spares_fresh_addresses),
	    T(test_throttle_window_expires),
	    T(test_throttle_success_clears_the_pair),
	    T(test_throttle_reset_requests),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

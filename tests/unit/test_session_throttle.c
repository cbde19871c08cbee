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

/* ---- throttling ---- */

static void
test_throttle_account_after_five(void **state)
{
	struct fixture *f = *state;
	char addr[32];
	/* Each failure from another address, so only the account limit can apply. */
	for (int i = 1; i <= 4; i++) {
		snprintf(addr, sizeof addr, "192.0.2.%d", i);
		throttle_failure(f->s, "anna@example.org", addr);
	}
	assert_false(throttle_blocked(f->s, "anna@example.org", "198.51.100.1"));
	throttle_failure(f->s, "anna@example.org", "192.0.2.5");
	assert_true(throttle_blocked(f->s, "anna@example.org", "198.51.100.1"));
	assert_false(throttle_blocked(f->s, "bernd@example.org", "198.51.100.1"));
}

static void
test_throttle_account_ignores_case(void **state)
{
	struct fixture *f = *state;
	const char *spellings[] = {"anna@example.org", "Anna@example.org", "ANNA@EXAMPLE.ORG",
	                           "anna@Example.org", "aNNa@example.org"};
	for (int i = 0; i < 5; i++)
		throttle_failure(f->s, spellings[i], "192.0.2.1");
	assert_true(throttle_blocked(f->s, "anna@example.org", "198.51.100.1"));
}

static void
test_throttle_address_after_twenty(void **state)
{
	struct fixture *f = *state;
	char account[32];
	/* One failure per account, so only the address limit can apply. */
	for (int i = 1; i <= 19; i++) {
		snprintf(account, sizeof account, "user%d@example.org", i);
		throttle_failure(f->s, account, "192.0.2.1");
	}
	assert_false(throttle_blocked(f->s, "fresh@example.org", "192.0.2.1"));
	throttle_failure(f->s, "user20@example.org", "192.0.2.1");
	assert_true(throttle_blocked(f->s, "fresh@example.org", "192.0.2.1"));
	assert_false(throttle_blocked(f->s, "fresh@example.org", "192.0.2.2"));
}

static void
test_throttle_window_expires(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++)
		throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	time_set_fake(T0 + 899); /* the window is 15 min = 900 s */
	assert_true(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
	time_set_fake(T0 + 900);
	assert_false(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
}

static void
test_throttle_window_slides(void **state)
{
	struct fixture *f = *state;
	/* Failures at T0, T0+100, …, T0+400: at T0+900 the first has left the window. */
	for (int i = 0; i < 5; i++) {
		time_set_fake(T0 + 100 * i);
		throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	}
	time_set_fake(T0 + 899);
	assert_true(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
	time_set_fake(T0 + 900);
	assert_false(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
	throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	assert_true(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
}

static void
test_throttle_success_clears_account(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 5; i++)
		throttle_failure(f->s, "anna@example.org", "192.0.2.1");
	throttle_failure(f->s, "bernd@example.org", "192.0.2.1");
	assert_true(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
	throttle_success(f->s, "Anna@Example.org");
	assert_false(throttle_blocked(f->s, "anna@example.org", "192.0.2.1"));
	/* Bernd's failure stays: four more and he is blocked. */
	for (int i = 0; i < 3; i++)
		throttle_failure(f->s, "bernd@example.org", "192.0.2.2");
	assert_false(throttle_blocked(f->s, "bernd@example.org", "192.0.2.3"));
	throttle_failure(f->s, "bernd@example.org", "192.0.2.2");
	assert_true(throttle_blocked(f->s, "bernd@example.org", "192.0.2.3"));
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, session_setup, session_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_throttle_account_after_five),   T(test_throttle_account_ignores_case),
	    T(test_throttle_address_after_twenty), T(test_throttle_window_expires),
	    T(test_throttle_window_slides),        T(test_throttle_success_clears_account),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

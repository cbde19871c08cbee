/* Single-use tokens (password reset, invitation): use once, expiry, voiding, kinds. */
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

static const struct store_query q_token_find = {
    "t_token_find", "SELECT count(*) FROM auth_token WHERE token_hash = ?1"};

/* ---- single-use tokens ---- */

static void
test_token_single_use(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "reset", ANNA, tok), 0);
	assert_true(is_lower_hex(tok, 64));
	assert_int_equal(token_check(f->s, "reset", tok), ANNA);
	assert_int_equal(token_check(f->s, "reset", tok), ANNA); /* checking keeps it */
	assert_int_equal(token_consume(f->s, "reset", tok), ANNA);
	assert_int_equal(token_consume(f->s, "reset", tok), 0);
	assert_int_equal(token_check(f->s, "reset", tok), 0);
}

static void
test_token_reset_expiry(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "reset", ANNA, tok), 0);
	time_set_fake(T0 + 3599);
	assert_int_equal(token_check(f->s, "reset", tok), ANNA);
	time_set_fake(T0 + 3600); /* one hour */
	assert_int_equal(token_check(f->s, "reset", tok), 0);
	assert_int_equal(token_consume(f->s, "reset", tok), 0);
}

static void
test_token_invite_expiry(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "invite", ANNA, tok), 0);
	time_set_fake(T0 + 1209599); /* 14 days = 1209600 s */
	assert_int_equal(token_check(f->s, "invite", tok), ANNA);
	time_set_fake(T0 + 1209600);
	assert_int_equal(token_check(f->s, "invite", tok), 0);
}

static void
test_token_new_voids_earlier_same_kind(void **state)
{
	struct fixture *f = *state;
	char first[65], second[65];
	assert_int_equal(token_create(f->s, "invite", ANNA, first), 0);
	time_set_fake(T0 + 10);
	assert_int_equal(token_create(f->s, "invite", ANNA, second), 0);
	assert_int_equal(token_check(f->s, "invite", first), 0);
	assert_int_equal(token_consume(f->s, "invite", first), 0);
	assert_int_equal(token_consume(f->s, "invite", second), ANNA);
}

static void
test_token_voiding_spares_other_kind_and_user(void **state)
{
	struct fixture *f = *state;
	char reset[65], bernd[65], invite[65];
	assert_int_equal(token_create(f->s, "reset", ANNA, reset), 0);
	assert_int_equal(token_create(f->s, "invite", BERND, bernd), 0);
	assert_int_equal(token_create(f->s, "invite", ANNA, invite), 0);
	assert_int_equal(token_check(f->s, "reset", reset), ANNA);
	assert_int_equal(token_check(f->s, "invite", bernd), BERND);
	assert_int_equal(token_check(f->s, "invite", invite), ANNA);
}

static void
test_token_wrong_kind_refused(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "reset", ANNA, tok), 0);
	assert_int_equal(token_check(f->s, "invite", tok), 0);
	assert_int_equal(token_consume(f->s, "invite", tok), 0);
	/* The failed attempt did not use it up. */
	assert_int_equal(token_consume(f->s, "reset", tok), ANNA);
}

static void
test_token_malformed_refused(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "reset", ANNA, tok), 0);
	assert_int_equal(token_check(f->s, "reset", NULL), 0);
	assert_int_equal(token_check(f->s, "reset", ""), 0);
	char shorter[64];
	memcpy(shorter, tok, 63);
	shorter[63] = '\0';
	assert_int_equal(token_check(f->s, "reset", shorter), 0);
	char hash[65];
	sha256_hex(hash, tok);
	assert_int_equal(token_check(f->s, "reset", hash), 0);
}

static void
test_token_unknown_kind_not_created(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(token_create(f->s, "login", ANNA, tok), -1);
}

static void
test_token_stores_only_hash(void **state)
{
	struct fixture *f = *state;
	char tok[65], hash[65];
	assert_int_equal(token_create(f->s, "invite", ANNA, tok), 0);
	sha256_hex(hash, tok);
	assert_int_equal(count_text(f->s, &q_token_find, hash), 1);
	assert_int_equal(count_text(f->s, &q_token_find, tok), 0);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, session_setup, session_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_token_single_use),
	    T(test_token_reset_expiry),
	    T(test_token_invite_expiry),
	    T(test_token_new_voids_earlier_same_kind),
	    T(test_token_voiding_spares_other_kind_and_user),
	    T(test_token_wrong_kind_refused),
	    T(test_token_malformed_refused),
	    T(test_token_unknown_kind_not_created),
	    T(test_token_stores_only_hash),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Login sessions: creation and lookup, their expiry, ending them, and only hashes stored. */
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

static const struct store_query q_deactivate = {"t_session_deactivate",
                                                "UPDATE user_account SET active = 0 WHERE id = ?1"};
static const struct store_query q_last_seen = {"t_session_last_seen",
                                               "SELECT last_seen FROM session WHERE id_hash = ?1"};
static const struct store_query q_session_count = {"t_session_count",
                                                   "SELECT count(*) FROM session"};
static const struct store_query q_session_find = {
    "t_session_find", "SELECT count(*) FROM session WHERE id_hash = ?1"};
static const struct store_query q_session_has_text = {
    "t_session_has_text", "SELECT count(*) FROM session WHERE id_hash LIKE '%' || ?1 || '%' "
                          "OR CAST(user_id AS TEXT) LIKE '%' || ?1 || '%'"};

static int64_t
last_seen(struct store *s, const char *token)
{
	char hash[65];
	sha256_hex(hash, token);
	struct stmt *st = store_stmt(s, &q_last_seen);
	stmt_bind_text(st, 1, hash);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t t = stmt_int(st, 0);
	stmt_done(st);
	return t;
}

/* ---- sessions ---- */

static void
test_session_create_lookup(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	assert_true(is_lower_hex(tok, 64));
	assert_int_equal(session_lookup(f->s, tok), ANNA);
	assert_int_equal(session_lookup(f->s, tok), ANNA); /* a lookup does not use it up */
}

static void
test_session_tokens_differ(void **state)
{
	struct fixture *f = *state;
	char a[65], b[65];
	assert_int_equal(session_create(f->s, ANNA, a), 0);
	assert_int_equal(session_create(f->s, ANNA, b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(session_lookup(f->s, a), ANNA);
	assert_int_equal(session_lookup(f->s, b), ANNA);
}

static void
test_session_unknown_or_malformed(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	char other[65];
	memcpy(other, tok, sizeof other);
	other[0] = other[0] == '0' ? '1' : '0';
	assert_int_equal(session_lookup(f->s, other), 0);
	assert_int_equal(session_lookup(f->s, NULL), 0);
	assert_int_equal(session_lookup(f->s, ""), 0);
	char shorter[64];
	memcpy(shorter, tok, 63);
	shorter[63] = '\0';
	assert_int_equal(session_lookup(f->s, shorter), 0);
	char longer[66];
	snprintf(longer, sizeof longer, "%s0", tok);
	assert_int_equal(session_lookup(f->s, longer), 0);
	/* The hash itself, as a copy of the database would give it, opens nothing. */
	char hash[65];
	sha256_hex(hash, tok);
	assert_int_equal(session_lookup(f->s, hash), 0);
}

static void
test_session_idle_expiry(void **state)
{
	struct fixture *f = *state;
	char a[65], b[65];
	assert_int_equal(session_create(f->s, ANNA, a), 0);
	assert_int_equal(session_create(f->s, ANNA, b), 0);
	/* 8 h = 28800 s without a request is still fine; one second more is not. */
	time_set_fake(T0 + 28800);
	assert_int_equal(session_lookup(f->s, a), ANNA);
	time_set_fake(T0 + 28801);
	assert_int_equal(session_lookup(f->s, b), 0);
	assert_int_equal(session_lookup(f->s, a), ANNA); /* refreshed at T0 + 28800 */
}

static void
test_session_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	/* Kept busy every 8 hours (21 times 28800 s is 604800 s, 7 days), it still ends
	 * 7 days after it began. */
	for (int k = 1; k <= 21; k++) {
		time_set_fake(T0 + k * 28800);
		assert_int_equal(session_lookup(f->s, tok), ANNA);
	}
	time_set_fake(T0 + 604801);
	assert_int_equal(session_lookup(f->s, tok), 0);
}

static void
test_session_last_seen_once_a_minute(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	assert_int_equal(last_seen(f->s, tok), T0);
	time_set_fake(T0 + 60);
	assert_int_equal(session_lookup(f->s, tok), ANNA);
	assert_int_equal(last_seen(f->s, tok), T0);
	time_set_fake(T0 + 61);
	assert_int_equal(session_lookup(f->s, tok), ANNA);
	assert_int_equal(last_seen(f->s, tok), T0 + 61);
	time_set_fake(T0 + 100);
	assert_int_equal(session_lookup(f->s, tok), ANNA);
	assert_int_equal(last_seen(f->s, tok), T0 + 61);
	time_set_fake(T0 + 122);
	assert_int_equal(session_lookup(f->s, tok), ANNA);
	assert_int_equal(last_seen(f->s, tok), T0 + 122);
}

static void
test_session_end(void **state)
{
	struct fixture *f = *state;
	char a[65], b[65];
	assert_int_equal(session_create(f->s, ANNA, a), 0);
	assert_int_equal(session_create(f->s, ANNA, b), 0);
	assert_int_equal(session_end(f->s, a), 0);
	assert_int_equal(session_lookup(f->s, a), 0);
	assert_int_equal(session_lookup(f->s, b), ANNA);
	assert_int_equal(session_end(f->s, a), 0); /* ending twice is harmless */
}

static void
test_session_end_all(void **state)
{
	struct fixture *f = *state;
	char a1[65], a2[65], b1[65];
	assert_int_equal(session_create(f->s, ANNA, a1), 0);
	assert_int_equal(session_create(f->s, ANNA, a2), 0);
	assert_int_equal(session_create(f->s, BERND, b1), 0);
	assert_int_equal(session_end_all(f->s, ANNA), 0);
	assert_int_equal(session_lookup(f->s, a1), 0);
	assert_int_equal(session_lookup(f->s, a2), 0);
	assert_int_equal(session_lookup(f->s, b1), BERND);
	assert_int_equal(count_text(f->s, &q_session_count, NULL), 1);
}

static void
test_session_inactive_user(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	struct stmt *st = store_stmt(f->s, &q_deactivate);
	stmt_bind_int(st, 1, ANNA);
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(session_lookup(f->s, tok), 0);
}

static void
test_session_unknown_user_refused(void **state)
{
	struct fixture *f = *state;
	char tok[65];
	assert_int_equal(session_create(f->s, 4711, tok), -1);
	assert_int_equal(count_text(f->s, &q_session_count, NULL), 0);
}

static void
test_session_stores_only_hash(void **state)
{
	struct fixture *f = *state;
	char tok[65], hash[65];
	assert_int_equal(session_create(f->s, ANNA, tok), 0);
	sha256_hex(hash, tok);
	assert_int_equal(count_text(f->s, &q_session_find, hash), 1);
	assert_int_equal(count_text(f->s, &q_session_find, tok), 0);
	assert_int_equal(count_text(f->s, &q_session_has_text, tok), 0);
	/* Not even half of it. */
	char half[33];
	memcpy(half, tok, 32);
	half[32] = '\0';
	assert_int_equal(count_text(f->s, &q_session_has_text, half), 0);
}

static void
test_session_create_purges_expired(void **state)
{
	struct fixture *f = *state;
	char old[65], fresh[65];
	assert_int_equal(session_create(f->s, ANNA, old), 0);
	time_set_fake(T0 + 28801);
	assert_int_equal(session_create(f->s, BERND, fresh), 0);
	assert_int_equal(count_text(f->s, &q_session_count, NULL), 1);
	assert_int_equal(session_lookup(f->s, fresh), BERND);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, session_setup, session_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_session_create_lookup),
	    T(test_session_tokens_differ),
	    T(test_session_unknown_or_malformed),
	    T(test_session_idle_expiry),
	    T(test_session_absolute_expiry),
	    T(test_session_last_seen_once_a_minute),
	    T(test_session_end),
	    T(test_session_end_all),
	    T(test_session_inactive_user),
	    T(test_session_unknown_user_refused),
	    T(test_session_stores_only_hash),
	    T(test_session_create_purges_expired),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

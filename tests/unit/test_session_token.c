/* Single-use tokens (password reset, invitation): use once, expiry, voiding, kinds. */
#include "domain/session.h"
#include "domain/throttle.h"
#include "domain/token.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define ANNA 1
#define BERND 2
static const struct store_query q_token_find = {
    "t_token_find", "SELECT count(*) FROM auth_token WHERE token_hash = ?1"};

struct fixture {
	char path[64];
	struct store *s;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "session");
	add_user_row(f->s, ANNA, "anna@example.org", "Anna");
	add_user_row(f->s, BERND, "bernd@example.org", "Bernd");
	time_set_fake(T0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	time_set_fake(0);
	free(f);
	return 0;
}

/* SHA-256 of s as lowercase hex, computed without the code under test. */
static void
sha256_hex(char out[65], const char *s)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static int64_t
count_text(struct store *s, const struct store_query *q, const char *text)
{
	struct stmt *st = store_stmt(s, q);
	if (text)
		stmt_bind_text(st, 1, text);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static bool
is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

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
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
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

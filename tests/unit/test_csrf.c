/* CSRF tokens and signed values (csrf.c). */
#include "http/csrf.h"
#include "http/parse.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

/* ---- CSRF ---- */

static const unsigned char KEY[32] = "0123456789abcdef0123456789abcdef";

static int
setup_csrf(void **state)
{
	csrf_set_secret(KEY, sizeof KEY);
	return 0;
}

/* HMAC-SHA-256 under KEY of purpose, a NUL, and value, as hex: computed here. */
static void
expected_mac(char out[65], const char *purpose, const char *value)
{
	unsigned char msg[256], digest[crypto_auth_hmacsha256_BYTES];
	size_t np = strlen(purpose) + 1, nv = strlen(value);
	memcpy(msg, purpose, np);
	memcpy(msg + np, value, nv);
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, KEY, sizeof KEY);
	crypto_auth_hmacsha256_update(&st, msg, np + nv);
	crypto_auth_hmacsha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

static void
test_csrf_token_value(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1], want[65];
	csrf_token(tok, "session-abc");
	expected_mac(want, "csrf", "session-abc");
	assert_string_equal(tok, want);
}

static void
test_csrf_check_right(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	assert_true(csrf_check(tok, "session-abc"));
}

static void
test_csrf_check_wrong(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	for (size_t i = 0; i < CSRF_TOKEN_LEN; i += 21) {
		char bad[CSRF_TOKEN_LEN + 1];
		memcpy(bad, tok, sizeof bad);
		bad[i] = bad[i] == 'a' ? 'b' : 'a';
		assert_false(csrf_check(bad, "session-abc"));
	}
	assert_false(csrf_check("", "session-abc"));
	assert_false(csrf_check(NULL, "session-abc"));
}

static void
test_csrf_check_other_binding(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	assert_false(csrf_check(tok, "session-abd"));
	assert_false(csrf_check(tok, ""));
	assert_false(csrf_check(tok, NULL));
}

static void
test_csrf_check_wrong_length(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1], longer[CSRF_TOKEN_LEN + 2];
	csrf_token(tok, "session-abc");
	snprintf(longer, sizeof longer, "%s0", tok);
	assert_false(csrf_check(longer, "session-abc"));
	tok[CSRF_TOKEN_LEN - 1] = '\0';
	assert_false(csrf_check(tok, "session-abc"));
}

static void
test_csrf_other_secret(void **state)
{
	char tok[CSRF_TOKEN_LEN + 1];
	csrf_token(tok, "session-abc");
	unsigned char other[32];
	memset(other, 7, sizeof other);
	csrf_set_secret(other, sizeof other);
	assert_false(csrf_check(tok, "session-abc"));
}

static void
test_signed_value(void **state)
{
	char signed_value[128], want[128], mac[65];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	expected_mac(mac, "lang", "en");
	snprintf(want, sizeof want, "en.%.32s", mac);
	assert_string_equal(signed_value, want);
	char out[16];
	assert_true(csrf_verify_signed(signed_value, "lang", out, sizeof out));
	assert_string_equal(out, "en");
}

static void
test_signed_value_with_dots(void **state)
{
	char signed_value[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "notice", "a.b.c");
	assert_true(csrf_verify_signed(signed_value, "notice", out, sizeof out));
	assert_string_equal(out, "a.b.c");
}

static void
test_signed_value_altered(void **state)
{
	char signed_value[128], bad[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	/* Another value under the same signature. */
	memcpy(bad, signed_value, sizeof bad);
	bad[0] = 'd';
	bad[1] = 'e';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* One digit of the signature changed, first and last. */
	memcpy(bad, signed_value, sizeof bad);
	bad[3] = bad[3] == 'a' ? 'b' : 'a';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	memcpy(bad, signed_value, sizeof bad);
	bad[34] = bad[34] == 'a' ? 'b' : 'a';
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* The right signature for another purpose. */
	assert_false(csrf_verify_signed(signed_value, "notice", out, sizeof out));
}

static void
test_signed_value_malformed(void **state)
{
	char signed_value[64], bad[128], out[32];
	csrf_sign(signed_value, sizeof signed_value, "lang", "en");
	assert_false(csrf_verify_signed(NULL, "lang", out, sizeof out));
	assert_false(csrf_verify_signed("", "lang", out, sizeof out));
	assert_false(csrf_verify_signed("en", "lang", out, sizeof out));
	snprintf(bad, sizeof bad, "%.*s", 34, signed_value); /* signature one short */
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	snprintf(bad, sizeof bad, "%s0", signed_value); /* one long */
	assert_false(csrf_verify_signed(bad, "lang", out, sizeof out));
	/* The value would not fit the caller's buffer. */
	char tiny[2];
	assert_false(csrf_verify_signed(signed_value, "lang", tiny, sizeof tiny));
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	log_set_quiet(1);
#define C(name) cmocka_unit_test_setup(name, setup_csrf)
	const struct CMUnitTest tests[] = {
	    C(test_csrf_token_value),
	    C(test_csrf_check_right),
	    C(test_csrf_check_wrong),
	    C(test_csrf_check_other_binding),
	    C(test_csrf_check_wrong_length),
	    C(test_csrf_other_secret),
	    C(test_signed_value),
	    C(test_signed_value_with_dots),
	    C(test_signed_value_altered),
	    C(test_signed_value_malformed),
	};
#undef C
	return cmocka_run_group_tests(tests, NULL, NULL);
}

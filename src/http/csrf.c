/* CSRF tokens and signed cookie values (HMAC-SHA-256, libsodium). */
#include "http/csrf.h"
#include "util/str.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static unsigned char secret[crypto_auth_hmacsha256_KEYBYTES];

void
csrf_set_secret(const unsigned char *key, size_t n)
{
	memset(secret, 0, sizeof secret);
	memcpy(secret, key, n < sizeof secret ? n : sizeof secret);
}

static void
mac(char out[65], const char *purpose, const char *value)
{
	crypto_auth_hmacsha256_state st;
	unsigned char digest[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, secret, sizeof secret);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, strlen(value));
	crypto_auth_hmacsha256_final(&st, digest);
	str_hex(out, digest, sizeof digest);
}

void
csrf_token(char *out, const char *binding)
{
	mac(out, "csrf", binding ? binding : "");
}

bool
csrf_check(const char *submitted, const char *binding)
{
	char want[65];
	if (!submitted || !binding || strlen(submitted) != CSRF_TOKEN_LEN)
		return false;
	csrf_token(want, binding);
	return sodium_memcmp(want, submitted, CSRF_TOKEN_LEN) == 0;
}

void
csrf_sign(char *out, size_t n, const char *purpose, const char *value)
{
	char sig[65];
	mac(sig, purpose, value);
	snprintf(out, n, "%s.%.32s", value, sig);
}

bool
csrf_verify_signed(const char *signed_value, const char *purpose, char *out, size_t n)
{
	const char *dot = signed_value ? strrchr(signed_value, '.') : NULL;
	if (!dot || strlen(dot + 1) != 32 || (size_t)(dot - signed_value) >= n)
		return false;
	memcpy(out, signed_value, (size_t)(dot - signed_value));
	out[dot - signed_value] = '\0';
	char sig[65];
	mac(sig, purpose, out);
	return sodium_memcmp(sig, dot + 1, 32) == 0;
}

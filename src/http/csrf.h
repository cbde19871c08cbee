/* CSRF tokens and signed cookies, keyed by the installation's secret. A form's token is an
 * HMAC of what binds it to the browser: the session token when logged in, otherwise a
 * random pre-session cookie (so the login form is protected too). */
#ifndef HTTP_CSRF_H
#define HTTP_CSRF_H
#include <stdbool.h>
#include <stddef.h>

#define CSRF_TOKEN_LEN 64

/* Sets the key; call once at start-up. */
void csrf_set_secret(const unsigned char *key, size_t n);
/* Writes the token for binding to out (CSRF_TOKEN_LEN + 1 bytes). */
void csrf_token(char *out, const char *binding);
/* Constant-time check of a submitted token. */
bool csrf_check(const char *submitted, const char *binding);
/* Signs value for a cookie: "value.sig"; and verifies, returning the value or NULL. */
void csrf_sign(char *out, size_t n, const char *purpose, const char *value);
bool csrf_verify_signed(const char *signed_value, const char *purpose, char *out, size_t n);

#endif

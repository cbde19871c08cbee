/* Shared by tests/http/test_http_auth_*.c: the login form and what a logged-out client sees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "auth_fixture.h"

/* The login form's body. */
const char *
login_form(const char *email, const char *password)
{
	return tstr("email=%s&password=%s", tenc(email), tenc(password));
}

/* Asserts that path sends c to the login page. */
void
assert_logged_out(struct client *c, const char *path)
{
	struct resp r;
	http_get(c, path, &r);
	assert_redirect(&r, tstr("/anmelden?next=%s", path));
	resp_free(&r);
}

/* A fresh client that speaks English, so messages can be compared with their text. */
struct client *
english_client(struct srv *s)
{
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: en");
	return c;
}

/* The fixture and helpers shared by tests/http/test_http_auth_*.c: the login form and what a
 * logged-out client sees. */
#ifndef AUTH_FIXTURE_H
#define AUTH_FIXTURE_H

#include "harness.h"

/* The mail worker looks at the outbox every 2 s. */
#define MAIL_WAIT_MS 60000

/* The login form's body. */
const char *login_form(const char *email, const char *password);

/* Asserts that path sends c to the login page. */
void assert_logged_out(struct client *c, const char *path);

/* A fresh client that speaks English, so messages can be compared with their text. */
struct client *english_client(struct srv *s);

#endif

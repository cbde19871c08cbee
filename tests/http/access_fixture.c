/* Shared by tests/http/test_http_access_*.c: the roles and a client in each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "access_fixture.h"

const struct role_account roles[NROLES] = {
    [R_ANON] = {"anonymous", NULL},
    [R_SUBMITTER] = {"submitter", DEMO_SUBMITTER},
    [R_BOARD] = {"board", DEMO_BOARD},
    [R_ADMIN] = {"admin", DEMO_ADMIN},
};

/* A client in the given role holding a _csrf token bound to its session. */
struct client *
client_as(struct srv *s, enum role role)
{
	struct client *c = client_new(s);
	if (role == R_ANON) {
		struct resp r;
		assert_int_equal(http_get(c, "/anmelden", &r), 200);
		resp_free(&r);
	} else {
		assert_int_equal(login(c, roles[role].email, DEMO_PASSWORD), 0);
	}
	assert_non_null(client_csrf(c));
	return c;
}

/* The fixture and helpers shared by tests/http/test_http_access_*.c: the roles and a client
 * in each. */
#ifndef ACCESS_FIXTURE_H
#define ACCESS_FIXTURE_H

#include "harness.h"

/* The roles a request can have. */
enum role { R_ANON, R_SUBMITTER, R_BOARD, R_ADMIN, NROLES };

/* A role's name and its demo account (none for anonymous). */
struct role_account {
	const char *name, *email;
};

/* The roles' names and accounts, by enum role. */
extern const struct role_account roles[NROLES];

/* A client in the given role holding a _csrf token bound to its session. */
struct client *client_as(struct srv *s, enum role role);

#endif

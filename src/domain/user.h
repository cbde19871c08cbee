/* Accounts and roles: users belong to an organisation and hold one or more roles. */
#ifndef DOMAIN_USER_H
#define DOMAIN_USER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/i18n.h"

struct store;

/* Roles are a bit set; one person may hold several. */
enum {
	ROLE_ADMIN = 1 << 0,
	ROLE_BOARD = 1 << 1,
	ROLE_SUBMITTER = 1 << 2,
	ROLE_ALL = ROLE_ADMIN | ROLE_BOARD | ROLE_SUBMITTER,
};

struct user {
	int64_t id;
	const char *email;
	const char *name;
	enum lang locale;
	int64_t organisation_id; /* 0: none */
	const char *organisation_name;
	const char *constituency;
	unsigned roles;
	bool active;
};

/* How much CPU a new password hash costs: INTERACTIVE in production (about 0.2 s);
 * MIN only for test suites, which log in hundreds of times. */
enum pwhash_cost { PWHASH_INTERACTIVE, PWHASH_MODERATE, PWHASH_MIN };
void user_set_pwhash_cost(enum pwhash_cost cost);

/* "admin" → ROLE_ADMIN …; 0 for an unknown name. */
unsigned user_role_from_name(const char *name);
const char *user_role_name(unsigned role);
/* Parses "admin,board" into bits; returns false on an unknown name. */
bool user_roles_parse(const char *list, unsigned *roles);

/* Creates a user (password may be NULL: an invited user sets it later). Writes an audit
 * event. Returns the id, 0 when the e-mail is taken, -1 on error. Call in a transaction. */
int64_t user_create(struct store *s, int64_t actor, const char *email, const char *name,
                    const char *password, unsigned roles, int64_t organisation_id);
bool user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *u);
bool user_find_by_id(struct store *s, struct arena *a, int64_t id, struct user *u);
/* Checks a password; runs a dummy hash for unknown users so timing does not tell. */
bool user_check_password(struct store *s, struct arena *a, const char *email, const char *password,
                         struct user *u);
/* Sets a password (argon2id) and ends all the user's sessions (a caller that keeps the
 * person logged in starts a new one). Audit event included. */
int user_set_password(struct store *s, int64_t actor, int64_t user_id, const char *password);
int user_set_profile(struct store *s, int64_t actor, int64_t user_id, const char *name,
                     enum lang locale);
int user_set_roles(struct store *s, int64_t actor, int64_t user_id, unsigned roles);
int user_set_active(struct store *s, int64_t actor, int64_t user_id, bool active);
int user_set_organisation(struct store *s, int64_t actor, int64_t user_id, int64_t org_id,
                          const char *constituency);

/* A page of users for the admin list, ordered by name; returns the count filled. */
size_t user_list(struct store *s, struct arena *a, struct user *out, size_t max, size_t offset);
size_t user_count(struct store *s);
/* The active members of the coordination office (role admin), by name: whom a sub-project
 * asks about a call. Returns the count filled (at most max). */
size_t user_list_office(struct store *s, struct arena *a, struct user *out, size_t max);

#endif

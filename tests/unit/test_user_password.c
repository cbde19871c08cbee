/* Accounts: passwords, how they are stored and checked, and setting a new one. */
#include "domain/audit.h"
#include "domain/organisation.h"
#include "domain/session.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
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
#define ADMIN 99      /* the acting administrator in audit events */
#define PASSWORD "korrekt Pferd Batterie"

static const struct store_query q_password_hash = {
    "t_user_password_hash", "SELECT password_hash FROM user_account WHERE id = ?1"};
static const struct store_query q_session_count = {
    "t_user_session_count", "SELECT count(*) FROM session WHERE user_id = ?1"};
static const struct store_query q_updated_at = {
    "t_user_updated_at", "SELECT updated_at FROM user_account WHERE id = ?1"};

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	user_set_pwhash_cost(PWHASH_MIN);
	temp_db_open(&f->s, f->path, sizeof f->path, "user");
	time_set_fake(T0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	/* Every test leaves an intact chain behind. */
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	time_set_fake(0);
	free(f);
	return 0;
}

static int64_t
create_anna(struct fixture *f)
{
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", PASSWORD,
	                         ROLE_SUBMITTER, 0);
	assert_true(id > 0);
	return id;
}

/* How many events with this action (a prefix) the user has in the audit log. */
static size_t
events(struct fixture *f, int64_t user_id, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	audit_list(f->s, &f->a, &filter, ev, 1, 0, &total);
	return total;
}

/* The newest event of the user with this action; fails when there is none. */
static struct audit_event
last_event(struct fixture *f, int64_t user_id, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	assert_int_equal(audit_list(f->s, &f->a, &filter, ev, 1, 0, &total), 1);
	return ev[0];
}

static int64_t
int_of(struct store *s, const struct store_query *q, int64_t id)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t v = stmt_int(st, 0);
	stmt_done(st);
	return v;
}

TX_TEST(test_password_stored_as_argon2id)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct stmt *st = store_stmt(f->s, &q_password_hash);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *hash = stmt_text(st, 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_null(strstr(hash, PASSWORD));
	stmt_done(st);
}

/* ---- checking passwords ---- */

TX_TEST(test_password_right)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct user u;
	assert_true(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
	assert_int_equal(u.id, id);
	assert_true(user_check_password(f->s, &f->a, "ANNA@example.org", PASSWORD, &u));
}

TX_TEST(test_password_wrong)
{
	struct fixture *f = *state;
	create_anna(f);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "korrekt Pferd", &u));
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "", &u));
	assert_false(
	    user_check_password(f->s, &f->a, "anna@example.org", "Korrekt Pferd Batterie", &u));
}

TX_TEST(test_password_unknown_user)
{
	struct fixture *f = *state;
	create_anna(f);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "bernd@example.org", PASSWORD, &u));
}

TX_TEST(test_password_inactive_user)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

TX_TEST(test_password_not_set_yet)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna", NULL, ROLE_BOARD, 0);
	assert_true(id > 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "", &u));
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

/* ---- changing passwords ---- */

TX_TEST(test_set_password_replaces_old)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
	assert_true(
	    user_check_password(f->s, &f->a, "anna@example.org", "ein ganz neues Passwort", &u));
}

TX_TEST(test_set_password_ends_sessions)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t bernd =
	    user_create(f->s, ADMIN, "bernd@example.org", "Bernd", PASSWORD, ROLE_BOARD, 0);
	char a1[65], a2[65], b1[65];
	assert_int_equal(session_create(f->s, id, a1), 0);
	assert_int_equal(session_create(f->s, id, a2), 0);
	assert_int_equal(session_create(f->s, bernd, b1), 0);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	assert_int_equal(session_lookup(f->s, a1), 0);
	assert_int_equal(session_lookup(f->s, a2), 0);
	assert_int_equal(int_of(f->s, &q_session_count, id), 0);
	assert_int_equal(session_lookup(f->s, b1), bernd);
}

TX_TEST(test_set_password_audit)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	time_set_fake(T0 + 3600);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	assert_int_equal(events(f, id, "user.password"), 1);
	struct audit_event e = last_event(f, id, "user.password");
	assert_int_equal(e.actor_id, id);
	assert_int_equal(e.at, T0 + 3600);
	assert_string_equal(e.details, "{}"); /* never the password, nor its hash */
	assert_int_equal(int_of(f->s, &q_updated_at, id), T0 + 3600);
}

TX_TEST(test_set_password_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_password(f->s, ADMIN, 4711, "ein ganz neues Passwort"), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_password_stored_as_argon2id),
	    T(test_password_right),
	    T(test_password_wrong),
	    T(test_password_unknown_user),
	    T(test_password_inactive_user),
	    T(test_password_not_set_yet),
	    T(test_set_password_replaces_old),
	    T(test_set_password_ends_sessions),
	    T(test_set_password_audit),
	    T(test_set_password_unknown_user),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "user_fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_password_hash = {
    "t_user_password_hash", "SELECT password_hash FROM user_account WHERE id = ?1"};

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
#define T(name) cmocka_unit_test_setup_teardown(name, user_setup, user_teardown)
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

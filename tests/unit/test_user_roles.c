/* Accounts: roles, and deactivation, with their audit. */
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

/* ---- roles ---- */

static void
test_roles_parse(void **state)
{
	unsigned roles = 99;
	assert_true(user_roles_parse("admin", &roles));
	assert_int_equal(roles, 1);
	assert_true(user_roles_parse("admin,board", &roles));
	assert_int_equal(roles, 3);
	assert_true(user_roles_parse("submitter, board", &roles));
	assert_int_equal(roles, 6);
	assert_true(user_roles_parse(" admin ,, submitter,board,admin ", &roles));
	assert_int_equal(roles, 7);
	assert_true(user_roles_parse("", &roles));
	assert_int_equal(roles, 0);
}

static void
test_roles_parse_refuses_unknown(void **state)
{
	unsigned roles = 0;
	assert_false(user_roles_parse("admin,root", &roles));
	assert_false(user_roles_parse("Admin", &roles));
	assert_false(user_roles_parse("admin;board", &roles));
	assert_false(user_roles_parse("boards", &roles));
}

static void
test_roles_parse_refuses_long_list(void **state)
{
	unsigned roles = 0;
	/* 180 characters, longer than any real list: refused rather than cut short. */
	char list[200];
	memset(list, 0, sizeof list);
	for (int i = 0; i < 30; i++)
		strcat(list, "admin,");
	assert_false(user_roles_parse(list, &roles));
}

static void
test_role_names(void **state)
{
	assert_int_equal(user_role_from_name("admin"), ROLE_ADMIN);
	assert_int_equal(user_role_from_name("board"), ROLE_BOARD);
	assert_int_equal(user_role_from_name("submitter"), ROLE_SUBMITTER);
	assert_int_equal(user_role_from_name("root"), 0);
	assert_int_equal(user_role_from_name(""), 0);
	assert_string_equal(user_role_name(ROLE_ADMIN), "admin");
	assert_string_equal(user_role_name(ROLE_BOARD), "board");
	assert_string_equal(user_role_name(ROLE_SUBMITTER), "submitter");
	assert_string_equal(user_role_name(ROLE_ADMIN | ROLE_BOARD), ""); /* one role only */
	assert_string_equal(user_role_name(0), "");
}

TX_TEST(test_set_roles)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_roles(f->s, ADMIN, id, ROLE_BOARD | ROLE_ADMIN), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.roles, ROLE_ADMIN | ROLE_BOARD); /* submitter is gone */
	assert_int_equal(events(f, id, "user.roles"), 1);
	struct audit_event e = last_event(f, id, "user.roles");
	assert_int_equal(e.actor_id, ADMIN);
	assert_string_equal(e.details, "{\"roles\":[\"admin\",\"board\"]}");
}

TX_TEST(test_set_roles_none)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_roles(f->s, ADMIN, id, 0), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.roles, 0);
	assert_string_equal(last_event(f, id, "user.roles").details, "{\"roles\":[]}");
}

/* ---- activation ---- */

TX_TEST(test_deactivate_ends_sessions)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	char tok[65];
	assert_int_equal(session_create(f->s, id, tok), 0);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	assert_int_equal(int_of(f->s, &q_session_count, id), 0);
	assert_int_equal(session_lookup(f->s, tok), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_false(u.active);
}

TX_TEST(test_set_active_audit)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	assert_int_equal(user_set_active(f->s, ADMIN, id, true), 0);
	assert_int_equal(events(f, id, "user.deactivate"), 1);
	assert_int_equal(events(f, id, "user.activate"), 1);
	assert_int_equal(events(f, id, "user."), 3); /* with user.create */
	assert_int_equal(last_event(f, id, "").seq, last_event(f, id, "user.activate").seq);
	struct user u;
	assert_true(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

TX_TEST(test_set_active_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_active(f->s, ADMIN, 4711, false), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, user_setup, user_teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles_parse),
	    cmocka_unit_test(test_roles_parse_refuses_unknown),
	    cmocka_unit_test(test_roles_parse_refuses_long_list),
	    cmocka_unit_test(test_role_names),
	    T(test_set_roles),
	    T(test_set_roles_none),
	    T(test_deactivate_ends_sessions),
	    T(test_set_active_audit),
	    T(test_set_active_unknown_user),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

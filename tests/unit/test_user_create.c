/* Accounts: creation, finding by e-mail, the list by name, with their audit. */
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

/* ---- creating and finding ---- */

TX_TEST(test_create_and_find)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", PASSWORD,
	                         ROLE_ADMIN | ROLE_SUBMITTER, 0);
	assert_true(id > 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.id, id);
	assert_string_equal(u.email, "anna@example.org");
	assert_string_equal(u.name, "Anna Schmidt");
	assert_int_equal(u.roles, ROLE_ADMIN | ROLE_SUBMITTER);
	assert_true(u.active);
	assert_int_equal(u.locale, LANG_DE);
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.organisation_name, "");
	assert_string_equal(u.constituency, "");
	assert_false(user_find_by_id(f->s, &f->a, id + 1, &u));
}

TX_TEST(test_find_by_email_ignores_case)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct user u;
	assert_true(user_find_by_email(f->s, &f->a, "Anna@Example.ORG", &u));
	assert_int_equal(u.id, id);
	assert_false(user_find_by_email(f->s, &f->a, "anna@example.com", &u));
}

TX_TEST(test_create_writes_audit_event)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", NULL,
	                         ROLE_SUBMITTER | ROLE_ADMIN, 0);
	assert_true(id > 0);
	assert_int_equal(events(f, id, ""), 1);
	struct audit_event e = last_event(f, id, "user.create");
	assert_int_equal(e.actor_id, ADMIN);
	assert_int_equal(e.at, T0);
	assert_string_equal(e.details, "{\"email\":\"anna@example.org\",\"name\":\"Anna Schmidt\","
	                               "\"organisation\":0,\"roles\":[\"admin\",\"submitter\"]}");
}

TX_TEST(test_create_duplicate_email)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(
	    user_create(f->s, ADMIN, "ANNA@Example.org", "Other Anna", PASSWORD, ROLE_BOARD, 0), 0);
	assert_int_equal(user_count(f->s), 1);
	struct audit_filter all = {.action = "user.create"};
	struct audit_event ev[4];
	size_t total = 0;
	audit_list(f->s, &f->a, &all, ev, 4, 0, &total);
	assert_int_equal(total, 1);
	/* The first account is untouched. */
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_string_equal(u.name, "Anna Schmidt");
	assert_int_equal(u.roles, ROLE_SUBMITTER);
}

TX_TEST(test_create_unknown_organisation_is_error)
{
	struct fixture *f = *state;
	/* Not "e-mail taken" (0): the address is free, the organisation does not exist. */
	assert_int_equal(
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, 4711),
	    -1);
	assert_int_equal(user_count(f->s), 0);
}

TX_TEST(test_create_with_organisation)
{
	struct fixture *f = *state;
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "HH");
	assert_true(org > 0);
	int64_t id =
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, org);
	assert_true(id > 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, org);
	assert_string_equal(u.organisation_name, "Netzwerk Nord");
}

/* ---- listing ---- */

TX_TEST(test_list_by_name)
{
	struct fixture *f = *state;
	assert_true(user_create(f->s, ADMIN, "c@example.org", "cem", NULL, ROLE_BOARD, 0) > 0);
	assert_true(user_create(f->s, ADMIN, "a@example.org", "Berta", NULL, ROLE_BOARD, 0) > 0);
	assert_true(user_create(f->s, ADMIN, "b@example.org", "anton", NULL, ROLE_BOARD, 0) > 0);
	assert_int_equal(user_count(f->s), 3);
	struct user u[4];
	assert_int_equal(user_list(f->s, &f->a, u, 4, 0), 3);
	assert_string_equal(u[0].name, "anton");
	assert_string_equal(u[1].name, "Berta");
	assert_string_equal(u[2].name, "cem");
	assert_int_equal(user_list(f->s, &f->a, u, 1, 2), 1);
	assert_string_equal(u[0].name, "cem");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, user_setup, user_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_create_and_find),
	    T(test_find_by_email_ignores_case),
	    T(test_create_writes_audit_event),
	    T(test_create_duplicate_email),
	    T(test_create_unknown_organisation_is_error),
	    T(test_create_with_organisation),
	    T(test_list_by_name),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

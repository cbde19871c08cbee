/* Accounts: profile and organisation changes. */
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

/* ---- profile and organisation ---- */

TX_TEST(test_set_profile)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	time_set_fake(T0 + 60);
	assert_int_equal(user_set_profile(f->s, id, id, "Anna Meier", LANG_EN), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_string_equal(u.name, "Anna Meier");
	assert_int_equal(u.locale, LANG_EN);
	assert_int_equal(int_of(f->s, &q_updated_at, id), T0 + 60);
	assert_int_equal(events(f, id, "user.profile"), 1);
	assert_string_equal(last_event(f, id, "user.profile").details,
	                    "{\"locale\":\"en\",\"name\":\"Anna Meier\"}");
}

TX_TEST(test_set_profile_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_profile(f->s, ADMIN, 4711, "Niemand", LANG_DE), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

TX_TEST(test_set_organisation)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t org = organisation_create(f->s, ADMIN, "Stiftung Licht", "SL", "funder", 0, "");
	assert_true(org > 0);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org, "funder"), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, org);
	assert_string_equal(u.organisation_name, "Stiftung Licht");
	assert_string_equal(u.constituency, "funder");
	assert_int_equal(events(f, id, "user.organisation"), 1);
	char want[80];
	snprintf(want, sizeof want, "{\"constituency\":\"funder\",\"organisation\":%lld}",
	         (long long)org);
	assert_string_equal(last_event(f, id, "user.organisation").details, want);
}

TX_TEST(test_set_organisation_none)
{
	struct fixture *f = *state;
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "");
	int64_t id =
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, org);
	assert_true(id > 0);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, 0, NULL), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.organisation_name, "");
	assert_string_equal(u.constituency, "");
	assert_string_equal(last_event(f, id, "user.organisation").details,
	                    "{\"constituency\":\"\",\"organisation\":0}");
}

TX_TEST(test_set_organisation_refuses_bad_values)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "");
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org, "shareholders"), -1);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org + 1, ""), -1);
	assert_int_equal(events(f, id, "user.organisation"), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.constituency, "");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, user_setup, user_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_set_profile),
	    T(test_set_profile_unknown_user),
	    T(test_set_organisation),
	    T(test_set_organisation_none),
	    T(test_set_organisation_refuses_bad_values),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

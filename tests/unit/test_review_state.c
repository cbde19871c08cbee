/* Unit test of the review's generation (010_review_state.sql): a rating, a conflict and an
 * account's organisation move it on; a password change does not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "review_fixture.h"

static int64_t
generation(struct fixture *f)
{
	int64_t g;
	char instance[40];
	review_state(f->s, &g, instance, sizeof instance);
	assert_int_equal(strlen(instance), 16);
	return g;
}

TX_TEST(test_generation_moves)
{
	struct fixture *f = *state;
	int64_t g = generation(f);
	assert_true(g > 0);
	fx_rate(f, &f->u1, f->p_b, 2, true);
	assert_true(generation(f) > g);
	g = generation(f);
	assert_int_equal(conflict_set(f->s, f->admin, f->p_b, f->m2, "Berät das Projekt"), 0);
	assert_true(generation(f) > g);
	g = generation(f);
	assert_int_equal(user_set_organisation(f->s, f->admin, f->m4, f->network, "network"), 0);
	assert_true(generation(f) > g);
	g = generation(f);
	assert_int_equal(user_set_password(f->s, f->admin, f->m4, "ein neues Passwort 1"), 0);
	assert_int_equal(generation(f), g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_generation_moves, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

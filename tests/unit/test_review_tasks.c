/* The task sources (tasks.h) on the review fixture's call, and adding several members at
 * once (board_admin.h): how pasted text becomes numbered entries, all or nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/board_admin.h"
#include "domain/tasks.h"

#include "review_fixture.h"

/* The row of kind for user (0: any) in l, or NULL. */
static const struct task *
row_of(const struct task_list *l, enum task_kind kind, int64_t user)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->rows[i].kind == kind && (!user || l->rows[i].user_id == user))
			return &l->rows[i];
	return NULL;
}

TX_TEST(test_ratings_due_and_missing)
{
	struct fixture *f = *state;
	struct task_list l;
	tasks_for_board_member(f->s, &f->a, &f->u1, &l);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.rows[0].kind, TASK_RATE);
	assert_int_equal(l.rows[0].count, 3);
	assert_int_equal(l.rows[0].due_at, UNTIL);
	/* A submitted rating is done; a draft is still due. */
	assert_int_equal(fx_rate(f, &f->u1, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u1, f->p_b, 2, false), REVIEW_OK);
	tasks_for_board_member(f->s, &f->a, &f->u1, &l);
	assert_int_equal(tasks_total(&l), 2);
	/* m3 is conflicted on p_a: it is not theirs. */
	tasks_for_board_member(f->s, &f->a, &f->u3, &l);
	assert_int_equal(tasks_total(&l), 2);
	for (size_t i = 0; i < l.rows[0].nids; i++)
		assert_true(l.rows[0].ids[i] != f->p_a);
	/* The sub-project's account has no list. */
	tasks_for_board_member(f->s, &f->a, &f->u_sub, &l);
	assert_int_equal(l.n, 0);

	/* The office: every member's missing ratings, with the deadline. */
	tasks_for_office(f->s, &f->a, &f->u_admin, &l);
	assert_int_equal(row_of(&l, TASK_RATINGS_MISSING, f->m1)->count, 2);
	assert_int_equal(row_of(&l, TASK_RATINGS_MISSING, f->m3)->count, 2);
	assert_int_equal(row_of(&l, TASK_RATINGS_MISSING, f->m4)->count, 3);
	assert_int_equal(row_of(&l, TASK_RATINGS_MISSING, f->m4)->due_at, UNTIL);
	/* Nothing else waits in this database. */
	assert_null(row_of(&l, TASK_FORMAL_CHECK, 0));
	assert_null(row_of(&l, TASK_UNDECIDED, 0));
	assert_int_equal(tasks_total(&l), 2 + 3 + 2 + 3 + 3);
}

TX_TEST(test_add_many_numbers_lines_all_or_nothing)
{
	struct fixture *f = *state;
	struct arena a = {0};
	struct board_entry *e;
	size_t n;
	/* Commas, semicolons and blanks separate; empty lines count. */
	int64_t mails = fx_mails(f);
	assert_int_equal(board_add_many(f->s, &a, f->admin, f->call, NULL, 0,
	                                "out@example.org, nobody@example.org;\n\n m1@example.org",
	                                NULL, &e, &n),
	                 BOARD_INVALID);
	assert_int_equal(n, 3);
	assert_int_equal(e[0].line, 1);
	assert_int_equal(e[0].rc, BOARD_OK);
	assert_int_equal(e[1].line, 1);
	assert_string_equal(e[1].text, "nobody@example.org");
	assert_int_equal(e[1].rc, BOARD_NOT_FOUND);
	assert_int_equal(e[2].line, 3);
	assert_int_equal(e[2].rc, BOARD_EXISTS);
	assert_false(board_is_member(f->s, f->call, f->outsider));
	assert_int_equal(fx_mails(f), mails);
	/* Picked and pasted twice: named twice. The sub-project's account: not a board one. */
	const int64_t ids[] = {f->outsider};
	assert_int_equal(board_add_many(f->s, &a, f->admin, f->call, ids, 1,
	                                "out@example.org\ntp@example.org", NULL, &e, &n),
	                 BOARD_INVALID);
	assert_true(e[1].duplicate);
	assert_int_equal(e[2].rc, BOARD_NOT_BOARD);
	/* Nothing given. */
	assert_int_equal(board_add_many(f->s, &a, f->admin, f->call, NULL, 0, " \n ", NULL, &e, &n),
	                 BOARD_NOT_FOUND);
	/* The outsider alone: added for the constituency asked for, and told. */
	assert_int_equal(
	    board_add_many(f->s, &a, f->admin, f->call, ids, 1, "", "fachstelle", &e, &n),
	    BOARD_OK);
	assert_true(board_is_member(f->s, f->call, f->outsider));
	assert_int_equal(fx_mails_to(f, "out@example.org"), 1);
	const char *mail = fx_last_mail(f, "out@example.org");
	assert_non_null(strstr(mail, "Runde 2027"));
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_ratings_due_and_missing, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_add_many_numbers_lines_all_or_nothing, fx_setup,
	                                    fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

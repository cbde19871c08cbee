/* Decisions: the re-check of the stored versions' record hashes against the audit chain. */
#include "decision_fixture.h"
#include "domain/audit.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_drop_trigger = {"t_decision_drop_trigger",
                                                  "DROP TRIGGER decision_vote_no_update"};
/* PostgreSQL's triggers belong to their table. */
static const struct store_query q_drop_trigger_pg = {
    "t_decision_drop_trigger_pg", "DROP TRIGGER decision_vote_no_update ON decision_vote"};
static const struct store_query q_tamper = {
    "t_decision_tamper",
    "UPDATE decision_vote SET vote = 'no' WHERE user_id = ?1 AND vote = 'yes'"};

static void
test_verify_detects_changed_vote(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	int64_t checked = 0, bad_p = 0, bad_v = 0;
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 0);
	assert_int_equal(checked, 1);
	/* Behind the application's back: the trigger dropped, a vote changed. */
	assert_int_equal(
	    stmt_exec(store_stmt(f->s, temp_db_is_pg() ? &q_drop_trigger_pg : &q_drop_trigger)),
	    STORE_OK);
	struct stmt *st = store_stmt(f->s, &q_tamper);
	stmt_bind_int(st, 1, f->m2);
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(store_changes(f->s), 1);
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 1);
	assert_int_equal(bad_p, f->p_a);
	assert_int_equal(bad_v, 1);
	/* The hash chain itself is intact: only the re-check finds the change. */
	assert_int_equal(audit_verify(f->s, &checked), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_verify_detects_changed_vote, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

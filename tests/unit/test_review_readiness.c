/* The preconditions of a call's phase changes (call_readiness) and the change that checks
 * them (call_move_phase): what is found for each step, how it is counted (conflicts, drafts,
 * abstentions, the per-call minimum), and that the override needs a reason and is audited. */
#include "domain/board.h"
#include "domain/call_readiness.h"
#include "review_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

static const struct store_query q_phase_details = {
    "t_phase_details",
    "SELECT details FROM audit_event WHERE action = 'call.phase' ORDER BY seq DESC LIMIT 1"};
static const struct store_query q_blank_guidance = {
    "t_blank_guidance", "UPDATE criterion SET guidance_en = ' ' WHERE id = ?1"};
static const struct store_query q_submitted = {
    "t_submitted", "UPDATE proposal SET state = 'submitted', call_id = ?1 WHERE id = ?2"};

/* How many findings of kind there are, and (object != 0) whether one is about object. */
static size_t
count(const struct call_finding *f, size_t n, enum readiness_kind kind, int64_t object)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += f[i].kind == kind && (!object || f[i].object_id == object);
	return k;
}

static const struct call_finding *
find(const struct call_finding *f, size_t n, enum readiness_kind kind, int64_t object)
{
	for (size_t i = 0; i < n; i++)
		if (f[i].kind == kind && f[i].object_id == object)
			return &f[i];
	return NULL;
}

static struct call_finding *
readiness(struct fixture *f, int64_t call_id, enum call_phase to, size_t *n)
{
	struct call c;
	assert_true(call_find(f->s, &f->a, call_id, &c));
	return call_readiness(f->s, &f->a, &c, to, time_now(), n);
}

static enum call_phase
phase_of(struct fixture *f, int64_t call_id)
{
	struct call c;
	assert_true(call_find(f->s, &f->a, call_id, &c));
	return c.phase;
}

/* review → deciding: ratings below the minimum per proposal, members with ratings missing. */
TX_TEST(test_review_to_deciding)
{
	struct fixture *f = *state;
	size_t n;
	struct call_finding *fs = readiness(f, f->call, PHASE_DECIDING, &n);
	/* Nothing rated yet: every proposal has 0 of 2, every member misses theirs; m3 is
	 * conflicted on p_a, so p_a is not theirs to rate. */
	assert_int_equal(count(fs, n, READY_FEW_RATINGS, 0), 3);
	const struct call_finding *pa = find(fs, n, READY_FEW_RATINGS, f->p_a);
	assert_non_null(pa);
	assert_int_equal(pa->have, 0);
	assert_int_equal(pa->need, 2);
	assert_int_equal(count(fs, n, READY_MEMBER_MISSING, 0), 5);
	assert_int_equal(find(fs, n, READY_MEMBER_MISSING, f->m1)->have, 3);
	assert_int_equal(find(fs, n, READY_MEMBER_MISSING, f->m3)->have, 2);

	/* Two submitted ratings of p_a meet the minimum; a draft is still missing. */
	assert_int_equal(fx_rate(f, &f->u1, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_a, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 1, false), REVIEW_OK);
	fs = readiness(f, f->call, PHASE_DECIDING, &n);
	assert_int_equal(count(fs, n, READY_FEW_RATINGS, f->p_a), 0);
	assert_int_equal(find(fs, n, READY_MEMBER_MISSING, f->m1)->have, 2);
	assert_int_equal(find(fs, n, READY_MEMBER_MISSING, f->m4)->have, 3);

	/* The minimum is the call's: raised to 3, p_a lacks one again. */
	assert_int_equal(review_set_min_ratings(f->s, f->admin, f->call, 0), REVIEW_INVALID);
	assert_int_equal(review_set_min_ratings(f->s, f->admin, f->call, 3), REVIEW_OK);
	fs = readiness(f, f->call, PHASE_DECIDING, &n);
	pa = find(fs, n, READY_FEW_RATINGS, f->p_a);
	assert_non_null(pa);
	assert_int_equal(pa->have, 2);
	assert_int_equal(pa->need, 3);

	/* Not ready: refused without a reason, a blank one or one too long; nothing changes. */
	int64_t events = fx_audits(f, "call.phase");
	assert_int_equal(call_move_phase(f->s, f->admin, f->call, PHASE_DECIDING, NULL),
	                 CALL_MOVE_NOT_READY);
	assert_int_equal(call_move_phase(f->s, f->admin, f->call, PHASE_DECIDING, " \t\n"),
	                 CALL_MOVE_NOT_READY);
	char *longer = arena_alloc(&f->a, CALL_REASON_MAX + 2);
	memset(longer, 'x', CALL_REASON_MAX + 1);
	longer[CALL_REASON_MAX + 1] = '\0';
	assert_int_equal(call_move_phase(f->s, f->admin, f->call, PHASE_DECIDING, longer),
	                 CALL_MOVE_TOO_LONG);
	/* A skip is no step, reason or not. */
	assert_int_equal(call_move_phase(f->s, f->admin, f->call, PHASE_CLOSED, "Schneller"),
	                 CALL_MOVE_STEP);
	assert_int_equal(phase_of(f, f->call), PHASE_REVIEW);
	assert_int_equal(fx_audits(f, "call.phase"), events);

	assert_int_equal(
	    call_move_phase(f->s, f->admin, f->call, PHASE_DECIDING, "Die Sitzung ist angesetzt."),
	    CALL_MOVE_OK);
	assert_int_equal(phase_of(f, f->call), PHASE_DECIDING);
	assert_int_equal(fx_audits(f, "call.phase"), events + 1);
	struct stmt *st = store_stmt(f->s, &q_phase_details);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *details = stmt_text(st, 0);
	assert_non_null(strstr(details, "\"override\":\"Die Sitzung ist angesetzt.\""));
	assert_non_null(strstr(details, "\"few_ratings\""));
	assert_non_null(strstr(details, "\"member_missing\""));
	stmt_done(st);

	/* deciding → closed: none of the three is decided; without a meeting or a decision
	 * there is no record to issue. */
	fs = readiness(f, f->call, PHASE_CLOSED, &n);
	assert_int_equal(count(fs, n, READY_UNDECIDED, 0), 3);
	assert_int_equal(
	    count(fs, n, READY_LETTER_UNSENT, 0) + count(fs, n, READY_RECORD_MISSING, 0), 0);
}

/* open → review: the deadline, the formal check, the board's constituencies, the rubric. */
TX_TEST(test_open_to_review)
{
	struct fixture *f = *state;
	int64_t call = call_create(f->s, f->admin, "Runde 2027/II", "", T0 - DAY, T0 + 5 * DAY,
	                           T0 + 20 * DAY, T0 + 30 * DAY);
	assert_true(call > 0);
	assert_int_equal(call_move_phase(f->s, f->admin, call, PHASE_OPEN, NULL), CALL_MOVE_OK);
	size_t n;
	struct call_finding *fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(n, 2);
	assert_int_equal(count(fs, n, READY_DEADLINE_AHEAD, call), 1);
	const struct call_finding *cons = find(fs, n, READY_CONSTITUENCIES, call);
	assert_non_null(cons);
	assert_int_equal(cons->have, 0);
	/* Two funders are one constituency; the Fachstelle makes it two. */
	assert_int_equal(board_member_add(f->s, f->admin, call, f->m1, NULL), BOARD_OK);
	assert_int_equal(board_member_add(f->s, f->admin, call, f->m2, NULL), BOARD_OK);
	fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(find(fs, n, READY_CONSTITUENCIES, call)->have, 1);
	assert_int_equal(board_member_add(f->s, f->admin, call, f->m4, NULL), BOARD_OK);
	fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(count(fs, n, READY_CONSTITUENCIES, 0), 0);

	/* A criterion without its English guidance makes the rubric incomplete. */
	struct criterion crit[REVIEW_MAX_CRITERIA];
	assert_true(call_criteria(f->s, &f->a, call, crit, REVIEW_MAX_CRITERIA) > 1);
	struct stmt *st = store_stmt(f->s, &q_blank_guidance);
	stmt_bind_int(st, 1, crit[1].id);
	assert_int_equal(stmt_exec(st), STORE_OK);
	fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(count(fs, n, READY_CRITERION, 0), 1);
	assert_int_equal(count(fs, n, READY_CRITERION, crit[1].id), 1);

	/* A proposal waiting for its formal check is listed by id. */
	st = store_stmt(f->s, &q_submitted);
	stmt_bind_int(st, 1, call);
	stmt_bind_int(st, 2, f->p_c);
	assert_int_equal(stmt_exec(st), STORE_OK);
	fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(count(fs, n, READY_UNCHECKED, f->p_c), 1);

	/* Once the deadline has passed, what is left is the check and the rubric. */
	time_set_fake(T0 + 6 * DAY);
	fs = readiness(f, call, PHASE_REVIEW, &n);
	assert_int_equal(count(fs, n, READY_DEADLINE_AHEAD, 0), 0);
	assert_int_equal(n, 2);
	/* Going back to preparation has no preconditions. */
	fs = readiness(f, call, PHASE_PREPARING, &n);
	assert_int_equal(n, 0);
	time_set_fake(T0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_review_to_deciding, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_open_to_review, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The reminders before the review deadline (review_send_reminders, the scheduler's step):
 * their timing, once only (also across a restart), only to members with missing ratings,
 * a reminder passed over when a later one is due at the same time, and the e-mail itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/review_progress.h"

#include "review_fixture.h"

static const struct store_query q_reminder_rows = {
    "t_reminder_rows", "SELECT count(*) FROM review_reminder WHERE user_id = ?1 AND "
                       "days_before = ?2 AND sent = ?3"};
static const struct store_query q_deactivate = {"t_reminder_deactivate",
                                                "UPDATE user_account SET active = 0 WHERE id = ?1"};
static const struct store_query q_move = {
    "t_reminder_move",
    "UPDATE call SET review_until = ?2, meeting_at = ?2 + 7 * 86400 WHERE id = ?1"};

static int64_t
reminder_rows(struct fixture *f, int64_t user, int days, bool sent)
{
	struct stmt *st = store_stmt(f->s, &q_reminder_rows);
	stmt_bind_int(st, 1, user);
	stmt_bind_int(st, 2, days);
	stmt_bind_int(st, 3, sent);
	int64_t n = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return n;
}

/* Runs the step at t with the clock there too (audit times, mail times). */
static int
run_at(struct fixture *f, int64_t t)
{
	time_set_fake(t);
	return review_send_reminders(f->s, t);
}

/* The office's and the members' changes of these tests, each in a transaction of its
 * own (review_send_reminders opens its own, so the tests run outside one). */
struct change_tx {
	struct fixture *f;
	int what;
	int64_t pid, uid;
};

enum { CH_ASSIGNMENT_MODE, CH_ASSIGN, CH_ENGLISH, CH_DECIDING };

static int
change_body(struct store *s, void *arg)
{
	struct change_tx *t = arg;
	struct fixture *f = t->f;
	switch (t->what) {
	case CH_ASSIGNMENT_MODE:
		return review_set_assignment_mode(s, f->admin, f->call, true);
	case CH_ASSIGN:
		return review_assign(s, f->admin, t->pid, t->uid);
	case CH_ENGLISH:
		return user_set_profile(s, 0, t->uid, "Anna Eins", LANG_EN);
	default:
		return call_set_phase(s, f->admin, f->call, PHASE_DECIDING);
	}
}

static int
change(struct fixture *f, int what, int64_t pid, int64_t uid)
{
	struct change_tx t = {f, what, pid, uid};
	return store_tx(f->s, change_body, &t);
}

static void
test_timing_and_once_only(void **state)
{
	struct fixture *f = *state;
	int64_t before = fx_mails(f);
	/* Ten days ahead, and one second before the seven-day mark: nothing is due. */
	assert_int_equal(run_at(f, T0), 0);
	assert_int_equal(run_at(f, UNTIL - 7 * DAY - 1), 0);
	assert_int_equal(fx_mails(f), before);
	/* At the seven-day mark: each of the five members lacks ratings. */
	assert_int_equal(run_at(f, UNTIL - 7 * DAY), 5);
	assert_int_equal(fx_mails(f), before + 5);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), 1);
	assert_int_equal(reminder_rows(f, f->m1, 7, true), 1);
	/* Once: the same minute again, a day later, an hour before the next mark. */
	assert_int_equal(run_at(f, UNTIL - 7 * DAY), 0);
	assert_int_equal(run_at(f, UNTIL - 6 * DAY), 0);
	assert_int_equal(run_at(f, UNTIL - DAY - 3600), 0);
	assert_int_equal(fx_mails(f), before + 5);
	/* The one-day reminder, once. */
	assert_int_equal(run_at(f, UNTIL - DAY), 5);
	assert_int_equal(run_at(f, UNTIL - 60), 0);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), 2);
	/* After the deadline nothing more. */
	assert_int_equal(run_at(f, UNTIL), 0);
	assert_int_equal(run_at(f, UNTIL + DAY), 0);
	assert_int_equal(fx_mails(f), before + 10);
	assert_int_equal(fx_audits(f, "review.remind"), 10);
	size_t nrm;
	review_reminders(f->s, &f->a, f->call, &nrm);
	assert_int_equal(nrm, 10);
}

static void
test_restart_never_sends_twice(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(run_at(f, UNTIL - 3 * DAY), 5);
	/* A new process: the record is in the database, not in memory. */
	store_close(f->s);
	assert_int_equal(store_open(&f->s, f->path), STORE_OK);
	assert_int_equal(run_at(f, UNTIL - 3 * DAY + 60), 0);
	/* Two connections (two server instances) at the same moment: still once. */
	struct store *other;
	assert_int_equal(store_open(&other, f->path), STORE_OK);
	time_set_fake(UNTIL - DAY + 5);
	assert_int_equal(review_send_reminders(f->s, UNTIL - DAY + 5), 5);
	assert_int_equal(review_send_reminders(other, UNTIL - DAY + 5), 0);
	store_close(other);
	assert_int_equal(fx_mails_to(f, "m4@example.org"), 2);
}

static void
test_only_members_with_missing_ratings(void **state)
{
	struct fixture *f = *state;
	/* m1 has submitted all three; m2 two of three and a draft of the third; m3 is
	 * conflicted on p_a and has submitted the two others; m4 abstains on nothing and has
	 * a draft only; m5 is deactivated. */
	const int64_t all[] = {f->p_a, f->p_b, f->p_c};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(fx_rate(f, &f->u1, all[i], 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_b, 2, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u2, f->p_c, 2, false), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_b, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u3, f->p_c, 3, true), REVIEW_OK);
	assert_int_equal(fx_rate(f, &f->u4, f->p_a, 1, false), REVIEW_OK);
	struct stmt *st = store_stmt(f->s, &q_deactivate);
	stmt_bind_int(st, 1, f->m5);
	assert_int_equal(stmt_exec(st), STORE_OK);

	assert_int_equal(run_at(f, UNTIL - 7 * DAY), 2);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), 0);
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 0);
	assert_int_equal(fx_mails_to(f, "m5@example.org"), 0);
	/* m2: the draft counts as missing, and the mail names that one proposal only. */
	const char *m2 = fx_last_mail(f, "m2@example.org");
	assert_non_null(m2);
	assert_non_null(strstr(m2, "Brücke Bayern"));
	assert_null(strstr(m2, "Pflege München"));
	assert_non_null(strstr(m2, "Runde 2027"));
	assert_non_null(strstr(m2, "25.01.2027, 09:00")); /* the deadline in Berlin time */
	/* m4: all three, with the count. */
	const char *m4 = fx_last_mail(f, "m4@example.org");
	assert_non_null(m4);
	assert_non_null(strstr(m4, "Lotsen Berlin"));
	assert_non_null(strstr(m4, "Pflege München"));
	assert_non_null(strstr(m4, "Brücke Bayern"));
	assert_non_null(strstr(m4, " 3 "));

	/* m2 submits the last one: the one-day reminder goes to m4 only. */
	assert_int_equal(fx_rate(f, &f->u2, f->p_c, 2, true), REVIEW_OK);
	assert_int_equal(run_at(f, UNTIL - DAY), 1);
	assert_int_equal(fx_mails_to(f, "m2@example.org"), 1);
	assert_int_equal(fx_mails_to(f, "m4@example.org"), 2);
}

static void
test_assignments_language_and_phase(void **state)
{
	struct fixture *f = *state;
	/* With assignments, only the assigned proposals are missing. */
	assert_int_equal(change(f, CH_ASSIGNMENT_MODE, 0, 0), REVIEW_OK);
	assert_int_equal(change(f, CH_ASSIGN, f->p_b, f->m1), REVIEW_OK);
	assert_int_equal(change(f, CH_ENGLISH, 0, f->m1), 0);
	assert_int_equal(run_at(f, UNTIL - 2 * DAY), 1);
	const char *m1 = fx_last_mail(f, "m1@example.org");
	assert_non_null(m1);
	assert_non_null(strstr(m1, "Reminder: ratings missing before the review deadline"));
	assert_non_null(strstr(m1, "2027-01-25 09:00"));
	assert_non_null(strstr(m1, "Pflege München"));
	assert_null(strstr(m1, "Lotsen Berlin"));
	/* A call no longer in review gets none. */
	time_set_fake(T0);
	assert_int_equal(change(f, CH_DECIDING, 0, 0), 0);
	assert_int_equal(change(f, CH_ASSIGN, f->p_c, f->m2), REVIEW_OK);
	assert_int_equal(run_at(f, UNTIL - 2 * 3600), 0);
}

static void
test_passed_over_and_moved_deadline(void **state)
{
	struct fixture *f = *state;
	/* The server was down from ten days before until twelve hours before the deadline:
	 * only the one-day reminder goes out; the seven-day one is recorded as passed over
	 * and never sent late. */
	assert_int_equal(run_at(f, UNTIL - 12 * 3600), 5);
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 1);
	assert_int_equal(reminder_rows(f, f->m3, 7, false), 1);
	assert_int_equal(reminder_rows(f, f->m3, 1, true), 1);
	assert_int_equal(run_at(f, UNTIL - 11 * 3600), 0);
	/* The office extends the review by two weeks: the reminders count from the new
	 * deadline. */
	int64_t until2 = UNTIL + 14 * DAY;
	struct stmt *st = store_stmt(f->s, &q_move);
	stmt_bind_int(st, 1, f->call);
	stmt_bind_int(st, 2, until2);
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(run_at(f, UNTIL), 0);
	assert_int_equal(run_at(f, until2 - 7 * DAY), 5);
	assert_int_equal(run_at(f, until2 - 7 * DAY + 60), 0);
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_timing_and_once_only, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_restart_never_sends_twice, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_only_members_with_missing_ratings, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_assignments_language_and_phase, fx_setup,
	                                    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_passed_over_and_moved_deadline, fx_setup,
	                                    fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

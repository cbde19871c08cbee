/* The board's internal discussion in the domain: who may read and write it (board members
 * who may read the proposal and the office; never someone conflicted, never the
 * sub-project), its e-mail notifications and their opt-out, its refusals and audit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/discussion.h"

#include "review_fixture.h"

TX_TEST(test_who_may_take_part)
{
	struct fixture *f = *state;
	struct proposal pa;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	assert_int_equal(discussion_access(f->s, &f->u1, &pa), REVIEW_OK);
	assert_int_equal(discussion_access(f->s, &f->u_admin, &pa), REVIEW_OK);
	assert_int_equal(discussion_access(f->s, &f->u3, &pa), REVIEW_CONFLICTED);
	assert_int_equal(discussion_access(f->s, &f->u_out, &pa), REVIEW_NOT_MEMBER);
	assert_int_equal(discussion_access(f->s, &f->u_sub, &pa), REVIEW_NOT_MEMBER);

	assert_int_equal(
	    discussion_post(f->s, &f->u1, f->p_a, "Wie belastbar sind die Zahlen?", NULL),
	    REVIEW_OK);
	assert_int_equal(discussion_post(f->s, &f->u_admin, f->p_a, "Wir fragen nach.", NULL),
	                 REVIEW_OK);
	struct discussion_post d[8];
	int rc;
	assert_int_equal(discussion_list(f->s, &f->a, &f->u2, f->p_a, d, 8, &rc), 2);
	assert_int_equal(rc, REVIEW_OK);
	assert_int_equal(d[0].author_id, f->m1);
	assert_string_equal(d[0].constituency, "funder");
	assert_false(d[0].from_office);
	assert_true(d[1].from_office);
	assert_string_equal(d[1].body, "Wir fragen nach.");
	/* The conflicted member, someone off the board and the sub-project read nothing and
	 * cannot write. */
	const struct user *nobody[] = {&f->u3, &f->u_out, &f->u_sub};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(discussion_list(f->s, &f->a, nobody[i], f->p_a, d, 8, &rc), 0);
		assert_true(rc != REVIEW_OK);
		assert_true(discussion_post(f->s, nobody[i], f->p_a, "Hallo", NULL) != REVIEW_OK);
	}
	/* A conflict declared later closes it at once, for earlier posts too. */
	assert_int_equal(conflict_declare(f->s, &f->u2, f->p_a, "Früher dort tätig."), CONFLICT_OK);
	assert_int_equal(discussion_list(f->s, &f->a, &f->u2, f->p_a, d, 8, &rc), 0);
	assert_int_equal(rc, REVIEW_CONFLICTED);
	/* Other proposals are untouched. */
	assert_int_equal(discussion_list(f->s, &f->a, &f->u3, f->p_b, d, 8, &rc), 0);
	assert_int_equal(rc, REVIEW_OK);
	assert_int_equal(fx_audits(f, "discussion.post"), 2);
}

TX_TEST(test_notifications_and_opt_out)
{
	struct fixture *f = *state;
	int64_t before = fx_mails(f);
	/* m1 writes on p_a: m2, m4, m5 and the office hear of it; not m3 (conflicted), not
	 * the outsider, not the sub-project, not m1. */
	assert_int_equal(discussion_post(f->s, &f->u1, f->p_a, "Erste Frage", NULL), REVIEW_OK);
	assert_int_equal(fx_mails(f), before + 4);
	assert_int_equal(fx_mails_to(f, "m2@example.org"), 1);
	assert_int_equal(fx_mails_to(f, "office@example.org"), 1);
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 0);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), 0);
	assert_int_equal(fx_mails_to(f, "out@example.org"), 0);
	assert_int_equal(fx_mails_to(f, "tp@example.org"), 0);
	/* The e-mail names the proposal and the author, not the post. */
	const char *m = fx_last_mail(f, "m2@example.org");
	assert_non_null(strstr(m, "Lotsen Berlin"));
	assert_non_null(strstr(m, "Anna Eins"));
	assert_null(strstr(m, "Erste Frage"));
	/* m2 turns them off (audited); the next post reaches the three others. */
	assert_true(notify_board_discussion(f->s, f->m2));
	assert_int_equal(notify_set_board_discussion(f->s, f->m2, f->m2, false), REVIEW_OK);
	assert_false(notify_board_discussion(f->s, f->m2));
	assert_int_equal(fx_audits(f, "notification.settings"), 1);
	assert_int_equal(discussion_post(f->s, &f->u4, f->p_a, "Antwort", NULL), REVIEW_OK);
	assert_int_equal(fx_mails_to(f, "m2@example.org"), 1);
	assert_int_equal(fx_mails_to(f, "m1@example.org"), 1);
	assert_int_equal(fx_mails(f), before + 4 + 3);
	/* And on again. */
	assert_int_equal(notify_set_board_discussion(f->s, f->m2, f->m2, true), REVIEW_OK);
	assert_int_equal(discussion_post(f->s, &f->u4, f->p_b, "Zu München", NULL), REVIEW_OK);
	assert_int_equal(fx_mails_to(f, "m2@example.org"), 2);
	/* On p_b m3 takes part and hears of it. */
	assert_int_equal(fx_mails_to(f, "m3@example.org"), 1);
}

TX_TEST(test_refusals)
{
	struct fixture *f = *state;
	int64_t before = fx_mails(f);
	assert_int_equal(discussion_post(f->s, &f->u1, f->p_b, " \n\t", NULL), REVIEW_INVALID);
	char *long_text = xmalloc(DISCUSSION_TEXT_MAX + 2);
	memset(long_text, 'x', DISCUSSION_TEXT_MAX + 1);
	long_text[DISCUSSION_TEXT_MAX + 1] = '\0';
	assert_int_equal(discussion_post(f->s, &f->u1, f->p_b, long_text, NULL), REVIEW_INVALID);
	free(long_text);
	assert_int_equal(discussion_post(f->s, &f->u1, 999999, "x", NULL), REVIEW_NOT_FOUND);
	/* Deciding: still open; closed: read-only for everyone. */
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_DECIDING), 0);
	int64_t id = 0;
	assert_int_equal(discussion_post(f->s, &f->u1, f->p_b, "In der Sitzung klären.", &id),
	                 REVIEW_OK);
	assert_true(id > 0);
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_CLOSED), 0);
	assert_int_equal(discussion_post(f->s, &f->u_admin, f->p_b, "Zu spät", NULL),
	                 REVIEW_CLOSED);
	struct discussion_post d[4];
	int rc;
	/* The office still reads it; members no longer (the call is closed). */
	assert_int_equal(discussion_list(f->s, &f->a, &f->u_admin, f->p_b, d, 4, &rc), 1);
	assert_int_equal(discussion_list(f->s, &f->a, &f->u1, f->p_b, d, 4, &rc), 0);
	assert_int_equal(fx_audits(f, "discussion.post"), 1);
	assert_true(fx_mails(f) > before);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_who_may_take_part, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_notifications_and_opt_out, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

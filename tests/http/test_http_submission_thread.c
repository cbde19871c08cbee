/* HTTP integration tests of a proposal after it is sent: withdrawing, the question thread,
 * and board members kept out of that thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "submission_fixture.h"

static void
test_withdraw_and_message_thread(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	struct resp r;
	http_get(c, tstr("/vorschlag/%ld", id), &r);
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/nachricht", id),
	               tstr("body=%s", tenc("Dürfen wir zwei Anhänge nachreichen?")), &r);
	assert_redirect(&r, tstr("/vorschlag/%ld#thread-h", id));
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_ADMIN, MAIL_WAIT_MS);
	assert_non_null(mail);
	free(mail);
	http_get(c, tstr("/vorschlag/%ld", id), &r);
	assert_body_has(&r, "Dürfen wir zwei Anhänge nachreichen?");
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/zurueckziehen", id), "", &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	char *out = NULL;
	srv_sql(s, tstr("SELECT state FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "withdrawn"));
	free(out);
	/* Withdrawn is final for the sub-project. */
	http_get(c, tstr("/vorschlag/%ld", id), &r);
	assert_body_lacks(&r, "Withdraw proposal");
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=save&title=x", revision_of(s, id)), &r);
	assert_status(&r, 409);
	resp_free(&r);
	client_free(c);
}

static void
test_board_members_do_not_write_in_the_question_thread(void **state)
{
	struct srv *s = *state;
	struct client *b = english_login(s, DEMO_BOARD, DEMO_PASSWORD);
	/* A proposal of the call in review that the member may read. */
	char *out = NULL;
	assert_int_equal(
	    srv_sql(s,
	            "SELECT p.id FROM proposal p JOIN call c ON c.id = p.call_id "
	            "WHERE c.phase = 'review' AND p.state IN ('eligible', 'in_review') "
	            "ORDER BY p.id",
	            &out),
	    0);
	long readable = 0;
	struct resp r;
	for (char *line = strtok(out, "\n"); line && !readable; line = strtok(NULL, "\n")) {
		long id = strtol(line, NULL, 10);
		if (http_get(b, tstr("/vorschlag/%ld", id), &r) == 200)
			readable = id;
		resp_free(&r);
	}
	free(out);
	assert_true(readable > 0);
	http_get(b, tstr("/vorschlag/%ld", readable), &r);
	assert_body_lacks(&r, tstr("action=\"/vorschlag/%ld/nachricht\"", readable));
	resp_free(&r);
	long before = srv_sql_long(s, "SELECT count(*) FROM proposal_message");
	http_get(b, "/start", &r);
	resp_free(&r);
	http_post_csrf(b, tstr("/vorschlag/%ld/nachricht", readable), "body=Hallo", &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM proposal_message"), before);
	client_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_withdraw_and_message_thread, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_members_do_not_write_in_the_question_thread,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_submission", tests, NULL, NULL);
}

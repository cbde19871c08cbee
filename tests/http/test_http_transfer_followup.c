/* HTTP integration test of the scheduler's transfer follow-up with the real server: six
 * months after an interest, the reporter is asked once by e-mail whether it became an
 * adoption, with a private link that works; not again on the scheduler's next runs, nor
 * after the server is restarted on the same database; a report that moved past interest
 * is not asked; and an unconfirmed request deleted after 30 days. The scheduler runs every
 * second (LEUCHTTURM_SCHEDULE_SECONDS). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "transfer_fixture.h"

/* The server's scheduler writes every second: wait for its lock rather than fail. */
#define WAIT ""
#define ASKED_MAIL "asked@jobcenter.example"
#define MOVED_MAIL "moved@agentur.example"

static int
setup(void **state)
{
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
	return transfer_setup(state);
}

static long
followups_to(struct srv *s, const char *to)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM outbox WHERE to_addr = '%s' AND "
	                            "subject = 'Haben Sie die Good Practice übernommen?'",
	                            to));
}

static void
test_followup_once_across_restarts(void **state)
{
	struct srv *s = *state;
	char *link = report_confirmed(s, "Asta Frage", ASKED_MAIL, "Jobcenter Fragestadt", "");
	free(link);
	char *moved = report_confirmed(s, "Mo Weiter", MOVED_MAIL, "Agentur Weiterstadt", "");
	long id = report_id(s, "Jobcenter Fragestadt");
	long moved_id = report_id(s, "Agentur Weiterstadt");
	/* The second one is preparing an adoption already. */
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, moved, &r);
	resp_free(&r);
	http_post_csrf(c, moved,
	               tstr("organisation=%s&kind=arbeitsagenturen&bundesland=he&stage=preparing",
	                    tenc("Agentur Weiterstadt")),
	               &r);
	assert_redirect(&r, moved);
	resp_free(&r);
	assert_int_equal(followups_to(s, ASKED_MAIL), 0);

	/* Six months and a day go by (the interests are dated back). */
	srv_sql_exec(s, tstr(WAIT "UPDATE transfer_report SET interest_at = interest_at - 183 * "
	                          "86400 WHERE id IN (%ld, %ld)",
	                     id, moved_id));
	char *mail = srv_wait_mail(s, ASKED_MAIL, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Asta Frage"));
	assert_non_null(strstr(mail, "Betriebliche Integration im Hafen"));
	char *ask = mail_link(mail, "/uebernahme/meldung/");
	free(mail);
	assert_non_null(ask);
	assert_true(srv_sql_long(s, tstr("SELECT followup_sent_at > 0 FROM transfer_report WHERE "
	                                 "id = %ld",
	                                 id)) == 1);
	/* More runs of the scheduler: still one question; the other report is not asked. */
	srv_wait_scheduler_runs(s, srv_scheduler_runs(s) + 3);
	assert_int_equal(followups_to(s, ASKED_MAIL), 1);
	assert_int_equal(followups_to(s, MOVED_MAIL), 0);

	/* The server restarts on the same database: its scheduler runs again at once, and a
	 * few times more, and asks nobody a second time. */
	assert_int_equal(srv_restart(s), 0);
	srv_wait_scheduler_runs(s, 3);
	assert_int_equal(followups_to(s, ASKED_MAIL), 1);
	assert_int_equal(followups_to(s, MOVED_MAIL), 0);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'transfer.followup' AND object = 'transfer:%ld'",
	                                      id)),
	                 1);

	/* The link in the question works after the restart: the reporter says it was
	 * adopted, and the report waits for the office. */
	struct client *d = client_new(s);
	http_get(d, ask, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Jobcenter Fragestadt");
	resp_free(&r);
	http_post_csrf(d, ask,
	               tstr("organisation=%s&kind=jobcenter&bundesland=he&stage=adopted&"
	                    "report_text=%s",
	                    tenc("Jobcenter Fragestadt"), tenc("Seit dem Frühjahr im Einsatz.")),
	               &r);
	assert_redirect(&r, ask);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, tstr("SELECT stage || ' ' || moderation FROM "
	                                          "transfer_report WHERE id = %ld",
	                                          id)),
	                    "adopted pending");
	free(ask);
	free(moved);
	client_free(c);
	client_free(d);
}

/* A request whose address was never confirmed: its personal data are deleted by the
 * scheduler once it is 30 days old, and its confirmation link is dead; a younger one stays. */
static void
test_unconfirmed_deleted_after_30_days(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	send_interest(c, TR_SLUG,
	              interest_form("Otto Alt", "otto@alt.example", "Jobcenter Altstadt", ""), &r);
	resp_free(&r);
	send_interest(c, TR_SLUG,
	              interest_form("Nina Neu", "nina@neu.example", "Jobcenter Neustadt", ""), &r);
	resp_free(&r);
	char *old = confirm_link(s, "otto@alt.example");
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE "
	                                 "reporter_email IN ('otto@alt.example', "
	                                 "'nina@neu.example') AND state = 'unconfirmed'"),
	                 2);
	srv_sql_exec(s, WAIT "UPDATE transfer_report SET created_at = created_at - 31 * 86400 "
	                     "WHERE reporter_email = 'otto@alt.example'");
	for (int i = 0; i < 600 && srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE "
	                                           "reporter_email = 'otto@alt.example'") > 0;
	     i++)
		srv_log_wait(s, "__never__", 100);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE "
	                                 "reporter_email = 'otto@alt.example' OR "
	                                 "organisation_name = 'Jobcenter Altstadt'"),
	                 0);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE "
	                                 "reporter_email = 'nina@neu.example'"),
	                 1);
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                            "'transfer.purge'") >= 1);
	assert_int_equal(confirm(c, old, &r), 410);
	resp_free(&r);
	free(old);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_followup_once_across_restarts),
	    cmocka_unit_test(test_unconfirmed_deleted_after_30_days),
	};
	return cmocka_run_group_tests(tests, setup, transfer_teardown);
}

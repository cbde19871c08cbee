/* Retention (GDPR storage limitation; issue #15, point 11): the scheduler removes the
 * contact data of proposals that ended without selection once the configured years have
 * passed since their last change, in the proposal and in every submitted version, audits
 * each removal, and leaves selected and recent proposals alone; the audit chain verifies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static int
setup_retention(void **state)
{
	setenv("LEUCHTTURM_RETENTION_YEARS", "2", 1);
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "1", 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_RETENTION_YEARS");
	unsetenv("LEUCHTTURM_SCHEDULE_SECONDS");
	return rc;
}

/* Polls (at most 30 s) until the query's number is want. */
static bool
sql_wait(struct srv *s, const char *sql, long want)
{
	for (int i = 0; i < 1500; i++) {
		if (srv_sql_long(s, sql) == want)
			return true;
		usleep(20000);
	}
	return false;
}

static void
test_old_unselected_proposals_lose_contact_data(void **state)
{
	struct srv *s = *state;
	long old_rejected = srv_first_proposal(s, "ineligible"); /* it has a version */
	long old_not_selected = srv_first_proposal(s, "not_selected");
	long old_selected = srv_first_proposal(s, "selected");
	long recent_withdrawn = srv_first_proposal(s, "withdrawn");
	assert_true(old_rejected > 0 && old_not_selected > 0 && old_selected > 0 &&
	            recent_withdrawn > 0);
	assert_true(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                 "proposal_id = %ld",
	                                 old_rejected)) > 0);
	/* Three years since their last change; the withdrawn one changed yesterday. */
	srv_sql_exec(s, tstr("UPDATE proposal SET updated_at = unixepoch() - 3 * 366 * 86400 "
	                     "WHERE id IN (%ld, %ld, %ld)",
	                     old_rejected, old_not_selected, old_selected));
	srv_sql_exec(s, tstr("UPDATE proposal SET updated_at = unixepoch() - 86400 WHERE id = %ld",
	                     recent_withdrawn));

	assert_true(sql_wait(s,
	                     tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                          "personal_removed_at IS NOT NULL",
	                          old_rejected),
	                     1));
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                                      "contact_name = '' AND contact_email = '' AND "
	                                      "contact_phone = ''",
	                                      old_rejected)),
	                 1);
	/* The versions too, and only their contact data: the texts stay. */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                      "proposal_id = %ld AND (json_extract(content, "
	                                      "'$.contact_email') <> '' OR json_extract(content, "
	                                      "'$.contact_name') <> '')",
	                                      old_rejected)),
	                 0);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                      "proposal_id = %ld AND json_extract(content, "
	                                      "'$.title') <> ''",
	                                      old_rejected)),
	                 srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                      "proposal_id = %ld",
	                                      old_rejected)));
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'proposal.personal_data_removed' AND object = "
	                                      "'proposal:%ld' AND actor_id IS NULL OR (action = "
	                                      "'proposal.personal_data_removed' AND object = "
	                                      "'proposal:%ld' AND actor_id = 0)",
	                                      old_rejected, old_rejected)),
	                 1);
	assert_true(sql_wait(s,
	                     tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                          "contact_email = ''",
	                          old_not_selected),
	                     1));
	/* Selected, and recent: kept. */
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id IN (%ld, %ld) "
	                         "AND personal_removed_at IS NULL AND contact_email "
	                         "<> ''",
	                         old_selected, recent_withdrawn)),
	    2);
	/* Other changes to a version are still refused. */
	char *out = NULL;
	assert_int_not_equal(
	    srv_sql(s,
	            tstr("UPDATE proposal_version SET content = "
	                 "replace(content, '\"title\":', '\"titel\":') WHERE proposal_id = %ld",
	                 old_rejected),
	            &out),
	    0);
	assert_non_null(strstr(out, "immutable"));
	free(out);
	out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
}

static int
setup_scheduler(void **state)
{
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "1", 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_SCHEDULE_SECONDS");
	return rc;
}

/* The office sets the years on /admin/aufbewahrung (audited, kept in the database), and
 * the scheduler applies them. */
static void
test_office_sets_the_years(void **state)
{
	struct srv *s = *state;
	long old = srv_first_proposal(s, "not_selected");
	srv_sql_exec(s, tstr("UPDATE proposal SET updated_at = unixepoch() - 3 * 366 * 86400 "
	                     "WHERE id = %ld",
	                     old));
	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(office, "/admin/aufbewahrung", &r), 200);
	assert_body_has(&r, "name=\"years\"");
	assert_body_has(&r, "value=\"0\"");
	resp_free(&r);
	/* Nothing is removed while the office keeps the data (0, the default). */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                                      "personal_removed_at IS NULL",
	                                      old)),
	                 1);
	assert_int_equal(http_post_csrf(office, "/admin/aufbewahrung", "years=500", &r), 422);
	resp_free(&r);
	assert_int_equal(http_post_csrf(office, "/admin/aufbewahrung", "years=2", &r), 303);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                                 "'retention.years' AND details LIKE '%\"to\":2%'"),
	                 1);
	assert_true(sql_wait(s,
	                     tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                          "personal_removed_at IS NOT NULL AND contact_email = ''",
	                          old),
	                     1));
	/* The setting is the database's (every instance, and a restart, read it there); the
	 * page shows it. */
	assert_string_equal(srv_sql_value(s, "SELECT value FROM setting WHERE key = "
	                                     "'retention_years'"),
	                    "2");
	assert_int_equal(http_get(office, "/admin/aufbewahrung", &r), 200);
	assert_body_has(&r, "value=\"2\"");
	resp_free(&r);
	client_free(office);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_old_unselected_proposals_lose_contact_data,
	                                    setup_retention, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_office_sets_the_years, setup_scheduler,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_retention", tests, NULL, NULL);
}

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
	                 "json_set(content, '$.title', 'x') WHERE proposal_id = %ld",
	                 old_rejected),
	            &out),
	    0);
	assert_non_null(strstr(out, "immutable"));
	free(out);
	out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_old_unselected_proposals_lose_contact_data,
	                                    setup_retention, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_retention", tests, NULL, NULL);
}

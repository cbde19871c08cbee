/* Retention (GDPR storage limitation; issue #15, point 11): the scheduler removes the
 * contact data of proposals that ended without selection once the configured years have
 * passed since their last change, in the proposal and in every submitted version, audits
 * each removal, and leaves selected and recent proposals alone; the audit chain verifies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static int
setup_retention(void **state)
{
	setenv("LEUCHTTURM_RETENTION_YEARS", "2", 1);
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
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
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
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

/* ---- the access log (LEUCHTTURM_LOG_RETENTION_DAYS): moved aside once a day by the day
 * it began, rotated logs past the days removed, each run audited ---- */

static char logdir[64];

static const char *
in_logdir(const char *name)
{
	return tstr("%s/%s", logdir, name);
}

/* A file with text, last changed age_days ago. */
static void
put_file(const char *name, const char *text, int age_days)
{
	FILE *f = fopen(in_logdir(name), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	time_t t = time(NULL) - (time_t)age_days * 86400;
	struct utimbuf u = {t, t};
	assert_int_equal(utime(in_logdir(name), &u), 0);
}

static const char *
day_of(time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	char day[16];
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	return tstr("%s", day);
}

static int
setup_log_retention(void **state)
{
	snprintf(logdir, sizeof logdir, "/tmp/lt-logret-XXXXXX");
	if (!mkdtemp(logdir))
		return -1;
	/* The log as it was left yesterday, rotated logs of a month ago (this server's and
	 * logrotate's) and of today, and a file of another name. */
	put_file("access.log",
	         tstr("%sT23:59:58Z info GET /gestern 200\n", day_of(time(NULL) - 86400)), 0);
	put_file("access.log.2020-01-01", "alt\n", 30);
	put_file("access.log.3.gz", "alt\n", 30);
	put_file("access.log.1", "neu\n", 0);
	put_file("andere.log.1", "fremd\n", 30);
	struct srv *s = calloc(1, sizeof *s);
	s->serve_args[0] = "--log-file";
	s->serve_args[1] = tstr("%s", in_logdir("access.log"));
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
	setenv("LEUCHTTURM_LOG_RETENTION_DAYS", "7", 1);
	int rc = srv_start(s);
	unsetenv("LEUCHTTURM_SCHEDULE_SECONDS");
	unsetenv("LEUCHTTURM_LOG_RETENTION_DAYS");
	if (rc != 0) {
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static int
teardown_log_retention(void **state)
{
	int rc = srv_teardown(state);
	const char *argv[] = {"rm", "-rf", logdir, NULL};
	run_cmd(argv, NULL, NULL);
	return rc;
}

/* The scheduler's rounds so far, from /healthz. */
static long
scheduler_runs(struct srv *s)
{
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/healthz", &r);
	const char *at = strstr(r.body, "\"runs\":");
	long n = at ? atol(at + 7) : -1;
	resp_free(&r);
	client_free(c);
	return n;
}

static bool
exists(const char *name)
{
	return access(in_logdir(name), F_OK) == 0;
}

static void
test_access_log_rotated_and_pruned_by_the_scheduler(void **state)
{
	struct srv *s = *state;
	assert_true(
	    sql_wait(s, "SELECT count(*) FROM audit_event WHERE action = 'log.retention'", 1));
	const char *yesterday = day_of(time(NULL) - 86400);
	/* Yesterday's log moved aside by its day, a new one goes on. */
	const char *moved = tstr("access.log.%s", yesterday);
	assert_true(exists(moved));
	assert_true(exists("access.log"));
	char *out = NULL;
	assert_int_equal(
	    run_cmd((const char *const[]){"grep", "-c", "/gestern", in_logdir(moved), NULL}, NULL,
	            &out),
	    0);
	free(out);
	out = NULL;
	assert_int_not_equal(
	    run_cmd((const char *const[]){"grep", "-q", "/gestern", in_logdir("access.log"), NULL},
	            NULL, &out),
	    0);
	free(out);
	/* The new file takes the log: a request shows up there. */
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/ueber", &r), 200);
	resp_free(&r);
	client_free(c);
	bool logged = false;
	for (int i = 0; i < 500 && !logged; i++) {
		out = NULL;
		logged = run_cmd((const char *const[]){"grep", "-q", "GET /ueber",
		                                       in_logdir("access.log"), NULL},
		                 NULL, &out) == 0;
		free(out);
		if (!logged)
			usleep(20000);
	}
	assert_true(logged);
	/* A month old: removed, this server's and logrotate's; today's and others' kept. */
	assert_false(exists("access.log.2020-01-01"));
	assert_false(exists("access.log.3.gz"));
	assert_true(exists("access.log.1"));
	assert_true(exists("andere.log.1"));
	/* The run's audit event says what it did. */
	const char *details =
	    srv_sql_value(s, "SELECT details FROM audit_event WHERE action = 'log.retention'");
	print_message("log.retention: %s\n", details);
	assert_non_null(strstr(details, tstr("\"rotated_to\":\"%s\"", moved)));
	assert_non_null(strstr(details, "\"days\":7"));
	assert_non_null(strstr(details, "access.log.2020-01-01"));
	assert_non_null(strstr(details, "access.log.3.gz"));
	assert_null(strstr(details, "access.log.1\""));
	/* Once a day: two more rounds of the scheduler do not run it again. */
	long first = scheduler_runs(s);
	bool more = false;
	for (int i = 0; i < 1500 && !more; i++) {
		more = scheduler_runs(s) >= first + 2;
		if (!more)
			usleep(20000);
	}
	assert_true(more);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                                 "'log.retention'"),
	                 1);
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
	    cmocka_unit_test_setup_teardown(test_office_sets_the_years, setup_scheduler,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_access_log_rotated_and_pruned_by_the_scheduler,
	                                    setup_log_retention, teardown_log_retention),
	};
	return cmocka_run_group_tests_name("http_retention", tests, NULL, NULL);
}

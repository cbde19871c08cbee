/* HTTP integration tests: the audit log as the office sees it, its hash chain checked from
 * the shell and from the page, and the administration commands (backup, user). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* The admin, logged in, with the interface switched to English through the account page:
 * that is also the profile change the log must show. */
static struct client *
english_admin(struct srv *s)
{
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(c, "/konto", &r);
	resp_free(&r);
	http_post_csrf(c, "/konto", tstr("name=%s&locale=en", tenc(DEMO_ADMIN_NAME)), &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);
	return c;
}

static bool
have_sqlite3(void)
{
	const char *argv[] = {"sqlite3", "-version", NULL};
	return run_cmd(argv, NULL, NULL) == 0;
}

static void
test_log_lists_events_and_chain_is_intact(void **state)
{
	struct srv *s = *state;
	struct client *c = english_admin(s);
	struct resp r;
	http_get(c, "/admin/protokoll", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<code>session.login</code>");
	assert_body_has(&r, "<code>user.profile</code>");
	assert_body_has(&r, tstr(">user:1</a>"));
	assert_true(html_has(r.body, DEMO_ADMIN_NAME));
	assert_body_has(&r, "notice notice-info");
	assert_body_lacks(&r, "notice notice-error");
	assert_body_has(&r, " events is intact.");
	/* The newest first: the profile change comes before the login. */
	assert_true(strstr(r.body, "<code>user.profile</code>") <
	            strstr(r.body, "<code>session.login</code>"));
	resp_free(&r);

	/* Filtering by the start of the action. */
	http_get(c, "/admin/protokoll?aktion=session.", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<code>session.login</code>");
	assert_body_lacks(&r, "<code>user.");
	assert_body_lacks(&r, "<code>organisation.");
	assert_body_has(&r, "value=\"session.\"");
	resp_free(&r);
	http_get(c, "/admin/protokoll?aktion=user.profile", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<code>user.profile</code>");
	assert_body_has(&r, "<caption>1 event</caption>");
	assert_body_lacks(&r, "<code>session.");
	resp_free(&r);
	http_get(c, "/admin/protokoll?aktion=user.", &r);
	assert_body_has(&r, "<code>user.create</code>");
	assert_body_has(&r, "<code>user.profile</code>");
	assert_body_lacks(&r, "<code>session.");
	resp_free(&r);
	http_get(c, "/admin/protokoll?aktion=gibt.es.nicht", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<caption>0 events</caption>");
	resp_free(&r);
	/* And by object. */
	http_get(c, "/admin/protokoll?objekt=user%3A1", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<code>user.profile</code>");
	assert_body_lacks(&r, "<code>session.login</code>");
	resp_free(&r);

	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	assert_non_null(strstr(out, "audit chain intact"));
	free(out);
	client_free(c);
}

static void
test_tampering_is_detected(void **state)
{
	struct srv *s = *state;
	if (!have_sqlite3())
		skip();
	struct client *c = english_admin(s);
	struct resp r;
	char *out = NULL;
	assert_int_equal(srv_sql(s, "SELECT details FROM audit_event WHERE seq = 2", &out), 0);
	assert_string_not_equal(out, "{}\n");
	free(out);

	/* The log defends itself from inside SQL … */
	assert_int_not_equal(
	    srv_sql(s, "UPDATE audit_event SET details = '{}' WHERE seq = 2", &out), 0);
	assert_non_null(strstr(out, "append-only"));
	free(out);
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);

	/* … and someone who removes the guard is still found out. */
	assert_int_equal(srv_sql(s,
	                         srv_on_pg(s)
	                             ? "DROP TRIGGER audit_event_no_update ON audit_event; "
	                               "UPDATE audit_event SET details = '{}' WHERE seq = 2"
	                             : "DROP TRIGGER audit_event_no_update; "
	                               "UPDATE audit_event SET details = '{}' WHERE seq = 2",
	                         &out),
	                 0);
	free(out);
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 1);
	assert_non_null(strstr(out, "BROKEN at event 2 "));
	free(out);

	http_get(c, "/admin/protokoll", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "notice notice-error");
	assert_body_has(&r, "The chain is broken at event 2: the log has been changed outside the "
	                    "application.");
	assert_body_lacks(&r, "is intact");
	resp_free(&r);

	client_free(c);
}

static void
test_backup_is_a_sound_database(void **state)
{
	struct srv *s = *state;
	if (!have_sqlite3())
		skip();
	/* Something recent, to see it in the copy. */
	struct client *c = english_admin(s);
	client_free(c);

	const char *file = tstr("%s/sicherung.db", s->dir);
	char *out = NULL;
	if (srv_on_pg(s)) {
		/* PostgreSQL's databases are copied with its tools: the command says which. */
		assert_int_equal(srv_cli(s, NULL, &out, "backup", file, NULL), 1);
		assert_non_null(strstr(out, "pg_dump"));
		assert_int_not_equal(access(file, F_OK), 0);
		free(out);
		return;
	}
	assert_int_equal(srv_cli(s, NULL, &out, "backup", file, NULL), 0);
	free(out);
	assert_int_equal(access(file, R_OK), 0);

	const char *check[] = {"sqlite3", file, "PRAGMA integrity_check", NULL};
	assert_int_equal(run_cmd(check, NULL, &out), 0);
	assert_string_equal(out, "ok\n");
	free(out);
	const char *users[] = {"sqlite3", file, "SELECT email FROM user_account ORDER BY id", NULL};
	assert_int_equal(run_cmd(users, NULL, &out), 0);
	assert_non_null(strstr(out, DEMO_ADMIN));
	assert_non_null(strstr(out, DEMO_SUBMITTER));
	free(out);
	const char *events[] = {"sqlite3", file,
	                        "SELECT count(*) FROM audit_event WHERE action = 'user.profile'",
	                        NULL};
	assert_int_equal(run_cmd(events, NULL, &out), 0);
	assert_string_equal(out, "1\n");
	free(out);

	/* Never over an existing file. */
	assert_int_equal(srv_cli(s, NULL, &out, "backup", file, NULL), 1);
	free(out);
	assert_int_equal(run_cmd(check, NULL, &out), 0);
	assert_string_equal(out, "ok\n");
	free(out);
}

static void
test_user_commands(void **state)
{
	struct srv *s = *state;
	char *out = NULL;
	assert_int_equal(srv_cli(s, "Ein-sicheres-Passwort\n", &out, "user", "add",
	                         "nina.neu@example.org", "--name", "Nina Neu", "--role",
	                         "submitter", NULL),
	                 0);
	assert_non_null(strstr(out, "created user"));
	free(out);

	/* Refused: a short password, a taken address, an unknown role. */
	assert_int_equal(srv_cli(s, "kurz\n", &out, "user", "add", "kurz@example.org", "--name",
	                         "Kurz", "--role", "board", NULL),
	                 1);
	free(out);
	assert_int_equal(srv_cli(s, "Ein-sicheres-Passwort\n", &out, "user", "add",
	                         "nina.neu@example.org", "--name", "Nina Zwei", "--role", "board",
	                         NULL),
	                 1);
	free(out);
	assert_int_equal(srv_cli(s, "Ein-sicheres-Passwort\n", &out, "user", "add", "x@example.org",
	                         "--name", "X", "--role", "kaiser", NULL),
	                 2);
	free(out);

	struct client *c = client_new(s);
	assert_int_equal(login(c, "nina.neu@example.org", "Ein-sicheres-Passwort"), 0);
	assert_true(html_has(client_page(c), "Nina Neu"));
	struct resp r;
	http_get(c, "/admin/benutzer", &r);
	assert_status(&r, 403);
	resp_free(&r);

	assert_int_equal(
	    srv_cli(s, NULL, &out, "user", "role", "nina.neu@example.org", "admin,board", NULL), 0);
	free(out);
	/* The running session has the new roles at once. */
	http_get(c, "/admin/benutzer", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "nina.neu@example.org");
	resp_free(&r);
	assert_int_equal(
	    srv_cli(s, NULL, &out, "user", "role", "niemand@example.org", "admin", NULL), 1);
	free(out);

	assert_int_equal(srv_cli(s, NULL, &out, "user", "list", NULL), 0);
	const char *line = strstr(out, "nina.neu@example.org");
	assert_non_null(line);
	const char *eol = strchr(line, '\n');
	char *row = strndup(line, eol ? (size_t)(eol - line) : strlen(line));
	assert_non_null(strstr(row, "Nina Neu"));
	assert_non_null(strstr(row, "admin"));
	assert_non_null(strstr(row, "board"));
	assert_null(strstr(row, "submitter"));
	free(row);
	assert_non_null(strstr(out, DEMO_ADMIN));
	assert_non_null(strstr(out, DEMO_BOARD));
	assert_non_null(strstr(out, DEMO_SUBMITTER));
	free(out);

	/* A new password from the shell ends the sessions and replaces the old one. */
	assert_int_equal(srv_cli(s, "Noch-ein-Passwort-1\n", &out, "user", "passwd",
	                         "nina.neu@example.org", NULL),
	                 0);
	free(out);
	http_get(c, "/start", &r);
	assert_redirect(&r, "/anmelden?next=/start");
	resp_free(&r);
	client_free(c);
	c = client_new(s);
	assert_int_equal(login(c, "nina.neu@example.org", "Noch-ein-Passwort-1"), 0);

	/* All of it is in the log, done by the system, and the chain holds. */
	http_get(c, "/admin/protokoll?aktion=user.", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<code>user.create</code>");
	assert_body_has(&r, "<code>user.roles</code>");
	assert_body_has(&r, "<code>user.password</code>");
	resp_free(&r);
	client_free(c);
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_log_lists_events_and_chain_is_intact, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_tampering_is_detected, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_backup_is_a_sound_database, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_user_commands, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

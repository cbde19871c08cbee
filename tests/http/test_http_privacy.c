/* A person's data (GDPR Art. 15 and 20; issue #15, point 11): the person downloads it from
 * /konto, the office downloads anyone's from the user's page, as JSON files in a ZIP;
 * nobody else may, the password hash is never in it, and each export is audited. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

/* The file `name` of the ZIP in r, malloc'd (via unzip -p, as a person would open it). */
static char *
zip_member(struct srv *s, const struct resp *r, const char *name)
{
	char path[320];
	snprintf(path, sizeof path, "%s/export.zip", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	char *out = NULL;
	int rc = run_cmd((const char *const[]){"unzip", "-p", path, name, NULL}, NULL, &out);
	unlink(path);
	assert_int_equal(rc, 0);
	return out;
}

static long
user_id(struct srv *s, const char *email)
{
	return srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
}

static void
test_person_downloads_own_data(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, "/konto", &r), 200);
	assert_body_has(&r, "href=\"/konto/daten.zip\"");
	resp_free(&r);
	assert_int_equal(http_get(c, "/konto/daten.zip", &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/zip");
	assert_non_null(strstr(resp_header(&r, "Content-Disposition"), "attachment"));
	assert_string_equal(resp_header(&r, "Cache-Control"), "no-store");
	char *account = zip_member(s, &r, "account.json");
	assert_non_null(strstr(account, tstr("\"email\":\"%s\"", DEMO_SUBMITTER)));
	assert_non_null(strstr(account, "\"roles\":[\"submitter\"]"));
	assert_null(strstr(account, "password"));
	assert_null(strstr(account, "argon2"));
	free(account);
	/* The proposals the person created, with their texts. */
	long created = srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE created_by = %ld",
	                                    user_id(s, DEMO_SUBMITTER)));
	assert_true(created > 0);
	char *proposals = zip_member(s, &r, "proposals.json");
	const char *title = srv_sql_value(
	    s, tstr("SELECT title FROM proposal WHERE created_by = %ld ORDER BY id LIMIT 1",
	            user_id(s, DEMO_SUBMITTER)));
	assert_non_null(strstr(proposals, tstr("\"title\":\"%s\"", title)));
	free(proposals);
	for (const char *name = "ratings.json"; name; name = NULL) {
		char *doc = zip_member(s, &r, name);
		assert_non_null(strstr(doc, "\"reviews\":[]"));
		free(doc);
	}
	char *messages = zip_member(s, &r, "messages.json");
	assert_non_null(strstr(messages, "\"messages_on_proposals\":"));
	free(messages);
	char *transfers = zip_member(s, &r, "transfer_reports.json");
	assert_non_null(strstr(transfers, "\"transfer_reports\":"));
	free(transfers);
	resp_free(&r);
	/* Audited, by the person. */
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                         "'user.data_exported' AND object = 'user:%ld' AND "
	                         "actor_id = %ld",
	                         user_id(s, DEMO_SUBMITTER), user_id(s, DEMO_SUBMITTER))),
	    1);
	client_free(c);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
}

static void
test_board_member_gets_own_ratings(void **state)
{
	struct srv *s = *state;
	long board = user_id(s, DEMO_BOARD);
	long reviews =
	    srv_sql_long(s, tstr("SELECT count(*) FROM review WHERE user_id = %ld", board));
	assert_true(reviews > 0);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, "/konto/daten.zip", &r), 200);
	char *ratings = zip_member(s, &r, "ratings.json");
	assert_non_null(strstr(ratings, "\"recommendation\":"));
	assert_non_null(strstr(ratings, "\"scores\":[{"));
	/* Only the member's own ratings: another member's review ids are not in it. */
	long other = srv_sql_long(s, tstr("SELECT id FROM review WHERE user_id <> %ld ORDER BY id "
	                                  "LIMIT 1",
	                                  board));
	if (other > 0)
		assert_null(strstr(ratings, tstr("{\"id\":%ld,", other)));
	free(ratings);
	resp_free(&r);
	client_free(c);
}

static void
test_office_downloads_anyones_data(void **state)
{
	struct srv *s = *state;
	long submitter = user_id(s, DEMO_SUBMITTER);
	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld", submitter), &r), 200);
	assert_body_has(&r, tstr("href=\"/admin/benutzer/%ld/daten.zip\"", submitter));
	resp_free(&r);
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld/daten.zip", submitter), &r),
	                 200);
	char *account = zip_member(s, &r, "account.json");
	assert_non_null(strstr(account, tstr("\"email\":\"%s\"", DEMO_SUBMITTER)));
	free(account);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'user.data_exported' AND object = 'user:%ld' AND "
	                                      "actor_id = %ld",
	                                      submitter, user_id(s, DEMO_ADMIN))),
	                 1);
	assert_int_equal(http_get(office, "/admin/benutzer/999999/daten.zip", &r), 404);
	resp_free(&r);
	client_free(office);

	/* Nobody else: not another account's, not anonymously. */
	struct client *c = client_new(s);
	assert_int_equal(http_get(c, "/konto/daten.zip", &r), 303);
	resp_free(&r);
	assert_int_equal(login(c, DEMO_BOARD, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(c, tstr("/admin/benutzer/%ld/daten.zip", submitter), &r), 403);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_person_downloads_own_data, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_member_gets_own_ratings, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_office_downloads_anyones_data, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_privacy", tests, NULL, NULL);
}

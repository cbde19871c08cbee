/* Erasure of a person (GDPR Art. 17; issue #15, point 11): the office erases a person
 * after a confirmation step; their name and address are then on no page, in no export,
 * feed or audit display, nowhere in the database or the outbox; the audit chain still
 * verifies (CLI and the office's page); the person cannot log in; nobody else may. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static long
user_id(struct srv *s, const char *email)
{
	return srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
}

static void
assert_not_in(const char *where, const char *text, size_t len)
{
	if (!text)
		return;
	/* Not "Demir" alone: the demo has another person of that name. */
	static const char *const needles[] = {DEMO_SUBMITTER, DEMO_SUBMITTER_NAME, "projekt@",
	                                      "Aylin"};
	for (size_t i = 0; i < sizeof needles / sizeof *needles; i++)
		if (memmem(text, len, needles[i], strlen(needles[i])))
			fail_msg("%s still holds \"%s\"", where, needles[i]);
}

static void
assert_page_clean(struct client *c, const char *path)
{
	struct resp r;
	long status = http_get(c, path, &r);
	if (status != 200)
		fail_msg("GET %s: %ld", path, status);
	assert_not_in(path, r.body, r.body_len);
	resp_free(&r);
}

/* Plants the person in the places an erasure must reach besides the demo's proposals:
 * a practice's public contact, a transfer report, a message naming them, a mail. */
static void
plant(struct srv *s, long id)
{
	srv_sql_exec(s, tstr("UPDATE practice SET contact_name = '%s', contact_email = '%s' "
	                     "WHERE id = (SELECT min(id) FROM practice WHERE status = 'published')",
	                     DEMO_SUBMITTER_NAME, DEMO_SUBMITTER));
	srv_sql_exec(
	    s,
	    tstr("INSERT INTO transfer_report(practice_id, state, reporter_name, reporter_email, "
	         "reporter_user_id, organisation_name, organisation_key, organisation_kind, "
	         "bundesland, stage, message, created_at, updated_at) SELECT min(id), "
	         "'confirmed', '%s', '%s', %ld, 'Jobcenter Testhausen', 'jobcenter testhausen', "
	         "'jobcenter', 'be', 'interest', 'Grüße von %s', 1, 1 FROM practice "
	         "WHERE status = 'published'",
	         DEMO_SUBMITTER_NAME, DEMO_SUBMITTER, id, DEMO_SUBMITTER_NAME));
	srv_sql_exec(s, tstr("INSERT INTO proposal_message(proposal_id, author_id, from_office, "
	                     "body, created_at) SELECT min(id), %ld, 0, 'Viele Grüße, %s (%s)', 1 "
	                     "FROM proposal WHERE created_by = %ld",
	                     id, DEMO_SUBMITTER_NAME, DEMO_SUBMITTER, id));
}

static int
outbox_holds_person(struct srv *s)
{
	char dir[320];
	snprintf(dir, sizeof dir, "%s/outbox", s->dir);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int found = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *text = NULL;
		run_cmd((const char *const[]){"cat", tstr("%s/%s", dir, e->d_name), NULL}, NULL,
		        &text);
		if (text && strstr(text, DEMO_SUBMITTER))
			found++;
		free(text);
	}
	closedir(d);
	return found;
}

static void
test_office_erases_a_person(void **state)
{
	struct srv *s = *state;
	long id = user_id(s, DEMO_SUBMITTER);
	plant(s, id);
	/* A mail to the person, in the outbox folder. */
	struct client *anon = client_new(s);
	struct resp r;
	assert_int_equal(http_get(anon, "/passwort-vergessen", &r), 200);
	resp_free(&r);
	assert_int_equal(
	    http_post_csrf(anon, "/passwort-vergessen", tstr("email=%s", tenc(DEMO_SUBMITTER)), &r),
	    303);
	resp_free(&r);
	free(srv_wait_mail(s, DEMO_SUBMITTER, 10000));
	assert_true(outbox_holds_person(s) > 0);
	client_free(anon);

	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld", id), &r), 200);
	assert_body_has(&r, tstr("href=\"/admin/benutzer/%ld/loeschen\"", id));
	resp_free(&r);
	/* The confirmation step: the page says what happens; a wrong address erases nothing. */
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld/loeschen", id), &r), 200);
	assert_body_has(&r, "name=\"confirm_email\"");
	assert_body_has(&r, "nicht rückgängig");
	resp_free(&r);
	assert_int_equal(http_post_csrf(office, tstr("/admin/benutzer/%ld/loeschen", id),
	                                "confirm_email=someone%40else.example", &r),
	                 422);
	assert_body_has(&r, "nichts wurde gelöscht");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM user_account WHERE id = %ld "
	                                      "AND erased_at IS NULL",
	                                      id)),
	                 1);
	assert_int_equal(http_post_csrf(office, tstr("/admin/benutzer/%ld/loeschen", id),
	                                tstr("confirm_email=%s", tenc(DEMO_SUBMITTER)), &r),
	                 303);
	resp_free(&r);

	/* Audited, by the office, without personal data; a second erasure is refused. */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'user.erased' AND object = 'user:%ld' AND "
	                                      "actor_id = %ld",
	                                      id, user_id(s, DEMO_ADMIN))),
	                 1);
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE details = "
	                            "'{\"erased\":true}'") > 0);
	assert_int_equal(
	    http_post_csrf(office, tstr("/admin/benutzer/%ld/loeschen", id), "confirm_email=x", &r),
	    409);
	resp_free(&r);

	/* On no page, export, feed, nor in the audit log's display. */
	const char *pages[] = {"/admin/benutzer",
	                       tstr("/admin/benutzer/%ld", id),
	                       "/admin/protokoll",
	                       "/admin/protokoll.csv",
	                       "/admin/uebernahmen",
	                       "/admin/uebernahmen.csv",
	                       "/admin/praxis",
	                       "/praxis",
	                       "/feed.atom",
	                       "/feed.rss",
	                       "/api/v1/practices",
	                       "/api/v1/transfers",
	                       "/export/practices.csv",
	                       "/transfer",
	                       "/admin/rueckmeldungen"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++)
		assert_page_clean(office, pages[i]);
	char *ids = srv_sql_text(s, "SELECT group_concat(id, ' ') FROM proposal");
	for (char *p = ids, *end; p && *p; p = end) {
		long pid = strtol(p, &end, 10);
		if (end == p)
			break;
		assert_page_clean(office, tstr("/vorschlag/%ld", pid));
	}
	free(ids);
	char *slugs = srv_sql_text(s, "SELECT group_concat(slug, ' ') FROM practice WHERE "
	                              "status = 'published'");
	for (char *p = strtok(slugs, " \n"); p; p = strtok(NULL, " \n"))
		assert_page_clean(office, tstr("/praxis/%s", p));
	free(slugs);
	/* The person's export: only the pseudonym. */
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld/daten.zip", id), &r), 200);
	char path[320];
	snprintf(path, sizeof path, "%s/export.zip", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r.body, 1, r.body_len, f), r.body_len);
	fclose(f);
	resp_free(&r);
	char *all = NULL;
	assert_int_equal(run_cmd((const char *const[]){"unzip", "-p", path, NULL}, NULL, &all), 0);
	assert_non_null(strstr(all, tstr("geloescht-%ld@invalid", id)));
	assert_not_in("the export", all, strlen(all));
	free(all);
	unlink(path);

	/* Nowhere in the database, nor in the outbox's files. */
	char *dump = NULL;
	assert_int_equal(srv_sql(s, ".dump", &dump), 0);
	assert_not_in("the database", dump, strlen(dump));
	free(dump);
	assert_int_equal(outbox_holds_person(s), 0);
	/* The ratings' and proposals' author link stays, as the pseudonym. */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE created_by = "
	                                      "%ld",
	                                      id)) > 0,
	                 1);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT name FROM user_account WHERE id = %ld", id)),
	    tstr("Gelöschte Person %ld", id));

	/* The chain verifies: the CLI and the office's audit page. */
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
	assert_int_equal(http_get(office, "/admin/protokoll", &r), 200);
	assert_body_has(&r, "Die Kette ist unversehrt.");
	resp_free(&r);
	/* The account's events are listed, their details shown as erased. */
	assert_int_equal(http_get(office, tstr("/admin/protokoll?objekt=user%%3A%ld", id), &r),
	                 200);
	assert_body_has(&r, "Mit den Daten einer Person gelöscht");
	assert_not_in("the account's audit events", r.body, r.body_len);
	resp_free(&r);
	client_free(office);

	/* The person cannot log in, neither with the old address nor the pseudonym. */
	struct client *c = client_new(s);
	assert_int_not_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	assert_int_not_equal(login(c, tstr("geloescht-%ld@invalid", id), DEMO_PASSWORD), 0);
	client_free(c);
}

/* A board member erased: their ratings and votes stay, under the pseudonym, so the
 * board's record (ranking, decisions) is unchanged. */
static void
test_board_member_keeps_the_record(void **state)
{
	struct srv *s = *state;
	long id = user_id(s, DEMO_BOARD);
	long reviews = srv_sql_long(s, tstr("SELECT count(*) FROM review WHERE user_id = %ld", id));
	long votes =
	    srv_sql_long(s, tstr("SELECT count(*) FROM decision_vote WHERE user_id = %ld", id));
	assert_true(reviews > 0);
	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld/loeschen", id), &r), 200);
	resp_free(&r);
	assert_int_equal(http_post_csrf(office, tstr("/admin/benutzer/%ld/loeschen", id),
	                                tstr("confirm_email=%s", tenc(DEMO_BOARD)), &r),
	                 303);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM review WHERE user_id = %ld", id)), reviews);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM decision_vote WHERE user_id = %ld", id)),
	    votes);
	char *dump = NULL;
	assert_int_equal(srv_sql(s, ".dump", &dump), 0);
	if (strstr(dump, DEMO_BOARD) || strstr(dump, DEMO_BOARD_NAME))
		fail_msg("the database still names the board member");
	free(dump);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	free(out);
	client_free(office);
}

static void
test_only_the_office_erases(void **state)
{
	struct srv *s = *state;
	long id = user_id(s, DEMO_SUBMITTER);
	struct resp r;
	struct client *anon = client_new(s);
	assert_int_equal(http_get(anon, tstr("/admin/benutzer/%ld/loeschen", id), &r), 303);
	resp_free(&r);
	client_free(anon);
	const char *others[] = {DEMO_BOARD, DEMO_SUBMITTER};
	for (size_t i = 0; i < 2; i++) {
		struct client *c = client_new(s);
		assert_int_equal(login(c, others[i], DEMO_PASSWORD), 0);
		assert_int_equal(http_get(c, tstr("/admin/benutzer/%ld/loeschen", id), &r), 403);
		resp_free(&r);
		assert_int_equal(http_post_csrf(c, tstr("/admin/benutzer/%ld/loeschen", id),
		                                tstr("confirm_email=%s", tenc(DEMO_SUBMITTER)), &r),
		                 403);
		resp_free(&r);
		client_free(c);
	}
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM user_account WHERE erased_at IS "
	                                 "NOT NULL"),
	                 0);
	/* The office may not erase its own account, nor a person who is not there. */
	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	long me = user_id(s, DEMO_ADMIN);
	assert_int_equal(http_get(office, tstr("/admin/benutzer/%ld/loeschen", me), &r), 409);
	resp_free(&r);
	assert_int_equal(http_post_csrf(office, tstr("/admin/benutzer/%ld/loeschen", me),
	                                tstr("confirm_email=%s", tenc(DEMO_ADMIN)), &r),
	                 409);
	resp_free(&r);
	assert_int_equal(http_get(office, "/admin/benutzer/999999/loeschen", &r), 404);
	resp_free(&r);
	client_free(office);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_office_erases_a_person, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_member_keeps_the_record, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_only_the_office_erases, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_erasure", tests, NULL, NULL);
}

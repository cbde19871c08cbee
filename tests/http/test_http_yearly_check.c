/* HTTP integration tests of the yearly check (issue #12): the scheduler's mail to a
 * practice's contact, the single-use link (used twice, expired, unknown, CSRF, a field
 * that would name another practice), the office's review and its permissions, and what
 * the public sees: "zuletzt bestätigt", the timeline, "nicht mehr im Einsatz", the API. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SLUG "betriebliche-integration-im-hafen"
#define CONTACT "hafen@bremen.iq-demo.example"
#define MAIL_WAIT_MS 60000
/* The server's scheduler writes every second: wait for its lock rather than fail. */
#define WAIT ""
/* The demo seeds rounds of other practices (cli/demo/yearly.c): count SLUG's only. */
#define OF_SLUG " AND practice_id = (SELECT id FROM practice WHERE slug = '" SLUG "')"
#define ROUND "(SELECT id FROM yearly_check WHERE TRUE" OF_SLUG ")"

static int
setup(void **state)
{
	/* The scheduler every second instead of every minute. */
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
	return srv_setup(state);
}

/* Makes the practice SLUG due (published 400 days ago, every other one confirmed today)
 * and waits for the scheduler's mail; returns the link's path, malloc'd. */
static char *
round_link(struct srv *s)
{
	srv_sql_exec(s, WAIT
	             "UPDATE practice SET confirmed_at = strftime('%s', 'now') WHERE slug != '" SLUG
	             "'; UPDATE practice SET published_at = strftime('%s', 'now') - 400 * 86400 "
	             "WHERE slug = '" SLUG "'; UPDATE setting SET value = '0' WHERE key = "
	             "'yearly_check_since';");
	char *mail = srv_wait_mail(s, CONTACT, MAIL_WAIT_MS);
	assert_non_null(mail);
	char *link = mail_link(mail, "/jahrescheck/");
	free(mail);
	assert_non_null(link);
	return link;
}

static void
test_link_answer_review_public(void **state)
{
	struct srv *s = *state;
	char *link = round_link(s);
	/* One round, one mail, even though the scheduler keeps running. */
	srv_wait_scheduler_runs(s, srv_scheduler_runs(s) + 2);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM outbox WHERE to_addr = '" CONTACT
	                                 "' AND body LIKE '%/jahrescheck/%'"),
	                 1);
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, link, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"answer\"");
	resp_free(&r);
	/* Without the CSRF token: refused, nothing changes. */
	http_post_form(c, link, "answer=changed", &r);
	assert_status(&r, 403);
	resp_free(&r);
	/* A missing answer: the form again, with the message, nothing changes. */
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, link, "update_text=x", &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM yearly_check WHERE moderation = "
	                                 "'pending'" OF_SLUG),
	                 0);
	/* The link is the only key: a field naming another practice is ignored, and the answer
	 * lands on the link's own round. */
	long other = srv_sql_long(s, "SELECT min(id) FROM practice WHERE slug != '" SLUG "'");
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, link,
	               tstr("answer=changed&people_reached=42&update_text=%s&practice_id=%ld&"
	                    "practice=%ld",
	                    tenc("Seit Herbst auch in Bremerhaven."), other, other),
	               &r);
	assert_redirect(&r, "/praxis/" SLUG);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM yearly_check c JOIN practice p ON "
	                                 "p.id = c.practice_id WHERE c.moderation = 'pending' AND "
	                                 "p.slug = '" SLUG "'"),
	                 1);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM yearly_check WHERE moderation != "
	                                 "'open'" OF_SLUG),
	                 1);
	/* Used: the link answers 410, to GET and POST. */
	http_get(c, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* A page with a form first: a valid CSRF token, so the link itself is refused. */
	http_get(c, "/praxis/" SLUG "/interesse", &r);
	resp_free(&r);
	http_post_csrf(c, link, "answer=ended", &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* Not public before the office approves. */
	http_get(c, "/praxis/" SLUG, &r);
	assert_body_lacks(&r, "Seit Herbst auch in Bremerhaven.");
	assert_body_lacks(&r, "zuletzt bestätigt");
	resp_free(&r);

	long id =
	    srv_sql_long(s, "SELECT id FROM yearly_check WHERE moderation = 'pending'" OF_SLUG);
	/* Who may review: the office only. */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, "/admin/jahrescheck", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_csrf(sub, tstr("/admin/jahrescheck/%ld/approve", id), "", &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(sub);
	struct client *anon = client_new(s);
	http_get(anon, "/admin/jahrescheck", &r);
	assert_true(r.status == 303 || r.status == 401 || r.status == 403);
	resp_free(&r);
	client_free(anon);

	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/admin/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Seit Herbst auch in Bremerhaven.");
	resp_free(&r);
	http_post_form(o, tstr("/admin/jahrescheck/%ld/approve", id), "", &r);
	assert_status(&r, 403); /* no CSRF token */
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/nonsense", id), "", &r);
	assert_status(&r, 409);
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/approve", id), "", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	/* Twice: it is no longer waiting. */
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/approve", id), "", &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s,
	                              "SELECT count(*) FROM audit_event WHERE action LIKE "
	                              "'yearly_check.%' AND (object = 'yearly_check:' || " ROUND
	                              " OR object = (SELECT 'practice:' || id FROM practice WHERE "
	                              "slug = '" SLUG "'))"),
	                 3);

	/* Public now: the month of the confirmation, the timeline, the API. */
	http_get(c, "/praxis/" SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "zuletzt bestätigt: ");
	assert_body_has(&r, "Seit Herbst auch in Bremerhaven.");
	assert_body_has(&r, "Jährliche Updates");
	resp_free(&r);
	http_get(c, "/api/v1/practices/" SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"confirmed_at\":\"");
	assert_body_has(&r, "\"in_use\":true");
	resp_free(&r);
	client_free(o);
	client_free(c);
	free(link);
}

static void
test_bad_links_and_overdue(void **state)
{
	struct srv *s = *state;
	char *link = round_link(s);
	struct client *c = client_new(s);
	struct resp r;
	/* Unknown and malformed tokens. */
	http_get(c, "/jahrescheck/0000000000000000000000000000000000000000000000000000000000000000",
	         &r);
	assert_status(&r, 410);
	resp_free(&r);
	http_get(c, "/jahrescheck/kurz", &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* Expired (the form seen while it was valid: a CSRF token at hand). */
	http_get(c, link, &r);
	assert_status(&r, 200);
	resp_free(&r);
	srv_sql_exec(s, WAIT "UPDATE yearly_check_link SET expires_at = strftime('%s', 'now') - 1");
	http_get(c, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* A page with a form first: a valid CSRF token, so the link itself is refused. */
	http_get(c, "/praxis/" SLUG "/interesse", &r);
	resp_free(&r);
	http_post_csrf(c, link, "answer=in_use", &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* Overdue: both reminders sent, 12 weeks on; the office's task list and its page. */
	srv_sql_exec(s, WAIT
	             "UPDATE yearly_check SET sent_at = sent_at - 90 * 86400, reminded1_at = 1, "
	             "reminded2_at = 1 WHERE TRUE" OF_SLUG);
	long id = srv_sql_long(s, "SELECT " ROUND);
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/start", &r);
	assert_body_has(&r, "href=\"/admin/jahrescheck\"");
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/ended", id), "", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	/* Still public and findable, marked as no longer in use. */
	http_get(c, "/praxis/" SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "nicht mehr im Einsatz");
	resp_free(&r);
	http_get(c, "/api/v1/practices/" SLUG, &r);
	assert_body_has(&r, "\"in_use\":false");
	resp_free(&r);
	client_free(o);
	client_free(c);
	free(link);
}

/* The number of mails to CONTACT whose body holds the link, once it reaches want (waiting
 * for the scheduler, at most MAIL_WAIT_MS); the count it stopped at otherwise. want 0: the
 * count now. */
static long
wait_mails(struct srv *s, long want)
{
	long n = 0;
	for (int i = 0; i < MAIL_WAIT_MS / 100; i++) {
		n = srv_sql_long(s, "SELECT count(*) FROM outbox WHERE to_addr = '" CONTACT
		                    "' AND body LIKE '%/jahrescheck/%'");
		if (n >= want)
			break;
		srv_log_wait(s, "__never__", 100); /* the scheduler's next step */
	}
	return n;
}

/* The reminders through the running server: after 4 weeks one, after 8 weeks the second,
 * each once while the scheduler keeps running; the office then keeps the practice (a
 * second step refused), audited. */
static void
test_reminders_once_and_office_keeps(void **state)
{
	struct srv *s = *state;
	char *link = round_link(s);
	free(link);
	assert_int_equal(wait_mails(s, 1), 1);
	/* 29 days after the mail: the first reminder, once. */
	srv_sql_exec(s, WAIT
	             "UPDATE yearly_check SET sent_at = sent_at - 29 * 86400 WHERE TRUE" OF_SLUG);
	assert_int_equal(wait_mails(s, 2), 2);
	srv_wait_scheduler_runs(s, srv_scheduler_runs(s) + 2);
	assert_int_equal(wait_mails(s, 0), 2);
	assert_true(srv_sql_long(s, "SELECT reminded1_at IS NOT NULL AND reminded2_at IS NULL "
	                            "FROM yearly_check WHERE TRUE" OF_SLUG) == 1);
	/* 57 days: the second, once; then it is the office's. */
	srv_sql_exec(s, WAIT
	             "UPDATE yearly_check SET sent_at = sent_at - 28 * 86400 WHERE TRUE" OF_SLUG);
	assert_int_equal(wait_mails(s, 3), 3);
	srv_wait_scheduler_runs(s, srv_scheduler_runs(s) + 2);
	assert_int_equal(wait_mails(s, 0), 3);
	/* Twelve weeks on: on the office's list, which keeps it (still in use). */
	srv_sql_exec(s, WAIT
	             "UPDATE yearly_check SET sent_at = sent_at - 30 * 86400 WHERE TRUE" OF_SLUG);
	long id = srv_sql_long(s, "SELECT " ROUND);
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	http_get(o, "/admin/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("action=\"/admin/jahrescheck/%ld/kept\"", id));
	assert_body_has(&r, tstr("action=\"/admin/jahrescheck/%ld/archived\"", id));
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/kept", id), "", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	/* Once: the step is done, a second is refused and changes nothing. */
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/archived", id), "", &r);
	assert_status(&r, 409);
	resp_free(&r);
	struct client *c = client_new(s);
	http_get(c, "/praxis/" SLUG, &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "nicht mehr im Einsatz");
	resp_free(&r);
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action LIKE "
	                            "'yearly%' AND details LIKE '%kept%'") >= 1);
	client_free(c);
	client_free(o);
}

/* The demo's overdue round (both reminders sent, no answer): the office archives the
 * practice from its list; the page is gone from the public, the step audited. */
static void
test_office_archives_an_overdue_practice(void **state)
{
	struct srv *s = *state;
	long id = srv_sql_long(s, "SELECT min(id) FROM yearly_check WHERE reminded2_at IS NOT NULL "
	                          "AND office_outcome IS NULL AND answered_at IS NULL");
	assert_true(id > 0);
	char *slug = srv_sql_text(s, tstr("SELECT p.slug FROM practice p JOIN yearly_check c ON "
	                                  "c.practice_id = p.id WHERE c.id = %ld",
	                                  id));
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, tstr("/praxis/%s", slug), &r);
	assert_status(&r, 200);
	resp_free(&r);
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/admin/jahrescheck", &r);
	assert_body_has(&r, tstr("action=\"/admin/jahrescheck/%ld/archived\"", id));
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/jahrescheck/%ld/archived", id), "", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	http_get(c, tstr("/praxis/%s", slug), &r);
	assert_true(r.status == 404 || r.status == 410);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM practice WHERE slug = '%s' AND "
	                                      "status = 'archived'",
	                                      slug)),
	                 1);
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                            "'yearly_check.resolve' AND details LIKE '%archived%'") == 1);
	free(slug);
	client_free(o);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_link_answer_review_public, setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_links_and_overdue, setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_office_archives_an_overdue_practice, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_reminders_once_and_office_keeps, setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

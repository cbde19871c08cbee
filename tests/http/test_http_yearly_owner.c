/* HTTP integration tests of the yearly check from the owners' accounts and of the office's
 * settings (issue #12): a sub-project's staff see their practice's round on /start and on
 * /konto/jahrescheck and answer it there (others get 404, the link dies with the answer),
 * and the office sets the interval between the checks (bounds, CSRF, audit, effect). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define SLUG "betriebliche-integration-im-hafen"
#define MAIL_WAIT_MS 60000
/* The server's scheduler writes every second: wait for its lock rather than fail. */
#define WAIT ""
/* The demo submitter's sub-project. */
/* The demo seeds rounds of other practices (cli/demo/yearly.c): count SLUG's only. */
#define OF_SLUG " AND practice_id = (SELECT id FROM practice WHERE slug = '" SLUG "')"
#define OWN_ORG "(SELECT organisation_id FROM user_account WHERE email = '" DEMO_SUBMITTER "')"

static int
setup(void **state)
{
	setenv("LEUCHTTURM_SCHEDULE_SECONDS", "0.2", 1);
	return srv_setup(state);
}

/* Makes SLUG a practice of the demo submitter's sub-project (made from one of its
 * proposals), due since `age` days, every other practice confirmed today. */
static void
make_due(struct srv *s, int age)
{
	srv_sql_exec(s,
	             tstr(WAIT "UPDATE practice SET proposal_id = (SELECT min(id) FROM proposal "
	                       "WHERE organisation_id = " OWN_ORG " AND id NOT IN (SELECT "
	                       "proposal_id FROM practice WHERE proposal_id IS NOT NULL)) WHERE "
	                       "slug = '" SLUG "'; UPDATE practice SET confirmed_at = "
	                       "strftime('%%s', 'now') WHERE slug != '" SLUG "'; UPDATE practice "
	                       "SET published_at = strftime('%%s', 'now') - %d * 86400, "
	                       "confirmed_at = NULL WHERE slug = '" SLUG "'; UPDATE setting SET "
	                       "value = '0' WHERE key = 'yearly_check_since';",
	                  age));
}

static void
test_owner_answers_from_account(void **state)
{
	struct srv *s = *state;
	make_due(s, 400);
	/* The mail goes to the sub-project's account, not to the public contact. */
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	char *link = mail_link(mail, "/jahrescheck/");
	free(mail);
	assert_non_null(link);
	long id = srv_sql_long(s, "SELECT id FROM yearly_check WHERE TRUE" OF_SLUG);
	const char *form = tstr("/konto/jahrescheck/%ld", id);
	struct resp r;

	/* Not logged in: the login page. */
	struct client *anon = client_new(s);
	http_get(anon, "/konto/jahrescheck", &r);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	client_free(anon);

	/* Somebody who owns no practice: nothing listed, and the round is not there. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(b, "/konto/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "/konto/jahrescheck/");
	resp_free(&r);
	http_get(b, form, &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_post_csrf(b, form, "answer=ended", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(b);
	/* Nor is it the office's to answer. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, form, &r);
	assert_status(&r, 404);
	resp_free(&r);

	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(c, "/start", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/konto/jahrescheck\"");
	assert_body_has(&r, "wartet auf den Jahrescheck");
	resp_free(&r);
	http_get(c, "/konto/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "/praxis/" SLUG);
	assert_body_has(&r, tstr("href=\"%s\"", form));
	assert_body_has(&r, "wartet auf Ihre Antwort");
	resp_free(&r);
	http_get(c, "/konto/jahrescheck/abc", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(c, form, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"answer\"");
	resp_free(&r);
	/* Without the CSRF token, and without an answer: nothing changes. */
	http_post_form(c, form, "answer=in_use", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_csrf(c, form, "update_text=x", &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_post_csrf(c, form, "answer=maybe", &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM yearly_check WHERE moderation = "
	                                 "'open'" OF_SLUG),
	                 1);
	http_post_csrf(c, form,
	               tstr("answer=changed&people_reached=17&update_text=%s",
	                    tenc("Jetzt auch im Containerterminal.")),
	               &r);
	assert_redirect(&r, "/konto/jahrescheck");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, "SELECT count(*) FROM yearly_check WHERE moderation = "
	                    "'pending' AND answer = 'changed' AND people_reached = 17" OF_SLUG),
	    1);
	/* Audited with the account as actor. */
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                                 "'yearly_check.answer' AND actor_id = (SELECT id FROM "
	                                 "user_account WHERE email = '" DEMO_SUBMITTER "')"),
	                 1);
	http_get(c, "/konto/jahrescheck", &r);
	assert_body_has(&r, "die Koordinierungsstelle sieht es sich an");
	assert_body_lacks(&r, tstr("href=\"%s\"", form));
	resp_free(&r);
	/* Answered: the form and the mail's link are closed. */
	http_post_csrf(c, form, "answer=ended", &r);
	assert_status(&r, 409);
	resp_free(&r);
	http_get(c, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* The office sees it to review, like an answer by link. */
	http_get(o, "/admin/jahrescheck", &r);
	assert_body_has(&r, "Jetzt auch im Containerterminal.");
	resp_free(&r);
	client_free(o);
	client_free(c);
	free(link);
}

static void
test_office_interval_setting(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, "/konto", &r);
	resp_free(&r);
	http_post_csrf(sub, "/admin/jahrescheck/einstellungen", "interval_days=180", &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(sub);

	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/admin/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"interval_days\"");
	assert_body_has(&r, "value=\"365\"");
	resp_free(&r);
	http_post_form(o, "/admin/jahrescheck/einstellungen", "interval_days=180", &r);
	assert_status(&r, 403);
	resp_free(&r);
	static const char *const bad[] = {"interval_days=10", "interval_days=5000",
	                                  "interval_days=abc", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_get(o, "/admin/jahrescheck", &r);
		resp_free(&r);
		http_post_csrf(o, "/admin/jahrescheck/einstellungen", bad[i], &r);
		assert_status(&r, 422);
		resp_free(&r);
	}
	assert_string_equal(srv_sql_value(s, "SELECT value FROM setting WHERE key = "
	                                     "'yearly_check_days'"),
	                    "365");
	http_get(o, "/admin/jahrescheck", &r);
	resp_free(&r);
	http_post_csrf(o, "/admin/jahrescheck/einstellungen", "interval_days=180", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	http_get(o, "/admin/jahrescheck", &r);
	assert_body_has(&r, "value=\"180\"");
	resp_free(&r);
	/* The same value again changes nothing and is not audited twice. */
	http_post_csrf(o, "/admin/jahrescheck/einstellungen", "interval_days=180", &r);
	assert_redirect(&r, "/admin/jahrescheck");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                                 "'yearly_check.interval'"),
	                 1);
	/* It takes effect: a practice published 200 days ago is due now. */
	make_due(s, 200);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	free(mail);
	client_free(o);
}

static char *
pdf_text(struct srv *s, const struct resp *r)
{
	const char *path = tstr("%s/practice.pdf", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	return out;
}

#define ENDED "anerkennungslotsen"

/* What the public sees of the yearly check beyond the practice page: the catalog's filter
 * "in den letzten 12 Monaten bestätigt" (also in the API and the feeds' selections), the
 * confirmation in the practice PDF, and "nicht mehr im Einsatz" in the feeds and the API
 * list. */
static void
test_public_confirmed_filter(void **state)
{
	struct srv *s = *state;
	/* Two confirmed this year, one 13 months ago (not recent), one ended. */
	srv_sql_exec(s, WAIT "UPDATE practice SET confirmed_at = strftime('%s', 'now') - 86400 "
	                     "WHERE slug IN ('" SLUG "', 'anerkennungsberatung-im-betrieb'); "
	                     "UPDATE practice SET confirmed_at = strftime('%s', 'now') - 400 * "
	                     "86400 WHERE slug = 'gruendungslotsen-im-quartier'; UPDATE practice "
	                     "SET in_use = 0, confirmed_at = strftime('%s', 'now') - 400 * 86400 "
	                     "WHERE slug = '" ENDED "';");
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "name=\"bestaetigt\"");
	assert_body_has(&r, "in den letzten 12 Monaten bestätigt");
	resp_free(&r);
	http_get(c, "/praxis?bestaetigt=1", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/" SLUG "\"");
	assert_body_has(&r, "href=\"/praxis/anerkennungsberatung-im-betrieb\"");
	assert_body_lacks(&r, "href=\"/praxis/gruendungslotsen-im-quartier\"");
	assert_body_lacks(&r, "href=\"/praxis/" ENDED "\"");
	/* The chip that removes it, and the box ticked. */
	assert_body_has(&r, "class=\"chip\" href=\"/praxis\"");
	assert_body_has(&r, "value=\"1\" checked");
	resp_free(&r);
	/* With a facet too: the parameter is kept in the chips' links. */
	http_get(c, "/praxis?bestaetigt=1&seite=1&sort=titel", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "bestaetigt=1");
	resp_free(&r);
	/* A value other than 1 is no filter; nothing breaks. */
	http_get(c, "/praxis?bestaetigt=ja", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/" ENDED "\"");
	resp_free(&r);

	http_get(c, "/api/v1/practices?bestaetigt=1", &r);
	assert_status(&r, 200);
	long recent =
	    srv_sql_long(s, "SELECT count(*) FROM practice WHERE status = 'published' AND "
	                    "in_use = 1 AND confirmed_at >= strftime('%s', 'now') - 365 * 86400");
	assert_true(recent >= 2);
	assert_body_has(&r, tstr("\"total\":%ld", recent));
	assert_body_has(&r, "\"confirmed_at\":\"");
	resp_free(&r);
	http_get(c, "/api/v1/practices?pro_seite=100", &r);
	assert_body_has(&r, "\"in_use\":false");
	assert_body_has(&r, "\"confirmed_at\":null");
	resp_free(&r);
	/* The feeds: still listed, marked. */
	http_get(c, "/feed.atom?pro_seite=100", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "(nicht mehr im Einsatz)</title>");
	assert_body_has(&r, "term=\"nicht mehr im Einsatz\"");
	resp_free(&r);
	http_get(c, "/feed.rss?bestaetigt=1", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "/praxis/" ENDED "<");
	assert_body_lacks(&r, "nicht mehr im Einsatz");
	resp_free(&r);

	/* The practice PDF: the month of the confirmation; the ended one marked. */
	http_get(c, "/praxis/" SLUG ".pdf", &r);
	assert_status(&r, 200);
	char *text = pdf_text(s, &r);
	assert_non_null(strstr(text, "zuletzt bestätigt"));
	assert_null(strstr(text, "nicht mehr im Einsatz"));
	free(text);
	resp_free(&r);
	http_get(c, "/praxis/" ENDED ".pdf", &r);
	assert_status(&r, 200);
	text = pdf_text(s, &r);
	assert_non_null(strstr(text, "nicht mehr im Einsatz"));
	free(text);
	resp_free(&r);
	/* The catalog's card says it too. */
	http_get(c, "/praxis?q=Anerkennungslotsen", &r);
	assert_body_has(&r, "badge-ended");
	resp_free(&r);
	client_free(c);
}

/* A confirmation that grows older than 12 months leaves the filter at that moment, though
 * no data changed: the kept page of /praxis?bestaetigt=1 and the feed's ETag name the moment
 * (view_catalog.c), so the next request after it is answered anew. */
static void
test_confirmation_leaves_the_filter_in_time(void **state)
{
	struct srv *s = *state;
	/* SLUG's confirmation is inside the window for two more seconds; no other is. */
	srv_sql_exec(s,
	             WAIT "UPDATE practice SET confirmed_at = NULL WHERE slug != '" SLUG "'; "
	                  "UPDATE practice SET in_use = 1, confirmed_at = strftime('%s', 'now') - "
	                  "365 * 86400 + 2 WHERE slug = '" SLUG "';");
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis?bestaetigt=1", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/" SLUG "\"");
	resp_free(&r);
	http_get(c, "/feed.atom?bestaetigt=1", &r);
	assert_status(&r, 200);
	char *etag = strdup(resp_header(&r, "ETag"));
	resp_free(&r);
	/* The same page from the keep while inside; then, without any write, it drops out. */
	bool gone = false;
	for (int i = 0; i < 100 && !gone; i++) {
		http_get(c, "/praxis?bestaetigt=1", &r);
		assert_status(&r, 200);
		gone = strstr(r.body, "href=\"/praxis/" SLUG "\"") == NULL;
		resp_free(&r);
		if (!gone)
			nanosleep(&(struct timespec){0, 100 * 1000 * 1000},
			          NULL); /* for the moment */
	}
	assert_true(gone);
	client_header(c, tstr("If-None-Match: %s", etag));
	http_get(c, "/feed.atom?bestaetigt=1", &r);
	assert_status(&r, 200); /* not 304: the feed's selection has changed */
	assert_body_lacks(&r, "/praxis/" SLUG "<");
	resp_free(&r);
	free(etag);
	client_free(c);
}

/* The demo (`leuchtturm demo`) shows the yearly check in each state. */
static void
test_demo_states(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *c = client_new(s);
	http_get(c, "/praxis/qualifizierungsbegleitung-in-der-lausitz", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "zuletzt bestätigt: ");
	assert_body_has(&r, "Jährliche Updates");
	resp_free(&r);
	http_get(c, "/praxis/netzwerkfruehstueck-fachkraeftesicherung", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "nicht mehr im Einsatz");
	resp_free(&r);
	client_free(c);
	/* The owner's account: the open round. */
	struct client *own = client_new(s);
	assert_int_equal(login(own, "lotsen@magdeburg.iq-demo.example", DEMO_PASSWORD), 0);
	http_get(own, "/konto/jahrescheck", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "/praxis/anerkennungslotsen");
	assert_body_has(&r, "wartet auf Ihre Antwort");
	resp_free(&r);
	client_free(own);
	/* The office: an answer to review, a round overdue, on its task list too. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/admin/jahrescheck", &r);
	assert_body_has(&r, "Sekundarstufe II");
	assert_body_has(&r, "/praxis/gruendungsberatung-fuer-migrantinnen");
	resp_free(&r);
	http_get(o, "/start", &r);
	assert_body_has(&r, "href=\"/admin/jahrescheck\"");
	resp_free(&r);
	client_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_owner_answers_from_account, setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_office_interval_setting, setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_confirmation_leaves_the_filter_in_time, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_public_confirmed_filter, setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_demo_states, setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests of "Interesse an einer Übernahme?": the form without an account,
 * its confirmation by a single-use link before anything is forwarded (double opt-in), bad
 * input, the spam guards (honeypot, minimum fill time, rate limits per address and per
 * network), network staff reporting from their account, and the reporter's private link
 * (update, another report's link, withdrawal). */
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

static long
outbox_to(struct srv *s, const char *to)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM outbox WHERE to_addr = '%s'", to));
}

static void
test_double_opt_in(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	/* The practice page leads to the form; the form links the privacy notice. */
	http_get(c, "/praxis/" TR_SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/" TR_SLUG "/interesse\"");
	resp_free(&r);
	http_get(c, "/praxis/" TR_SLUG "/interesse", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/datenschutz\"");
	assert_body_has(&r, "name=\"consent\"");
	resp_free(&r);
	long contact_before = outbox_to(s, TR_CONTACT);
	long office_before = outbox_to(s, DEMO_ADMIN);

	send_interest(
	    c, TR_SLUG,
	    interest_form("Jana Beispiel", "jana@jobcenter.example", "Jobcenter Kassel-Ost", ""),
	    &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, "SELECT state FROM transfer_report WHERE "
	                                     "organisation_name = 'Jobcenter Kassel-Ost'"),
	                    "unconfirmed");
	/* Nothing is forwarded before the confirmation. */
	char *link = confirm_link(s, "jana@jobcenter.example");
	assert_int_equal(outbox_to(s, TR_CONTACT), contact_before);
	assert_int_equal(outbox_to(s, DEMO_ADMIN), office_before);

	/* The link shows a button; a program that merely opens it confirms nothing. */
	http_get(c, link, &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("action=\"%s\"", link));
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, "SELECT state FROM transfer_report WHERE "
	                                     "organisation_name = 'Jobcenter Kassel-Ost'"),
	                    "unconfirmed");
	/* Another browser may confirm: the link is the key. */
	struct client *d = client_new(s);
	confirm(d, link, &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, "SELECT state FROM transfer_report WHERE "
	                                     "organisation_name = 'Jobcenter Kassel-Ost'"),
	                    "confirmed");
	/* Now the contact and the office hear of it, with the person's address to answer. */
	char *mail = srv_wait_mail(s, TR_CONTACT, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "jana@jobcenter.example"));
	assert_non_null(strstr(mail, "Jobcenter Kassel-Ost"));
	assert_non_null(strstr(mail, "Wir möchten die Praxis übernehmen."));
	free(mail);
	assert_int_equal(outbox_to(s, DEMO_ADMIN), office_before + 1);
	/* The reporter gets the private link. */
	char *manage = manage_link(s, "jana@jobcenter.example");
	assert_int_equal(strlen(manage), strlen("/uebernahme/meldung/") + 64);
	free(manage);

	/* Used twice: a clear answer, nothing changes. */
	long mails = srv_sql_long(s, "SELECT count(*) FROM outbox");
	confirm(d, link, &r);
	assert_status(&r, 410);
	resp_free(&r);
	http_get(d, "/praxis/" TR_SLUG "/interesse", &r);
	resp_free(&r);
	http_post_csrf(d, link, "", &r);
	assert_status(&r, 410);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM outbox"), mails);
	/* An expired link. */
	send_interest(c, TR_SLUG,
	              interest_form("Kai Muster", "kai@agentur.example", "Agentur Gießen", ""), &r);
	resp_free(&r);
	char *late = confirm_link(s, "kai@agentur.example");
	srv_sql_exec(s, "UPDATE transfer_link SET expires_at = 1 WHERE kind = 'confirm' AND "
	                "used_at IS NULL");
	confirm(c, late, &r);
	assert_status(&r, 410);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, "SELECT state FROM transfer_report WHERE "
	                                     "organisation_name = 'Agentur Gießen'"),
	                    "unconfirmed");
	/* Audited, without personal data. */
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                            "'transfer.confirm'") >= 1);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action LIKE "
	                                 "'transfer.%' AND details LIKE '%jana@%'"),
	                 0);
	free(link);
	free(late);
	client_free(c);
	client_free(d);
}

static void
expect_field_error(struct srv *s, const char *form, const char *field)
{
	struct client *c = client_new(s);
	struct resp r;
	long before = srv_sql_long(s, "SELECT count(*) FROM transfer_report");
	send_interest(c, TR_SLUG, form, &r);
	assert_status(&r, 422);
	assert_body_has(&r, tstr("id=\"f-%s-error\"", field));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report"), before);
	client_free(c);
}

static void
test_bad_input(void **state)
{
	struct srv *s = *state;
	struct resp xr;
	/* The consent box left empty. */
	expect_field_error(s,
	                   tstr("name=A&email=a%%40b.example&organisation=O&kind=jobcenter&"
	                        "bundesland=he&stage=interest"),
	                   "consent");
	/* An e-mail that is not an address. */
	expect_field_error(s, interest_form("A", "kein-at-zeichen", "O", ""), "email");
	/* A header injection: refused before the form is read (control characters), or next to
	 * the field; stored is nothing either way. */
	struct client *x = client_new(s);
	long before = srv_sql_long(s, "SELECT count(*) FROM transfer_report");
	send_interest(x, TR_SLUG, interest_form("A", "a@b.example\r\nBcc: x@y.example", "O", ""),
	              &xr);
	assert_true(xr.status == 400 || xr.status == 422);
	resp_free(&xr);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report"), before);
	client_free(x);
	/* Raw HTML and control characters. */
	expect_field_error(s,
	                   interest_form("A", "a@b.example", "O",
	                                 tstr("&message=%s", tenc("<script>alert(1)</script>"))),
	                   "message");
	/* A control character is refused before the form is read (400), as everywhere. */
	struct client *y = client_new(s);
	send_interest(y, TR_SLUG, interest_form("A", "a@b.example", "O", "&message=a%07b"), &xr);
	assert_status(&xr, 400);
	resp_free(&xr);
	client_free(y);
	expect_field_error(s, interest_form("<b>A</b>", "a@b.example", "O", ""), "name");
	/* A kind, Land or stage that is not one of the options. */
	expect_field_error(s, interest_form("A", "a@b.example", "O", "&kind=geheimdienst"), "kind");
	expect_field_error(s, interest_form("A", "a@b.example", "O", "&bundesland=xx"),
	                   "bundesland");
	expect_field_error(s, interest_form("A", "a@b.example", "O", "&stage=given_up"), "stage");
	/* A forged practice: 404 for the form and for sending it. */
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis/gibt-es-nicht/interesse", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(c, "/praxis/" TR_SLUG "/interesse", &r);
	resp_free(&r);
	http_post_csrf(c, "/praxis/gibt-es-nicht/interesse",
	               interest_form("A", "a@b.example", "O", ""), &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* An unpublished practice has no form either. */
	const char *hidden = srv_sql_value(s, "SELECT slug FROM practice WHERE status <> "
	                                      "'published' LIMIT 1");
	if (hidden && *hidden) {
		http_get(c, tstr("/praxis/%s/interesse", hidden), &r);
		assert_status(&r, 404);
		resp_free(&r);
	}
	/* Without the token: refused. */
	http_post_form(c, "/praxis/" TR_SLUG "/interesse",
	               interest_form("A", "a@b.example", "O", ""), &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(c);
}

static void
test_honeypot_and_rate_limits(void **state)
{
	struct srv *s = *state;
	struct resp r;
	long reports = srv_sql_long(s, "SELECT count(*) FROM transfer_report");
	long mails = srv_sql_long(s, "SELECT count(*) FROM outbox");
	/* A robot fills the hidden field: told what a person is told, nothing stored or sent. */
	struct client *c = client_new(s);
	send_interest(c, TR_SLUG,
	              interest_form("Bot", "bot@spam.example", "Spam", "&website=http%3A%2F%2Fx"),
	              &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report"), reports);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM outbox"), mails);

	/* A flood from one address: five forms, then 429 (the honeypot's counted too). */
	for (int i = 0; i < 4; i++) {
		send_interest(c, TR_SLUG,
		              interest_form("Flut", "bot@spam.example", tstr("Spam %d", i), ""),
		              &r);
		assert_redirect(&r, "/praxis/" TR_SLUG);
		resp_free(&r);
	}
	send_interest(c, TR_SLUG, interest_form("Flut", "bot@spam.example", "Spam 9", ""), &r);
	assert_status(&r, 429);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE "
	                                 "reporter_email = 'bot@spam.example'"),
	                 4);
	/* And from one network with changing addresses: 20 forms in all from 127.0.0.0/24
	 * (the earlier tests' forms count too). */
	long counted = srv_sql_long(s, "SELECT count(*) FROM login_failure WHERE address = "
	                               "'transfer:127.0.0/24'");
	assert_true(counted >= 5 && counted < 20);
	int accepted = 0;
	for (int i = 0; i < 20; i++) {
		long st = send_interest(
		    c, TR_SLUG,
		    interest_form("Netz", tstr("n%d@spam.example", i), tstr("Netz %d", i), ""), &r);
		resp_free(&r);
		if (st == 429)
			break;
		assert_int_equal(st, 303);
		accepted++;
	}
	assert_int_equal(accepted, 20 - counted);
	client_free(c);
}

static void
test_minimum_fill_time(void **state)
{
	(void)state;
	/* A server with the default: three seconds. */
	unsetenv("LEUCHTTURM_FORM_MIN_SECONDS");
	struct srv *s = calloc(1, sizeof *s);
	assert_int_equal(srv_start(s), 0);
	setenv("LEUCHTTURM_FORM_MIN_SECONDS", "0", 1);
	struct client *c = client_new(s);
	struct resp r;
	long before = srv_sql_long(s, "SELECT count(*) FROM transfer_report");
	send_interest(c, TR_SLUG, interest_form("Schnell", "s@x.example", "Schnell", ""), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-consent-error\"");
	resp_free(&r);
	/* A forged or missing stamp counts as too fast. */
	http_post_csrf(c, "/praxis/" TR_SLUG "/interesse",
	               tstr("%s&started=1.abc", interest_form("S", "s@x.example", "S", "")), &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM transfer_report"), before);
	client_free(c);
	srv_stop(s);
	free(s);
}

static void
test_network_staff_report_from_account(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(login(c, TR_NETWORK_STAFF, DEMO_PASSWORD), 0);
	http_get(c, "/praxis/" TR_SLUG "/interesse", &r);
	assert_status(&r, 200);
	/* No name and e-mail to type: the account's. */
	assert_body_lacks(&r, "name=\"email\"");
	resp_free(&r);
	long contact_before = outbox_to(s, TR_CONTACT);
	http_post_csrf(c, "/praxis/" TR_SLUG "/interesse",
	               "organisation=IQ+Netzwerk+Hessen&kind=landesnetzwerke&bundesland=he&"
	               "stage=preparing&message=Wir+bereiten+vor.&consent=1",
	               &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	long id = report_id(s, "IQ Netzwerk Hessen");
	assert_true(id > 0);
	assert_string_equal(
	    srv_sql_value(
	        s, tstr("SELECT state || ' ' || reporter_email || ' ' || "
	                "CASE WHEN reporter_user_id > 0 THEN 1 ELSE 0 END FROM transfer_report "
	                "WHERE id = %ld",
	                id)),
	    "confirmed " TR_NETWORK_STAFF " 1");
	/* Forwarded at once, and the private link goes to the account's address. */
	char *mail = srv_wait_mail(s, TR_CONTACT, MAIL_WAIT_MS);
	assert_non_null(mail);
	free(mail);
	assert_int_equal(outbox_to(s, TR_CONTACT), contact_before + 1);
	free(manage_link(s, TR_NETWORK_STAFF));
	/* One report per organisation and practice. */
	http_get(c, "/praxis/" TR_SLUG "/interesse", &r);
	resp_free(&r);
	http_post_csrf(c, "/praxis/" TR_SLUG "/interesse",
	               "organisation=iq+netzwerk+hessen&kind=landesnetzwerke&bundesland=he&"
	               "stage=interest&consent=1",
	               &r);
	assert_status(&r, 409);
	assert_body_has(&r, "id=\"f-organisation-error\"");
	resp_free(&r);
	/* The account's own list: the report, its stage and moderation, its name (not public
	 * elsewhere), no one else's reports. */
	http_get(c, "/konto", &r);
	assert_body_has(&r, "href=\"/konto/uebernahmen\"");
	resp_free(&r);
	http_get(c, "/konto/uebernahmen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<td>IQ Netzwerk Hessen</td>");
	assert_body_has(&r, "Übernahme in Vorbereitung");
	assert_body_lacks(&r, "Jobcenter Kassel");
	resp_free(&r);
	client_free(c);

	/* A sub-project's account is no network staff: it gets the public form, and has no
	 * reports of its own. */
	struct client *d = client_new(s);
	assert_int_equal(login(d, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(d, "/praxis/" TR_SLUG "/interesse", &r);
	assert_body_has(&r, "name=\"email\"");
	resp_free(&r);
	http_get(d, "/konto/uebernahmen", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "IQ Netzwerk Hessen");
	resp_free(&r);
	client_free(d);
	/* Fachstelle staff report from their account too. */
	struct client *f = client_new(s);
	assert_int_equal(login(f, "gremium-fachstelle@iq-demo.example", DEMO_PASSWORD), 0);
	http_get(f, "/praxis/" TR_SLUG "/interesse", &r);
	assert_body_lacks(&r, "name=\"email\"");
	resp_free(&r);
	http_post_csrf(f, "/praxis/" TR_SLUG "/interesse",
	               "organisation=IQ+Fachstelle+Einwanderung&kind=fachstellen&bundesland=be&"
	               "stage=interest&consent=1",
	               &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, "SELECT state || ' ' || reporter_email FROM "
	                                     "transfer_report WHERE organisation_name = 'IQ "
	                                     "Fachstelle Einwanderung'"),
	                    "confirmed gremium-fachstelle@iq-demo.example");
	client_free(f);
	/* Nobody logged in: to the login. */
	struct client *anon = client_new(s);
	http_get(anon, "/konto/uebernahmen", &r);
	assert_true(r.status == 303 || r.status == 401 || r.status == 403);
	resp_free(&r);
	client_free(anon);
}

static void
test_private_link(void **state)
{
	struct srv *s = *state;
	char *a = report_confirmed(s, "Anna A", "anna@bildung.example", "Bildungswerk Nord", "");
	char *b = report_confirmed(s, "Ben B", "ben@firma.example", "Firma Süd", "");
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, a, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Bildungswerk Nord");
	assert_body_lacks(&r, "Firma Süd");
	resp_free(&r);
	/* Adopted, with a text and figures: waits for the office again. */
	http_post_csrf(c, a,
	               tstr("organisation=Bildungswerk+Nord&kind=bildungstraeger&bundesland=sh&"
	                    "stage=adopted&report_text=%s&since=2026-03&people_reached=40",
	                    tenc("Wir haben die Beratung auf Pflegeberufe angepasst.")),
	               &r);
	assert_redirect(&r, a);
	resp_free(&r);
	long ida = report_id(s, "Bildungswerk Nord"), idb = report_id(s, "Firma Süd");
	assert_string_equal(srv_sql_value(s, tstr("SELECT stage || ' ' || bundesland || ' ' || "
	                                          "since || ' ' || people_reached || ' ' || "
	                                          "moderation FROM transfer_report WHERE id = %ld",
	                                          ida)),
	                    "adopted sh 2026-03 40 pending");
	/* Bad input changes nothing. */
	http_get(c, a, &r);
	resp_free(&r);
	http_post_csrf(c, a,
	               "organisation=Bildungswerk+Nord&kind=bildungstraeger&bundesland=sh&"
	               "stage=adopted&since=M%C3%A4rz",
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-since-error\"");
	resp_free(&r);
	/* Raw HTML or a control character in the text: told so, nothing changes. */
	const char *before = tstr("%s", srv_sql_value(s, tstr("SELECT report_text || '|' || stage "
	                                                      "|| '|' || updated_at FROM "
	                                                      "transfer_report WHERE id = %ld",
	                                                      ida)));
	http_post_csrf(c, a,
	               tstr("organisation=Bildungswerk+Nord&kind=bildungstraeger&bundesland=sh&"
	                    "stage=interest&report_text=%s",
	                    tenc("<img src=x onerror=alert(1)>")),
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-report_text-error\"");
	resp_free(&r);
	http_get(c, a, &r);
	resp_free(&r);
	http_post_csrf(c, a,
	               "organisation=Bildungswerk%07Nord&kind=bildungstraeger&bundesland=sh&"
	               "stage=interest",
	               &r);
	assert_true(r.status == 400 || r.status == 422);
	resp_free(&r);
	/* Another report's organisation through this link: the link's own report only. */
	http_get(c, a, &r);
	resp_free(&r);
	http_post_csrf(c, a,
	               tstr("organisation=%s&kind=unternehmen&bundesland=by&stage=interest",
	                    tenc("Firma Süd")),
	               &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, tstr("SELECT report_text || '|' || stage || '|' || "
	                                          "updated_at FROM transfer_report WHERE id = %ld",
	                                          ida)),
	                    before);
	/* One report's link reaches that report only: B is as it was. */
	assert_string_equal(srv_sql_value(s, tstr("SELECT stage || ' ' || organisation_name FROM "
	                                          "transfer_report WHERE id = %ld",
	                                          idb)),
	                    "interest Firma Süd");
	/* A made-up link: gone. */
	http_get(c, "/uebernahme/meldung/unbekannt", &r);
	assert_status(&r, 410);
	resp_free(&r);
	/* Withdrawal by the link: the contact data are deleted, the link is dead. */
	http_get(c, b, &r);
	resp_free(&r);
	http_post_csrf(c, tstr("%s/zurueckziehen", b), "", &r);
	assert_redirect(&r, "/transfer");
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT state || '|' || reporter_name || '|' || "
	                          "reporter_email FROM transfer_report WHERE id = %ld",
	                          idb)),
	    "withdrawn||");
	http_get(c, b, &r);
	assert_status(&r, 410);
	resp_free(&r);
	free(a);
	free(b);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_double_opt_in),
	    cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_network_staff_report_from_account),
	    cmocka_unit_test(test_private_link),
	    /* Last on the shared server: it uses up the network's forms. */
	    cmocka_unit_test(test_honeypot_and_rate_limits),
	    cmocka_unit_test(test_minimum_fill_time),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}

/* HTTP integration tests: the legal pages in every footer and the office's editing of them
 * (who may, CSRF, raw HTML refused and escaped), the accessibility feedback form (honeypot,
 * minimum time, rate limit per address, the office told), the readable audit log (words,
 * filters, pages, details, CSV) and the language switch of a logged-in person, with German
 * content marked on English pages. One server for the whole file; the tests run in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define MAIL_WAIT_MS 20000
/* site_feedback.c's FEEDBACK_MIN_SECONDS, and a second for the clock's granularity. */
#define FEEDBACK_WAIT_SECONDS 4

static struct client *
as(struct srv *s, const char *email)
{
	struct client *c = client_new(s);
	assert_int_equal(login(c, email, DEMO_PASSWORD), 0);
	return c;
}

static const char *
impressum_body(struct srv *s)
{
	return srv_sql_value(s, "SELECT body FROM site_page WHERE slug = 'impressum'");
}

/* ---- the legal pages ---- */

static void
test_legal_pages_are_in_every_footer_with_their_defaults(void **state)
{
	struct srv *s = *state;
	struct client *anon = client_new(s), *board = as(s, DEMO_BOARD);
	struct resp r;
	const char *pages[] = {"/", "/praxis", "/anmelden"};
	for (size_t i = 0; i < 3; i++) {
		http_get(anon, pages[i], &r);
		char *footer = str_between(r.body, "<footer", "</footer>");
		assert_non_null(footer);
		assert_non_null(strstr(footer, "href=\"/impressum\">Impressum</a>"));
		assert_non_null(strstr(footer, "href=\"/datenschutz\">Datenschutz</a>"));
		assert_non_null(strstr(footer, "href=\"/barrierefreiheit\">Barrierefreiheit</a>"));
		free(footer);
		resp_free(&r);
	}
	http_get(board, "/gremium", &r);
	assert_body_has(&r, "href=\"/impressum\"");
	resp_free(&r);

	http_get(anon, "/impressum", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Impressum</h1>");
	assert_body_has(&r, "Angaben gemäß § 5 DDG");
	assert_body_has(&r, "[Name der Organisation, die Leuchtturm betreibt]<br>");
	assert_body_has(&r, "aria-current=\"page\"");
	resp_free(&r);
	http_get(anon, "/datenschutz", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Datenschutzerklärung</h1>");
	const char *stored[] = {"Benutzerkonten", "Vorschläge",        "Bewertungen",
	                        "Das Protokoll",  "Server-Protokolle", "Kein Tracking"};
	for (size_t i = 0; i < 6; i++)
		assert_body_has(&r, stored[i]);
	resp_free(&r);
	http_get(anon, "/barrierefreiheit", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Erklärung zur Barrierefreiheit</h1>");
	assert_body_has(&r, "BITV 2.0");
	assert_body_has(&r, "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz");
	assert_body_has(&r, "Mauerstraße 53");
	assert_body_has(&r, "href=\"/barrierefreiheit/feedback\"");
	resp_free(&r);
	client_free(anon);
	client_free(board);
}

static void
test_office_edits_a_legal_page_and_it_is_audited(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(c, "/admin/seiten", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/admin/seiten/datenschutz\"");
	resp_free(&r);
	http_get(c, "/admin/seiten/impressum", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Dies ist noch der vorgegebene Text.");
	assert_body_has(&r, "<textarea");
	assert_body_has(&r, "Angaben gemäß § 5 DDG");
	resp_free(&r);

	http_post_csrf(c, "/admin/seiten/impressum",
	               tstr("body=%s", tenc("## Anbieter\n\nMusterverein e. V.\\\nHafenstraße 1")),
	               &r);
	assert_redirect(&r, "/admin/seiten/impressum");
	resp_free(&r);
	http_get(c, "/admin/seiten/impressum", &r);
	assert_body_has(&r, "Ihre Änderungen wurden gespeichert.");
	assert_body_has(&r, "Zuletzt geändert von Katrin Vogel am ");
	resp_free(&r);
	http_get(c, "/impressum", &r);
	assert_body_has(&r, "<h2>Anbieter</h2>");
	assert_body_has(&r, "Musterverein e. V.<br>");
	assert_body_lacks(&r, "Angaben gemäß § 5 DDG");
	resp_free(&r);

	http_get(c, "/admin/protokoll?aktion=site_page.", &r);
	assert_body_has(&r, "<caption>1 Ereignis</caption>");
	assert_true(html_has(r.body, "Katrin Vogel hat die Seite „"));
	assert_body_has(&r, "href=\"/admin/seiten/impressum\">Impressum</a>");
	assert_body_has(&r, "<code>site_page.update</code>");
	resp_free(&r);
	const char *det =
	    srv_sql_value(s, "SELECT details FROM audit_event WHERE action = 'site_page.update'");
	assert_non_null(strstr(det, "\"sha256\""));
	assert_non_null(strstr(det, "\"length\""));
	client_free(c);
}

static void
test_only_the_office_edits_and_only_with_its_token(void **state)
{
	struct srv *s = *state;
	const char *before = tstr("%s", impressum_body(s));
	const char *form = tstr("body=%s", tenc("Übernommen"));
	const char *roles[] = {DEMO_BOARD, DEMO_SUBMITTER};
	struct resp r;
	for (size_t i = 0; i < 2; i++) {
		struct client *c = as(s, roles[i]);
		http_get(c, "/admin/seiten/impressum", &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(c, "/admin/rueckmeldungen", &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_post_csrf(c, "/admin/seiten/impressum", form, &r);
		assert_status(&r, 403);
		resp_free(&r);
		client_free(c);
	}
	struct client *anon = client_new(s);
	http_get(anon, "/anmelden", &r);
	resp_free(&r);
	http_post_csrf(anon, "/admin/seiten/impressum", form, &r);
	assert_redirect(&r, "/anmelden?next=/start");
	resp_free(&r);
	client_free(anon);

	/* The office without its token, and with someone else's. */
	struct client *c = as(s, DEMO_ADMIN);
	http_post_form(c, "/admin/seiten/impressum", form, &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(c, "/admin/seiten/impressum", tstr("%s&_csrf=%064d", form, 0), &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_string_equal(impressum_body(s), before);
	http_post_csrf(c, "/admin/seiten/gibt-es-nicht", form, &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(c);
}

static void
test_raw_html_is_refused_and_shown_as_text(void **state)
{
	struct srv *s = *state;
	const char *before = tstr("%s", impressum_body(s));
	struct client *c = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(c, "/admin/seiten/impressum", &r);
	resp_free(&r);
	const char *tries[] = {"Hallo <script>alert(1)</script>",
	                       "<div onclick=\"x()\">Block</div>", "Text <!-- versteckt --> mehr",
	                       "<img src=x onerror=alert(2)>"};
	for (size_t i = 0; i < 4; i++) {
		http_post_csrf(c, "/admin/seiten/impressum", tstr("body=%s", tenc(tries[i])), &r);
		assert_status(&r, 422);
		assert_body_has(&r, "Der Text enthält HTML-Tags.");
		assert_body_has(&r, "aria-invalid=\"true\"");
		/* What was typed stays in the field, escaped. */
		assert_true(html_has(r.body, tries[i]));
		resp_free(&r);
		assert_string_equal(impressum_body(s), before);
	}
	/* Markdown's own angle brackets are no HTML: an autolink and a comparison pass. */
	http_post_csrf(c, "/admin/seiten/impressum",
	               tstr("body=%s", tenc("E-Mail: <info@example.org>, 3 < 4")), &r);
	assert_redirect(&r, "/admin/seiten/impressum");
	resp_free(&r);

	/* And HTML that reaches the table some other way is text on the page. */
	srv_sql_exec(s, "UPDATE site_page SET body = 'Vorher <script>alert(1)</script> "
	                "<b onclick=\"x()\">fett</b>' WHERE slug = 'datenschutz'");
	struct client *anon = client_new(s);
	http_get(anon, "/datenschutz", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "<script>alert");
	assert_body_lacks(&r, "<b onclick");
	assert_body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
	resp_free(&r);
	client_free(anon);
	client_free(c);
}

/* ---- the feedback form ---- */

/* The stamp of a form shown at form_shown, used by the later test once it is old enough. */
static time_t form_shown;
static char form_stamp[256];

/* The form's stamp must be FEEDBACK_MIN_SECONDS old: wait until the clock says so. */
static void
wait_for_feedback_time(void)
{
	while (time(NULL) < form_shown + FEEDBACK_WAIT_SECONDS)
		poll(NULL, 0, 100);
}

static const char *
feedback_form(const char *message)
{
	return tstr("name=%s&email=%s&seite=%s&nachricht=%s&website=", tenc("Erika Muster"),
	            tenc("erika@example.org"), tenc("/praxis"), tenc(message));
}

static void
test_feedback_refuses_bots_and_keeps_the_text(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/barrierefreiheit/feedback", &r);
	form_shown = time(NULL);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Barriere melden</h1>");
	assert_body_has(&r, "name=\"website\"");
	assert_body_has(&r, "class=\"hp-field\" aria-hidden=\"true\"");
	assert_body_has(&r, "tabindex=\"-1\"");
	char *stamp = str_between(r.body, "name=\"t\" value=\"", "\"");
	assert_non_null(stamp);
	resp_free(&r);
	snprintf(form_stamp, sizeof form_stamp, "%s", stamp + strlen("name=\"t\" value=\""));
	*strchr(form_stamp, '"') = '\0';
	free(stamp);
	const char *t = form_stamp;

	/* Too quick for a person: refused, the stamp kept so a second try passes. */
	http_post_csrf(c, "/barrierefreiheit/feedback",
	               tstr("%s&t=%s", feedback_form("Der Kontrast ist zu schwach."), tenc(t)), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "schneller, als ein Mensch schreiben kann");
	assert_body_has(&r, "Der Kontrast ist zu schwach.");
	assert_body_has(&r, tstr("value=\"%s\"", t));
	resp_free(&r);
	/* The honeypot filled in. */
	http_post_csrf(
	    c, "/barrierefreiheit/feedback",
	    tstr("%shttp%%3A%%2F%%2Fspam.example&t=%s", feedback_form("Billige Uhren"), tenc(t)),
	    &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Ein Feld, das leer bleiben soll, wurde ausgefüllt");
	resp_free(&r);
	/* A stamp that was not made here. */
	http_post_csrf(c, "/barrierefreiheit/feedback",
	               tstr("%s&t=%s", feedback_form("Gefälscht"), tenc("1.abcdef")), &r);
	assert_status(&r, 400);
	assert_body_has(&r, "Das Formular war zu alt oder konnte nicht geprüft werden");
	assert_body_has(&r, "Gefälscht");
	resp_free(&r);
	/* No message, or a wrong address: messages next to the fields. */
	http_post_csrf(c, "/barrierefreiheit/feedback",
	               tstr("nachricht=&email=kaputt&t=%s", tenc(t)), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "error-summary");
	assert_body_has(&r, "Bitte geben Sie eine gültige E-Mail-Adresse ein.");
	resp_free(&r);
	/* Without the CSRF token. */
	http_post_form(c, "/barrierefreiheit/feedback",
	               tstr("%s&t=%s", feedback_form("Ohne Token"), tenc(t)), &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM site_feedback"), 0);
	client_free(c);
}

static void
test_feedback_reaches_the_office_and_floods_are_limited(void **state)
{
	struct srv *s = *state;
	const char *t = form_stamp;
	assert_true(t[0]);
	wait_for_feedback_time();
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/barrierefreiheit/feedback", &r);
	resp_free(&r);
	http_post_csrf(
	    c, "/barrierefreiheit/feedback",
	    tstr("%s&t=%s", feedback_form("Der Kontrast der Filter ist zu schwach."), tenc(t)), &r);
	assert_redirect(&r, "/barrierefreiheit");
	resp_free(&r);
	http_get(c, "/barrierefreiheit", &r);
	assert_body_has(&r, "Vielen Dank. Ihre Nachricht hat die Koordinierungsstelle erreicht.");
	resp_free(&r);

	/* The office hears of it by e-mail and finds it in its list. */
	char *mail = srv_wait_mail(s, DEMO_ADMIN, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(
	    strstr(mail, "Über das Formular ist eine Rückmeldung zur Barrierefreiheit"));
	assert_non_null(strstr(mail, "Der Kontrast der Filter ist zu schwach."));
	assert_non_null(strstr(mail, "erika@example.org"));
	assert_non_null(strstr(mail, "/admin/rueckmeldungen"));
	free(mail);
	struct client *office = as(s, DEMO_ADMIN);
	http_get(office, "/admin/rueckmeldungen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "1 Rückmeldung ist über das Formular eingegangen.");
	assert_body_has(&r, "Der Kontrast der Filter ist zu schwach.");
	assert_body_has(&r, "href=\"mailto:erika@example.org\"");
	resp_free(&r);
	/* The log records that it came, not what it says (the log keeps it for ever). */
	assert_string_equal(
	    srv_sql_value(s, "SELECT details FROM audit_event WHERE action = 'feedback.receive'"),
	    "{}");
	http_get(office, "/admin/protokoll?aktion=feedback.receive", &r);
	assert_body_has(&r, "Eine Rückmeldung zur Barrierefreiheit ist eingegangen");
	resp_free(&r);

	/* Four more from the same address within the hour are fine, the sixth is not. */
	for (int i = 2; i <= 5; i++) {
		http_get(c, "/barrierefreiheit/feedback", &r);
		resp_free(&r);
		http_post_csrf(c, "/barrierefreiheit/feedback",
		               tstr("%s&t=%s", feedback_form(tstr("Nachricht %d", i)), tenc(t)),
		               &r);
		assert_redirect(&r, "/barrierefreiheit");
		resp_free(&r);
	}
	http_get(c, "/barrierefreiheit/feedback", &r);
	resp_free(&r);
	http_post_csrf(c, "/barrierefreiheit/feedback",
	               tstr("%s&t=%s", feedback_form("Nummer sechs"), tenc(t)), &r);
	assert_status(&r, 429);
	assert_non_null(resp_header(&r, "Retry-After"));
	assert_body_has(&r, "in der letzten Stunde schon mehrere Nachrichten");
	assert_body_has(&r, "Nummer sechs");
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM site_feedback"), 5);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                                 "'feedback.receive'"),
	                 5);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM outbox WHERE body LIKE "
	                                 "'%Nummer sechs%'"),
	                 0);
	/* An hour later the address may write again. */
	srv_sql_exec(s, "UPDATE site_feedback_sender SET at = at - 3601");
	http_get(c, "/barrierefreiheit/feedback", &r);
	resp_free(&r);
	http_post_csrf(c, "/barrierefreiheit/feedback",
	               tstr("%s&t=%s", feedback_form("Nach einer Stunde"), tenc(t)), &r);
	assert_redirect(&r, "/barrierefreiheit");
	resp_free(&r);
	client_free(office);
	client_free(c);
}

/* ---- the audit log ---- */

static void
test_audit_log_speaks_in_sentences_with_filters_and_pages(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(c, "/admin/protokoll", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Katrin Vogel hat sich angemeldet");
	assert_body_has(&r, "<details><summary>Details</summary>");
	assert_body_has(&r, "<time datetime=\"");
	assert_body_has(&r, "Seite 1 von ");
	assert_body_has(&r, "href=\"/admin/protokoll.csv?aktion=&amp;objekt=&amp;person=");
	resp_free(&r);

	/* The demo's formal checks, in words, with the proposal's title linked. */
	http_get(c, "/admin/protokoll?aktion=proposal.formal_check", &r);
	assert_true(html_has(r.body, "hat den Vorschlag „"));
	assert_body_has(&r, "als zulässig markiert");
	assert_body_has(&r, "href=\"/admin/vorschlaege/");
	assert_body_has(&r, "<option value=\"proposal.formal_check\" selected>");
	resp_free(&r);

	/* By person: the office's own events only; the system's. */
	const char *admin = srv_sql_value(
	    s, "SELECT id FROM user_account WHERE email = 'koordination@iq-demo.example'");
	admin = tstr("%s", admin);
	http_get(c, tstr("/admin/protokoll?person=%s", admin), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Katrin Vogel hat");
	assert_body_lacks(&r, "Dr. Jonas Albrecht hat");
	assert_body_has(&r, tstr("<option value=\"%s\" selected>Katrin Vogel</option>", admin));
	long mine =
	    srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE actor_id = %s", admin));
	assert_body_has(&r, tstr("<caption>%ld Ereignisse</caption>", mine));
	resp_free(&r);
	http_get(c, "/admin/protokoll?person=system", &r);
	assert_body_lacks(&r, "Katrin Vogel hat");
	long system = srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE actor_id IS NULL");
	assert_body_has(&r,
	                tstr("<caption>%ld Ereignis%s</caption>", system, system == 1 ? "" : "se"));
	resp_free(&r);

	/* By time span (Berlin days): today holds this login, a day in 2000 nothing. */
	http_get(c, "/admin/protokoll?von=2000-01-01&bis=2000-01-02", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<caption>0 Ereignisse</caption>");
	resp_free(&r);
	http_get(c, "/admin/protokoll?von=2000-01-01&bis=2099-12-31&aktion=session.login", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "<caption>0 Ereignisse</caption>");
	resp_free(&r);
	http_get(c, "/admin/protokoll?von=gestern", &r);
	assert_status(&r, 400);
	assert_body_has(&r, "Bitte geben Sie ein Datum als JJJJ-MM-TT ein");
	/* Shown again as typed, in a text field (a date field may only hold a date). */
	assert_body_has(&r, "<input type=\"text\" id=\"f-von\" name=\"von\" value=\"gestern\"");
	assert_body_has(&r, "<input type=\"date\" id=\"f-bis\" name=\"bis\"");
	assert_body_has(&r, "aria-invalid=\"true\"");
	assert_body_lacks(&r, "<caption>");
	resp_free(&r);
	http_get(c, "/admin/protokoll?von=2026-05-02&bis=2026-05-01", &r);
	assert_status(&r, 400);
	assert_body_has(&r, "Das Ende des Zeitraums liegt vor seinem Anfang.");
	resp_free(&r);

	/* Pages keep the filter. */
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event") > 100);
	http_get(c, "/admin/protokoll?von=2000-01-01&seite=2", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Seite 2 von ");
	assert_body_has(&r, "href=\"/admin/protokoll?aktion=&amp;objekt=&amp;person=&amp;"
	                    "von=2000-01-01&amp;bis=&amp;seite=1\"");
	assert_body_has(&r, "&amp;seite=3\"");
	resp_free(&r);
	client_free(c);
}

static void
test_audit_csv_holds_the_selection(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_ADMIN);
	struct resp r;
	http_get(c, "/admin/protokoll.csv?aktion=session.login", &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "text/csv"));
	assert_non_null(strstr(resp_header(&r, "Content-Disposition"), "attachment"));
	assert_string_equal(resp_header(&r, "Cache-Control"), "private, no-store");
	assert_body_has(&r,
	                "Nr.,Zeit (Berlin),Zeit (UTC),Person,Ereignis,Art,Objekt,Daten,Hash\r\n");
	assert_body_has(&r,
	                ",Katrin Vogel,Katrin Vogel hat sich angemeldet,session.login,session,{},");
	assert_body_lacks(&r, "review.submit");
	/* One line per event, and the header. */
	long want =
	    srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = 'session.login'");
	long lines = 0;
	for (const char *p = r.body; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, want + 1);
	/* Berlin time beside UTC, as the page shows it. */
	const char *seq = srv_sql_value(
	    s,
	    "SELECT seq FROM audit_event WHERE action = 'session.login' ORDER BY seq DESC LIMIT 1");
	assert_body_has(&r, tstr("\r\n%s,", seq));
	resp_free(&r);

	http_get(c, "/admin/protokoll.csv?von=kaputt", &r);
	assert_status(&r, 400);
	resp_free(&r);
	http_get(c, "/admin/protokoll.csv", &r);
	assert_status(&r, 200);
	long all = 0;
	for (const char *p = r.body; (p = strstr(p, "\r\n")); p += 2)
		all++;
	assert_int_equal(all, srv_sql_long(s, "SELECT count(*) FROM audit_event") + 1);
	resp_free(&r);
	client_free(c);
	c = as(s, DEMO_BOARD);
	http_get(c, "/admin/protokoll.csv", &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(c);
}

/* ---- language ---- */

static void
test_the_footer_switch_changes_a_logged_in_account(void **state)
{
	struct srv *s = *state;
	struct client *c = as(s, DEMO_SUBMITTER);
	struct resp r;
	http_get(c, "/start", &r);
	assert_body_has(&r, "<html lang=\"de\">");
	char *footer = str_between(r.body, "<footer", "</footer>");
	assert_non_null(strstr(footer, "action=\"/sprache\""));
	assert_non_null(strstr(footer, "name=\"lang\" value=\"en\""));
	assert_non_null(strstr(footer, "name=\"next\" value=\"/start\""));
	assert_null(strstr(footer, "/sprache/en"));
	free(footer);
	resp_free(&r);

	/* Without the token nothing changes. */
	http_post_form(c, "/sprache", "lang=en&next=%2Fstart", &r);
	assert_status(&r, 403);
	resp_free(&r);
	const char *locale =
	    "SELECT locale FROM user_account WHERE email = 'projekt@iq-demo.example'";
	assert_string_equal(srv_sql_value(s, locale), "de");

	http_get(c, "/start", &r);
	resp_free(&r);
	http_post_csrf(c, "/sprache", "lang=en&next=%2Fstart", &r);
	assert_redirect(&r, "/start");
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, locale), "en");
	http_get(c, "/start", &r);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "name=\"lang\" value=\"de\"");
	resp_free(&r);
	/* It follows the account: a new login in another browser is English too. */
	struct client *other = as(s, DEMO_SUBMITTER);
	http_get(other, "/start", &r);
	assert_body_has(&r, "<html lang=\"en\">");
	resp_free(&r);
	client_free(other);
	assert_true(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action = "
	                            "'user.profile' AND details LIKE '%\"locale\":\"en\"%'") >= 1);

	/* An old link asks before it changes the account; a GET changes nothing. */
	http_get(c, "/sprache/de?next=/start", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "action=\"/sprache\"");
	assert_body_has(&r, "Language of your account");
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, locale), "en");
	/* An address elsewhere is no place to go back to; a language that is none is refused. */
	http_post_csrf(c, "/sprache", "lang=de&next=https%3A%2F%2Fevil.example%2F", &r);
	assert_redirect(&r, "/");
	resp_free(&r);
	http_get(c, "/start", &r);
	resp_free(&r);
	http_post_csrf(c, "/sprache", "lang=fr&next=%2Fstart", &r);
	assert_status(&r, 400);
	resp_free(&r);
	assert_string_equal(srv_sql_value(s, locale), "de");
	client_free(c);
}

static void
test_english_pages_mark_german_content(void **state)
{
	struct srv *s = *state;
	/* A term without an English name, on a published practice. */
	const char *slug = tstr("%s", srv_sql_value(s, "SELECT slug FROM practice WHERE status = "
	                                               "'published' ORDER BY id LIMIT 1"));
	const char *term = tstr(
	    "%s", srv_sql_value(s, tstr("SELECT t.label_de FROM taxonomy_term t JOIN practice_term "
	                                "pt ON pt.term_id = t.id JOIN practice p ON p.id = "
	                                "pt.practice_id WHERE p.slug = '%s' AND t.kind = "
	                                "'zielgruppe' ORDER BY t.id LIMIT 1",
	                                slug)));
	srv_sql_exec(s, tstr("UPDATE taxonomy_term SET label_en = '' WHERE label_de = '%s'", term));
	srv_sql_exec(s, "UPDATE catalog_state SET generation = generation + 1");

	struct client *en = client_new(s), *de = client_new(s);
	client_set_cookie(en, "lt_lang", "en");
	struct resp r;
	http_get(en, tstr("/praxis/%s", slug), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, "<h1 lang=\"de\">");
	assert_body_has(&r, "<p class=\"lead\" lang=\"de\">");
	assert_body_has(&r, "<div lang=\"de\">");
	assert_body_has(&r, tstr("<span lang=\"de\">%s</span>", term));
	resp_free(&r);
	http_get(de, tstr("/praxis/%s", slug), &r);
	assert_body_has(&r, "<html lang=\"de\">");
	assert_body_lacks(&r, "<div lang=\"de\">");
	assert_body_lacks(&r, "<h1 lang=\"de\">");
	resp_free(&r);
	http_get(en, "/praxis", &r);
	assert_body_has(&r, "<h3 class=\"card-title\"><a href=\"/praxis/");
	assert_body_has(&r, "\" lang=\"de\">");
	resp_free(&r);
	http_get(en, "/barrierefreiheit", &r);
	assert_body_has(&r, "<h1>Accessibility statement</h1>");
	assert_body_has(&r, "<div class=\"prose legal\" lang=\"de\">");
	resp_free(&r);
	http_get(de, "/barrierefreiheit", &r);
	assert_body_has(&r, "<div class=\"prose legal\">");
	resp_free(&r);
	client_free(de);
	client_free(en);

	/* The office's log in English: the proposal's title is German. */
	struct client *office = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	http_get(office, "/admin/protokoll?aktion=proposal.formal_check", &r);
	assert_body_has(&r, "<html lang=\"en\">");
	assert_body_has(&r, " marked the proposal “<a href=\"/admin/vorschlaege/");
	assert_body_has(&r, "\" lang=\"de\">");
	resp_free(&r);
	/* And a proposal's texts on the office's page. */
	long p = srv_first_proposal(s, "eligible");
	http_get(office, tstr("/admin/vorschlaege/%ld", p), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<div class=\"prose\" lang=\"de\">");
	resp_free(&r);
	client_free(office);

	/* The sub-project's own proposal: its title (the page's heading) and its texts. */
	struct client *sub = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long own =
	    srv_sql_long(s, "SELECT p.id FROM proposal p JOIN user_account u ON "
	                    "u.organisation_id = p.organisation_id WHERE u.email = "
	                    "'projekt@iq-demo.example' AND p.title <> '' ORDER BY p.id LIMIT 1");
	const char *title =
	    tstr("%s", srv_sql_value(s, tstr("SELECT title FROM proposal WHERE id = "
	                                     "%ld",
	                                     own)));
	http_get(sub, tstr("/vorschlag/%ld", own), &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, title));
	assert_body_has(&r, "<h1 lang=\"de\">");
	assert_body_has(&r, "<div lang=\"de\">");
	resp_free(&r);
	client_free(sub);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_legal_pages_are_in_every_footer_with_their_defaults),
	    cmocka_unit_test(test_feedback_refuses_bots_and_keeps_the_text),
	    cmocka_unit_test(test_office_edits_a_legal_page_and_it_is_audited),
	    cmocka_unit_test(test_only_the_office_edits_and_only_with_its_token),
	    cmocka_unit_test(test_raw_html_is_refused_and_shown_as_text),
	    cmocka_unit_test(test_audit_log_speaks_in_sentences_with_filters_and_pages),
	    cmocka_unit_test(test_audit_csv_holds_the_selection),
	    cmocka_unit_test(test_feedback_reaches_the_office_and_floods_are_limited),
	    cmocka_unit_test(test_the_footer_switch_changes_a_logged_in_account),
	    cmocka_unit_test(test_english_pages_mark_german_content),
	};
	return cmocka_run_group_tests(tests, srv_setup, srv_teardown);
}

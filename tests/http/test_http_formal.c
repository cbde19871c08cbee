/* HTTP integration tests for the coordination office's side of the proposals: the list of
 * a call's proposals with its filters and counts, the formal check and its outcomes, the
 * question thread, and the comparison of submitted versions. Works on the demo data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAIL_WAIT_MS 60000

/* The demo's proposals, by state. */
#define T_SUBMITTED "Praxisanleitung im Tandem"
#define T_RESUBMITTED "Kompetenzcheck im Betrieb"
#define T_ELIGIBLE "Anerkennungslotsinnen und -lotsen in Jobcentern"
#define T_INELIGIBLE "IT-Brückenkurs mit Praxisphase"
#define T_RETURNED "Anerkennungsberatung per Videosprechstunde"
#define T_DRAFT "Checkliste Berufsanerkennung"
#define T_WITHDRAWN "Sprachcoaching per App"

static char *
state_of(struct srv *s, long id)
{
	return srv_sql_text(s, tstr("SELECT state FROM proposal WHERE id = %ld", id));
}

/* The checklist form with a verdict for every gate of the proposal's call. */
static const char *
checklist(struct srv *s, long id, const char *verdict, long wrong_gate)
{
	char *ids =
	    srv_sql_text(s, tstr("SELECT group_concat(g.id, ' ') FROM (SELECT g.id FROM gate g "
	                         "JOIN proposal p ON p.call_id = g.call_id WHERE p.id = %ld "
	                         "ORDER BY g.position) g",
	                         id));
	const char *form = "";
	long gate;
	int used, i = 1;
	for (const char *p = ids; sscanf(p, "%ld%n", &gate, &used) == 1; p += used, i++)
		form = tstr("%s%sgate_id_%d=%ld&gate_%d=%s&note_%d=%s", form, *form ? "&" : "", i,
		            i == 1 && wrong_gate ? wrong_gate : gate, i, verdict, i,
		            tenc(tstr("Geprüft (%d)", i)));
	free(ids);
	return form;
}

static long
post_on(struct client *c, long id, const char *action, const char *form, struct resp *r)
{
	struct resp p;
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &p);
	resp_free(&p);
	return http_post_csrf(c, tstr("/admin/vorschlaege/%ld/%s", id, action), form, r);
}

/* ---- the list ---- */

static void
test_list_counts_and_filters(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = srv_first_call(s, "open");
	const char *base = tstr("/admin/ausschreibungen/%ld/vorschlaege", call);
	struct resp r;
	assert_int_equal(http_get(c, base, &r), 200);
	const char *counts[] = {"Draft: 1",       "Submitted: 1", "Returned for revision: 1",
	                        "Resubmitted: 1", "Eligible: 1",  "Not eligible: 1",
	                        "Withdrawn: 1"};
	for (size_t i = 0; i < 7; i++)
		assert_body_has(&r, counts[i]);
	assert_body_has(&r, tstr("href=\"%s?status=eligible\"", base));
	/* Drafts only on request. */
	assert_body_has(&r, T_SUBMITTED);
	assert_body_has(&r, T_WITHDRAWN);
	assert_body_lacks(&r, T_DRAFT);
	assert_body_has(&r, "6 proposals");
	resp_free(&r);

	http_get(c, tstr("%s?status=draft", base), &r);
	assert_body_has(&r, T_DRAFT);
	assert_body_has(&r, "1 proposal<");
	resp_free(&r);
	http_get(c, tstr("%s?status=eligible", base), &r);
	assert_body_has(&r, T_ELIGIBLE);
	assert_body_lacks(&r, T_SUBMITTED);
	assert_body_has(&r, "<option value=\"eligible\" selected>");
	resp_free(&r);

	/* Network: the sub-project in Bayern hangs under the Bavarian network. */
	long bayern =
	    srv_sql_long(s, "SELECT id FROM organisation WHERE name = 'IQ Netzwerk Bayern'");
	http_get(c, tstr("%s?netzwerk=%ld", base, bayern), &r);
	assert_body_has(&r, T_SUBMITTED);
	assert_body_lacks(&r, T_ELIGIBLE);
	assert_body_has(&r, "1 proposal<");
	resp_free(&r);

	/* Art and Handlungsfeld, alone and together with the state. */
	long konzept = srv_sql_long(s, "SELECT id FROM taxonomy_term WHERE key = 'konzept'");
	http_get(c, tstr("%s?art=%ld", base, konzept), &r);
	assert_body_has(&r, T_SUBMITTED);
	assert_body_has(&r, T_ELIGIBLE);
	assert_body_lacks(&r, T_RESUBMITTED);
	assert_body_has(&r, "2 proposals");
	resp_free(&r);
	long arbeitsverwaltung =
	    srv_sql_long(s, "SELECT id FROM taxonomy_term WHERE key = 'arbeitsverwaltung'");
	http_get(c, tstr("%s?handlungsfeld=%ld&art=%ld", base, arbeitsverwaltung, konzept), &r);
	assert_body_has(&r, T_ELIGIBLE);
	assert_body_has(&r, "1 proposal<");
	resp_free(&r);
	http_get(c, tstr("%s?handlungsfeld=%ld&status=submitted", base, arbeitsverwaltung), &r);
	assert_body_has(&r, "No proposal matches these filters.");
	resp_free(&r);

	/* An old or mangled bookmark shows everything rather than failing. */
	http_get(c, tstr("%s?status=erledigt&netzwerk=abc&art=-3", base), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "6 proposals");
	resp_free(&r);
	/* The rows lead to the office's view. */
	http_get(c, base, &r);
	assert_body_has(
	    &r, tstr("href=\"/admin/vorschlaege/%ld\"", srv_first_proposal(s, "submitted")));
	resp_free(&r);
	client_free(c);
}

/* ---- one proposal ---- */

static void
test_office_view_shows_everything_read_only(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "submitted");
	struct resp r;
	assert_int_equal(http_get(c, tstr("/admin/vorschlaege/%ld", id), &r), 200);
	assert_body_has(&r, T_SUBMITTED);
	assert_body_has(&r, "Brückenqualifizierung Pflege München");
	assert_body_has(&r, "IQ Netzwerk Bayern");
	const char *sections[] = {"Situation and challenge",
	                          "Implementation",
	                          "Results and impact",
	                          "Experience",
	                          "Transfer",
	                          "Self-assessment",
	                          "Contact and links"};
	for (size_t i = 0; i < 7; i++)
		assert_body_has(&r, tstr("<h3>%s</h3>", sections[i]));
	assert_body_has(&r, "52 die Kenntnisprüfung im ersten Anlauf");
	assert_body_has(&r, "Qualification under the Recognition Act"); /* the terms, in English */
	assert_body_has(&r, "Health and care professionals");
	assert_body_has(&r, "Concept");
	/* Markdown is rendered, and nothing of the office's check is missing. */
	assert_body_has(&r, "id=\"pruefung\"");
	assert_body_has(&r, "Tested in practice");
	assert_body_has(&r, "Record the result");
	resp_free(&r);
	client_free(c);
}

static void
test_eligible_needs_every_gate_met(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "submitted");
	struct resp r;
	char *st;

	/* Nothing recorded yet: eligible is refused at the outcome. */
	post_on(c, id, "entscheidung", "outcome=eligible", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-outcome\"");
	assert_body_has(&r, "every point of the formal check is met");
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "submitted");
	free(st);

	/* A checklist with a gate of another call is refused and writes nothing. */
	long foreign =
	    srv_sql_long(s, tstr("SELECT min(id) FROM gate WHERE call_id != (SELECT call_id "
	                         "FROM proposal WHERE id = %ld)",
	                         id));
	post_on(c, id, "pruefung", checklist(s, id, "met", foreign), &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM gate_check WHERE proposal_id = %ld", id)),
	    0);

	/* Every gate met, with notes: saved and audited. */
	post_on(c, id, "pruefung", checklist(s, id, "met", 0), &r);
	assert_redirect(&r, tstr("/admin/vorschlaege/%ld#pruefung", id));
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM gate_check WHERE proposal_id = %ld "
	                         "AND passed = 1 AND note LIKE 'Geprüft%%'",
	                         id)),
	    4);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = "
	                                      "'proposal:%ld' AND action = 'proposal.gate_check'",
	                                      id)),
	                 1);
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &r);
	assert_body_has(&r, "The checklist has been saved.");
	assert_body_has(&r, "Geprüft (3)");
	assert_body_has(&r, "Last recorded by " DEMO_ADMIN_NAME);
	resp_free(&r);

	post_on(c, id, "entscheidung", "outcome=eligible", &r);
	assert_redirect(&r, tstr("/admin/vorschlaege/%ld", id));
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "eligible");
	free(st);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = "
	                                      "'proposal:%ld' AND action = 'proposal.formal_check'",
	                                      id)),
	                 1);

	/* Decided: the check is closed, shown read-only, and a second outcome is refused. */
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &r);
	assert_body_has(&r, "The formal check is complete.");
	assert_body_lacks(&r, "/pruefung\"");
	resp_free(&r);
	post_on(c, id, "entscheidung", tstr("outcome=ineligible&reason=%s", tenc("Doch nicht.")),
	        &r);
	assert_status(&r, 409);
	resp_free(&r);
	post_on(c, id, "pruefung", checklist(s, id, "not_met", 0), &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "eligible");
	free(st);
	client_free(c);
}

static void
test_ineligible_needs_a_reason(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "resubmitted");
	struct resp r;
	char *st;
	post_on(c, id, "entscheidung", "outcome=ineligible&reason=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-reason\"");
	assert_body_has(&r, "Please give the reason why the proposal is not eligible.");
	resp_free(&r);
	post_on(c, id, "entscheidung", "outcome=vielleicht&reason=x", &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "resubmitted");
	free(st);

	const char *reason = "Der Erfolg ist nicht belegt <b>ohne</b> Zahlen.";
	post_on(c, id, "entscheidung", tstr("outcome=ineligible&reason=%s", tenc(reason)), &r);
	assert_redirect(&r, tstr("/admin/vorschlaege/%ld", id));
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "ineligible");
	free(st);
	char *stored =
	    srv_sql_text(s, tstr("SELECT state_reason FROM proposal WHERE id = %ld", id));
	assert_string_equal(stored, reason);
	free(stored);
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &r);
	assert_body_has(&r, "The proposal has been found not eligible.");
	assert_body_has(&r, "nicht belegt &lt;b&gt;ohne&lt;/b&gt; Zahlen.");
	resp_free(&r);
	client_free(c);
}

static void
test_return_with_message_appears_in_the_thread(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "submitted");
	struct resp r;
	char *st;
	post_on(c, id, "entscheidung", "outcome=returned", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "Please write the message to the sub-project");
	resp_free(&r);

	const char *msg = "Bitte ergänzen Sie den Lernplan als Anhang.";
	post_on(c, id, "entscheidung", tstr("outcome=returned&reason=%s", tenc(msg)), &r);
	assert_redirect(&r, tstr("/admin/vorschlaege/%ld", id));
	resp_free(&r);
	assert_string_equal(st = state_of(s, id), "returned");
	free(st);
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &r);
	char *thread = str_between(r.body, "id=\"rueckfrage\"", "</section>");
	assert_non_null(thread);
	assert_non_null(strstr(thread, msg));
	assert_non_null(strstr(thread, DEMO_ADMIN_NAME));
	free(thread);
	assert_body_has(&r, "The check continues when the sub-project submits it again.");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM proposal_message WHERE proposal_id "
	                         "= %ld AND from_office = 1 AND body = '%s'",
	                         id, msg)),
	    1);
	/* The sub-project hears of it. */
	char *mail = srv_wait_mail(s, "m.huber@iq-demo.example", MAIL_WAIT_MS);
	assert_non_null(mail);
	free(mail);
	client_free(c);
}

static void
test_office_message(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "returned"); /* the demo submitter's own proposal */
	struct resp r;
	post_on(c, id, "rueckfrage", "body=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-body\"");
	resp_free(&r);
	const char *msg = "Reicht Ihnen eine Woche für die Ergänzung?";
	post_on(c, id, "rueckfrage", tstr("body=%s", tenc(msg)), &r);
	assert_redirect(&r, tstr("/admin/vorschlaege/%ld#rueckfrage", id));
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	free(mail);
	http_get(c, tstr("/admin/vorschlaege/%ld", id), &r);
	assert_body_has(&r, "Your message has been sent.");
	assert_body_has(&r, "Reicht Ihnen eine Woche");
	assert_body_has(&r, "belastbare Zahlen"); /* the earlier return message */
	resp_free(&r);
	/* The submitter reads it on their own page. */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, tstr("/vorschlag/%ld", id), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Reicht Ihnen eine Woche");
	resp_free(&r);
	client_free(sub);
	client_free(c);
}

/* ---- versions ---- */

static void
test_compare_versions_side_by_side(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long id = srv_first_proposal(s, "resubmitted");
	struct resp r;
	assert_int_equal(http_get(c, tstr("/admin/vorschlaege/%ld", id), &r), 200);
	assert_body_has(&r, tstr("href=\"/admin/vorschlaege/%ld/vergleich?a=1&amp;b=2\"", id));
	/* The sub-project's answer is in the thread too. */
	assert_body_has(&r, "wir haben die Zahlen aus unserer Dokumentation ergänzt");
	resp_free(&r);

	assert_int_equal(http_get(c, tstr("/admin/vorschlaege/%ld/vergleich?a=1&b=2", id), &r),
	                 200);
	assert_body_has(&r, "Changes from version 1 to version 2");
	char *table = str_between(r.body, "<table", "</table>");
	assert_non_null(table);
	assert_non_null(strstr(table, "Results and impact"));
	assert_non_null(strstr(table, "Viele Teilnehmende haben so eine volle Anerkennung"));
	assert_non_null(strstr(table, "118 Kompetenzchecks in 37 Betrieben"));
	/* Old left, new right. */
	assert_true(strstr(table, "Viele Teilnehmende") < strstr(table, "118 Kompetenzchecks"));
	/* Unchanged fields are left out. */
	assert_null(strstr(table, "Situation and challenge"));
	assert_null(strstr(table, "Wer seine Berufserfahrung"));
	free(table);
	assert_body_has(&r, "1 changed field");
	assert_body_has(&r, "fields are unchanged and not shown.");
	resp_free(&r);

	/* Without numbers: the last two. */
	http_get(c, tstr("/admin/vorschlaege/%ld/vergleich", id), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Changes from version 1 to version 2");
	resp_free(&r);
	http_get(c, tstr("/admin/vorschlaege/%ld/vergleich?a=1&b=7", id), &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* A proposal with one version has nothing to compare. */
	http_get(c, tstr("/admin/vorschlaege/%ld/vergleich", srv_first_proposal(s, "submitted")),
	         &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_list_counts_and_filters),
	    T(test_office_view_shows_everything_read_only),
	    T(test_eligible_needs_every_gate_met),
	    T(test_ineligible_needs_a_reason),
	    T(test_return_with_message_appears_in_the_thread),
	    T(test_office_message),
	    T(test_compare_versions_side_by_side),
	};
#undef T
	return cmocka_run_group_tests_name("http_formal", tests, NULL, NULL);
}

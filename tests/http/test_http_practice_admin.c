/* HTTP integration tests of the office's practice administration, /admin/praxis: who may
 * use it (anonymous, sub-project, board: no), creating, checking, editing, previewing,
 * publishing, unpublishing and archiving with their audit events, the address that stays
 * once published, and a practice made from a selected proposal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static long
post(struct client *c, const char *path, const char *form, struct resp *r)
{
	return http_post_csrf(c, path, form, r);
}

/* What publishing asks beyond the form of a draft: a target group and an addressee (the
 * tests give a field of action and a federal state), the four criteria texts and the
 * contact person. */
static const char *
publish_extra(struct srv *s)
{
	return tstr("&term=%s&term=%s&criterion_transferable=T&criterion_innovative=I"
	            "&criterion_sustainable=S&criterion_efficient=E&contact_name=%s",
	            srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = 'zielgruppe' "
	                             "ORDER BY id LIMIT 1"),
	            srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = 'adressat' "
	                             "ORDER BY id LIMIT 1"),
	            tenc("Eva Beispiel"));
}

static void
test_access(void **state)
{
	struct srv *s = *state;
	struct client *anon = client_new(s);
	struct resp r;
	assert_int_equal(http_get(anon, "/admin/praxis", &r), 303);
	assert_location(&r, "/anmelden?next=/admin/praxis");
	resp_free(&r);
	assert_int_equal(http_get(anon, "/admin/praxis/1/vorschau", &r), 303);
	resp_free(&r);
	/* A form without a session goes to the login, whatever it carries. */
	assert_int_equal(http_post_form(anon, "/admin/praxis/1/veroeffentlichen", "", &r), 303);
	assert_location(&r, "/anmelden?next=/start");
	resp_free(&r);
	client_free(anon);

	const char *const others[] = {DEMO_SUBMITTER, DEMO_BOARD};
	for (size_t i = 0; i < 2; i++) {
		struct client *c = client_new(s);
		assert_int_equal(login(c, others[i], DEMO_PASSWORD), 0);
		static const char *const pages[] = {"/admin/praxis", "/admin/praxis/neu",
		                                    "/admin/praxis/1", "/admin/praxis/1/vorschau"};
		for (size_t j = 0; j < 4; j++) {
			assert_int_equal(http_get(c, pages[j], &r), 403);
			resp_free(&r);
		}
		/* With a valid token of their own session, still no. */
		assert_int_equal(http_get(c, "/konto", &r), 200);
		resp_free(&r);
		static const char *const forms[] = {"/admin/praxis/1/veroeffentlichen",
		                                    "/admin/praxis/1/zurueckziehen",
		                                    "/admin/praxis/1/archivieren",
		                                    "/admin/praxis/1",
		                                    "/admin/praxis/neu",
		                                    "/admin/praxis/aus-vorschlag"};
		for (size_t j = 0; j < 6; j++) {
			assert_int_equal(post(c, forms[j], "title=x", &r), 403);
			resp_free(&r);
		}
		client_free(c);
	}
	/* Nothing changed. */
	assert_string_equal(srv_sql_value(s, "SELECT count(*) FROM audit_event WHERE action LIKE "
	                                     "'practice.%' AND action <> 'practice.import'"),
	                    "0");
}

/* The id in a Location "/admin/praxis/N". */
static long
location_id(struct resp *r)
{
	const char *loc = resp_header(r, "Location");
	assert_non_null(loc);
	assert_true(strncmp(loc, "/admin/praxis/", 14) == 0);
	return strtol(loc + 14, NULL, 10);
}

static void
test_publication_flow(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	assert_body_has(&r, "href=\"/admin/praxis/neu\"");
	assert_body_has(&r, "Anerkennungsberatung im Betrieb"); /* the demo's */
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis/neu", &r), 200);
	assert_body_has(&r, "name=\"situation\"");
	assert_body_has(&r, "name=\"criterion_efficient\"");
	assert_body_has(&r, "name=\"term\"");
	resp_free(&r);

	/* Problems come back as a form with messages. */
	assert_int_equal(post(c, "/admin/praxis/neu", "title=", &r), 422);
	assert_body_has(&r, "error-summary");
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis/neu", &r), 200);
	resp_free(&r);
	assert_int_equal(
	    post(c, "/admin/praxis/neu",
	         tstr("title=Lernbegleitung&links=%s&term=999999", tenc("javascript:alert(1)")),
	         &r),
	    422);
	assert_body_has(&r, "href=\"#f-links\"");
	assert_body_has(&r, "href=\"#f-term\"");
	assert_body_has(&r, "Lernbegleitung"); /* what was typed stays */
	resp_free(&r);

	/* A draft needs only a title. */
	assert_int_equal(http_get(c, "/admin/praxis/neu", &r), 200);
	resp_free(&r);
	assert_int_equal(post(c, "/admin/praxis/neu",
	                      tstr("title=%s", tenc("Lernbegleitung für Ärztinnen")), &r),
	                 303);
	long id = location_id(&r);
	resp_free(&r);
	const char *base = tstr("/admin/praxis/%ld", id);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT slug || ' ' || status FROM practice WHERE id = %ld", id)),
	    "lernbegleitung-fuer-aerztinnen unpublished");
	struct client *web = client_new(s);
	assert_int_equal(http_get(web, "/praxis/lernbegleitung-fuer-aerztinnen", &r), 404);
	resp_free(&r);

	/* Publishing an incomplete practice is refused with the reason. */
	assert_int_equal(http_get(c, base, &r), 200);
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/veroeffentlichen", base), "", &r), 303);
	assert_location(&r, base);
	resp_free(&r);
	assert_int_equal(http_get(c, base, &r), 200);
	assert_body_has(&r, "notice-error");
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT status FROM practice WHERE id = %ld", id)),
	    "unpublished");

	/* Complete it, with terms. */
	const char *art =
	    srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = 'art' AND key = 'konzept'");
	const char *hf = srv_sql_value(
	    s, "SELECT id FROM taxonomy_term WHERE kind = 'handlungsfeld' AND key = 'deutsch'");
	const char *bl = srv_sql_value(
	    s, "SELECT id FROM taxonomy_term WHERE kind = 'bundesland' AND key = 'be'");
	/* Publishing needs a term of each kind, the criteria texts and the contact too. */
	const char *form =
	    tstr("title=%s&teaser=%s&art=%s&organisation_name=%s&organisation_kind=teilprojekt"
	         "&situation=%s&implementation=%s&results=%s&transfer=%s&term=%s&term=%s"
	         "&links=%s&contact_email=%s%s",
	         tenc("Lernbegleitung für Ärztinnen"),
	         tenc("Ärztinnen lernen gemeinsam für die Fachsprachprüfung."), art,
	         tenc("IQ Netzwerk Berlin"), tenc("Lange Wartezeiten."), tenc("Lerngruppen."),
	         tenc("Alle bestanden."), tenc("Leicht übertragbar."), hf, bl,
	         tenc("https://example.org/lernbegleitung Projektseite"),
	         tenc("kontakt@example.org"), publish_extra(s));
	assert_int_equal(http_get(c, base, &r), 200);
	resp_free(&r);
	assert_int_equal(post(c, base, form, &r), 303);
	assert_location(&r, base);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("%s/vorschau", base), &r), 200);
	assert_body_has(&r, "Lerngruppen.");
	assert_body_has(&r, ">Projektseite</a>");
	resp_free(&r);
	assert_int_equal(http_get(c, base, &r), 200);
	assert_body_has(&r, tstr("id=\"f-term-%s\" name=\"term\" value=\"%s\" checked", hf, hf));
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/veroeffentlichen", base), "", &r), 303);
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis/lernbegleitung-fuer-aerztinnen", &r), 200);
	assert_body_has(&r, "Lernbegleitung für Ärztinnen");
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis?feld=deutsch&land=be", &r), 200);
	assert_body_has(&r, "/praxis/lernbegleitung-fuer-aerztinnen\"");
	resp_free(&r);

	/* Once published, the address stays and the practice stays complete. */
	assert_int_equal(http_get(c, base, &r), 200);
	assert_body_lacks(&r, "name=\"slug\"");
	resp_free(&r);
	assert_int_equal(post(c, base, tstr("%s&slug=anders", form), &r), 422);
	resp_free(&r);
	assert_int_equal(http_get(c, base, &r), 200);
	resp_free(&r);
	assert_int_equal(post(c, base, tstr("title=%s", tenc("Nur ein Titel")), &r), 422);
	assert_body_has(&r, "href=\"#f-situation\"");
	resp_free(&r);

	/* Unpublish, archive, publish again: each visible to the public at once. */
	assert_int_equal(http_get(c, base, &r), 200);
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/zurueckziehen", base), "", &r), 303);
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis/lernbegleitung-fuer-aerztinnen", &r), 404);
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/zurueckziehen", base), "", &r), 303); /* again: refused */
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/archivieren", base), "", &r), 303);
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis?q=Lernbegleitung", &r), 200);
	assert_body_lacks(&r, "/praxis/lernbegleitung-fuer-aerztinnen\"");
	resp_free(&r);
	assert_int_equal(post(c, tstr("%s/veroeffentlichen", base), "", &r), 303);
	resp_free(&r);
	assert_int_equal(http_get(web, "/praxis/lernbegleitung-fuer-aerztinnen", &r), 200);
	resp_free(&r);

	/* The audit trail. */
	const char *obj = tstr("'practice:%ld'", id);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT group_concat(action, ' ') FROM (SELECT action "
	                          "FROM audit_event WHERE object = %s ORDER BY seq) q",
	                          obj)),
	    "practice.create practice.update practice.publish practice.unpublish "
	    "practice.archive practice.publish");
	assert_int_equal(http_get(c, "/admin/protokoll", &r), 200);
	assert_body_has(&r, "practice.publish");
	resp_free(&r);
	/* Unknown practices and bad ids. */
	assert_int_equal(http_get(c, "/admin/praxis/999999", &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis/abc", &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis?status=unsinn", &r), 400);
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis?status=published", &r), 200);
	assert_body_has(&r, "Lernbegleitung für Ärztinnen");
	resp_free(&r);
	client_free(web);
	client_free(c);
}

static void
test_from_proposal(void **state)
{
	struct srv *s = *state;
	/* The decision flow comes later: a proposal is made 'selected' by hand here. */
	const char *pid = srv_sql_value(s, "SELECT min(id) FROM proposal");
	const char *other = srv_sql_value(s, "SELECT max(id) FROM proposal");
	assert_true(strcmp(pid, other) != 0);
	char *out = NULL;
	assert_int_equal(
	    srv_sql(s, tstr("UPDATE proposal SET state = 'selected' WHERE id = %s", pid), &out), 0);
	free(out);
	const char *title = srv_sql_value(s, tstr("SELECT title FROM proposal WHERE id = %s", pid));

	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	assert_body_has(&r, tstr("<option value=\"%s\"", pid));
	resp_free(&r);
	/* Not selected: refused with the reason. */
	assert_int_equal(post(c, "/admin/praxis/aus-vorschlag", tstr("proposal=%s", other), &r),
	                 303);
	assert_location(&r, "/admin/praxis");
	resp_free(&r);
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	assert_body_has(&r, "notice-error");
	resp_free(&r);
	assert_int_equal(post(c, "/admin/praxis/aus-vorschlag", tstr("proposal=%s", pid), &r), 303);
	long id = location_id(&r);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	assert_true(html_has(r.body, title));
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(
	        s, tstr("SELECT proposal_id || ' ' || status FROM practice WHERE id = %ld", id)),
	    tstr("%s unpublished", pid));
	/* Completed by the office, publishing it completes the proposal's way: selected →
	 * published. */
	assert_int_equal(
	    post(c, tstr("/admin/praxis/%ld", id),
	         tstr("title=%s&teaser=T&art=%s&organisation_name=O&organisation_kind=teilprojekt"
	              "&situation=S&implementation=I&results=R&transfer=T&term=%s&term=%s"
	              "&contact_email=%s%s",
	              tenc(title),
	              srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = 'art' "
	                               "ORDER BY id LIMIT 1"),
	              srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = "
	                               "'handlungsfeld' ORDER BY id LIMIT 1"),
	              srv_sql_value(s, "SELECT id FROM taxonomy_term WHERE kind = 'bundesland' "
	                               "ORDER BY id LIMIT 1"),
	              tenc("kontakt@example.org"), publish_extra(s)),
	         &r),
	    303);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	assert_body_lacks(&r, "id=\"fehlt\""); /* nothing is missing */
	resp_free(&r);
	assert_int_equal(post(c, tstr("/admin/praxis/%ld/veroeffentlichen", id), "", &r), 303);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT status FROM practice WHERE id = %ld", id)), "published");
	assert_string_equal(srv_sql_value(s, tstr("SELECT state FROM proposal WHERE id = %s", pid)),
	                    "published");
	/* Once only. */
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	assert_body_lacks(&r, tstr("<option value=\"%s\"", pid));
	resp_free(&r);
	assert_int_equal(post(c, "/admin/praxis/aus-vorschlag", tstr("proposal=%s", pid), &r), 303);
	assert_location(&r, "/admin/praxis");
	resp_free(&r);
	assert_int_equal(post(c, "/admin/praxis/aus-vorschlag", "proposal=abc", &r), 303);
	assert_location(&r, "/admin/praxis");
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_access, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_publication_flow, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_from_proposal, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

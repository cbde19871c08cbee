/* HTTP integration tests: collections (Themendossiers, issue 12). The demo's two published
 * collections on /sammlungen, /sammlung/SLUG, its Atom feed, the API, the sitemap and the
 * practices' pages; the office composing a new one (who may, CSRF, unknown and doubled
 * practices, raw HTML, an empty collection cannot be published, an unpublished practice
 * left out with a note to the office), publishing and taking it offline (audited, 404
 * again). One server per test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define JOBCENTER "fuer-jobcenter-anerkennung-und-qualifizierung-begleiten"
#define BETRIEBE "fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten"

static struct client *
as(struct srv *s, const char *email)
{
	struct client *c = client_new(s);
	assert_int_equal(login(c, email, DEMO_PASSWORD), 0);
	return c;
}

static void
test_demo_collections_are_public_with_feed_api_and_sitemap(void **state)
{
	struct srv *s = *state;
	struct client *anon = client_new(s);
	struct resp r;
	http_get(anon, "/sammlungen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/sammlung/" JOBCENTER "\"");
	assert_body_has(&r, "href=\"/sammlung/" BETRIEBE "\"");
	resp_free(&r);

	http_get(anon, "/sammlung/" JOBCENTER, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Für Jobcenter: Anerkennung und Qualifizierung begleiten</h1>");
	/* The introduction as Markdown, the audience, the practices in order with notes. */
	assert_body_has(&r, "<strong>Jobcentern und Arbeitsagenturen</strong>");
	assert_body_has(&r, "Arbeitsagenturen");
	char *first = strstr(r.body, "href=\"/praxis/jobcenter-sprechstunde-anerkennung\"");
	char *second = strstr(r.body, "href=\"/praxis/rechtskreisuebergreifende-fallkonferenz\"");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_body_has(&r, "Wenn mehrere Stellen beteiligt sind.");
	assert_body_has(&r, "href=\"/sammlung/" JOBCENTER ".atom\"");
	resp_free(&r);

	http_get(anon, "/sammlung/" JOBCENTER ".atom", &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "application/atom+xml"));
	assert_body_has(&r, "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	assert_body_has(&r, "/praxis/kompetenzfeststellung-mit-arbeitsproben");
	resp_free(&r);

	http_get(anon, "/api/v1/collections", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"slug\":\"" JOBCENTER "\"");
	assert_body_has(&r, "\"practices\":5");
	resp_free(&r);
	http_get(anon, "/api/v1/collections/" BETRIEBE, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"audience\":[\"unternehmen\"]");
	assert_body_has(&r, "\"slug\":\"anerkennungsberatung-im-betrieb\"");
	resp_free(&r);
	http_get(anon, "/api/v1/collections/gibt-es-nicht", &r);
	assert_status(&r, 404);
	resp_free(&r);

	http_get(anon, "/sitemap.xml", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "/sammlung/" BETRIEBE "</loc>");
	resp_free(&r);

	/* A practice names the collections it is in. */
	http_get(anon, "/praxis/anerkennungsberatung-im-betrieb", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/sammlung/" BETRIEBE "\"");
	assert_body_lacks(&r, "href=\"/sammlung/" JOBCENTER "\"");
	resp_free(&r);
	client_free(anon);
}

static void
test_only_the_office_composes_and_only_with_its_token(void **state)
{
	struct srv *s = *state;
	struct client *anon = client_new(s), *board = as(s, DEMO_BOARD),
	              *sub = as(s, DEMO_SUBMITTER), *office = as(s, DEMO_ADMIN);
	struct resp r;
	long id = srv_sql_long(s, "SELECT id FROM collection WHERE slug = '" JOBCENTER "'");
	const char *gets[] = {"/admin/sammlungen", tstr("/admin/sammlungen/%ld", id),
	                      tstr("/admin/sammlungen/%ld/vorschau", id)};
	for (size_t i = 0; i < 3; i++) {
		http_get(anon, gets[i], &r);
		assert_status(&r, 303); /* to the login */
		resp_free(&r);
		http_get(board, gets[i], &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(sub, gets[i], &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(office, gets[i], &r);
		assert_status(&r, 200);
		resp_free(&r);
	}
	/* Others are refused; the office without its token too; nothing changes. */
	http_get(board, "/praxis", &r);
	resp_free(&r);
	http_post_csrf(board, "/admin/sammlungen", "title=Fremd", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_get(sub, "/praxis", &r);
	resp_free(&r);
	http_post_csrf(sub, tstr("/admin/sammlungen/%ld/zurueckziehen", id), "", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(office, "/admin/sammlungen", "title=Ohne+Token", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(office, tstr("/admin/sammlungen/%ld/zurueckziehen", id), "", &r);
	assert_status(&r, 403);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM collection"), 2);
	assert_int_equal(
	    srv_sql_long(s, "SELECT count(*) FROM collection WHERE status = 'published'"), 2);
	client_free(anon);
	client_free(board);
	client_free(sub);
	client_free(office);
}

static void
test_office_composes_publishes_and_takes_offline(void **state)
{
	struct srv *s = *state;
	struct client *office = as(s, DEMO_ADMIN), *anon = client_new(s);
	struct resp r;
	http_get(office, "/admin/sammlungen", &r);
	resp_free(&r);
	http_post_csrf(office, "/admin/sammlungen", "title=Sprache+im+Beruf", &r);
	long id = srv_sql_long(s, "SELECT id FROM collection WHERE slug = 'sprache-im-beruf'");
	assert_true(id > 0);
	assert_redirect(&r, tstr("/admin/sammlungen/%ld", id));
	resp_free(&r);
	const char *edit = tstr("/admin/sammlungen/%ld", id);

	/* A draft is not public; an empty one cannot be published. */
	http_get(anon, "/sammlung/sprache-im-beruf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(anon, "/sammlung/sprache-im-beruf.atom", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(anon, "/api/v1/collections/sprache-im-beruf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, tstr("%s/veroeffentlichen", edit), "", &r);
	assert_redirect(&r, edit);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT status FROM collection WHERE id = %ld", id)), "draft");

	/* Unknown and doubled practices and raw HTML are refused next to their fields. */
	long term = srv_sql_long(s, "SELECT id FROM taxonomy_term WHERE kind = 'adressat' AND "
	                            "key = 'bildungstraeger'");
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(
	    office, edit,
	    tstr("title=Sprache+im+Beruf&intro=&practices=%s", tenc("gibt-es-nicht | x")), &r);
	assert_status(&r, 422);
	assert_body_has(&r, "gibt-es-nicht");
	resp_free(&r);
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, edit,
	               tstr("title=Sprache+im+Beruf&intro=&practices=%s",
	                    tenc("fachsprachpruefung-medizin-vorbereiten\n"
	                         "/praxis/fachsprachpruefung-medizin-vorbereiten")),
	               &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, edit,
	               tstr("title=Sprache+im+Beruf&intro=%s&practices=", tenc("<b>fett</b>")), &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, edit, tstr("title=Sprache+im+Beruf&audience=999999&practices="), &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(
	        s, tstr("SELECT count(*) FROM collection_item WHERE collection_id = %ld", id)),
	    0);

	/* Saved: order as written, a link accepted for an address, notes kept. */
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(
	    office, edit,
	    tstr("title=Sprache+im+Beruf&intro=%s&audience=%ld&practices=%s",
	         tenc("Deutsch **für den Beruf**."), term,
	         tenc("digitale-lernplattform-berufsbezogenes-deutsch | Zum Selbstlernen\n"
	              "https://example.org/praxis/fachsprachpruefung-medizin-vorbereiten | "
	              "Für Ärztinnen\n"
	              "berufsbezogene-sprachfoerderung-im-handwerk\n")),
	    &r);
	assert_redirect(&r, edit);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s,
	                  tstr("SELECT group_concat(x, ';') FROM (SELECT p.slug || '=' || "
	                       "i.note AS x FROM collection_item i JOIN practice p ON p.id = "
	                       "i.practice_id WHERE i.collection_id = %ld ORDER BY i.position) q",
	                       id)),
	    "digitale-lernplattform-berufsbezogenes-deutsch=Zum Selbstlernen;"
	    "fachsprachpruefung-medizin-vorbereiten=Für Ärztinnen;"
	    "berufsbezogene-sprachfoerderung-im-handwerk=");

	/* A practice taken offline is left out of the public view; the office is told. */
	srv_practice_status(s, "berufsbezogene-sprachfoerderung-im-handwerk", false);
	http_get(office, edit, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "notice-warning");
	assert_body_has(&r, "Berufsbezogene Sprachförderung im Handwerk");
	resp_free(&r);
	http_get(office, tstr("%s/vorschau", edit), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<strong>für den Beruf</strong>");
	resp_free(&r);

	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, tstr("%s/veroeffentlichen", edit), "", &r);
	assert_redirect(&r, edit);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT status FROM collection WHERE id = %ld", id)),
	    "published");
	http_get(anon, "/sammlung/sprache-im-beruf", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/fachsprachpruefung-medizin-vorbereiten\"");
	assert_body_has(&r, "Für Ärztinnen");
	assert_body_has(&r, "Bildungsträger");
	assert_body_lacks(&r, "berufsbezogene-sprachfoerderung-im-handwerk");
	resp_free(&r);
	http_get(anon, "/sammlung/sprache-im-beruf.atom", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "berufsbezogene-sprachfoerderung-im-handwerk");
	resp_free(&r);
	http_get(anon, "/praxis/fachsprachpruefung-medizin-vorbereiten", &r);
	assert_body_has(&r, "href=\"/sammlung/sprache-im-beruf\"");
	resp_free(&r);

	/* Published, it cannot lose its last published practice; nothing changes. */
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, edit,
	               tstr("title=Sprache+im+Beruf&practices=%s",
	                    tenc("berufsbezogene-sprachfoerderung-im-handwerk")),
	               &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(
	        s, tstr("SELECT count(*) FROM collection_item WHERE collection_id = %ld", id)),
	    3);

	/* Taken offline: 404 again, gone from the list, the API and the practice's page. */
	http_get(office, edit, &r);
	resp_free(&r);
	http_post_csrf(office, tstr("%s/zurueckziehen", edit), "", &r);
	assert_redirect(&r, edit);
	resp_free(&r);
	http_get(anon, "/sammlung/sprache-im-beruf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(anon, "/sammlungen", &r);
	assert_body_lacks(&r, "sprache-im-beruf");
	resp_free(&r);
	http_get(anon, "/api/v1/collections", &r);
	assert_body_lacks(&r, "sprache-im-beruf");
	resp_free(&r);
	http_get(anon, "/praxis/fachsprachpruefung-medizin-vorbereiten", &r);
	assert_body_lacks(&r, "href=\"/sammlung/sprache-im-beruf\"");
	resp_free(&r);

	/* Every step audited. */
	assert_string_equal(srv_sql_value(s, tstr("SELECT group_concat(action, ',') FROM "
	                                          "(SELECT action FROM audit_event WHERE object = "
	                                          "'collection:%ld' ORDER BY seq) q",
	                                          id)),
	                    "collection.create,collection.update,collection.publish,"
	                    "collection.unpublish");
	client_free(office);
	client_free(anon);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_demo_collections_are_public_with_feed_api_and_sitemap, srv_setup,
	        srv_teardown),
	    cmocka_unit_test_setup_teardown(test_only_the_office_composes_and_only_with_its_token,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_office_composes_publishes_and_takes_offline,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

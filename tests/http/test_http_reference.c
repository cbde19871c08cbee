/* HTTP integration tests for the reference data: taxonomy terms (add, rename, retire,
 * restore, delete only when unused) and organisations (add, edit, the sub-project tree). */
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
events(struct srv *s, const char *action, long id)
{
	return srv_sql_long(
	    s, tstr("SELECT count(*) FROM audit_event WHERE action = '%s' AND object = "
	            "'%s:%ld'",
	            action, strncmp(action, "term", 4) == 0 ? "term" : "organisation", id));
}

static long
post(struct client *c, const char *page, const char *path, const char *form, struct resp *r)
{
	struct resp p;
	http_get(c, page, &p);
	resp_free(&p);
	return http_post_csrf(c, path, form, r);
}

/* ---- terms ---- */

static void
test_term_add_rename_retire_restore(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/stammdaten", &r), 200);
	assert_body_has(&r, "Fields of action (Handlungsfelder)");
	assert_body_has(&r, "Berufsbezogenes Deutsch");
	assert_body_has(&r, "Thüringen");
	resp_free(&r);

	post(c, "/admin/stammdaten", "/admin/stammdaten/begriffe",
	     tstr("kind=handlungsfeld&label_de=%s&label_en=%s", tenc("Digitale Beratung & Öffnung"),
	          tenc("Digital advice")),
	     &r);
	assert_redirect(&r, "/admin/stammdaten#kind-handlungsfeld");
	resp_free(&r);
	long id =
	    srv_sql_long(s, "SELECT id FROM taxonomy_term WHERE kind = 'handlungsfeld' AND key = "
	                    "'digitale-beratung-oeffnung'");
	assert_true(id > 0);
	assert_int_equal(events(s, "term.create", id), 1);

	/* The same key again, a bad key, a missing label, an unknown list: refused. */
	const char *bad[] = {
	    tstr("kind=handlungsfeld&label_de=%s", tenc("Digitale Beratung – Öffnung")),
	    tstr("kind=handlungsfeld&label_de=X&key=%s", tenc("Groß Buchstaben")),
	    "kind=handlungsfeld&label_de=",
	    "kind=farbe&label_de=Blau",
	    tstr("kind=art&label_de=%s", tenc("–")),
	};
	const char *field[] = {"label_de", "key", "label_de", "kind", "key"};
	long terms = srv_sql_long(s, "SELECT count(*) FROM taxonomy_term");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		post(c, "/admin/stammdaten", "/admin/stammdaten/begriffe", bad[i], &r);
		assert_status(&r, 422);
		assert_body_has(&r, tstr("href=\"#f-%s\"", field[i]));
		resp_free(&r);
	}
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM taxonomy_term"), terms);

	const char *page = tstr("/admin/stammdaten/begriffe/%ld", id);
	post(
	    c, page, page,
	    tstr("label_de=%s&label_en=%s", tenc("Digitale Beratung"), tenc("Digital counselling")),
	    &r);
	assert_redirect(&r, page);
	resp_free(&r);
	char *label = srv_sql_text(s, tstr("SELECT label_de || '|' || label_en || '|' || key FROM "
	                                   "taxonomy_term WHERE id = %ld",
	                                   id));
	assert_string_equal(label,
	                    "Digitale Beratung|Digital counselling|digitale-beratung-oeffnung");
	free(label);
	assert_int_equal(events(s, "term.rename", id), 1);

	post(c, page, tstr("%s/ausmustern", page), "", &r);
	assert_redirect(&r, page);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT retired FROM taxonomy_term WHERE id = %ld", id)), 1);
	http_get(c, page, &r);
	assert_body_has(&r, "The term has been retired.");
	assert_body_has(&r, "Restore the term");
	resp_free(&r);
	post(c, page, tstr("%s/reaktivieren", page), "", &r);
	assert_redirect(&r, page);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT retired FROM taxonomy_term WHERE id = %ld", id)), 0);
	assert_int_equal(events(s, "term.retire", id), 1);
	assert_int_equal(events(s, "term.restore", id), 1);

	/* Unused, it can go. */
	post(c, page, tstr("%s/loeschen", page), "", &r);
	assert_redirect(&r, "/admin/stammdaten#kind-handlungsfeld");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM taxonomy_term WHERE id = %ld", id)), 0);
	assert_int_equal(events(s, "term.delete", id), 1);
	http_get(c, page, &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(c);
}

static void
test_term_in_use_cannot_be_deleted(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	/* "Instrument" is the Art of two demo proposals. */
	long id = srv_sql_long(
	    s, "SELECT id FROM taxonomy_term WHERE kind = 'art' AND key = 'instrument'");
	long uses = srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE art_id = %ld", id));
	assert_true(uses > 0);
	const char *page = tstr("/admin/stammdaten/begriffe/%ld", id);
	struct resp r;
	assert_int_equal(http_get(c, page, &r), 200);
	assert_body_has(&r, "A term in use cannot be deleted, only retired.");
	assert_body_lacks(&r, "/loeschen\"");
	assert_body_has(&r, tstr("by %ld records", uses));
	resp_free(&r);
	/* The list shows the count too. */
	http_get(c, "/admin/stammdaten", &r);
	char *row = str_between(r.body, tstr("href=\"%s\"", page), "</tr>");
	assert_non_null(row);
	assert_non_null(strstr(row, tstr("<td>%ld</td>", uses)));
	free(row);
	resp_free(&r);

	long before = srv_sql_long(s, "SELECT count(*) FROM audit_event");
	post(c, page, tstr("%s/loeschen", page), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "A term in use cannot be deleted, only retired.");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM taxonomy_term WHERE id = %ld", id)), 1);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event"), before);

	/* Retired, it stays on the proposals that use it. */
	post(c, page, tstr("%s/ausmustern", page), "", &r);
	assert_redirect(&r, page);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE art_id = %ld", id)), uses);
	client_free(c);
}

/* ---- organisations ---- */

static void
test_organisations_add_and_edit(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	const char *list = "/admin/stammdaten/organisationen";
	struct resp r;
	assert_int_equal(http_get(c, list, &r), 200);
	assert_body_has(&r, "IQ Fachstelle Einwanderung");
	assert_body_has(&r, "Anerkennungslotsen Magdeburg");
	resp_free(&r);
	long net =
	    srv_sql_long(s, "SELECT id FROM organisation WHERE name = 'IQ Netzwerk Sachsen'");
	long funder = srv_sql_long(s, "SELECT id FROM organisation WHERE kind = 'funder'");
	long orgs = srv_sql_long(s, "SELECT count(*) FROM organisation");

	/* A sub-project needs its network or Fachstelle, and only those. */
	const struct {
		const char *form, *field;
	} bad[] = {
	    {"name=Neu&kind=teilprojekt&parent=0", "parent"},
	    {tstr("name=Neu&kind=teilprojekt&parent=%ld", funder), "parent"},
	    {tstr("name=Neu&kind=external&parent=%ld", net), "parent"},
	    {tstr("name=Neu&kind=teilprojekt&parent=%ld&bundesland=Atlantis", net), "bundesland"},
	    {"name=&kind=network", "name"},
	    {"name=Neu&kind=verein", "kind"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		post(c, list, list, bad[i].form, &r);
		assert_status(&r, 422);
		assert_body_has(&r, tstr("href=\"#f-%s\"", bad[i].field));
		resp_free(&r);
	}
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM organisation"), orgs);

	post(c, list, list,
	     tstr("name=%s&short_name=WBL&kind=teilprojekt&parent=%ld&bundesland=Sachsen",
	          tenc("Willkommenslotsen Dresden"), net),
	     &r);
	assert_status(&r, 303);
	long id = 0;
	assert_int_equal(
	    sscanf(resp_header(&r, "Location"), "/admin/stammdaten/organisationen/%ld", &id), 1);
	resp_free(&r);
	char *row = srv_sql_text(s, tstr("SELECT name || '|' || kind || '|' || parent_id || '|' || "
	                                 "bundesland FROM organisation WHERE id = %ld",
	                                 id));
	assert_string_equal(row, tstr("Willkommenslotsen Dresden|teilprojekt|%ld|Sachsen", net));
	free(row);
	assert_int_equal(events(s, "organisation.create", id), 1);

	/* Edit: renamed and moved to a Fachstelle. */
	long fs = srv_sql_long(s, "SELECT id FROM organisation WHERE short_name = 'FS EW'");
	const char *page = tstr("/admin/stammdaten/organisationen/%ld", id);
	http_get(c, page, &r);
	assert_body_has(&r, "value=\"Willkommenslotsen Dresden\"");
	assert_body_has(&r,
	                tstr("<option value=\"%ld\" selected>IQ Netzwerk Sachsen</option>", net));
	resp_free(&r);
	post(c, page, page,
	     tstr("name=%s&short_name=&kind=teilprojekt&parent=%ld&bundesland=",
	          tenc("Willkommenslotsinnen Dresden"), fs),
	     &r);
	assert_redirect(&r, page);
	resp_free(&r);
	row = srv_sql_text(
	    s, tstr("SELECT name || '|' || parent_id FROM organisation WHERE id = %ld", id));
	assert_string_equal(row, tstr("Willkommenslotsinnen Dresden|%ld", fs));
	free(row);
	assert_int_equal(events(s, "organisation.update", id), 1);

	/* A network with sub-projects stays a network or Fachstelle. */
	const char *netpage = tstr("/admin/stammdaten/organisationen/%ld", net);
	post(c, netpage, netpage,
	     "name=IQ+Netzwerk+Sachsen&kind=external&parent=0&bundesland=Sachsen", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "href=\"#f-kind\"");
	assert_body_has(&r, "must stay a network or Fachstelle");
	resp_free(&r);
	post(c, netpage, netpage,
	     "name=IQ+Netzwerk+Sachsen&kind=fachstelle&parent=0&bundesland=Sachsen", &r);
	assert_redirect(&r, netpage);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_term_add_rename_retire_restore),
	    T(test_term_in_use_cannot_be_deleted),
	    T(test_organisations_add_and_edit),
	};
#undef T
	return cmocka_run_group_tests_name("http_reference", tests, NULL, NULL);
}

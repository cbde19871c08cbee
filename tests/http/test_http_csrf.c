/* HTTP integration tests: every form that changes something needs the token of its own
 * browser session. The routes come from src/routes.c (every CSRF_YES row); the table below
 * adds a valid form for each, to show that the right token is accepted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define BAD_TOKEN "0000000000000000000000000000000000000000000000000000000000000000"

/* A form that the route accepts, and the answer to it with the right token. */
static const struct form_row {
	const char *pattern, *path, *form;
	long status;
	const char *location;
} table[] = {
    {"/anmelden", "/anmelden", "email=projekt%40iq-demo.example&password=Leuchtturm-Demo", 303,
     "/start"},
    {"/abmelden", "/abmelden", "", 303, "/"},
    {"/passwort-vergessen", "/passwort-vergessen", "email=projekt%40iq-demo.example", 303,
     "/anmelden"},
    {"/passwort-neu/:token", "/passwort-neu/unbekannt",
     "password=Neues-Passwort-1&password2=Neues-Passwort-1", 410, NULL},
    {"/einladung/:token", "/einladung/unbekannt",
     "name=Neu&password=Neues-Passwort-1&password2=Neues-Passwort-1", 410, NULL},
    {"/konto", "/konto", "name=Aylin+Demir&locale=de", 303, "/konto"},
    {"/konto/passwort", "/konto/passwort",
     "current=Leuchtturm-Demo&password=Neues-Passwort-1&password2=Neues-Passwort-1", 303, "/konto"},
    {"/admin/benutzer/einladen", "/admin/benutzer/einladen",
     "email=neu%40example.org&name=Neu&organisation=0&role_submitter=1", 303, "/admin/benutzer"},
    {"/admin/benutzer/:id", "/admin/benutzer/2",
     "organisation=0&constituency=funder&role_board=1&active=1", 303, "/admin/benutzer/2"},
    /* A wrong confirmation erases nothing (422): the other rows still have the account. */
    {"/admin/benutzer/:id/loeschen", "/admin/benutzer/2/loeschen", "confirm_email=x", 422, NULL},
    {"/admin/aufbewahrung", "/admin/aufbewahrung", "years=0", 303, "/admin/aufbewahrung"},
    /* For these an empty form or an unknown number shows the token was taken: the handler
     * answers (422 or 404), not the guard (403). */
    {"/admin/ausschreibungen/neu", "/admin/ausschreibungen/neu", "", 422, NULL},
    {"/admin/ausschreibungen/:id/bearbeiten", "/admin/ausschreibungen/999999/bearbeiten", "", 404,
     NULL},
    {"/admin/ausschreibungen/:id/phase", "/admin/ausschreibungen/999999/phase", "", 404, NULL},
    {"/admin/stammdaten/begriffe", "/admin/stammdaten/begriffe", "", 422, NULL},
    /* The search's synonyms (issue 13). */
    {"/admin/stammdaten/synonyme", "/admin/stammdaten/synonyme", "", 422, NULL},
    {"/admin/stammdaten/synonyme/:id", "/admin/stammdaten/synonyme/999999", "", 404, NULL},
    {"/admin/stammdaten/synonyme/:id/loeschen", "/admin/stammdaten/synonyme/999999/loeschen", "",
     404, NULL},
    {"/admin/stammdaten/begriffe/:id", "/admin/stammdaten/begriffe/999999", "", 404, NULL},
    {"/admin/stammdaten/begriffe/:id/ausmustern", "/admin/stammdaten/begriffe/999999/ausmustern",
     "", 404, NULL},
    {"/admin/stammdaten/begriffe/:id/reaktivieren",
     "/admin/stammdaten/begriffe/999999/reaktivieren", "", 404, NULL},
    {"/admin/stammdaten/begriffe/:id/loeschen", "/admin/stammdaten/begriffe/999999/loeschen", "",
     404, NULL},
    {"/admin/stammdaten/organisationen", "/admin/stammdaten/organisationen", "", 422, NULL},
    {"/admin/stammdaten/organisationen/:id", "/admin/stammdaten/organisationen/999999", "", 404,
     NULL},
    {"/admin/vorschlaege/:id/pruefung", "/admin/vorschlaege/999999/pruefung", "", 404, NULL},
    {"/admin/vorschlaege/:id/entscheidung", "/admin/vorschlaege/999999/entscheidung", "", 404,
     NULL},
    {"/admin/vorschlaege/:id/rueckfrage", "/admin/vorschlaege/999999/rueckfrage", "", 404, NULL},
    /* Public catalog */
    {"/admin/praxis/neu", "/admin/praxis/neu", "", 422, NULL},
    {"/admin/praxis/aus-vorschlag", "/admin/praxis/aus-vorschlag", "", 303, "/admin/praxis"},
    {"/admin/praxis/:id", "/admin/praxis/999999", "", 404, NULL},
    {"/admin/praxis/:id/veroeffentlichen", "/admin/praxis/999999/veroeffentlichen", "", 404, NULL},
    {"/admin/praxis/:id/zurueckziehen", "/admin/praxis/999999/zurueckziehen", "", 404, NULL},
    {"/admin/praxis/:id/archivieren", "/admin/praxis/999999/archivieren", "", 404, NULL},
    {"/admin/praxis/:id/bild", "/admin/praxis/999999/bild", "", 404, NULL},
    {"/admin/praxis/:id/downloads", "/admin/praxis/999999/downloads", "", 404, NULL},
    {"/admin/praxis/:id/dateien/:fid/entfernen", "/admin/praxis/999999/dateien/1/entfernen", "",
     404, NULL},
    /* Board review */
    {"/gremium/vorschlag/:id", "/gremium/vorschlag/999999", "", 404, NULL},
    {"/gremium/vorschlag/:id/befangenheit", "/gremium/vorschlag/999999/befangenheit", "", 404,
     NULL},
    {"/gremium/vorschlag/:id/diskussion", "/gremium/vorschlag/999999/diskussion", "", 404, NULL},
    {"/gremium/benachrichtigungen", "/gremium/benachrichtigungen", "board_discussion=1", 303,
     "/gremium"},
    {"/admin/ausschreibungen/:id/zuteilung", "/admin/ausschreibungen/999999/zuteilung", "", 404,
     NULL},
    {"/admin/ausschreibungen/:id/zuteilung/modus", "/admin/ausschreibungen/999999/zuteilung/modus",
     "", 404, NULL},
    {"/admin/ausschreibungen/:id/zuteilung/automatisch",
     "/admin/ausschreibungen/999999/zuteilung/automatisch", "", 404, NULL},
    {"/admin/ausschreibungen/:id/zuteilung/:pid/:uid/entfernen",
     "/admin/ausschreibungen/999999/zuteilung/1/1/entfernen", "", 404, NULL},
    {"/admin/ausschreibungen/:id/ranking/:pid/nachfragen",
     "/admin/ausschreibungen/999999/ranking/1/nachfragen", "", 404, NULL},
    {"/admin/ausschreibungen/:id/gremium", "/admin/ausschreibungen/999999/gremium", "", 404, NULL},
    {"/admin/ausschreibungen/:id/gremium/:uid/entfernen",
     "/admin/ausschreibungen/999999/gremium/1/entfernen", "", 404, NULL},
    {"/admin/ausschreibungen/:id/gremium/einstellungen",
     "/admin/ausschreibungen/999999/gremium/einstellungen", "", 404, NULL},
    {"/admin/ausschreibungen/:id/gremium/mehrere", "/admin/ausschreibungen/999999/gremium/mehrere",
     "", 404, NULL},
    {"/admin/ausschreibungen/:id/gremium/kopieren",
     "/admin/ausschreibungen/999999/gremium/kopieren", "from=1", 404, NULL},
    {"/admin/ausschreibungen/:id/fortschritt/:uid/erinnern",
     "/admin/ausschreibungen/999999/fortschritt/1/erinnern", "", 404, NULL},
    {"/admin/ausschreibungen/:id/befangenheiten", "/admin/ausschreibungen/999999/befangenheiten",
     "", 404, NULL},
    {"/admin/ausschreibungen/:id/befangenheiten/:cid/aufheben",
     "/admin/ausschreibungen/999999/befangenheiten/1/aufheben", "", 404, NULL},
    {"/admin/ausschreibungen/:id/rubrik", "/admin/ausschreibungen/999999/rubrik", "", 404, NULL},
    /* Decisions */
    {"/admin/ausschreibungen/:id/sitzung", "/admin/ausschreibungen/999999/sitzung", "", 404, NULL},
    {"/admin/ausschreibungen/:id/sitzung/:pid", "/admin/ausschreibungen/999999/sitzung/1", "", 404,
     NULL},
    {"/admin/vorschlaege/:id/beschluss/aendern", "/admin/vorschlaege/999999/beschluss/aendern", "",
     404, NULL},
    {"/admin/vorschlaege/:id/beschluss/brief", "/admin/vorschlaege/999999/beschluss/brief", "", 404,
     NULL},
    {"/admin/briefvorlagen", "/admin/briefvorlagen", "", 422, NULL},
    {"/admin/ausschreibungen/:id/briefvorlagen", "/admin/ausschreibungen/999999/briefvorlagen", "",
     404, NULL},
    {"/admin/ausschreibungen/:id/protokoll", "/admin/ausschreibungen/999999/protokoll", "", 404,
     NULL},
    {"/einreichung/neu", "/einreichung/neu", "", 422, NULL},
    {"/vorschlag/:id/bearbeiten", "/vorschlag/999999/bearbeiten", "", 404, NULL},
    {"/vorschlag/:id/zurueckziehen", "/vorschlag/999999/zurueckziehen", "", 404, NULL},
    {"/vorschlag/:id/uebernehmen", "/vorschlag/999999/uebernehmen", "", 404, NULL},
    {"/vorschlag/:id/nachricht", "/vorschlag/999999/nachricht", "", 404, NULL},
    /* The site: legal pages, the feedback form, the language switch of a logged-in person */
    {"/barrierefreiheit/feedback", "/barrierefreiheit/feedback", "", 422, NULL},
    {"/admin/seiten/:slug", "/admin/seiten/gibt-es-nicht", "", 404, NULL},
    {"/sprache", "/sprache", "lang=de&next=%2Fstart", 303, "/start"},
    {"/vorschlag/:id/anhaenge", "/vorschlag/999999/anhaenge", "", 404, NULL},
    {"/vorschlag/:id/anhaenge/:aid/entfernen", "/vorschlag/999999/anhaenge/1/entfernen", "", 404,
     NULL},
    /* Transfer (issue 11) */
    {"/praxis/:slug/interesse", "/praxis/gibt-es-nicht/interesse", "", 404, NULL},
    {"/uebernahme/bestaetigen/:token", "/uebernahme/bestaetigen/unbekannt", "", 410, NULL},
    {"/uebernahme/meldung/:token", "/uebernahme/meldung/unbekannt",
     "organisation=O&kind=jobcenter&bundesland=he&stage=interest", 410, NULL},
    {"/uebernahme/meldung/:token/zurueckziehen", "/uebernahme/meldung/unbekannt/zurueckziehen", "",
     410, NULL},
    {"/admin/uebernahmen/:id", "/admin/uebernahmen/999999", "action=reject&reason=x", 404, NULL},
    /* The yearly check (issue 12) */
    {"/jahrescheck/:token", "/jahrescheck/unbekannt", "answer=yes", 410, NULL},
    {"/admin/jahrescheck/:id/:action", "/admin/jahrescheck/999999/approve", "", 409, NULL},
    {"/admin/jahrescheck/einstellungen", "/admin/jahrescheck/einstellungen", "interval_days=365",
     303, "/admin/jahrescheck"},
    {"/konto/jahrescheck/:id", "/konto/jahrescheck/999999", "answer=in_use", 404, NULL},
    /* Collections (issue 12) */
    {"/admin/sammlungen", "/admin/sammlungen", "", 422, NULL},
    {"/admin/sammlungen/:id", "/admin/sammlungen/999999", "title=T", 404, NULL},
    {"/admin/sammlungen/:id/veroeffentlichen", "/admin/sammlungen/999999/veroeffentlichen", "", 404,
     NULL},
    {"/admin/sammlungen/:id/zurueckziehen", "/admin/sammlungen/999999/zurueckziehen", "", 404,
     NULL},
};
#define NROWS (sizeof table / sizeof table[0])

/* One form route to attack: from routes.c, with the table's form when there is one. */
struct target {
	struct route_row route;
	const char *path;
	const char *form;
	const struct form_row *known;
};

static size_t
targets(struct target *out, size_t max)
{
	struct route_row rr[256];
	int n = routes_read(rr, 256);
	assert_true(n > 0);
	size_t k = 0;
	for (int i = 0; i < n && k < max; i++) {
		if (!rr[i].csrf)
			continue;
		struct target *t = &out[k++];
		t->route = rr[i];
		t->known = NULL;
		for (size_t j = 0; j < NROWS && !t->known; j++)
			if (strcmp(table[j].pattern, rr[i].pattern) == 0)
				t->known = &table[j];
		if (t->known) {
			t->path = t->known->path;
			t->form = t->known->form;
			continue;
		}
		/* Not in the table: a stand-in address; the token check comes before the handler.
		 */
		t->path = route_example_path(rr[i].pattern);
		t->form = "x=1";
	}
	return k;
}

static const char *
email_for(unsigned access)
{
	if (access & (ACC_PUBLIC | ACC_ANON))
		return NULL;
	if (access & ACC_SUBMITTER)
		return DEMO_SUBMITTER;
	if (access & ACC_BOARD)
		return DEMO_BOARD;
	return DEMO_ADMIN;
}

/* A client the route admits, holding a token bound to its own session. */
static struct client *
client_for(struct srv *s, const struct target *t)
{
	struct client *c = client_new(s);
	const char *email = email_for(route_access(t->route.access));
	if (email) {
		assert_int_equal(login(c, email, DEMO_PASSWORD), 0);
	} else {
		struct resp r;
		assert_int_equal(http_get(c, "/anmelden", &r), 200);
		resp_free(&r);
	}
	assert_non_null(client_csrf(c));
	return c;
}

static int
check(struct client *c, const struct target *t, const char *token, const char *what)
{
	struct resp r;
	const char *form =
	    token ? tstr("%s%s_csrf=%s", t->form, *t->form ? "&" : "", token) : t->form;
	http_post_form(c, t->path, form, &r);
	int bad = r.status != 403 || !strstr(r.body, "<main id=\"main\"");
	if (bad)
		print_message("POST %s with %s: want 403, got %ld\n", t->path, what, r.status);
	resp_free(&r);
	return bad;
}

static void
test_tables_match_routes_c(void **state)
{
	struct target t[128];
	size_t n = targets(t, 128);
	int missing = 0;
	for (size_t i = 0; i < n; i++)
		if (!t[i].known) {
			print_message("POST %s (CSRF_YES) has no valid form in test_http_csrf.c\n",
			              t[i].route.pattern);
			missing++;
		}
	for (size_t j = 0; j < NROWS; j++) {
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = t[i].known == &table[j];
		if (!found) {
			print_message("%s is not a CSRF_YES route of routes.c\n", table[j].pattern);
			missing++;
		}
	}
	/* Every POST route is protected: a form without a token is never wanted. */
	struct route_row rr[256];
	int nr = routes_read(rr, 256);
	for (int i = 0; i < nr; i++)
		if (strcmp(rr[i].method, "GET") != 0 && !rr[i].csrf) {
			print_message("%s %s changes state without CSRF_YES\n", rr[i].method,
			              rr[i].pattern);
			missing++;
		}
	assert_int_equal(missing, 0);
}

static void
test_missing_or_wrong_token_is_403(void **state)
{
	struct srv *s = *state;
	struct target t[128];
	size_t n = targets(t, 128);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		struct client *c = client_for(s, &t[i]);
		const char *good = tstr("%s", client_csrf(c));
		failures += check(c, &t[i], NULL, "no token");
		failures += check(c, &t[i], "", "an empty token");
		failures += check(c, &t[i], BAD_TOKEN, "a made-up token");
		/* The right token one character off, cut short, or with more after it. */
		char *off = strdup(good);
		off[0] = off[0] == 'a' ? 'b' : 'a';
		failures += check(c, &t[i], off, "a token one character off");
		free(off);
		failures += check(c, &t[i], tstr("%.63s", good), "a token cut short");
		failures += check(c, &t[i], tstr("%s0", good), "a token too long");
		client_free(c);
	}
	assert_int_equal(failures, 0);
}

static void
test_token_of_another_session_is_403(void **state)
{
	struct srv *s = *state;
	struct target t[128];
	size_t n = targets(t, 128);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		/* Two browsers of the same person (or two anonymous ones). */
		struct client *a = client_for(s, &t[i]), *b = client_for(s, &t[i]);
		const char *theirs = tstr("%s", client_csrf(a));
		assert_string_not_equal(theirs, client_csrf(b));
		failures += check(b, &t[i], theirs, "the token of another session");
		client_free(a);
		client_free(b);
	}
	assert_int_equal(failures, 0);
}

static void
test_token_without_cookie_is_403(void **state)
{
	struct srv *s = *state;
	struct client *a = client_new(s), *b = client_new(s);
	struct resp r;
	assert_int_equal(http_get(a, "/anmelden", &r), 200);
	resp_free(&r);
	/* b has never been here: no cookie binds any token to it. */
	http_post_form(b, "/anmelden",
	               tstr("email=%s&password=%s&_csrf=%s", tenc(DEMO_SUBMITTER), DEMO_PASSWORD,
	                    client_csrf(a)),
	               &r);
	assert_status(&r, 403);
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	/* Nor does a cookie b makes up itself bind a's token. */
	client_set_cookie(b, "lt_pre", BAD_TOKEN);
	http_post_form(b, "/anmelden",
	               tstr("email=%s&password=%s&_csrf=%s", tenc(DEMO_SUBMITTER), DEMO_PASSWORD,
	                    client_csrf(a)),
	               &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(a);
	client_free(b);
}

static void
test_token_from_before_login_is_403_after(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/anmelden", &r), 200);
	resp_free(&r);
	const char *before = tstr("%s", client_csrf(c));
	http_post_csrf(c, "/anmelden",
	               tstr("email=%s&password=%s", tenc(DEMO_SUBMITTER), DEMO_PASSWORD), &r);
	assert_redirect(&r, "/start");
	resp_free(&r);
	/* Logged in, the forms are bound to the new session, not to the pre-login cookie. */
	http_post_form(c, "/konto", tstr("name=Gehackt&locale=de&_csrf=%s", before), &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_get(c, "/konto", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "Gehackt");
	assert_string_not_equal(client_csrf(c), before);
	resp_free(&r);
	/* And the token of the session works. */
	http_post_csrf(c, "/konto", "name=Aylin+Demir&locale=de", &r);
	assert_redirect(&r, "/konto");
	resp_free(&r);
	client_free(c);
}

static void
test_rejected_forms_change_nothing(void **state)
{
	struct srv *s = *state;
	struct resp r;
	struct client *admin = client_new(s), *board = client_new(s), *sub = client_new(s);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	/* Tokens of the wrong session: the board member's, used by the others. */
	const char *foreign = tstr("%s", client_csrf(board));

	http_post_form(sub, "/konto", tstr("name=Gehackt&locale=en&_csrf=%s", foreign), &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(
	    sub, "/konto/passwort",
	    tstr("current=%s&password=Gehackt-Gehackt&password2=Gehackt-Gehackt&_csrf=%s",
	         DEMO_PASSWORD, foreign),
	    &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(sub, "/abmelden", "", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(admin, "/admin/benutzer/2",
	               tstr("organisation=0&constituency=funder&role_admin=1&role_board=1&active=1"
	                    "&_csrf=%s",
	                    foreign),
	               &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_post_form(admin, "/admin/benutzer/einladen",
	               tstr("email=eindringling%%40example.org&name=X&organisation=0&role_admin=1"
	                    "&_csrf=%s",
	                    foreign),
	               &r);
	assert_status(&r, 403);
	resp_free(&r);

	/* The submitter is still logged in, under the old name, in German, with the old password.
	 */
	http_get(sub, "/konto", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<html lang=\"de\">");
	assert_body_lacks(&r, "Gehackt");
	assert_true(html_has(r.body, DEMO_SUBMITTER_NAME));
	resp_free(&r);
	struct client *check = client_new(s);
	assert_int_equal(login(check, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	client_free(check);
	/* The board member did not become an admin; nobody was invited. */
	http_get(board, "/admin/benutzer", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_get(admin, "/admin/benutzer", &r);
	assert_status(&r, 200);
	assert_body_lacks(&r, "eindringling@example.org");
	resp_free(&r);
	assert_int_equal(srv_mail_count(s), 0);
	client_free(admin);
	client_free(board);
	client_free(sub);
}

/* With the right token each form goes through; a server per row, as some change accounts. */
static void
test_right_token_is_accepted(void **state)
{
	struct target t[128];
	size_t n = targets(t, 128);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		if (!t[i].known)
			continue;
		struct srv s = {0};
		assert_int_equal(srv_start(&s), 0);
		struct client *c = client_for(&s, &t[i]);
		struct resp r;
		http_post_csrf(c, t[i].path, t[i].form, &r);
		const char *loc = resp_header(&r, "Location");
		bool ok = r.status == t[i].known->status &&
		          (!t[i].known->location || (loc && !strcmp(loc, t[i].known->location)));
		if (!ok) {
			print_message("POST %s with its token: want %ld %s, got %ld %s\n",
			              t[i].path, t[i].known->status,
			              t[i].known->location ? t[i].known->location : "", r.status,
			              loc ? loc : "");
			resp_dump(&r);
			failures++;
		}
		resp_free(&r);
		client_free(c);
		assert_int_equal(srv_stop(&s), 0);
	}
	assert_int_equal(failures, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables_match_routes_c),
	    cmocka_unit_test_setup_teardown(test_missing_or_wrong_token_is_403, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_token_of_another_session_is_403, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_token_without_cookie_is_403, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_token_from_before_login_is_403_after, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_rejected_forms_change_nothing, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test(test_right_token_is_accepted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

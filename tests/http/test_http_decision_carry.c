/* HTTP integration test of a deferred proposal: it is carried into the later call, once,
 * as a new draft. */
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

/* The demo's proposals in the deciding call (src/cli/demo/decision.c). */
#define T_STUTTGART "Betriebliche Anerkennungslotsen" /* every criterion met; demo sub-project */
#define T_BREMEN "Hafen-Tandems: Einarbeitung im Betrieb" /* Okafor declared a conflict */
#define T_HANNOVER "Sprachpaten im Betrieb"               /* Brandt conflicted automatically */
#define T_LEIPZIG "Handwerk plus Sprache"

/* The board and its members' names, which a letter must never show. */
#define M_FUNDER DEMO_BOARD
#define M_TRANSFER "gremium-transfer@iq-demo.example"
#define M_NETWORK "gremium-netzwerk@iq-demo.example"
#define M_FACHSTELLE "gremium-fachstelle@iq-demo.example"

static long
deciding_call(struct srv *s)
{
	long id =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'deciding' ORDER BY id LIMIT 1");
	assert_true(id > 0);
	return id;
}

static long
proposal(struct srv *s, const char *title)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM proposal WHERE title = '%s'", title));
	assert_true(id > 0);
	return id;
}

static long
user(struct srv *s, const char *email)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
	assert_true(id > 0);
	return id;
}

/* POSTs form to path with the token of the page at page. */
static long
post_from(struct client *c, const char *page, const char *path, const char *form, struct resp *r)
{
	struct resp g;
	http_get(c, page, &g);
	assert_status(&g, 200);
	resp_free(&g);
	return http_post_csrf(c, path, form, r);
}

/* Records the meeting of the call with the members given (emails, NULL-terminated). */
static void
meeting(struct srv *s, struct client *c, long call, ...)
{
	const char *form = "held_at=2026-12-06T10:00&notes=Test";
	va_list ap;
	va_start(ap, call);
	int i = 0;
	for (const char *e = va_arg(ap, const char *); e; e = va_arg(ap, const char *), i++)
		form = tstr("%s&m_%d=%ld&p_%d=1", form, i, user(s, e), i);
	va_end(ap);
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung", call);
	struct resp r;
	post_from(c, page, page, form, &r);
	assert_redirect(&r, page);
	resp_free(&r);
}

/* The justification fields: every rated criterion of the call with text. */
static const char *
justifications(struct srv *s, long call, const char *text)
{
	char *ids =
	    srv_sql_text(s, tstr("SELECT group_concat(id, ' ') FROM (SELECT id FROM criterion "
	                         "c WHERE call_id = %ld AND NOT EXISTS (SELECT 1 FROM criterion "
	                         "k WHERE k.call_id = c.call_id AND k.parent_key = c.key) ORDER "
	                         "BY position)",
	                         call));
	const char *form = "";
	long id;
	int used, i = 0;
	for (const char *p = ids; sscanf(p, "%ld%n", &id, &used) == 1; p += used, i++)
		form = tstr("%s&c_%d=%ld&j_%d=%s", form, i, id, i, tenc(text));
	free(ids);
	return form;
}

/* A member's ballot: "email:vote" with vote yes|no|abstain|"" (present, no vote) or
 * "email:absent:yes" (marked absent, with a vote). */
static const char *
ballots(struct srv *s, const char *const *spec)
{
	const char *form = "";
	for (int i = 0; spec[i]; i++) {
		char email[128], vote[32] = "", extra[32] = "";
		sscanf(spec[i], "%127[^:]:%31[^:]:%31s", email, vote, extra);
		bool absent = strcmp(vote, "absent") == 0;
		form = tstr("%s&m_%d=%ld%s&v_%d=%s", form, i, user(s, email),
		            absent ? "" : tstr("&p_%d=1", i), i, absent ? extra : vote);
	}
	return form;
}

static long
decide(struct srv *s, struct client *c, long call, long pid, const char *outcome,
       const char *const *spec, const char *more, struct resp *r)
{
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid);
	const char *form =
	    tstr("outcome=%s%s%s%s", outcome, ballots(s, spec),
	         justifications(s, call, "Das Gremium würdigt den Ansatz."), more ? more : "");
	return post_from(c, page, page, form, r);
}

static const char *const all_yes[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":yes",
                                      M_FACHSTELLE ":yes", NULL};

/* A proposal deferred to a later call is brought into it by its sub-project, once, as a
 * new draft with its content; nobody else can do that. */
static void
test_deferred_proposal_carried_into_the_later_call(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG);
	long later =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'open' ORDER BY id LIMIT 1");
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(
	    s, c, call, pid, "deferred", all_yes,
	    tstr("&conditions=%s&target_call=%ld", tenc("Eine zweite Gruppe abschließen."), later),
	    &r);
	assert_status(&r, 303);
	resp_free(&r);
	long org =
	    srv_sql_long(s, tstr("SELECT organisation_id FROM proposal WHERE id = %ld", pid));
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "leipzig@iq-demo.example", "--name", "Lea Leipzig", "--role",
	                         "submitter", "--organisation", tstr("%ld", org), NULL),
	                 0);
	struct client *sp = login_english(s, "leipzig@iq-demo.example", "ein langes Passwort");
	http_get(sp, tstr("/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/uebernehmen\"", pid));
	resp_free(&r);
	http_post_csrf(sp, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 303);
	long fresh = 0;
	assert_int_equal(sscanf(resp_header(&r, "Location"), "/vorschlag/%ld/bearbeiten", &fresh),
	                 1);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT call_id || '|' || state || '|' || carried_from || '|' || "
	                          "(title = (SELECT title FROM proposal WHERE id = %ld)) FROM "
	                          "proposal WHERE id = %ld",
	                          pid, fresh)),
	    tstr("%ld|draft|%ld|1", later, pid));
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_term WHERE "
	                                      "proposal_id = %ld",
	                                      fresh)),
	                 srv_sql_long(s, tstr("SELECT count(*) FROM proposal_term WHERE "
	                                      "proposal_id = %ld",
	                                      pid)));
	/* Once only; and not by another sub-project. */
	http_get(sp, tstr("/vorschlag/%ld", pid), &r);
	assert_body_has(&r, tstr("href=\"/vorschlag/%ld\"", fresh));
	resp_free(&r);
	http_post_csrf(sp, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 409);
	resp_free(&r);
	struct client *other = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	http_post_csrf(other, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(other);
	client_free(sp);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_deferred_proposal_carried_into_the_later_call,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

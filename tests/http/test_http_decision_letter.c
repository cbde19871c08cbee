/* HTTP integration tests of the decision letters: their contents (no rater's name) and the
 * default templates. */
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
static const char *const member_names[] = {DEMO_BOARD_NAME, "Miriam Okafor", "Stefan Brandt",
                                           "Dr. Lena Hoffmann"};

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

/* Rows that a refusal must leave as they are. */
static const char *
fingerprint(struct srv *s)
{
	char *t = srv_sql_text(
	    s, "SELECT (SELECT count(*) FROM audit_event) || '/' || (SELECT count(*) "
	       "FROM decision) || '/' || (SELECT count(*) FROM decision_version) || "
	       "'/' || (SELECT count(*) FROM decision_vote) || '/' || (SELECT count(*) "
	       "FROM outbox) || '/' || (SELECT group_concat(state) FROM proposal)");
	const char *out = tstr("%s", t);
	free(t);
	return out;
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

static const char *const all_yes[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":yes",
                                      M_FACHSTELLE ":yes", NULL};

/* ---- the letter ---- */

static void
test_letter_contents(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	/* The form is prefilled from the ratings' justifications, without the raters' names. */
	http_get(c, tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid), &r);
	assert_status(&r, 200);
	char *prefill = str_between(r.body, "<textarea id=\"f-j_0\"", "</textarea>");
	assert_non_null(prefill);
	assert_non_null(strstr(prefill, "Lotsen im Betrieb sind überall denkbar"));
	for (size_t i = 0; i < 4; i++)
		assert_null(strstr(prefill, member_names[i]));
	free(prefill);
	resp_free(&r);

	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid);
	post_from(c, page, page,
	          tstr("outcome=selected%s%s", ballots(s, all_yes),
	               justifications(s, call, "Feedback: der Ansatz ist bundesweit übertragbar.")),
	          &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_redirect(&r, tstr("%s#letter-h", dpage));
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, T_STUTTGART));
	assert_non_null(strstr(mail, "Ausgewählt"));
	assert_non_null(strstr(mail, "Transferfähig:"));
	assert_non_null(strstr(mail, "der Ansatz ist bundesweit übertragbar"));
	for (size_t i = 0; i < 4; i++)
		if (strstr(mail, member_names[i]))
			fail_msg("the letter names the rater %s:\n%s", member_names[i], mail);
	/* The raters' own justifications stay internal. */
	assert_null(strstr(mail, "Lotsen im Betrieb sind überall denkbar"));
	free(mail);
	/* Once per version. */
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "has been sent already");
	resp_free(&r);
	client_free(c);

	/* The sub-project reads it on its proposal page, and the demo's letter too. */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, tstr("/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, "der Ansatz ist bundesweit übertragbar"));
	for (size_t i = 0; i < 4; i++)
		assert_body_lacks(&r, member_names[i]);
	resp_free(&r);
	long demo = proposal(s, "Anerkennung in 100 Tagen: Fallmanagement mit der Kammer");
	http_get(sub, tstr("/vorschlag/%ld", demo), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "verbindliche Zusammenarbeit mit der Kammer");
	resp_free(&r);
	client_free(sub);
}

/* The default templates every call starts from can be edited; a call without its own text
 * takes the new default, and a placeholder that does not exist is refused. */
static void
test_default_letter_templates(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s);
	struct resp r;
	post_from(c, "/admin/briefvorlagen?vorlage=de-selected", "/admin/briefvorlagen",
	          tstr("lang=de&outcome=selected&action=save&subject=%s&body=%s",
	               tenc("Neuer Standard: {title}"),
	               tenc("Guten Tag,\n\n{outcome}\n\n{feedback}\n")),
	          &r);
	assert_redirect(&r, "/admin/briefvorlagen?vorlage=de-selected");
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld/briefvorlagen?vorlage=de-selected", call), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Neuer Standard: {title}");
	resp_free(&r);
	const char *before = fingerprint(s);
	post_from(
	    c, "/admin/briefvorlagen", "/admin/briefvorlagen",
	    tstr("lang=de&outcome=selected&action=save&subject=x&body=%s", tenc("Hallo {raters}")),
	    &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_letter_contents, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_default_letter_templates, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

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
#include "decision_fixture.h"

static const char *const member_names[] = {DEMO_BOARD_NAME, "Miriam Okafor", "Stefan Brandt",
                                           "Dr. Lena Hoffmann"};

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

/* HTTP integration test of who may see a proposal: others can neither see nor change it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "submission_fixture.h"

static void
test_others_cannot_see_or_change_a_proposal(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	/* A submitter of another sub-project. */
	long other =
	    srv_sql_long(s, "SELECT id FROM organisation WHERE kind = 'teilprojekt' AND id "
	                    "!= (SELECT organisation_id FROM user_account WHERE email = "
	                    "'projekt@iq-demo.example') ORDER BY id LIMIT 1");
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "fremd@iq-demo.example", "--name", "Fremde Person", "--role",
	                         "submitter", "--organisation", tstr("%ld", other), NULL),
	                 0);
	struct client *o = client_new(s);
	assert_int_equal(login(o, "fremd@iq-demo.example", "ein langes Passwort"), 0);
	struct resp r;
	http_get(o, tstr("/vorschlag/%ld", id), &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(o, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(o, "/start", &r);
	resp_free(&r);
	http_post_csrf(o, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=save&title=x", revision_of(s, id)), &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_post_csrf(o, tstr("/vorschlag/%ld/zurueckziehen", id), "", &r);
	assert_status(&r, 404);
	resp_free(&r);

	/* The board does not see drafts; the office does; anonymous must log in. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(b, tstr("/vorschlag/%ld", id), &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(b, "/einreichung", &r);
	assert_status(&r, 403);
	resp_free(&r);
	struct client *admin = client_new(s);
	assert_int_equal(login(admin, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(admin, tstr("/vorschlag/%ld", id), &r);
	assert_status(&r, 200);
	resp_free(&r);
	struct client *anon = client_new(s);
	http_get(anon, tstr("/vorschlag/%ld", id), &r);
	assert_redirect(&r, tstr("/anmelden?next=/vorschlag/%ld", id));
	resp_free(&r);
	client_free(o);
	client_free(b);
	client_free(admin);
	client_free(anon);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_others_cannot_see_or_change_a_proposal, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_submission", tests, NULL, NULL);
}

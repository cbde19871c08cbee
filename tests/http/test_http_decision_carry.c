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
#include "decision_fixture.h"

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
	    srv_sql_value(
	        s, tstr("SELECT call_id || '|' || state || '|' || carried_from || '|' || "
	                "CASE WHEN title = (SELECT title FROM proposal WHERE id = %ld) THEN 1 "
	                "ELSE 0 END FROM "
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

/* Ordinary page views leave no error in the server's log: pages that show an empty form
 * (the rating form, the office's practice and proposal pages) do not report the form keys
 * a GET never has. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static void
get_ok(struct client *c, const char *path)
{
	struct resp r;
	assert_int_equal(http_get(c, path, &r), 200);
	resp_free(&r);
}

static void
test_page_views_log_no_error(void **state)
{
	struct srv *s = *state;
	long review = srv_sql_long(s, "SELECT p.id FROM proposal p JOIN call c ON c.id = p.call_id "
	                              "WHERE c.phase = 'review' AND p.state = 'in_review' ORDER BY "
	                              "p.id LIMIT 1");
	long practice = srv_sql_long(s, "SELECT id FROM practice ORDER BY id LIMIT 1");
	long proposal = srv_first_proposal(s, "submitted");
	assert_true(review > 0 && practice > 0 && proposal > 0);

	struct client *board = client_new(s);
	assert_int_equal(login(board, DEMO_BOARD, DEMO_PASSWORD), 0);
	get_ok(board, tstr("/gremium/vorschlag/%ld", review));
	client_free(board);

	struct client *office = client_new(s);
	assert_int_equal(login(office, DEMO_ADMIN, DEMO_PASSWORD), 0);
	get_ok(office, tstr("/gremium/vorschlag/%ld", review));
	get_ok(office, tstr("/admin/praxis/%ld", practice));
	get_ok(office, tstr("/admin/vorschlaege/%ld", proposal));
	client_free(office);

	assert_false(srv_log_wait(s, "is not in the route's table", 0));
	assert_false(srv_log_wait(s, " error ", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_page_views_log_no_error, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_quiet_log", tests, NULL, NULL);
}

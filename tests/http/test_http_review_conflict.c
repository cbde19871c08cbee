/* HTTP integration tests of conflicts of interest in the review: every route a conflicted
 * member might use (rating page, rating POST, conflict POST, attachments, the submitter's
 * page, lists, counts, the ranking and its exports), declared and office conflicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "review_fixture.h"
#include "review_setup.h"

static void
test_conflicted_member_on_every_route(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *b = as(s, NETWORK_MEMBER), *a = as(s, DEMO_BOARD);
	struct resp r;
	/* Lists and counts leave P1 out. */
	http_get(b, "/gremium", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Pflegebrücke München");
	assert_body_lacks(&r, "Lotsen Stuttgart");
	assert_body_has(&r, "0 of 1 proposals rated");
	resp_free(&r);
	/* The rating page, the submitter's page, the attachment: not found. */
	const char *paths[] = {rate_path(&v, v.p1), tstr("/vorschlag/%ld", v.p1),
	                       tstr("/vorschlag/%ld/anhaenge/%ld", v.p1, v.attachment)};
	for (int i = 0; i < 3; i++) {
		http_get(b, paths[i], &r);
		assert_status(&r, 404);
		assert_body_lacks(&r, "Lotsen Stuttgart");
		assert_body_lacks(&r, "Leitfaden");
		resp_free(&r);
	}
	/* A non-conflicted member gets the attachment. */
	http_get(a, tstr("/vorschlag/%ld/anhaenge/%ld", v.p1, v.attachment), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Leitfaden fuer das Gremium");
	resp_free(&r);
	/* A's submitted rating of P1 exists; B still sees nothing of it. */
	rate(a, &v, v.p1, 3, "Geheime Begründung", "submit");
	get_ok(b, "/gremium");
	http_post_csrf(b, rate_path(&v, v.p1), full_form(1, "Forged", "submit"), &r);
	assert_status(&r, 404);
	assert_body_lacks(&r, "Geheime Begründung");
	resp_free(&r);
	assert_int_equal(review_count(s, v.p1, v.b), 0);
	get_ok(b, "/gremium");
	http_post_csrf(b, tstr("%s/befangenheit", rate_path(&v, v.p1)), "reason=x", &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* Not an admin: the ranking and its exports are closed anyway. */
	const char *office[] = {"", ".csv", ".xlsx"};
	for (int i = 0; i < 3; i++) {
		http_get(b, tstr("/admin/ausschreibungen/%ld/ranking%s", v.call, office[i]), &r);
		assert_status(&r, 403);
		resp_free(&r);
	}
	/* Made an admin too, B's ranking and exports still leave P1 out; the office's not. */
	char *out = NULL;
	assert_int_equal(
	    srv_cli(s, NULL, &out, "user", "role", NETWORK_MEMBER, "admin,board", NULL), 0);
	free(out);
	client_free(b);
	b = as(s, NETWORK_MEMBER);
	struct client *office_c = as(s, DEMO_ADMIN);
	for (int i = 0; i < 2; i++) {
		http_get(b, tstr("/admin/ausschreibungen/%ld/ranking%s", v.call, office[i]), &r);
		assert_status(&r, 200);
		assert_body_has(&r, "Pflegebrücke München");
		assert_body_lacks(&r, "Lotsen Stuttgart");
		resp_free(&r);
		http_get(office_c, tstr("/admin/ausschreibungen/%ld/ranking%s", v.call, office[i]),
		         &r);
		assert_status(&r, 200);
		assert_body_has(&r, "Lotsen Stuttgart");
		resp_free(&r);
	}
	/* Even as an admin B cannot open P1's board page. */
	http_get(b, rate_path(&v, v.p1), &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(office_c);
	client_free(a);
	client_free(b);
}

static void
test_declared_and_office_conflicts(void **state)
{
	struct srv *s = *state;
	struct review_call v;
	prepare(s, &v);
	struct client *c = as(s, FACH_MEMBER), *admin = as(s, DEMO_ADMIN);
	struct resp r;
	/* The office's list names B's automatic conflict. */
	const char *board = tstr("/admin/ausschreibungen/%ld/gremium", v.call);
	http_get(admin, board, &r);
	assert_body_has(&r, "automatic (same organisation or network)");
	resp_free(&r);
	/* C declares a conflict on P2: a reason is required. */
	get_ok(c, rate_path(&v, v.p2));
	http_post_csrf(c, tstr("%s/befangenheit", rate_path(&v, v.p2)), "reason=", &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_post_csrf(c, tstr("%s/befangenheit", rate_path(&v, v.p2)),
	               tstr("reason=%s", tenc("Ich habe das Projekt beraten.")), &r);
	assert_redirect(&r, "/gremium");
	resp_free(&r);
	http_get(c, "/gremium", &r);
	assert_body_lacks(&r, "Pflegebrücke München");
	resp_free(&r);
	http_get(c, rate_path(&v, v.p2), &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* The office sets one for A on P1, with a reason; A loses P1. */
	get_ok(admin, board);
	http_post_csrf(admin, tstr("/admin/ausschreibungen/%ld/befangenheiten", v.call),
	               tstr("user=%ld&proposal=%ld&reason=", v.a, v.p1), &r);
	assert_status(&r, 422);
	resp_free(&r);
	http_post_csrf(admin, tstr("/admin/ausschreibungen/%ld/befangenheiten", v.call),
	               tstr("user=%ld&proposal=%ld&reason=%s", v.a, v.p1,
	                    tenc("Früher beim Träger beschäftigt.")),
	               &r);
	assert_redirect(&r, board);
	resp_free(&r);
	struct client *a = as(s, DEMO_BOARD);
	http_get(a, rate_path(&v, v.p1), &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(admin, board, &r);
	assert_body_has(&r, "declared by the member");
	assert_body_has(&r, "Ich habe das Projekt beraten.");
	assert_body_has(&r, "Früher beim Träger beschäftigt.");
	resp_free(&r);
	/* Lifted, P1 is back for A. Each change is in the audit log. */
	long cid = srv_sql_long(s, tstr("SELECT id FROM conflict WHERE user_id = %ld AND kind = "
	                                "'admin'",
	                                v.a));
	get_ok(admin, board);
	http_post_csrf(admin,
	               tstr("/admin/ausschreibungen/%ld/befangenheiten/%ld/aufheben", v.call, cid),
	               "", &r);
	assert_redirect(&r, board);
	resp_free(&r);
	get_ok(a, rate_path(&v, v.p1));
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE (action IN "
	                         "('conflict.declare', 'conflict.set', 'conflict.remove') "
	                         "AND object IN ('proposal:%ld', 'proposal:%ld')) OR "
	                         "(action = 'board.add' AND object = 'call:%ld')",
	                         v.p1, v.p2, v.call)),
	    6);
	client_free(a);
	client_free(c);
	client_free(admin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_conflicted_member_on_every_route, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_declared_and_office_conflicts, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

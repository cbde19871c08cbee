/* DESIGN.md §3: a conflict of interest excludes a person from the proposal in every role
 * they hold: an office member conflicted on a proposal opens none of its pages (the
 * office's included), files or decision; nor does one who sits on the board as well. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"

static long
office_id(struct srv *s)
{
	return srv_sql_long(s, "SELECT id FROM user_account WHERE email = '" DEMO_ADMIN "'");
}

/* The office member declares a conflict on the proposal (as the office would set it). */
static void
conflict_office(struct srv *s, long proposal)
{
	srv_sql_exec(s, tstr("INSERT INTO conflict(proposal_id, user_id, kind, reason, created_by, "
	                     "created_at) VALUES (%ld, %ld, 'admin', 'Berät den Träger.', %ld, "
	                     "1800000000)",
	                     proposal, office_id(s), office_id(s)));
}

static void
test_decision_hidden_from_a_conflicted_office_member(void **state)
{
	struct srv *s = *state;
	long id = srv_sql_long(s, "SELECT proposal_id FROM decision ORDER BY proposal_id LIMIT 1");
	assert_true(id > 0);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	long call = srv_sql_long(s, tstr("SELECT call_id FROM proposal WHERE id = %ld", id));
	const char *pages[] = {tstr("/gremium/vorschlag/%ld/beschluss", id),
	                       tstr("/admin/vorschlaege/%ld/beschluss", id),
	                       tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, id)};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(http_get(c, pages[i], &r), 200);
		resp_free(&r);
	}
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 200);
	assert_body_has(&r, "decision-letter-h");
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/ausschreibungen/%ld/protokoll.pdf", call), &r),
	                 200);
	resp_free(&r);
	conflict_office(s, id);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(http_get(c, pages[i], &r), 404);
		assert_body_lacks(&r, "Begründung");
		resp_free(&r);
	}
	/* Nor read or issue the call's decision record, which shows every vote. */
	assert_int_equal(http_get(c, tstr("/admin/ausschreibungen/%ld/protokoll.pdf", call), &r),
	                 403);
	resp_free(&r);
	/* Nor the sub-project's page, with its letter. */
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 404);
	assert_body_lacks(&r, "decision-letter-h");
	resp_free(&r);
	/* Nor can the office member amend it or send its letter. */
	http_get(c, "/konto", &r);
	resp_free(&r);
	http_post_csrf(c, tstr("/admin/vorschlaege/%ld/beschluss/brief", id), "", &r);
	assert_int_equal(r.status, 404);
	resp_free(&r);
	client_free(c);
}

static void
test_files_hidden_from_a_conflicted_office_member(void **state)
{
	struct srv *s = *state;
	long id = srv_first_proposal(s, "submitted");
	srv_sql_exec(s, tstr("INSERT INTO attachment(proposal_id, sha256, filename, content_type, "
	                     "size, uploaded_by, uploaded_at) VALUES (%ld, printf('%%064d', 7), "
	                     "'Vertraulich.pdf', 'application/pdf', 1024, %ld, 1800000000)",
	                     id, office_id(s)));
	long aid = srv_sql_long(s, "SELECT id FROM attachment WHERE filename = 'Vertraulich.pdf'");
	conflict_office(s, id);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/anhaenge/%ld", id, aid), &r), 404);
	resp_free(&r);
	/* Neither the proposal's page nor the office's page opens, let alone names the file. */
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 404);
	assert_body_lacks(&r, "Vertraulich.pdf");
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/admin/vorschlaege/%ld", id), &r), 404);
	assert_body_lacks(&r, "Vertraulich.pdf");
	resp_free(&r);
	client_free(c);
}

/* The office member sits on the board of the proposal's call as well. */
static void
make_office_a_board_member(struct srv *s, long call)
{
	srv_sql_exec(s, tstr("INSERT INTO user_role(user_id, role) VALUES (%ld, 'board') "
	                     "ON CONFLICT DO NOTHING",
	                     office_id(s)));
	srv_sql_exec(s, tstr("INSERT INTO board_member(call_id, user_id, constituency, "
	                     "added_by, added_at) VALUES (%ld, %ld, 'funder', %ld, 1800000000) "
	                     "ON CONFLICT DO NOTHING",
	                     call, office_id(s), office_id(s)));
}

/* Office and board member at once, and conflicted: 404 on every route of the proposal,
 * whichever role the route is for. */
static void
test_dual_role_conflicted_sees_nothing(void **state)
{
	struct srv *s = *state;
	long id = srv_sql_long(s, "SELECT proposal_id FROM decision ORDER BY proposal_id LIMIT 1");
	assert_true(id > 0);
	long call = srv_sql_long(s, tstr("SELECT call_id FROM proposal WHERE id = %ld", id));
	srv_sql_exec(s, tstr("INSERT INTO attachment(proposal_id, sha256, filename, content_type, "
	                     "size, uploaded_by, uploaded_at) VALUES (%ld, printf('%%064d', 7), "
	                     "'Vertraulich.pdf', 'application/pdf', 1024, %ld, 1800000000)",
	                     id, office_id(s)));
	long aid = srv_sql_long(s, "SELECT id FROM attachment WHERE filename = 'Vertraulich.pdf'");
	make_office_a_board_member(s, call);
	const char *pages[] = {tstr("/gremium/vorschlag/%ld", id),
	                       tstr("/gremium/vorschlag/%ld/beschluss", id),
	                       tstr("/admin/vorschlaege/%ld", id),
	                       tstr("/admin/vorschlaege/%ld/beschluss", id),
	                       tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, id),
	                       tstr("/vorschlag/%ld", id),
	                       tstr("/vorschlag/%ld/anhaenge/%ld", id, aid)};
	enum { NPAGES = sizeof pages / sizeof pages[0] };
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	/* Not conflicted, the pages open (the file's bytes are not stored: not 404 at least). */
	for (size_t i = 0; i < NPAGES - 1; i++) {
		if (http_get(c, pages[i], &r) != 200)
			fail_msg("%s: %ld before the conflict", pages[i], r.status);
		resp_free(&r);
	}
	conflict_office(s, id);
	for (size_t i = 0; i < NPAGES; i++) {
		if (http_get(c, pages[i], &r) != 404)
			fail_msg("%s: %ld for a conflicted office and board member", pages[i],
			         r.status);
		assert_body_lacks(&r, "Vertraulich.pdf");
		resp_free(&r);
	}
	client_free(c);
}

/* A draft has no decision: its /beschluss page is 404 like its board page. */
static void
test_draft_has_no_decision_page(void **state)
{
	struct srv *s = *state;
	long id = srv_first_proposal(s, "draft");
	assert_true(id > 0);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/gremium/vorschlag/%ld", id), &r), 404);
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/gremium/vorschlag/%ld/beschluss", id), &r), 404);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_decision_hidden_from_a_conflicted_office_member,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_files_hidden_from_a_conflicted_office_member,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_dual_role_conflicted_sees_nothing, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_draft_has_no_decision_page, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_conflicted_office", tests, NULL, NULL);
}

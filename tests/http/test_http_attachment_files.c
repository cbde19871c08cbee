/* HTTP integration tests for attachments: multipart upload through the dispatcher (CSRF
 * read from the multipart form), the download with its headers for those who may read the
 * proposal and 404 for others, and removal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "attachment_fixture.h"

static void
test_upload_and_download_by_the_owner(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	/* As a browser sends the name Bericht Übersicht "2026".pdf. */
	upload(c, id, "Bericht Übersicht %222026%22.pdf", pdf, sizeof pdf - 1, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten#anhaenge", id));
	resp_free(&r);
	assert_notice(c, "success", "The file has been attached.");
	assert_int_equal(attachment_rows(s, id, true), 1);
	long aid = srv_sql_long(s, tstr("SELECT id FROM attachment WHERE proposal_id = %ld", id));
	char *out = NULL;
	srv_sql(s,
	        tstr("SELECT filename || '|' || content_type || '|' || size FROM attachment "
	             "WHERE id = %ld",
	             aid),
	        &out);
	assert_non_null(strstr(
	    out, tstr("Bericht Übersicht \"2026\".pdf|application/pdf|%zu", sizeof pdf - 1)));
	free(out);
	/* The edit page lists it with a download link, a remove button and the upload form. */
	if (has_route("GET", "/vorschlag/:id/bearbeiten")) {
		assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
		assert_body_has(&r, "id=\"anhaenge\"");
		assert_body_has(&r, tstr("href=\"/vorschlag/%ld/anhaenge/%ld\"", id, aid));
		assert_body_has(&r,
		                tstr("action=\"/vorschlag/%ld/anhaenge/%ld/entfernen\"", id, aid));
		assert_body_has(&r, "enctype=\"multipart/form-data\"");
		assert_body_has(&r, "accept=\".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg\"");
		assert_true(html_has(r.body, "Bericht Übersicht \"2026\".pdf"));
		resp_free(&r);
	}
	/* The audit log has it. */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'attachment.add' AND object = 'proposal:%ld'",
	                                      id)),
	                 1);

	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/anhaenge/%ld", id, aid), &r), 200);
	assert_int_equal(r.body_len, sizeof pdf - 1);
	assert_memory_equal(r.body, pdf, r.body_len);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/pdf");
	assert_string_equal(resp_header(&r, "Content-Disposition"),
	                    "attachment; filename=\"Bericht _bersicht _2026_.pdf\"; "
	                    "filename*=UTF-8''Bericht%20%C3%9Cbersicht%20%222026%22.pdf");
	assert_non_null(strstr(resp_header(&r, "Cache-Control"), "private"));
	assert_string_equal(resp_header(&r, "X-Content-Type-Options"), "nosniff");
	const char *etag = resp_header(&r, "ETag");
	assert_non_null(etag);
	char *tag = strdup(etag);
	resp_free(&r);
	/* The same content again: 304, still for the owner only. */
	const char *hdr[] = {tstr("If-None-Match: %s", tag), NULL};
	struct req q = {.path = tstr("/vorschlag/%ld/anhaenge/%ld", id, aid), .headers = hdr};
	assert_int_equal(http_request(c, &q, &r), 304);
	resp_free(&r);
	free(tag);
	client_free(c);
}

static void
test_download_by_admin_other_organisation_board_anonymous(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	upload(c, id, "Bericht.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long aid = srv_sql_long(s, tstr("SELECT id FROM attachment WHERE proposal_id = %ld", id));
	const char *path = tstr("/vorschlag/%ld/anhaenge/%ld", id, aid);

	struct client *admin = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(http_get(admin, path, &r), 200);
	assert_memory_equal(r.body, pdf, sizeof pdf - 1);
	resp_free(&r);

	/* A submitter of another sub-project: the same 404 as for a proposal that is not. */
	long org = srv_sql_long(s, "SELECT organisation_id FROM user_account WHERE email = "
	                           "'" DEMO_SUBMITTER "'");
	long other =
	    srv_sql_long(s, tstr("SELECT id FROM organisation WHERE kind = 'teilprojekt' AND "
	                         "id <> %ld ORDER BY id LIMIT 1",
	                         org));
	assert_true(other > 0);
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "fremd@iq-demo.example", "--name", "Fremde Person", "--role",
	                         "submitter", "--organisation", tstr("%ld", other), NULL),
	                 0);
	struct client *stranger = login_english(s, "fremd@iq-demo.example", "ein langes Passwort");
	assert_int_equal(http_get(stranger, path, &r), 404);
	assert_body_lacks(&r, "%PDF");
	resp_free(&r);
	/* Nor can they add or remove files there. */
	http_get(stranger, "/start", &r);
	resp_free(&r);
	assert_int_equal(upload(stranger, id, "Fremd.pdf", pdf, sizeof pdf - 1, &r), 404);
	resp_free(&r);
	assert_int_equal(http_post_csrf(stranger, tstr("%s/entfernen", path), "", &r), 404);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, id, true), 1);

	/* A board member does not see drafts. */
	struct client *board = login_english(s, DEMO_BOARD, DEMO_PASSWORD);
	assert_int_equal(http_get(board, path, &r), 404);
	resp_free(&r);

	/* Anonymous: to the login, and nothing of the file. */
	struct client *anon = client_new(s);
	assert_int_equal(http_get(anon, path, &r), 303);
	assert_non_null(strstr(resp_header(&r, "Location"), "/anmelden?next="));
	assert_body_lacks(&r, "%PDF");
	resp_free(&r);

	/* An attachment id of another proposal is not found under this one. */
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/anhaenge/%ld", id, aid + 1000), &r), 404);
	resp_free(&r);
	client_free(anon);
	client_free(board);
	client_free(stranger);
	client_free(admin);
	client_free(c);
}

static void
test_removal(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	upload(c, id, "Bericht.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long aid = srv_sql_long(s, tstr("SELECT id FROM attachment WHERE proposal_id = %ld", id));
	const char *path = tstr("/vorschlag/%ld/anhaenge/%ld", id, aid);
	http_get(c, "/start", &r);
	resp_free(&r);
	/* Without the token: refused. */
	assert_int_equal(http_post_form(c, tstr("%s/entfernen", path), "", &r), 403);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, id, true), 1);
	http_post_csrf(c, tstr("%s/entfernen", path), "", &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten#anhaenge", id));
	resp_free(&r);
	assert_notice(c, "success", "The attachment has been removed.");
	assert_int_equal(attachment_rows(s, id, true), 0);
	assert_int_equal(attachment_rows(s, id, false), 1); /* marked, not deleted */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE action = "
	                                      "'attachment.remove' AND object = 'proposal:%ld'",
	                                      id)),
	                 1);
	/* Gone for the sub-project; the office still has it (versions may list it). */
	assert_int_equal(http_get(c, path, &r), 404);
	resp_free(&r);
	struct client *admin = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(http_get(admin, path, &r), 200);
	resp_free(&r);
	/* Removing twice: not found. */
	http_get(c, "/start", &r);
	resp_free(&r);
	assert_int_equal(http_post_csrf(c, tstr("%s/entfernen", path), "", &r), 404);
	resp_free(&r);
	client_free(admin);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_upload_and_download_by_the_owner, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_download_by_admin_other_organisation_board_anonymous, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_removal, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* HTTP integration tests for attachments refused: lying files with their reason, no CSRF
 * token, a malformed body, someone who may not edit, and the limits. */
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

/* A PNG's first bytes are what libmagic looks at. */
static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00"
                          "\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55";

static void
test_lying_files_refused_with_reason(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	static const char text[] = "Nur Text, kein PDF.\n";
	upload(c, id, "Bericht.pdf", text, sizeof text - 1, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten#anhaenge", id));
	resp_free(&r);
	assert_notice(c, "error", "The file name says PDF, but the content is not a PDF file.");

	upload(c, id, "Konzept.docx", png, sizeof png - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "error", "The file name says DOCX, but the content is PNG.");

	upload(c, id, "Programm.exe", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "error",
	              "Only these file types can be attached: PDF, DOCX, XLSX, ODT, "
	              "ODS, PNG, JPEG.");

	upload(c, id, "", "", 0, &r); /* the form sent without choosing a file */
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "error", "Please choose a file to upload.");

	assert_int_equal(attachment_rows(s, id, false), 0);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM audit_event WHERE action LIKE "
	                                 "'attachment.%'"),
	                 0);
	client_free(c);
}

static void
test_upload_needs_csrf(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	assert_int_equal(post_file(c, path, NULL, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 403);
	resp_free(&r);
	assert_int_equal(post_file(c, path, "forged-token", "Bericht.pdf", pdf, sizeof pdf - 1, &r),
	                 403);
	resp_free(&r);
	/* A token of another session is no better. */
	struct client *other = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	const char *foreign = tstr("%s", client_csrf(other));
	assert_int_equal(post_file(c, path, foreign, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 403);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, id, false), 0);
	client_free(other);
	client_free(c);
}

static void
test_malformed_multipart_is_400(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	struct resp r;
	/* No boundary parameter. */
	struct req q = {.method = "POST",
	                .path = path,
	                .body = "irgendwas",
	                .content_type = "multipart/form-data"};
	assert_int_equal(http_request(c, &q, &r), 400);
	resp_free(&r);
	/* A page with a form first: with no or a wrong token, a file part is refused (403)
	 * before the body is read further, whatever follows. */
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	/* The body ends inside the file part. */
	const char *cut = tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\""
	                       "\r\n\r\n%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
	                       "name=\"file\"; filename=\"a.pdf\"\r\n\r\n%%PDF-1.4 und dann nichts",
	                       client_csrf(c));
	q = (struct req){.method = "POST",
	                 .path = path,
	                 .body = cut,
	                 .content_type = "multipart/form-data; boundary=" BOUNDARY};
	assert_int_equal(http_request(c, &q, &r), 400);
	resp_free(&r);
	/* A text field that is not UTF-8. */
	const char *bad = tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\""
	                       "\r\n\r\n%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; "
	                       "name=\"note\"\r\n\r\n\xff\xfe\r\n--" BOUNDARY "--\r\n",
	                       client_csrf(c));
	q.body = bad;
	assert_int_equal(http_request(c, &q, &r), 400);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, id, false), 0);
	client_free(c);
}

/* The office may read but not change a sub-project's attachments; nobody changes them
 * once the proposal is submitted. */
static void
test_only_editors_upload(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	struct client *admin = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	assert_int_equal(upload(admin, id, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 403);
	resp_free(&r);
	assert_int_equal(
	    srv_sql(s, tstr("UPDATE proposal SET state = 'submitted' WHERE id = %ld", id), NULL),
	    0);
	assert_int_equal(upload(c, id, "Bericht.pdf", pdf, sizeof pdf - 1, &r), 403);
	resp_free(&r);
	assert_int_equal(attachment_rows(s, id, false), 0);
	client_free(admin);
	client_free(c);
}

/* A server with small limits: 1 MB per file, 2 files per proposal. */
static int
small_limits_setup(void **state)
{
	struct srv *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->serve_args[0] = "--max-upload-mb";
	s->serve_args[1] = "1";
	s->serve_args[2] = "--max-attachments";
	s->serve_args[3] = "2";
	if (srv_start(s) != 0) {
		srv_stop(s);
		free(s);
		return -1;
	}
	*state = s;
	return 0;
}

static void
test_limits(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	long id = new_draft(s, c);
	struct resp r;
	size_t big_len = 1024 * 1024 + 1;
	char *big = malloc(big_len);
	assert_non_null(big);
	memset(big, ' ', big_len);
	memcpy(big, pdf, sizeof pdf - 1);
	upload(c, id, "Gross.pdf", big, big_len, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "error", "The file is too large: at most 1 MB per file.");
	/* Exactly the limit is fine. */
	upload(c, id, "Genau.pdf", big, big_len - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "success", "The file has been attached.");
	free(big);
	upload(c, id, "Zwei.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "success", "The file has been attached.");
	upload(c, id, "Drei.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_notice(c, "error",
	              "A proposal can have at most 2 attachments. Remove one to add "
	              "another.");
	assert_int_equal(attachment_rows(s, id, true), 2);
	/* The same bytes twice are stored once. */
	char *out = NULL;
	assert_int_equal(
	    run_cmd((const char *const[]){"sh", "-c", tstr("find %s/files -type f | wc -l", s->dir),
	                                  NULL},
	            NULL, &out),
	    0);
	assert_int_equal(strtol(out, NULL, 10), 2);
	free(out);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lying_files_refused_with_reason, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_upload_needs_csrf, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_malformed_multipart_is_400, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_only_editors_upload, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_limits, small_limits_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

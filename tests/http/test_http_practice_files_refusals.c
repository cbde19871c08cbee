/* HTTP integration tests of a practice's image and downloads refused: refusals come back
 * at their field with the reason; others may not upload, nor without the CSRF token. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "practice_files_fixture.h"

static const char text[] = "Nur ein Text, kein Bild.\n";

/* ---- helpers ---- */

static long
file_rows(struct srv *s, long practice)
{
	return sql_long(
	    s, tstr("SELECT count(*) FROM practice_file WHERE practice_id = %ld", practice));
}

/* The field's error paragraph on a page shown again, with the reason in it. */
static void
assert_field_error(struct resp *r, const char *field, const char *reason)
{
	char *p = str_between(r->body, tstr("id=\"f-%s-error\"", field), "</p>");
	if (!p || !html_has(p, reason)) {
		resp_dump(r);
		fail_msg("no error \"%s\" at the field %s", reason, field);
	}
	free(p);
	assert_body_has(r, tstr("href=\"#f-%s\"", field)); /* the summary links to it */
}

static void
test_refusals(void **state)
{
	struct srv *s = *state;
	const char *slug;
	long id = published(s, &slug);
	struct client *c = logged_in(s, DEMO_ADMIN);
	struct resp r;
	/* A PDF as the image. */
	assert_int_equal(upload(c, id, true, "Ein Bild", "bericht.pdf", pdf, sizeof pdf - 1, &r),
	                 422);
	assert_field_error(&r, "image", "The image must be a PNG or JPEG file.");
	/* The page is the edit page again, with the practice's stored values and terms. */
	assert_body_has(&r, "name=\"situation\"");
	long term =
	    sql_long(s, tstr("SELECT min(term_id) FROM practice_term WHERE practice_id = %ld", id));
	assert_true(term > 0);
	assert_body_has(&r, tstr("value=\"%ld\" checked", term));
	assert_body_has(&r, "value=\"Ein Bild\""); /* what was typed stays */
	resp_free(&r);
	/* A text that calls itself a PNG. */
	assert_int_equal(upload(c, id, true, "Ein Bild", "bild.png", text, sizeof text - 1, &r),
	                 422);
	assert_field_error(&r, "image",
	                   "The file name says PNG, but the content is not a PNG file.");
	resp_free(&r);
	/* No text alternative: refused, whatever the file. */
	assert_int_equal(upload(c, id, true, "", "bild.png", png, sizeof png - 1, &r), 422);
	assert_field_error(&r, "image_alt", "Please describe the image");
	resp_free(&r);
	assert_int_equal(upload(c, id, true, "   ", "bild.png", png, sizeof png - 1, &r), 422);
	assert_field_error(&r, "image_alt", "Please describe the image");
	resp_free(&r);
	/* No file. */
	assert_int_equal(upload(c, id, true, "Ein Bild", "", "", 0, &r), 422);
	assert_field_error(&r, "image", "Please choose a file to upload.");
	resp_free(&r);
	/* A download of a type that is not allowed, and one without a title. */
	assert_int_equal(upload(c, id, false, "Notizen", "notizen.txt", text, sizeof text - 1, &r),
	                 422);
	assert_field_error(&r, "download", "Only these file types can be attached:");
	resp_free(&r);
	assert_int_equal(upload(c, id, false, "", "Leitfaden.pdf", pdf, sizeof pdf - 1, &r), 422);
	assert_field_error(&r, "download_title", "This field is required.");
	resp_free(&r);
	/* Nothing was stored or audited. */
	assert_int_equal(file_rows(s, id), 0);
	assert_int_equal(sql_long(s, "SELECT count(*) FROM audit_event WHERE action LIKE "
	                             "'practice.file%'"),
	                 0);
	/* An unknown practice. */
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	const char *csrf = tstr("%s", client_csrf(c));
	assert_int_equal(post_multipart(c, "/admin/praxis/999999/bild", csrf, "image_alt", "x",
	                                "image", "bild.png", png, sizeof png - 1, &r),
	                 404);
	resp_free(&r);
	client_free(c);
}

static void
test_permissions_and_csrf(void **state)
{
	struct srv *s = *state;
	const char *slug;
	long id = published(s, &slug);
	const char *paths[] = {tstr("/admin/praxis/%ld/bild", id),
	                       tstr("/admin/praxis/%ld/downloads", id)};
	struct resp r;
	/* Anonymous: to the login, with or without a token of the login page. */
	struct client *anon = client_new(s);
	assert_int_equal(http_get(anon, "/anmelden", &r), 200);
	resp_free(&r);
	const char *anon_csrf = tstr("%s", client_csrf(anon));
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(post_multipart(anon, paths[i], anon_csrf, "image_alt", "x",
		                                "image", "bild.png", png, sizeof png - 1, &r),
		                 303);
		assert_location(&r, "/anmelden?next=/start");
		resp_free(&r);
	}
	client_free(anon);
	/* The sub-project and the board: refused, with a valid token of their own session. */
	const char *const others[] = {DEMO_SUBMITTER, DEMO_BOARD};
	for (size_t k = 0; k < 2; k++) {
		struct client *o = logged_in(s, others[k]);
		assert_int_equal(http_get(o, "/konto", &r), 200);
		resp_free(&r);
		const char *csrf = tstr("%s", client_csrf(o));
		for (size_t i = 0; i < 2; i++) {
			assert_int_equal(post_multipart(o, paths[i], csrf, "download_title", "x",
			                                "download", "a.pdf", pdf, sizeof pdf - 1,
			                                &r),
			                 403);
			resp_free(&r);
		}
		assert_int_equal(http_get(o, tstr("/admin/praxis/%ld", id), &r), 403);
		resp_free(&r);
		client_free(o);
	}
	/* The office without a token, or with another session's. */
	struct client *c = logged_in(s, DEMO_ADMIN);
	assert_int_equal(post_multipart(c, paths[0], NULL, "image_alt", "x", "image", "bild.png",
	                                png, sizeof png - 1, &r),
	                 403);
	resp_free(&r);
	struct client *c2 = logged_in(s, DEMO_ADMIN);
	assert_int_equal(http_get(c2, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	assert_int_equal(post_multipart(c, paths[1], tstr("%s", client_csrf(c2)), "download_title",
	                                "x", "download", "a.pdf", pdf, sizeof pdf - 1, &r),
	                 403);
	resp_free(&r);
	client_free(c2);
	assert_int_equal(file_rows(s, id), 0);
	/* With its own token the office may; removing needs the token too. */
	upload(c, id, false, "Leitfaden", "a.pdf", pdf, sizeof pdf - 1, &r);
	assert_status(&r, 303);
	resp_free(&r);
	long doc = file_id(s, id, "a.pdf");
	assert_int_equal(
	    http_post_form(c, tstr("/admin/praxis/%ld/dateien/%ld/entfernen", id, doc), "", &r),
	    403);
	resp_free(&r);
	assert_int_equal(
	    sql_long(s, tstr("SELECT removed_at IS NULL FROM practice_file WHERE id = %ld", doc)),
	    1);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_refusals, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_permissions_and_csrf, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

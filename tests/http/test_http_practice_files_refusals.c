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

#define BOUNDARY "----LeuchtturmPracticeFiles9c2e"

static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                          "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                          "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
/* A PNG's signature and header chunk (640 × 480): what libmagic and the page look at. */
static const char png[] = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x02\x80\x00\x00\x01"
                          "\xe0\x08\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00IEND"
                          "\xae\x42\x60\x82";
static const char text[] = "Nur ein Text, kein Bild.\n";

/* ---- helpers ---- */

static const char *
sql_value(struct srv *s, const char *sql)
{
	char *out = NULL;
	assert_int_equal(srv_sql(s, sql, &out), 0);
	out[strcspn(out, "\n")] = '\0';
	const char *v = tstr("%s", out);
	free(out);
	return v;
}

static long
sql_long(struct srv *s, const char *sql)
{
	return strtol(sql_value(s, sql), NULL, 10);
}

static struct client *
logged_in(struct srv *s, const char *email)
{
	/* The account's language wins over Accept-Language: make it English. */
	assert_int_equal(
	    srv_sql(s, tstr("UPDATE user_account SET locale = 'en' WHERE email = '%s'", email),
	            NULL),
	    0);
	struct client *c = client_new(s);
	client_header(c, "Accept-Language: en");
	assert_int_equal(login(c, email, DEMO_PASSWORD), 0);
	return c;
}

/* A published practice of the demo: its id, and its slug in *slug. */
static long
published(struct srv *s, const char **slug)
{
	long id = sql_long(s, "SELECT min(id) FROM practice WHERE status = 'published'");
	assert_true(id > 0);
	*slug = sql_value(s, tstr("SELECT slug FROM practice WHERE id = %ld", id));
	return id;
}

/* POSTs a multipart form: _csrf (unless NULL), one text field (unless key is NULL) and one
 * file part (unless field is NULL). */
static long
post_multipart(struct client *c, const char *path, const char *csrf, const char *key,
               const char *value, const char *field, const char *filename, const char *data,
               size_t n, struct resp *r)
{
	size_t cap = n + 2048 + (value ? strlen(value) : 0) + (filename ? strlen(filename) : 0);
	char *body = malloc(cap);
	assert_non_null(body);
	size_t len = 0;
	if (csrf)
		len += (size_t)snprintf(body + len, cap - len,
		                        "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		                        "name=\"_csrf\"\r\n\r\n%s\r\n",
		                        csrf);
	if (key)
		len += (size_t)snprintf(body + len, cap - len,
		                        "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		                        "name=\"%s\"\r\n\r\n%s\r\n",
		                        key, value);
	if (field) {
		len += (size_t)snprintf(body + len, cap - len,
		                        "--" BOUNDARY "\r\nContent-Disposition: form-data; "
		                        "name=\"%s\"; filename=\"%s\"\r\nContent-Type: "
		                        "application/octet-stream\r\n\r\n",
		                        field, filename);
		memcpy(body + len, data, n);
		len += n;
		len += (size_t)snprintf(body + len, cap - len, "\r\n");
	}
	len += (size_t)snprintf(body + len, cap - len, "--" BOUNDARY "--\r\n");
	struct req q = {.method = "POST",
	                .path = path,
	                .body = body,
	                .body_len = len,
	                .content_type = "multipart/form-data; boundary=" BOUNDARY};
	long status = http_request(c, &q, r);
	free(body);
	return status;
}

/* Opens the practice's edit page (for a fresh token) and uploads. */
static long
upload(struct client *c, long id, bool image, const char *text_value, const char *filename,
       const char *data, size_t n, struct resp *r)
{
	struct resp page;
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &page), 200);
	resp_free(&page);
	const char *csrf = tstr("%s", client_csrf(c));
	return post_multipart(c, tstr("/admin/praxis/%ld/%s", id, image ? "bild" : "downloads"),
	                      csrf, image ? "image_alt" : "download_title", text_value,
	                      image ? "image" : "download", filename, data, n, r);
}

static long
file_id(struct srv *s, long practice, const char *filename)
{
	return sql_long(s, tstr("SELECT max(id) FROM practice_file WHERE practice_id = %ld AND "
	                        "filename = '%s'",
	                        practice, filename));
}

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

/* HTTP integration tests of /praxis/SLUG/transferpaket.zip: a zip (read back by unzip) with
 * a README, metadata.json, the practice's PDF and its public downloads with their bytes; the
 * same bytes twice, revalidated by its ETag, following an added download; 404 for a
 * practice that is not published. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "transfer_fixture.h"

#define BOUNDARY "----leuchtturm-package-test"
#define GUIDE "%PDF-1.4\n% Leitfaden fuer die Uebernahme\n"

/* Uploads a download to practice id as the office (c is logged in). */
static void
upload_download(struct client *c, long id, const char *title, const char *filename,
                const char *data)
{
	struct resp r;
	assert_int_equal(http_get(c, tstr("/admin/praxis/%ld", id), &r), 200);
	resp_free(&r);
	const char *body = tstr(
	    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n%s\r\n"
	    "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"download_title\"\r\n\r\n"
	    "%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"download\"; "
	    "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n%s\r\n--" BOUNDARY
	    "--\r\n",
	    client_csrf(c), title, filename, data);
	struct req q = {.method = "POST",
	                .path = tstr("/admin/praxis/%ld/downloads", id),
	                .body = body,
	                .content_type = "multipart/form-data; boundary=" BOUNDARY};
	http_request(c, &q, &r);
	assert_status(&r, 303);
	resp_free(&r);
}

/* unzip's output for the arguments (the archive's path last but one or last). */
static char *
unzip(const char *a, const char *b, const char *c)
{
	const char *argv[] = {"unzip", a, b, c, NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fail_msg("unzip %s %s %s failed (%d): %s", a, b, c ? c : "", rc, out ? out : "");
	return out;
}

static void
test_package(void **state)
{
	struct srv *s = *state;
	long id = srv_sql_long(s, "SELECT id FROM practice WHERE slug = '" TR_SLUG "'");
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	upload_download(o, id, "Leitfaden für die Übernahme", "leitfaden.pdf", GUIDE);

	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(http_get(c, "/praxis/" TR_SLUG "/transferpaket.zip", &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/zip");
	assert_string_equal(resp_header(&r, "Content-Disposition"),
	                    "attachment; filename=\"" TR_SLUG "-transferpaket.zip\"");
	assert_true(r.body_len > 1000 && memcmp(r.body, "PK\x03\x04", 4) == 0);
	const char *etag = tstr("%s", resp_header(&r, "ETag"));
	assert_true(etag[0]);
	const char *zip = resp_save(s, &r, "paket.zip");

	/* Every entry reads back with its CRC; the names in order. */
	char *out = unzip("-tq", zip, NULL);
	assert_non_null(strstr(out, "No errors"));
	free(out);
	out = unzip("-Z1", zip, NULL);
	assert_string_equal(out, "README.txt\nmetadata.json\n" TR_SLUG ".pdf\n"
	                         "downloads/01-leitfaden.pdf\n");
	free(out);
	out = unzip("-p", zip, "downloads/01-leitfaden.pdf");
	assert_string_equal(out, GUIDE);
	free(out);
	out = unzip("-p", zip, TR_SLUG ".pdf");
	assert_true(strncmp(out, "%PDF", 4) == 0);
	free(out);
	out = unzip("-p", zip, "README.txt");
	assert_non_null(strstr(out, "downloads/01-leitfaden.pdf: Leitfaden für die Übernahme"));
	assert_non_null(strstr(out, "/praxis/" TR_SLUG "/interesse"));
	assert_non_null(strstr(out, TR_CONTACT));
	free(out);
	out = unzip("-p", zip, "metadata.json");
	assert_non_null(strstr(out, "\"slug\":\"" TR_SLUG "\""));
	assert_non_null(strstr(out, "\"name\":\"downloads/01-leitfaden.pdf\""));
	free(out);

	/* The same bytes again; the client's copy is current by its ETag. */
	struct resp again;
	http_get(c, "/praxis/" TR_SLUG "/transferpaket.zip", &again);
	assert_int_equal(again.body_len, r.body_len);
	assert_memory_equal(again.body, r.body, r.body_len);
	resp_free(&again);
	const char *hdrs[] = {tstr("If-None-Match: %s", etag), NULL};
	struct req q = {.path = "/praxis/" TR_SLUG "/transferpaket.zip", .headers = hdrs};
	http_request(c, &q, &again);
	assert_status(&again, 304);
	resp_free(&again);
	/* HEAD tells the length without the body. */
	struct req head = {.method = "HEAD", .path = "/praxis/" TR_SLUG "/transferpaket.zip"};
	http_request(c, &head, &again);
	assert_status(&again, 200);
	assert_string_equal(resp_header(&again, "Content-Length"), tstr("%zu", r.body_len));
	resp_free(&again);
	resp_free(&r);

	/* A second download: in the package at once, under a new ETag. */
	upload_download(o, id, "Checkliste", "leitfaden.pdf", "%PDF-1.4\n% Checkliste\n");
	http_request(c, &q, &r);
	assert_status(&r, 200);
	assert_string_not_equal(resp_header(&r, "ETag"), etag);
	zip = resp_save(s, &r, "paket2.zip");
	out = unzip("-Z1", zip, NULL);
	assert_non_null(strstr(out, "downloads/01-leitfaden.pdf\ndownloads/02-leitfaden.pdf\n"));
	free(out);
	resp_free(&r);
	client_free(o);
	client_free(c);
}

static void
test_package_only_published(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis/gibt-es-nicht/transferpaket.zip", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(c, "/praxis/..%2F..%2Fetc/transferpaket.zip", &r);
	assert_status(&r, 404);
	resp_free(&r);
	const char *slug =
	    srv_sql_value(s, "SELECT coalesce(min(slug), '') FROM practice WHERE status <> "
	                     "'published'");
	if (slug[0]) {
		http_get(c, tstr("/praxis/%s/transferpaket.zip", slug), &r);
		assert_status(&r, 404);
		resp_free(&r);
	}
	/* The practice page links the package. */
	http_get(c, "/praxis/" TR_SLUG, &r);
	assert_body_has(&r, "href=\"/praxis/" TR_SLUG "/transferpaket.zip\"");
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_package),
	    cmocka_unit_test(test_package_only_published),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}

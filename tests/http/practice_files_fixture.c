/* Shared by tests/http/test_http_practice_files_*.c: a practice's files and their uploads. */
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

/* A client logged in as email, in English. */
struct client *
logged_in(struct srv *s, const char *email)
{
	return login_english(s, email, DEMO_PASSWORD);
}

/* A published practice of the demo: its id, and its slug in *slug. */
long
published(struct srv *s, const char **slug)
{
	long id = sql_long(s, "SELECT min(id) FROM practice WHERE status = 'published'");
	assert_true(id > 0);
	*slug = sql_value(s, tstr("SELECT slug FROM practice WHERE id = %ld", id));
	return id;
}

/* POSTs a multipart form: _csrf (unless NULL), one text field (unless key is NULL) and one
 * file part (unless field is NULL). */
long
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
long
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

/* The id of the practice's newest file with this filename. */
long
file_id(struct srv *s, long practice, const char *filename)
{
	return sql_long(s, tstr("SELECT max(id) FROM practice_file WHERE practice_id = %ld AND "
	                        "filename = '%s'",
	                        practice, filename));
}

/* Shared by tests/http/test_http_attachment_*.c: drafts with attachments and their uploads. */
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

/* Whether src/routes.c has a route with this method and pattern. */
bool
has_route(const char *method, const char *pattern)
{
	struct route_row rows[256];
	int n = routes_read(rows, 256);
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].method, method) == 0 && strcmp(rows[i].pattern, pattern) == 0)
			return true;
	return false;
}

/* A draft of the demo submitter's organisation: made through the dashboard when that route
 * exists, else written straight into the database (with an open call if there is none). */
long
new_draft(struct srv *s, struct client *c)
{
	struct resp r;
	if (has_route("POST", "/einreichung/neu")) {
		long call =
		    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'open' ORDER BY id LIMIT 1");
		assert_true(call > 0);
		http_get(c, "/start", &r);
		resp_free(&r);
		http_post_csrf(c, "/einreichung/neu", tstr("call_id=%ld", call), &r);
		assert_status(&r, 303);
		long id = 0;
		assert_int_equal(
		    sscanf(resp_header(&r, "Location"), "/vorschlag/%ld/bearbeiten", &id), 1);
		resp_free(&r);
		return id;
	}
	assert_int_equal(
	    srv_sql(
	        s,
	        "INSERT INTO call(title, opens_at, closes_at, review_until, meeting_at, phase, "
	        "created_at, updated_at) SELECT 'Testrunde', 0, 4000000000, 4000000001, "
	        "4000000002, 'open', 0, 0 WHERE NOT EXISTS (SELECT 1 FROM call WHERE phase = "
	        "'open');"
	        "INSERT INTO proposal(call_id, organisation_id, created_by, updated_by, "
	        "created_at, updated_at) SELECT (SELECT min(id) FROM call WHERE phase = 'open'), "
	        "organisation_id, id, id, 0, 0 FROM user_account WHERE email = "
	        "'" DEMO_SUBMITTER "'",
	        NULL),
	    0);
	return srv_sql_long(s, "SELECT max(id) FROM proposal");
}

/* POSTs a multipart form with _csrf (unless csrf is NULL) and one file in "file". */
long
post_file(struct client *c, const char *path, const char *csrf, const char *filename,
          const char *data, size_t n, struct resp *r)
{
	size_t cap = n + 1024 + strlen(filename);
	char *body = malloc(cap);
	assert_non_null(body);
	int len = 0;
	if (csrf)
		len += snprintf(body, cap,
		                "--" BOUNDARY
		                "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
		                "%s\r\n",
		                csrf);
	len += snprintf(body + len, cap - (size_t)len,
	                "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
	                "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
	                filename);
	memcpy(body + len, data, n);
	len += (int)n;
	len += snprintf(body + len, cap - (size_t)len, "\r\n--" BOUNDARY "--\r\n");
	struct req q = {.method = "POST",
	                .path = path,
	                .body = body,
	                .body_len = (size_t)len,
	                .content_type = "multipart/form-data; boundary=" BOUNDARY};
	long status = http_request(c, &q, r);
	free(body);
	return status;
}

/* Uploads a file to the attachments of proposal id. */
long
upload(struct client *c, long id, const char *filename, const char *data, size_t n, struct resp *r)
{
	const char *csrf = client_csrf(c);
	assert_non_null(csrf);
	return post_file(c, tstr("/vorschlag/%ld/anhaenge", id), tstr("%s", csrf), filename, data,
	                 n, r);
}

/* How many attachments proposal has (only the current ones if current_only). */
long
attachment_rows(struct srv *s, long proposal, bool current_only)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld%s",
	                            proposal, current_only ? " AND removed_at IS NULL" : ""));
}

/* The one-time notice the next page shows, checked on /start. */
void
assert_notice(struct client *c, const char *kind, const char *text)
{
	struct resp r;
	assert_int_equal(http_get(c, "/start", &r), 200);
	assert_body_has(&r, tstr("notice notice-%s", kind));
	if (!html_has(r.body, text)) {
		resp_dump(&r);
		fail_msg("the notice lacks \"%s\"", text);
	}
	resp_free(&r);
}

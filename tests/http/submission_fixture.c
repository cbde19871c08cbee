/* Shared by tests/http/test_http_submission_*.c and test_http_caps.c: the open call, its submitter
 * and drafts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "submission_fixture.h"

/* The first call in the open phase. */
long
open_call(struct srv *s)
{
	long id = srv_sql_long(s, "SELECT id FROM call WHERE phase = 'open' ORDER BY id LIMIT 1");
	assert_true(id > 0);
	return id;
}

/* Logs in and switches the account to English, so pages can be checked by their text
 * (the account's own language wins over the browser's). */
struct client *
english_login(struct srv *s, const char *email, const char *password)
{
	struct client *c = client_new(s);
	assert_int_equal(login(c, email, password), 0);
	struct resp r;
	http_get(c, "/konto", &r);
	resp_free(&r);
	http_post_csrf(c, "/konto", "name=Test%20Person&locale=en", &r);
	assert_status(&r, 303);
	resp_free(&r);
	return c;
}

/* The demo submitter, logged in, in English. */
struct client *
submitter(struct srv *s)
{
	return english_login(s, DEMO_SUBMITTER, DEMO_PASSWORD);
}

/* Creates a draft through the dashboard and returns its id. */
long
new_draft(struct srv *s, struct client *c)
{
	struct resp r;
	assert_int_equal(http_get(c, "/einreichung", &r), 200);
	assert_body_has(&r, "Start a new proposal");
	resp_free(&r);
	http_post_csrf(c, "/einreichung/neu", tstr("call_id=%ld", open_call(s)), &r);
	assert_status(&r, 303);
	const char *loc = resp_header(&r, "Location");
	long id = 0;
	assert_int_equal(sscanf(loc, "/vorschlag/%ld/bearbeiten", &id), 1);
	resp_free(&r);
	return id;
}

/* The revision of proposal id. */
long
revision_of(struct srv *s, long id)
{
	return srv_sql_long(s, tstr("SELECT revision FROM proposal WHERE id = %ld", id));
}

/* The id of the taxonomy term kind/key. */
long
term_id(struct srv *s, const char *kind, const char *key)
{
	return srv_sql_long(
	    s, tstr("SELECT id FROM taxonomy_term WHERE kind = '%s' AND key = '%s'", kind, key));
}

/* A complete proposal form at revision with the texts t (URL-encoded here) and the demo's
 * terms; more ("" or "&name=value...") follows the revision. */
const char *
proposal_form(struct srv *s, long revision, const char *more, const struct proposal_texts *t)
{
	return tstr("revision=%ld%s&title=%s&teaser=%s&in_use_since=2022&art=%ld"
	            "&term=%ld&term=%ld&term=%ld&term=%ld"
	            "&situation=%s&implementation=%s&resources=%s&results=%s&experience=%s"
	            "&transfer_requirements=%s&transfer_effort=%s&transfer_materials="
	            "&links=&contact_name=%s&contact_email=%s&contact_phone="
	            "&self_transferable=%s&self_innovative=%s&self_sustainable=%s"
	            "&self_efficient_creation=%s&self_efficient_transfer=%s",
	            revision, more, tenc(t->title), tenc(t->teaser),
	            term_id(s, "art", "instrument"),
	            term_id(s, "handlungsfeld", "anerkennungsberatung"),
	            term_id(s, "zielgruppe", "gefluechtete"), term_id(s, "adressat", "jobcenter"),
	            term_id(s, "bundesland", "bw"), tenc(t->situation), tenc(t->implementation),
	            tenc(t->resources), tenc(t->results), tenc(t->experience),
	            tenc(t->transfer_requirements), tenc(t->transfer_effort), tenc(t->contact_name),
	            tenc(t->contact_email), tenc(t->self[0]), tenc(t->self[1]), tenc(t->self[2]),
	            tenc(t->self[3]), tenc(t->self[4]));
}

/* Writes name/value pairs (ending in NULL) as text parts. */
static void
text_parts(FILE *f, const char *const *fields)
{
	for (size_t i = 0; fields && fields[i]; i += 2)
		fprintf(f,
		        "--" SUBMISSION_BOUNDARY "\r\nContent-Disposition: form-data; "
		        "name=\"%s\"\r\n\r\n%s\r\n",
		        fields[i], fields[i + 1]);
}

const char *
multipart_body_as(const char *field, const char *const *fields, const char *filename,
                  const char *data, size_t n, const char *const *after, size_t *len)
{
	char *body = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&body, &size);
	text_parts(f, fields);
	if (filename) {
		fprintf(f,
		        "--" SUBMISSION_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\"; "
		        "filename=\"%s\"\r\nContent-Type: application/pdf\r\n\r\n",
		        field, filename);
		fwrite(data, 1, n, f);
		fputs("\r\n", f);
	}
	text_parts(f, after);
	fputs("--" SUBMISSION_BOUNDARY "--\r\n", f);
	fclose(f);
	*len = size;
	const char *copy = tstr("%.*s", (int)size, body);
	free(body);
	return copy;
}

const char *
multipart_body(const char *const *fields, const char *filename, const char *data, size_t n,
               const char *const *after, size_t *len)
{
	return multipart_body_as("file", fields, filename, data, n, after, len);
}

long
post_multipart_as(struct client *c, const char *path, const char *field, const char *const *fields,
                  const char *filename, const char *data, size_t n, const char *const *after,
                  struct resp *r)
{
	size_t len;
	const char *body = multipart_body_as(field, fields, filename, data, n, after, &len);
	return http_request(
	    c,
	    &(struct req){.method = "POST",
	                  .path = path,
	                  .body = body,
	                  .body_len = len,
	                  .content_type = "multipart/form-data; boundary=" SUBMISSION_BOUNDARY},
	    r);
}

long
post_multipart(struct client *c, const char *path, const char *const *fields, const char *filename,
               const char *data, size_t n, const char *const *after, struct resp *r)
{
	return post_multipart_as(c, path, "file", fields, filename, data, n, after, r);
}

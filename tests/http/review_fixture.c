/* Shared by tests/http/test_http_review_{rating,conflict,ranking}.c: the rating form of the review
 * board. */
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
#include "review_setup.h"
#include "review_fixture.h"

/* The test call with an attachment of P1, file included (DATA/files/ab/cdef…). */
void
prepare(struct srv *s, struct review_call *v)
{
	review_setup(s, v, 7, 14);
	const char *sha = "ec1eba63d8e8a47b322fa1f1ee3cbe8b501b20e90795a416eef69389674710e9";
	const char *content = "%PDF-1.4\n% Leitfaden fuer das Gremium\n";
	mkdir(tstr("%s/files", s->dir), 0750);
	mkdir(tstr("%s/files/%.2s", s->dir, sha), 0750);
	FILE *f = fopen(tstr("%s/files/%.2s/%s", s->dir, sha, sha + 2), "wb");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	srv_sql_exec(s, tstr("INSERT INTO attachment(proposal_id, sha256, filename, content_type, "
	                     "size, uploaded_by, uploaded_at) VALUES (%ld, '%s', 'leitfaden.pdf', "
	                     "'application/pdf', %zu, %ld, " NOW ")",
	                     v->p1, sha, strlen(content), user_id(s, DEMO_SUBMITTER)));
	v->attachment = srv_sql_long(s, "SELECT max(id) FROM attachment");
}

/* The page on which a member rates proposal p. */
const char *
rate_path(const struct review_call *v, long p)
{
	(void)v;
	return tstr("/gremium/vorschlag/%ld", p);
}

/* A complete rating form: every one of the five rated criteria with score and text. */
const char *
full_form(int score, const char *text, const char *action)
{
	return tstr("score_0=%d&just_0=%s&score_1=%d&just_1=%s&score_2=%d&just_2=%s"
	            "&score_3=%d&just_3=%s&score_4=%d&just_4=%s&recommendation=select"
	            "&comment=%s&action=%s",
	            score, tenc(text), score, tenc(text), score, tenc(text), score, tenc(text),
	            score, tenc(text), tenc("Empfehlung"), action);
}

/* Rates proposal p through the form and expects the redirect back. */
void
rate(struct client *c, const struct review_call *v, long p, int score, const char *text,
     const char *action)
{
	struct resp r;
	get_ok(c, rate_path(v, p));
	http_post_csrf(c, rate_path(v, p), full_form(score, text, action), &r);
	assert_redirect(&r, rate_path(v, p));
	resp_free(&r);
}

/* How many reviews member u wrote on proposal p. */
long
review_count(struct srv *s, long p, long u)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM review WHERE proposal_id = %ld AND "
	                            "user_id = %ld",
	                            p, u));
}

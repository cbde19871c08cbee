/* Shared by tests/http/test_http_transfer_*.c: see transfer_fixture.h. */
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

int
transfer_setup(void **state)
{
	setenv("LEUCHTTURM_FORM_MIN_SECONDS", "0", 1);
	return srv_setup(state);
}

int
transfer_teardown(void **state)
{
	return srv_teardown(state);
}

/* key=value unless extra gives that key itself (the form's parser takes the first). */
static const char *
unless(const char *extra, const char *key, const char *value)
{
	if (strstr(extra, tstr("&%s=", key)))
		return "";
	return tstr("&%s=%s", key, value);
}

const char *
interest_form(const char *name, const char *email, const char *organisation, const char *extra)
{
	return tstr("name=%s&email=%s&organisation=%s%s%s%s%s&consent=1%s", tenc(name), tenc(email),
	            tenc(organisation), unless(extra, "kind", "jobcenter"),
	            unless(extra, "bundesland", "he"), unless(extra, "stage", "interest"),
	            unless(extra, "message", tenc("Wir möchten die Praxis übernehmen.")), extra);
}

/* The value of the hidden field "started" of the last page. */
static const char *
started(struct client *c)
{
	const char *p = strstr(client_page(c), "name=\"started\" value=\"");
	if (!p)
		return "";
	p += strlen("name=\"started\" value=\"");
	return tstr("%.*s", (int)strcspn(p, "\""), p);
}

long
send_interest(struct client *c, const char *slug, const char *form, struct resp *r)
{
	struct resp g;
	http_get(c, tstr("/praxis/%s/interesse", slug), &g);
	assert_status(&g, 200);
	resp_free(&g);
	return http_post_csrf(c, tstr("/praxis/%s/interesse", slug),
	                      tstr("%s&started=%s", form, tenc(started(c))), r);
}

char *
confirm_link(struct srv *s, const char *email)
{
	char *mail = srv_wait_mail(s, email, MAIL_WAIT_MS);
	assert_non_null(mail);
	char *link = mail_link(mail, "/uebernahme/bestaetigen/");
	free(mail);
	assert_non_null(link);
	return link;
}

long
confirm(struct client *c, const char *link, struct resp *r)
{
	struct resp g;
	http_get(c, link, &g);
	long st = g.status;
	resp_free(&g);
	if (st != 200) {
		memset(r, 0, sizeof *r);
		r->status = st;
		r->body = calloc(1, 1);
		return st;
	}
	return http_post_csrf(c, link, "", r);
}

char *
manage_link(struct srv *s, const char *email)
{
	for (int i = 0; i < 5; i++) {
		char *mail = srv_wait_mail(s, email, MAIL_WAIT_MS);
		assert_non_null(mail);
		char *link = mail_link(mail, "/uebernahme/meldung/");
		free(mail);
		if (link)
			return link;
	}
	fail_msg("no mail with a private link to %s", email);
	return NULL;
}

char *
report_confirmed(struct srv *s, const char *name, const char *email, const char *organisation,
                 const char *extra)
{
	struct client *c = client_new(s);
	struct resp r;
	send_interest(c, TR_SLUG, interest_form(name, email, organisation, extra), &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	char *link = confirm_link(s, email);
	confirm(c, link, &r);
	assert_redirect(&r, "/praxis/" TR_SLUG);
	resp_free(&r);
	free(link);
	client_free(c);
	return manage_link(s, email);
}

long
report_id(struct srv *s, const char *organisation)
{
	return srv_sql_long(s, tstr("SELECT coalesce(max(id), 0) FROM transfer_report WHERE "
	                            "organisation_name = '%s'",
	                            organisation));
}

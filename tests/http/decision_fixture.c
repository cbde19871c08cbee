/* Shared by tests/http/test_http_decision_*.c: the deciding call's proposals, members and meeting
 * forms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "decision_fixture.h"

/* The first call in the deciding phase. */
long
deciding_call(struct srv *s)
{
	long id =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'deciding' ORDER BY id LIMIT 1");
	assert_true(id > 0);
	return id;
}

/* The id of the proposal with this title. */
long
proposal(struct srv *s, const char *title)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM proposal WHERE title = '%s'", title));
	assert_true(id > 0);
	return id;
}

/* The id of the account with this email. */
long
user(struct srv *s, const char *email)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
	assert_true(id > 0);
	return id;
}

/* POSTs form to path with the token of the page at page. */
long
post_from(struct client *c, const char *page, const char *path, const char *form, struct resp *r)
{
	struct resp g;
	http_get(c, page, &g);
	assert_status(&g, 200);
	resp_free(&g);
	return http_post_csrf(c, path, form, r);
}

/* Records the meeting of the call with the members given (emails, NULL-terminated). */
void
meeting(struct srv *s, struct client *c, long call, ...)
{
	const char *form = "held_at=2024-11-27T10:00&notes=Test";
	va_list ap;
	va_start(ap, call);
	int i = 0;
	for (const char *e = va_arg(ap, const char *); e; e = va_arg(ap, const char *), i++)
		form = tstr("%s&m_%d=%ld&p_%d=1", form, i, user(s, e), i);
	va_end(ap);
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung", call);
	struct resp r;
	post_from(c, page, page, form, &r);
	assert_redirect(&r, page);
	resp_free(&r);
}

/* The justification fields: every rated criterion of the call with text. */
const char *
justifications(struct srv *s, long call, const char *text)
{
	char *ids =
	    srv_sql_text(s, tstr("SELECT group_concat(id, ' ') FROM (SELECT id FROM criterion "
	                         "c WHERE call_id = %ld AND NOT EXISTS (SELECT 1 FROM criterion "
	                         "k WHERE k.call_id = c.call_id AND k.parent_key = c.key) ORDER "
	                         "BY position) q",
	                         call));
	const char *form = "";
	long id;
	int used, i = 0;
	for (const char *p = ids; sscanf(p, "%ld%n", &id, &used) == 1; p += used, i++)
		form = tstr("%s&c_%d=%ld&j_%d=%s", form, i, id, i, tenc(text));
	free(ids);
	return form;
}

/* A member's ballot: "email:vote" with vote yes|no|abstain|"" (present, no vote) or
 * "email:absent:yes" (marked absent, with a vote). */
const char *
ballots(struct srv *s, const char *const *spec)
{
	const char *form = "";
	for (int i = 0; spec[i]; i++) {
		char email[128], vote[32] = "", extra[32] = "";
		sscanf(spec[i], "%127[^:]:%31[^:]:%31s", email, vote, extra);
		bool absent = strcmp(vote, "absent") == 0;
		form = tstr("%s&m_%d=%ld%s&v_%d=%s", form, i, user(s, email),
		            absent ? "" : tstr("&p_%d=1", i), i, absent ? extra : vote);
	}
	return form;
}

/* Records the meeting's decision on proposal pid: outcome, ballots from spec, justifications and
 * more form fields. */
long
decide(struct srv *s, struct client *c, long call, long pid, const char *outcome,
       const char *const *spec, const char *more, struct resp *r)
{
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid);
	const char *form =
	    tstr("outcome=%s%s%s%s", outcome, ballots(s, spec),
	         justifications(s, call, "Das Gremium würdigt den Ansatz."), more ? more : "");
	return post_from(c, page, page, form, r);
}

/* Every member votes yes. */
const char *const all_yes[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":yes",
                               M_FACHSTELLE ":yes", NULL};

/* Rows that a refusal must leave as they are. */
const char *
fingerprint(struct srv *s)
{
	char *t = srv_sql_text(
	    s, "SELECT (SELECT count(*) FROM audit_event) || '/' || (SELECT count(*) "
	       "FROM decision) || '/' || (SELECT count(*) FROM decision_version) || "
	       "'/' || (SELECT count(*) FROM decision_vote) || '/' || (SELECT count(*) "
	       "FROM outbox) || '/' || (SELECT group_concat(state) FROM proposal)");
	const char *out = tstr("%s", t);
	free(t);
	return out;
}

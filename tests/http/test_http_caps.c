/* No silent caps: lists longer than the old fixed limits (32, 64 and 100 attachments, 64
 * letter and message recipients, 100 messages, 50 versions) are shown, kept and sent in
 * full. Rows are written straight into the database so the lists are long quickly. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"
#include "submission_fixture.h"

#define MANY 130  /* above every old cap of a list of attachments or messages */
#define PEOPLE 70 /* above the old cap of 64 recipients */

/* Fails unless the page names every one of the MANY items "PREFIX001" … "PREFIX130". */
static void
assert_every_one(const struct resp *r, const char *prefix)
{
	for (int i = 1; i <= MANY; i++) {
		const char *item = tstr("%s%03d", prefix, i);
		if (!strstr(r->body, item))
			fail_msg("the page lacks %s", item);
	}
}

static long
submitter_id(struct srv *s)
{
	return srv_sql_long(s, "SELECT id FROM user_account WHERE email = '" DEMO_SUBMITTER "'");
}

/* MANY attachments on the proposal, uploaded by the demo's sub-project account. */
static void
attach_many(struct srv *s, long proposal)
{
	srv_sql_exec(s, tstr("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
	                     "WHERE i < %d) INSERT INTO attachment(proposal_id, sha256, filename, "
	                     "content_type, size, uploaded_by, uploaded_at) SELECT %ld, "
	                     "printf('%%064d', i), printf('Anlage-%%03d.pdf', i), "
	                     "'application/pdf', 1024, %ld, 1800000000 + i FROM k",
	                     MANY, proposal, submitter_id(s)));
}

/* PEOPLE more active sub-project accounts in the organisation of the proposal. */
static void
add_colleagues(struct srv *s, long proposal)
{
	srv_sql_exec(s,
	             tstr("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
	                  "WHERE i < %d) INSERT INTO user_account(email, name, organisation_id, "
	                  "created_at, updated_at) SELECT printf('kollegin-%%02d@iq-demo.example', "
	                  "i), printf('Kollegin %%d', i), (SELECT organisation_id FROM proposal "
	                  "WHERE id = %ld), 1800000000, 1800000000 FROM k",
	                  PEOPLE, proposal));
	srv_sql_exec(s, "INSERT INTO user_role(user_id, role) SELECT id, 'submitter' FROM "
	                "user_account WHERE email LIKE 'kollegin-%'");
}

static long
submitters_of(struct srv *s, long proposal)
{
	return srv_sql_long(
	    s, tstr("SELECT count(*) FROM user_account u JOIN user_role r ON r.user_id = u.id "
	            "WHERE r.role = 'submitter' AND u.active = 1 AND u.organisation_id = "
	            "(SELECT organisation_id FROM proposal WHERE id = %ld)",
	            proposal));
}

static long
queued_mail(struct srv *s)
{
	return srv_sql_long(s, "SELECT count(*) FROM outbox");
}

/* The proposal form with every required field filled. */
static const char *
complete_form(struct srv *s, long id)
{
	return proposal_form(
	    s, srv_sql_long(s, tstr("SELECT revision FROM proposal WHERE id = %ld", id)),
	    "&action=submit",
	    &(const struct proposal_texts){
	        .title = "Anlagen ohne Ende",
	        .teaser = "Viele Dateien.",
	        .situation = "Ausgangslage.",
	        .implementation = "Umsetzung.",
	        .resources = "Eine Stelle.",
	        .results = "Ergebnisse.",
	        .experience = "Erfahrungen.",
	        .transfer_requirements = "Voraussetzungen.",
	        .transfer_effort = "Aufwand.",
	        .contact_name = DEMO_SUBMITTER_NAME,
	        .contact_email = DEMO_SUBMITTER,
	        .self = {"ja", "ja", "ja", "ja", "ja"},
	    });
}

static void
test_every_attachment_is_listed_and_kept_in_the_version(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	struct resp r;
	http_get(c, "/einreichung", &r);
	resp_free(&r);
	http_post_csrf(c, "/einreichung/neu",
	               tstr("call_id=%ld", srv_sql_long(s, "SELECT id FROM call WHERE phase = "
	                                                   "'open' ORDER BY id LIMIT 1")),
	               &r);
	assert_status(&r, 303);
	long id = 0;
	assert_int_equal(sscanf(resp_header(&r, "Location"), "/vorschlag/%ld/bearbeiten", &id), 1);
	resp_free(&r);
	attach_many(s, id);

	/* The sub-project's form lists every file, and the submitted version keeps them all. */
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	assert_every_one(&r, "Anlage-");
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id), complete_form(s, id), &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT json_array_length(content, '$.attachments') "
	                                      "FROM proposal_version WHERE proposal_id = %ld",
	                                      id)),
	                 MANY);
	client_free(c);

	/* The office's page lists every file too. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(o, tstr("/admin/vorschlaege/%ld", id), &r), 200);
	assert_every_one(&r, "Anlage-");
	resp_free(&r);
	client_free(o);
}

static void
test_a_message_reaches_every_colleague_and_every_message_is_shown(void **state)
{
	struct srv *s = *state;
	long id = srv_sql_long(
	    s, "SELECT p.id FROM proposal p JOIN user_account u ON "
	       "u.organisation_id = p.organisation_id WHERE u.email = '" DEMO_SUBMITTER
	       "' AND p.state IN ('submitted', 'resubmitted', 'returned') ORDER BY p.id LIMIT 1");
	assert_true(id > 0);
	add_colleagues(s, id);
	long everyone = submitters_of(s, id);
	assert_true(everyone > PEOPLE);
	long before = queued_mail(s);

	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	http_get(o, tstr("/admin/vorschlaege/%ld", id), &r);
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/vorschlaege/%ld/rueckfrage", id),
	               tstr("body=%s", tenc("Bitte reichen Sie die Zahlen für 2025 nach.")), &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(queued_mail(s) - before, everyone);

	/* A long thread: every message, the first and the last, on both sides. */
	srv_sql_exec(s, tstr("WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
	                     "WHERE i < %d) INSERT INTO proposal_message(proposal_id, author_id, "
	                     "from_office, body, created_at) SELECT %ld, %ld, 0, "
	                     "printf('Antwort Nummer %%03d', i), 1900000000 + i FROM k",
	                     MANY, id, submitter_id(s)));
	http_get(o, tstr("/admin/vorschlaege/%ld", id), &r);
	assert_every_one(&r, "Antwort Nummer ");
	resp_free(&r);
	client_free(o);
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 200);
	assert_every_one(&r, "Antwort Nummer ");
	resp_free(&r);
	client_free(c);
}

static void
test_the_decision_letter_reaches_every_colleague(void **state)
{
	struct srv *s = *state;
	/* A decided proposal whose letter has not been sent. */
	long id = srv_sql_long(s, "SELECT d.proposal_id FROM decision d JOIN decision_version v ON "
	                          "v.decision_id = d.id WHERE NOT EXISTS (SELECT 1 FROM "
	                          "decision_letter l WHERE l.version_id = v.id) ORDER BY "
	                          "d.proposal_id LIMIT 1");
	assert_true(id > 0);
	add_colleagues(s, id);
	long everyone = submitters_of(s, id);
	assert_true(everyone > PEOPLE);
	long before = queued_mail(s);

	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	http_get(o, tstr("/admin/vorschlaege/%ld/beschluss", id), &r);
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/vorschlaege/%ld/beschluss/brief", id), "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(queued_mail(s) - before, everyone);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT sum(recipients) FROM decision_letter WHERE "
	                         "proposal_id = %ld AND sent_at = (SELECT max(sent_at) "
	                         "FROM decision_letter WHERE proposal_id = %ld)",
	                         id, id)),
	    everyone);
	client_free(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_every_attachment_is_listed_and_kept_in_the_version,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_message_reaches_every_colleague_and_every_message_is_shown, srv_setup,
	        srv_teardown),
	    cmocka_unit_test_setup_teardown(test_the_decision_letter_reaches_every_colleague,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_caps", tests, NULL, NULL);
}

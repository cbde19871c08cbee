/* HTTP integration tests for the sub-project's proposal form: drafts, saving with a file,
 * submitting with the completeness check, bad input, concurrent saves and the deadline. */
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

/* A form with every required field filled. */
static const char *
complete_form(struct srv *s, long revision, const char *title)
{
	return proposal_form(
	    s, revision, "",
	    &(const struct proposal_texts){
	        .title = title,
	        .teaser = "Kurz gesagt: Beratung, die wirkt.",
	        .situation = "Viele Abschlüsse werden nicht anerkannt.",
	        .implementation = "Wir beraten in **drei** Schritten.",
	        .resources = "Zwei Stellen, ein Jahr.",
	        .results = "120 Beratungen, 80 Anerkennungen.",
	        .experience = "Früh anfangen.",
	        .transfer_requirements = "Eine Beratungsstelle.",
	        .transfer_effort = "Drei Monate Einarbeitung.",
	        .contact_name = "Aylin Demir",
	        .contact_email = "projekt@iq-demo.example",
	        .self = {"Leitfaden liegt vor.", "Neu ist die aufsuchende Beratung.",
	                 "Seit 2022 finanziert.", "Aufwand angemessen.", "Spart Zeit."},
	    });
}

static void
test_draft_is_saved_incomplete_and_submit_lists_missing_fields(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=save&title=%s", revision_of(s, id),
	                    tenc("Anerkennung <schnell>")),
	               &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten", id));
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	assert_body_has(&r, "Anerkennung &lt;schnell&gt;");
	resp_free(&r);

	/* Submitting an incomplete draft: refused, listed, and the typed change is kept. */
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=submit&title=%s", revision_of(s, id),
	                    tenc("Anerkennung neu")),
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "error-summary");
	assert_body_has(&r, "href=\"#f-situation\"");
	assert_body_has(&r, "href=\"#f-art\"");
	assert_body_has(&r, "href=\"#f-zielgruppe\"");
	assert_body_has(&r, "href=\"#f-self_transferable\"");
	assert_body_has(&r, "Your draft has been saved");
	resp_free(&r);
	char *out = NULL;
	srv_sql(s, tstr("SELECT state || '|' || title FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "draft|Anerkennung neu"));
	free(out);
	client_free(c);
}

static void
test_complete_submit_stores_version_and_sends_receipt(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	struct resp r;
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("%s&action=submit",
	                    complete_form(s, revision_of(s, id), "Lotsen für Anerkennung")),
	               &r);
	assert_redirect(&r, tstr("/vorschlag/%ld", id));
	resp_free(&r);
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld", id), &r), 200);
	assert_body_has(&r, "Submitted");
	assert_body_has(&r, "<strong>drei</strong>"); /* Markdown rendered */
	assert_body_has(&r, "Version 1");
	assert_body_lacks(&r, "Edit proposal");
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, "Lotsen für Anerkennung"));
	assert_non_null(strstr(mail, "120 Beratungen, 80 Anerkennungen."));
	free(mail);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                      "proposal_id = %ld",
	                                      id)),
	                 1);

	/* A double submit (an old form sent again) changes nothing. */
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("%s&action=submit", complete_form(s, 1, "Noch einmal")), &r);
	assert_status(&r, 409);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_version WHERE "
	                                      "proposal_id = %ld",
	                                      id)),
	                 1);
	client_free(c);
}

static void
test_bad_input_is_refused_and_changes_nothing(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	long rev = revision_of(s, id);
	struct resp r;
	char *long_title = malloc(400);
	memset(long_title, 'x', 399);
	long_title[399] = '\0';
	const char *bad[] = {
	    tstr("revision=%ld&action=save&title=%s", rev, long_title), /* overlong */
	    tstr("revision=%ld&action=save&term=999999", rev),          /* unknown term */
	    tstr("revision=%ld&action=save&term=abc", rev),             /* not a number */
	    tstr("revision=%ld&action=save&art=%ld", rev,
	         term_id(s, "handlungsfeld", "deutsch")), /* art of wrong kind */
	    tstr("revision=%ld&action=explode", rev),     /* unknown action */
	};
	free(long_title);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id), bad[i], &r);
		if (r.status != 422)
			fail_msg("case %zu: status %ld", i, r.status);
		resp_free(&r);
		assert_int_equal(revision_of(s, id), rev);
		http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
		resp_free(&r);
	}
	client_free(c);
}

static void
test_concurrent_save_is_refused_without_losing_input(void **state)
{
	struct srv *s = *state;
	struct client *a = submitter(s);
	long id = new_draft(s, a);
	/* A colleague of the same sub-project. */
	long org = srv_sql_long(s, "SELECT organisation_id FROM user_account WHERE email = "
	                           "'projekt@iq-demo.example'");
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "kollegin@iq-demo.example", "--name", "Lena Kollegin", "--role",
	                         "submitter", "--organisation", tstr("%ld", org), NULL),
	                 0);
	struct client *b = english_login(s, "kollegin@iq-demo.example", "ein langes Passwort");
	long rev = revision_of(s, id);
	struct resp r;
	http_get(a, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	http_get(b, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	http_post_csrf(b, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=save&title=%s", rev, tenc("Fassung Lena")), &r);
	assert_status(&r, 303);
	resp_free(&r);
	http_post_csrf(a, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("revision=%ld&action=save&title=%s", rev, tenc("Fassung Aylin")), &r);
	assert_status(&r, 409);
	assert_body_has(&r, "Test Person saved this proposal");
	assert_body_has(&r, "Fassung Aylin"); /* the typed text is still on the page */
	resp_free(&r);
	char *out = NULL;
	srv_sql(s, tstr("SELECT title FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "Fassung Lena"));
	free(out);
	client_free(a);
	client_free(b);
}

static void
test_deadline_is_enforced_and_the_draft_kept(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	long call = open_call(s);
	/* The deadline passes while the form is open. */
	char *out = NULL;
	assert_int_equal(srv_sql(s,
	                         tstr("UPDATE call SET closes_at = CAST(strftime('%%s','now') "
	                              "AS INTEGER) - 60, opens_at = 0 WHERE id = %ld",
	                              call),
	                         &out),
	                 0);
	free(out);
	struct resp r;
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               tstr("%s&action=submit", complete_form(s, revision_of(s, id), "Zu spät")),
	               &r);
	assert_status(&r, 422);
	assert_body_has(&r, "deadline has passed");
	resp_free(&r);
	srv_sql(s, tstr("SELECT state || '|' || title FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "draft|Zu spät"));
	free(out);
	/* And no new draft can be started for the closed call. */
	http_get(c, "/einreichung", &r);
	resp_free(&r);
	http_post_csrf(c, "/einreichung/neu", tstr("call_id=%ld", call), &r);
	assert_status(&r, 422);
	resp_free(&r);
	client_free(c);
}

static const char pdf_bytes[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    "/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

static void
test_saving_attaches_the_chosen_file_and_keeps_the_text(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = new_draft(s, c);
	struct resp r;
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	const char *fields[] = {
	    "_csrf", client_csrf(c), "revision", tstr("%ld", revision_of(s, id)), "action", "save",
	    "title", "Mit Anhang",   NULL};
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id), fields, "Leitfaden.pdf", pdf_bytes,
	               sizeof pdf_bytes - 1, NULL, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten", id));
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld "
	                         "AND filename = 'Leitfaden.pdf'",
	                         id)),
	    1);
	char *out = NULL;
	srv_sql(s, tstr("SELECT title FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "Mit Anhang"));
	free(out);

	/* A file that lies about its type: the text is saved, the file refused with a reason. */
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	const char *fields2[] = {
	    "_csrf", client_csrf(c),  "revision", tstr("%ld", revision_of(s, id)), "action", "save",
	    "title", "Zweiter Stand", NULL};
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id), fields2, "bericht.pdf",
	               "just text, no PDF", 17, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-file-error\"");
	assert_body_has(&r, "Zweiter Stand");
	resp_free(&r);
	srv_sql(s, tstr("SELECT title FROM proposal WHERE id = %ld", id), &out);
	assert_non_null(strstr(out, "Zweiter Stand"));
	free(out);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld", id)),
	    1);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_draft_is_saved_incomplete_and_submit_lists_missing_fields, srv_setup,
	        srv_teardown),
	    cmocka_unit_test_setup_teardown(test_complete_submit_stores_version_and_sends_receipt,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_is_refused_and_changes_nothing,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_save_is_refused_without_losing_input,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_is_enforced_and_the_draft_kept, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_saving_attaches_the_chosen_file_and_keeps_the_text,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests_name("http_submission", tests, NULL, NULL);
}

/* A full disk (issue #15, point 10): a write refused for lack of space gets a 503 page that
 * says so and shows the form again with what the person typed, the log names it once,
 * /healthz reports it, and once space is free the same form is saved without a restart.
 * The disk is simulated by the store's test hook (LEUCHTTURM_TEST_DB_GROWTH_PAGES): the
 * database may grow by a few pages only, then a ballast the test writes beside the server
 * uses them up; deleting it frees the pages again, as deleting files frees a disk. Where
 * only some writers meet the full disk (an upload's temporary file fits, its copy does
 * not), LEUCHTTURM_TEST_DB_FULL names them (store/store.h, store_test_full). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#include "harness.h"
#include "submission_fixture.h"
/* For its minimal PDF and multipart boundary only (its functions are another group's). */
#include "attachment_fixture.h"

#include <dirent.h>
#include <unistd.h>

static int
setup_small_disk(void **state)
{
	setenv("LEUCHTTURM_TEST_DB_GROWTH_PAGES", "200", 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_TEST_DB_GROWTH_PAGES");
	return rc;
}

/* A new draft of the submitter's with its edit form opened (as a person would). */
static long
open_draft(struct srv *s, struct client *c)
{
	long id = new_draft(s, c);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	return id;
}

/* How many files the proposal has. */
static long
attachments(struct srv *s, long id)
{
	return srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld", id));
}

/* A text that needs pages of its own: more than a database page holds. */
static char *
long_text(const char *word)
{
	size_t n = 3000;
	char *t = malloc(n + 64);
	size_t o = 0;
	while (o + strlen(word) + 1 < n)
		o += (size_t)sprintf(t + o, "%s ", word);
	t[o] = '\0';
	return t;
}

static void
test_full_disk_keeps_the_input_and_recovers(void **state)
{
	struct srv *s = *state;
	SKIP_ON_PG("the full disk is simulated by SQLite's page limit "
	           "(LEUCHTTURM_TEST_DB_GROWTH_PAGES); PostgreSQL's disk_full (53100) is "
	           "mapped alike in store_pg.c");
	struct client *c = submitter(s);
	long id = open_draft(s, c);
	struct resp r;
	char *situation = long_text("Ausgangslage");
	char *implementation = long_text("Umsetzung");
	const char *form = proposal_form(s, revision_of(s, id), "&action=save",
	                                 &(const struct proposal_texts){
	                                     .title = "Voller Datenträger",
	                                     .teaser = "Kurz.",
	                                     .situation = situation,
	                                     .implementation = implementation,
	                                     .resources = "",
	                                     .results = "",
	                                     .experience = "",
	                                     .transfer_requirements = "",
	                                     .transfer_effort = "",
	                                     .contact_name = "Aylin Demir",
	                                     .contact_email = "projekt@iq-demo.example",
	                                     .self = {"", "", "", "", ""},
	                                 });

	/* The disk fills up (beside the server, as another program would fill it). */
	srv_sql_exec(s, "CREATE TABLE ballast(b BLOB); "
	                "INSERT INTO ballast VALUES (randomblob(4000000))");
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id), form, &r);
	assert_status(&r, 503);
	assert_non_null(resp_header(&r, "Retry-After"));
	assert_body_has(&r, "disk is full");
	/* What was typed is on the page, in a form that sends it to the same address again. */
	assert_body_has(&r, "Voller Datenträger");
	assert_body_has(&r, "Ausgangslage Ausgangslage");
	assert_body_has(&r, "Umsetzung Umsetzung");
	/* Each box under the label its form gives the field, not the raw key. */
	assert_body_has(&r, ">Situation and challenge<");
	assert_body_has(&r, ">Title<");
	assert_body_lacks(&r, ">situation<");
	assert_body_lacks(&r, ">implementation<");
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/bearbeiten\"", id));
	assert_body_has(&r, "name=\"_csrf\"");
	resp_free(&r);
	/* Nothing half-written. */
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                                      "title = 'Voller Datenträger'",
	                                      id)),
	                 0);
	assert_true(srv_log_wait(s, "the disk is full", 0));

	/* A second refusal within the minute is not logged again. */
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id), form, &r);
	assert_status(&r, 503);
	resp_free(&r);
	char *log = NULL;
	assert_int_equal(
	    run_cmd((const char *const[]){"grep", "-c", "the disk is full", s->log, NULL}, NULL,
	            &log),
	    0);
	assert_int_equal(atoi(log), 1);
	free(log);

	/* The operators see it. */
	assert_int_equal(http_get(c, "/healthz", &r), 503);
	assert_body_has(&r, "\"disk\":{\"ok\":false");
	resp_free(&r);

	/* Space is freed: the same form is saved, no restart. */
	srv_sql_exec(s, "DELETE FROM ballast");
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	http_post_csrf(c, tstr("/vorschlag/%ld/bearbeiten", id), form, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten", id));
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                         "title = 'Voller Datenträger' AND length(situation) > "
	                         "2000",
	                         id)),
	    1);
	char *check = srv_sql_text(s, "PRAGMA integrity_check");
	assert_string_equal(check, "ok");
	free(check);
	free(situation);
	free(implementation);
	client_free(c);
}

/* ---- every writer, through LEUCHTTURM_TEST_DB_FULL: while the flag file exists every
 * commit, every upload's temporary file and every blob is refused as on a full disk ---- */

static char full_flag[128];

static int
setup_full_flag(void **state)
{
	snprintf(full_flag, sizeof full_flag, "/tmp/leuchtturm-test-full-%d", (int)getpid());
	unlink(full_flag);
	setenv("LEUCHTTURM_TEST_DB_FULL", full_flag, 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_TEST_DB_FULL");
	return rc;
}

static int
teardown_full_flag(void **state)
{
	unlink(full_flag);
	return srv_teardown(state);
}

/* The disk fills up for what names (store_test_full's words; "" for every writer). */
static void
disk_fills_for(const char *what)
{
	FILE *f = fopen(full_flag, "w");
	assert_non_null(f);
	fputs(what, f);
	fclose(f);
}

static void
disk_fills(void)
{
	disk_fills_for("");
}

static void
disk_freed(void)
{
	assert_int_equal(unlink(full_flag), 0);
}

/* The full-disk page: 503, Retry-After, the reason. */
static void
assert_full_page(struct resp *r)
{
	assert_status(r, 503);
	assert_non_null(resp_header(r, "Retry-After"));
	assert_body_has(r, "disk is full");
}

/* Logging out writes (the session's end, an audit event): refused, the page says so and
 * does not claim the person is logged out, and the session still works. */
static void
test_logout_on_a_full_disk_says_so(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	struct resp r;
	assert_int_equal(http_get(c, "/konto", &r), 200);
	resp_free(&r);
	long sessions = srv_sql_long(s, "SELECT count(*) FROM session");
	disk_fills();
	http_post_csrf(c, "/abmelden", "", &r);
	assert_full_page(&r);
	assert_body_lacks(&r, "logged out");
	assert_null(resp_set_cookie(&r, "lt_session"));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, "SELECT count(*) FROM session"), sessions);
	/* Reading needs no space: still logged in. */
	assert_int_equal(http_get(c, "/konto", &r), 200);
	resp_free(&r);
	disk_freed();
	http_post_csrf(c, "/abmelden", "", &r);
	assert_redirect(&r, "/");
	resp_free(&r);
	assert_int_equal(http_get(c, "/konto", &r), 303);
	resp_free(&r);
	client_free(c);
}

/* Making a practice of a proposal with its files: the disk's fault, said as such (not "an
 * attachment could not be carried"), the choice kept, nothing made. */
static void
test_practice_from_proposal_on_a_full_disk(void **state)
{
	struct srv *s = *state;
	long p = srv_sql_long(s, "SELECT id FROM proposal WHERE state = 'selected' AND id NOT IN "
	                         "(SELECT proposal_id FROM practice WHERE proposal_id IS NOT "
	                         "NULL) ORDER BY id LIMIT 1");
	assert_true(p > 0);
	struct client *c = english_login(s, DEMO_ADMIN, DEMO_PASSWORD);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	resp_free(&r);
	disk_fills();
	http_post_csrf(c, "/admin/praxis/aus-vorschlag", tstr("proposal=%ld&files=1", p), &r);
	assert_full_page(&r);
	assert_body_lacks(&r, "could not be carried");
	assert_body_has(&r, "action=\"/admin/praxis/aus-vorschlag\"");
	assert_body_has(&r, tstr(">%ld</textarea>", p));
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM practice WHERE proposal_id = %ld", p)), 0);
	disk_freed();
	http_get(c, "/admin/praxis", &r);
	resp_free(&r);
	http_post_csrf(c, "/admin/praxis/aus-vorschlag", tstr("proposal=%ld&files=1", p), &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM practice WHERE proposal_id = %ld", p)), 1);
	client_free(c);
}

/* An upload whose temporary file meets a full disk (ENOSPC): noted as a full disk (the
 * log, /healthz), answered with the full-disk page, not "many uploads at the moment". */
static void
test_upload_on_a_full_disk(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = open_draft(s, c);
	struct resp r;
	const char *fields[] = {"_csrf", tstr("%s", client_csrf(c)), NULL};
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	disk_fills();
	post_multipart(c, path, fields, "Konzept.pdf", pdf, sizeof pdf - 1, NULL, &r);
	assert_full_page(&r);
	/* The file is named with the reason, and can be chosen again in the form itself. */
	/* (the apostrophe is escaped on the page) */
	assert_body_has(&r, "The file “Konzept.pdf” was not saved: the server");
	assert_body_has(&r, "disk was full while it arrived. Please choose it again:");
	assert_body_has(&r, "type=\"file\"");
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/anhaenge\"", id));
	assert_body_has(&r, "enctype=\"multipart/form-data\"");
	assert_body_lacks(&r, "name=\"_kept\"");
	resp_free(&r);
	assert_true(srv_log_wait(s, "the disk is full", 0));
	assert_int_equal(http_get(c, "/healthz", &r), 503);
	assert_body_has(&r, "\"disk\":{\"ok\":false");
	resp_free(&r);
	assert_int_equal(attachments(s, id), 0);
	disk_freed();
	post_multipart(c, path, fields, "Konzept.pdf", pdf, sizeof pdf - 1, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(attachments(s, id), 1);
	client_free(c);
}

/* How many files the data folder holds whose names start with prefix. */
static int
files_named(struct srv *s, const char *prefix)
{
	DIR *d = opendir(s->dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

/* The value of the page's hidden "_kept" field (the kept file's token). */
static const char *
kept_token(struct resp *r)
{
	const char *at = strstr(r->body, "name=\"_kept\" value=\"");
	assert_non_null(at);
	at += strlen("name=\"_kept\" value=\"");
	const char *end = strchr(at, '"');
	assert_non_null(end);
	return tstr("%.*s", (int)(end - at), at);
}

/* The edit form sent with a text field after the file, and the temporary file meets the
 * full disk: the file is named, every text field is kept, the one after the file too. */
static void
test_text_after_a_lost_file_is_kept(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = open_draft(s, c);
	struct resp r;
	const char *before[] = {"_csrf",    tstr("%s", client_csrf(c)),
	                        "revision", tstr("%ld", revision_of(s, id)),
	                        "action",   "save",
	                        NULL};
	const char *after[] = {"title", "Nach der Datei getippt", NULL};
	disk_fills();
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id), before, "Leitfaden.pdf", pdf,
	               sizeof pdf - 1, after, &r);
	assert_full_page(&r);
	assert_body_has(&r, "Nach der Datei getippt");
	assert_body_has(&r, "The file “Leitfaden.pdf” was not saved");
	assert_body_has(&r, "name=\"file\"");
	resp_free(&r);
	assert_int_equal(files_named(s, ".upload-"), 0);
	assert_int_equal(files_named(s, ".kept-"), 0);
	client_free(c);
}

/* The upload arrived whole, but the disk has no room for its copy: the file stays on the
 * server under a token, and the form shown again submits it without choosing it again
 * (the person on a deadline does not hunt for the file a second time). The token is the
 * session's: another account cannot use it. */
static void
test_an_arrived_upload_is_kept_for_the_repeated_form(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = open_draft(s, c);
	struct resp r;
	const char *path = tstr("/vorschlag/%ld/anhaenge", id);
	disk_fills_for("blobs commits");
	post_multipart(c, path, (const char *[]){"_csrf", tstr("%s", client_csrf(c)), NULL},
	               "Konzept.pdf", pdf, sizeof pdf - 1, NULL, &r);
	assert_full_page(&r);
	assert_body_has(&r, "The file “Konzept.pdf” has arrived and is kept on the server");
	assert_body_lacks(&r, "was not saved");
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/anhaenge\"", id));
	const char *token = kept_token(&r);
	resp_free(&r);
	assert_int_equal(files_named(s, ".kept-"), 1);
	assert_int_equal(files_named(s, ".upload-"), 0);
	assert_int_equal(attachments(s, id), 0);

	/* Sent again while the disk is still full: kept again under the same token. */
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	post_multipart(c, path,
	               (const char *[]){"_csrf", tstr("%s", client_csrf(c)), "_kept", token, NULL},
	               NULL, NULL, 0, NULL, &r);
	assert_full_page(&r);
	assert_string_equal(kept_token(&r), token);
	resp_free(&r);
	assert_int_equal(files_named(s, ".kept-"), 1);
	disk_freed();

	/* Another account's session: the token is not its own, nothing is attached. */
	struct client *other = english_login(s, DEMO_ADMIN, DEMO_PASSWORD);
	http_get(other, "/konto", &r);
	resp_free(&r);
	post_multipart(
	    other, path,
	    (const char *[]){"_csrf", tstr("%s", client_csrf(other)), "_kept", token, NULL}, NULL,
	    NULL, 0, NULL, &r);
	resp_free(&r);
	assert_int_equal(attachments(s, id), 0);
	client_free(other);

	/* Space again: the repeated form (the token, no file chosen) attaches the very file. */
	http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r);
	resp_free(&r);
	post_multipart(c, path,
	               (const char *[]){"_csrf", tstr("%s", client_csrf(c)), "_kept", token, NULL},
	               NULL, NULL, 0, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	char *sha = NULL;
	const char *const sha_argv[] = {"sha256sum", NULL};
	assert_int_equal(run_cmd(sha_argv, tstr("%.*s", (int)(sizeof pdf - 1), pdf), &sha), 0);
	sha[64] = '\0';
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = "
	                                      "%ld AND filename = 'Konzept.pdf' AND sha256 = '%s'",
	                                      id, sha)),
	                 1);
	free(sha);
	/* Used: gone from the server. */
	assert_int_equal(files_named(s, ".kept-"), 0);
	client_free(c);
}

/* A practice's download on the office's form, the same: kept, then submitted again. */
static void
test_a_practice_file_is_kept_too(void **state)
{
	struct srv *s = *state;
	long p = srv_sql_long(s, "SELECT id FROM practice ORDER BY id LIMIT 1");
	assert_true(p > 0);
	const char *count = tstr("SELECT count(*) FROM practice_file WHERE practice_id = %ld", p);
	long files = srv_sql_long(s, count);
	struct client *c = english_login(s, DEMO_ADMIN, DEMO_PASSWORD);
	struct resp r;
	assert_int_equal(http_get(c, "/admin/praxis", &r), 200);
	resp_free(&r);
	const char *path = tstr("/admin/praxis/%ld/downloads", p);
	const char *fields[] = {"_csrf", tstr("%s", client_csrf(c)), "download_title",
	                        "Leitfaden zum Nachmachen", NULL};
	disk_fills_for("blobs commits");
	post_multipart_as(c, path, "download", fields, "Leitfaden.pdf", pdf, sizeof pdf - 1, NULL,
	                  &r);
	assert_full_page(&r);
	assert_body_has(&r, "The file “Leitfaden.pdf” has arrived and is kept on the server");
	assert_body_has(&r, "Leitfaden zum Nachmachen");
	const char *token = kept_token(&r);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, count), files);
	disk_freed();
	http_get(c, "/admin/praxis", &r);
	resp_free(&r);
	post_multipart_as(c, path, "download",
	                  (const char *[]){"_csrf", tstr("%s", client_csrf(c)), "download_title",
	                                   "Leitfaden zum Nachmachen", "_kept", token, NULL},
	                  NULL, NULL, 0, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, count), files + 1);
	assert_int_equal(files_named(s, ".kept-"), 0);
	client_free(c);
}

/* Part of a request saved before a later write met the full disk (#15 pt 10): the answer
 * does not claim nothing happened, and keeps the cookies it set. Changing the password:
 * the throttle's reset (a write outside store_tx) is refused, the new password and the new
 * session are committed; without the session's cookie the person would be logged out (the
 * change ends every other session). */
static void
test_a_partly_saved_request_says_so_and_keeps_its_cookies(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	struct resp r;
	assert_int_equal(http_get(c, "/konto", &r), 200);
	resp_free(&r);
	const char *old = tstr("%s", client_cookie(c, "lt_session"));
	disk_fills_for("statements");
	http_post_csrf(c, "/konto/passwort",
	               "current=" DEMO_PASSWORD "&password=ein+neues+langes+Passwort&password2="
	               "ein+neues+langes+Passwort",
	               &r);
	assert_full_page(&r);
	assert_body_has(&r, "part of what you sent has been saved");
	assert_body_lacks(&r, "nothing could be saved");
	const char *cookie = resp_set_cookie(&r, "lt_session");
	assert_non_null(cookie);
	resp_free(&r);
	disk_freed();
	assert_string_not_equal(client_cookie(c, "lt_session"), old);
	/* Still logged in, under the new session. */
	assert_int_equal(http_get(c, "/konto", &r), 200);
	resp_free(&r);
	client_free(c);
	struct client *again = client_new(s);
	assert_int_equal(login(again, DEMO_SUBMITTER, "ein neues langes Passwort"), 0);
	client_free(again);
}

/* The draft's text is saved, its file cannot be stored: the page says part was saved (not
 * "nothing could be saved"), the file is kept for the form. */
static void
test_text_saved_file_kept(void **state)
{
	struct srv *s = *state;
	struct client *c = submitter(s);
	long id = open_draft(s, c);
	struct resp r;
	const char *fields[] = {"_csrf",    tstr("%s", client_csrf(c)),
	                        "revision", tstr("%ld", revision_of(s, id)),
	                        "action",   "save",
	                        "title",    "Text gespeichert",
	                        NULL};
	disk_fills_for("blobs");
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id), fields, "Leitfaden.pdf", pdf,
	               sizeof pdf - 1, NULL, &r);
	assert_full_page(&r);
	assert_body_has(&r, "part of what you sent has been saved");
	assert_body_has(&r, "The file “Leitfaden.pdf” has arrived and is kept on the server");
	const char *token = kept_token(&r);
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal WHERE id = %ld AND "
	                                      "title = 'Text gespeichert'",
	                                      id)),
	                 1);
	assert_int_equal(files_named(s, ".kept-"), 1);

	/* Space again; "Send again" sends the text at the revision the form was opened at,
	 * which the saved text has moved on: the conflict page, and the file goes with its
	 * form again rather than being lost to this second answer. */
	disk_freed();
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               (const char *[]){"_csrf", tstr("%s", client_csrf(c)), "revision", fields[3],
	                                "action", "save", "title", "Text gespeichert", "_kept",
	                                token, NULL},
	               NULL, NULL, 0, NULL, &r);
	assert_status(&r, 409);
	assert_string_equal(kept_token(&r), token);
	assert_body_has(&r, "The file “Leitfaden.pdf” has arrived and is kept on the server");
	resp_free(&r);
	assert_int_equal(files_named(s, ".kept-"), 1);
	/* The form sent from that page (its revision now): saved, the file attached. */
	post_multipart(c, tstr("/vorschlag/%ld/bearbeiten", id),
	               (const char *[]){"_csrf", tstr("%s", client_csrf(c)), "revision",
	                                tstr("%ld", revision_of(s, id)), "action", "save", "title",
	                                "Text gespeichert", "_kept", token, NULL},
	               NULL, NULL, 0, NULL, &r);
	assert_redirect(&r, tstr("/vorschlag/%ld/bearbeiten", id));
	resp_free(&r);
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = "
	                                      "%ld AND filename = 'Leitfaden.pdf'",
	                                      id)),
	                 1);
	assert_int_equal(files_named(s, ".kept-"), 0);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_full_disk_keeps_the_input_and_recovers,
	                                    setup_small_disk, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_logout_on_a_full_disk_says_so, setup_full_flag,
	                                    teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_practice_from_proposal_on_a_full_disk,
	                                    setup_full_flag, teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_upload_on_a_full_disk, setup_full_flag,
	                                    teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_text_after_a_lost_file_is_kept, setup_full_flag,
	                                    teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_an_arrived_upload_is_kept_for_the_repeated_form,
	                                    setup_full_flag, teardown_full_flag),
	    cmocka_unit_test_setup_teardown(
	        test_a_partly_saved_request_says_so_and_keeps_its_cookies, setup_full_flag,
	        teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_text_saved_file_kept, setup_full_flag,
	                                    teardown_full_flag),
	    cmocka_unit_test_setup_teardown(test_a_practice_file_is_kept_too, setup_full_flag,
	                                    teardown_full_flag),
	};
	return cmocka_run_group_tests_name("http_disk_full", tests, NULL, NULL);
}

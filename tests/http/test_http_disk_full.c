/* A full disk (issue #15, point 10): a write refused for lack of space gets a 503 page that
 * says so and shows the form again with what the person typed, the log names it once,
 * /healthz reports it, and once space is free the same form is saved without a restart.
 * The disk is simulated by the store's test hook (LEUCHTTURM_TEST_DB_GROWTH_PAGES): the
 * database may grow by a few pages only, then a ballast the test writes beside the server
 * uses them up; deleting it frees the pages again, as deleting files frees a disk. */
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

#include <unistd.h>

static int
setup_small_disk(void **state)
{
	setenv("LEUCHTTURM_TEST_DB_GROWTH_PAGES", "200", 1);
	int rc = srv_setup(state);
	unsetenv("LEUCHTTURM_TEST_DB_GROWTH_PAGES");
	return rc;
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
	long id = new_draft(s, c);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	char *situation = long_text("Ausgangslage");
	char *implementation = long_text("Umsetzung");
	const char *form = tstr("revision=%ld&action=save&title=%s&situation=%s&implementation=%s",
	                        revision_of(s, id), tenc("Voller Datenträger"), tenc(situation),
	                        tenc(implementation));

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

static void
disk_fills(void)
{
	FILE *f = fopen(full_flag, "w");
	assert_non_null(f);
	fclose(f);
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
	long id = new_draft(s, c);
	struct resp r;
	assert_int_equal(http_get(c, tstr("/vorschlag/%ld/bearbeiten", id), &r), 200);
	resp_free(&r);
	const char *csrf = tstr("%s", client_csrf(c));
	const char *body =
	    tstr("--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"_csrf\""
	         "\r\n\r\n%s\r\n--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
	         "filename=\"Konzept.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	         "%s\r\n--" BOUNDARY "--\r\n",
	         csrf, pdf);
	struct req q = {.method = "POST",
	                .path = tstr("/vorschlag/%ld/anhaenge", id),
	                .body = body,
	                .content_type = "multipart/form-data; boundary=" BOUNDARY};
	disk_fills();
	http_request(c, &q, &r);
	assert_full_page(&r);
	assert_body_has(&r, "Files you chose have to be chosen again.");
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/anhaenge\"", id));
	resp_free(&r);
	assert_true(srv_log_wait(s, "the disk is full", 0));
	assert_int_equal(http_get(c, "/healthz", &r), 503);
	assert_body_has(&r, "\"disk\":{\"ok\":false");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld", id)),
	    0);
	disk_freed();
	http_request(c, &q, &r);
	assert_status(&r, 303);
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM attachment WHERE proposal_id = %ld", id)),
	    1);
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
	};
	return cmocka_run_group_tests_name("http_disk_full", tests, NULL, NULL);
}

/* HTTP integration tests of the yearly transfer report for the funder,
 * /admin/uebernahmen/jahresbericht/YEAR.pdf: a PDF (read back by pdftotext) with the year's
 * approved adoptions in total, per practice, per Land and per kind; the same bytes twice;
 * never a reporter's contact; only the office; a year that is no year is no page. */
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

static char *
pdf_text(struct srv *s, const struct resp *r)
{
	const char *path = tstr("%s/bericht.pdf", s->dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(r->body, 1, r->body_len, f);
	fclose(f);
	const char *argv[] = {"pdftotext", "-layout", path, "-", NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	return out;
}

static void
test_yearly_report(void **state)
{
	struct srv *s = *state;
	/* The year of the demo's approvals (made when the demo was seeded). */
	const char *year =
	    tstr("%s", srv_sql_value(s, "SELECT strftime('%Y', max(public_at), 'unixepoch') FROM "
	                                "transfer_report WHERE public_at IS NOT NULL"));
	const char *path = tstr("/admin/uebernahmen/jahresbericht/%s.pdf", year);
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	/* Linked from the office's list. */
	http_get(o, "/admin/uebernahmen", &r);
	assert_body_has(&r, tstr("href=\"%s\"", path));
	resp_free(&r);
	assert_int_equal(http_get(o, path, &r), 200);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/pdf");
	assert_true(r.body_len > 1000 && memcmp(r.body, "%PDF", 4) == 0);
	char *text = pdf_text(s, &r);
	assert_non_null(strstr(text, tstr("Transferbericht %s", year)));
	assert_non_null(strstr(text, "Anerkennungsberatung im Betrieb"));
	assert_non_null(strstr(text, "Übernommen: 3 (in 3 Ländern)"));
	assert_non_null(strstr(text, "Sachsen: 1"));
	assert_non_null(strstr(text, "Niedersachsen: 1"));
	assert_non_null(strstr(text, "Jobcenter: 1"));
	/* Nothing of the reporters. */
	assert_null(strstr(text, "Demo-Meldung"));
	assert_null(strstr(text, "iq-demo.example"));
	free(text);
	/* The same data, the same bytes. */
	struct resp again;
	http_get(o, path, &again);
	assert_int_equal(again.body_len, r.body_len);
	assert_memory_equal(again.body, r.body, r.body_len);
	resp_free(&again);
	resp_free(&r);
	/* A year without reports: a report that says so. */
	assert_int_equal(http_get(o, "/admin/uebernahmen/jahresbericht/2001.pdf", &r), 200);
	text = pdf_text(s, &r);
	assert_non_null(strstr(text, "In diesem Jahr wurden keine Meldungen freigegeben."));
	free(text);
	resp_free(&r);
	/* Not a year. */
	http_get(o, "/admin/uebernahmen/jahresbericht/abcd.pdf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(o, "/admin/uebernahmen/jahresbericht/20260.pdf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(o);

	/* Only the office. */
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(c, path, &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(c);
	c = client_new(s);
	http_get(c, path, &r);
	assert_true(r.status == 303 || r.status == 401 || r.status == 403);
	assert_body_lacks(&r, "%PDF");
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_yearly_report),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}

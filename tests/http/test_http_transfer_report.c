/* HTTP integration tests of the yearly transfer report for the funder,
 * /admin/uebernahmen/jahresbericht/YEAR.pdf: a PDF (read back by pdftotext) with the year's
 * approved adoptions in total, per practice, per Land and per kind, each a table; the same
 * bytes twice; never a reporter's contact; only the office; a year that is no year is no
 * page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* True when text (pdftotext -layout) has a table row that starts with label and whose other
 * cells, separated by spaces, are cells ("3 3 1 0"). */
static bool
row_has(const char *text, const char *label, const char *cells)
{
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		char *copy = strndup(line, n);
		const char *p = copy + strspn(copy, " ");
		bool ok = false;
		if (strncmp(p, label, strlen(label)) == 0 && (!*label || p[strlen(label)] == ' ')) {
			/* The rest, its runs of spaces made one. */
			char rest[256];
			size_t k = 0;
			for (const char *q = p + strlen(label); *q && k < sizeof rest - 1; q++)
				if (*q != ' ' || (k && rest[k - 1] != ' '))
					rest[k++] = *q;
			while (k && rest[k - 1] == ' ')
				k--;
			rest[k] = '\0';
			ok = strcmp(rest + (rest[0] == ' '), cells) == 0;
		}
		free(copy);
		if (ok)
			return true;
		line = end ? end + 1 : NULL;
	}
	return false;
}

/* The approved public reports of the year with a condition, counted in the database. */
static const char *
count_in(struct srv *s, const char *year, const char *where)
{
	return tstr("%ld", srv_sql_long(s, tstr("SELECT count(*) FROM transfer_report r JOIN "
	                                        "practice p ON p.id = r.practice_id WHERE "
	                                        "r.state = 'confirmed' AND r.public_at IS NOT "
	                                        "NULL AND strftime('%%Y', r.public_at, "
	                                        "'unixepoch') = '%s' AND %s",
	                                        year, where)));
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
	/* Tables: the totals, per practice (adopted, in Länder, preparing, interested), per
	 * Land and per kind, each with the figures of that year's approvals. */
	const char *adopted = count_in(s, year, "r.public_stage = 'adopted'");
	assert_true(
	    row_has(text, "",
	            tstr("%s %s %s %s", adopted, count_in(s, year, "r.public_stage = 'preparing'"),
	                 count_in(s, year, "r.public_stage = 'interest'"),
	                 count_in(s, year, "r.public_stage = 'given_up'"))));
	const char *mine = "p.slug = 'anerkennungsberatung-im-betrieb'";
	assert_true(row_has(
	    text, "Anerkennungsberatung im",
	    tstr("%s %s %s %s", count_in(s, year, tstr("%s AND r.public_stage = 'adopted'", mine)),
	         srv_sql_value(s, tstr("SELECT count(DISTINCT public_bundesland) FROM "
	                               "transfer_report r JOIN practice p ON p.id = r.practice_id "
	                               "WHERE %s AND r.public_stage = 'adopted' AND r.state = "
	                               "'confirmed' AND strftime('%%Y', r.public_at, 'unixepoch') "
	                               "= '%s'",
	                               mine, year)),
	         count_in(s, year, tstr("%s AND r.public_stage = 'preparing'", mine)),
	         count_in(s, year, tstr("%s AND r.public_stage = 'interest'", mine)))));
	/* Where it was adopted: the Länder by name, in the terms' order. */
	const char *lands =
	    tstr("%s",
	         srv_sql_value(s, tstr("SELECT group_concat(label_de, ', ') FROM (SELECT DISTINCT "
	                               "t.position, t.label_de FROM transfer_report r JOIN "
	                               "practice p ON p.id = r.practice_id JOIN taxonomy_term t ON "
	                               "t.kind = 'bundesland' AND t.key = r.public_bundesland "
	                               "WHERE %s AND r.public_stage = 'adopted' AND r.state = "
	                               "'confirmed' AND strftime('%%Y', r.public_at, "
	                               "'unixepoch') = '%s' ORDER BY t.position, t.label_de) q",
	                               mine, year)));
	assert_true(strchr(lands, ','));
	assert_true(row_has(text, "Anerkennungsberatung im Betrieb", lands));
	assert_true(
	    row_has(text, "Gute Praxis", "Übernommen Bundesländer Übernahme in Interessiert"));
	assert_true(row_has(
	    text, "Sachsen",
	    count_in(s, year, "r.public_stage = 'adopted' AND r.public_bundesland = 'sn'")));
	assert_true(row_has(
	    text, "Niedersachsen",
	    count_in(s, year, "r.public_stage = 'adopted' AND r.public_bundesland = 'ni'")));
	assert_true(row_has(text, "Thüringen", "0"));
	assert_true(row_has(
	    text, "Jobcenter",
	    count_in(s, year, "r.public_stage = 'adopted' AND r.public_kind = 'jobcenter'")));
	/* Each table ends with its sum: the Länder's and the kinds' both the year's adoptions. */
	const char *sum = strstr(text, "Insgesamt");
	assert_non_null(sum);
	assert_true(row_has(sum + 1, "Insgesamt", adopted));
	assert_true(row_has(strstr(sum + 1, "Insgesamt") + 1, "Insgesamt", adopted));
	/* Its author is the publisher of the open data (/dcat.ttl), not the software. */
	const char *info_argv[] = {"pdfinfo", tstr("%s/bericht.pdf", s->dir), NULL};
	char *info = NULL;
	assert_int_equal(run_cmd(info_argv, NULL, &info), 0);
	assert_non_null(
	    strstr(info, tstr("Author:          Koordinierungsstelle (%s)", s->base + 7)));
	free(info);
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

/* Good practices in the domain: the all-or-nothing import and its problems. */
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_count = {"t_practice_count", "SELECT count(*) FROM practice"};

static int64_t
practices(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &q_count);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

static const char good_import[] =
    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": [\n"
    " {\"title\": \"Brücken bauen\", \"teaser\": \"Kurz.\", \"art\": \"konzept\",\n"
    "  \"organisation_name\": \"IQ Netzwerk Berlin\", \"situation\": \"A\",\n"
    "  \"implementation\": \"B\", \"results\": \"C\", \"transfer\": \"D\",\n"
    "  \"handlungsfelder\": [\"deutsch\"], \"bundeslaender\": [\"be\", \"bb\"],\n"
    "  \"links\": [\"https://example.org\", {\"url\": \"https://example.org/b\", \"label\": "
    "\"Mehr\"}],\n"
    "  \"published_at\": \"2021-03-04\"},\n"
    " {\"slug\": \"eigene-adresse\", \"title\": \"Entwurf\", \"status\": \"unpublished\"}\n"
    "]}";

static void
test_import(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import(f, good_import, strlen(good_import), &res), 0);
	assert_int_equal(res.records, 2);
	assert_int_equal(res.imported, 2);
	struct practice p;
	assert_true(practice_find_slug(f->s, &f->a, "bruecken-bauen", true, &p));
	assert_int_equal(p.nterms, 3);
	assert_string_equal(p.text[PX_LINKS], "https://example.org\nhttps://example.org/b Mehr");
	char when[32];
	time_format_rfc3339(when, sizeof when, p.published_at);
	assert_string_equal(when, "2021-03-04T11:00:00Z"); /* noon in Berlin */
	assert_true(practice_find_slug(f->s, &f->a, "eigene-adresse", false, &p));
	assert_int_equal(p.status, PRACTICE_UNPUBLISHED);
}

static void
test_import_problems(void **state)
{
	struct fixture *f = *state;
	static const char bad[] =
	    "{\"practices\": [\n"
	    " {\"title\": \"Gut\", \"status\": \"unpublished\"},\n"
	    " {\"title\": \"Unvollständig\"},\n"
	    " {\"title\": \"X\", \"art\": \"rakete\", \"zielgruppen\": [\"gesundheit\", 3],\n"
	    "  \"contact_email\": \"nope\", \"colour\": \"blau\", \"status\": \"unpublished\"},\n"
	    " \"kein Objekt\",\n"
	    " {\"slug\": \"gleich\", \"title\": \"A\", \"status\": \"unpublished\"},\n"
	    " {\"slug\": \"gleich\", \"title\": \"B\", \"status\": \"unpublished\"}\n"
	    "]}";
	struct import_result res;
	assert_int_equal(import(f, bad, strlen(bad), &res), 1);
	assert_int_equal(res.imported, 0);
	assert_int_equal(practices(f), 0); /* nothing half-imported */
	/* Record 2: what publishing needs. */
	bool teaser = false, art = false;
	size_t rec3 = 0;
	for (size_t i = 0; i < res.nproblems; i++) {
		const struct import_problem *p = &res.problems[i];
		if (p->record == 2 && strcmp(p->field, "teaser") == 0)
			teaser = true;
		if (p->record == 2 && strcmp(p->field, "art") == 0)
			art = true;
		if (p->record == 3)
			rec3++;
	}
	assert_true(teaser && art);
	assert_int_equal(rec3, 3); /* art, zielgruppen (3), colour; the e-mail is checked later */
	bool rec4 = false, rec6 = false;
	for (size_t i = 0; i < res.nproblems; i++) {
		rec4 |= res.problems[i].record == 4;
		rec6 |= res.problems[i].record == 6 && strcmp(res.problems[i].field, "slug") == 0;
		assert_true(res.problems[i].record != 1 && res.problems[i].record != 5);
	}
	assert_true(rec4 && rec6);

	/* Not JSON at all: the parser's position. */
	assert_int_equal(import(f, "{\"practices\": [\n{,", 17, &res), 1);
	assert_int_equal(res.nproblems, 1);
	assert_int_equal(res.problems[0].record, 0);
	assert_non_null(strstr(res.problems[0].message, "line 2"));
	assert_int_equal(import(f, "[]", 2, &res), 1);
	assert_int_equal(import(f, "{\"practices\": [], \"x\": 1}", 25, &res), 1);
	assert_string_equal(res.problems[0].field, "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_import, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_import_problems, practice_setup,
	                                    practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

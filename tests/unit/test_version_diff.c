/* Comparing two submitted versions of a proposal: changed fields only, labels for terms. */
#include "domain/proposal.h"
#include "domain/taxonomy.h"
#include "domain/version_diff.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t konzept, massnahme, hessen, bayern, jobcenter;
};

static int64_t
term(struct fixture *f, const char *kind, const char *key)
{
	struct term t;
	assert_true(taxonomy_find_key(f->s, &f->a, kind, key, &t));
	return t.id;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "diff");
	f->konzept = term(f, "art", "konzept");
	f->massnahme = term(f, "art", "massnahme");
	f->hessen = term(f, "bundesland", "he");
	f->bayern = term(f, "bundesland", "by");
	f->jobcenter = term(f, "adressat", "jobcenter");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	free(f);
	return 0;
}

static const char *
snapshot(struct fixture *f, const char *results, int64_t art, int64_t land, const char *self)
{
	return arena_printf(&f->a,
	                    "{\"art_id\":%lld,\"results\":\"%s\",\"self\":%s,"
	                    "\"term_ids\":[%lld,%lld],\"title\":\"Kompetenzcheck im Betrieb\"}",
	                    (long long)art, results, self, (long long)f->jobcenter,
	                    (long long)land);
}

static void
test_only_changed_fields_in_form_order(void **state)
{
	struct fixture *f = *state;
	const char *a = snapshot(f, "Viele haben es geschafft.", f->konzept, f->hessen,
	                         "{\"innovative\":\"neu\",\"transferable\":\"ja\"}");
	const char *b = snapshot(f, "118 Checks, 84 volle Gleichwertigkeit.", f->massnahme,
	                         f->bayern, "{\"innovative\":\"neu\",\"sustainable\":\"bleibt\"}");
	size_t n, unchanged = 0;
	struct version_change *ch = version_diff(f->s, &f->a, LANG_DE, a, b, &n, &unchanged);
	assert_int_equal(n, 5);
	assert_int_equal(ch[0].kind, CHANGE_TEXT);
	assert_int_equal(ch[0].field, PT_RESULTS);
	assert_string_equal(ch[0].before, "Viele haben es geschafft.");
	assert_string_equal(ch[0].after, "118 Checks, 84 volle Gleichwertigkeit.");
	assert_int_equal(ch[1].kind, CHANGE_ART);
	assert_string_equal(ch[1].before, "Konzept");
	assert_string_equal(ch[1].after, "Maßnahme");
	assert_int_equal(ch[2].kind, CHANGE_TERMS);
	assert_string_equal(ch[2].term_kind, "bundesland");
	assert_string_equal(ch[2].before, "Hessen");
	assert_string_equal(ch[2].after, "Bayern");
	/* The self-assessment: one criterion dropped, one added, one the same. */
	assert_int_equal(ch[3].kind, CHANGE_SELF);
	assert_string_equal(ch[3].criterion_key, "transferable");
	assert_string_equal(ch[3].after, "");
	assert_int_equal(ch[4].kind, CHANGE_SELF);
	assert_string_equal(ch[4].criterion_key, "sustainable");
	assert_string_equal(ch[4].before, "");
	/* Text fields, Art, four term kinds and three criteria were compared. */
	assert_int_equal(n + unchanged, PT_COUNT + 1 + 4 + 3);
}

static void
test_labels_follow_the_language(void **state)
{
	struct fixture *f = *state;
	const char *a = snapshot(f, "x", f->konzept, f->hessen, "{}");
	const char *b = snapshot(f, "x", f->massnahme, f->hessen, "{}");
	size_t n, unchanged = 0;
	struct version_change *ch = version_diff(f->s, &f->a, LANG_EN, a, b, &n, &unchanged);
	assert_int_equal(n, 1);
	assert_string_equal(ch[0].before, "Concept");
	assert_string_equal(ch[0].after, "Measure");
}

static void
test_same_or_broken_snapshots(void **state)
{
	struct fixture *f = *state;
	const char *a = snapshot(f, "x", f->konzept, f->hessen, "{}");
	size_t n, unchanged = 0;
	version_diff(f->s, &f->a, LANG_DE, a, a, &n, &unchanged);
	assert_int_equal(n, 0);
	assert_true(unchanged > 0);
	version_diff(f->s, &f->a, LANG_DE, a, "{kaputt", &n, &unchanged);
	assert_int_equal(n, 0);
	assert_int_equal(unchanged, 0);
	version_diff(f->s, &f->a, LANG_DE, NULL, a, &n, &unchanged);
	assert_int_equal(n, 0);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_only_changed_fields_in_form_order),
	    T(test_labels_follow_the_language),
	    T(test_same_or_broken_snapshots),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

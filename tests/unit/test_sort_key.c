/* Sorting by name with the search layer's folding: the sort key itself, the lists of
 * organisations and accounts ordered by it ("Ärztinnen …" before "Zukunft …", which
 * COLLATE NOCASE got wrong), and the fill of keys missing from older rows. */
#include "domain/organisation.h"
#include "domain/sort_key.h"
#include "domain/user.h"
#include "search/search.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "sort-key");
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

static void
assert_key(const char *text, const char *key)
{
	char *k = search_sort_key(text);
	assert_string_equal(k, key);
	free(k);
}

static void
test_key_folds_case_umlauts_and_sharp_s(void **state)
{
	(void)state;
	assert_key("Ärztinnen und Ärzte", "arztinnen und arzte");
	assert_key("Zukunft Pflege", "zukunft pflege");
	assert_key("Straße der Öffnung", "strasse der offnung");
	assert_key("ÜBERGANG", "ubergang");
	assert_key("", "");
	assert_key(NULL, "");
	char *a = search_sort_key("Ärztinnen"), *z = search_sort_key("Zukunft");
	assert_true(strcmp(a, z) < 0);
	free(a);
	free(z);
}

static const char *const names[] = {"Zukunft Bildung Halle", "Ärztinnen ohne Grenzen Leipzig",
                                    "Berufsbrücke Köln", "Öffnung Nord"};
static const char *const sorted[] = {"Ärztinnen ohne Grenzen Leipzig", "Berufsbrücke Köln",
                                     "Öffnung Nord", "Zukunft Bildung Halle"};

TX_TEST(test_organisations_sort_by_folded_name)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < 4; i++)
		assert_true(organisation_create(f->s, 0, names[i], "", "external", 0, "") > 0);
	size_t n;
	struct organisation *o = organisation_list(f->s, &f->a, &n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(o[i].name, sorted[i]);
	/* A rename moves it: the key follows the name. */
	assert_int_equal(
	    organisation_update(f->s, 0, o[3].id, "Aachener Zukunft", "", "external", 0, ""), 0);
	o = organisation_list(f->s, &f->a, &n);
	assert_int_equal(n, 4);
	assert_string_equal(o[0].name, "Aachener Zukunft");
	assert_string_equal(o[1].name, "Ärztinnen ohne Grenzen Leipzig");
}

TX_TEST(test_accounts_sort_by_folded_name)
{
	struct fixture *f = *state;
	static const char *const emails[] = {"z@example.org", "ae@example.org", "b@example.org",
	                                     "oe@example.org"};
	for (size_t i = 0; i < 4; i++)
		assert_true(user_create(f->s, 0, emails[i], names[i], NULL, ROLE_SUBMITTER, 0) > 0);
	struct user u[8];
	assert_int_equal(user_list(f->s, &f->a, u, 8, 0), 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(u[i].name, sorted[i]);
	assert_int_equal(user_set_profile(f->s, 0, u[0].id, "Zwölf Ärztinnen", LANG_DE), 0);
	assert_int_equal(user_list(f->s, &f->a, u, 8, 0), 4);
	assert_string_equal(u[3].name, "Zwölf Ärztinnen");
}

static const struct store_query q_clear = {"t_sort_clear",
                                           "UPDATE organisation SET name_sort = ''"};
static const struct store_query q_key = {"t_sort_key",
                                         "SELECT name_sort FROM organisation WHERE name = ?1"};

static int
create_organisations(struct store *s, void *arg)
{
	(void)arg;
	for (size_t i = 0; i < 4; i++)
		if (organisation_create(s, 0, names[i], "", "external", 0, "") <= 0)
			return STORE_ERR;
	return STORE_OK;
}

/* Rows from before migration 013 have empty keys; sort_key_fill gives them theirs. */
static void
test_fill_gives_older_rows_their_keys(void **state)
{
	struct fixture *f = *state;
	TX_RUN(f->s, create_organisations, NULL);
	assert_int_equal(stmt_exec(store_stmt(f->s, &q_clear)), STORE_OK);
	assert_int_equal(sort_key_fill(f->s), 0);
	struct stmt *st = store_stmt(f->s, &q_key);
	stmt_bind_text(st, 1, "Ärztinnen ohne Grenzen Leipzig");
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "arztinnen ohne grenzen leipzig");
	stmt_done(st);
	size_t n;
	struct organisation *o = organisation_list(f->s, &f->a, &n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(o[i].name, sorted[i]);
	/* Nothing left to fill: a second run changes nothing and succeeds. */
	assert_int_equal(sort_key_fill(f->s), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_key_folds_case_umlauts_and_sharp_s),
	    cmocka_unit_test_setup_teardown(test_organisations_sort_by_folded_name, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_sort_by_folded_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fill_gives_older_rows_their_keys, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

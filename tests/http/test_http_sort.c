/* Lists sorted by name or title fold umlauts and case as the search does: on the pages a
 * person sees, "Ärztinnen …" comes before "Zukunft …" (COLLATE NOCASE, ASCII only, put it
 * after "Z"). The office's organisations and accounts, and the catalog sorted by title. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define FIRST "Ärztinnen ohne Grenzen Leipzig"
#define LAST "Zukunft Bildung Halle"

/* Both texts are on the page, first before last. */
static void
assert_before(struct resp *r, const char *first, const char *last)
{
	const char *a = strstr(r->body, first), *z = strstr(r->body, last);
	if (!a || !z)
		fail_msg("the page lacks \"%s\" or \"%s\"", first, last);
	if (a > z)
		fail_msg("\"%s\" comes after \"%s\"", first, last);
}

static void
test_organisations_sort_by_folded_name(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	const char *list = "/admin/stammdaten/organisationen";
	struct resp r;
	/* The later one first, so that neither the id nor the order of creation helps. */
	const char *names[] = {LAST, FIRST};
	for (size_t i = 0; i < 2; i++) {
		http_get(c, list, &r);
		resp_free(&r);
		http_post_csrf(
		    c, list,
		    tstr("name=%s&short_name=&kind=external&parent=0&bundesland=", tenc(names[i])),
		    &r);
		assert_status(&r, 303);
		resp_free(&r);
	}
	assert_int_equal(http_get(c, list, &r), 200);
	assert_before(&r, FIRST, LAST);
	resp_free(&r);
	client_free(c);
}

static void
test_accounts_sort_by_folded_name(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	assert_int_equal(login(c, DEMO_ADMIN, DEMO_PASSWORD), 0);
	struct resp r;
	const char *names[] = {"Zora Zukunft", "Änne Ärztin"};
	const char *emails[] = {"zora%40example.org", "aenne%40example.org"};
	for (size_t i = 0; i < 2; i++) {
		http_get(c, "/admin/benutzer", &r);
		resp_free(&r);
		http_post_csrf(c, "/admin/benutzer/einladen",
		               tstr("email=%s&name=%s&organisation=0&role_submitter=1", emails[i],
		                    tenc(names[i])),
		               &r);
		assert_redirect(&r, "/admin/benutzer");
		resp_free(&r);
	}
	assert_int_equal(http_get(c, "/admin/benutzer", &r), 200);
	assert_before(&r, "Änne Ärztin", "Zora Zukunft");
	resp_free(&r);
	client_free(c);
}

static void
test_catalog_sorted_by_title_folds_umlauts(void **state)
{
	struct srv *s = *state;
	const char *path = tstr("%s/sort.json", s->dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": [\n", f);
	const char *titles[] = {LAST, FIRST};
	for (size_t i = 0; i < 2; i++)
		fprintf(f,
		        "%s{\"title\": \"%s\", \"teaser\": \"Eine Sortierprobe.\", \"art\": "
		        "\"instrument\", \"organisation_name\": \"IQ\", \"situation\": \"S\", "
		        "\"implementation\": \"I\", \"results\": \"R\", \"transfer\": \"T\", "
		        "\"published_at\": \"2024-02-2%zu\"}\n",
		        i ? "," : "", titles[i], i + 1);
	fputs("]}\n", f);
	fclose(f);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "import", path, NULL), 0);
	free(out);
	struct client *web = client_new(s);
	struct resp r;
	assert_int_equal(http_get(web, "/praxis?q=Sortierprobe&sort=titel", &r), 200);
	assert_before(&r, FIRST, LAST);
	resp_free(&r);
	client_free(web);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, srv_setup, srv_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_organisations_sort_by_folded_name),
	    T(test_accounts_sort_by_folded_name),
	    T(test_catalog_sorted_by_title_folds_umlauts),
	};
#undef T
	return cmocka_run_group_tests_name("http_sort", tests, NULL, NULL);
}

/* HTTP test of the start-up's warm-up (issue 14, point 6): the catalog's index and the
 * search's are built in the background right after `serve` starts, and the requests that
 * come meanwhile wait for that build or make their own. Whatever the timing, the first
 * answers must be the catalog as it is, complete: the same pages as those of a
 * server asked without the warm-up (each index made by the first request that needs it),
 * and never the catalog as it was before a change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "harness.h"
#include "catalog_fixture.h"

#define READY "start-up: the catalog's index and the search's are ready"

/* The catalog pages and searches compared: the listing, a facet, a word of the seed, a
 * typo of it (the vocabulary's work), a part of a compound, and a search with a facet. */
static const char *const paths[] = {
    "/praxis",
    "/praxis?art=produkt",
    "/praxis?q=Sicherheit",
    "/praxis?q=Sichreheit",
    "/praxis?q=Markdown+Katalogtest&sort=titel",
    "/praxis?q=Test&feld=gruendung",
    "/praxis?q=Zebrafink",
    "/praxis?q=Startsicherheit",
};
#define NPATHS (sizeof paths / sizeof paths[0])

/* The body with the server's address (the canonical link names its port, which a restart
 * changes) taken out. Malloc'd. */
static char *
without_base(const char *body)
{
	const char *base = server.base;
	size_t n = strlen(base);
	char *out = malloc(strlen(body) + 1), *o = out;
	for (const char *p = body; *p;) {
		if (strncmp(p, base, n) == 0) {
			p += n;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* Asks every path (each once in this server's life, so none comes from the page cache). */
static void
ask_all(char *bodies[NPATHS])
{
	for (size_t i = 0; i < NPATHS; i++) {
		struct resp r;
		get_status(paths[i], 200, &r);
		bodies[i] = without_base(r.body);
		resp_free(&r);
	}
}

static void
test_first_answers_complete(void **state)
{
	(void)state;
	/* A practice imported while the server ran: the index of the start-up is of the
	 * catalog with it (a restart reads the database anew). */
	char *out = NULL;
	const char *more =
	    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
	    "{\"slug\": \"cat-start\", \"title\": \"Katalogtest Startsicherheit\","
	    " \"teaser\": \"Nach dem Start.\", \"art\": \"produkt\", \"situation\": "
	    "\"Ausgangslage.\", " COMPLETE ","
	    " \"handlungsfelder\": [\"gruendung\"], \"published_at\": \"2021-03-03\"}]}";
	if (import_json(more, &out) != 0)
		fail_msg("import: %s", out ? out : "");
	free(out);

	/* Right after the start: asked while the warm-up runs (or after, on a fast machine). */
	assert_int_equal(srv_restart(&server), 0);
	char *early[NPATHS];
	ask_all(early);
	assert_non_null(strstr(early[NPATHS - 1], "cat-start"));
	assert_true(srv_log_wait(&server, READY, 60000));

	/* A second start without the warm-up, where each index is made by the first request
	 * that needs it, as before the warm-up existed: what the pages must say. */
	setenv("LEUCHTTURM_WARM_UP", "0", 1);
	assert_int_equal(srv_restart(&server), 0);
	setenv("LEUCHTTURM_WARM_UP", "1", 1);
	char *late[NPATHS];
	ask_all(late);
	assert_false(srv_log_wait(&server, READY, 0));
	for (size_t i = 0; i < NPATHS; i++) {
		if (strcmp(early[i], late[i]) != 0)
			fail_msg("%s: the first answer after the start differs from the one "
			         "without the warm-up",
			         paths[i]);
		free(early[i]);
		free(late[i]);
	}

	/* A change after the warm-up: the next page has it (the index follows the catalog). */
	assert_int_equal(srv_restart(&server), 0);
	assert_true(srv_log_wait(&server, READY, 60000));
	out = NULL;
	const char *changed =
	    "{\"format\": \"leuchtturm-practices\", \"version\": 1, \"practices\": ["
	    "{\"slug\": \"cat-spaet\", \"title\": \"Katalogtest Spaetsicherheit\","
	    " \"teaser\": \"Nach dem Aufwärmen.\", \"art\": \"produkt\", \"situation\": "
	    "\"Ausgangslage.\", " COMPLETE ","
	    " \"published_at\": \"2021-04-04\"}]}";
	if (import_json(changed, &out) != 0)
		fail_msg("import: %s", out ? out : "");
	free(out);
	struct resp r;
	get_status("/praxis?q=Spaetsicherheit", 200, &r);
	assert_non_null(strstr(r.body, "cat-spaet"));
	resp_free(&r);
}

int
main(void)
{
	/* With the warm-up, as a server runs (the harness turns it off for the other tests). */
	setenv("LEUCHTTURM_WARM_UP", "1", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_first_answers_complete),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

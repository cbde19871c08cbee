/* The search corpus (issue 13): every query of tests/search/corpus.tsv — compounds, typos,
 * gender forms, umlauts typed as ae/oe/ue, synonyms, Bundesland, organisation, labels —
 * must find its demo practice among the first five results by relevance, asked as a
 * visitor asks (/api/v1/practices?q=…&sort=relevanz, the same search as /praxis). The
 * hit rate is reported; one miss fails, with what was found instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define TOP 5

static struct srv server;
static struct client *web;

static int
setup(void **state)
{
	if (srv_start(&server) != 0)
		return -1;
	web = client_new(&server);
	return 0;
}

static int
teardown(void **state)
{
	client_free(web);
	return srv_stop(&server);
}

/* The slugs of the first TOP results of body (the API's items, in order), joined by
 * spaces into out. */
static void
top_slugs(const char *body, char *out, size_t n)
{
	static const char key[] = "{\"slug\":\"";
	out[0] = '\0';
	const char *p = strstr(body, "\"items\":[");
	for (int i = 0; p && i < TOP && (p = strstr(p, key)); i++) {
		p += sizeof key - 1;
		const char *e = strchr(p, '"');
		if (!e)
			break;
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%.*s", len ? " " : "", (int)(e - p), p);
		p = e;
	}
}

/* Is slug one of the space-separated words of list? */
static bool
listed(const char *list, const char *slug)
{
	size_t n = strlen(slug);
	for (const char *p = list; (p = strstr(p, slug)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void
test_corpus(void **state)
{
	const char *src = getenv("LEUCHTTURM_SRC");
	const char *path = tstr("%s/tests/search/corpus.tsv", src && *src ? src : ".");
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot read %s", path);
	char line[512], found[1024];
	int queries = 0, hits = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || !tab)
			continue;
		*tab = '\0';
		const char *query = line, *slug = tab + 1;
		struct resp r;
		long status =
		    http_get(web, tstr("/api/v1/practices?q=%s&sort=relevanz", tenc(query)), &r);
		assert_int_equal(status, 200);
		top_slugs(r.body, found, sizeof found);
		resp_free(&r);
		queries++;
		if (listed(found, slug))
			hits++;
		else
			print_message("MISS \"%s\": wants %s, found [%s]\n", query, slug, found);
	}
	fclose(f);
	print_message("search corpus: %d of %d queries find their practice in the top %d "
	              "(%.1f %%)\n",
	              hits, queries, TOP, queries ? 100.0 * hits / queries : 0.0);
	assert_true(queries >= 60);
	assert_int_equal(hits, queries);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

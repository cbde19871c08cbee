/* HTTP integration tests of the public catalog's pages: /praxis and /praxis/SLUG, safe
 * Markdown, unpublished and archived practices invisible. One server for the group, with
 * the demo data plus the practices below, imported with `leuchtturm import`. */
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

static void
test_catalog_page(void **state)
{
	struct resp r;
	get_status("/praxis", 200, &r);
	/* The search form, the facets, the feeds in the head and on the page. */
	assert_body_has(&r, "role=\"search\"");
	assert_body_has(&r, "<input type=\"search\" id=\"q\" name=\"q\"");
	assert_body_has(&r, "<fieldset class=\"facet\">");
	assert_body_has(&r, "name=\"feld\" value=\"anerkennungsberatung\"");
	assert_body_has(&r, "name=\"land\" value=\"sl\"");
	assert_body_has(&r, "name=\"jahr\" value=\"2025\"");
	assert_body_has(&r, "<link rel=\"alternate\" type=\"application/atom+xml\"");
	assert_body_has(&r, "<link rel=\"alternate\" type=\"application/rss+xml\"");
	assert_body_has(&r, "href=\"/feed.atom\"");
	assert_body_has(&r, "<link rel=\"canonical\" href=\"http://127.0.0.1");
	/* 34 demo practices and one of the tests': two pages. */
	assert_body_has(&r, "35 ");
	assert_body_has(&r, "href=\"/praxis?seite=2\" rel=\"next\"");
	assert_body_lacks(&r, "Zebrafink");
	assert_body_lacks(&r, "cat-entwurf");
	assert_body_lacks(&r, "cat-archiv");
	resp_free(&r);
}

static void
test_detail_page(void **state)
{
	struct resp r;
	get_status("/praxis/anerkennungsberatung-im-betrieb", 200, &r);
	assert_body_has(&r, "<h1>Anerkennungsberatung im Betrieb</h1>");
	assert_body_has(&r, "id=\"s-situation\"");
	assert_body_has(&r, "id=\"s-transfer\"");
	assert_body_has(&r, "id=\"criteria-h\"");
	assert_body_has(&r, "Selin Arslan");
	assert_body_has(&r, "href=\"mailto:anerkennung@stuttgart.iq-demo.example\"");
	assert_body_has(&r, ">Förderprogramm IQ</a>");
	assert_body_has(&r, "href=\"/praxis/anerkennungsberatung-im-betrieb.pdf\"");
	assert_body_has(&r, "id=\"related-h\"");
	assert_body_has(&r, "<link rel=\"canonical\" href=\"http://127.0.0.1:");
	assert_body_has(&r, "/praxis/anerkennungsberatung-im-betrieb\">");
	assert_body_has(&r, "<meta property=\"og:type\" content=\"article\">");
	assert_body_has(&r,
	                "<meta property=\"og:title\" content=\"Anerkennungsberatung im Betrieb\">");
	assert_body_has(&r, "<meta name=\"description\" content=\"Die Anerkennungsberatung kommt");
	/* No downloads section without files. */
	assert_body_lacks(&r, "id=\"downloads-h\"");
	/* Related practices are others. */
	char *related = str_between(r.body, "id=\"related-h\"", "</section>");
	assert_non_null(related);
	assert_null(strstr(related, "/praxis/anerkennungsberatung-im-betrieb\""));
	free(related);
	resp_free(&r);
}

static void
test_markdown_is_safe(void **state)
{
	struct resp r;
	get_status("/praxis/cat-markdown", 200, &r);
	assert_body_lacks(&r, "javascript:");
	assert_body_lacks(&r, "<script>alert");
	assert_body_has(&r, "&lt;script&gt;");
	assert_body_has(&r, "<a href=\"https://example.org/gut\">gut</a>");
	assert_body_has(&r, "<strong>fett</strong>");
	/* "# Überschrift" sits below the section's <h2>. */
	assert_body_has(&r, "<h3>Überschrift</h3>");
	assert_body_lacks(&r, "<b>ohne</b>");
	resp_free(&r);
}

static void
test_unpublished_invisible(void **state)
{
	static const char *const paths[] = {"/praxis/cat-entwurf", "/praxis/cat-archiv",
	                                    "/praxis/gibt-es-nicht", "/praxis/GROSS",
	                                    "/praxis/a..b"};
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		struct resp r;
		get_status(paths[i], 404, &r);
		assert_body_lacks(&r, "Zebrafink");
		resp_free(&r);
	}
	/* Right after unpublishing, a published practice is gone too. */
	srv_practice_status(&server, "anerkennungslotsen", false);
	struct resp r;
	get_status("/praxis/anerkennungslotsen", 404, &r);
	resp_free(&r);
	get_status("/praxis?q=Anerkennungslotsen", 200, &r);
	assert_body_lacks(&r, "/praxis/anerkennungslotsen\"");
	resp_free(&r);
	srv_practice_status(&server, "anerkennungslotsen", true);
	get_status("/praxis/anerkennungslotsen", 200, &r);
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_catalog_page),
	    cmocka_unit_test(test_detail_page),
	    cmocka_unit_test(test_markdown_is_safe),
	    cmocka_unit_test(test_unpublished_invisible),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/* Unit tests for the static export's addresses and links (cli/site_paths.c,
 * cli/site_links.c): which address becomes which file, relative references between files,
 * and a page's links made to fit the copy (relative, under --base-url, to --live-url, or
 * left out without breaking the markup). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli/site.h"

static void
expect_file(const char *path, const char *type, const char *want)
{
	char *got = site_file_of(path, type);
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
	free(got);
}

static void
test_addresses_become_files_by_type(void **state)
{
	(void)state;
	expect_file("/", "text/html; charset=utf-8", "index.html");
	expect_file("/praxis", "text/html; charset=utf-8", "praxis.html");
	expect_file("/praxis/x", "text/html", "praxis/x.html");
	expect_file("/praxis/x.pdf", "application/pdf", "praxis/x.pdf");
	expect_file("/api/v1/practices", "application/json", "api/v1/practices.json");
	expect_file("/feed.atom", "application/atom+xml", "feed.atom");
	expect_file("/praxis/x/download/5", "application/pdf", "praxis/x/download/5");
}

static void
test_unsafe_addresses_are_no_files(void **state)
{
	(void)state;
	expect_file("/../etc/passwd", "text/html", NULL);
	expect_file("/praxis/../../x", "text/html", NULL);
	expect_file("/a//b", "text/html", NULL);
	expect_file("/a/./b", "text/html", NULL);
	expect_file("/a b", "text/html", NULL);
	expect_file("/a%2e%2e", "text/html", NULL);
	expect_file("praxis", "text/html", NULL);
	expect_file("/praxis/", "text/html", NULL);
}

static void
expect_relative(const char *from, const char *to, const char *want)
{
	char *got = site_relative(from, to);
	assert_string_equal(got, want);
	free(got);
}

static void
test_relative_references_climb_to_the_common_folder(void **state)
{
	(void)state;
	expect_relative("index.html", "praxis.html", "praxis.html");
	expect_relative("praxis/x.html", "static/a.css", "../static/a.css");
	expect_relative("praxis/x.html", "praxis/y.html", "y.html");
	expect_relative("praxis/x.html", "praxis/x/transferpaket.zip", "x/transferpaket.zip");
	expect_relative("api/v1/a.json", "index.html", "../../index.html");
	expect_relative("ab/x.html", "a/y.html", "../a/y.html");
}

/* Exported here: "/", "/praxis", "/static/a.css". */
static const char *
known(void *ctx, const char *path)
{
	(void)ctx;
	if (strcmp(path, "/") == 0)
		return "index.html";
	if (strcmp(path, "/praxis") == 0)
		return "praxis.html";
	if (strcmp(path, "/static/a.css") == 0)
		return "static/a.css";
	return NULL;
}

static void
expect_rewrite(const char *base, const char *live, const char *self, const char *in,
               const char *want)
{
	struct site_links l = {
	    .origin = "http://localhost", .base_url = base, .live_url = live, .file_of = known};
	struct buf out = BUF_INIT;
	site_rewrite_html(&l, self, in, strlen(in), &out);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
}

static const char nav[] = "<ul><li><a href=\"/\">Start</a></li><li><a href=\"/anmelden\">"
                          "Anmelden</a></li><li><a href=\"/praxis#x\">P</a></li></ul>";

static void
test_links_become_relative_and_the_rest_goes(void **state)
{
	(void)state;
	expect_rewrite(NULL, NULL, "praxis/y.html", nav,
	               "<ul><li><a href=\"../index.html\">Start</a></li><li><a "
	               "href=\"../praxis.html#x\">P</a></li></ul>");
	/* A link in text leaves its text; an address with a query is never a file. */
	expect_rewrite(NULL, NULL, "index.html",
	               "<p>Siehe <a href=\"/praxis?seite=2\" rel=\"next\">weiter</a>.</p>",
	               "<p>Siehe weiter.</p>");
	/* A paragraph that held only the link goes with it. */
	expect_rewrite(
	    NULL, NULL, "index.html",
	    "<h3>Interesse?</h3><p><a href=\"/praxis/x/interesse\">Melden</a></p><p>x</p>",
	    "<h3>Interesse?</h3><p>x</p>");
	/* A form goes whole, a <link> alone. */
	expect_rewrite(NULL, NULL, "index.html",
	               "<main><form method=\"get\" action=\"/merkliste\"><button>M</button></form>"
	               "<link rel=\"alternate\" href=\"/feed.atom?art=x\"><p>x</p></main>",
	               "<main><p>x</p></main>");
	/* Absolute links to the copy's own origin are local too; other sites stay. */
	expect_rewrite(NULL, NULL, "index.html",
	               "<link rel=\"canonical\" href=\"http://localhost/praxis\"><a "
	               "href=\"https://example.org/\">e</a><a href=\"#main\">m</a>",
	               "<link rel=\"canonical\" href=\"praxis.html\"><a "
	               "href=\"https://example.org/\">e</a><a href=\"#main\">m</a>");
}

static void
test_links_under_base_url_and_to_the_live_site(void **state)
{
	(void)state;
	expect_rewrite("https://copy.example", "https://live.example", "praxis/y.html", nav,
	               "<ul><li><a href=\"https://copy.example/\">Start</a></li><li><a "
	               "href=\"https://live.example/anmelden\">Anmelden</a></li><li><a "
	               "href=\"https://copy.example/praxis#x\">P</a></li></ul>");
	expect_rewrite(
	    NULL, "https://live.example", "index.html",
	    "<form method=\"get\" action=\"/praxis?q=1\"><img src=\"/static/a.css\"></form>",
	    "<form method=\"get\" action=\"https://live.example/praxis?q=1\"><img "
	    "src=\"static/a.css\"></form>");
}

static void
found(void *ctx, const char *path)
{
	struct buf *b = ctx;
	buf_printf(b, "%s|", path);
}

static void
test_local_links_are_found_without_fragments(void **state)
{
	(void)state;
	const char html[] = "<a href=\"/a#b\">x</a><img src=\"http://localhost/s.png\"><a "
	                    "href=\"//other/\">o</a><a href=\"https://e.org/x\">e</a><form "
	                    "action=\"/f\"></form><a href=\"/q?x=1\">q</a>";
	struct buf b = BUF_INIT;
	site_each_link("http://localhost", html, strlen(html), found, &b);
	assert_string_equal(buf_str(&b), "/a|/s.png|/q?x=1|");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_addresses_become_files_by_type),
	    cmocka_unit_test(test_unsafe_addresses_are_no_files),
	    cmocka_unit_test(test_relative_references_climb_to_the_common_folder),
	    cmocka_unit_test(test_links_become_relative_and_the_rest_goes),
	    cmocka_unit_test(test_links_under_base_url_and_to_the_live_site),
	    cmocka_unit_test(test_local_links_are_found_without_fragments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

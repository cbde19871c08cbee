/* html_href (html/html.c): only http, https, mailto and relative addresses reach a page,
 * whatever case, leading spaces or control characters, tabs or line breaks dress another
 * scheme in; and the writer applies it to every URL attribute by itself. */
#include "html/html.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static void
test_allowed_schemes_pass(void **state)
{
	static const char *const urls[] = {
	    "https://www.netzwerk-iq.de/a?b=1#c",
	    "http://example.org",
	    "HTTPS://EXAMPLE.ORG",
	    "HtTp://example.org",
	    "mailto:a@example.org",
	    "MailTo:a@example.org",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		assert_string_equal(html_href(urls[i]), urls[i]);
}

static void
test_relative_pass(void **state)
{
	static const char *const urls[] = {
	    "/praxis",  "/praxis/a:b", "#s-results", "?seite=2",
	    "praxis/x", "./a:b",       "",           "//example.org/x",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		assert_string_equal(html_href(urls[i]), urls[i]);
}

static void
test_other_schemes_fall_back(void **state)
{
	static const char *const urls[] = {
	    "javascript:alert(1)",
	    "JavaScript:alert(1)",
	    "JAVASCRIPT:alert(1)",
	    "data:text/html;base64,PHNjcmlwdD4=",
	    "DATA:image/svg+xml,<svg onload=alert(1)>",
	    "vbscript:msgbox",
	    "VBScript:msgbox",
	    "file:///etc/passwd",
	    "ftp://example.org",
	    "tel:+49301234",
	    "blob:https://example.org/x",
	    ":nothing",
	    "java%0ascript:alert(1)",
	    "https\x01:x",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++)
		assert_string_equal(html_href(urls[i]), "#");
}

static void
test_leading_spaces_and_controls_ignored(void **state)
{
	assert_string_equal(html_href(" javascript:alert(1)"), "#");
	assert_string_equal(html_href("\t\n\r javascript:alert(1)"), "#");
	assert_string_equal(html_href("\x01\x1f javascript:alert(1)"), "#");
	assert_string_equal(html_href("\x0b\x0c data:text/html,x"), "#");
	/* An allowed address loses what the browser would drop anyway. */
	assert_string_equal(html_href("  https://example.org"), "https://example.org");
	assert_string_equal(html_href("\x01/praxis"), "/praxis");
}

static void
test_tabs_and_breaks_inside_scheme(void **state)
{
	/* Browsers take "java\tscript:" for "javascript:". */
	assert_string_equal(html_href("java\tscript:alert(1)"), "#");
	assert_string_equal(html_href("jav\na\rscript:alert(1)"), "#");
	assert_string_equal(html_href("d\ta\nta:text/html,x"), "#");
	/* And "ht\ttps:" for "https:", which is fine. */
	assert_string_equal(html_href("ht\ttps://example.org"), "ht\ttps://example.org");
}

static void
test_null_leaves_attribute_out(void **state)
{
	assert_null(html_href(NULL));
}

/* The writer's output for one element with the attribute name="value". */
static char *
written(const char *tag, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &b);
	html_void(h, tag, name, value, NULL);
	arena_free(&a);
	return buf_detach(&b);
}

static void
test_writer_checks_url_attributes(void **state)
{
	static const char *const names[] = {"href",       "src",    "action",
	                                    "formaction", "poster", "cite"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char want[64];
		char *out = written("x", names[i], " JavaScript:alert(1)");
		snprintf(want, sizeof want, "<x %s=\"#\">", names[i]);
		assert_string_equal(out, want);
		free(out);
		out = written("x", names[i], "https://example.org/?a=1&b=\"2\"");
		snprintf(want, sizeof want,
		         "<x %s=\"https://example.org/?a=1&amp;b=&quot;2&quot;\">", names[i]);
		assert_string_equal(out, want);
		free(out);
	}
	/* Other attributes are text, escaped but not judged. */
	char *out = written("x", "title", "javascript:alert(1)");
	assert_string_equal(out, "<x title=\"javascript:alert(1)\">");
	free(out);
}

static void
test_writer_checks_elem_and_open(void **state)
{
	struct buf b = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &b);
	html_elem(h, "a", "Kontakt", "href", "vbscript:msgbox", "rel", "noopener", NULL);
	html_open(h, "form", "method", "post", "action", "data:text/html,x", NULL);
	html_close(h, "form");
	html_elem(h, "a", "Mail", "href", "mailto:a@example.org", NULL);
	assert_string_equal(buf_str(&b), "<a href=\"#\" rel=\"noopener\">Kontakt</a>"
	                                 "<form method=\"post\" action=\"#\"></form>"
	                                 "<a href=\"mailto:a@example.org\">Mail</a>");
	assert_false(html_broken(h));
	arena_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_allowed_schemes_pass),
	    cmocka_unit_test(test_relative_pass),
	    cmocka_unit_test(test_other_schemes_fall_back),
	    cmocka_unit_test(test_leading_spaces_and_controls_ignored),
	    cmocka_unit_test(test_tabs_and_breaks_inside_scheme),
	    cmocka_unit_test(test_null_leaves_attribute_out),
	    cmocka_unit_test(test_writer_checks_url_attributes),
	    cmocka_unit_test(test_writer_checks_elem_and_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

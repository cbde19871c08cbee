/* The escaping HTML writer: text and attributes escaped, the element stack, raw output. */
#include "html/html.h"
#include "http/csrf.h"
#include "http/parse.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"
#include "html_fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

/* ---- the HTML writer ---- */

static void
test_text_escapes(void **state)
{
	struct writer *w = *state;
	html_text(w->h, "Tom & Jerry <b>\"hi\"</b> it's");
	assert_string_equal(buf_str(&w->out),
	                    "Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&#39;s");
}

static void
test_text_passes_plain_and_utf8(void **state)
{
	struct writer *w = *state;
	html_text(w->h, "Grüße aus Köln – 100 % sicher");
	html_text(w->h, NULL); /* nothing */
	html_text(w->h, "");
	assert_string_equal(buf_str(&w->out), "Grüße aus Köln – 100 % sicher");
}

static void
test_textn_stops_at_n(void **state)
{
	struct writer *w = *state;
	html_textn(w->h, "a<b>c", 3);
	assert_string_equal(buf_str(&w->out), "a&lt;b");
}

static void
test_attribute_escapes(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "a", "href", "/suche?q=a&b=\"c\"", "title", "<'x'>", NULL);
	assert_string_equal(
	    buf_str(&w->out),
	    "<a href=\"/suche?q=a&amp;b=&quot;c&quot;\" title=\"&lt;&#39;x&#39;&gt;\">");
}

static void
test_attribute_breakout_is_inert(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "value", "\" onfocus=\"alert(1)", NULL);
	assert_string_equal(buf_str(&w->out), "<input value=\"&quot; onfocus=&quot;alert(1)\">");
}

static void
test_null_attribute_omitted(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "type", "checkbox", "checked", NULL, "name", "x", NULL);
	assert_string_equal(buf_str(&w->out), "<input type=\"checkbox\" name=\"x\">");
}

static void
test_empty_attribute_bare(void **state)
{
	struct writer *w = *state;
	html_void(w->h, "input", "type", "checkbox", "checked", "", "name", "x", NULL);
	assert_string_equal(buf_str(&w->out), "<input type=\"checkbox\" checked name=\"x\">");
}

static void
test_void_not_pushed(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "p", NULL);
	html_void(w->h, "br", NULL);
	html_close(w->h, "p");
	assert_string_equal(buf_str(&w->out), "<p><br></p>");
	assert_int_equal(html_depth(w->h), 0);
	assert_false(html_broken(w->h));
}

static void
test_nested_elements(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "ul", "class", "list", NULL);
	html_open(w->h, "li", NULL);
	html_open(w->h, "a", "href", "/a?x=1&y=2", NULL);
	html_text(w->h, "A & B");
	html_close(w->h, "a");
	html_close(w->h, "li");
	assert_int_equal(html_depth(w->h), 1);
	html_close(w->h, "ul");
	assert_string_equal(buf_str(&w->out), "<ul class=\"list\"><li><a href=\"/a?x=1&amp;y=2\">"
	                                      "A &amp; B</a></li></ul>");
	assert_int_equal(html_depth(w->h), 0);
	assert_false(html_broken(w->h));
}

static void
test_close_mismatch_breaks(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "div", NULL);
	html_open(w->h, "p", NULL);
	html_close(w->h, "div");
	assert_true(html_broken(w->h));
	/* Nothing is written for the wrong close, and both elements stay open. */
	assert_string_equal(buf_str(&w->out), "<div><p>");
	assert_int_equal(html_depth(w->h), 2);
}

static void
test_close_nothing_open_breaks(void **state)
{
	struct writer *w = *state;
	html_close(w->h, "div");
	assert_true(html_broken(w->h));
	assert_string_equal(buf_str(&w->out), "");
	assert_int_equal(html_depth(w->h), 0);
}

static void
test_too_deep_breaks(void **state)
{
	struct writer *w = *state;
	for (int i = 0; i < 48; i++)
		html_open(w->h, "div", NULL);
	assert_false(html_broken(w->h));
	html_open(w->h, "div", NULL);
	assert_true(html_broken(w->h));
	assert_int_equal(html_depth(w->h), 48);
}

static void
test_close_to(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "body", NULL);
	html_open(w->h, "main", NULL);
	html_open(w->h, "section", NULL);
	html_open(w->h, "p", NULL);
	html_close_to(w->h, 1);
	assert_string_equal(buf_str(&w->out), "<body><main><section><p></p></section></main>");
	assert_int_equal(html_depth(w->h), 1);
	html_close_to(w->h, 0);
	assert_string_equal(buf_str(&w->out),
	                    "<body><main><section><p></p></section></main></body>");
	assert_int_equal(html_depth(w->h), 0);
	html_close_to(w->h, 0); /* nothing left: no-op */
	assert_false(html_broken(w->h));
}

static void
test_elem(void **state)
{
	struct writer *w = *state;
	html_elem(w->h, "td", "3 < 4 & 5 > 2", "class", "num", NULL);
	html_elem(w->h, "td", NULL, NULL);
	assert_string_equal(buf_str(&w->out),
	                    "<td class=\"num\">3 &lt; 4 &amp; 5 &gt; 2</td><td></td>");
	assert_int_equal(html_depth(w->h), 0);
}

static void
test_textf_escapes_output(void **state)
{
	struct writer *w = *state;
	html_textf(w->h, "%s hat %d Vorschläge & \"%s\"", "<script>", 3, "O'Neil");
	assert_string_equal(buf_str(&w->out),
	                    "&lt;script&gt; hat 3 Vorschläge &amp; &quot;O&#39;Neil&quot;");
}

static void
test_textf_empty(void **state)
{
	struct writer *w = *state;
	html_textf(w->h, "%s", "");
	assert_string_equal(buf_str(&w->out), "");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	log_set_quiet(1);
#define W(name) cmocka_unit_test_setup_teardown(name, setup_writer, teardown_writer)
	const struct CMUnitTest tests[] = {
	    W(test_text_escapes),
	    W(test_text_passes_plain_and_utf8),
	    W(test_textn_stops_at_n),
	    W(test_attribute_escapes),
	    W(test_attribute_breakout_is_inert),
	    W(test_null_attribute_omitted),
	    W(test_empty_attribute_bare),
	    W(test_void_not_pushed),
	    W(test_nested_elements),
	    W(test_close_mismatch_breaks),
	    W(test_close_nothing_open_breaks),
	    W(test_too_deep_breaks),
	    W(test_close_to),
	    W(test_elem),
	    W(test_textf_escapes_output),
	    W(test_textf_empty),
	};
#undef W
	return cmocka_run_group_tests(tests, NULL, NULL);
}

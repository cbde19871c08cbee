/* html_markdown (html/markdown.c), md4c's parser writing through the escaping writer:
 * the markup md4c-html wrote, references decoded, links and images through html_href,
 * and no Markdown, however nested, can break the page around it. */
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

/* The HTML for text inside a <div>, malloc'd; fails when the writer broke or the
 * Markdown left an element open or closed the <div>. */
static char *
render_below(const char *text, int level)
{
	struct buf b = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &b);
	html_open(h, "div", NULL);
	html_markdown_below(h, text, level);
	assert_int_equal(html_depth(h), 1);
	html_close(h, "div");
	assert_false(html_broken(h));
	assert_null(html_problem(h, &a));
	arena_free(&a);
	return buf_detach(&b);
}

static char *
render(const char *text)
{
	return render_below(text, 0);
}

static void
expect(const char *text, const char *html)
{
	char *out = render(text);
	char *want = malloc(strlen(html) + 12);
	sprintf(want, "<div>%s</div>", html);
	assert_string_equal(out, want);
	free(want);
	free(out);
}

static void
test_blocks_as_md4c_html_writes_them(void **state)
{
	expect("# Eins\n\nText", "<h1>Eins</h1>\n<p>Text</p>\n");
	expect("- a\n- b\n", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
	expect("3. x\n4. y\n", "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n");
	expect("1. x\n", "<ol>\n<li>x</li>\n</ol>\n");
	expect("> zitiert", "<blockquote>\n<p>zitiert</p>\n</blockquote>\n");
	expect("a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>\n");
	expect("```c\nint x < 3;\n```\n",
	       "<pre><code class=\"language-c\">int x &lt; 3;\n</code></pre>\n");
	expect("| A | B |\n|:--|--:|\n| 1 | 2 |\n",
	       "<table>\n<thead>\n<tr>\n<th align=\"left\">A</th>\n<th align=\"right\">B</th>\n"
	       "</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"left\">1</td>\n"
	       "<td align=\"right\">2</td>\n</tr>\n</tbody>\n</table>\n");
	expect("eins  \nzwei\ndrei", "<p>eins<br>\nzwei\ndrei</p>\n");
}

static void
test_spans(void **state)
{
	expect("*em* **strong** `a<b` ~~alt~~",
	       "<p><em>em</em> <strong>strong</strong> <code>a&lt;b</code> <del>alt</del></p>\n");
	expect("[IQ](https://www.netzwerk-iq.de \"Das Netzwerk\")",
	       "<p><a href=\"https://www.netzwerk-iq.de\" title=\"Das Netzwerk\">IQ</a></p>\n");
	expect("<https://example.org/a?b=1&c=2>",
	       "<p><a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2"
	       "</a></p>\n");
}

static void
test_images_take_their_text_as_alt(void **state)
{
	expect("![Ein *schönes* Bild](/bild.png \"Titel\")",
	       "<p><img src=\"/bild.png\" alt=\"Ein schönes Bild\" title=\"Titel\"></p>\n");
	expect("![x](javascript:alert(1))", "<p><img src=\"#\" alt=\"x\"></p>\n");
	expect("![\"><script>](/b.png)",
	       "<p><img src=\"/b.png\" alt=\"&quot;&gt;&lt;script&gt;\"></p>\n");
}

static void
test_links_through_html_href(void **state)
{
	expect("[x](javascript:alert(1))", "<p><a href=\"#\">x</a></p>\n");
	expect("[x](&#106;avascript:alert(1))", "<p><a href=\"#\">x</a></p>\n");
	expect("[x](javascript&colon;alert(1))", "<p><a href=\"#\">x</a></p>\n");
	expect("[x](DATA:text/html,hi)", "<p><a href=\"#\">x</a></p>\n");
	/* md4c-html's percent-encoding: spaces and quotes cannot leave the attribute. */
	expect("[x](</a b\"c>)", "<p><a href=\"/a%20b%22c\">x</a></p>\n");
	expect("[x](https://example.org/ä)",
	       "<p><a href=\"https://example.org/%C3%A4\">x</a></p>\n");
	expect("[x](/seite \"t&amp;t\")", "<p><a href=\"/seite\" title=\"t&amp;t\">x</a></p>\n");
}

static void
test_references(void **state)
{
	expect("&auml; &#60; &#x3C; &amp; &nbsp;", "<p>ä &lt; &lt; &amp; \u00a0</p>\n");
	/* A reference outside the table stays a reference for the browser to read. */
	expect("&frac12;", "<p>&frac12;</p>\n");
	expect("&#0; &#xD800;", "<p>\xEF\xBF\xBD \xEF\xBF\xBD</p>\n");
}

static void
test_raw_html_is_text(void **state)
{
	expect("<b onclick=\"x\">fett</b>",
	       "<p>&lt;b onclick=&quot;x&quot;&gt;fett&lt;/b&gt;</p>\n");
	expect("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
}

static void
test_headings_below(void **state)
{
	char *out = render_below("# A\n\n## B\n\n#### D\n\n###### F", 2);
	assert_string_equal(out, "<div><h3>A</h3>\n<h4>B</h4>\n<h6>D</h6>\n<h6>F</h6>\n</div>");
	free(out);
}

/* Nesting deeper than a page holds is flattened: the text stays, the page is whole. */
static void
test_deep_nesting_keeps_the_page_whole(void **state)
{
	struct buf md = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_puts(&md, "> ");
	buf_puts(&md, "tief *und **fett***");
	char *out = render(buf_str(&md));
	/* Past the depth the quotes fill, the emphasis is left out, not its words. */
	assert_non_null(strstr(out, "tief und fett"));
	free(out);
	buf_reset(&md);
	for (int i = 0; i < 120; i++)
		buf_printf(&md, "%*s- Ebene %d\n", 2 * i, "", i);
	out = render(buf_str(&md));
	assert_non_null(strstr(out, "Ebene 0"));
	assert_non_null(strstr(out, "Ebene 119"));
	free(out);
	buf_reset(&md);
	for (int i = 0; i < 100; i++)
		buf_puts(&md, "[*");
	buf_puts(&md, "x");
	for (int i = 0; i < 100; i++)
		buf_puts(&md, "*](/a)");
	out = render(buf_str(&md));
	assert_non_null(strstr(out, "x"));
	free(out);
	buf_free(&md);
}

/* md4c 0.4.8 ends this paragraph inside the strikethrough that holds the link (its own
 * HTML renderer leaves <del> open); the page stays whole all the same. */
static void
test_parser_callbacks_that_do_not_nest(void **state)
{
	char *out = render("]]_&auml;~~[2)~~\xc3\xa4javascript:](+=:]+'~~:]+]'[)=\t*"
	                   "<http://x.y&amp;\xc3\xa4javascript:1.]");
	assert_non_null(strstr(out, "<p>]]_\xc3\xa4<del><a href=\"#\">"));
	assert_non_null(strstr(out, "http://x.y&amp;\xc3\xa4javascript:1.]</del></p>\n"));
	free(out);
}

static void
test_nothing_for_null_or_empty(void **state)
{
	expect("", "");
	struct buf b = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &b);
	html_markdown(h, NULL);
	assert_string_equal(buf_str(&b), "");
	arena_free(&a);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks_as_md4c_html_writes_them),
	    cmocka_unit_test(test_spans),
	    cmocka_unit_test(test_images_take_their_text_as_alt),
	    cmocka_unit_test(test_links_through_html_href),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_raw_html_is_text),
	    cmocka_unit_test(test_headings_below),
	    cmocka_unit_test(test_deep_nesting_keeps_the_page_whole),
	    cmocka_unit_test(test_parser_callbacks_that_do_not_nest),
	    cmocka_unit_test(test_nothing_for_null_or_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

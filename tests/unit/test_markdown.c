/* The Markdown renderer (html_markdown, html/markdown.c) and the practice page's use of it: raw
 * HTML is text, a javascript: (or data:, vbscript:) address never becomes a link or an image, and
 * headings go below the page's sections. */
#include "html/html.h"
#include "pages/view_practice.h"
#include "util/arena.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <setjmp.h>
#include <cmocka.h>

/* The HTML for text, malloc'd. */
static char *
md(const char *text)
{
	struct buf b = BUF_INIT;
	struct arena a = {0};
	html_markdown(html_new(&a, &b), text);
	arena_free(&a);
	if (!b.len)
		buf_puts(&b, "");
	return buf_detach(&b);
}

/* Every href="…" and src="…" value is relative or http(s)/mailto. */
static void
assert_safe_urls(const char *html, const char *input)
{
	static const char *const attrs[] = {"href=\"", "src=\""};
	for (size_t a = 0; a < 2; a++) {
		for (const char *p = strstr(html, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
			const char *v = p + strlen(attrs[a]);
			size_t n = strcspn(v, "\"");
			size_t scheme = strcspn(v, ":/?#\"");
			if (scheme < n && v[scheme] == ':') {
				bool ok = (scheme == 4 && strncasecmp(v, "http", 4) == 0) ||
				          (scheme == 5 && strncasecmp(v, "https", 5) == 0) ||
				          (scheme == 6 && strncasecmp(v, "mailto", 6) == 0);
				if (!ok)
					fail_msg("%s gave an unsafe address: %.*s\nin %s", input,
					         (int)n, v, html);
			}
		}
	}
	/* No script element, no event handler in any tag (text has its "<" escaped, so
	 * every "<" opens a tag the renderer wrote). */
	char *low = strdup(html);
	for (char *c = low; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (const char *t = strchr(low, '<'); t; t = strchr(t + 1, '<')) {
		size_t n = strcspn(t, ">");
		char *tag = strndup(t, n);
		if (strncmp(tag, "<script", 7) == 0 || strstr(tag, " on") ||
		    strstr(tag, "javascript:"))
			fail_msg("%s gave the tag %s in %s", input, tag, html);
		free(tag);
	}
	free(low);
}

static void
test_no_raw_html(void **state)
{
	static const char *const inputs[] = {
	    "<script>alert(1)</script>",
	    "Text <script>alert(1)</script> mehr",
	    "<img src=x onerror=alert(1)>",
	    "<div onclick=\"alert(1)\">Block</div>",
	    "<!-- Kommentar --><b>fett</b>",
	    "<a href=\"javascript:alert(1)\">x</a>",
	    "`<script>` im Code",
	    "```\n<script>alert(1)</script>\n```",
	    "<iframe src=\"https://example.org\"></iframe>",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = md(inputs[i]);
		assert_safe_urls(html, inputs[i]);
		assert_null(strstr(html, "<b>"));
		assert_null(strstr(html, "<div"));
		assert_null(strstr(html, "<iframe"));
		assert_null(strstr(html, "<!--"));
		free(html);
	}
	char *html = md("<script>alert(1)</script>");
	assert_non_null(strstr(html, "&lt;script&gt;"));
	free(html);
}

static void
test_no_javascript_links(void **state)
{
	static const char *const inputs[] = {
	    "[x](javascript:alert(1))",
	    "[x](JavaScript:alert(1))",
	    "[x](JAVASCRIPT:alert(1))",
	    "[x]( javascript:alert(1) )",
	    "[x](<javascript:alert(1)>)",
	    "[x](java&#x09;script:alert(1))",
	    "[x](&#106;avascript:alert(1))",
	    "[x](javascript&colon;alert(1))",
	    "[x](java%0ascript:alert(1))",
	    "<javascript:alert(1)>",
	    "[x](data:text/html;base64,PHNjcmlwdD4=)",
	    "[x](vbscript:msgbox)",
	    "[x](file:///etc/passwd)",
	    "![bild](javascript:alert(1))",
	    "![bild](data:image/svg+xml,<svg onload=alert(1)>)",
	    "[x][r]\n\n[r]: javascript:alert(1)",
	    "[x](javascript:alert(1) \"Titel\")",
	    "[x](https://example.org\" onclick=\"alert(1))",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *html = md(inputs[i]);
		assert_safe_urls(html, inputs[i]);
		free(html);
	}
}

static void
test_good_links_stay(void **state)
{
	char *html = md("[IQ](https://www.netzwerk-iq.de) [Mail](mailto:a@example.org) "
	                "[Seite](/praxis) [Anker](#s-results) <https://example.org/a?b=1&c=2>");
	assert_non_null(strstr(html, "<a href=\"https://www.netzwerk-iq.de\">IQ</a>"));
	assert_non_null(strstr(html, "<a href=\"mailto:a@example.org\">Mail</a>"));
	assert_non_null(strstr(html, "<a href=\"/praxis\">Seite</a>"));
	assert_non_null(strstr(html, "<a href=\"#s-results\">Anker</a>"));
	assert_non_null(strstr(html, "href=\"https://example.org/a?b=1&amp;c=2\""));
	free(html);
	html = md("| A | B |\n|---|---|\n| 1 | 2 |\n\n~~alt~~ **fett**");
	assert_non_null(strstr(html, "<table>"));
	assert_non_null(strstr(html, "<del>alt</del>"));
	assert_non_null(strstr(html, "<strong>fett</strong>"));
	free(html);
}

static void
test_headings_below_sections(void **state)
{
	struct buf out = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &out);
	practice_markdown(h, "# Eins\n\n## Zwei\n\n#### Vier\n\n###### Sechs\n\nText mit <h1>");
	const char *s = buf_str(&out);
	assert_non_null(strstr(s, "<h3>Eins</h3>"));
	assert_non_null(strstr(s, "<h4>Zwei</h4>"));
	assert_non_null(strstr(s, "<h6>Vier</h6>"));
	assert_non_null(strstr(s, "<h6>Sechs</h6>"));
	assert_null(strstr(s, "<h1>"));
	assert_null(strstr(s, "<h2>"));
	assert_non_null(strstr(s, "Text mit &lt;h1&gt;"));
	assert_false(html_broken(h));
	buf_free(&out);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_raw_html),
	    cmocka_unit_test(test_no_javascript_links),
	    cmocka_unit_test(test_good_links_stay),
	    cmocka_unit_test(test_headings_below_sections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

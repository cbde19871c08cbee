/* Unit tests for the Atom and RSS writers (export/feed.h): escaping, dates, ids, the
 * feed-level updated time, and well-formed output (checked with xmllint when present). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export/feed.h"

/* 2026-11-24 13:05:00 UTC and 2026-03-01 08:00:00 UTC. */
#define NOV_24_2026_1305 1795525500LL
#define MAR_01_2026_0800 1772352000LL

static const char *const cats[] = {"Konzept", "Jobcenter & Agenturen"};

static struct feed_entry entries[] = {
    {"tag:example.org,2026:praxis/eins", "Eins <b>&</b> \"zwei\"",
     "https://example.org/praxis/eins", "Kurz: a < b & c > d", MAR_01_2026_0800, NOV_24_2026_1305,
     cats, 2},
    {"https://example.org/praxis/zwei", "Zwei", "https://example.org/praxis/zwei", NULL,
     MAR_01_2026_0800, MAR_01_2026_0800, NULL, 0},
};

static struct feed
sample(void)
{
	return (struct feed){
	    .id = "https://example.org/feed.atom?art=konzept&q=a",
	    .title = "Gute Praxis – Ä",
	    .subtitle = "Neu & aktualisiert",
	    .link = "https://example.org/praxis?art=konzept&q=a",
	    .self = "https://example.org/feed.atom?art=konzept&q=a",
	    .author = "IQ Good Practice",
	    .lang = "de",
	    .fallback_updated = 1,
	    .entries = entries,
	    .nentries = 2,
	};
}

static bool
has(const struct buf *b, const char *needle)
{
	return strstr(buf_str(b), needle) != NULL;
}

static void
test_escape_replaces_markup_characters(void **state)
{
	struct buf b = BUF_INIT;
	feed_xml_escape(&b, "<a href=\"x\">Tom & Jerry's</a>");
	assert_string_equal(buf_str(&b),
	                    "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;");
	buf_free(&b);
}

static void
test_escape_keeps_utf8_and_drops_what_xml_forbids(void **state)
{
	struct buf b = BUF_INIT;
	/* Umlauts, ß and an emoji stay; a form feed, a NUL-free C0 control, a lone
	 * continuation byte, an overlong '/' and U+FFFE go. Tab, LF and CR stay. */
	feed_xml_escape(&b, "Grüße\f\x01 \x80x\xC0\xAFy\xEF\xBF\xBEz\t\n\r🚀");
	assert_string_equal(buf_str(&b), "Grüße xyz\t\n\r🚀");
	buf_free(&b);
}

static void
test_escape_of_null_writes_nothing(void **state)
{
	struct buf b = BUF_INIT;
	feed_xml_escape(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void
test_updated_is_newest_entry(void **state)
{
	struct feed f = sample();
	assert_int_equal(feed_updated(&f), NOV_24_2026_1305);
}

static void
test_updated_of_empty_feed_is_fallback(void **state)
{
	struct feed f = sample();
	f.nentries = 0;
	f.fallback_updated = MAR_01_2026_0800;
	assert_int_equal(feed_updated(&f), MAR_01_2026_0800);
}

static void
test_atom_has_rfc3339_dates_ids_and_links(void **state)
{
	struct feed f = sample();
	struct buf b = BUF_INIT;
	feed_atom(&b, &f);
	assert_true(has(&b, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">"));
	assert_true(has(&b, "\t<updated>2026-11-24T13:05:00Z</updated>\n"));
	assert_true(has(&b, "<published>2026-03-01T08:00:00Z</published>"));
	assert_true(has(&b, "<id>tag:example.org,2026:praxis/eins</id>"));
	assert_true(has(&b, "<link rel=\"self\" type=\"application/atom+xml\" "
	                    "href=\"https://example.org/feed.atom?art=konzept&amp;q=a\"/>"));
	assert_true(has(&b, "<title type=\"text\">Eins &lt;b&gt;&amp;&lt;/b&gt; "
	                    "&quot;zwei&quot;</title>"));
	assert_true(has(&b, "<category term=\"Jobcenter &amp; Agenturen\"/>"));
	assert_true(has(&b, "<summary type=\"text\">Kurz: a &lt; b &amp; c &gt; d</summary>"));
	assert_true(has(&b, "<author>\n\t\t<name>IQ Good Practice</name>"));
	/* No summary element for an entry without one. */
	const char *second = strstr(buf_str(&b), "praxis/zwei</id>");
	assert_non_null(second);
	assert_null(strstr(second, "<summary"));
	buf_free(&b);
}

static void
test_rss_has_rfc822_dates_and_guids(void **state)
{
	struct feed f = sample();
	struct buf b = BUF_INIT;
	feed_rss(&b, &f);
	assert_true(has(&b, "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"));
	assert_true(has(&b, "<lastBuildDate>Tue, 24 Nov 2026 13:05:00 GMT</lastBuildDate>"));
	assert_true(has(&b, "<pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate>"));
	assert_true(has(&b, "<guid isPermaLink=\"false\">tag:example.org,2026:praxis/eins</guid>"));
	assert_true(has(&b, "<guid isPermaLink=\"true\">https://example.org/praxis/zwei</guid>"));
	assert_true(has(&b, "<atom:link rel=\"self\" type=\"application/rss+xml\" "
	                    "href=\"https://example.org/feed.atom?art=konzept&amp;q=a\"/>"));
	assert_true(has(&b, "<description>Kurz: a &lt; b &amp; c &gt; d</description>"));
	assert_true(has(&b, "<category>Jobcenter &amp; Agenturen</category>"));
	assert_true(has(&b, "<language>de</language>"));
	buf_free(&b);
}

/* xmllint --noout exits 0 for well-formed XML. Skipped where xmllint is missing. */
static int
xmllint(const struct buf *b)
{
	if (system("command -v xmllint >/dev/null 2>&1") != 0)
		return -1;
	char path[] = "/tmp/test-feed-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b->data, b->len), (ssize_t)b->len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
	int rc = system(cmd);
	unlink(path);
	return rc;
}

static void
test_both_feeds_are_well_formed_xml(void **state)
{
	struct feed f = sample();
	struct buf atom = BUF_INIT, rss = BUF_INIT;
	feed_atom(&atom, &f);
	feed_rss(&rss, &f);
	int a = xmllint(&atom), r = xmllint(&rss);
	if (a < 0)
		skip();
	assert_int_equal(a, 0);
	assert_int_equal(r, 0);
	buf_free(&atom);
	buf_free(&rss);
}

static void
test_empty_feed_is_valid_and_dated(void **state)
{
	struct feed f = sample();
	f.nentries = 0;
	f.fallback_updated = MAR_01_2026_0800;
	struct buf b = BUF_INIT;
	feed_atom(&b, &f);
	assert_true(has(&b, "<updated>2026-03-01T08:00:00Z</updated>"));
	assert_null(strstr(buf_str(&b), "<entry>"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape_replaces_markup_characters),
	    cmocka_unit_test(test_escape_keeps_utf8_and_drops_what_xml_forbids),
	    cmocka_unit_test(test_escape_of_null_writes_nothing),
	    cmocka_unit_test(test_updated_is_newest_entry),
	    cmocka_unit_test(test_updated_of_empty_feed_is_fallback),
	    cmocka_unit_test(test_atom_has_rfc3339_dates_ids_and_links),
	    cmocka_unit_test(test_rss_has_rfc822_dates_and_guids),
	    cmocka_unit_test(test_both_feeds_are_well_formed_xml),
	    cmocka_unit_test(test_empty_feed_is_valid_and_dated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

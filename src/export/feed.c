/* Atom 1.0 and RSS 2.0 writers: generic entries in, a complete XML document out. */
#include "export/feed.h"
#include "util/timeutil.h"

#include <stdbool.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at s that XML 1.0 allows, 0 when it is not one
 * (overlong forms, surrogates, U+FFFE/U+FFFF, beyond U+10FFFF, C0 controls but tab/LF/CR). */
static size_t
xml_char_len(const unsigned char *s)
{
	unsigned c = s[0];
	if (c < 0x80)
		return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
	size_t n;
	unsigned cp;
	if ((c & 0xE0) == 0xC0) {
		n = 2;
		cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
	    cp == 0xFFFF)
		return 0;
	return n;
}

void
feed_xml_escape(struct buf *b, const char *s)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		switch (*p) {
		case '&':
			buf_puts(b, "&amp;");
			p++;
			continue;
		case '<':
			buf_puts(b, "&lt;");
			p++;
			continue;
		case '>':
			buf_puts(b, "&gt;");
			p++;
			continue;
		case '"':
			buf_puts(b, "&quot;");
			p++;
			continue;
		case '\'':
			buf_puts(b, "&apos;");
			p++;
			continue;
		}
		size_t n = xml_char_len(p);
		if (n == 0) {
			p++; /* dropped: see the header */
			continue;
		}
		buf_append(b, p, n);
		p += n;
	}
}

int64_t
feed_updated(const struct feed *f)
{
	int64_t newest = 0;
	for (size_t i = 0; i < f->nentries; i++) {
		const struct feed_entry *e = &f->entries[i];
		int64_t t = e->updated ? e->updated : e->published;
		if (t > newest)
			newest = t;
	}
	return newest ? newest : f->fallback_updated;
}

/* <tag>escaped text</tag> on its own line, indented by indent tabs. */
static void
element(struct buf *b, int indent, const char *tag, const char *text)
{
	for (int i = 0; i < indent; i++)
		buf_putc(b, '\t');
	buf_printf(b, "<%s>", tag);
	feed_xml_escape(b, text);
	buf_printf(b, "</%s>\n", tag);
}

static void
rfc3339_element(struct buf *b, int indent, const char *tag, int64_t t)
{
	char when[40];
	time_format_rfc3339(when, sizeof when, t);
	element(b, indent, tag, when);
}

static void
atom_entry(struct buf *b, const struct feed_entry *e)
{
	buf_puts(b, "\t<entry>\n");
	element(b, 2, "id", e->id);
	buf_puts(b, "\t\t<title type=\"text\">");
	feed_xml_escape(b, e->title);
	buf_puts(b, "</title>\n\t\t<link rel=\"alternate\" type=\"text/html\" href=\"");
	feed_xml_escape(b, e->link);
	buf_puts(b, "\"/>\n");
	if (e->published)
		rfc3339_element(b, 2, "published", e->published);
	rfc3339_element(b, 2, "updated", e->updated ? e->updated : e->published);
	for (size_t i = 0; i < e->ncategories; i++) {
		buf_puts(b, "\t\t<category term=\"");
		feed_xml_escape(b, e->categories[i]);
		buf_puts(b, "\"/>\n");
	}
	if (e->summary && *e->summary) {
		buf_puts(b, "\t\t<summary type=\"text\">");
		feed_xml_escape(b, e->summary);
		buf_puts(b, "</summary>\n");
	}
	buf_puts(b, "\t</entry>\n");
}

void
feed_atom(struct buf *b, const struct feed *f)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (f->lang) {
		buf_puts(b, " xml:lang=\"");
		feed_xml_escape(b, f->lang);
		buf_putc(b, '"');
	}
	buf_puts(b, ">\n");
	element(b, 1, "id", f->id);
	buf_puts(b, "\t<title type=\"text\">");
	feed_xml_escape(b, f->title);
	buf_puts(b, "</title>\n");
	if (f->subtitle && *f->subtitle) {
		buf_puts(b, "\t<subtitle type=\"text\">");
		feed_xml_escape(b, f->subtitle);
		buf_puts(b, "</subtitle>\n");
	}
	rfc3339_element(b, 1, "updated", feed_updated(f));
	buf_puts(b, "\t<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	feed_xml_escape(b, f->self);
	buf_puts(b, "\"/>\n\t<link rel=\"alternate\" type=\"text/html\" href=\"");
	feed_xml_escape(b, f->link);
	buf_puts(b, "\"/>\n\t<author>\n");
	element(b, 2, "name", f->author);
	buf_puts(b, "\t</author>\n");
	buf_puts(b, "\t<generator version=\"" LEUCHTTURM_VERSION "\">Leuchtturm</generator>\n");
	for (size_t i = 0; i < f->nentries; i++)
		atom_entry(b, &f->entries[i]);
	buf_puts(b, "</feed>\n");
}

static void
rfc822_element(struct buf *b, int indent, const char *tag, int64_t t)
{
	/* The HTTP date ("Tue, 24 Nov 2026 13:05:00 GMT") is a valid RFC 822 date with a
	 * four-digit year, which RSS 2.0 recommends. */
	char when[40];
	time_format_http(when, sizeof when, t);
	element(b, indent, tag, when);
}

static void
rss_item(struct buf *b, const struct feed_entry *e)
{
	buf_puts(b, "\t\t<item>\n");
	element(b, 3, "title", e->title);
	element(b, 3, "link", e->link);
	/* A guid that is the entry's URL may say so; a tag: URI must not. */
	bool permalink = e->link && strcmp(e->id, e->link) == 0;
	buf_printf(b, "\t\t\t<guid isPermaLink=\"%s\">", permalink ? "true" : "false");
	feed_xml_escape(b, e->id);
	buf_puts(b, "</guid>\n");
	/* RSS has only one date per item: when it was first published. */
	rfc822_element(b, 3, "pubDate", e->published ? e->published : e->updated);
	for (size_t i = 0; i < e->ncategories; i++)
		element(b, 3, "category", e->categories[i]);
	if (e->summary && *e->summary)
		element(b, 3, "description", e->summary);
	buf_puts(b, "\t\t</item>\n");
}

void
feed_rss(struct buf *b, const struct feed *f)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	            "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	            "\t<channel>\n");
	element(b, 2, "title", f->title);
	element(b, 2, "link", f->link);
	element(b, 2, "description", f->subtitle && *f->subtitle ? f->subtitle : f->title);
	buf_puts(b, "\t\t<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
	feed_xml_escape(b, f->self);
	buf_puts(b, "\"/>\n");
	if (f->lang)
		element(b, 2, "language", f->lang);
	int64_t updated = feed_updated(f);
	rfc822_element(b, 2, "lastBuildDate", updated);
	rfc822_element(b, 2, "pubDate", updated);
	element(b, 2, "generator", "Leuchtturm " LEUCHTTURM_VERSION);
	element(b, 2, "docs", "https://www.rssboard.org/rss-specification");
	for (size_t i = 0; i < f->nentries; i++)
		rss_item(b, &f->entries[i]);
	buf_puts(b, "\t</channel>\n</rss>\n");
}

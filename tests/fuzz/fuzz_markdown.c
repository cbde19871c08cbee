/* libFuzzer entry point for the Markdown renderer's link filter (src/html/markdown.c): any
 * text people type is rendered, and every href and src of the result must be relative or
 * http, https or mailto; no raw HTML may come through. The filter scans md4c's output byte
 * by byte; the check here reads it tag by tag and attribute by attribute, so a value that
 * looks like an attribute cannot fool both. Build and run with tests/fuzz/run.sh. */
#include "html/markdown.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void
check(int ok, const char *what, const char *html)
{
	if (!ok) {
		fprintf(stderr, "fuzz_markdown: broken promise: %s in\n%s\n", what, html);
		abort();
	}
}

/* True when url (n bytes) is relative or its scheme is http, https or mailto: the scheme
 * is what comes before the first ':' when no '/', '?' or '#' comes first. */
static bool
allowed(const char *url, size_t n)
{
	size_t i = 0;
	while (i < n && !strchr(":/?#", url[i]))
		i++;
	if (i == n || url[i] != ':')
		return true;
	return (i == 4 && strncasecmp(url, "http", 4) == 0) ||
	       (i == 5 && strncasecmp(url, "https", 5) == 0) ||
	       (i == 6 && strncasecmp(url, "mailto", 6) == 0);
}

/* Raw HTML is off: every tag is one md4c writes for Markdown, none comes from the text.
 * Each tag's attributes are read in turn (md4c writes '"' in a value as &quot;, so a value
 * ends at the next '"'), and every href and src must be allowed. */
static void
check_tags(const char *html)
{
	static const char *const known[] = {
	    "p",          "h1",  "h2",    "h3",    "h4",    "h5", "h6", "em", "strong",
	    "a",          "img", "code",  "pre",   "ul",    "ol", "li", "hr", "br",
	    "blockquote", "del", "table", "thead", "tbody", "tr", "th", "td", NULL};
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *q = p + 1 + (p[1] == '/');
		size_t n = strspn(q, "abcdefghijklmnopqrstuvwxyz0123456789");
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strlen(known[i]) == n && strncmp(q, known[i], n) == 0;
		check(ok, "only the tags of Markdown", html);
		for (q += n;;) {
			q += strspn(q, " \n");
			if (*q == '>' || (q[0] == '/' && q[1] == '>'))
				break;
			size_t name = strspn(q, lower);
			check(name > 0 && q[name] == '=' && q[name + 1] == '"',
			      "attributes name=\"value\"", html);
			const char *v = q + name + 2, *end = strchr(v, '"');
			check(end != NULL, "attribute values end", html);
			if ((name == 4 && strncmp(q, "href", 4) == 0) ||
			    (name == 3 && strncmp(q, "src", 3) == 0))
				check(allowed(v, (size_t)(end - v)),
				      "only relative, http, https and mailto URLs", html);
			q = end + 1;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 15)
		return 0;
	char *md = malloc(size + 1);
	if (!md)
		abort();
	memcpy(md, data, size);
	md[size] = '\0';
	struct buf out = BUF_INIT;
	markdown_render(&out, md);
	const char *html = buf_str(&out);
	check(strlen(html) == out.len, "no NUL in the HTML", html);
	check_tags(html);
	buf_free(&out);
	free(md);
	return 0;
}

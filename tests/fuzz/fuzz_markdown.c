/* libFuzzer entry point for html_markdown (src/html/markdown.c) and the link check it
 * writes every URL through (html_href): any text people type is rendered, the writer's
 * elements balance, and every href and src of the result is relative or http, https or
 * mailto; no raw HTML comes through. The check reads the output tag by tag and attribute
 * by attribute. Build and run with tests/fuzz/run.sh. */
#include "html/html.h"
#include "util/arena.h"
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

/* Raw HTML is off: every tag is one written for Markdown, none comes from the text. Each
 * tag's attributes are read in turn (the writer escapes '"' in a value, so a value ends at
 * the next '"'; a bare attribute has none), and every href and src must be allowed. */
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
			check(name > 0, "attribute names", html);
			if (q[name] != '=') {
				check(strchr(" \n/>", q[name]) != NULL, "bare attributes end",
				      html);
				q += name;
				continue;
			}
			check(q[name + 1] == '"', "attributes name=\"value\"", html);
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
	struct arena a = {0};
	struct html *h = html_new(&a, &out);
	html_markdown(h, md);
	const char *html = buf_str(&out);
	check(!html_broken(h) && html_depth(h) == 0, "elements that balance", html);
	check(strlen(html) == out.len, "no NUL in the HTML", html);
	check_tags(html);
	arena_free(&a);
	buf_free(&out);
	free(md);
	return 0;
}

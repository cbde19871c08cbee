/* libFuzzer entry point for the Markdown renderer's link filter (src/html/markdown.c): any
 * text people type is rendered, and every href and src of the result must be relative or
 * http, https or mailto; no raw HTML may come through. The check here is written
 * independently of the filter's own. Build and run with tests/fuzz/run.sh. */
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

/* The scheme of url (up to '"'): its letters before the first ':' when no '/', '?' or '#'
 * comes first; "" for a relative URL. */
static void
scheme(const char *url, char *out, size_t size)
{
	size_t n = strcspn(url, ":/?#\"");
	out[0] = '\0';
	if (url[n] == ':' && n < size)
		snprintf(out, size, "%.*s", (int)n, url);
	else if (url[n] == ':')
		snprintf(out, size, "%s", "(long)");
}

static void
check_attr(const char *html, const char *attr)
{
	for (const char *p = strstr(html, attr); p; p = strstr(p + 1, attr)) {
		char s[16];
		scheme(p + strlen(attr), s, sizeof s);
		check(!s[0] || strcasecmp(s, "http") == 0 || strcasecmp(s, "https") == 0 ||
		          strcasecmp(s, "mailto") == 0,
		      "only relative, http, https and mailto URLs", html);
	}
}

/* Raw HTML is off: every tag is one md4c writes for Markdown, none comes from the text. */
static void
check_tags(const char *html)
{
	static const char *const known[] = {
	    "p",          "h1",  "h2",    "h3",    "h4",    "h5", "h6", "em", "strong",
	    "a",          "img", "code",  "pre",   "ul",    "ol", "li", "hr", "br",
	    "blockquote", "del", "table", "thead", "tbody", "tr", "th", "td", NULL};
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		bool ok = false;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strlen(known[i]) == n && strncmp(name, known[i], n) == 0;
		check(ok && (name[n] == '>' || name[n] == ' ' || name[n] == '/' || name[n] == '\n'),
		      "only the tags of Markdown", html);
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
	check_attr(html, "href=\"");
	check_attr(html, "src=\"");
	check_tags(html);
	buf_free(&out);
	free(md);
	return 0;
}

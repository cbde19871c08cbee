/* Markdown rendering with md4c. md4c escapes text and attribute values; what it does not
 * do is judge URL schemes, so every href and src it writes is checked here afterwards. */
#include "html/markdown.h"

#include <md4c-html.h>
#include <string.h>
#include <strings.h>

static void
collect(const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	buf_append(userdata, text, size);
}

/* A URL is allowed when it is relative or its scheme is http, https or mailto. md4c has
 * already percent-encoded control and space characters, so a scheme cannot hide behind
 * them ("java%09script:" is a relative path). */
static int
url_allowed(const char *url, size_t n)
{
	size_t i = 0;
	while (i < n && url[i] != ':' && url[i] != '/' && url[i] != '?' && url[i] != '#')
		i++;
	if (i == n || url[i] != ':')
		return 1;
	return (i == 4 && strncasecmp(url, "http", 4) == 0) ||
	       (i == 5 && strncasecmp(url, "https", 5) == 0) ||
	       (i == 6 && strncasecmp(url, "mailto", 6) == 0);
}

static void
filter_urls(struct buf *out, const char *html, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *attr = NULL;
		size_t skip = 0;
		if (n - i > 6 && strncmp(html + i, "href=\"", 6) == 0) {
			attr = "href=\"";
			skip = 6;
		} else if (n - i > 5 && strncmp(html + i, "src=\"", 5) == 0) {
			attr = "src=\"";
			skip = 5;
		}
		if (!attr) {
			buf_putc(out, html[i++]);
			continue;
		}
		const char *v = html + i + skip;
		const char *end = memchr(v, '"', n - i - skip);
		if (!end) {
			buf_append(out, html + i, n - i);
			return;
		}
		buf_append(out, html + i, skip);
		if (url_allowed(v, (size_t)(end - v)))
			buf_append(out, v, (size_t)(end - v));
		else
			buf_putc(out, '#');
		i = (size_t)(end - html);
	}
}

void
markdown_render(struct buf *out, const char *md)
{
	struct buf tmp = BUF_INIT;
	unsigned parser = MD_FLAG_NOHTML | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
	md_html(md, (MD_SIZE)strlen(md), collect, &tmp, parser, 0);
	filter_urls(out, buf_str(&tmp), tmp.len);
	buf_free(&tmp);
}

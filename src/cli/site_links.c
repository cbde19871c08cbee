/* The links of an exported page made to fit the static copy. The pages come from our own
 * HTML writer, whose attributes are always double-quoted and escaped and whose elements
 * nest correctly, so a scan for ` name="` finds every attribute, and an <a> or a <form>
 * ends at the next </a> or </form> (neither may nest). */
#include "cli/site.h"

#include <stdlib.h>
#include <string.h>

static const char *const url_attrs[] = {" href=\"", " src=\"", " action=\"", " content=\"",
                                        " data-index=\""};

/* The attribute of url_attrs that starts at p, or NULL. */
static const char *
url_attr_at(const char *p, const char *end)
{
	for (size_t i = 0; i < sizeof url_attrs / sizeof url_attrs[0]; i++) {
		size_t n = strlen(url_attrs[i]);
		if ((size_t)(end - p) >= n && memcmp(p, url_attrs[i], n) == 0)
			return url_attrs[i];
	}
	return NULL;
}

/* The local path of the value v (n bytes) — after origin, or root-relative — as a new
 * string without its fragment (*frag points to it, or to the end); NULL when not local. */
static char *
local_path(const char *origin, const char *v, size_t n, const char **frag)
{
	size_t o = strlen(origin);
	if (n >= o + 1 && memcmp(v, origin, o) == 0 && v[o] == '/') {
		v += o;
		n -= o;
	} else if (n == 0 || v[0] != '/' || (n > 1 && v[1] == '/')) {
		return NULL;
	}
	size_t keep = 0;
	while (keep < n && v[keep] != '#')
		keep++;
	*frag = v + keep;
	char *p = malloc(keep + 1);
	memcpy(p, v, keep);
	p[keep] = '\0';
	return p;
}

void
site_each_link(const char *origin, const char *html, size_t len,
               void (*found)(void *ctx, const char *path), void *ctx)
{
	const char *end = html + len;
	for (const char *p = html; p < end; p++) {
		const char *a = *p == ' ' ? url_attr_at(p, end) : NULL;
		if (!a || (strcmp(a, " href=\"") != 0 && strcmp(a, " src=\"") != 0))
			continue;
		const char *v = p + strlen(a), *q = memchr(v, '"', (size_t)(end - v));
		if (!q)
			return;
		const char *frag;
		char *path = local_path(origin, v, (size_t)(q - v), &frag);
		if (path)
			found(ctx, path);
		free(path);
		p = q;
	}
}

/* The start of the tag the attribute at p belongs to. */
static const char *
tag_start(const char *html, const char *p)
{
	while (p > html && *p != '<')
		p--;
	return p;
}

static bool
tag_is(const char *t, const char *name)
{
	size_t n = strlen(name);
	return t[0] == '<' && strncmp(t + 1, name, n) == 0 && (t[n + 1] == ' ' || t[n + 1] == '>');
}

/* Leaves out the element whose start tag begins at t (out already holds everything before
 * it). Returns where the copy goes on. */
static const char *
drop_element(struct buf *out, const char *t, const char *end)
{
	const char *gt = memchr(t, '>', (size_t)(end - t));
	if (!gt)
		return end;
	const char *close = tag_is(t, "a") ? "</a>" : tag_is(t, "form") ? "</form>" : NULL;
	if (!close) /* a void element (<link>, <meta>): just the tag */
		return gt + 1;
	const char *c = strstr(gt, close);
	if (!c)
		return end;
	const char *after = c + strlen(close);
	static const char *const wrappers[][2] = {{"<li>", "</li>"}, {"<p>", "</p>"}};
	for (size_t i = 0; i < sizeof wrappers / sizeof wrappers[0]; i++) {
		size_t o = strlen(wrappers[i][0]), e = strlen(wrappers[i][1]);
		if (out->len >= o && memcmp(out->data + out->len - o, wrappers[i][0], o) == 0 &&
		    (size_t)(end - after) >= e && memcmp(after, wrappers[i][1], e) == 0) {
			out->len -= o; /* the element held only the link: it goes too */
			out->data[out->len] = '\0';
			return after + e;
		}
	}
	if (tag_is(t, "a")) /* a link in text: its text stays */
		buf_append(out, gt + 1, (size_t)(c - gt - 1));
	return after;
}

/* The new value of a local address path (fragment frag), or NULL when the element goes.
 * Malloc'd. */
static char *
new_value(const struct site_links *l, const char *self, const char *path, const char *frag,
          size_t fraglen)
{
	const char *file = strchr(path, '?') ? NULL : l->file_of(l->ctx, path);
	struct buf v = BUF_INIT;
	if (file && l->base_url)
		buf_printf(&v, "%s%s", l->base_url, path);
	else if (file) {
		char *rel = site_relative(self, file);
		buf_puts(&v, rel);
		free(rel);
	} else if (l->live_url)
		buf_printf(&v, "%s%s", l->live_url, path);
	else
		return NULL;
	buf_append(&v, frag, fraglen);
	return buf_detach(&v);
}

void
site_rewrite_html(const struct site_links *l, const char *self, const char *html, size_t len,
                  struct buf *out)
{
	const char *end = html + len, *copied = html;
	for (const char *p = html; p < end; p++) {
		const char *a = *p == ' ' ? url_attr_at(p, end) : NULL;
		if (!a)
			continue;
		const char *v = p + strlen(a), *q = memchr(v, '"', (size_t)(end - v));
		if (!q)
			break;
		const char *frag;
		char *path = local_path(l->origin, v, (size_t)(q - v), &frag);
		if (!path) {
			p = q;
			continue;
		}
		char *nv = new_value(l, self, path, frag, (size_t)(q - frag));
		free(path);
		if (nv) {
			buf_append(out, copied, (size_t)(v - copied));
			buf_puts(out, nv);
			free(nv);
			copied = p = q;
			continue;
		}
		const char *t = tag_start(html, p);
		if (t < copied) { /* cannot happen with our writer; keep the bytes */
			p = q;
			continue;
		}
		buf_append(out, copied, (size_t)(t - copied));
		copied = drop_element(out, t, end);
		p = copied - 1;
	}
	buf_append(out, copied, (size_t)(end - copied));
}

/* The pieces of `leuchtturm site export` (cli/site.c): which address becomes which file
 * (site_paths.c), the links of a page made to fit the static copy (site_links.c), the
 * files written only when their bytes differ and removed when no longer exported
 * (site_files.c), and the static search's index (site_index.c). */
#ifndef CLI_SITE_H
#define CLI_SITE_H
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct store;

/* The file (relative to the export folder) that holds the public address path ("/praxis/x"
 * without query or fragment), given the answer's content type: "/" is index.html, an
 * address whose last part has a dot keeps its name, an HTML page gets ".html", JSON
 * ".json", anything else its address. NULL for an address that cannot be a file name
 * (empty parts, ".", "..", characters beyond letters, digits and "-._~"). Malloc'd. */
char *site_file_of(const char *path, const char *content_type);

/* The relative reference from the file from to the file to (both relative to the export
 * folder): "../static/style.css". Malloc'd. */
char *site_relative(const char *from, const char *to);

/* What the link rewriter needs to know about the export. */
struct site_links {
	const char *origin;   /* the in-process server's origin: absolute links to it are local */
	const char *base_url; /* NULL: relative links; else absolute under it (no trailing /) */
	const char *live_url; /* NULL: links the copy cannot serve are left out */
	/* The file an exported address is in, NULL when it is not exported. */
	const char *(*file_of)(void *ctx, const char *path);
	void *ctx;
};

/* Rewrites the page html (the bytes of file self) into out: every local href, src, action,
 * content and data-index becomes relative to self (or absolute under base_url) when its
 * address is exported; otherwise it points to live_url, or without one the element goes
 * (a link that is the only content of a list item or a paragraph takes it along; a link
 * in text leaves its text; a form goes whole; a <link> goes). */
void site_rewrite_html(const struct site_links *l, const char *self, const char *html, size_t len,
                       struct buf *out);

/* Calls found for every local address (root-relative, or under origin) of an href or src
 * in html, without its fragment; query strings included. */
void site_each_link(const char *origin, const char *html, size_t len,
                    void (*found)(void *ctx, const char *path), void *ctx);

/* The export folder's bookkeeping. */
struct site_files {
	const char *dir;
	char **names; /* the files of this run, for the manifest */
	size_t n, cap;
	size_t written, unchanged, deleted;
};

/* Writes name (relative to f->dir, parent folders made) when its bytes differ from the
 * file's; notes it for the manifest. 0, or -1 after printing why. */
int site_files_put(struct site_files *f, const char *name, const void *data, size_t len);
/* Removes the files the last run's manifest names that this run did not write, and the
 * folders left empty; then writes the new manifest. 0 or -1. */
int site_files_finish(struct site_files *f);
void site_files_free(struct site_files *f);

/* The static search's index: [{"slug", "text"}] of every published practice, newest first,
 * as compact JSON into out. 0, or -1 (storage). */
int site_search_index(struct store *s, struct buf *out);

#endif

/* Static assets embedded at build time (scripts/embed.py), served under /static/ with a
 * content hash in the name, so they can be cached for a year. */
#ifndef HTTP_ASSETS_H
#define HTTP_ASSETS_H
#include <stddef.h>

struct asset {
	const char *name;        /* "style.css" */
	const char *hashed_name; /* "style-0123456789ab.css" */
	const char *content_type;
	const char *etag;
	const unsigned char *data;
	size_t len;
};

extern const struct asset assets[];
extern const size_t assets_count;

/* "/static/style-0123456789ab.css" for "style.css" (aborts for an unknown name: a typo
 * in a page is a programming error). */
const char *asset_url(const char *name);
const struct asset *asset_by_hashed_name(const char *hashed);

#endif

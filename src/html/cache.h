/* The response cache below the pages: a small, bounded, thread-safe keep of rendered HTML
 * fragments (today the board's ranking table), and of whole pages for anonymous visitors
 * (today the catalog's and a practice's page), and of documents made for everyone (today a
 * collection's brochure and a visitor's selection as a PDF).
 *
 * Contract: a kept fragment is served only under the exact key it was kept under, so the
 * key must name everything it depends on; nothing expires by time, a fragment leaves when a
 * newer one takes its slot. Thread-safe; a reader copies outside the lock. */
#ifndef HTML_CACHE_H
#define HTML_CACHE_H

#include "html/html.h"
#include "http/request.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Fragments larger than this are not kept. */
#define CACHE_FRAGMENT_MAX (8 * 1024 * 1024)

/* Writes the fragment kept under key through h and returns true; false (h unchanged) when
 * none is kept. The fragment's forms carry the CSRF token of the request that rendered it;
 * every occurrence of that token is written as token instead, so one person's fragment
 * serves all their sessions. The key must name everything the fragment depends on but the
 * token: the data's generation, the viewer, the parameters, the language. */
bool cache_get(const char *key, const char *token, struct html *h);

/* Keeps f (html_fragment_take), rendered with the CSRF token token, under key, and takes
 * it over; a fragment kept under key before is replaced, else the oldest of the slots. */
void cache_put(const char *key, const char *token, struct html_fragment *f);

/* Whole pages: pages larger than this are not kept. */
#define CACHE_PAGE_MAX (512 * 1024)

/* Sends the page kept under key as r's response (200, text/html) and returns true; false
 * (r unchanged) when none is. The caller sets the headers the page had. */
bool cache_page_send(struct request *r, const char *key);

/* Keeps the bytes of page under key, replacing what its slot held. */
void cache_page_put(const char *key, const struct buf *page);

/* Documents made for everyone (a collection's brochure, a visitor's selection as a PDF):
 * the bytes kept under key in a few slots chosen by the key's hash, each up to this size.
 * As for pages, the key names everything the bytes depend on (the data's generation, the
 * address, the language, the site's address, the program's version). */
#define CACHE_DOC_MAX (16 * 1024 * 1024)

/* Sends the bytes kept under key as r's response (200, type) and returns true; false (r
 * unchanged) when none are. The caller sets the other headers. */
bool cache_doc_send(struct request *r, const char *key, const char *type);

/* Keeps a copy of the len bytes at data under key, replacing what its slot held. */
void cache_doc_put(const char *key, const void *data, size_t len);

/* How often each keep was asked, found or not, since start-up (for /metrics). */
struct cache_stats {
	unsigned long long fragment_hits, fragment_misses, page_hits, page_misses, doc_hits,
	    doc_misses;
};
void cache_stats(struct cache_stats *out);

#endif

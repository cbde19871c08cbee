/* A small, bounded, thread-safe keep of rendered HTML fragments (the board's ranking). */
#ifndef LEUCHTTURM_PAGES_FRAGMENT_CACHE_H
#define LEUCHTTURM_PAGES_FRAGMENT_CACHE_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Fragments larger than this are not kept. */
#define FRAGMENT_MAX (8 * 1024 * 1024)

/* Appends the fragment kept under key to out and returns true; false (out unchanged) when
 * none is kept. The fragment's forms carry the CSRF token of the request that rendered it;
 * every occurrence of that token is written as token instead, so one person's fragment
 * serves all their sessions. The key must name everything the fragment depends on but the
 * token: the data's generation, the viewer, the parameters, the language. */
bool fragment_get(const char *key, const char *token, struct buf *out);

/* Keeps len bytes of data, rendered with the CSRF token token, under key; a fragment
 * kept under key before is replaced, else the oldest of the slots. */
void fragment_put(const char *key, const char *token, const char *data, size_t len);

#endif

/* A small, bounded, thread-safe keep of rendered HTML fragments (the board's ranking). */
#ifndef LEUCHTTURM_PAGES_FRAGMENT_CACHE_H
#define LEUCHTTURM_PAGES_FRAGMENT_CACHE_H

#include "html/html.h"

#include <stdbool.h>
#include <stddef.h>

/* Fragments larger than this are not kept. */
#define FRAGMENT_MAX (8 * 1024 * 1024)

/* Writes the fragment kept under key through h and returns true; false (h unchanged) when
 * none is kept. The fragment's forms carry the CSRF token of the request that rendered it;
 * every occurrence of that token is written as token instead, so one person's fragment
 * serves all their sessions. The key must name everything the fragment depends on but the
 * token: the data's generation, the viewer, the parameters, the language. */
bool fragment_get(const char *key, const char *token, struct html *h);

/* Keeps f (html_fragment_take), rendered with the CSRF token token, under key, and takes
 * it over; a fragment kept under key before is replaced, else the oldest of the slots. */
void fragment_put(const char *key, const char *token, struct html_fragment *f);

#endif

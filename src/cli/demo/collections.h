/* The demo's collections (issue 12). */
#ifndef CLI_DEMO_COLLECTIONS_H
#define CLI_DEMO_COLLECTIONS_H

#include <stdint.h>

struct store;

/* Seeds two published collections of the demo practices, made by office (an account id).
 * Needs the demo practices. Returns 0 or -1. Call in the demo's transaction. */
int demo_seed_collections(struct store *s, int64_t office);

#endif

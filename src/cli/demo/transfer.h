/* The demo's transfer reports (issue 11). */
#ifndef CLI_DEMO_TRANSFER_H
#define CLI_DEMO_TRANSFER_H

#include <stdint.h>

struct store;

/* Seeds reports on the demo practices, approved by office (an account id), one pending,
 * one withdrawn, one unconfirmed. Needs the demo practices. Returns 0 or -1. Call in the
 * demo's transaction. */
int demo_seed_transfer(struct store *s, int64_t office);

#endif

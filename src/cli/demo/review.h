/* The demo's board review: members of every constituency on the board of the call in
 * review, proposals to rate, conflicts of each kind and ratings in every state. */
#ifndef CLI_DEMO_REVIEW_H
#define CLI_DEMO_REVIEW_H

struct store;

/* Seeds the board review of the demo's call in review (nothing when there is none).
 * Returns 0 or -1. Call in the demo's transaction, after the accounts exist. */
int demo_seed_review(struct store *s);
#include <stddef.h>
/* The board members' demo accounts, for the credentials list: fills up to max pairs and
 * returns how many there are. */
size_t demo_review_accounts(const char **emails, const char **labels, size_t max);

#endif

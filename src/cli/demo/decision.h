/* The demo's decisions: a closed call decided with votes, recusals, an amendment, letters
 * and an issued decision record, and the call in its deciding phase rated and ready for
 * the meeting. */
#ifndef CLI_DEMO_DECISION_H
#define CLI_DEMO_DECISION_H

struct store;

/* Seeds both calls (nothing for a call that is missing). Needs the board's demo accounts
 * (demo_seed_review). Returns 0 or -1. Call in the demo's transaction, last. */
int demo_seed_decision(struct store *s);

#endif

/* The demo's decisions: a closed call decided with votes, recusals, an amendment, letters
 * and an issued decision record, and the call in its deciding phase rated and ready for
 * the meeting. */
#ifndef CLI_DEMO_DECISION_H
#define CLI_DEMO_DECISION_H

#include <stdint.h>

#include "util/i18n.h"

struct buf;
struct store;

/* Makes the decision record of a call as a PDF, appended to out; the page count or -1. The
 * CLI passes the export's writer (decision_protocol_pdf, export/decision_record.h), which
 * the domain, below export, may not name. */
typedef int (*demo_record_pdf)(struct store *s, int64_t call_id, enum lang lang, struct buf *out);

/* Seeds both calls (nothing for a call that is missing), the closed one's record made with
 * record_pdf and issued. Needs the board's demo accounts (demo_seed_review). Returns 0 or
 * -1. Call in the demo's transaction, last. */
int demo_seed_decision(struct store *s, demo_record_pdf record_pdf);

#endif

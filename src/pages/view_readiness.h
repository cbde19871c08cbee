/* What is not ready for a call's next phase, as a list with a link to where each point is
 * put right: the call's page shows it before the step, the phase page when it is refused. */
#ifndef PAGES_VIEW_READINESS_H
#define PAGES_VIEW_READINESS_H
#include <stddef.h>

#include "domain/call_readiness.h"
#include "html/html.h"
#include "http/request.h"

struct store;

/* <ul class="readiness"> with one item per finding: what is missing, and a link. A
 * proposal the viewer is conflicted on is named without its counts or link. */
void readiness_list(struct request *r, struct html *h, struct store *s, const struct call *c,
                    const struct call_finding *f, size_t n);

#endif

/* The pieces several decision pages show (view_decision.c): the frame of a call's decision
 * pages, the decision form with its saving, and one version of a decision. A view uses no
 * page; the meeting mode (decision_meeting.c) and the decision's page (decision_detail.c)
 * use it. */
#ifndef PAGES_VIEW_DECISION_H
#define PAGES_VIEW_DECISION_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/call.h"
#include "domain/decision.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/request.h"

struct store;

/* Starts a page of the call's decisions: breadcrumbs up to the call, the title as <h1>,
 * and the links between meeting mode, ranking, statistics, templates and the record. */
struct html *decision_begin(struct request *r, const struct call *c, const char *title);

/* What the decision form shows before anything was typed. */
struct decision_form_defaults {
	int outcome; /* -1: none */
	const char *conditions, *deviation_reason, *vote_reason;
	int64_t target_call_id;
	const struct decision_version *from; /* amending: the current version */
	const struct meeting *meeting;
};

/* The decision form posting to action: members present and their votes (recusals from the
 * conflicts), the outcome, the justification per criterion (prefilled from the ratings,
 * or from d->from when amending), the deviation reason (its hint from all_met) and, when
 * amending, the amendment's reason. After a refused POST it shows what was typed. */
void decision_form(struct request *r, struct html *h, struct store *s, const struct call *c,
                   const struct proposal *p, const char *action,
                   const struct decision_form_defaults *d, bool all_met);

/* Writes a decision (write is decision_record or decision_amend) from the posted form in
 * one transaction. True when it is stored; otherwise the form has been shown again through
 * reshow with the problems marked (422 or 409), or the 500 page sent. */
bool decision_save(struct request *r, struct store *s, const struct call *c,
                   const struct proposal *p,
                   int (*write)(struct store *, const struct user *, int64_t,
                                const struct decision_input *, struct decision_problem *, size_t,
                                size_t *),
                   void (*reshow)(struct request *, struct store *, const struct call *,
                                  const struct proposal *, const char *));

/* The HTTP status of a refused decision (a DECISION_ code): the proposal's or call's state
 * (409) or the input (422). */
int decision_refusal_status(int rc);

/* Version v of the decision on p: outcome, who recorded it when, reasons, the checksum, the
 * votes and the justification per criterion; current: a section of its own (h2), else an
 * earlier version (h3). */
void decision_version_block(struct request *r, struct html *h, struct store *s,
                            const struct proposal *p, const struct decision_version *v,
                            bool current);

/* True, with the 404 of a proposal the person may not see sent, when the office member
 * is conflicted on p: DESIGN.md §3 keeps a conflicted person from its votes and decision
 * pages in every role. The office's decision pages ask this first. */
bool decision_conflict_refused(struct request *r, const struct proposal *p);

#endif

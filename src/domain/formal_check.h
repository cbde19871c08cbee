/* The formal check of a proposal: the coordination office marks each gate of the call as
 * met or not met with a note, then decides eligible, ineligible or returned for revision. */
#ifndef DOMAIN_FORMAL_CHECK_H
#define DOMAIN_FORMAL_CHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/call.h"
#include "domain/proposal.h"
#include "util/arena.h"

struct store;

#define FORMAL_NOTE_MAX 1000
/* At most this many gates per call take part in the check form. */
#define FORMAL_MAX_GATES 12

/* A gate's verdict: not looked at yet, not met, met. */
enum gate_verdict { GATE_OPEN = -1, GATE_NOT_MET = 0, GATE_MET = 1 };

/* One gate of the call with what the office recorded for it. */
struct gate_check {
	struct gate gate;
	enum gate_verdict verdict;
	const char *note;               /* "" when none */
	int64_t checked_by, checked_at; /* 0 while open */
	const char *checked_by_name;    /* "" while open */
};

/* What the office sends for one gate. */
struct gate_tick {
	int64_t gate_id;
	enum gate_verdict verdict;
	const char *note; /* NULL or "" for none */
};

enum formal_result {
	FORMAL_OK = 0,
	FORMAL_ERROR = -1,        /* storage error, or no such proposal */
	FORMAL_NOT_OPEN = 20,     /* the proposal is not waiting for its formal check */
	FORMAL_UNKNOWN_GATE = 21, /* a gate that does not belong to the proposal's call */
	FORMAL_NOTE_TOO_LONG = 22,
	FORMAL_GATES_OPEN = 23, /* eligible needs every gate met */
};

/* True in the states where the formal check is open: submitted and resubmitted. */
bool formal_check_open(enum proposal_state st);

/* The gates of the proposal's call in their order, each with its recorded verdict.
 * Returns how many were filled (at most max). */
struct gate_check *formal_check_list(struct store *s, struct arena *a, int64_t proposal_id,
                                     size_t *n);

/* Records the verdicts and notes of n gates for the proposal. Only gates whose verdict or
 * note changed are written (GATE_OPEN removes a recorded verdict); when anything changed,
 * one audit event "proposal.gate_check" lists the changes. Nothing is written unless
 * every tick is valid. Call inside a transaction. Returns FORMAL_OK or a FORMAL_* code. */
enum formal_result formal_check_save(struct store *s, int64_t actor, int64_t proposal_id,
                                     const struct gate_tick *ticks, size_t n);

/* True when the call has gates and every one is recorded as met for the proposal. */
bool formal_check_all_met(struct store *s, int64_t proposal_id);

/* Ends the formal check: outcome PS_ELIGIBLE (only when every gate is met), PS_INELIGIBLE
 * (reason required) or PS_RETURNED (reason = the message to the sub-project). Delegates
 * to proposal_decide_formal. Returns FORMAL_OK, FORMAL_NOT_OPEN, FORMAL_GATES_OPEN, or
 * the PROPOSAL_* code of proposal_decide_formal. */
int formal_check_decide(struct store *s, const struct user *office, int64_t proposal_id,
                        enum proposal_state outcome, const char *reason);

#endif

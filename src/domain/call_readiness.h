/* What must be done before a call moves on to its next phase, and the phase change that
 * checks it: open → review (the deadline, the formal check, the board, the rubric),
 * review → deciding (the ratings), deciding → closed (decisions, letters, the record). The
 * office may go ahead anyway, with a reason that goes into the audit log. */
#ifndef DOMAIN_CALL_READINESS_H
#define DOMAIN_CALL_READINESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/call.h"
#include "util/arena.h"

struct store;

/* Board members of at least this many constituencies before the review. */
#define CALL_MIN_CONSTITUENCIES 2
/* Characters of an override's reason. */
#define CALL_REASON_MAX 2000

/* One thing that is not ready. The object it is about is a call, a proposal, a criterion
 * or a person, by id (see each kind); have and need count where a kind counts. */
enum readiness_kind {
	READY_DEADLINE_AHEAD, /* call: the submission deadline has not passed yet */
	READY_UNCHECKED,      /* proposal: submitted, its formal check not finished */
	READY_CONSTITUENCIES, /* call: the board covers `have` constituencies of `need` */
	READY_NO_CRITERIA,    /* call: the rubric has no criterion to rate */
	READY_CRITERION,      /* criterion: a label or its guidance is missing (de or en) */
	READY_SCALE,          /* call: the scale has fewer than two levels or one unnamed */
	READY_FEW_RATINGS,    /* proposal: `have` submitted ratings of `need` */
	READY_MEMBER_MISSING, /* person: `have` ratings still missing (drafts included) */
	READY_UNDECIDED,      /* proposal: up for a decision, none recorded */
	READY_LETTER_UNSENT,  /* proposal: its current decision's letter has not been sent */
	READY_RECORD_MISSING, /* call: no decision record issued (have 0) or none since the
	                       * last change (have 1) */
	READY_KIND_COUNT
};

struct call_finding {
	enum readiness_kind kind;
	int64_t object_id;
	int64_t have, need;
};

/* A stable name per kind ("deadline_ahead", …) for the audit log and the tests. */
const char *call_readiness_kind_name(enum readiness_kind k);

/* What is not ready for moving call c to phase `to` at `now`, in the order above, as an
 * array in a (*n its length; none: NULL and 0). Only the forward steps into review,
 * deciding and closed have preconditions. */
struct call_finding *call_readiness(struct store *s, struct arena *a, const struct call *c,
                                    enum call_phase to, int64_t now, size_t *n);

enum call_move_result {
	CALL_MOVE_OK = 0,
	CALL_MOVE_ERROR = -1,    /* storage error, or no such call */
	CALL_MOVE_STEP = 1,      /* not a step the phases allow from the current one */
	CALL_MOVE_NOT_READY = 2, /* findings, and no reason to go ahead anyway */
	CALL_MOVE_TOO_LONG = 3,  /* the reason is longer than CALL_REASON_MAX */
};

/* Moves the call to phase `to` when the step is allowed and nothing is missing for it. When
 * something is (call_readiness), it moves only with a reason (not blank): the audit event
 * "call.phase" then carries "override" (the reason) and "findings" (kind and object of
 * each). Nothing changes on a refusal. Call in a transaction. */
enum call_move_result call_move_phase(struct store *s, int64_t actor, int64_t id,
                                      enum call_phase to, const char *reason);

#endif

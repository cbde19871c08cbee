/* Conflicts of interest between board members and proposals: automatic (the member's
 * organisation is the submitting one or its network or Fachstelle, organisation.parent_id),
 * declared by the member, or set by the coordination office, each with a reason. A
 * conflicted person can neither see nor rate the proposal, in any role they hold: access.c
 * and review.c ask here before every read and every write. */
#ifndef DOMAIN_CONFLICT_H
#define DOMAIN_CONFLICT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/user.h"
#include "util/arena.h"

struct store;

#define CONFLICT_REASON_MAX 1000 /* characters of a reason */

/* Result codes of the changing operations (review_result_of_conflict turns them into the
 * review's codes for the review pages). */
enum conflict_result {
	CONFLICT_OK = 0,
	CONFLICT_ERROR = -1,     /* storage error */
	CONFLICT_NOT_FOUND = 1,  /* no such proposal (past its draft) or stored conflict */
	CONFLICT_NOT_MEMBER = 2, /* the person is not on the board of the proposal's call */
	CONFLICT_EXISTS = 3,     /* the person is conflicted already */
	CONFLICT_INVALID = 4,    /* no reason, or one over CONFLICT_REASON_MAX characters */
};

enum conflict_kind { CONFLICT_NONE, CONFLICT_AUTOMATIC, CONFLICT_DECLARED, CONFLICT_ADMIN };
const char *conflict_kind_name(enum conflict_kind k);  /* "automatic", "declared", "admin" */
const char *conflict_kind_label(enum conflict_kind k); /* msgid */

/* The person's conflict on the proposal, CONFLICT_NONE when there is none. Automatic
 * conflicts exist for members of the proposal's call's board only. */
enum conflict_kind conflict_of(struct store *s, int64_t user_id, int64_t proposal_id);
/* True when the person is conflicted on any proposal of the call. */
bool conflict_in_call(struct store *s, int64_t user_id, int64_t call_id);

struct conflict {
	int64_t id; /* 0 for an automatic conflict (derived, not stored) */
	int64_t user_id, proposal_id, created_by, created_at;
	enum conflict_kind kind;
	const char *reason, *user_name, *proposal_title, *organisation_name;
};
/* Every conflict on the call's proposals (automatic ones included), by proposal, person. */
struct conflict *conflict_list(struct store *s, struct arena *a, int64_t call_id, size_t *n);

/* The member declares a conflict on a proposal of a call whose board they sit on. The
 * reason is required. CONFLICT_NOT_MEMBER, CONFLICT_NOT_FOUND, CONFLICT_EXISTS (conflicted
 * already), CONFLICT_INVALID (no reason). Their rating, if any, stays stored but counts no
 * more. Audit "conflict.declare" on "proposal:ID". */
enum conflict_result conflict_declare(struct store *s, const struct user *member,
                                      int64_t proposal_id, const char *reason);
/* The office sets a conflict for a member of the proposal's call; as above. Audit
 * "conflict.set". */
enum conflict_result conflict_set(struct store *s, int64_t actor, int64_t proposal_id,
                                  int64_t user_id, const char *reason);
/* The office lifts a declared or set conflict (automatic ones cannot be lifted: change the
 * person's organisation instead). The conflict must belong to a proposal of call_id.
 * CONFLICT_NOT_FOUND otherwise. Audit "conflict.remove" with the old kind and reason. */
enum conflict_result conflict_remove(struct store *s, int64_t actor, int64_t call_id,
                                     int64_t conflict_id);

#endif

/* The advisory board of a call: who sits on it and for which constituency (funder,
 * transfer project, network, Fachstelle). Review, conflicts, decisions and access ask here
 * whether a person is a member; the members' review progress is review.h's review_members. */
#ifndef DOMAIN_BOARD_H
#define DOMAIN_BOARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/user.h"
#include "util/arena.h"

struct store;

/* Result codes of the board's operations (review_result_of_board turns them into the
 * review's codes for the review pages). */
enum board_result {
	BOARD_OK = 0,
	BOARD_ERROR = -1,     /* storage error */
	BOARD_NOT_FOUND = 1,  /* no such call, proposal, person or membership */
	BOARD_NOT_BOARD = 2,  /* the person does not hold the board role or is inactive */
	BOARD_EXISTS = 3,     /* already a member */
	BOARD_INVALID = 4,    /* no valid constituency */
	BOARD_NOT_MEMBER = 5, /* the person is not on the call's board */
};

/* Constituencies on the board: "funder", "transfer_project", "network", "fachstelle". */
extern const char *const board_constituencies[]; /* NULL-terminated */
bool board_constituency_valid(const char *key);
const char *board_constituency_label(const char *key); /* msgid */

/* Adds a person holding the board role; constituency NULL or "" takes the account's.
 * BOARD_NOT_BOARD, BOARD_EXISTS, BOARD_INVALID (no valid constituency) or BOARD_NOT_FOUND.
 * Audit "board.add" on "call:ID". */
enum board_result board_member_add(struct store *s, int64_t actor, int64_t call_id, int64_t user_id,
                                   const char *constituency);
/* Removes a member (BOARD_NOT_FOUND when they were none). Their ratings stay stored but
 * count no more (every count joins the board). Audit "board.remove". */
enum board_result board_member_remove(struct store *s, int64_t actor, int64_t call_id,
                                      int64_t user_id);
bool board_is_member(struct store *s, int64_t call_id, int64_t user_id);
/* Whether user_id may be linked to proposal_id (assigned, or recorded as conflicted):
 * BOARD_OK when the proposal is past its draft and the user is on the board of its call,
 * else BOARD_NOT_FOUND or BOARD_NOT_MEMBER. */
enum board_result board_proposal_member(struct store *s, int64_t proposal_id, int64_t user_id);
/* People with the board role who are not members of the call yet (for the add form). */
struct user *board_member_candidates(struct store *s, struct arena *a, int64_t call_id, size_t *n);

#endif

/* The board's administration at the scale of a real board: adding several members at once
 * (accounts picked and e-mail addresses pasted, checked line by line), copying the board of
 * an earlier call, and the e-mails that tell members they joined a call and that its review
 * has started. The single add and remove are board.h's. */
#ifndef DOMAIN_BOARD_ADMIN_H
#define DOMAIN_BOARD_ADMIN_H
#include <stddef.h>
#include <stdint.h>

#include "domain/board.h"
#include "util/arena.h"

struct store;

/* Adds the member (board_member_add) and queues the e-mail telling them, in their language,
 * which call they joined, for which constituency, and when its review runs. Call in a
 * transaction; the result is board_member_add's, BOARD_ERROR when the e-mail could not be
 * queued. */
enum board_result board_member_join(struct store *s, int64_t actor, int64_t call_id,
                                    int64_t user_id, const char *constituency);

/* The most members one request adds (accounts picked plus lines pasted). */
#define BOARD_MANY_MAX 200

/* One entry of a request to add several members: a pasted line (line > 0, text as typed)
 * or a picked account (line 0). rc says what would happen or what was wrong with it. */
struct board_entry {
	int line;             /* 1-based line of the pasted text; 0: an account picked */
	const char *text;     /* the line as typed (trimmed), or the account's e-mail */
	int64_t user_id;      /* the account found, 0 when none */
	enum board_result rc; /* BOARD_OK, or why it cannot be added */
	bool duplicate;       /* named twice in the request (rc BOARD_EXISTS) */
};

/* Adds every account picked (ids, n of them) and every address of text (one per line;
 * commas, semicolons and blanks also separate; empty lines are skipped), each with
 * constituency (NULL or "": the account's). All or nothing: when any entry fails (no
 * account with that address BOARD_NOT_FOUND, not an active board account BOARD_NOT_BOARD,
 * a member already or named twice BOARD_EXISTS, no constituency BOARD_INVALID, more than
 * BOARD_MANY_MAX BOARD_INVALID on the last) nothing is written and BOARD_INVALID is
 * returned; with no entry at all BOARD_NOT_FOUND. Otherwise each is added and told
 * (board_member_join, one audit event each). *entries (in a, *n of them) says per entry
 * what happened. Call in a transaction. */
enum board_result board_add_many(struct store *s, struct arena *a, int64_t actor, int64_t call_id,
                                 const int64_t *ids, size_t nids, const char *text,
                                 const char *constituency, struct board_entry **entries, size_t *n);

/* An earlier call whose board can be copied. */
struct board_source {
	int64_t call_id;
	const char *title;
	int64_t members; /* its members */
};
/* The other calls with a board, newest first, in a. */
struct board_source *board_copy_sources(struct store *s, struct arena *a, int64_t call_id,
                                        size_t *n);

/* Puts the members of from_call onto call_id's board with the constituency they had
 * there, each told (board_member_join): those who are members already, inactive or no
 * longer hold the board role are skipped and counted in *skipped. BOARD_NOT_FOUND when
 * either call does not exist or they are the same, else BOARD_OK (also when nobody was left
 * to add). Audit "board.copy" on "call:ID" with the source and the numbers. Call in a
 * transaction. */
enum board_result board_copy(struct store *s, int64_t actor, int64_t call_id, int64_t from_call,
                             int *added, int *skipped);

/* Tells every active member of call_id's board holding the board role, in their language,
 * that the review has started and until when it runs. Called by call_set_phase when the
 * call moves to review. Audit "board.review_mail" on "call:ID" with the number told.
 * Returns 0 or -1. Call in a transaction. */
int board_tell_review_start(struct store *s, int64_t actor, int64_t call_id);

#endif

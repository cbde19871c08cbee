/* The board's internal discussion of a proposal: board members and the coordination office
 * write to each other about a proposal; the sub-project never sees it, and neither does
 * anyone with a conflict of interest on the proposal (admins included). Each person chooses
 * whether a new post reaches them by e-mail (notification_setting). Result codes are
 * review.h's REVIEW_*. */
#ifndef DOMAIN_DISCUSSION_H
#define DOMAIN_DISCUSSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/proposal.h"
#include "domain/user.h"
#include "util/arena.h"

struct store;

#define DISCUSSION_TEXT_MAX 4000 /* characters of a post */

struct discussion_post {
	int64_t id, proposal_id, author_id, created_at;
	const char *author_name;
	const char *constituency; /* the author's on the call's board; "" for the office */
	bool from_office;         /* the author holds the admin role */
	const char *body;         /* plain text as typed */
};

/* May viewer read and write the discussion of p? REVIEW_OK for an admin without a conflict
 * on p (p past the draft), or a board member who may read p (review_may_read: on the
 * call's board, call in review or deciding, p past the formal check, not conflicted).
 * Otherwise REVIEW_CONFLICTED or REVIEW_NOT_MEMBER. */
int discussion_access(struct store *s, const struct user *viewer, const struct proposal *p);

/* The posts on the proposal, oldest first, when viewer may read them; 0 and *rc the reason
 * otherwise. The rule is part of the query itself (viewer's roles, board membership, the
 * call's phase and conflicts read from the database), not only of the check before it. */
size_t discussion_list(struct store *s, struct arena *a, const struct user *viewer,
                       int64_t proposal_id, struct discussion_post *out, size_t max, int *rc);

/* Adds a post by author (discussion_access, and the call in review or deciding:
 * REVIEW_CLOSED otherwise); body must not be blank and at most DISCUSSION_TEXT_MAX
 * characters (REVIEW_INVALID). Queues an e-mail (in each person's language, without the
 * post's text, which stays in the application) to everyone else who may read the
 * discussion and has not turned these e-mails off. Audit "discussion.post" on
 * "proposal:ID". Call in a transaction. *post_id (may be NULL) gets the new id. */
int discussion_post(struct store *s, const struct user *author, int64_t proposal_id,
                    const char *body, int64_t *post_id);

/* Whether the person gets an e-mail for new discussion posts (default: yes). */
bool notify_board_discussion(struct store *s, int64_t user_id);
/* Stores the person's choice. Audit "notification.settings" on "user:ID". */
int notify_set_board_discussion(struct store *s, int64_t actor, int64_t user_id, bool on);

#endif

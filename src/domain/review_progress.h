/* The board review's progress for the coordination office (who has rated what, what is
 * missing, per member and per proposal) and the reminders before a call's review deadline,
 * which the server's scheduler sends (review_send_reminders), each exactly once. */
#ifndef DOMAIN_REVIEW_PROGRESS_H
#define DOMAIN_REVIEW_PROGRESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/proposal.h"
#include "domain/review.h"
#include "util/arena.h"

struct store;

/* One member's standing on one proposal. */
enum review_cell {
	CELL_MISSING,      /* to rate, nothing yet */
	CELL_DRAFT,        /* to rate, a draft saved but not submitted */
	CELL_SUBMITTED,    /* a submitted rating */
	CELL_ABSTAINED,    /* a submitted abstention */
	CELL_CONFLICTED,   /* a conflict of interest: not theirs to see or rate */
	CELL_NOT_ASSIGNED, /* the call uses assignments and this one is not theirs */
};

struct review_progress_row {
	int64_t proposal_id;
	const char *title, *organisation_name;
	enum proposal_state state;
	int expected;  /* members to rate it (on the board, not conflicted, assigned) */
	int submitted; /* of those, submitted ratings and abstentions */
	int drafts;    /* of those, drafts */
};

struct review_progress_view {
	struct board_member *members; /* review_members order, with their counts */
	size_t nmembers;
	struct review_progress_row *rows; /* by title */
	size_t nrows;
	unsigned char *cells; /* nrows × nmembers: cells[row * nmembers + member] */
};

/* The progress of the call's review: the board, the proposals the board works on (past the
 * formal check, not withdrawn) and every member's standing on each. Proposals the viewer
 * is conflicted on are left out, and the members' counts (to_rate, submitted, drafts) are
 * those of the proposals listed, so nothing of them shows through. In a. */
void review_progress_load(struct store *s, struct arena *a, int64_t call_id, int64_t viewer_id,
                          struct review_progress_view *out);
static inline enum review_cell
review_progress_cell(const struct review_progress_view *p, size_t row, size_t member)
{
	return (enum review_cell)p->cells[row * p->nmembers + member];
}

/* ---- reminders ---- */

/* Days before review_until at which members with missing ratings are reminded, earliest
 * first. */
#define REVIEW_REMINDER_COUNT 2
extern const int review_reminder_days[REVIEW_REMINDER_COUNT]; /* {7, 1} */

struct review_reminder {
	int64_t user_id, review_until, created_at;
	int days_before;
	bool sent;   /* false: passed over, a later reminder was due at the same time */
	int missing; /* ratings missing then */
};
/* Every reminder recorded for the call, oldest first, an array in a; *n their number. */
struct review_reminder *review_reminders(struct store *s, struct arena *a, int64_t call_id,
                                         size_t *n);

/* The scheduler's step. For every call in review whose review_until is still ahead: the
 * reminder due at `now` is the latest of review_reminder_days whose moment (review_until
 * minus that many days) has come. Each member of the board (active, with the board role)
 * who still lacks submitted ratings of proposals up for rating gets that reminder once: an
 * e-mail in their language naming the proposals and the deadline, and a row in
 * review_reminder claimed before the e-mail is queued (ON CONFLICT DO NOTHING), so a restart, a
 * second run or a second instance never sends it again. Earlier reminders that were due at
 * the same time (the server was down) are recorded as passed over, not sent late. Audit
 * "review.remind" on "call:ID" per e-mail. Runs one transaction per call; call it outside
 * a transaction. Returns the number of e-mails queued, or -1 on a storage error. */
int review_send_reminders(struct store *s, int64_t now);

#endif

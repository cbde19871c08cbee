/* The reminder the coordination office sends by hand from the review's progress page to a
 * member with missing ratings: at most once a day per member and call, audited. The
 * scheduler's reminders before the deadline are review_progress.h's. */
#ifndef DOMAIN_REVIEW_NUDGE_H
#define DOMAIN_REVIEW_NUDGE_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

enum review_nudge_result {
	NUDGE_OK = 0,
	NUDGE_ERROR = -1,    /* storage error */
	NUDGE_NOT_FOUND = 1, /* no such call, or the person is not on its board */
	NUDGE_CLOSED = 2,    /* the call is not in review, or its review deadline has passed */
	NUDGE_INACTIVE = 3,  /* the account is deactivated or no longer holds the board role */
	NUDGE_NOTHING = 4,   /* the member has no rating missing */
	NUDGE_TODAY = 5,     /* reminded by hand today already (Berlin calendar day) */
};
/* A msgid explaining the result, for the page's message. */
const char *review_nudge_message(enum review_nudge_result rc);

/* Sends member user_id of call_id's board a reminder now: an e-mail in their language
 * naming the proposals they still have to rate (those up for rating, assigned to them,
 * not conflicted, without a submitted rating) and the deadline. Refused (nothing written)
 * with the codes above; the day's claim is a row in review_manual_reminder, inserted
 * before the e-mail is queued, so a second one the same day is refused even from a second
 * tab or instance. Audit "review.remind_by_hand" on "call:ID". Call in a transaction. */
enum review_nudge_result review_remind_by_hand(struct store *s, int64_t actor, int64_t call_id,
                                               int64_t user_id, int64_t now);

struct review_nudge {
	int64_t user_id, sent_at, sent_by;
	int missing;
	const char *day; /* "YYYY-MM-DD", Berlin */
};
/* The reminders sent by hand for the call, newest first, in a. */
struct review_nudge *review_nudges(struct store *s, struct arena *a, int64_t call_id, size_t *n);

/* The Berlin calendar day of t as "YYYY-MM-DD" (out holds at least 11 bytes). */
void review_nudge_day(char *out, size_t n, int64_t t);

#endif

/* The yearly check of a published practice (issue #12): once a year after publication
 * (setting yearly_check_days) the scheduler asks the practice's owners — the accounts of
 * the sub-project it came from, else its public contact — through a single-use link
 * whether it is still in use, reminds them after 4 and 8 weeks, and a round still
 * unanswered 12 weeks after its first mail goes on the office's task list. The office
 * approves an answer before it becomes public. Typed rows only: no HTML here. */
#ifndef DOMAIN_YEARLY_CHECK_H
#define DOMAIN_YEARLY_CHECK_H
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

#define YEARLY_DAY 86400
#define YEARLY_REMIND1_DAYS 28
#define YEARLY_REMIND2_DAYS 56
/* A round unanswered this long goes on the office's task list. */
#define YEARLY_OVERDUE_DAYS 84
/* Every link of a round expires this long after the round's first mail. */
#define YEARLY_LINK_DAYS 112

enum yearly_answer { YA_NONE, YA_IN_USE, YA_CHANGED, YA_ENDED, YA_COUNT };
/* "in_use", "changed", "ended" (the form's choice values), NULL-terminated. */
extern const char *const yearly_answer_names[];

struct yearly_check {
	int64_t id, practice_id;
	const char *practice_slug, *practice_title;
	int64_t due_at, sent_at, reminded1_at, reminded2_at, answered_at; /* 0: not yet */
	enum yearly_answer answer;
	int64_t people_reached; /* -1: not given */
	const char *update_text;
	const char *moderation;     /* "open", "pending", "approved", "rejected" */
	const char *office_outcome; /* "" or "kept", "ended", "archived" */
};

/* The origin for the links in the mails (the scheduler has no request). */
void yearly_check_set_origin(const char *origin);
/* The interval between checks, in days (setting yearly_check_days, default 365). */
int64_t yearly_check_interval_days(struct store *s);

/* The scheduler's step: opens the rounds that are due and mails them, then the reminders.
 * Each round and each reminder is claimed in the database in the same transaction as
 * its mail, so each goes out once, across restarts. Returns the mails queued, -1 on error. */
int yearly_check_run(struct store *s, int64_t now);

/* The open round of a link (valid, not expired, not answered), or 0. */
int64_t yearly_check_link_round(struct store *s, const char *token, int64_t now);
bool yearly_check_find(struct store *s, struct arena *a, int64_t id, struct yearly_check *out);

struct yearly_input {
	enum yearly_answer answer;
	int64_t people_reached; /* -1: not given */
	const char *update_text;
};
enum yearly_code {
	YEARLY_OK = 0,
	YEARLY_ERROR = -1,
	YEARLY_GONE = -21,        /* the link is invalid, used or expired */
	YEARLY_WRONG_STATE = -22, /* the round is not in a state for this step */
	YEARLY_INVALID = -23,
};
/* Within a transaction: the owners' answer through the link's token; the round's links
 * die with it. */
enum yearly_code yearly_check_answer(struct store *s, const char *token, int64_t now,
                                     const struct yearly_input *in);
/* Within a transaction: the office approves (the answer becomes public; "ended" marks
 * the practice as no longer in use) or rejects a pending answer. */
enum yearly_code yearly_check_review(struct store *s, int64_t actor, int64_t id, bool approve);
/* Within a transaction: the office's decision on a round nobody answered: "kept",
 * "ended" (no longer in use, still public) or "archived". */
enum yearly_code yearly_check_resolve(struct store *s, int64_t actor, int64_t id,
                                      const char *outcome);

/* The logged-in owners' view (#12): whether user_id is an owner of the practice (an
 * active account of the sub-project it came from, else the account of its public
 * contact: the people the mails go to). */
bool yearly_check_is_owner(struct store *s, int64_t user_id, int64_t practice_id);
/* The rounds of the practices user_id owns (published ones, the last two intervals),
 * open ones first. In a. */
struct yearly_check *yearly_check_owned(struct store *s, struct arena *a, int64_t user_id,
                                        int64_t now, size_t *n);
/* Open: not answered and not decided by the office. */
bool yearly_check_is_open(const struct yearly_check *c);
/* Within a transaction: an owner's answer from their account (the caller has checked
 * access_may_answer_yearly_check); YEARLY_GONE when the round is no longer open or its
 * time (that of its links) is over. The round's links die with it. */
enum yearly_code yearly_check_answer_owner(struct store *s, int64_t actor, int64_t id, int64_t now,
                                           const struct yearly_input *in);

/* The bounds of the office's interval setting, in days. */
#define YEARLY_INTERVAL_MIN 90
#define YEARLY_INTERVAL_MAX 1095
/* Within a transaction: the office sets the interval (audited when it changes). */
enum yearly_code yearly_check_set_interval(struct store *s, int64_t actor, int64_t days);

/* The office's list: pending answers (pending true) or overdue rounds. In a. */
struct yearly_check *yearly_check_list(struct store *s, struct arena *a, bool pending, int64_t now,
                                       size_t *n);
/* A practice's approved updates, newest first (its public timeline). In a. */
struct yearly_check *yearly_check_timeline(struct store *s, struct arena *a, int64_t practice_id,
                                           size_t *n);
/* The next moment after now at which a published practice's last confirmation leaves the
 * window "confirmed in the last PRACTICE_CONFIRMED_DAYS" (0: none will): what the catalog's
 * filter and its count show changes then without any change to the data, so a kept page
 * names this moment in its key. */
int64_t yearly_check_confirmed_boundary(struct store *s, int64_t now);
/* The practice's last approved confirmation (0: never) and whether it is in use. */
void yearly_check_public_state(struct store *s, int64_t practice_id, int64_t *confirmed_at,
                               bool *in_use);

/* For the demo data (cli/demo): a round of practice_id as if first mailed at sent_at, with
 * its first `reminders` reminders (0 to 2) as if sent, and no mail now. Audited. Within a
 * transaction; returns the round's id or -1. */
int64_t yearly_check_seed_round(struct store *s, int64_t practice_id, int64_t sent_at,
                                int reminders);

#endif

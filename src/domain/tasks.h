/* What waits, and for whom: the task lists of the overview page (/start). The office's
 * list gathers from a table of task sources (tasks.c, office_sources), one function per
 * kind of work, so a new kind (issue #12: practices due for their yearly check) is one
 * more enum task_kind, one function and one line of that table; a board member's list
 * holds their own ratings due. Typed rows only: no HTML here. */
#ifndef DOMAIN_TASKS_H
#define DOMAIN_TASKS_H
#include <stddef.h>
#include <stdint.h>

#include "domain/user.h"
#include "util/arena.h"

struct store;

enum task_kind {
	TASK_FORMAL_CHECK,      /* submitted proposals waiting for their formal check (office) */
	TASK_MESSAGE_UNREAD,    /* a sub-project wrote last in the question thread (office) */
	TASK_QUESTION_OPEN,     /* the office asked, the sub-project has not answered yet */
	TASK_RATINGS_MISSING,   /* a member's ratings missing in a call in review */
	TASK_UNDECIDED,         /* proposals of a call in deciding without a decision */
	TASK_LETTER_UNSENT,     /* decisions whose current version's letter has not gone out */
	TASK_RECORD_NOT_ISSUED, /* a decision record never issued or older than the decisions */
	TASK_RATE,              /* the viewer's own ratings due (board member) */
	TASK_YEARLY_OVERDUE,    /* practices whose yearly check nobody answered (office) */
	TASK_KIND_COUNT
};

/* How many object ids a row carries at most (the count goes on beyond). */
#define TASK_IDS_MAX 10

/* One row: a kind of work in one call, possibly for one person. */
struct task {
	enum task_kind kind;
	int64_t call_id;
	const char *call_title;
	int64_t user_id;           /* whose work it is (TASK_RATINGS_MISSING), else 0 */
	const char *user_name;     /* "" when user_id is 0 */
	int64_t count;             /* how many objects wait */
	int64_t ids[TASK_IDS_MAX]; /* the first of them (proposal ids), min(count, MAX) */
	size_t nids;
	int64_t due_at; /* the deadline (review_until) or the meeting (TASK_UNDECIDED), else 0 */
};

struct task_list {
	struct task *rows;
	size_t n, cap;
};

/* The coordination office's list for viewer (an office member): every source's rows,
 * source by source, calls newest first. What the viewer may not see is not counted:
 * proposals they are conflicted on are left out of the review and decision sources, and
 * the decision record only shows for a call whose record they may read
 * (access_may_read_decision_record). In a. */
void tasks_for_office(struct store *s, struct arena *a, const struct user *viewer,
                      struct task_list *out);

/* A board member's own list: per call in review before its deadline, the proposals they
 * are to rate (on the board, assigned, not conflicted, up for rating) without a submitted
 * rating, with the deadline. In a. */
void tasks_for_board_member(struct store *s, struct arena *a, const struct user *viewer,
                            struct task_list *out);

/* The total of the rows' counts. */
int64_t tasks_total(const struct task_list *l);

#endif

/* The task lists of the overview page: a table of sources, each one function that appends
 * typed rows (kind, call, person, count, the first object ids) for one kind of work. */
#include "domain/tasks.h"
#include "domain/access.h"
#include "domain/call.h"
#include "domain/decision.h"
#include "domain/review_progress.h"
#include "domain/yearly_check.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

#define CONFLICTED(u, p)                                                                           \
	"EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " u " AND x.proposal_id = " p ")"
/* Needs review_setting joined as st. */
#define ASSIGNED(u, p)                                                                             \
	"(coalesce(st.assignment, 'all') = 'all' OR EXISTS (SELECT 1 FROM review_assignment ra "   \
	"WHERE ra.proposal_id = " p " AND ra.user_id = " u "))"
/* Calls newest first, as the office's list of calls shows them. */
#define CALL_ORDER "c.closes_at DESC, c.id DESC"

static struct task *
task_push(struct arena *a, struct task_list *l)
{
	struct task *t = ARENA_PUSH(a, l->rows, l->n, l->cap);
	memset(t, 0, sizeof *t);
	t->call_title = t->user_name = "";
	return t;
}

static void
task_add_id(struct task *t, int64_t id)
{
	if (t->nids < TASK_IDS_MAX)
		t->ids[t->nids++] = id;
	t->count++;
}

/* Reads rows of (call id, call title, due_at, object id), ordered by call, into one task
 * of kind per call. */
static void
rows_by_call(struct stmt *st, struct arena *a, enum task_kind kind, struct task_list *out)
{
	struct task *t = NULL;
	while (stmt_step(st) == STORE_ROW) {
		int64_t call_id = stmt_int(st, 0);
		if (!t || t->call_id != call_id) {
			t = task_push(a, out);
			t->kind = kind;
			t->call_id = call_id;
			t->call_title = arena_strdup(a, stmt_text(st, 1));
			t->due_at = stmt_int(st, 2);
		}
		task_add_id(t, stmt_int(st, 3));
	}
	stmt_done(st);
}

/* ---- the office's sources ---- */

static const struct store_query q_formal = {
    "tasks_formal_check",
    "SELECT c.id, c.title, 0, p.id FROM proposal p JOIN call c ON c.id = p.call_id "
    "WHERE p.state IN ('submitted', 'resubmitted') ORDER BY " CALL_ORDER ", p.submitted_at, p.id"};

/* Submitted or resubmitted proposals waiting for the office's formal check. */
static void
source_formal_check(struct store *s, struct arena *a, const struct user *viewer,
                    struct task_list *out)
{
	(void)viewer;
	rows_by_call(store_stmt(s, &q_formal), a, TASK_FORMAL_CHECK, out);
}

/* The proposals whose question thread's last message came from the office (from_office
 * 1) or from the sub-project (0); withdrawn ones wait for nobody. */
#define LAST_MESSAGE_FROM(office)                                                                  \
	"SELECT c.id, c.title, 0, p.id FROM proposal p JOIN call c ON c.id = p.call_id "           \
	"JOIN proposal_message m ON m.proposal_id = p.id WHERE p.state != 'withdrawn' AND m.id "   \
	"= (SELECT max(l.id) FROM proposal_message l WHERE l.proposal_id = p.id) AND "             \
	"m.from_office = " office " ORDER BY " CALL_ORDER ", m.created_at, p.id"
static const struct store_query q_message_unread = {"tasks_message_unread", LAST_MESSAGE_FROM("0")};
static const struct store_query q_question_open = {"tasks_question_open", LAST_MESSAGE_FROM("1")};

/* A sub-project wrote last: the office owes an answer. */
static void
source_message_unread(struct store *s, struct arena *a, const struct user *viewer,
                      struct task_list *out)
{
	(void)viewer;
	rows_by_call(store_stmt(s, &q_message_unread), a, TASK_MESSAGE_UNREAD, out);
}

/* The office asked last: the sub-project owes an answer (shown so the office can follow
 * up). */
static void
source_question_open(struct store *s, struct arena *a, const struct user *viewer,
                     struct task_list *out)
{
	(void)viewer;
	rows_by_call(store_stmt(s, &q_question_open), a, TASK_QUESTION_OPEN, out);
}

/* Per call in review, one row per member with ratings missing: the review's progress as
 * the office's progress page counts it, for this viewer (review_progress_load leaves out
 * the proposals the viewer is conflicted on, and counts only the others). */
static void
source_ratings_missing(struct store *s, struct arena *a, const struct user *viewer,
                       struct task_list *out)
{
	size_t nc;
	struct call *calls = call_list(s, a, &nc);
	for (size_t i = 0; i < nc; i++) {
		if (calls[i].phase != PHASE_REVIEW)
			continue;
		struct review_progress_view pv;
		review_progress_load(s, a, calls[i].id, viewer->id, &pv);
		for (size_t m = 0; m < pv.nmembers; m++) {
			if (pv.members[m].to_rate - pv.members[m].submitted <= 0)
				continue;
			struct task *t = task_push(a, out);
			t->kind = TASK_RATINGS_MISSING;
			t->call_id = calls[i].id;
			t->call_title = calls[i].title;
			t->user_id = pv.members[m].user_id;
			t->user_name = pv.members[m].name;
			t->due_at = calls[i].review_until;
			for (size_t row = 0; row < pv.nrows; row++) {
				enum review_cell c = review_progress_cell(&pv, row, m);
				if (c == CELL_MISSING || c == CELL_DRAFT)
					task_add_id(t, pv.rows[row].proposal_id);
			}
		}
	}
}

static const struct store_query q_undecided = {
    "tasks_undecided",
    "SELECT c.id, c.title, c.meeting_at, p.id FROM proposal p JOIN call c ON c.id = "
    "p.call_id WHERE c.phase = 'deciding' AND p.state IN ('eligible', 'in_review') AND NOT "
    "EXISTS (SELECT 1 FROM decision d WHERE d.proposal_id = p.id) AND NOT " CONFLICTED(
        "?1", "p.id") " ORDER BY " CALL_ORDER ", p.title_sort, p.id"};

/* Proposals of a call in its deciding phase that have no decision yet. */
static void
source_undecided(struct store *s, struct arena *a, const struct user *viewer, struct task_list *out)
{
	struct stmt *st = store_stmt(s, &q_undecided);
	stmt_bind_int(st, 1, viewer->id);
	rows_by_call(st, a, TASK_UNDECIDED, out);
}

static const struct store_query q_letter_unsent = {
    "tasks_letter_unsent",
    "SELECT c.id, c.title, 0, d.proposal_id FROM decision d JOIN call c ON c.id = d.call_id "
    "JOIN proposal p ON p.id = d.proposal_id WHERE p.state != 'withdrawn' AND NOT EXISTS "
    "(SELECT 1 FROM decision_letter l WHERE l.version_id = (SELECT v.id FROM "
    "decision_version v WHERE v.decision_id = d.id ORDER BY v.number DESC LIMIT 1)) AND "
    "NOT " CONFLICTED("?1", "d.proposal_id") " ORDER BY " CALL_ORDER ", p.title_sort, p.id"};

/* Decisions whose current version's letter has not been sent (letter_send sends one per
 * version, so an amended decision asks for a letter again). */
static void
source_letter_unsent(struct store *s, struct arena *a, const struct user *viewer,
                     struct task_list *out)
{
	struct stmt *st = store_stmt(s, &q_letter_unsent);
	stmt_bind_int(st, 1, viewer->id);
	rows_by_call(st, a, TASK_LETTER_UNSENT, out);
}

static const struct store_query q_decided_calls = {
    "tasks_decided_calls",
    "SELECT c.id, c.title, 0, c.id FROM call c WHERE c.phase IN ('deciding', 'closed') AND EXISTS "
    "(SELECT 1 FROM decision d WHERE d.call_id = c.id) ORDER BY " CALL_ORDER};

/* Calls with decisions whose record was never issued, or issued before the latest change
 * of a decision or the meeting (decision_record_time): the issued record is out of date. */
static void
source_record_not_issued(struct store *s, struct arena *a, const struct user *viewer,
                         struct task_list *out)
{
	struct task_list calls = {0};
	/* The calls first: the checks below run statements of their own. */
	rows_by_call(store_stmt(s, &q_decided_calls), a, TASK_RECORD_NOT_ISSUED, &calls);
	for (size_t i = 0; i < calls.n; i++) {
		int64_t id = calls.rows[i].call_id;
		if (access_may_read_decision_record(s, viewer, id) != ACCESS_ALLOWED)
			continue;
		size_t np;
		struct decision_protocol *issued = decision_protocols(s, a, id, &np);
		if (np && issued[0].issued_at >= decision_record_time(s, id))
			continue;
		struct task *t = task_push(a, out);
		*t = calls.rows[i];
		t->due_at = 0;
		t->nids = 0;
		t->count = 0;
		task_add_id(t, id);
	}
}

/* Practices whose yearly check went unanswered after both reminders
 * (yearly_check_list): one row, no call; the ids are the rounds. */
static void
source_yearly_overdue(struct store *s, struct arena *a, const struct user *viewer,
                      struct task_list *out)
{
	(void)viewer;
	size_t n;
	struct yearly_check *rows = yearly_check_list(s, a, false, time_now(), &n);
	if (!n)
		return;
	struct task *t = task_push(a, out);
	t->kind = TASK_YEARLY_OVERDUE;
	for (size_t i = 0; i < n; i++)
		task_add_id(t, rows[i].id);
}

/* A source appends its rows for viewer to out. */
typedef void (*task_source)(struct store *s, struct arena *a, const struct user *viewer,
                            struct task_list *out);

/* The office's list, in the order it is shown. Another kind of work (#12: practices due
 * for their yearly check) is one more function of this signature, one more enum
 * task_kind and one line here; the overview page shows its rows by kind. */
static const task_source office_sources[] = {
    source_formal_check,
    source_message_unread,
    source_question_open,
    source_ratings_missing,
    source_undecided,
    source_letter_unsent,
    source_record_not_issued,
    /* issue #12 */
    source_yearly_overdue,
};

void
tasks_for_office(struct store *s, struct arena *a, const struct user *viewer, struct task_list *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sizeof office_sources / sizeof office_sources[0]; i++)
		office_sources[i](s, a, viewer, out);
}

/* ---- a board member's own list ---- */

static const struct store_query q_rate = {
    "tasks_rate",
    "SELECT c.id, c.title, c.review_until, p.id FROM board_member m "
    "JOIN call c ON c.id = m.call_id AND c.phase = 'review' AND c.review_until > ?2 "
    "JOIN proposal p ON p.call_id = c.id AND p.state IN ('eligible', 'in_review') "
    "LEFT JOIN review_setting st ON st.call_id = c.id "
    "WHERE m.user_id = ?1 AND NOT " CONFLICTED("?1", "p.id") " AND " ASSIGNED(
        "?1", "p.id") " AND NOT EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id "
                      "AND r.user_id = ?1 AND r.state = 'submitted') "
                      "ORDER BY c.review_until, c.id, p.title_sort, p.id"};

void
tasks_for_board_member(struct store *s, struct arena *a, const struct user *viewer,
                       struct task_list *out)
{
	memset(out, 0, sizeof *out);
	if (!(viewer->roles & ROLE_BOARD) || !viewer->active)
		return;
	struct stmt *st = store_stmt(s, &q_rate);
	stmt_bind_int(st, 1, viewer->id);
	stmt_bind_int(st, 2, time_now());
	rows_by_call(st, a, TASK_RATE, out);
}

int64_t
tasks_total(const struct task_list *l)
{
	int64_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->rows[i].count;
	return n;
}

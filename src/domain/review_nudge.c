/* The office's reminder by hand: claimed per member, call and Berlin day, then queued. */
#include "domain/review_nudge.h"
#include "domain/audit.h"
#include "domain/board.h"
#include "domain/call.h"
#include "domain/mail.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A reminder names at most this many proposals, then says how many more there are. */
#define LIST_MAX 30

const char *
review_nudge_message(enum review_nudge_result rc)
{
	switch (rc) {
	case NUDGE_OK:
		return N_("The reminder has been sent.");
	case NUDGE_NOT_FOUND:
		return N_("This person is not on the board of this call.");
	case NUDGE_CLOSED:
		return N_("Reminders can only be sent while the review is running, before its "
		          "deadline.");
	case NUDGE_INACTIVE:
		return N_(
		    "This account is deactivated or no longer holds the advisory board role.");
	case NUDGE_NOTHING:
		return N_("This member has no rating missing.");
	case NUDGE_TODAY:
		return N_("This member has already been reminded by hand today. A reminder can be "
		          "sent once a day; nothing has been sent.");
	case NUDGE_ERROR:
		break;
	}
	return N_("The change could not be saved. Please try again.");
}

void
review_nudge_day(char *out, size_t n, int64_t t)
{
	time_t local = (time_t)(t + time_berlin_offset(t));
	struct tm tm;
	gmtime_r(&local, &tm);
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

#define CONFLICTED(u, p)                                                                           \
	"EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " u " AND x.proposal_id = " p ")"

/* The member's proposals up for rating without their submitted rating, as the scheduler's
 * reminders count them (review_progress.c). */
static const struct store_query q_missing = {
    "review_nudge_missing",
    "SELECT p.id, p.title FROM proposal p LEFT JOIN review_setting st ON st.call_id = "
    "p.call_id WHERE p.call_id = ?1 AND p.state IN ('eligible', 'in_review') AND NOT " CONFLICTED(
        "?2", "p.id") " AND (coalesce(st.assignment, 'all') = 'all' OR EXISTS (SELECT 1 FROM "
                      "review_assignment ra WHERE ra.proposal_id = p.id AND ra.user_id = ?2)) "
                      "AND NOT EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id AND "
                      "r.user_id = ?2 AND r.state = 'submitted') ORDER BY p.title_sort, p.id"};
static const struct store_query q_claim = {
    "review_nudge_claim",
    "INSERT INTO review_manual_reminder(call_id, user_id, day, missing, sent_by, sent_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING"};
static const struct store_query q_list = {
    "review_nudges", "SELECT user_id, sent_at, sent_by, missing, day FROM review_manual_reminder "
                     "WHERE call_id = ?1 ORDER BY sent_at DESC, user_id"};

struct missing {
	int64_t id;
	const char *title;
};

static size_t
collect_missing(struct store *s, struct arena *a, int64_t call_id, int64_t user_id,
                struct missing **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	struct stmt *st = store_stmt(s, &q_missing);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	while (stmt_step(st) == STORE_ROW) {
		struct missing *m = ARENA_PUSH(a, *out, n, cap);
		m->id = stmt_int(st, 0);
		m->title = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_done(st);
	return n;
}

static int
claim(struct store *s, int64_t actor, int64_t call_id, int64_t user_id, const char *day,
      int missing, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_claim);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_text(st, 3, day);
	stmt_bind_int(st, 4, missing);
	stmt_bind_int(st, 5, actor);
	stmt_bind_int(st, 6, now);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return store_changes(s) == 1;
}

static int64_t
queue(struct store *s, const struct call *c, const struct user *u, const struct missing *m,
      size_t n)
{
	enum lang lang = u->locale;
	char until[40];
	time_format_berlin(until, sizeof until, c->review_until, lang == LANG_DE);
	struct buf body = BUF_INIT;
	buf_printf(&body, i18n_get(lang, "Hello %s,\n\n"), u->name);
	buf_printf(&body,
	           i18n_get(lang, "the coordination office reminds you of the board review of the "
	                          "call \"%s\", which ends on %s (Berlin time). These ratings of "
	                          "yours are still missing:\n\n"),
	           c->title, until);
	for (size_t i = 0; i < n && i < LIST_MAX; i++)
		buf_printf(&body, "- %s (%s %lld)\n", m[i].title[0] ? m[i].title : "–",
		           i18n_get(lang, "no."), (long long)m[i].id);
	if (n > LIST_MAX)
		buf_printf(&body, i18n_get(lang, "- and %d more\n"), (int)(n - LIST_MAX));
	buf_puts(&body, "\n");
	buf_puts(&body, i18n_get(lang, "A draft counts once it is submitted. Please log in to "
	                               "Leuchtturm and open \"Board review\" to rate.\n"));
	int64_t id = mail_enqueue(s, u->email,
	                          i18n_get(lang, "Reminder: ratings missing before the review "
	                                         "deadline"),
	                          buf_str(&body));
	buf_free(&body);
	return id;
}

enum review_nudge_result
review_remind_by_hand(struct store *s, int64_t actor, int64_t call_id, int64_t user_id, int64_t now)
{
	struct arena a = {0};
	struct call c;
	struct user u;
	enum review_nudge_result rc = NUDGE_NOT_FOUND;
	if (!call_find(s, &a, call_id, &c) || !board_is_member(s, call_id, user_id) ||
	    !user_find_by_id(s, &a, user_id, &u))
		goto out;
	rc = NUDGE_CLOSED;
	if (c.phase != PHASE_REVIEW || now >= c.review_until)
		goto out;
	rc = NUDGE_INACTIVE;
	if (!u.active || !(u.roles & ROLE_BOARD))
		goto out;
	struct missing *m;
	size_t n = collect_missing(s, &a, call_id, user_id, &m);
	rc = NUDGE_NOTHING;
	if (!n)
		goto out;
	char day[16];
	review_nudge_day(day, sizeof day, now);
	int got = claim(s, actor, call_id, user_id, day, (int)n, now);
	rc = got < 0 ? NUDGE_ERROR : NUDGE_TODAY;
	if (got <= 0)
		goto out;
	rc = NUDGE_ERROR;
	if (queue(s, &c, &u, m, n) < 0)
		goto out;
	if (audit_on(s, actor, "call", call_id, "review.remind_by_hand",
	             json_pack("{s:I,s:i,s:s}", "user", (json_int_t)user_id, "missing", (int)n,
	                       "day", day)) != 0)
		goto out;
	rc = NUDGE_OK;
out:
	arena_free(&a);
	return rc;
}

struct review_nudge *
review_nudges(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct review_nudge *out = NULL;
	size_t cap = 0;
	*n = 0;
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		struct review_nudge *x = ARENA_PUSH(a, out, *n, cap);
		x->user_id = stmt_int(st, 0);
		x->sent_at = stmt_int(st, 1);
		x->sent_by = stmt_int(st, 2);
		x->missing = (int)stmt_int(st, 3);
		x->day = arena_strdup(a, stmt_text(st, 4));
	}
	stmt_done(st);
	return out;
}

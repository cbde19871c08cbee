/* The review's progress (members × proposals) and the scheduler's reminders before the
 * review deadline, each recorded in review_reminder so it goes out exactly once. */
#include "domain/review_progress.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define MAX_ROWS 5000
/* A reminder names at most this many proposals, then says how many more there are. */
#define LIST_MAX 30

#define READABLE "('eligible', 'in_review', 'selected', 'not_selected', 'deferred', 'published')"
#define RATABLE "('eligible', 'in_review')"
#define CONFLICTED(u, p)                                                                           \
	"EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " u " AND x.proposal_id = " p ")"
/* Needs review_setting joined as st. */
#define ASSIGNED(u, p)                                                                             \
	"(coalesce(st.assignment, 'all') = 'all' OR EXISTS (SELECT 1 FROM review_assignment ra "   \
	"WHERE ra.proposal_id = " p " AND ra.user_id = " u "))"

const int review_reminder_days[REVIEW_REMINDER_COUNT] = {7, 1};

/* ---- progress ---- */

static const struct store_query q_rows = {
    "review_progress_rows",
    "SELECT p.id, p.title, o.name, p.state FROM proposal p JOIN organisation o ON o.id = "
    "p.organisation_id WHERE p.call_id = ?1 AND p.state IN " READABLE
    " AND NOT " CONFLICTED("?3", "p.id") " ORDER BY p.title_sort, p.id LIMIT ?2"};
static const struct store_query q_cells = {
    "review_progress_cells",
    "SELECT p.id, m.user_id, " CONFLICTED("m.user_id", "p.id") ", " ASSIGNED(
        "m.user_id", "p.id") ", coalesce(r.state, ''), coalesce(r.abstain, 0) "
                             "FROM proposal p JOIN board_member m ON m.call_id = p.call_id "
                             "LEFT JOIN review_setting st ON st.call_id = p.call_id "
                             "LEFT JOIN review r ON r.proposal_id = p.id AND r.user_id = "
                             "m.user_id WHERE p.call_id = ?1 AND p.state IN " READABLE};

struct id_index {
	int64_t id;
	size_t index;
};

static int
cmp_id_index(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
	return (x > y) - (x < y);
}

static bool
find_index(const struct id_index *v, size_t n, int64_t id, size_t *out)
{
	struct id_index key = {id, 0};
	const struct id_index *hit = bsearch(&key, v, n, sizeof *v, cmp_id_index);
	if (hit)
		*out = hit->index;
	return hit != NULL;
}

void
review_progress_load(struct store *s, struct arena *a, int64_t call_id, int64_t viewer_id,
                     struct review_progress_view *out)
{
	memset(out, 0, sizeof *out);
	out->members = review_members(s, a, call_id, &out->nmembers);
	/* Counted again below from the proposals listed. */
	for (size_t i = 0; i < out->nmembers; i++)
		out->members[i].to_rate = out->members[i].submitted = out->members[i].drafts = 0;
	out->rows = arena_alloc(a, MAX_ROWS * sizeof *out->rows);
	struct stmt *st = store_stmt(s, &q_rows);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, MAX_ROWS);
	stmt_bind_int(st, 3, viewer_id);
	while (out->nrows < MAX_ROWS && stmt_step(st) == STORE_ROW) {
		struct review_progress_row *w = &out->rows[out->nrows++];
		memset(w, 0, sizeof *w);
		w->proposal_id = stmt_int(st, 0);
		w->title = arena_strdup(a, stmt_text(st, 1));
		w->organisation_name = arena_strdup(a, stmt_text(st, 2));
		int ps = proposal_state_parse(stmt_text(st, 3));
		w->state = ps < 0 ? PS_ELIGIBLE : (enum proposal_state)ps;
	}
	stmt_done(st);
	size_t ncells = out->nrows * out->nmembers;
	out->cells = arena_alloc(a, ncells ? ncells : 1);
	/* Nothing known yet: every pair counts as "not theirs" until the query says more. */
	memset(out->cells, CELL_NOT_ASSIGNED, ncells);
	if (!ncells)
		return;
	struct id_index *rows = arena_alloc(a, out->nrows * sizeof *rows);
	struct id_index *members = arena_alloc(a, out->nmembers * sizeof *members);
	for (size_t i = 0; i < out->nrows; i++)
		rows[i] = (struct id_index){out->rows[i].proposal_id, i};
	for (size_t i = 0; i < out->nmembers; i++)
		members[i] = (struct id_index){out->members[i].user_id, i};
	qsort(rows, out->nrows, sizeof *rows, cmp_id_index);
	qsort(members, out->nmembers, sizeof *members, cmp_id_index);

	st = store_stmt(s, &q_cells);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		size_t ri, mi;
		if (!find_index(rows, out->nrows, stmt_int(st, 0), &ri) ||
		    !find_index(members, out->nmembers, stmt_int(st, 1), &mi))
			continue;
		const char *state = stmt_text(st, 4);
		enum review_cell c;
		if (stmt_int(st, 2))
			c = CELL_CONFLICTED;
		else if (strcmp(state, "submitted") == 0)
			/* A rating given counts even when the assignment was taken back since. */
			c = stmt_int(st, 5) ? CELL_ABSTAINED : CELL_SUBMITTED;
		else if (!stmt_int(st, 3))
			c = CELL_NOT_ASSIGNED;
		else
			c = strcmp(state, "draft") == 0 ? CELL_DRAFT : CELL_MISSING;
		out->cells[ri * out->nmembers + mi] = (unsigned char)c;
		struct review_progress_row *w = &out->rows[ri];
		struct board_member *m = &out->members[mi];
		if (c == CELL_MISSING || c == CELL_DRAFT || c == CELL_SUBMITTED ||
		    c == CELL_ABSTAINED) {
			bool done = c == CELL_SUBMITTED || c == CELL_ABSTAINED;
			w->expected++;
			w->submitted += done;
			w->drafts += c == CELL_DRAFT;
			m->to_rate++;
			m->submitted += done;
			m->drafts += c == CELL_DRAFT;
		}
	}
	stmt_done(st);
}

/* ---- reminders ---- */

static const struct store_query q_reminders = {
    "review_reminders",
    "SELECT user_id, review_until, created_at, days_before, sent, missing FROM review_reminder "
    "WHERE call_id = ?1 ORDER BY created_at, user_id, days_before DESC"};
static const struct store_query q_due_calls = {
    "review_reminder_calls",
    "SELECT id, title, review_until FROM call WHERE phase = 'review' AND review_until > ?1 "
    "AND review_until - ?2 <= ?1 ORDER BY id"};
/* Per member of the board, the proposals up for rating that still lack their submitted
 * rating (drafts count as missing). */
static const struct store_query q_missing = {
    "review_reminder_missing",
    "SELECT m.user_id, u.email, u.name, u.locale, p.id, p.title FROM board_member m "
    "JOIN user_account u ON u.id = m.user_id AND u.active = 1 "
    "JOIN user_role ro ON ro.user_id = m.user_id AND ro.role = 'board' "
    "JOIN proposal p ON p.call_id = m.call_id AND p.state IN " RATABLE
    " LEFT JOIN review_setting st ON st.call_id = m.call_id "
    "WHERE m.call_id = ?1 AND NOT " CONFLICTED("m.user_id", "p.id") " AND " ASSIGNED(
        "m.user_id", "p.id") " AND NOT EXISTS (SELECT 1 FROM review r WHERE r.proposal_id = p.id "
                             "AND r.user_id = m.user_id AND r.state = 'submitted') "
                             "ORDER BY m.user_id, p.title_sort, p.id"};
static const struct store_query q_claim = {
    "review_reminder_claim",
    "INSERT INTO review_reminder(call_id, user_id, days_before, review_until, sent, "
    "missing, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING"};

struct review_reminder *
review_reminders(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_reminders);
	stmt_bind_int(st, 1, call_id);
	struct review_reminder *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct review_reminder *m = ARENA_PUSH(a, out, *n, cap);
		m->user_id = stmt_int(st, 0);
		m->review_until = stmt_int(st, 1);
		m->created_at = stmt_int(st, 2);
		m->days_before = (int)stmt_int(st, 3);
		m->sent = stmt_int(st, 4) != 0;
		m->missing = (int)stmt_int(st, 5);
	}
	stmt_done(st);
	return out;
}

struct due_call {
	int64_t id, review_until;
	const char *title;
};

struct missing_item {
	int64_t user_id, proposal_id;
	const char *email, *name, *title;
	enum lang lang;
};

/* Claims a reminder row: 1 when this call wrote it (nobody had before), 0, or -1. */
static int
claim(struct store *s, int64_t call_id, int64_t user_id, int days, int64_t until, bool sent,
      int missing, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_claim);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_int(st, 3, days);
	stmt_bind_int(st, 4, until);
	stmt_bind_int(st, 5, sent);
	stmt_bind_int(st, 6, missing);
	stmt_bind_int(st, 7, now);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return store_changes(s) == 1;
}

static int64_t
queue_reminder(struct store *s, const struct due_call *c, const struct missing_item *items,
               size_t n)
{
	enum lang lang = items[0].lang;
	char when[40];
	time_format_berlin(when, sizeof when, c->review_until, lang == LANG_DE);
	struct buf body = BUF_INIT;
	buf_printf(&body, i18n_get(lang, "Hello %s,\n\n"), items[0].name);
	/* Two sentences rather than a plural form: only the plural one names the number. */
	if (n == 1)
		buf_printf(&body,
		           i18n_get(lang, "the board review of the call \"%s\" ends on %s (Berlin "
		                          "time). You have not yet submitted your rating of this "
		                          "proposal:\n\n"),
		           c->title, when);
	else
		buf_printf(&body,
		           i18n_get(lang,
		                    "the board review of the call \"%s\" ends on %s (Berlin "
		                    "time). You have not yet submitted your ratings of these %d "
		                    "proposals:\n\n"),
		           c->title, when, (int)n);
	for (size_t i = 0; i < n && i < LIST_MAX; i++)
		buf_printf(&body, "- %s (%s %lld)\n", items[i].title[0] ? items[i].title : "–",
		           i18n_get(lang, "no."), (long long)items[i].proposal_id);
	if (n > LIST_MAX)
		buf_printf(&body, i18n_get(lang, "- and %d more\n"), (int)(n - LIST_MAX));
	buf_puts(&body, "\n");
	buf_puts(&body, i18n_get(lang, "A draft counts once it is submitted. Please log in to "
	                               "Leuchtturm and open \"Board review\" to rate.\n"));
	int64_t id = mail_enqueue(s, items[0].email,
	                          i18n_get(lang, "Reminder: ratings missing before the review "
	                                         "deadline"),
	                          buf_str(&body));
	buf_free(&body);
	return id;
}

/* One member's reminder for one call: claims it, records the passed-over earlier ones,
 * queues the e-mail and audits. 1 when sent, 0 when it had been sent before, -1. */
static int
remind(struct store *s, const struct due_call *c, int due, const struct missing_item *items,
       size_t n, int64_t now)
{
	int64_t user = items[0].user_id;
	int rc =
	    claim(s, c->id, user, review_reminder_days[due], c->review_until, true, (int)n, now);
	if (rc <= 0)
		return rc;
	json_t *passed = json_array();
	for (int k = 0; k < due; k++) {
		int got = claim(s, c->id, user, review_reminder_days[k], c->review_until, false,
		                (int)n, now);
		if (got < 0) {
			json_decref(passed);
			return -1;
		}
		if (got)
			json_array_append_new(passed, json_integer(review_reminder_days[k]));
	}
	if (queue_reminder(s, c, items, n) < 0) {
		json_decref(passed);
		return -1;
	}
	char obj[40];
	snprintf(obj, sizeof obj, "call:%lld", (long long)c->id);
	return audit_log(s, 0, "review.remind", obj,
	                 json_pack("{s:I,s:i,s:I,s:i,s:o}", "user", (json_int_t)user, "days_before",
	                           review_reminder_days[due], "review_until",
	                           (json_int_t)c->review_until, "missing", (int)n, "passed_over",
	                           passed)) == 0
	           ? 1
	           : -1;
}

struct remind_tx {
	const struct due_call *c;
	int due;
	int64_t now;
	int sent; /* out */
};

/* The missing ratings of the call, collected first: queueing mail while the statement is
 * open would reset it. Strings live in a. */
static size_t
collect_missing(struct store *s, struct arena *a, int64_t call_id, struct missing_item **out)
{
	struct missing_item *items = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = store_stmt(s, &q_missing);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			struct missing_item *more = arena_alloc(a, cap * sizeof *more);
			if (n)
				memcpy(more, items, n * sizeof *items);
			items = more;
		}
		struct missing_item *m = &items[n++];
		m->user_id = stmt_int(st, 0);
		m->email = arena_strdup(a, stmt_text(st, 1));
		m->name = arena_strdup(a, stmt_text(st, 2));
		m->lang = strcmp(stmt_text(st, 3), "en") == 0 ? LANG_EN : LANG_DE;
		m->proposal_id = stmt_int(st, 4);
		m->title = arena_strdup(a, stmt_text(st, 5));
	}
	stmt_done(st);
	*out = items;
	return n;
}

static int
remind_call_body(struct store *s, void *arg)
{
	struct remind_tx *t = arg;
	struct arena a = {0};
	struct missing_item *items;
	size_t n = collect_missing(s, &a, t->c->id, &items);
	int rc = STORE_OK;
	t->sent = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && items[j].user_id == items[i].user_id)
			j++;
		int sent = remind(s, t->c, t->due, &items[i], j - i, t->now);
		if (sent < 0) {
			rc = STORE_ERR;
			break;
		}
		t->sent += sent;
		i = j;
	}
	arena_free(&a);
	return rc;
}

/* The reminders of one call, in one transaction. Returns the number sent, or -1. */
static int
remind_call(struct store *s, const struct due_call *c, int64_t now)
{
	/* The latest reminder whose moment has come. */
	int due = -1;
	for (int k = 0; k < REVIEW_REMINDER_COUNT; k++)
		if (now >= c->review_until - (int64_t)review_reminder_days[k] * DAY)
			due = k;
	if (due < 0)
		return 0;
	struct remind_tx t = {c, due, now, 0};
	return store_tx(s, remind_call_body, &t) == STORE_OK ? t.sent : -1;
}

int
review_send_reminders(struct store *s, int64_t now)
{
	struct arena a = {0};
	struct due_call calls[64];
	size_t n = 0;
	int64_t earliest = 0;
	for (int k = 0; k < REVIEW_REMINDER_COUNT; k++)
		if (review_reminder_days[k] > earliest)
			earliest = review_reminder_days[k];
	struct stmt *st = store_stmt(s, &q_due_calls);
	stmt_bind_int(st, 1, now);
	stmt_bind_int(st, 2, earliest * DAY);
	while (n < 64 && stmt_step(st) == STORE_ROW) {
		calls[n].id = stmt_int(st, 0);
		calls[n].title = arena_strdup(&a, stmt_text(st, 1));
		calls[n].review_until = stmt_int(st, 2);
		n++;
	}
	stmt_done(st);
	int total = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = remind_call(s, &calls[i], now);
		if (rc < 0) {
			total = -1;
			break;
		}
		total += rc;
	}
	arena_free(&a);
	return total;
}

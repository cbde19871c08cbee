/* The board's internal discussion of a proposal and the e-mail notification settings. Every
 * query that returns posts or recipients carries the visibility rule itself (roles, board
 * membership, phase, conflicts), so no caller can widen it by forgetting a check. */
#include "domain/discussion.h"
#include "domain/audit.h"
#include "domain/conflict.h"
#include "domain/mail.h"
#include "domain/review.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* Proposal states the board reads (as in review.c). */
#define READABLE "('eligible', 'in_review', 'selected', 'not_selected', 'deferred', 'published')"
/* Person ?U may read the discussion of proposal p (joined with its call k): no conflict,
 * and either an active admin (p past the draft) or a board member of the call in review
 * or deciding with p past the formal check. */
#define MAY_READ(U)                                                                                \
	"NOT EXISTS (SELECT 1 FROM conflict_all x WHERE x.user_id = " U                            \
	" AND x.proposal_id = p.id) AND EXISTS (SELECT 1 FROM user_account v WHERE v.id = " U      \
	" AND v.active = 1) AND ((p.state != 'draft' AND EXISTS (SELECT 1 FROM user_role ra "      \
	"WHERE ra.user_id = " U " AND ra.role = 'admin')) OR (p.state IN " READABLE                \
	" AND k.phase IN ('review', 'deciding') AND EXISTS (SELECT 1 FROM user_role rb WHERE "     \
	"rb.user_id = " U " AND rb.role = 'board') AND EXISTS (SELECT 1 FROM board_member b "      \
	"WHERE b.call_id = p.call_id AND b.user_id = " U ")))"

static const struct store_query q_list = {
    "discussion_list",
    "SELECT c.id, c.author_id, c.created_at, u.name, coalesce(m.constituency, ''), "
    "EXISTS (SELECT 1 FROM user_role ro WHERE ro.user_id = c.author_id AND ro.role = "
    "'admin'), c.body FROM review_comment c JOIN proposal p ON p.id = c.proposal_id "
    "JOIN call k ON k.id = p.call_id JOIN user_account u ON u.id = c.author_id "
    "LEFT JOIN board_member m ON m.call_id = p.call_id AND m.user_id = c.author_id "
    "WHERE c.proposal_id = ?1 AND " MAY_READ("?2") " ORDER BY c.created_at, c.id LIMIT ?3"};
static const struct store_query q_insert = {
    "discussion_insert", "INSERT INTO review_comment(proposal_id, author_id, body, created_at) "
                         "VALUES (?1, ?2, ?3, ?4) RETURNING id"};
/* Everyone but the author who may read the discussion and wants its e-mails. */
static const struct store_query q_recipients = {
    "discussion_recipients",
    "SELECT u.email, u.locale FROM user_account u JOIN proposal p ON p.id = ?1 "
    "JOIN call k ON k.id = p.call_id WHERE u.id != ?2 AND " MAY_READ(
        "u.id") " AND coalesce((SELECT n.board_discussion FROM notification_setting n "
                "WHERE n.user_id = u.id), 1) = 1 ORDER BY u.id"};
static const struct store_query q_phase = {"discussion_phase",
                                           "SELECT phase FROM call WHERE id = ?1"};
static const struct store_query q_notify_get = {
    "notify_get", "SELECT board_discussion FROM notification_setting WHERE user_id = ?1"};
static const struct store_query q_notify_set = {
    "notify_set", "INSERT INTO notification_setting(user_id, board_discussion, updated_at) "
                  "VALUES (?1, ?2, ?3) ON CONFLICT (user_id) DO UPDATE SET board_discussion "
                  "= excluded.board_discussion, updated_at = excluded.updated_at"};

int
discussion_access(struct store *s, const struct user *viewer, const struct proposal *p)
{
	if (!viewer || !p)
		return REVIEW_NOT_MEMBER;
	/* A conflict binds the person, whatever else they are. */
	if (conflict_of(s, viewer->id, p->id) != CONFLICT_NONE)
		return REVIEW_CONFLICTED;
	if ((viewer->roles & ROLE_ADMIN) && viewer->active && p->state != PS_DRAFT)
		return REVIEW_OK;
	return review_may_read(s, viewer, p) ? REVIEW_OK : REVIEW_NOT_MEMBER;
}

size_t
discussion_list(struct store *s, struct arena *a, const struct user *viewer, int64_t proposal_id,
                struct discussion_post *out, size_t max, int *rc)
{
	struct arena tmp = {0};
	struct proposal p;
	*rc = proposal_find(s, &tmp, proposal_id, &p) ? discussion_access(s, viewer, &p)
	                                              : REVIEW_NOT_FOUND;
	arena_free(&tmp);
	if (*rc != REVIEW_OK)
		return 0;
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, viewer->id);
	stmt_bind_int(st, 3, (int64_t)max);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct discussion_post *d = &out[n++];
		d->id = stmt_int(st, 0);
		d->proposal_id = proposal_id;
		d->author_id = stmt_int(st, 1);
		d->created_at = stmt_int(st, 2);
		d->author_name = arena_strdup(a, stmt_text(st, 3));
		d->constituency = arena_strdup(a, stmt_text(st, 4));
		d->from_office = stmt_int(st, 5) != 0;
		d->body = arena_strdup(a, stmt_text(st, 6));
	}
	stmt_done(st);
	return n;
}

/* Queues the notice of a new post to everyone who wants it; returns how many, or -1. */
static int
notify(struct store *s, struct arena *a, const struct user *author, const struct proposal *p)
{
	struct rcpt {
		const char *email;
		enum lang lang;
	} *to = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = store_stmt(s, &q_recipients);
	stmt_bind_int(st, 1, p->id);
	stmt_bind_int(st, 2, author->id);
	/* Collected first: queueing mail while the statement is open would reset it. */
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			struct rcpt *more = arena_alloc(a, cap * sizeof *more);
			if (n)
				memcpy(more, to, n * sizeof *to);
			to = more;
		}
		to[n].email = arena_strdup(a, stmt_text(st, 0));
		to[n].lang = strcmp(stmt_text(st, 1), "en") == 0 ? LANG_EN : LANG_DE;
		n++;
	}
	stmt_done(st);
	const char *title = p->text[PT_TITLE] && p->text[PT_TITLE][0] ? p->text[PT_TITLE] : "–";
	for (size_t i = 0; i < n; i++) {
		struct buf body = BUF_INIT;
		buf_printf(
		    &body,
		    i18n_get(to[i].lang,
		             "%s has written in the internal discussion of the proposal "
		             "\"%s\" (no. %lld).\n\nPlease log in to Leuchtturm and open the "
		             "proposal under \"Board review\" to read the post and answer "
		             "it.\n\nYou receive this e-mail because you take part in the "
		             "board review. You can turn these e-mails off under \"Board "
		             "review\", \"E-mail notifications\".\n"),
		    author->name, title, (long long)p->id);
		int64_t id = mail_enqueue(
		    s, to[i].email, i18n_get(to[i].lang, "New post in the board's discussion"),
		    buf_str(&body));
		buf_free(&body);
		if (id < 0)
			return -1;
	}
	return (int)n;
}

static bool
blank(const char *s)
{
	return !s || !s[strspn(s, " \t\r\n")];
}

int
discussion_post(struct store *s, const struct user *author, int64_t proposal_id, const char *body,
                int64_t *post_id)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	int rc;
	if (!proposal_find(s, &a, proposal_id, &p)) {
		rc = REVIEW_NOT_FOUND;
		goto out;
	}
	if ((rc = discussion_access(s, author, &p)) != REVIEW_OK)
		goto out;
	struct stmt *st = store_stmt(s, &q_phase);
	stmt_bind_int(st, 1, p.call_id);
	const char *phase = stmt_step(st) == STORE_ROW ? arena_strdup(&a, stmt_text(st, 0)) : "";
	stmt_done(st);
	if (strcmp(phase, "review") != 0 && strcmp(phase, "deciding") != 0) {
		rc = REVIEW_CLOSED;
		goto out;
	}
	if (blank(body) || str_utf8_len(body) > DISCUSSION_TEXT_MAX) {
		rc = REVIEW_INVALID;
		goto out;
	}
	rc = REVIEW_ERROR;
	st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, author->id);
	stmt_bind_text(st, 3, body);
	stmt_bind_int(st, 4, time_now());
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		goto out;
	int notified = notify(s, &a, author, &p);
	if (notified < 0)
		goto out;
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)proposal_id);
	if (audit_log(s, author->id, "discussion.post", obj,
	              json_pack("{s:I,s:i}", "post", (json_int_t)id, "notified", notified)) != 0)
		goto out;
	if (post_id)
		*post_id = id;
	rc = REVIEW_OK;
out:
	arena_free(&a);
	return rc;
}

bool
notify_board_discussion(struct store *s, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_notify_get);
	stmt_bind_int(st, 1, user_id);
	bool on = stmt_step(st) != STORE_ROW || stmt_int(st, 0) != 0;
	stmt_done(st);
	return on;
}

int
notify_set_board_discussion(struct store *s, int64_t actor, int64_t user_id, bool on)
{
	struct stmt *st = store_stmt(s, &q_notify_set);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, on);
	stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK)
		return REVIEW_ERROR;
	char obj[40];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	return audit_log(s, actor, "notification.settings", obj,
	                 json_pack("{s:b}", "board_discussion", on)) == 0
	           ? REVIEW_OK
	           : REVIEW_ERROR;
}

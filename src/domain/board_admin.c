/* Adding several board members at once, copying a board, and the members' e-mails about
 * joining a call and the start of its review. */
#include "domain/board_admin.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/mail.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

/* ---- the e-mails ---- */

/* Queues subject and body (both built in buffers) to the address; 0 or -1. */
static int
send_mail(struct store *s, const char *to, struct buf *subject, struct buf *body)
{
	int64_t id = mail_enqueue(s, to, buf_str(subject), buf_str(body));
	buf_free(subject);
	buf_free(body);
	return id < 0 ? -1 : 0;
}

/* The e-mail to a new member; the call's phase decides the second paragraph. */
static int
queue_joined(struct store *s, const struct call *c, const struct user *u, const char *constituency)
{
	enum lang lang = u->locale;
	char until[40];
	time_format_berlin(until, sizeof until, c->review_until, lang == LANG_DE);
	struct buf subject = BUF_INIT, body = BUF_INIT;
	buf_printf(&subject, i18n_get(lang, "You are on the advisory board of the call \"%s\""),
	           c->title);
	buf_printf(&body, i18n_get(lang, "Hello %s,\n\n"), u->name);
	buf_printf(&body,
	           i18n_get(lang, "the coordination office has added you to the advisory board of "
	                          "the call \"%s\" (constituency: %s).\n\n"),
	           c->title, i18n_get(lang, board_constituency_label(constituency)));
	if (c->phase == PHASE_REVIEW)
		buf_printf(&body,
		           i18n_get(lang,
		                    "The review has started and runs until %s (Berlin time). "
		                    "Please log in to Leuchtturm and open \"Board review\" to "
		                    "rate the proposals.\n"),
		           until);
	else
		buf_printf(&body,
		           i18n_get(lang,
		                    "The review is planned to run until %s (Berlin time). You "
		                    "will get an e-mail when it starts.\n"),
		           until);
	return send_mail(s, u->email, &subject, &body);
}

enum board_result
board_member_join(struct store *s, int64_t actor, int64_t call_id, int64_t user_id,
                  const char *constituency)
{
	enum board_result rc = board_member_add(s, actor, call_id, user_id, constituency);
	if (rc != BOARD_OK)
		return rc;
	struct arena a = {0};
	struct call c;
	struct user u;
	if (!call_find(s, &a, call_id, &c) || !user_find_by_id(s, &a, user_id, &u)) {
		arena_free(&a);
		return BOARD_ERROR;
	}
	if (!constituency || !*constituency)
		constituency = u.constituency;
	rc = queue_joined(s, &c, &u, constituency) == 0 ? BOARD_OK : BOARD_ERROR;
	arena_free(&a);
	return rc;
}

struct told {
	const char *email, *name;
	enum lang lang;
};

static const struct store_query q_active_members = {
    "board_admin_active_members",
    "SELECT u.email, u.name, u.locale FROM board_member m JOIN user_account u ON u.id = "
    "m.user_id AND u.active = 1 JOIN user_role r ON r.user_id = u.id AND r.role = 'board' "
    "WHERE m.call_id = ?1 ORDER BY u.id"};

int
board_tell_review_start(struct store *s, int64_t actor, int64_t call_id)
{
	struct arena a = {0};
	struct call c;
	int rc = -1;
	if (!call_find(s, &a, call_id, &c))
		goto out;
	/* The members first: queueing mail while the statement is open would reset it. */
	struct told *to = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = store_stmt(s, &q_active_members);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		struct told *t = ARENA_PUSH(&a, to, n, cap);
		t->email = arena_strdup(&a, stmt_text(st, 0));
		t->name = arena_strdup(&a, stmt_text(st, 1));
		t->lang = strcmp(stmt_text(st, 2), "en") == 0 ? LANG_EN : LANG_DE;
	}
	stmt_done(st);
	for (size_t i = 0; i < n; i++) {
		char until[40];
		time_format_berlin(until, sizeof until, c.review_until, to[i].lang == LANG_DE);
		struct buf subject = BUF_INIT, body = BUF_INIT;
		buf_printf(&subject,
		           i18n_get(to[i].lang, "The board review of the call \"%s\" has started"),
		           c.title);
		buf_printf(&body, i18n_get(to[i].lang, "Hello %s,\n\n"), to[i].name);
		buf_printf(&body,
		           i18n_get(to[i].lang,
		                    "the board review of the call \"%s\" has started. Ratings can "
		                    "be given until %s (Berlin time).\n\nPlease log in to "
		                    "Leuchtturm and open \"Board review\": your overview lists the "
		                    "proposals you are to rate.\n"),
		           c.title, until);
		if (send_mail(s, to[i].email, &subject, &body) != 0)
			goto out;
	}
	rc = audit_on(s, actor, "call", call_id, "board.review_mail",
	              json_pack("{s:I}", "told", (json_int_t)n));
out:
	arena_free(&a);
	return rc;
}

/* ---- several at once ---- */

static bool
separator(char ch)
{
	return ch == ',' || ch == ';' || ch == ' ' || ch == '\t' || ch == '\r';
}

/* Appends one entry for each address of text, numbered by line. */
static void
parse_lines(struct arena *a, const char *text, struct board_entry **out, size_t *n, size_t *cap)
{
	int line = 1;
	for (const char *p = text ? text : ""; *p;) {
		if (*p == '\n') {
			line++;
			p++;
			continue;
		}
		if (separator(*p)) {
			p++;
			continue;
		}
		const char *end = p;
		while (*end && *end != '\n' && !separator(*end))
			end++;
		struct board_entry *e = ARENA_PUSH(a, *out, *n, *cap);
		memset(e, 0, sizeof *e);
		e->line = line;
		e->text = arena_strndup(a, p, (size_t)(end - p));
		p = end;
	}
}

/* What adding entry e would give, without writing: the checks of board_member_add. */
static enum board_result
check_entry(struct store *s, struct arena *a, int64_t call_id, struct board_entry *e,
            const char *constituency)
{
	struct user u;
	bool found = e->user_id ? user_find_by_id(s, a, e->user_id, &u)
	                        : user_find_by_email(s, a, e->text, &u);
	if (!found)
		return BOARD_NOT_FOUND;
	e->user_id = u.id;
	if (!e->line)
		e->text = u.email;
	if (!(u.roles & ROLE_BOARD) || !u.active)
		return BOARD_NOT_BOARD;
	if (!board_constituency_valid(constituency && *constituency ? constituency
	                                                            : u.constituency))
		return BOARD_INVALID;
	if (board_is_member(s, call_id, u.id))
		return BOARD_EXISTS;
	return BOARD_OK;
}

enum board_result
board_add_many(struct store *s, struct arena *a, int64_t actor, int64_t call_id, const int64_t *ids,
               size_t nids, const char *text, const char *constituency,
               struct board_entry **entries, size_t *n)
{
	struct board_entry *e = NULL;
	size_t cap = 0;
	*n = 0;
	for (size_t i = 0; i < nids; i++) {
		struct board_entry *x = ARENA_PUSH(a, e, *n, cap);
		memset(x, 0, sizeof *x);
		x->user_id = ids[i];
		x->text = "";
	}
	parse_lines(a, text, &e, n, &cap);
	*entries = e;
	if (!*n)
		return BOARD_NOT_FOUND;
	bool bad = false;
	for (size_t i = 0; i < *n; i++) {
		if (i >= BOARD_MANY_MAX) {
			e[i].rc = BOARD_INVALID;
			bad = true;
			continue;
		}
		e[i].rc = check_entry(s, a, call_id, &e[i], constituency);
		for (size_t j = 0; e[i].rc == BOARD_OK && j < i; j++)
			if (e[j].user_id == e[i].user_id) {
				e[i].rc = BOARD_EXISTS;
				e[i].duplicate = true;
			}
		bad |= e[i].rc != BOARD_OK;
	}
	if (bad)
		return BOARD_INVALID;
	for (size_t i = 0; i < *n; i++) {
		enum board_result rc =
		    board_member_join(s, actor, call_id, e[i].user_id, constituency);
		if (rc != BOARD_OK)
			return rc == BOARD_ERROR ? BOARD_ERROR : BOARD_INVALID;
	}
	return BOARD_OK;
}

/* ---- copying a board ---- */

static const struct store_query q_sources = {
    "board_copy_sources",
    "SELECT c.id, c.title, count(*) FROM call c JOIN board_member m ON m.call_id = c.id "
    "WHERE c.id != ?1 GROUP BY c.id, c.title, c.closes_at ORDER BY c.closes_at DESC, c.id "
    "DESC"};
static const struct store_query q_source_members = {
    "board_copy_members",
    "SELECT m.user_id, m.constituency FROM board_member m WHERE m.call_id = ?1 ORDER BY "
    "m.user_id"};

struct board_source *
board_copy_sources(struct store *s, struct arena *a, int64_t call_id, size_t *n)
{
	struct board_source *out = NULL;
	size_t cap = 0;
	*n = 0;
	struct stmt *st = store_stmt(s, &q_sources);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		struct board_source *b = ARENA_PUSH(a, out, *n, cap);
		b->call_id = stmt_int(st, 0);
		b->title = arena_strdup(a, stmt_text(st, 1));
		b->members = stmt_int(st, 2);
	}
	stmt_done(st);
	return out;
}

struct copied {
	int64_t user_id;
	const char *constituency;
};

enum board_result
board_copy(struct store *s, int64_t actor, int64_t call_id, int64_t from_call, int *added,
           int *skipped)
{
	struct arena a = {0};
	struct call to, from;
	enum board_result rc = BOARD_NOT_FOUND;
	*added = *skipped = 0;
	if (call_id == from_call || !call_find(s, &a, call_id, &to) ||
	    !call_find(s, &a, from_call, &from))
		goto out;
	struct copied *m = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = store_stmt(s, &q_source_members);
	stmt_bind_int(st, 1, from_call);
	while (stmt_step(st) == STORE_ROW) {
		struct copied *x = ARENA_PUSH(&a, m, n, cap);
		x->user_id = stmt_int(st, 0);
		x->constituency = arena_strdup(&a, stmt_text(st, 1));
	}
	stmt_done(st);
	for (size_t i = 0; i < n; i++) {
		rc = board_member_join(s, actor, call_id, m[i].user_id, m[i].constituency);
		if (rc == BOARD_ERROR)
			goto out;
		if (rc == BOARD_OK)
			(*added)++;
		else
			(*skipped)++;
	}
	rc = audit_on(s, actor, "call", call_id, "board.copy",
	              json_pack("{s:I,s:i,s:i}", "from", (json_int_t)from_call, "added", *added,
	                        "skipped", *skipped)) == 0
	         ? BOARD_OK
	         : BOARD_ERROR;
out:
	arena_free(&a);
	return rc;
}

/* The yearly check: the scheduler's rounds and reminders (each claimed in the database
 * before its mail is queued, in one transaction), the owners' answer through a link, and
 * the office's review. */
#include "domain/yearly_check.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/practice.h"
#include "domain/session.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH 100

const char *const yearly_answer_names[] = {"in_use", "changed", "ended", NULL};

static const char *origin = "";

void
yearly_check_set_origin(const char *o)
{
	origin = o ? o : "";
}

static const struct store_query q_interval = {
    "yearly_interval", "SELECT value FROM setting WHERE key = 'yearly_check_days'"};

int64_t
yearly_check_interval_days(struct store *s)
{
	struct stmt *st = store_stmt(s, &q_interval);
	int64_t days = 365;
	if (stmt_step(st) == STORE_ROW) {
		long v = strtol(stmt_text(st, 0), NULL, 10);
		if (v > 0)
			days = v;
	}
	stmt_done(st);
	return days;
}

/* ---- the rounds ---- */

/* A round is due an interval after the latest of: the last round's first mail, the
 * publication, the last confirmation and the check's start on this installation (setting
 * yearly_check_since: practices published long before are not all asked at once). Computed
 * from the database alone, so two instances compute the same due_at and the UNIQUE
 * (practice_id, due_at) claim lets only one of them open it. */
static const struct store_query q_due = {
    "yearly_due",
    "SELECT id, due FROM (SELECT p.id, (SELECT max(column1) FROM (VALUES (coalesce((SELECT "
    "max(c.sent_at) FROM yearly_check c WHERE c.practice_id = p.id), 0)), (p.published_at), "
    "(coalesce(p.confirmed_at, 0)), (?4)) AS latest) + ?1 AS due FROM practice p WHERE "
    "p.status = 'published' AND p.published_at IS NOT NULL) AS due_practice "
    "WHERE due <= ?2 ORDER BY due, id LIMIT ?3"};
static const struct store_query q_since = {
    "yearly_since", "SELECT coalesce((SELECT CAST(value AS BIGINT) FROM setting WHERE key = "
                    "'yearly_check_since'), 0)"};
static const struct store_query q_open = {
    "yearly_open", "INSERT INTO yearly_check (practice_id, due_at, sent_at) VALUES "
                   "(?1, ?2, ?3) ON CONFLICT (practice_id, due_at) DO NOTHING RETURNING id"};
static const struct store_query q_owners = {
    "yearly_owners",
    "SELECT u.email FROM practice p JOIN proposal pr ON pr.id = p.proposal_id JOIN "
    "user_account u ON u.organisation_id = pr.organisation_id AND u.active = 1 WHERE p.id = "
    "?1 UNION SELECT p.contact_email FROM practice p WHERE p.id = ?1 AND p.contact_email != "
    "'' AND NOT EXISTS (SELECT 1 FROM proposal pr JOIN user_account u ON u.organisation_id = "
    "pr.organisation_id AND u.active = 1 WHERE pr.id = p.proposal_id) ORDER BY 1"};
static const struct store_query q_link_insert = {
    "yearly_link_insert", "INSERT INTO yearly_check_link (token_hash, check_id, created_at, "
                          "expires_at) VALUES (?1, ?2, ?3, ?4)"};

/* Mails every owner of the round's practice a link of their own; kind 0 is the first
 * mail, 1 and 2 the reminders. Returns the mails queued, -1 on error. */
static int
mail_owners(struct store *s, const struct yearly_check *c, int kind, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_owners);
	stmt_bind_int(st, 1, c->practice_id);
	struct arena a = {0};
	const char **to = NULL;
	size_t n = 0, cap = 0;
	while (stmt_step(st) == STORE_ROW)
		*ARENA_PUSH(&a, to, n, cap) = arena_strdup(&a, stmt_text(st, 0));
	stmt_done(st);
	enum lang l = LANG_DE;
	const char *subject = kind == 0
	                          ? i18n_get(l, "Is your good practice still in use?")
	                          : i18n_get(l, "Reminder: is your good practice still in use?");
	int sent = 0;
	for (size_t i = 0; i < n; i++) {
		char token[65], hash[65];
		session_random_token(token);
		session_hash_token(hash, token);
		st = store_stmt(s, &q_link_insert);
		stmt_bind_text(st, 1, hash);
		stmt_bind_int(st, 2, c->id);
		stmt_bind_int(st, 3, now);
		stmt_bind_int(st, 4, c->sent_at + (int64_t)YEARLY_LINK_DAYS * YEARLY_DAY);
		if (stmt_exec(st) != STORE_OK)
			goto fail;
		const char *body = arena_printf(
		    &a,
		    i18n_get(l,
		             "Hello,\n\nonce a year we ask whether the good practice \"%s\" is "
		             "still in use. Please answer with this link (no login needed; it "
		             "can be used once):\n\n%s/jahrescheck/%s\n\nIs it still in use, "
		             "has it changed, or has it ended? You can add updated figures and a "
		             "short update; the coordination office reviews it before it becomes "
		             "public.\n"),
		    c->practice_title, origin, token);
		if (mail_enqueue(s, to[i], subject, body) < 0)
			goto fail;
		sent++;
	}
	arena_free(&a);
	return sent;
fail:
	arena_free(&a);
	return -1;
}

struct open_tx {
	int64_t practice_id, due_at, now;
	int mails;
};

static int
open_body(struct store *s, void *arg)
{
	struct open_tx *t = arg;
	t->mails = 0;
	struct stmt *st = store_stmt(s, &q_open);
	stmt_bind_int(st, 1, t->practice_id);
	stmt_bind_int(st, 2, t->due_at);
	stmt_bind_int(st, 3, t->now);
	int64_t id = 0;
	int ins = stmt_insert(st, &id);
	if (ins < 0)
		return STORE_ERR;
	if (ins == STORE_DONE || !id)
		return STORE_OK; /* somebody else opened it */
	struct arena a = {0};
	struct yearly_check c;
	int rc = STORE_ERR;
	if (!yearly_check_find(s, &a, id, &c))
		goto out;
	t->mails = mail_owners(s, &c, 0, t->now);
	if (t->mails < 0 ||
	    audit_on(s, 0, "practice", t->practice_id, "yearly_check.open",
	             json_pack("{s:I,s:i}", "check", (json_int_t)id, "mails", t->mails)) != 0)
		goto out;
	rc = STORE_OK;
out:
	arena_free(&a);
	return rc;
}

static const struct store_query q_remind_due[2] = {
    {"yearly_remind1_due",
     "SELECT c.id FROM yearly_check c JOIN practice p ON p.id = c.practice_id WHERE "
     "c.moderation = 'open' AND c.office_outcome IS NULL AND c.reminded1_at IS NULL AND "
     "c.sent_at <= ?1 AND p.status = 'published' ORDER BY c.sent_at, c.id LIMIT ?2"},
    {"yearly_remind2_due",
     "SELECT c.id FROM yearly_check c JOIN practice p ON p.id = c.practice_id WHERE "
     "c.moderation = 'open' AND c.office_outcome IS NULL AND c.reminded1_at IS NOT NULL AND "
     "c.reminded2_at IS NULL AND c.sent_at <= ?1 AND p.status = 'published' ORDER BY "
     "c.sent_at, c.id LIMIT ?2"},
};
static const struct store_query q_remind_claim[2] = {
    {"yearly_remind1_claim",
     "UPDATE yearly_check SET reminded1_at = ?2 WHERE id = ?1 AND reminded1_at IS NULL AND "
     "moderation = 'open' AND office_outcome IS NULL"},
    {"yearly_remind2_claim",
     "UPDATE yearly_check SET reminded2_at = ?2 WHERE id = ?1 AND reminded1_at IS NOT NULL "
     "AND reminded2_at IS NULL AND moderation = 'open' AND office_outcome IS NULL"},
};

struct remind_tx {
	int64_t id, now;
	int which; /* 0: after 4 weeks, 1: after 8 */
	int mails;
};

static int
remind_body(struct store *s, void *arg)
{
	struct remind_tx *t = arg;
	t->mails = 0;
	struct stmt *st = store_stmt(s, &q_remind_claim[t->which]);
	stmt_bind_int(st, 1, t->id);
	stmt_bind_int(st, 2, t->now);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	if (store_changes(s) != 1)
		return STORE_OK;
	struct arena a = {0};
	struct yearly_check c;
	int rc = STORE_ERR;
	if (!yearly_check_find(s, &a, t->id, &c))
		goto out;
	t->mails = mail_owners(s, &c, t->which + 1, t->now);
	if (t->mails < 0 || audit_on(s, 0, "practice", c.practice_id,
	                             t->which ? "yearly_check.remind2" : "yearly_check.remind1",
	                             json_pack("{s:I}", "check", (json_int_t)t->id)) != 0)
		goto out;
	rc = STORE_OK;
out:
	arena_free(&a);
	return rc;
}

static int
collect_ids(struct stmt *st, int64_t *ids)
{
	int n = 0;
	while (n < BATCH && stmt_step(st) == STORE_ROW)
		ids[n++] = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

int
yearly_check_run(struct store *s, int64_t now)
{
	int64_t interval = yearly_check_interval_days(s) * YEARLY_DAY;
	int64_t since = stmt_one_int(store_stmt(s, &q_since));
	struct stmt *st = store_stmt(s, &q_due);
	stmt_bind_int(st, 1, interval);
	stmt_bind_int(st, 2, now);
	stmt_bind_int(st, 3, BATCH);
	stmt_bind_int(st, 4, since);
	int64_t ids[BATCH], due[BATCH];
	int n = 0;
	while (n < BATCH && stmt_step(st) == STORE_ROW) {
		ids[n] = stmt_int(st, 0);
		due[n++] = stmt_int(st, 1);
	}
	stmt_done(st);
	int mails = 0;
	for (int i = 0; i < n; i++) {
		struct open_tx t = {ids[i], due[i], now, 0};
		if (store_tx(s, open_body, &t) != STORE_OK)
			return -1;
		mails += t.mails;
	}
	static const int days[2] = {YEARLY_REMIND1_DAYS, YEARLY_REMIND2_DAYS};
	for (int w = 0; w < 2; w++) {
		st = store_stmt(s, &q_remind_due[w]);
		stmt_bind_int(st, 1, now - (int64_t)days[w] * YEARLY_DAY);
		stmt_bind_int(st, 2, BATCH);
		n = collect_ids(st, ids);
		for (int i = 0; i < n; i++) {
			struct remind_tx t = {ids[i], now, w, 0};
			if (store_tx(s, remind_body, &t) != STORE_OK)
				return -1;
			mails += t.mails;
		}
	}
	return mails;
}

/* ---- reading ---- */

#define CHECK_COLUMNS                                                                              \
	"c.id, c.practice_id, p.slug, p.title, c.due_at, c.sent_at, coalesce(c.reminded1_at, 0), " \
	"coalesce(c.reminded2_at, 0), coalesce(c.answered_at, 0), coalesce(c.answer, ''), "        \
	"coalesce(c.people_reached, -1), c.update_text, c.moderation, "                            \
	"coalesce(c.office_outcome, '') FROM yearly_check c JOIN practice p ON p.id = "            \
	"c.practice_id "

static int
answer_parse(const char *name)
{
	for (int i = 0; yearly_answer_names[i]; i++)
		if (strcmp(name, yearly_answer_names[i]) == 0)
			return i + 1;
	return YA_NONE;
}

static void
read_row(struct stmt *st, struct arena *a, struct yearly_check *c)
{
	c->id = stmt_int(st, 0);
	c->practice_id = stmt_int(st, 1);
	c->practice_slug = arena_strdup(a, stmt_text(st, 2));
	c->practice_title = arena_strdup(a, stmt_text(st, 3));
	c->due_at = stmt_int(st, 4);
	c->sent_at = stmt_int(st, 5);
	c->reminded1_at = stmt_int(st, 6);
	c->reminded2_at = stmt_int(st, 7);
	c->answered_at = stmt_int(st, 8);
	c->answer = answer_parse(stmt_text(st, 9));
	c->people_reached = stmt_int(st, 10);
	c->update_text = arena_strdup(a, stmt_text(st, 11));
	c->moderation = arena_strdup(a, stmt_text(st, 12));
	c->office_outcome = arena_strdup(a, stmt_text(st, 13));
}

static const struct store_query q_find = {"yearly_find", "SELECT " CHECK_COLUMNS "WHERE c.id = ?1"};

bool
yearly_check_find(struct store *s, struct arena *a, int64_t id, struct yearly_check *out)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_row(st, a, out);
	stmt_done(st);
	return found;
}

static struct yearly_check *
read_rows(struct stmt *st, struct arena *a, size_t *n)
{
	struct yearly_check *rows = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_row(st, a, ARENA_PUSH(a, rows, *n, cap));
	stmt_done(st);
	return rows;
}

static const struct store_query q_pending = {
    "yearly_pending",
    "SELECT " CHECK_COLUMNS "WHERE c.moderation = 'pending' ORDER BY c.answered_at, c.id"};
static const struct store_query q_overdue = {
    "yearly_overdue",
    "SELECT " CHECK_COLUMNS "WHERE c.moderation = 'open' AND c.office_outcome IS NULL AND "
    "c.reminded2_at IS NOT NULL AND c.sent_at <= ?1 AND p.status = "
    "'published' ORDER BY c.sent_at, c.id"};

struct yearly_check *
yearly_check_list(struct store *s, struct arena *a, bool pending, int64_t now, size_t *n)
{
	struct stmt *st = store_stmt(s, pending ? &q_pending : &q_overdue);
	if (!pending)
		stmt_bind_int(st, 1, now - (int64_t)YEARLY_OVERDUE_DAYS * YEARLY_DAY);
	return read_rows(st, a, n);
}

static const struct store_query q_timeline = {
    "yearly_timeline", "SELECT " CHECK_COLUMNS "WHERE c.practice_id = ?1 AND c.moderation = "
                       "'approved' ORDER BY c.answered_at DESC, c.id DESC LIMIT 50"};

struct yearly_check *
yearly_check_timeline(struct store *s, struct arena *a, int64_t practice_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_timeline);
	stmt_bind_int(st, 1, practice_id);
	return read_rows(st, a, n);
}

static const struct store_query q_public_state = {
    "yearly_public_state", "SELECT coalesce(confirmed_at, 0), in_use FROM practice WHERE id = ?1"};

static const struct store_query q_boundary = {
    "yearly_confirmed_boundary",
    "SELECT coalesce(min(confirmed_at), 0) FROM practice WHERE status = 'published' AND "
    "in_use = 1 AND confirmed_at >= ?1"};

int64_t
yearly_check_confirmed_boundary(struct store *s, int64_t now)
{
	const int64_t window = (int64_t)PRACTICE_CONFIRMED_DAYS * 86400;
	struct stmt *st = store_stmt(s, &q_boundary);
	/* Confirmed at or after now - window: still inside (as the catalog's filter counts);
	 * the oldest of them is outside from one second after oldest + window on. */
	stmt_bind_int(st, 1, now - window);
	int64_t oldest = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : 0;
	stmt_done(st);
	return oldest ? oldest + window + 1 : 0;
}

void
yearly_check_public_state(struct store *s, int64_t practice_id, int64_t *confirmed_at, bool *in_use)
{
	struct stmt *st = store_stmt(s, &q_public_state);
	stmt_bind_int(st, 1, practice_id);
	*confirmed_at = 0;
	*in_use = true;
	if (stmt_step(st) == STORE_ROW) {
		*confirmed_at = stmt_int(st, 0);
		*in_use = stmt_int(st, 1) != 0;
	}
	stmt_done(st);
}

/* ---- the owners' answer ---- */

static const struct store_query q_link_round = {
    "yearly_link_round",
    "SELECT c.id FROM yearly_check_link l JOIN yearly_check c ON c.id = l.check_id JOIN "
    "practice p ON p.id = c.practice_id WHERE l.token_hash = ?1 AND l.expires_at > ?2 AND "
    "c.moderation = 'open' AND c.office_outcome IS NULL AND p.status = 'published'"};

int64_t
yearly_check_link_round(struct store *s, const char *token, int64_t now)
{
	if (!token || strlen(token) != 64)
		return 0;
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_link_round);
	stmt_bind_text(st, 1, hash);
	stmt_bind_int(st, 2, now);
	return stmt_one_int(st);
}

static const struct store_query q_answer = {
    "yearly_answer",
    "UPDATE yearly_check SET answered_at = ?2, answer = ?3, people_reached = ?4, update_text "
    "= ?5, moderation = 'pending' WHERE id = ?1 AND moderation = 'open'"};
static const struct store_query q_links_drop = {
    "yearly_links_drop", "DELETE FROM yearly_check_link WHERE check_id = ?1"};

static int
drop_links(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_links_drop);
	stmt_bind_int(st, 1, id);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

static bool
input_valid(const struct yearly_input *in)
{
	return in->answer > YA_NONE && in->answer < YA_COUNT && strlen(in->update_text) <= 2000;
}

/* Records the answer on the open round id (by the link, actor 0, or by an owner's
 * account); its links die with it. */
static enum yearly_code
answer_round(struct store *s, int64_t actor, int64_t id, int64_t now, const struct yearly_input *in,
             const char *via)
{
	struct stmt *st = store_stmt(s, &q_answer);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, now);
	stmt_bind_text(st, 3, yearly_answer_names[in->answer - 1]);
	if (in->people_reached >= 0)
		stmt_bind_int(st, 4, in->people_reached);
	else
		stmt_bind_null(st, 4);
	stmt_bind_text(st, 5, in->update_text);
	if (stmt_exec(st) != STORE_OK)
		return YEARLY_ERROR;
	if (store_changes(s) != 1)
		return YEARLY_GONE;
	if (drop_links(s, id) != 0)
		return YEARLY_ERROR;
	return audit_on(s, actor, "yearly_check", id, "yearly_check.answer",
	                json_pack("{s:s,s:s}", "answer", yearly_answer_names[in->answer - 1], "via",
	                          via)) == 0
	           ? YEARLY_OK
	           : YEARLY_ERROR;
}

enum yearly_code
yearly_check_answer(struct store *s, const char *token, int64_t now, const struct yearly_input *in)
{
	store_assert_tx(s);
	if (!input_valid(in))
		return YEARLY_INVALID;
	int64_t id = yearly_check_link_round(s, token, now);
	if (!id)
		return YEARLY_GONE;
	return answer_round(s, 0, id, now, in, "link");
}

/* ---- the owners' own view (logged in) ---- */

/* An owner of a practice: an active account of the sub-project it came from, else (no
 * such account) the account whose address is its public contact — the same people
 * q_owners mails. */
#define OWNED_BY(user, practice)                                                                   \
	"(EXISTS (SELECT 1 FROM practice op JOIN proposal opr ON opr.id = op.proposal_id JOIN "    \
	"user_account ou ON ou.organisation_id = opr.organisation_id AND ou.active = 1 WHERE "     \
	"op.id = " practice " AND ou.id = " user ") OR EXISTS (SELECT 1 FROM practice op JOIN "    \
	"user_account ou ON lower(ou.email) = lower(op.contact_email) AND ou.active = 1 WHERE "    \
	"op.id = " practice " AND ou.id = " user " AND op.contact_email != '' AND NOT EXISTS "     \
	"(SELECT 1 FROM proposal opr JOIN user_account ou2 ON ou2.organisation_id = "              \
	"opr.organisation_id AND ou2.active = 1 WHERE opr.id = op.proposal_id)))"

static const struct store_query q_is_owner = {"yearly_is_owner", "SELECT " OWNED_BY("?1", "?2")};

bool
yearly_check_is_owner(struct store *s, int64_t user_id, int64_t practice_id)
{
	if (!user_id || !practice_id)
		return false;
	struct stmt *st = store_stmt(s, &q_is_owner);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, practice_id);
	return stmt_one_int(st) != 0;
}

/* The rounds of the last two intervals: the open one to answer, the answered ones with
 * their state; published practices only (an archived practice asks nothing). */
static const struct store_query q_owned = {
    "yearly_owned",
    "SELECT " CHECK_COLUMNS "WHERE p.status = 'published' AND c.sent_at > ?2 AND " OWNED_BY(
        "?1", "c.practice_id") " ORDER BY c.moderation != 'open', c.sent_at DESC, c.id DESC "
                               "LIMIT 200"};

struct yearly_check *
yearly_check_owned(struct store *s, struct arena *a, int64_t user_id, int64_t now, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_owned);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, now - 2 * yearly_check_interval_days(s) * YEARLY_DAY);
	return read_rows(st, a, n);
}

bool
yearly_check_is_open(const struct yearly_check *c)
{
	return strcmp(c->moderation, "open") == 0 && !c->office_outcome[0];
}

static const struct store_query q_round_open = {
    "yearly_round_open",
    "SELECT c.id FROM yearly_check c JOIN practice p ON p.id = c.practice_id WHERE c.id = ?1 "
    "AND c.moderation = 'open' AND c.office_outcome IS NULL AND p.status = 'published' AND "
    "c.sent_at + ?3 > ?2"};

enum yearly_code
yearly_check_answer_owner(struct store *s, int64_t actor, int64_t id, int64_t now,
                          const struct yearly_input *in)
{
	store_assert_tx(s);
	if (!input_valid(in))
		return YEARLY_INVALID;
	struct stmt *st = store_stmt(s, &q_round_open);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, now);
	stmt_bind_int(st, 3, (int64_t)YEARLY_LINK_DAYS * YEARLY_DAY);
	if (!stmt_one_int(st))
		return YEARLY_GONE;
	return answer_round(s, actor, id, now, in, "account");
}

/* ---- the office's settings ---- */

static const struct store_query q_interval_set = {
    "yearly_interval_set", "INSERT INTO setting(key, value) VALUES ('yearly_check_days', ?1) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

enum yearly_code
yearly_check_set_interval(struct store *s, int64_t actor, int64_t days)
{
	store_assert_tx(s);
	if (days < YEARLY_INTERVAL_MIN || days > YEARLY_INTERVAL_MAX)
		return YEARLY_INVALID;
	int64_t before = yearly_check_interval_days(s);
	if (before == days)
		return YEARLY_OK;
	char v[24];
	snprintf(v, sizeof v, "%lld", (long long)days);
	struct stmt *st = store_stmt(s, &q_interval_set);
	stmt_bind_text(st, 1, v);
	if (stmt_exec(st) != STORE_OK)
		return YEARLY_ERROR;
	return audit_on(
	           s, actor, "setting", 0, "yearly_check.interval",
	           json_pack("{s:I,s:I}", "from", (json_int_t)before, "to", (json_int_t)days)) == 0
	           ? YEARLY_OK
	           : YEARLY_ERROR;
}

/* ---- the office ---- */

static const struct store_query q_review = {
    "yearly_review", "UPDATE yearly_check SET moderation = ?2, reviewed_at = ?3 WHERE id = ?1 "
                     "AND moderation = 'pending'"};
static const struct store_query q_practice_confirm = {
    "yearly_practice_confirm",
    "UPDATE practice SET confirmed_at = ?2, in_use = ?3, updated_at = ?4 WHERE id = ?1"};
static const struct store_query q_practice_ended = {
    "yearly_practice_ended", "UPDATE practice SET in_use = 0, updated_at = ?2 WHERE id = ?1"};
static const struct store_query q_resolve = {
    "yearly_resolve", "UPDATE yearly_check SET office_outcome = ?2, reviewed_at = ?3 WHERE id "
                      "= ?1 AND moderation = 'open' AND office_outcome IS NULL"};

static int
practice_ended(struct store *s, int64_t practice_id, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_practice_ended);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_int(st, 2, now);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

enum yearly_code
yearly_check_review(struct store *s, int64_t actor, int64_t id, bool approve)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct yearly_check c;
	bool pending = yearly_check_find(s, &a, id, &c) && strcmp(c.moderation, "pending") == 0;
	arena_free(&a); /* c's strings go with it: only its numbers are used below */
	if (!pending)
		return YEARLY_WRONG_STATE;
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_review);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, approve ? "approved" : "rejected");
	stmt_bind_int(st, 3, now);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return YEARLY_ERROR;
	if (approve) {
		/* "Ended" is a confirmation too: of the end; the date says when we last knew. */
		st = store_stmt(s, &q_practice_confirm);
		stmt_bind_int(st, 1, c.practice_id);
		stmt_bind_int(st, 2, c.answered_at);
		stmt_bind_int(st, 3, c.answer == YA_ENDED ? 0 : 1);
		stmt_bind_int(st, 4, now);
		if (stmt_exec(st) != STORE_OK)
			return YEARLY_ERROR;
	}
	return audit_on(s, actor, "yearly_check", id,
	                approve ? "yearly_check.approve" : "yearly_check.reject", NULL) == 0
	           ? YEARLY_OK
	           : YEARLY_ERROR;
}

enum yearly_code
yearly_check_resolve(struct store *s, int64_t actor, int64_t id, const char *outcome)
{
	store_assert_tx(s);
	if (!outcome || (strcmp(outcome, "kept") != 0 && strcmp(outcome, "ended") != 0 &&
	                 strcmp(outcome, "archived") != 0))
		return YEARLY_INVALID;
	struct arena a = {0};
	struct yearly_check c;
	bool found = yearly_check_find(s, &a, id, &c);
	arena_free(&a);
	if (!found)
		return YEARLY_WRONG_STATE;
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_resolve);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, outcome);
	stmt_bind_int(st, 3, now);
	if (stmt_exec(st) != STORE_OK)
		return YEARLY_ERROR;
	if (store_changes(s) != 1)
		return YEARLY_WRONG_STATE;
	if (drop_links(s, id) != 0)
		return YEARLY_ERROR;
	if (strcmp(outcome, "ended") == 0 && practice_ended(s, c.practice_id, now) != 0)
		return YEARLY_ERROR;
	if (strcmp(outcome, "archived") == 0 &&
	    practice_archive(s, actor, c.practice_id) != PRACTICE_OK)
		return YEARLY_ERROR;
	return audit_on(s, actor, "yearly_check", id, "yearly_check.resolve",
	                json_pack("{s:s}", "outcome", outcome)) == 0
	           ? YEARLY_OK
	           : YEARLY_ERROR;
}

/* ---- the demo ---- */

static const struct store_query q_seed = {
    "yearly_seed", "INSERT INTO yearly_check (practice_id, due_at, sent_at, reminded1_at, "
                   "reminded2_at) VALUES (?1, ?2, ?2, ?3, ?4) RETURNING id"};

int64_t
yearly_check_seed_round(struct store *s, int64_t practice_id, int64_t sent_at, int reminders)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_seed);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_int(st, 2, sent_at);
	if (reminders >= 1)
		stmt_bind_int(st, 3, sent_at + (int64_t)YEARLY_REMIND1_DAYS * YEARLY_DAY);
	else
		stmt_bind_null(st, 3);
	if (reminders >= 2)
		stmt_bind_int(st, 4, sent_at + (int64_t)YEARLY_REMIND2_DAYS * YEARLY_DAY);
	else
		stmt_bind_null(st, 4);
	int64_t id = 0;
	if (stmt_insert(st, &id) < 0 || !id)
		return -1;
	return audit_on(s, 0, "practice", practice_id, "yearly_check.open",
	                json_pack("{s:I,s:i,s:b}", "check", (json_int_t)id, "mails", 0, "seeded",
	                          1)) == 0
	           ? id
	           : -1;
}

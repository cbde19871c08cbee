/* Erasure of a person: one transaction over every table that holds their data, then the
 * outbox's files. Matching is by account (user_id) where a table links it, else by the
 * address (case-insensitive); free texts get the name and address replaced. */
#include "domain/erasure.h"
#include "domain/audit.h"
#include "domain/retention.h"
#include "io/smtp.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char outbox_dir[PATH_MAX];

/* A name this short could be part of other words ("Anna" in "Annahme"): free texts keep
 * it; the fields that hold it whole are still replaced. */
#define NAME_MIN_IN_TEXT 5

static const struct store_query q_user = {
    "erasure_user", "SELECT email, name, erased_at IS NOT NULL FROM user_account WHERE id = ?1"};
static const struct store_query q_account = {
    "erasure_account",
    "UPDATE user_account SET name = ?2, email = ?3, password_hash = '', active = 0, "
    "erased_at = ?4, updated_at = ?4, name_sort = ?5 WHERE id = ?1 AND erased_at IS NULL"};
static const struct store_query q_sessions = {"erasure_sessions",
                                              "DELETE FROM session WHERE user_id = ?1"};
static const struct store_query q_tokens = {"erasure_tokens",
                                            "DELETE FROM auth_token WHERE user_id = ?1"};
/* Throttle keys are the address, or "reset:" / "transfer:" and the address. */
static const struct store_query q_failures = {
    "erasure_failures", "DELETE FROM login_failure WHERE lower(account) IN (lower(?1), "
                        "'reset:' || lower(?1), 'transfer:' || lower(?1))"};
static const struct store_query q_proposals = {
    "erasure_proposals", "SELECT id FROM proposal WHERE contact_email <> '' AND "
                         "lower(contact_email) = lower(?1) ORDER BY id"};
static const struct store_query q_practices = {
    "erasure_practices", "UPDATE practice SET contact_name = '', contact_email = '', "
                         "contact_phone = '' WHERE contact_email <> '' AND "
                         "lower(contact_email) = lower(?1)"};
static const struct store_query q_transfers = {
    "erasure_transfers", "UPDATE transfer_report SET reporter_name = ?3, reporter_email = ?4 WHERE "
                         "reporter_user_id = ?1 OR lower(reporter_email) = lower(?2)"};
static const struct store_query q_feedback = {
    "erasure_feedback", "UPDATE site_feedback SET name = '', email = '' WHERE email <> '' AND "
                        "lower(email) = lower(?1)"};
static const struct store_query q_mail_ids = {
    "erasure_mail_ids", "SELECT id FROM outbox WHERE lower(to_addr) = lower(?1) ORDER BY id"};
static const struct store_query q_mail_delete = {
    "erasure_mail_delete", "DELETE FROM outbox WHERE lower(to_addr) = lower(?1)"};
/* Free texts: ?1 → ?2 wherever ?3 (a LIKE pattern of ?1) matches. */
static const struct store_query q_text_mail = {
    "erasure_text_mail", "UPDATE outbox SET subject = replace(subject, ?1, ?2), body = "
                         "replace(body, ?1, ?2) WHERE subject LIKE ?3 ESCAPE '\\' OR body LIKE "
                         "?3 ESCAPE '\\'"};
static const struct store_query q_text_message = {
    "erasure_text_message", "UPDATE proposal_message SET body = replace(body, ?1, ?2) WHERE "
                            "body LIKE ?3 ESCAPE '\\'"};
static const struct store_query q_text_comment = {
    "erasure_text_comment", "UPDATE review_comment SET body = replace(body, ?1, ?2) WHERE "
                            "body LIKE ?3 ESCAPE '\\'"};
static const struct store_query q_text_transfer = {
    "erasure_text_transfer", "UPDATE transfer_report SET message = replace(message, ?1, ?2) "
                             "WHERE message LIKE ?3 ESCAPE '\\'"};
static const struct store_query q_is_erased = {
    "erasure_is_erased", "SELECT erased_at IS NOT NULL FROM user_account WHERE id = ?1"};

void
erasure_configure(const char *dir)
{
	snprintf(outbox_dir, sizeof outbox_dir, "%s", dir ? dir : "");
}

bool
erasure_is_erased(struct store *s, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_is_erased);
	stmt_bind_int(st, 1, user_id);
	bool erased = stmt_step(st) == STORE_ROW && stmt_int(st, 0);
	stmt_done(st);
	return erased;
}

static int
exec_id_text(struct store *s, const struct store_query *q, int64_t id, const char *text)
{
	struct stmt *st = store_stmt(s, q);
	if (id)
		stmt_bind_int(st, 1, id);
	else
		stmt_bind_text(st, 1, text);
	return stmt_exec(st) == STORE_OK ? store_changes(s) : -1;
}

/* "%text%" for LIKE, with its own % _ and \ escaped. */
static char *
like_pattern(const char *text)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *p);
	}
	buf_putc(&b, '%');
	char *out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* Replaces from by to in the free texts; returns the rows changed, or -1. */
static int
replace_in_texts(struct store *s, const char *from, const char *to)
{
	static const struct store_query *const qs[] = {&q_text_mail, &q_text_message,
	                                               &q_text_comment, &q_text_transfer};
	char *pat = like_pattern(from);
	int total = 0;
	for (size_t i = 0; i < sizeof qs / sizeof *qs && total >= 0; i++) {
		struct stmt *st = store_stmt(s, qs[i]);
		stmt_bind_text(st, 1, from);
		stmt_bind_text(st, 2, to);
		stmt_bind_text(st, 3, pat);
		total = stmt_exec(st) == STORE_OK ? total + store_changes(s) : -1;
	}
	free(pat);
	return total;
}

static int
blank_proposals(struct store *s, const char *email, int64_t now)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	struct stmt *st = store_stmt(s, &q_proposals);
	stmt_bind_text(st, 1, email);
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			ids = xrealloc(ids, cap * sizeof *ids);
		}
		ids[n++] = stmt_int(st, 0);
	}
	stmt_done(st);
	int done = 0;
	for (size_t i = 0; i < n && done >= 0; i++) {
		int rc = retention_blank_contact(s, ids[i], now);
		done = rc < 0 ? -1 : done + rc;
	}
	free(ids);
	return done;
}

static int
delete_mails(struct store *s, const char *email, struct erasure_result *out)
{
	size_t cap = 0;
	struct stmt *st = store_stmt(s, &q_mail_ids);
	stmt_bind_text(st, 1, email);
	while (stmt_step(st) == STORE_ROW) {
		if (out->mail_count == cap) {
			cap = cap ? 2 * cap : 16;
			out->mail_ids = xrealloc(out->mail_ids, cap * sizeof *out->mail_ids);
		}
		out->mail_ids[out->mail_count++] = stmt_int(st, 0);
	}
	stmt_done(st);
	return exec_id_text(s, &q_mail_delete, 0, email);
}

enum erasure_code
erasure_erase_person(struct store *s, int64_t actor, int64_t user_id, struct erasure_result *out)
{
	store_assert_tx(s);
	free(out->mail_ids); /* store_tx may run the body again */
	*out = (struct erasure_result){0};
	struct stmt *st = store_stmt(s, &q_user);
	stmt_bind_int(st, 1, user_id);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return ERASURE_NOT_FOUND;
	}
	char *email = xstrdup(stmt_text(st, 0)), *name = xstrdup(stmt_text(st, 1));
	bool erased = stmt_int(st, 2) != 0;
	stmt_done(st);
	enum erasure_code code = ERASURE_ERROR;
	json_t *legacy = json_object();
	if (erased) {
		code = ERASURE_ALREADY;
		goto out;
	}
	int64_t now = time_now();
	char pseudonym[64], pseudo_mail[64];
	snprintf(pseudonym, sizeof pseudonym, "Gelöschte Person %lld", (long long)user_id);
	snprintf(pseudo_mail, sizeof pseudo_mail, "geloescht-%lld@invalid", (long long)user_id);

	out->audit_events = audit_erase_naming(s, email, name, legacy);
	if (out->audit_events < 0)
		goto out;
	out->proposals = blank_proposals(s, email, now);
	out->practices = exec_id_text(s, &q_practices, 0, email);
	st = store_stmt(s, &q_transfers);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_text(st, 2, email);
	stmt_bind_text(st, 3, pseudonym);
	stmt_bind_text(st, 4, pseudo_mail);
	out->transfers = stmt_exec(st) == STORE_OK ? store_changes(s) : -1;
	out->mails = delete_mails(s, email, out);
	int texts = replace_in_texts(s, email, pseudo_mail);
	if (texts >= 0 && strlen(name) >= NAME_MIN_IN_TEXT) {
		int more = replace_in_texts(s, name, pseudonym);
		texts = more < 0 ? -1 : texts + more;
	}
	out->texts = texts;
	if (out->proposals < 0 || out->practices < 0 || out->transfers < 0 || out->mails < 0 ||
	    out->texts < 0 || exec_id_text(s, &q_sessions, user_id, NULL) < 0 ||
	    exec_id_text(s, &q_tokens, user_id, NULL) < 0 ||
	    exec_id_text(s, &q_failures, 0, email) < 0 ||
	    exec_id_text(s, &q_feedback, 0, email) < 0)
		goto out;

	st = store_stmt(s, &q_account);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_text(st, 2, pseudonym);
	stmt_bind_text(st, 3, pseudo_mail);
	stmt_bind_int(st, 4, now);
	search_bind_sort_key(st, 5, pseudonym);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		goto out;

	json_t *details =
	    json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "audit_events", out->audit_events, "proposals",
	              out->proposals, "practices", out->practices, "transfer_reports",
	              out->transfers, "mails", out->mails, "texts", out->texts);
	if (json_object_size(legacy))
		json_object_set(details, "legacy", legacy);
	if (audit_on(s, actor, "user", user_id, "user.erased", details) != 0)
		goto out;
	code = ERASURE_OK;
out:
	json_decref(legacy);
	free(email);
	free(name);
	return code;
}

void
erasure_done(struct erasure_result *out)
{
	for (size_t i = 0; outbox_dir[0] && i < out->mail_count; i++)
		smtp_remove_eml(outbox_dir, out->mail_ids[i]);
	free(out->mail_ids);
	out->mail_ids = NULL;
	out->mail_count = 0;
}

/* The scheduler's transfer steps: the one question six months after an interest, and the
 * deletion of requests whose address was never confirmed. */
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/transfer.h"
#include "domain/transfer_internal.h"
#include "store/store.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400
/* Reports asked per run: the next run (a minute later) takes the rest. */
#define FOLLOWUP_BATCH 100

static const struct store_query q_due = {
    "transfer_followup_due",
    "SELECT id FROM transfer_report WHERE state = 'confirmed' AND stage = 'interest' AND "
    "followup_sent_at IS NULL AND interest_at <= ?1 ORDER BY interest_at, id LIMIT ?2"};
static const struct store_query q_claim = {
    "transfer_followup_claim",
    "UPDATE transfer_report SET followup_sent_at = ?2 WHERE id = ?1 AND followup_sent_at IS "
    "NULL AND state = 'confirmed' AND stage = 'interest'"};

struct ask_tx {
	int64_t id, now;
	int asked; /* 1 when this run claimed and queued it */
};

/* Claims the question and queues its e-mail in one transaction: either both land, or
 * neither (and a later run tries again); a claim somebody else made first is left alone. */
static int
ask_body(struct store *s, void *arg)
{
	struct ask_tx *t = arg;
	t->asked = 0;
	struct stmt *st = store_stmt(s, &q_claim);
	stmt_bind_int(st, 1, t->id);
	stmt_bind_int(st, 2, t->now);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	if (store_changes(s) != 1)
		return STORE_OK;
	struct arena a = {0};
	struct transfer_report r;
	char token[65];
	int rc = STORE_ERR;
	if (!transfer_find(s, &a, t->id, &r) || transfer_link_create(s, t->id, "manage", token))
		goto out;
	enum lang l = LANG_DE;
	const char *body = arena_printf(
	    &a,
	    i18n_get(l, "Hello %s,\n\nsix months ago you told us of your interest in the good "
	                "practice \"%s\". Has it become an adoption? We would be glad to hear how "
	                "it went, also if you decided against it. With this private link you can "
	                "update your report in two minutes:\n\n%s\n\nWe ask this once only.\n"),
	    r.reporter_name, r.practice_title,
	    transfer_link_url(&a, "/uebernahme/meldung/", token));
	if (mail_enqueue(s, r.reporter_email, i18n_get(l, "Did you adopt the good practice?"),
	                 body) < 0 ||
	    audit_on(s, 0, "transfer", t->id, "transfer.followup", NULL) != 0)
		goto out;
	t->asked = 1;
	rc = STORE_OK;
out:
	arena_free(&a);
	return rc;
}

int
transfer_send_followups(struct store *s, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_due);
	stmt_bind_int(st, 1, now - (int64_t)TRANSFER_FOLLOWUP_DAYS * DAY);
	stmt_bind_int(st, 2, FOLLOWUP_BATCH);
	int64_t ids[FOLLOWUP_BATCH];
	size_t n = 0;
	while (n < FOLLOWUP_BATCH && stmt_step(st) == STORE_ROW)
		ids[n++] = stmt_int(st, 0);
	stmt_done(st);
	int asked = 0;
	for (size_t i = 0; i < n; i++) {
		struct ask_tx t = {ids[i], now, 0};
		if (store_tx(s, ask_body, &t) != STORE_OK)
			return -1;
		asked += t.asked;
	}
	return asked;
}

static const struct store_query q_purge = {
    "transfer_purge", "DELETE FROM transfer_report WHERE state = 'unconfirmed' AND "
                      "created_at <= ?1"};

struct purge_tx {
	int64_t now;
	int deleted;
};

static int
purge_body(struct store *s, void *arg)
{
	struct purge_tx *t = arg;
	struct stmt *st = store_stmt(s, &q_purge);
	stmt_bind_int(st, 1, t->now - (int64_t)TRANSFER_UNCONFIRMED_DAYS * DAY);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	t->deleted = store_changes(s);
	if (t->deleted > 0 && audit_log(s, 0, "transfer.purge", "transfer:unconfirmed",
	                                json_pack("{s:i}", "deleted", t->deleted)) != 0)
		return STORE_ERR;
	return STORE_OK;
}

int
transfer_purge_unconfirmed(struct store *s, int64_t now)
{
	struct purge_tx t = {now, 0};
	return store_tx(s, purge_body, &t) == STORE_OK ? t.deleted : -1;
}

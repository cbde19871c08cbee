/* Retention: blanking the contact data of proposals that ended without selection. The
 * texts stay (they are the programme's record, not personal data about the contact); the
 * versions' trigger allows exactly this change (sql/sqlite/028_operations.sql). */
#include "domain/retention.h"
#include "domain/audit.h"
#include "store/store.h"

#include <jansson.h>

#define BATCH 100

static int retention_years;

static const struct store_query q_due = {
    "retention_due", "SELECT id FROM proposal WHERE state IN ('not_selected', 'ineligible', "
                     "'withdrawn') AND personal_removed_at IS NULL AND updated_at < ?1 "
                     "ORDER BY id LIMIT ?2"};
static const struct store_query q_blank = {
    "retention_blank", "UPDATE proposal SET contact_name = '', contact_email = '', "
                       "contact_phone = '', personal_removed_at = ?2 WHERE id = ?1 AND "
                       "personal_removed_at IS NULL"};
static const struct store_query q_blank_versions = {
    "retention_blank_versions",
    "UPDATE proposal_version SET content = json_set(content, '$.contact_name', '', "
    "'$.contact_email', '', '$.contact_phone', '') WHERE proposal_id = ?1"};

void
retention_configure(int years)
{
	retention_years = years > 0 ? years : 0;
}

struct blank_tx {
	int64_t id, now;
};

static int
blank_body(struct store *s, void *arg)
{
	struct blank_tx *t = arg;
	struct stmt *st = store_stmt(s, &q_blank);
	stmt_bind_int(st, 1, t->id);
	stmt_bind_int(st, 2, t->now);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	if (store_changes(s) == 0)
		return STORE_OK; /* another instance was first */
	st = store_stmt(s, &q_blank_versions);
	stmt_bind_int(st, 1, t->id);
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	return audit_on(s, 0, "proposal", t->id, "proposal.personal_data_removed",
	                json_pack("{s:i}", "years", retention_years)) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

int
retention_run(struct store *s, int64_t now)
{
	if (!retention_years)
		return 0;
	int64_t cutoff =
	    now - (int64_t)retention_years * 365 * 86400 - (retention_years / 4) * 86400;
	int64_t ids[BATCH];
	int n = 0;
	struct stmt *st = store_stmt(s, &q_due);
	stmt_bind_int(st, 1, cutoff);
	stmt_bind_int(st, 2, BATCH);
	while (n < BATCH && stmt_step(st) == STORE_ROW)
		ids[n++] = stmt_int(st, 0);
	stmt_done(st);
	int done = 0;
	for (int i = 0; i < n; i++) {
		struct blank_tx t = {ids[i], now};
		if (store_tx(s, blank_body, &t) != STORE_OK)
			return -1;
		done++;
	}
	return done;
}

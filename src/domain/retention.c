/* Retention: blanking the contact data of proposals that ended without selection. The
 * texts stay (they are the programme's record, not personal data about the contact); the
 * versions' trigger allows exactly this change (sql/sqlite/028_operations.sql). */
#include "domain/retention.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define BATCH 100

static int default_years;

static const struct store_query q_due = {
    "retention_due", "SELECT id FROM proposal WHERE state IN ('not_selected', 'ineligible', "
                     "'withdrawn') AND personal_removed_at IS NULL AND updated_at < ?1 "
                     "ORDER BY id LIMIT ?2"};
static const struct store_query q_blank = {
    "retention_blank", "UPDATE proposal SET contact_name = '', contact_email = '', "
                       "contact_phone = '', personal_removed_at = ?2 WHERE id = ?1 AND "
                       "personal_removed_at IS NULL"};
/* The versions' JSON is changed here, not in SQL: json_set is SQLite's (PostgreSQL's
 * jsonb_set differs), and the store's SQL runs on both. */
static const struct store_query q_versions = {
    "retention_versions", "SELECT id, content FROM proposal_version WHERE proposal_id = ?1"};
static const struct store_query q_version_set = {
    "retention_version_set", "UPDATE proposal_version SET content = ?2 WHERE id = ?1"};

static const struct store_query q_years = {
    "retention_years", "SELECT value FROM setting WHERE key = 'retention_years'"};
static const struct store_query q_years_set = {
    "retention_years_set", "INSERT INTO setting(key, value) VALUES ('retention_years', ?1) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value"};

void
retention_configure(int years)
{
	default_years = years > 0 && years <= RETENTION_YEARS_MAX ? years : 0;
}

int
retention_years(struct store *s)
{
	int years = default_years;
	struct stmt *st = store_stmt(s, &q_years);
	if (stmt_step(st) == STORE_ROW) {
		long v = strtol(stmt_text(st, 0), NULL, 10);
		if (v >= 0 && v <= RETENTION_YEARS_MAX)
			years = (int)v;
	}
	stmt_done(st);
	return years;
}

int
retention_set_years(struct store *s, int64_t actor, int years)
{
	store_assert_tx(s);
	if (years < 0 || years > RETENTION_YEARS_MAX)
		return 1;
	int before = retention_years(s);
	if (before == years)
		return 0;
	char v[16];
	snprintf(v, sizeof v, "%d", years);
	struct stmt *st = store_stmt(s, &q_years_set);
	stmt_bind_text(st, 1, v);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return audit_on(s, actor, "setting", 0, "retention.years",
	                json_pack("{s:i,s:i}", "from", before, "to", years));
}

/* The contact fields of one version's JSON, blanked (set, as json_set would, when
 * missing); malloc'd, or NULL when the text is no JSON object. */
static char *
blank_json(const char *text)
{
	json_t *o = json_loads(text, 0, NULL);
	char *out = NULL;
	if (json_is_object(o)) {
		static const char *const keys[] = {"contact_name", "contact_email",
		                                   "contact_phone"};
		for (size_t i = 0; i < 3; i++)
			json_object_set_new(o, keys[i], json_string(""));
		out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	json_decref(o);
	return out;
}

/* Blanks the contact in every kept version of the proposal; 0 or -1. */
static int
blank_versions(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_versions);
	stmt_bind_int(st, 1, proposal_id);
	size_t n = 0, cap = 0;
	int64_t *ids = NULL;
	char **texts = NULL;
	int rc;
	while ((rc = stmt_step(st)) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			ids = xrealloc(ids, cap * sizeof *ids);
			texts = xrealloc(texts, cap * sizeof *texts);
		}
		ids[n] = stmt_int(st, 0);
		texts[n++] = blank_json(stmt_text(st, 1));
	}
	stmt_done(st);
	int result = rc == STORE_DONE ? 0 : -1;
	for (size_t i = 0; i < n; i++) {
		if (result == 0 && texts[i]) {
			st = store_stmt(s, &q_version_set);
			stmt_bind_int(st, 1, ids[i]);
			stmt_bind_text(st, 2, texts[i]);
			if (stmt_exec(st) != STORE_OK)
				result = -1;
		}
		free(texts[i]);
	}
	free(ids);
	free(texts);
	return result;
}

int
retention_blank_contact(struct store *s, int64_t proposal_id, int64_t now)
{
	store_assert_tx(s);
	struct stmt *st = store_stmt(s, &q_blank);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_int(st, 2, now);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	if (store_changes(s) == 0)
		return 0; /* removed before */
	return blank_versions(s, proposal_id) == 0 ? 1 : -1;
}

struct blank_tx {
	int64_t id, now;
	int years;
};

static int
blank_body(struct store *s, void *arg)
{
	struct blank_tx *t = arg;
	int rc = retention_blank_contact(s, t->id, t->now);
	if (rc < 0)
		return STORE_ERR;
	if (rc == 0)
		return STORE_OK; /* another instance was first */
	return audit_on(s, 0, "proposal", t->id, "proposal.personal_data_removed",
	                json_pack("{s:i}", "years", t->years)) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

int
retention_run(struct store *s, int64_t now)
{
	int years = retention_years(s);
	if (!years)
		return 0;
	int64_t cutoff = now - (int64_t)years * 365 * 86400 - (years / 4) * 86400;
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
		struct blank_tx t = {ids[i], now, years};
		if (store_tx(s, blank_body, &t) != STORE_OK)
			return -1;
		done++;
	}
	return done;
}

/* Transfer reports after confirmation: the office's moderation, what the public sees
 * (approved snapshots only: counts by Land, stories), and the sub-project's view. */
#include "domain/audit.h"
#include "domain/taxonomy.h"
#include "domain/transfer.h"
#include "domain/transfer_internal.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- labels ---- */

const char *
transfer_kind_label(struct store *s, struct arena *a, const char *kind, enum lang lang)
{
	struct term t;
	if (kind && strcmp(kind, TRANSFER_KIND_OTHER) != 0 &&
	    taxonomy_find_key(s, a, "adressat", kind, &t))
		return term_label(&t, lang);
	return i18n_get(lang, transfer_kind_other_label);
}

const char *
transfer_land_label(struct store *s, struct arena *a, const char *key, enum lang lang)
{
	struct term t;
	if (key && taxonomy_find_key(s, a, "bundesland", key, &t))
		return term_label(&t, lang);
	return key ? key : "";
}

/* ---- moderation ---- */

static const struct store_query q_list = {
    "transfer_list", "SELECT " REPORT_COLUMNS "WHERE r.state = 'confirmed' AND (?1 = 0 OR "
                     "r.moderation = 'pending') ORDER BY r.moderation = 'pending' DESC, "
                     "r.updated_at DESC, r.id DESC LIMIT 500"};

static struct transfer_report *
read_all(struct stmt *st, struct arena *a, size_t *n)
{
	struct transfer_report *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		transfer_read_row(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

struct transfer_report *
transfer_list(struct store *s, struct arena *a, bool pending_only, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, pending_only);
	return read_all(st, a, n);
}

static const struct store_query q_approve = {
    "transfer_approve",
    "UPDATE transfer_report SET moderation = 'approved', reject_reason = '', "
    "public_stage = stage, public_text = ?2, public_name = CASE WHEN name_public = 1 THEN "
    "organisation_name ELSE '' END, public_kind = organisation_kind, "
    "public_bundesland = bundesland, public_at = ?3 WHERE id = ?1 AND state = 'confirmed'"};
static const struct store_query q_reject = {
    "transfer_reject", "UPDATE transfer_report SET moderation = 'rejected', reject_reason = ?2 "
                       "WHERE id = ?1 AND state = 'confirmed'"};

static int
moderate(struct store *s, int64_t actor, int64_t id, const struct store_query *q, const char *text,
         const char *action)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct transfer_report r;
	bool found = transfer_find(s, &a, id, &r);
	arena_free(&a);
	if (!found)
		return TRANSFER_NOT_FOUND;
	if (r.state != TR_CONFIRMED)
		return TRANSFER_WRONG_STATE;
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, text);
	if (q == &q_approve)
		stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return TRANSFER_ERROR;
	json_t *d =
	    q == &q_approve ? json_pack("{s:s}", "text", text) : json_pack("{s:s}", "reason", text);
	return audit_on(s, actor, "transfer", id, action, d) ? TRANSFER_ERROR : TRANSFER_OK;
}

int
transfer_approve(struct store *s, int64_t actor, int64_t id, const char *public_text)
{
	return moderate(s, actor, id, &q_approve, public_text ? public_text : "",
	                "transfer.approve");
}

int
transfer_reject(struct store *s, int64_t actor, int64_t id, const char *reason)
{
	if (!reason || !*reason)
		return TRANSFER_INVALID;
	return moderate(s, actor, id, &q_reject, reason, "transfer.reject");
}

/* ---- what the public sees ---- */

/* Public is a confirmed report with an approved snapshot, of a published practice. */
#define PUBLIC_WHERE "r.state = 'confirmed' AND r.public_at IS NOT NULL AND p.status = 'published' "

/* The three stages counted in one pass. */
static const struct store_query q_stage_counts = {
    "transfer_stage_counts",
    "SELECT coalesce(sum(CASE WHEN r.public_stage = 'adopted' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN r.public_stage = 'preparing' THEN 1 ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN r.public_stage = 'interest' THEN 1 ELSE 0 END), 0) "
    "FROM transfer_report r JOIN practice p ON p.id = r.practice_id "
    "WHERE " PUBLIC_WHERE "AND (?1 = 0 OR r.practice_id = ?1)"};
static const struct store_query q_lands = {
    "transfer_lands",
    "SELECT t.key, t.label_de, t.label_en, (SELECT count(*) FROM transfer_report r JOIN "
    "practice p ON p.id = r.practice_id WHERE " PUBLIC_WHERE "AND (?1 = 0 OR r.practice_id = "
    "?1) AND r.public_stage = 'adopted' AND r.public_bundesland = t.key) FROM taxonomy_term t "
    "WHERE t.kind = 'bundesland' ORDER BY t.position, t.id LIMIT 16"};

int
transfer_counts(struct store *s, struct arena *a, int64_t practice_id, enum lang lang,
                struct transfer_counts *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = store_stmt(s, &q_stage_counts);
	stmt_bind_int(st, 1, practice_id);
	if (stmt_step(st) == STORE_ROW) {
		out->adopted = stmt_int(st, 0);
		out->preparing = stmt_int(st, 1);
		out->interested = stmt_int(st, 2);
	}
	stmt_done(st);
	st = store_stmt(s, &q_lands);
	stmt_bind_int(st, 1, practice_id);
	int i = 0;
	while (i < TRANSFER_LANDS && stmt_step(st) == STORE_ROW) {
		out->land_key[i] = arena_strdup(a, stmt_text(st, 0));
		out->land_label[i] = arena_strdup(a, stmt_text(st, lang == LANG_EN ? 2 : 1));
		out->per_land[i] = stmt_int(st, 3);
		if (out->per_land[i])
			out->lands++;
		i++;
	}
	stmt_done(st);
	for (; i < TRANSFER_LANDS; i++)
		out->land_key[i] = out->land_label[i] = "";
	return TRANSFER_OK;
}

static const struct store_query q_stories = {
    "transfer_stories",
    "SELECT r.id, p.slug, p.title, r.public_stage, r.public_text, r.public_name, "
    "r.public_kind, r.public_bundesland, r.public_at FROM transfer_report r JOIN practice p "
    "ON p.id = r.practice_id WHERE " PUBLIC_WHERE "AND (?1 = 0 OR r.practice_id = ?1) AND "
    "(?2 = '' OR r.public_stage = ?2) ORDER BY r.public_at DESC, r.id DESC LIMIT ?3"};

struct transfer_story *
transfer_stories(struct store *s, struct arena *a, int64_t practice_id, const char *stage,
                 size_t max, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_stories);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_text(st, 2, stage ? stage : "");
	stmt_bind_int(st, 3, (int64_t)max);
	struct transfer_story *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_story *t = ARENA_PUSH(a, out, *n, cap);
		t->id = stmt_int(st, 0);
		t->practice_slug = arena_strdup(a, stmt_text(st, 1));
		t->practice_title = arena_strdup(a, stmt_text(st, 2));
		t->stage = arena_strdup(a, stmt_text(st, 3));
		t->text = arena_strdup(a, stmt_text(st, 4));
		t->name = arena_strdup(a, stmt_text(st, 5));
		t->kind = arena_strdup(a, stmt_text(st, 6));
		t->bundesland = arena_strdup(a, stmt_text(st, 7));
		t->at = stmt_int(st, 8);
	}
	stmt_done(st);
	return out;
}

/* ---- tallies for /transfer ---- */

static const struct store_query q_by_kind = {
    "transfer_by_kind",
    "SELECT r.public_kind, count(*) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id WHERE " PUBLIC_WHERE "AND r.public_stage = 'adopted' GROUP BY "
    "r.public_kind ORDER BY count(*) DESC, r.public_kind"};
/* The quarter in UTC: a report approved in the night of a new quarter may count in the one
 * before; for a yearly picture that does not matter. The times in order, counted into
 * quarters by transfer_by_quarter: strftime is SQLite's, and the SQL runs on both. */
static const struct store_query q_by_quarter = {
    "transfer_by_quarter",
    "SELECT r.public_at FROM transfer_report r JOIN practice p ON p.id = r.practice_id "
    "WHERE " PUBLIC_WHERE "AND r.public_stage = 'adopted' ORDER BY r.public_at"};
static const struct store_query q_most = {
    "transfer_most_adopted",
    "SELECT p.slug, p.title, count(*) FROM transfer_report r JOIN practice p ON p.id = "
    "r.practice_id WHERE " PUBLIC_WHERE "AND r.public_stage = 'adopted' GROUP BY p.id "
    "ORDER BY count(*) DESC, p.title_sort, p.id LIMIT ?1"};

static struct transfer_tally *
tallies(struct stmt *st, struct arena *a, bool labelled, size_t *n)
{
	struct transfer_tally *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct transfer_tally *t = ARENA_PUSH(a, out, *n, cap);
		t->key = arena_strdup(a, stmt_text(st, 0));
		t->label = labelled ? arena_strdup(a, stmt_text(st, 1)) : t->key;
		t->count = stmt_int(st, labelled ? 2 : 1);
	}
	stmt_done(st);
	return out;
}

struct transfer_tally *
transfer_by_kind(struct store *s, struct arena *a, enum lang lang, size_t *n)
{
	struct transfer_tally *t = tallies(store_stmt(s, &q_by_kind), a, false, n);
	for (size_t i = 0; i < *n; i++)
		t[i].label = transfer_kind_label(s, a, t[i].key, lang);
	return t;
}

struct transfer_tally *
transfer_by_quarter(struct store *s, struct arena *a, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_by_quarter);
	struct transfer_tally *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		time_t t = (time_t)stmt_int(st, 0);
		struct tm tm;
		gmtime_r(&t, &tm);
		char key[24];
		snprintf(key, sizeof key, "%04d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
		if (*n == 0 || strcmp(out[*n - 1].key, key) != 0) {
			struct transfer_tally *q = ARENA_PUSH(a, out, *n, cap);
			q->key = q->label = arena_strdup(a, key);
			q->count = 0;
		}
		out[*n - 1].count++;
	}
	stmt_done(st);
	return out;
}

struct transfer_tally *
transfer_most_adopted(struct store *s, struct arena *a, size_t max, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_most);
	stmt_bind_int(st, 1, (int64_t)max);
	return tallies(st, a, true, n);
}

/* ---- the sub-project behind practices ---- */

static const struct store_query q_of_org = {
    "transfer_of_organisation",
    "SELECT " REPORT_COLUMNS "JOIN proposal pr ON pr.id = p.proposal_id WHERE "
    "pr.organisation_id = ?1 AND r.state = 'confirmed' ORDER BY r.updated_at DESC, r.id DESC "
    "LIMIT 500"};

struct transfer_report *
transfer_of_organisation(struct store *s, struct arena *a, int64_t org, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_of_org);
	stmt_bind_int(st, 1, org);
	struct transfer_report *out = read_all(st, a, n);
	/* Never the reporters' contact (DESIGN.md §3): cleared here, once for every page. */
	for (size_t i = 0; i < *n; i++)
		out[i].reporter_name = out[i].reporter_email = out[i].message = "";
	return out;
}

/* ---- the reports staff filed from their account ---- */

static const struct store_query q_filed_by = {
    "transfer_filed_by", "SELECT " REPORT_COLUMNS "WHERE r.reporter_user_id = ?1 AND r.state = "
                         "'confirmed' ORDER BY r.updated_at DESC, r.id DESC LIMIT 500"};

struct transfer_report *
transfer_filed_by(struct store *s, struct arena *a, int64_t user_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_filed_by);
	stmt_bind_int(st, 1, user_id);
	return read_all(st, a, n);
}

/* Taxonomy terms. */
#include "domain/taxonomy.h"
#include "domain/audit.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

const char *const taxonomy_kinds[] = {"art",      "handlungsfeld", "zielgruppe",
                                      "adressat", "bundesland",    NULL};

const char *
term_label(const struct term *t, enum lang lang)
{
	return lang == LANG_EN && t->label_en[0] ? t->label_en : t->label_de;
}

const char *
term_lang(const struct term *t, enum lang lang)
{
	return lang != LANG_DE && !(t->label_en && t->label_en[0]) ? "de" : NULL;
}

/* Every table that refers to terms adds its count here. */
static const struct store_query q_uses = {
    "taxonomy_uses", "SELECT (SELECT count(*) FROM proposal_term WHERE term_id = ?1) + "
                     "(SELECT count(*) FROM proposal WHERE art_id = ?1)"};

int64_t
taxonomy_uses(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_uses);
	stmt_bind_int(st, 1, id);
	return stmt_one_int(st);
}

static const struct store_query q_list = {
    "taxonomy_list", "SELECT id, kind, key, label_de, label_en, position, retired, 0 "
                     "FROM taxonomy_term WHERE kind = ?1 AND (?2 OR retired = 0) "
                     "ORDER BY position, label_de"};
static const struct store_query q_find = {
    "taxonomy_find", "SELECT id, kind, key, label_de, label_en, position, retired, 0 "
                     "FROM taxonomy_term WHERE id = ?1 AND (?2 IS NULL OR kind = ?2)"};
static const struct store_query q_find_key = {
    "taxonomy_find_key", "SELECT id, kind, key, label_de, label_en, position, retired, 0 "
                         "FROM taxonomy_term WHERE kind = ?1 AND key = ?2"};
/* The next position, read and used in one statement. Two offices adding a term of the same
 * kind at the same moment on PostgreSQL may both get it: a tie the lists break by label
 * (ORDER BY kind, position, label_de), which no reader can tell from a set order, so no
 * lock is taken for it. */
static const struct store_query q_insert = {
    "taxonomy_insert",
    "INSERT INTO taxonomy_term(kind, key, label_de, label_en, position) VALUES (?1, ?2, ?3, ?4, "
    "(SELECT coalesce(max(position), 0) + 1 FROM taxonomy_term WHERE kind = ?1)) RETURNING id"};
static const struct store_query q_rename = {
    "taxonomy_rename", "UPDATE taxonomy_term SET label_de = ?2, label_en = ?3 WHERE id = ?1"};
static const struct store_query q_retire = {"taxonomy_retire",
                                            "UPDATE taxonomy_term SET retired = ?2 WHERE id = ?1"};
static const struct store_query q_delete = {"taxonomy_delete",
                                            "DELETE FROM taxonomy_term WHERE id = ?1"};

static void
read_term(struct stmt *st, struct arena *a, struct term *t)
{
	t->id = stmt_int(st, 0);
	t->kind = arena_strdup(a, stmt_text(st, 1));
	t->key = arena_strdup(a, stmt_text(st, 2));
	t->label_de = arena_strdup(a, stmt_text(st, 3));
	t->label_en = arena_strdup(a, stmt_text(st, 4));
	t->position = (int)stmt_int(st, 5);
	t->retired = stmt_int(st, 6) != 0;
	t->uses = 0;
}

struct term *
taxonomy_list(struct store *s, struct arena *a, const char *kind, bool include_retired, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_text(st, 1, kind);
	stmt_bind_int(st, 2, include_retired);
	struct term *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_term(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	for (size_t i = 0; i < *n; i++)
		out[i].uses = taxonomy_uses(s, out[i].id);
	return out;
}

bool
taxonomy_find(struct store *s, struct arena *a, int64_t id, const char *kind, struct term *out)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, kind);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_term(st, a, out);
	stmt_done(st);
	return found;
}

bool
taxonomy_find_key(struct store *s, struct arena *a, const char *kind, const char *key,
                  struct term *out)
{
	struct stmt *st = store_stmt(s, &q_find_key);
	stmt_bind_text(st, 1, kind);
	stmt_bind_text(st, 2, key);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_term(st, a, out);
	stmt_done(st);
	return found;
}

static int
audit_term(struct store *s, int64_t actor, int64_t id, const char *action, json_t *details)
{
	char obj[40];
	snprintf(obj, sizeof obj, "term:%lld", (long long)id);
	return audit_log(s, actor, action, obj, details);
}

int64_t
taxonomy_create(struct store *s, int64_t actor, const char *kind, const char *key,
                const char *label_de, const char *label_en)
{
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, kind);
	stmt_bind_text(st, 2, key);
	stmt_bind_text(st, 3, label_de);
	stmt_bind_text(st, 4, label_en);
	int64_t id;
	int rc = stmt_insert(st, &id);
	if (rc == STORE_CONSTRAINT)
		return 0;
	if (rc != STORE_OK)
		return -1;
	if (audit_term(s, actor, id, "term.create",
	               json_pack("{s:s,s:s,s:s,s:s}", "kind", kind, "key", key, "label_de",
	                         label_de, "label_en", label_en)) != 0)
		return -1;
	return id;
}

int
taxonomy_rename(struct store *s, int64_t actor, int64_t id, const char *label_de,
                const char *label_en)
{
	struct stmt *st = store_stmt(s, &q_rename);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, label_de);
	stmt_bind_text(st, 3, label_en);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_term(s, actor, id, "term.rename",
	                  json_pack("{s:s,s:s}", "label_de", label_de, "label_en", label_en));
}

int
taxonomy_set_retired(struct store *s, int64_t actor, int64_t id, bool retired)
{
	struct stmt *st = store_stmt(s, &q_retire);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, retired);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_term(s, actor, id, retired ? "term.retire" : "term.restore", NULL);
}

int
taxonomy_delete(struct store *s, int64_t actor, int64_t id)
{
	if (taxonomy_uses(s, id) > 0)
		return 1;
	struct stmt *st = store_stmt(s, &q_delete);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_term(s, actor, id, "term.delete", NULL);
}

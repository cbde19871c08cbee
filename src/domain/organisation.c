/* Organisations of the programme. */
#include "domain/organisation.h"
#include "domain/audit.h"
#include "search/search.h"
#include "store/store.h"
#include "util/i18n.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

const char *const organisation_kinds[] = {"network",     "fachstelle", "funder", "transfer_project",
                                          "teilprojekt", "external",   NULL};

static const struct store_query q_insert = {
    "organisation_insert",
    "INSERT INTO organisation(name, short_name, kind, parent_id, bundesland, created_at, "
    "name_sort) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7) RETURNING id"};
static const struct store_query q_list = {
    "organisation_list", "SELECT id, name, short_name, kind, coalesce(parent_id, 0), bundesland "
                         "FROM organisation ORDER BY name_sort, id"};
static const struct store_query q_find = {
    "organisation_find", "SELECT id, name, short_name, kind, coalesce(parent_id, 0), bundesland "
                         "FROM organisation WHERE id = ?1"};

int64_t
organisation_create(struct store *s, int64_t actor, const char *name, const char *short_name,
                    const char *kind, int64_t parent_id, const char *bundesland)
{
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, name);
	stmt_bind_text(st, 2, short_name ? short_name : "");
	stmt_bind_text(st, 3, kind);
	stmt_bind_int(st, 4, parent_id);
	stmt_bind_text(st, 5, bundesland ? bundesland : "");
	stmt_bind_int(st, 6, time_now());
	search_bind_sort_key(st, 7, name);
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		return -1;
	char obj[40];
	snprintf(obj, sizeof obj, "organisation:%lld", (long long)id);
	if (audit_log(s, actor, "organisation.create", obj,
	              json_pack("{s:s,s:s,s:I}", "name", name, "kind", kind, "parent",
	                        (json_int_t)parent_id)) != 0)
		return -1;
	return id;
}

static void
read_org(struct stmt *st, struct arena *a, struct organisation *o)
{
	o->id = stmt_int(st, 0);
	o->name = arena_strdup(a, stmt_text(st, 1));
	o->short_name = arena_strdup(a, stmt_text(st, 2));
	o->kind = arena_strdup(a, stmt_text(st, 3));
	o->parent_id = stmt_int(st, 4);
	o->bundesland = arena_strdup(a, stmt_text(st, 5));
}

struct organisation *
organisation_list(struct store *s, struct arena *a, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	struct organisation *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_org(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

int
organisation_find(struct store *s, struct arena *a, int64_t id, struct organisation *o)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	int found = stmt_step(st) == STORE_ROW;
	if (found)
		read_org(st, a, o);
	stmt_done(st);
	return found ? 0 : -1;
}

bool
organisation_kind_valid(const char *kind)
{
	for (const char *const *k = organisation_kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

static const struct store_query q_children = {
    "organisation_children", "SELECT count(*) FROM organisation WHERE parent_id = ?1"};

int64_t
organisation_children(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_children);
	stmt_bind_int(st, 1, id);
	return stmt_one_int(st);
}

static bool
is_parent_kind(const char *kind)
{
	return strcmp(kind, "network") == 0 || strcmp(kind, "fachstelle") == 0;
}

const char *
organisation_check(struct store *s, int64_t id, const char *kind, int64_t parent_id,
                   const char **field)
{
	static const char *const stays =
	    N_("Sub-projects belong to this organisation, so it must stay a network or "
	       "Fachstelle.");
	*field = "kind";
	if (!organisation_kind_valid(kind))
		return N_("Please choose one of the options.");
	bool sub = strcmp(kind, "teilprojekt") == 0;
	/* Sub-projects are found and counted through their network or Fachstelle (conflicts
	 * of interest, filters), so the tree has exactly two levels. */
	if (id && !is_parent_kind(kind) && organisation_children(s, id) > 0)
		return stays;
	*field = "parent";
	if (!sub)
		return parent_id ? N_("Only a sub-project belongs to a network or Fachstelle.")
		                 : NULL;
	if (!parent_id)
		return N_("Please choose the network or Fachstelle of the sub-project.");
	struct arena a = {0};
	struct organisation parent;
	const char *err = NULL;
	if (parent_id == id || organisation_find(s, &a, parent_id, &parent) != 0 ||
	    !is_parent_kind(parent.kind))
		err = N_("A sub-project belongs to a network or a Fachstelle.");
	arena_free(&a);
	return err;
}

static const struct store_query q_update = {
    "organisation_update",
    "UPDATE organisation SET name = ?2, short_name = ?3, kind = ?4, parent_id = nullif(?5, 0), "
    "bundesland = ?6, name_sort = ?7 WHERE id = ?1"};

static json_t *
org_json(const struct organisation *o)
{
	return json_pack("{s:s,s:s,s:s,s:I,s:s}", "name", o->name, "short_name", o->short_name,
	                 "kind", o->kind, "parent", (json_int_t)o->parent_id, "bundesland",
	                 o->bundesland);
}

int
organisation_update(struct store *s, int64_t actor, int64_t id, const char *name,
                    const char *short_name, const char *kind, int64_t parent_id,
                    const char *bundesland)
{
	struct arena a = {0};
	struct organisation old;
	int rc = -1;
	if (organisation_find(s, &a, id, &old) != 0)
		goto out;
	struct stmt *st = store_stmt(s, &q_update);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, name);
	stmt_bind_text(st, 3, short_name ? short_name : "");
	stmt_bind_text(st, 4, kind);
	stmt_bind_int(st, 5, parent_id);
	stmt_bind_text(st, 6, bundesland ? bundesland : "");
	search_bind_sort_key(st, 7, name);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		goto out;
	struct organisation now = {id,   name,      short_name ? short_name : "",
	                           kind, parent_id, bundesland ? bundesland : ""};
	char obj[40];
	snprintf(obj, sizeof obj, "organisation:%lld", (long long)id);
	rc = audit_log(s, actor, "organisation.update", obj,
	               json_pack("{s:o,s:o}", "old", org_json(&old), "new", org_json(&now)));
out:
	arena_free(&a);
	return rc;
}

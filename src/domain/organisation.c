/* Organisations of the programme. */
#include "domain/organisation.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>

const char *const organisation_kinds[] = {"network",	 "fachstelle", "funder", "transfer_project",
					  "teilprojekt", "external",   NULL};

static const struct store_query q_insert = {
    "organisation_insert",
    "INSERT INTO organisation(name, short_name, kind, parent_id, bundesland, created_at) "
    "VALUES (?1, ?2, ?3, nullif(?4, 0), ?5, ?6)"};
static const struct store_query q_list = {
    "organisation_list", "SELECT id, name, short_name, kind, coalesce(parent_id, 0), bundesland "
			 "FROM organisation ORDER BY name COLLATE NOCASE LIMIT ?1"};
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
	if (stmt_exec(st) != STORE_OK)
		return -1;
	int64_t id = store_last_id(s);
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

size_t
organisation_list(struct store *s, struct arena *a, struct organisation *out, size_t max)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, (int64_t)max);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW)
		read_org(st, a, &out[n++]);
	stmt_done(st);
	return n;
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

/* The search's synonyms (synonym.h). */
#include "domain/synonym.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/i18n.h"

#include <string.h>

static const struct store_query q_list = {"synonym_list",
                                          "SELECT id, terms FROM search_synonym ORDER BY id"};
static const struct store_query q_insert = {
    "synonym_insert", "INSERT INTO search_synonym(terms) VALUES (?1) RETURNING id"};
static const struct store_query q_update = {"synonym_update",
                                            "UPDATE search_synonym SET terms = ?2 WHERE id = ?1"};
static const struct store_query q_delete = {"synonym_delete",
                                            "DELETE FROM search_synonym WHERE id = ?1"};
static const struct store_query q_get = {"synonym_get",
                                         "SELECT terms FROM search_synonym WHERE id = ?1"};

struct synonym *
synonym_list(struct store *s, struct arena *a, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	struct synonym *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct synonym *g = ARENA_PUSH(a, out, *n, cap);
		g->id = stmt_int(st, 0);
		g->terms = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_done(st);
	return out;
}

const char *
synonym_problem(const char *terms)
{
	if (!terms || !*terms || strspn(terms, " ,;\t") == strlen(terms))
		return N_("Enter the ways of writing, separated by commas.");
	if (strlen(terms) > SYNONYM_MAX_CHARS)
		return N_("At most 500 characters.");
	if (strpbrk(terms, "\r\n"))
		return N_("One line only.");
	/* Two ways of writing at least: something on both sides of a comma. */
	const char *comma = strpbrk(terms, ",;=");
	if (!comma || strspn(comma, " ,;=\t") == strlen(comma) ||
	    strspn(terms, " \t") == (size_t)(comma - terms))
		return N_("A synonym needs at least two ways of writing, separated by commas.");
	return NULL;
}

static json_t *
details(const char *terms)
{
	return json_pack("{s:s}", "terms", terms);
}

int64_t
synonym_create(struct store *s, int64_t actor, const char *terms)
{
	if (synonym_problem(terms))
		return 0;
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, terms);
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		return -1;
	return audit_on(s, actor, "synonym", id, "synonym.create", details(terms)) == 0 ? id : -1;
}

static int
exists(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_get);
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st);
	stmt_done(st);
	return rc == STORE_ROW ? 1 : rc == STORE_DONE ? 0 : -1;
}

int
synonym_update(struct store *s, int64_t actor, int64_t id, const char *terms)
{
	int e = exists(s, id);
	if (e <= 0)
		return e < 0 ? -1 : -2;
	if (synonym_problem(terms))
		return -3;
	struct stmt *st = store_stmt(s, &q_update);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, terms);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return audit_on(s, actor, "synonym", id, "synonym.update", details(terms));
}

int
synonym_delete(struct store *s, int64_t actor, int64_t id)
{
	int e = exists(s, id);
	if (e <= 0)
		return e < 0 ? -1 : -2;
	struct stmt *st = store_stmt(s, &q_delete);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return audit_on(s, actor, "synonym", id, "synonym.delete", NULL);
}

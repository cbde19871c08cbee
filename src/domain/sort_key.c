/* Filling the sort keys that rows from before migration 013 lack. Once written, the keys
 * are kept by the modules that write the names (organisation.c, user.c, proposal.c,
 * practice.c), through search_sort_key. */
#include "domain/sort_key.h"
#include "search/search.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"

#include <stdlib.h>

/* One table's key: the rows to fill, and how to store a key. */
struct key_column {
	struct store_query missing; /* id, source text of the rows to fill */
	struct store_query set;     /* ?1 id, ?2 key */
};

static const struct key_column columns[] = {
    /* "AND … = ''": a key the program wrote since (with a new name) is not overwritten. */
    {{"sort_key_org_missing",
      "SELECT id, name FROM organisation WHERE name_sort = '' AND name != ''"},
     {"sort_key_org_set",
      "UPDATE organisation SET name_sort = ?2 WHERE id = ?1 AND name_sort = ''"}},
    {{"sort_key_user_missing",
      "SELECT id, name FROM user_account WHERE name_sort = '' AND name != ''"},
     {"sort_key_user_set",
      "UPDATE user_account SET name_sort = ?2 WHERE id = ?1 AND name_sort = ''"}},
    {{"sort_key_proposal_missing",
      "SELECT id, title FROM proposal WHERE title_sort = '' AND title != ''"},
     {"sort_key_proposal_set",
      "UPDATE proposal SET title_sort = ?2 WHERE id = ?1 AND title_sort = ''"}},
    /* ORDER BY id: the partial index practice_sort_missing (035) answers it; without,
     * SQLite scanned the covering title index (3.6 MB at 10,000 practices) at every
     * start-up. */
    {{"sort_key_practice_missing",
      "SELECT id, title FROM practice WHERE title_sort = '' AND title != '' ORDER BY id"},
     {"sort_key_practice_set",
      "UPDATE practice SET title_sort = ?2 WHERE id = ?1 AND title_sort = ''"}},
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

struct pending {
	int64_t id;
	char *key;
};

/* The rows of one column to fill, with their keys (malloc'd; *n of them). */
static struct pending *
read_missing(struct store *s, const struct key_column *c, size_t *n, int *rc)
{
	struct pending *p = NULL;
	size_t cap = 0;
	*n = 0;
	struct stmt *st = store_stmt(s, &c->missing);
	int step;
	while ((step = stmt_step(st)) == STORE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			p = xrealloc(p, cap * sizeof *p);
		}
		p[*n].id = stmt_int(st, 0);
		p[(*n)++].key = search_sort_key(stmt_text(st, 1));
	}
	stmt_done(st);
	*rc = step == STORE_DONE ? 0 : -1;
	return p;
}

static int
write_keys(struct store *s, const struct key_column *c, const struct pending *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct stmt *st = store_stmt(s, &c->set);
		stmt_bind_int(st, 1, p[i].id);
		stmt_bind_text(st, 2, p[i].key);
		if (stmt_exec(st) != STORE_OK)
			return -1;
	}
	return 0;
}

static void
free_pending(struct pending *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].key);
	free(p);
}

struct fill_tx {
	struct pending **p;
	size_t *n;
};

static int
fill_body(struct store *s, void *arg)
{
	struct fill_tx *t = arg;
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (write_keys(s, &columns[i], t->p[i], t->n[i]) != 0)
			return STORE_ERR;
	return STORE_OK;
}

int
sort_key_fill(struct store *s)
{
	/* Read first, outside a transaction: on most start-ups there is nothing to fill, and
	 * then no write lock is taken. */
	struct pending *p[NCOLUMNS];
	size_t n[NCOLUMNS], total = 0;
	int rc = 0;
	for (size_t i = 0; i < NCOLUMNS; i++) {
		int r;
		p[i] = read_missing(s, &columns[i], &n[i], &r);
		total += n[i];
		rc |= r;
	}
	if (rc == 0 && total) {
		struct fill_tx t = {p, n};
		rc = store_tx(s, fill_body, &t) == STORE_OK ? 0 : -1;
		if (rc == 0)
			log_info("filled %zu sort keys", total);
	}
	for (size_t i = 0; i < NCOLUMNS; i++)
		free_pending(p[i], n[i]);
	return rc;
}

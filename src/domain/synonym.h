/* The search's synonyms the office keeps (issue 13): groups of ways of writing the same
 * thing ("BA, Bundesagentur für Arbeit"). The search reads them with its vocabulary
 * (src/search/vocab.c); a change moves the catalog's generation on (019_search_synonyms
 * .sql), so the next search uses it, without a restart. */
#ifndef DOMAIN_SYNONYM_H
#define DOMAIN_SYNONYM_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

#define SYNONYM_MAX_CHARS 500

struct synonym {
	int64_t id;
	const char *terms; /* "BA, Bundesagentur für Arbeit" */
};

/* All groups, in the order they were made. */
struct synonym *synonym_list(struct store *s, struct arena *a, size_t *n);

/* What is wrong with terms as a group (NULL: nothing): English msgids. A group needs two
 * ways of writing, separated by commas, within SYNONYM_MAX_CHARS, on one line. */
const char *synonym_problem(const char *terms);

/* Adds a group (audited: synonym.create). Returns its id, 0 for bad terms, -1 on a storage
 * error. Call in a transaction. */
int64_t synonym_create(struct store *s, int64_t actor, const char *terms);
/* Replaces a group's terms (audited: synonym.update). 0, -1 on storage error, -2 when there
 * is no such group, -3 for bad terms. */
int synonym_update(struct store *s, int64_t actor, int64_t id, const char *terms);
/* Removes a group (audited: synonym.delete). 0, -1, or -2 when there is none. */
int synonym_delete(struct store *s, int64_t actor, int64_t id);

#endif

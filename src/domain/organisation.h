/* Organisations of the programme: networks, Fachstellen, the funder, the transfer project,
 * sub-projects under their network or Fachstelle, and external bodies. */
#ifndef DOMAIN_ORGANISATION_H
#define DOMAIN_ORGANISATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

struct organisation {
	int64_t id;
	const char *name;
	const char *short_name;
	const char *kind; /* network, fachstelle, funder, transfer_project, teilprojekt, external */
	int64_t parent_id;
	const char *bundesland;
};

extern const char *const organisation_kinds[]; /* NULL-terminated */

/* Creates an organisation (audit event included). Returns its id or -1. */
int64_t organisation_create(struct store *s, int64_t actor, const char *name,
                            const char *short_name, const char *kind, int64_t parent_id,
                            const char *bundesland);
/* Every organisation ordered by name, in an array in a; *n gets their number. */
struct organisation *organisation_list(struct store *s, struct arena *a, size_t *n);
int organisation_find(struct store *s, struct arena *a, int64_t id, struct organisation *o);
/* Changes an organisation's fields (audit event "organisation.update" with the old and the
 * new values). Check the fields with organisation_check first. Returns 0 or -1. */
int organisation_update(struct store *s, int64_t actor, int64_t id, const char *name,
                        const char *short_name, const char *kind, int64_t parent_id,
                        const char *bundesland);
bool organisation_kind_valid(const char *kind);
/* NULL when kind and parent fit together, else a msgid saying why not, with *field set to
 * "kind" or "parent" (the one to change): a sub-project hangs under a network or
 * Fachstelle, other kinds have no parent, and an organisation with sub-projects stays a
 * network or Fachstelle. id is 0 for a new organisation. */
const char *organisation_check(struct store *s, int64_t id, const char *kind, int64_t parent_id,
                               const char **field);
/* How many organisations hang under id. */
int64_t organisation_children(struct store *s, int64_t id);

#endif

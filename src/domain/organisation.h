/* Organisations of the programme: networks, Fachstellen, the funder, the transfer project,
 * sub-projects under their network or Fachstelle, and external bodies. */
#ifndef DOMAIN_ORGANISATION_H
#define DOMAIN_ORGANISATION_H
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
/* All organisations ordered by name; returns how many were filled (at most max). */
size_t organisation_list(struct store *s, struct arena *a, struct organisation *out, size_t max);
int organisation_find(struct store *s, struct arena *a, int64_t id, struct organisation *o);

#endif

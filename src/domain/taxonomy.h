/* Taxonomy terms (Art, Handlungsfeld, Zielgruppe, Adressat, Bundesland): data, seeded
 * with the programme's defaults, editable by the coordination office. */
#ifndef DOMAIN_TAXONOMY_H
#define DOMAIN_TAXONOMY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/i18n.h"

struct store;

struct term {
	int64_t id;
	const char *kind;
	const char *key;
	const char *label_de, *label_en;
	int position;
	bool retired;
	int64_t uses; /* filled by taxonomy_list: how many records use it */
};

/* The kinds, in display order, NULL-terminated. */
extern const char *const taxonomy_kinds[];

const char *term_label(const struct term *t, enum lang lang);
/* The language term_label's text is in when it is not lang: "de" for a term without a
 * translation on a page that is not German (for a lang attribute), else NULL. */
const char *term_lang(const struct term *t, enum lang lang);
/* Every term of a kind ordered by position (retired ones only when include_retired), in
 * an array in a; *n gets their number. */
struct term *taxonomy_list(struct store *s, struct arena *a, const char *kind, bool include_retired,
                           size_t *n);
/* The term with this id, if it is of this kind (NULL kind: any). */
bool taxonomy_find(struct store *s, struct arena *a, int64_t id, const char *kind,
                   struct term *out);
bool taxonomy_find_key(struct store *s, struct arena *a, const char *kind, const char *key,
                       struct term *out);
/* Returns the new id, 0 when the key exists in the kind, -1 on error. Audited. */
int64_t taxonomy_create(struct store *s, int64_t actor, const char *kind, const char *key,
                        const char *label_de, const char *label_en);
int taxonomy_rename(struct store *s, int64_t actor, int64_t id, const char *label_de,
                    const char *label_en);
int taxonomy_set_retired(struct store *s, int64_t actor, int64_t id, bool retired);
/* Deletes a term no record uses; returns 1 when it is in use (nothing changed). */
int taxonomy_delete(struct store *s, int64_t actor, int64_t id);

/* How many records (proposals, practices) use a term. */
int64_t taxonomy_uses(struct store *s, int64_t id);

#endif

/* What changed between two submitted versions of a proposal: their JSON snapshots (see
 * proposal_submit) compared field by field, with taxonomy ids resolved to labels. */
#ifndef DOMAIN_VERSION_DIFF_H
#define DOMAIN_VERSION_DIFF_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/i18n.h"

struct store;

enum change_kind { CHANGE_TEXT, CHANGE_ART, CHANGE_TERMS, CHANGE_SELF };

struct version_change {
	enum change_kind kind;
	int field;                  /* CHANGE_TEXT: an enum proposal_text */
	const char *term_kind;      /* CHANGE_TERMS: "handlungsfeld", "zielgruppe", … */
	const char *criterion_key;  /* CHANGE_SELF */
	const char *before, *after; /* the texts; for Art and terms, labels joined by ", " */
};

/* Compares two snapshots in the order of the form: the text fields, the Art, each term
 * kind, then the self-assessment per criterion key. Labels are in lang. Returns every
 * change, an array in a, with *n their number; *unchanged gets the number of equal fields.
 * *n and *unchanged are 0 when a snapshot is not valid JSON. */
struct version_change *version_diff(struct store *s, struct arena *a, enum lang lang,
                                    const char *before, const char *after, size_t *n,
                                    size_t *unchanged);

#endif

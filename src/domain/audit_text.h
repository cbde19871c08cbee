/* The audit log in words: one sentence per kind of event, and the name of what an event
 * changed, for the office's page and the CSV export. */
#ifndef DOMAIN_AUDIT_TEXT_H
#define DOMAIN_AUDIT_TEXT_H
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

/* A kind of event. sentence is an English msgid with the placeholders {who} (the person,
 * or "The system") and {what} (the name of the object); placeholders rather than printf
 * conversions, so a translation may place them freely and a mistyped one cannot break the
 * page. Where detail_key is set, the sentence holds for events whose details have that
 * string value (a formal check's outcome, a call's new phase). */
struct audit_kind {
	const char *action;
	const char *detail_key, *detail_value;
	const char *sentence;
};

extern const struct audit_kind audit_kinds[];
extern const size_t audit_kinds_count;

/* The sentence (msgid) for an event of this action with these details (JSON text). An
 * action without an entry gets a general one that names the kind through {kind}. */
const char *audit_sentence(const char *action, const char *details);

/* What an event's object ("proposal:7", "user:3", "session") is. */
struct audit_object {
	const char *kind;   /* "proposal", "user" …; the whole object when it has no id */
	int64_t id;         /* 0 when the object has none or it is not a number */
	const char *slug;   /* what follows the colon ("impressum"), "" without one */
	const char *name;   /* its title or name now; "" when there is none or it is gone */
	bool name_is_msgid; /* name is an English msgid to translate (a legal page's title) */
	bool german;        /* name is content people wrote in German (a title, a term) */
};

/* Looks the object up (strings in a). */
void audit_object_describe(struct store *s, struct arena *a, const char *object,
                           struct audit_object *out);

#endif

/* The audit log: an append-only SHA-256 hash chain of every state change. */
#ifndef DOMAIN_AUDIT_H
#define DOMAIN_AUDIT_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

/* Appends an event; call inside the transaction of the change it records, so both land or
 * neither does. object names what changed ("user:12", "proposal:7"); details is a JSON
 * object (the reference is stolen; NULL means {}). actor_id 0 means the system. It takes
 * the chain's head (audit_head) under its lock until the transaction ends, so writers on
 * several connections append in turn. Returns 0, or -1 on a storage error. */
int audit_log(struct store *s, int64_t actor_id, const char *action, const char *object,
              json_t *details);

/* audit_log on the object "kind:id" ("proposal", 7 → "proposal:7"). */
int audit_on(struct store *s, int64_t actor, const char *kind, int64_t id, const char *action,
             json_t *details);

struct audit_event {
	int64_t seq, at, actor_id;
	const char *actor_name; /* "" for the system */
	const char *action, *object, *details, *hash;
};

/* Filters for audit_list; empty strings and zeros match everything. action matches as a
 * prefix ("user." lists every user event), object exactly ("user:12"); actor_id is a
 * person, or AUDIT_SYSTEM for the events nobody caused; from and until (UTC seconds) bound
 * the time, from included, until not. */
struct audit_filter {
	const char *action;
	const char *object;
	int64_t actor_id;
	int64_t from, until;
};
#define AUDIT_SYSTEM (-1)

/* Newest first; returns how many were filled (at most max), total gets the match count. */
size_t audit_list(struct store *s, struct arena *a, const struct audit_filter *f,
                  struct audit_event *out, size_t max, size_t offset, size_t *total);

/* Who has caused events (no system), by name: fills ids and names (in a), at most max;
 * returns how many. */
size_t audit_actors(struct store *s, struct arena *a, int64_t *ids, const char **names, size_t max);

/* The details an erased event keeps. */
#define AUDIT_ERASED "{\"erased\":true}"

/* Erasure (GDPR Art. 17): replaces the details of every event that names the address
 * (anywhere in a string) or the name (as a whole string value) by AUDIT_ERASED and
 * deletes their salts. The chain still verifies: it covers SHA-256(salt || details),
 * not the details. Events from before migration 030 are hashed over their details; for
 * each of them legacy (a JSON object) gets "seq": digest of the row's other fields, which
 * the caller must put into the erasure's own audit event as {"legacy": legacy} (or
 * audit_verify reports the row). Call inside a transaction. Returns how many events were
 * erased, or -1. */
int audit_erase_naming(struct store *s, const char *email, const char *name, json_t *legacy);

/* Re-walks the chain: each event's link and hash, its details against their salted digest
 * while the salt exists, and that each erased legacy event is listed by a later erasure.
 * Returns 0 when intact, else the seq of the first broken event. */
int64_t audit_verify(struct store *s, int64_t *events_checked);

#endif

/* The audit log: an append-only SHA-256 hash chain of every state change. */
#ifndef DOMAIN_AUDIT_H
#define DOMAIN_AUDIT_H
#include <jansson.h>
#include <stdint.h>

struct store;

/* Appends an event; call inside the transaction of the change it records, so both land or
 * neither does. object names what changed ("user:12", "proposal:7"); details is a JSON
 * object (the reference is stolen; NULL means {}). actor_id 0 means the system.
 * Returns 0, or -1 on a storage error. */
int audit_log(struct store *s, int64_t actor_id, const char *action, const char *object,
	      json_t *details);

/* Re-walks the chain. Returns 0 when intact, else the seq of the first broken event. */
int64_t audit_verify(struct store *s, int64_t *events_checked);

#endif

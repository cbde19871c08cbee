/* A person's data as the GDPR gives them a right to it (DSGVO Art. 15 access, Art. 20
 * portability; issue #15, point 11): everything Leuchtturm holds about one account, as
 * JSON documents, for the person themselves or the coordination office. */
#ifndef DOMAIN_PRIVACY_H
#define DOMAIN_PRIVACY_H
#include <jansson.h>
#include <stdint.h>

struct store;

/* One part of the export: a file name ("account.json") and its document. */
struct privacy_part {
	const char *file;
	json_t *doc; /* owned by the caller: json_decref */
};

#define PRIVACY_PARTS 6

/* Fills parts with the account (without its password hash), the proposals it created or
 * names as contact, the ratings and votes it gave, the messages and board comments it
 * wrote, and the transfer reports it made (by account or e-mail). Returns the number of
 * parts, 0 when there is no such account. Reads only; the caller audits the export. */
int privacy_export(struct store *s, int64_t user_id, struct privacy_part parts[PRIVACY_PARTS]);

/* Records that the data of user_id was exported, by actor (the person, or the office).
 * Call in a transaction. 0, or -1 on a storage error. */
int privacy_export_audit(struct store *s, int64_t actor, int64_t user_id);

#endif

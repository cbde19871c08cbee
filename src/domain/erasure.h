/* Erasure of a person (GDPR Art. 17; issue #15, point 11): their personal data removed
 * or replaced by a pseudonym everywhere, the account kept as the pseudonym so the board's
 * record stays whole, and the audit chain still verifying (docs/privacy.md). */
#ifndef DOMAIN_ERASURE_H
#define DOMAIN_ERASURE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

/* The folder of the outbox's .eml files (mail without SMTP); set once at start-up. */
void erasure_configure(const char *outbox_dir);

struct erasure_result {
	int audit_events, proposals, practices, transfers, mails, texts;
	int64_t *mail_ids; /* the outbox rows deleted (malloc'd; erasure_done frees it) */
	size_t mail_count;
};

enum erasure_code { ERASURE_OK, ERASURE_NOT_FOUND, ERASURE_ALREADY, ERASURE_ERROR };

/* Erases the person user_id, in the caller's transaction: the account becomes
 * "Gelöschte Person ID" with the address geloescht-ID@invalid, no password, inactive (it
 * keeps its roles and its ratings, votes and comments, now under the pseudonym); their
 * sessions, links and login failures are deleted; the contact fields of proposals (and
 * versions) and practices with their address are blanked; transfer reports they made get
 * the pseudonym; mails to them are deleted; their name and address in messages, comments
 * and other mails are replaced by the pseudonym; the audit events naming them keep no
 * details (audit_erase_naming). One audit event "user.erased" by actor (its counts, no
 * personal data). Fills out (zeroed by the caller before the transaction). */
enum erasure_code erasure_erase_person(struct store *s, int64_t actor, int64_t user_id,
                                       struct erasure_result *out);

/* After the commit: removes the deleted mails' .eml files and frees out's memory. */
void erasure_done(struct erasure_result *out);

/* Whether the account was erased (false also for no such account). */
bool erasure_is_erased(struct store *s, int64_t user_id);

#endif

/* Retention of personal data (GDPR Art. 5(1)(e) storage limitation; issue #15, point 11):
 * the contact data of proposals that ended without selection is removed after a number of
 * years, by the scheduler, each removal audited. */
#ifndef DOMAIN_RETENTION_H
#define DOMAIN_RETENTION_H
#include <stdint.h>

struct store;

#define RETENTION_YEARS_MAX 100

/* Years after its last change that a proposal that was not selected, was ineligible or
 * was withdrawn keeps its contact data (name, e-mail, phone, in the proposal and in every
 * submitted version); 0 keeps it. The default until the office sets it (from
 * LEUCHTTURM_RETENTION_YEARS); set once at start-up. */
void retention_configure(int years);

/* The years in force: the office's setting (retention_years), else the default. */
int retention_years(struct store *s);

/* The office sets the years (0 to RETENTION_YEARS_MAX), audited as "retention.years"
 * {from, to} when it changes. Call in a transaction. Returns 0, 1 when out of range, -1 on
 * a storage error. */
int retention_set_years(struct store *s, int64_t actor, int years);

/* Blanks the contact data of one proposal and its versions and marks it removed (no audit
 * event: the caller writes it). Call in a transaction. Returns 1, 0 when removed before,
 * or -1. */
int retention_blank_contact(struct store *s, int64_t proposal_id, int64_t now);

/* Removes the contact data of the proposals due at now, each in its own transaction with
 * its audit event "proposal.personal_data_removed" (by the system). Returns how many, or
 * -1 when one failed (the rest are tried at the next run). */
int retention_run(struct store *s, int64_t now);

#endif

/* Retention of personal data (GDPR Art. 5(1)(e) storage limitation; issue #15, point 11):
 * the contact data of proposals that ended without selection is removed after a number of
 * years, by the scheduler, each removal audited. */
#ifndef DOMAIN_RETENTION_H
#define DOMAIN_RETENTION_H
#include <stdint.h>

struct store;

/* Years after its last change that a proposal that was not selected, was ineligible or
 * was withdrawn keeps its contact data (name, e-mail, phone, in the proposal and in every
 * submitted version); 0 (the default) keeps it. Set once at start-up. */
void retention_configure(int years);

/* Removes the contact data of the proposals due at now, each in its own transaction with
 * its audit event "proposal.personal_data_removed" (by the system). Returns how many, or
 * -1 when one failed (the rest are tried at the next run). */
int retention_run(struct store *s, int64_t now);

#endif

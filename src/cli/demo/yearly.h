/* The demo's yearly checks (issue 12). */
#ifndef CLI_DEMO_YEARLY_H
#define CLI_DEMO_YEARLY_H

#include <stdint.h>

struct store;

#define DEMO_OWNER_EMAIL "lotsen@magdeburg.iq-demo.example"

/* Seeds yearly checks of the demo practices in every state — confirmed, changed, waiting
 * for the office, overdue after both reminders, ended — and an account of the sub-project
 * "Anerkennungslotsen Magdeburg" (DEMO_OWNER_EMAIL, the practice's public contact, with
 * password) whose practice's check waits for its answer. office: the office's account.
 * Needs the demo practices. Returns 0 or -1. Call in the demo's transaction. */
int demo_seed_yearly(struct store *s, int64_t office, const char *password);

#endif

/* The fixture and helpers shared by tests/http/test_http_transfer_*.c: a demo practice with
 * a contact, the interest form sent as a browser sends it, and its confirmation by mail. */
#ifndef TRANSFER_FIXTURE_H
#define TRANSFER_FIXTURE_H

#include "harness.h"

/* The mail worker looks at the outbox every 2 s. */
#define MAIL_WAIT_MS 60000

/* A published demo practice and its public contact. */
#define TR_SLUG "betriebliche-integration-im-hafen"
#define TR_CONTACT "hafen@bremen.iq-demo.example"
/* A demo account of a network (IQ Netzwerk), so network staff. */
#define TR_NETWORK_STAFF "gremium-netzwerk@iq-demo.example"

/* A server whose interest form accepts a form sent at once (LEUCHTTURM_FORM_MIN_SECONDS=0);
 * cmocka setup and teardown. */
int transfer_setup(void **state);
int transfer_teardown(void **state);

/* A form body for the interest form: a person of a Jobcenter in Hessen; extra ("" or
 * "&key=value…") is appended, and a key given twice counts as the last one. */
const char *interest_form(const char *name, const char *email, const char *organisation,
                          const char *extra);
/* GETs /praxis/SLUG/interesse (the form's stamp and token), then POSTs form with them.
 * Returns the status. */
long send_interest(struct client *c, const char *slug, const char *form, struct resp *r);
/* Waits for the confirmation mail to email and returns its link's path, malloc'd. */
char *confirm_link(struct srv *s, const char *email);
/* GETs and POSTs the confirmation link; returns the POST's status. */
long confirm(struct client *c, const char *link, struct resp *r);
/* Waits for the mail with the private link to email and returns its path, malloc'd. */
char *manage_link(struct srv *s, const char *email);
/* The whole round: form, confirmation, private link (malloc'd); fails the test otherwise. */
char *report_confirmed(struct srv *s, const char *name, const char *email, const char *organisation,
                       const char *extra);
/* The report's id of the organisation, 0 when none. */
long report_id(struct srv *s, const char *organisation);

#endif

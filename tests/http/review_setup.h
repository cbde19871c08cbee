/* The board review's test call, shared by the test_http_review_*.c programs. */
#ifndef TESTS_HTTP_REVIEW_SETUP_H
#define TESTS_HTTP_REVIEW_SETUP_H
#include "harness.h"

#define NETWORK_MEMBER "b-netz@test.example" /* works for the network of P1's sub-project */
#define FACH_MEMBER "c-fach@test.example"    /* a Fachstelle: conflicted on nothing */
#define DAY 86400

/* The database's clock, in seconds; inside tstr() formats only. */
#define NOW "CAST(strftime('%%s', 'now') AS INTEGER)"

/* The test call: P1 from the sub-project in Stuttgart (network Baden-Württemberg), P2 from
 * Munich (network Bayern); members A (the demo board account, funder), B (network BW) and
 * C (a Fachstelle). B is automatically conflicted on P1. */
struct review_call {
	long call, p1, p2, a, b, c;
	long attachment; /* an attachment of P1 where a test adds one, else 0 */
};

/* Puts the test call into the database, in review until review_days and meeting
 * meeting_days from now, with its rubric, scale and proposals; adds B and C (password
 * DEMO_PASSWORD); switches every account to English; and has the office put A, B and C on
 * the board through its page, which then lists them, and takes the e-mail each got
 * (srv_wait_mail), so a test's own srv_wait_mail finds the mail it waits for. */
void review_setup(struct srv *s, struct review_call *v, int review_days, int meeting_days);

/* The id of the organisation called name. */
long org_id(struct srv *s, const char *name);
/* The id of the account with this e-mail address. */
long user_id(struct srv *s, const char *email);

/* A new client with the account logged in (password DEMO_PASSWORD), in English. */
struct client *as(struct srv *s, const char *email);
/* A GET that must answer 200; the page stays the client's last (for its _csrf). */
void get_ok(struct client *c, const char *path);

#endif

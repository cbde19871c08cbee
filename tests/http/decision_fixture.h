/* The fixture and helpers shared by tests/http/test_http_decision_*.c: the deciding call's
 * proposals, members and meeting forms. */
#ifndef DECISION_FIXTURE_H
#define DECISION_FIXTURE_H

#include "harness.h"

/* How long to wait for a mail: the mail worker looks at the outbox every 2 s. */
#define MAIL_WAIT_MS 60000

/* The demo's proposals in the deciding call (src/cli/demo/decision.c). */
#define T_STUTTGART "Betriebliche Anerkennungslotsen" /* every criterion met; demo sub-project */
#define T_BREMEN "Hafen-Tandems: Einarbeitung im Betrieb" /* Okafor declared a conflict */
#define T_HANNOVER "Sprachpaten im Betrieb"               /* Brandt conflicted automatically */
#define T_LEIPZIG "Handwerk plus Sprache"

/* The board and its members' names, which a letter must never show. */
#define M_FUNDER DEMO_BOARD
#define M_TRANSFER "gremium-transfer@iq-demo.example"
#define M_NETWORK "gremium-netzwerk@iq-demo.example"
#define M_FACHSTELLE "gremium-fachstelle@iq-demo.example"

/* The first call in the deciding phase. */
long deciding_call(struct srv *s);

/* The id of the proposal with this title. */
long proposal(struct srv *s, const char *title);

/* The id of the account with this email. */
long user(struct srv *s, const char *email);

/* POSTs form to path with the token of the page at page. */
long post_from(struct client *c, const char *page, const char *path, const char *form,
               struct resp *r);

/* Records the meeting of the call with the members given (emails, NULL-terminated). */
void meeting(struct srv *s, struct client *c, long call, ...);

/* The justification fields: every rated criterion of the call with text. */
const char *justifications(struct srv *s, long call, const char *text);

/* A member's ballot: "email:vote" with vote yes|no|abstain|"" (present, no vote) or
 * "email:absent:yes" (marked absent, with a vote). */
const char *ballots(struct srv *s, const char *const *spec);

/* Records the meeting's decision on proposal pid: outcome, ballots from spec, justifications and
 * more form fields. */
long decide(struct srv *s, struct client *c, long call, long pid, const char *outcome,
            const char *const *spec, const char *more, struct resp *r);

/* Every member votes yes. */
extern const char *const all_yes[];

/* Rows that a refusal must leave as they are. */
const char *fingerprint(struct srv *s);

#endif

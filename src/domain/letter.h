/* Decision letters: editable templates per language and outcome (defaults, or a call's
 * own), the letter made from the current decision (outcome and the feedback per criterion
 * from the decision's justifications — never the raters' names), sent through the outbox to
 * the sub-project's accounts and kept so the sub-project can read it in the application. */
#ifndef DOMAIN_LETTER_H
#define DOMAIN_LETTER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/proposal.h"
#include "util/arena.h"
#include "util/i18n.h"

struct store;

#define LETTER_SUBJECT_MAX 200
#define LETTER_BODY_MAX 10000

/* The placeholders a template may use, NULL-terminated ("{title}", "{organisation}",
 * "{call}", "{outcome}", "{feedback}", "{conditions}", "{target_call}", "{date}"). */
extern const char *const letter_placeholders[];

struct letter_template {
	int64_t call_id; /* 0: the default for every call */
	enum lang lang;
	enum proposal_state outcome;
	const char *subject, *body;
	bool own; /* the call's own (false: the default applies) */
	int64_t updated_at;
};

/* The template in force for a call, language and outcome: the call's own, else the
 * default. False when neither exists. */
bool letter_template_get(struct store *s, struct arena *a, int64_t call_id, enum lang lang,
                         enum proposal_state outcome, struct letter_template *out);
/* Saves a call's own template (call_id 0 changes the default). Subject and body must not be
 * empty and must stay within their limits; an unknown placeholder ("{name}") is refused so
 * a typo cannot reach a letter. Returns DECISION_OK, DECISION_INVALID (with *problem a
 * msgid and *field "subject" or "body") or DECISION_ERROR. Audit "letter.template" on
 * "call:ID". */
int letter_template_save(struct store *s, int64_t actor, int64_t call_id, enum lang lang,
                         enum proposal_state outcome, const char *subject, const char *body,
                         const char **field, const char **problem);
/* Removes a call's own template, so the default applies again. Audit "letter.template". */
int letter_template_reset(struct store *s, int64_t actor, int64_t call_id, enum lang lang,
                          enum proposal_state outcome);

/* A letter as made or as sent. */
struct decision_letter {
	int64_t id, proposal_id, version_number, sent_at;
	enum lang lang;
	const char *subject, *body;
	int64_t recipients;
};

/* Makes the letter of the proposal's current decision in lang from the template in force,
 * without sending it (for the office's preview). DECISION_NOT_DECIDED,
 * DECISION_WITHDRAWN, DECISION_NOT_FOUND or DECISION_OK. */
int letter_render(struct store *s, struct arena *a, int64_t proposal_id, enum lang lang,
                  struct decision_letter *out);

/* Sends the letter of the proposal's current decision: to every active submitter account
 * of the sub-project, each in their language, through the outbox; keeps the letter in
 * both languages for the application. Refused for a withdrawn proposal
 * (DECISION_WITHDRAWN), without a decision (DECISION_NOT_DECIDED), when this decision
 * version's letter went out already (DECISION_LETTER_SENT) or without recipients
 * (DECISION_NO_RECIPIENT). Audit "decision.letter" on "proposal:ID". Call in a
 * transaction. *recipients (may be NULL) gets how many were written to. */
int letter_send(struct store *s, int64_t actor, int64_t proposal_id, int64_t *recipients);

/* The latest letter sent for the proposal in lang (the other language when only that
 * exists), in a; NULL when none has been sent. For the sub-project's proposal page. */
const struct decision_letter *decision_letter_for(struct store *s, struct arena *a,
                                                  int64_t proposal_id, enum lang lang);

/* Every letter sent for the proposal, newest first. */
struct decision_letter *letter_list(struct store *s, struct arena *a, int64_t proposal_id,
                                    size_t *n);

#endif

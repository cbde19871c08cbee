/* Calls (Ausschreibungsrunden): dates, phases, and their rubric and formal-check gates.
 * Times are UTC seconds; deadlines are enforced here, on the server. */
#ifndef DOMAIN_CALL_H
#define DOMAIN_CALL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/i18n.h"

struct store;
struct stmt;
struct json_t;

enum call_phase { PHASE_PREPARING, PHASE_OPEN, PHASE_REVIEW, PHASE_DECIDING, PHASE_CLOSED };

struct call {
	int64_t id;
	const char *title;
	const char *body; /* Markdown */
	int64_t opens_at, closes_at, review_until, meeting_at;
	enum call_phase phase;
	int64_t created_at, updated_at;
};

struct criterion {
	int64_t id;
	const char *key, *parent_key;
	const char *label_de, *label_en, *guidance_de, *guidance_en;
	double weight;
	int position;
};

struct gate {
	int64_t id;
	const char *label_de, *label_en;
	int position;
};

const char *call_phase_name(enum call_phase p); /* "preparing", "open", … */
int call_phase_parse(const char *name);         /* -1 when unknown */
/* A msgid naming the phase for people ("Open for proposals"…). */
const char *call_phase_label(enum call_phase p);

/* Returns NULL when the dates are consistent, else a msgid saying what is wrong. */
const char *call_check_dates(int64_t opens, int64_t closes, int64_t review_until, int64_t meeting);
/* Creates a call in phase preparing with the default rubric (the four criteria of the
 * programme, effizient with its two aspects), scale 0–3 and the default gates. */
int64_t call_create(struct store *s, int64_t actor, const char *title, const char *body,
                    int64_t opens, int64_t closes, int64_t review_until, int64_t meeting);
int call_update(struct store *s, int64_t actor, int64_t id, const char *title, const char *body,
                int64_t opens, int64_t closes, int64_t review_until, int64_t meeting);
/* Moves a call to the next phase (or back from open to preparing). Returns 0, or 1 when
 * the move is not allowed from the current phase. It does not look at the phase's
 * preconditions: the office's pages move calls with call_move_phase (call_readiness.h),
 * which does; this is for the demo data and the tests' fixtures that set a call up. */
int call_set_phase(struct store *s, int64_t actor, int64_t id, enum call_phase to);
/* call_set_phase with note's members added to the audit event "call.phase" (the event
 * takes the reference; note may be NULL). */
int call_set_phase_noting(struct store *s, int64_t actor, int64_t id, enum call_phase to,
                          struct json_t *note);
bool call_find(struct store *s, struct arena *a, int64_t id, struct call *out);

/* The columns of a call, for a query that names the call table c; call_read_row reads
 * them when they are the first of the row (other modules' joins use them so). */
#define CALL_COLUMNS_C                                                                             \
	"c.id, c.title, c.body, c.opens_at, c.closes_at, c.review_until, c.meeting_at, "           \
	"c.phase, c.created_at, c.updated_at"
/* Fills out from the CALL_COLUMNS_C at the start of the current row of st; strings in a. */
void call_read_row(struct stmt *st, struct arena *a, struct call *out);
/* Newest first. */
struct call *call_list(struct store *s, struct arena *a, size_t *n);
/* True while proposals may be submitted: phase open and opens_at <= now < closes_at. */
bool call_accepts_submissions(const struct call *c, int64_t now);

size_t call_criteria(struct store *s, struct arena *a, int64_t call_id, struct criterion *out,
                     size_t max);
struct gate *call_gates(struct store *s, struct arena *a, int64_t call_id, size_t *n);
const char *criterion_label(const struct criterion *c, enum lang lang);
const char *criterion_guidance(const struct criterion *c, enum lang lang);
const char *gate_label(const struct gate *g, enum lang lang);

#endif

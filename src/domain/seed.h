/* Rows written straight for fixtures and the demo; never called by a page. The demo goes
 * through the domain's rules wherever they exist; what it needs beyond them (a call put
 * into a phase, proposals that start in review, a self-assessment) is written here. */
#ifndef DOMAIN_SEED_H
#define DOMAIN_SEED_H
#include <stdint.h>

struct store;

/* The first call (by id) in that phase ("review", "deciding", "closed" …), or 0. */
int64_t seed_call_in_phase(struct store *s, const char *phase);

/* Puts the call into the phase, without the checks and events of a phase change. Returns
 * 0 or -1. Call in a transaction. */
int seed_call_set_phase(struct store *s, int64_t call_id, const char *phase);

/* The organisation of that exact name, or 0. */
int64_t seed_organisation_id(struct store *s, const char *name);

/* A proposal as if submitted: state in_review, the given texts, the rest of the fields
 * filled with the demo's stock answers. */
struct seed_proposal {
	int64_t call_id, organisation_id, author;
	int64_t at; /* created, updated and submitted */
	const char *title, *teaser, *in_use_since;
	const char *situation, *implementation, *results, *experience, *transfer_effort;
};

/* Inserts the proposal; *id gets its id. Returns 0 or -1. Call in a transaction. */
int seed_proposal_in_review(struct store *s, const struct seed_proposal *p, int64_t *id);

/* One answer of the proposal's self-assessment. Returns 0 or -1. Call in a transaction. */
int seed_self_assessment(struct store *s, int64_t proposal_id, const char *criterion_key,
                         const char *body);

/* A transfer report (issue 11) as if its reporter had filled in the form at `at` and, for
 * state "confirmed", confirmed it then (no links, no e-mail); "withdrawn" leaves its
 * contact empty. Returns the id or -1. Call in a transaction. */
struct seed_transfer {
	int64_t practice_id, at;
	const char *state, *reporter_name, *reporter_email, *organisation, *kind, *bundesland;
	const char *stage, *text;
	int name_public;
};
int64_t seed_transfer_report(struct store *s, const struct seed_transfer *t);

#endif

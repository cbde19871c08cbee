/* Shared by the unit tests of decisions (test_decision_*.c): a call in its deciding
 * phase with two rated proposals and a board of three, and the changes the tests make, each
 * in a transaction of its own as the pages make them. m3 works for the network of p_a's
 * sub-project (automatically conflicted on it); p_a meets every criterion, p_b none. */
#ifndef TESTS_UNIT_DECISION_FIXTURE_H
#define TESTS_UNIT_DECISION_FIXTURE_H
#include "domain/decision.h"
#include "domain/letter.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

#include <stddef.h>
#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t call, later_call, network, tp_a, tp_b, funder;
	int64_t admin, m1, m2, m3, submitter;
	struct user u_admin, u1, u2, u3;
	int64_t p_a, p_b; /* m3 works for p_a's network: conflicted */
	int64_t leaf[REVIEW_MAX_CRITERIA];
	size_t nleaf;
};

/* cmocka setup and teardown: the database of the fixture, seeded in one transaction; the
 * teardown checks the audit chain before it removes the database. */
int setup(void **state);
int teardown(void **state);

/* An input with every justification given and votes for m1 and m2 (present). */
void input(struct fixture *f, struct decision_input *in, enum proposal_state outcome);

struct counts {
	int64_t decisions, versions, votes, events, mails;
};

/* The rows of decisions, their versions and votes, audit events and mails. */
void count_rows(struct fixture *f, struct counts *c);
/* Fails the running test unless those rows are as before and pid is in that state. */
void assert_unchanged(struct fixture *f, const struct counts *before, int64_t pid,
                      enum proposal_state state);

/* decision_record or decision_amend by the admin in a transaction the way the pages do:
 * commit on success, roll back on any refusal. */
int record(struct fixture *f, int64_t pid, const struct decision_input *in);
int amend(struct fixture *f, int64_t pid, const struct decision_input *in);

/* letter_send in a transaction of its own; *n gets the recipients. */
int send_letter(struct fixture *f, int64_t pid, int64_t *n);

/* The other changes the tests make, each in a transaction of its own. */
struct change_tx {
	struct fixture *f;
	int what;
	int64_t held_at;
	const int64_t *present;
	size_t npresent;
	const char *subject, *body, **field, **problem;
};

enum { CH_MEETING, CH_TEMPLATE_SAVE, CH_TEMPLATE_RESET, CH_WITHDRAW_B, CH_CLOSE_CALL };

/* Makes the change t describes in a transaction of its own. */
int change(struct change_tx t);
int meeting_save(struct fixture *f, int64_t held_at, const int64_t *present, size_t n);
int template_save(struct fixture *f, const char *subject, const char *body, const char **field,
                  const char **problem);
/* A meeting yesterday with the whole board present. */
void meeting_all(struct fixture *f);

#endif

/* Shared by the unit tests of the board review's rating, conflicts, board and aggregation
 * (test_review_{rating,conflict,board,aggregate}.c): a call in review (review_until = T0 + 7
 * days) with two proposals and a board of three, two funders and m3, who works for the
 * network of p_a's sub-project (automatically conflicted on it); an outsider is no member. */
#ifndef TESTS_UNIT_REVIEW_BOARD_FIXTURE_H
#define TESTS_UNIT_REVIEW_BOARD_FIXTURE_H
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stdint.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define ADMIN_ID 0

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t call, network, tp_a, tp_b, funder;
	int64_t admin, m1, m2, m3, outsider;
	struct user u_admin, u1, u2, u3, u_out;
	int64_t p_a, p_b; /* p_a by a sub-project of the network m3 works for */
};

/* cmocka setup: the database "review" with the call, board and proposals above, seeded in
 * one transaction, the clock at T0. */
int review_board_setup(void **state);
/* cmocka teardown: checks the audit chain, then removes the database. */
int review_board_teardown(void **state);

/* Fails the running test unless got is want within 1e-9. */
void assert_near(double got, double want);
/* A complete rating: every leaf criterion with `score` and a justification. */
void full_review(struct fixture *f, struct review *r, int score, enum review_rec rec);
/* review_save of r by u on pid (submit true: submits); the problems are dropped. */
int save(struct fixture *f, const struct user *u, int64_t pid, const struct review *r, bool submit);
/* proposal_find of id into *p (strings in f's arena). */
bool proposal_of(struct fixture *f, int64_t id, struct proposal *p);

#endif

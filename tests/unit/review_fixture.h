/* A board review in a fresh database, shared by the unit tests of the review's discussion,
 * reminders and extra raters: a call in review (review_until = T0 + 10 days) with three
 * proposals and a board of five, one of each constituency but two funders; m3 works for the
 * network of p_a's sub-project (automatically conflicted on it). */
#ifndef TESTS_UNIT_REVIEW_FIXTURE_H
#define TESTS_UNIT_REVIEW_FIXTURE_H
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/review.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400
#define UNTIL (T0 + 10 * DAY)

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	int64_t call, network, tp_a, tp_b, funder, fachstelle, transfer;
	int64_t admin, submitter, m1, m2, m3, m4, m5, outsider;
	struct user u_admin, u_sub, u1, u2, u3, u4, u5, u_out;
	int64_t p_a, p_b, p_c; /* p_a by a sub-project of the network m3 works for */
};

/* cmocka setup and teardown: the database of the fixture, seeded in one transaction, the
 * clock at T0; the teardown checks the audit chain before it removes the database. */
int fx_setup(void **state);
int fx_teardown(void **state);

/* Saves (submit true: submits) a rating with every leaf criterion at score: in the
 * running test's transaction (TX_TEST), else in one of its own. */
int fx_rate(struct fixture *f, const struct user *u, int64_t pid, int score, bool submit);
/* How many e-mails to `to` the outbox holds, and how many in all. */
int64_t fx_mails_to(struct fixture *f, const char *to);
int64_t fx_mails(struct fixture *f);
/* The newest e-mail to `to` as "subject\n\nbody", in f's arena; NULL when there is none. */
const char *fx_last_mail(struct fixture *f, const char *to);
/* How many audit events with this action there are. */
int64_t fx_audits(struct fixture *f, const char *action);

#endif

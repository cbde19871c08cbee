/* Decisions: the agreement statistics of a call. */
#include "domain/agreement.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/letter.h"
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

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define DAY 86400

/* ---- with storage ---- */

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

/* A submitted rating with the same score on every criterion. */
static void
rate(struct fixture *f, const struct user *u, int64_t pid, int score, const char *why)
{
	struct review r;
	memset(&r, 0, sizeof r);
	for (size_t i = 0; i < f->nleaf; i++)
		r.scores[r.nscores++] = (struct review_score){f->leaf[i], score, why};
	r.recommendation = score >= 2 ? REC_SELECT : REC_DONT_SELECT;
	r.comment = "";
	struct review_problem pr[32];
	size_t npr;
	assert_int_equal(review_save(f->s, u, pid, &r, true, pr, 32, &npr), REVIEW_OK);
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "decision");
	time_set_fake(T0);
	struct store *s = f->s;
	f->funder = organisation_create(s, 0, "BMAS", "BMAS", "funder", 0, "");
	f->network = organisation_create(s, 0, "IQ Netzwerk Berlin", "", "network", 0, "Berlin");
	int64_t other = organisation_create(s, 0, "IQ Netzwerk Bayern", "", "network", 0, "Bayern");
	f->tp_a = organisation_create(s, 0, "TP Berlin", "", "teilprojekt", f->network, "Berlin");
	f->tp_b = organisation_create(s, 0, "TP München", "", "teilprojekt", other, "Bayern");
	f->admin = user_create(s, 0, "office@example.org", "Office", NULL, ROLE_ADMIN, 0);
	assert_true(user_find_by_id(s, &f->a, f->admin, &f->u_admin));
	f->m1 = add_board_member(s, &f->a, "m1@example.org", "Rita Raterin", f->funder, "funder",
	                         &f->u1);
	f->m2 = add_board_member(s, &f->a, "m2@example.org", "Bernd Bewerter", f->funder, "funder",
	                         &f->u2);
	f->m3 = add_board_member(s, &f->a, "m3@example.org", "Nora Netzwerk", f->network, "network",
	                         &f->u3);
	f->submitter =
	    user_create(s, 0, "tp@example.org", "Tina Projekt", NULL, ROLE_SUBMITTER, f->tp_a);
	assert_true(f->submitter > 0);
	f->call = call_create(s, f->admin, "Runde 2027", "", T0 - 20 * DAY, T0 - 10 * DAY,
	                      T0 + 7 * DAY, T0 + 14 * DAY);
	f->later_call = call_create(s, f->admin, "Runde 2028", "", T0 + 20 * DAY, T0 + 30 * DAY,
	                            T0 + 40 * DAY, T0 + 50 * DAY);
	assert_true(f->call > 0 && f->later_call > 0);
	f->p_a = add_eligible_proposal(s, f->call, f->tp_a, "Lotsen Berlin", f->admin);
	f->p_b = add_eligible_proposal(s, f->call, f->tp_b, "Pflege München", f->admin);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m1, NULL), REVIEW_OK);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m2, NULL), REVIEW_OK);
	assert_int_equal(review_member_add(s, f->admin, f->call, f->m3, "network"), REVIEW_OK);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_OPEN), 0);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_REVIEW), 0);
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	f->nleaf = review_leaf_criteria(s, &f->a, f->call, leaves, REVIEW_MAX_CRITERIA);
	assert_int_equal(f->nleaf, 5);
	for (size_t i = 0; i < f->nleaf; i++)
		f->leaf[i] = leaves[i].id;
	/* p_a: every criterion met (3 and 2); p_b: none met (1 and 0). */
	rate(f, &f->u1, f->p_a, 3, "Rita findet: sehr gut übertragbar.");
	rate(f, &f->u2, f->p_a, 2, "Gut dokumentiert.");
	rate(f, &f->u1, f->p_b, 1, "Kaum belegt.");
	rate(f, &f->u2, f->p_b, 0, "Fehlt.");
	rate(f, &f->u3, f->p_b, 1, "Noch nicht erprobt.");
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_DECIDING), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	time_set_fake(0);
	free(f);
	return 0;
}

struct counts {
	int64_t decisions, versions, votes, events, mails;
};

static void
test_agreement_of_the_call(void **state)
{
	struct fixture *f = *state;
	struct agreement_report rep;
	agreement_for_call(f->s, &f->a, f->call, &rep);
	assert_int_equal(rep.ncrit, 5);
	assert_int_equal(rep.nmembers, 3);
	assert_int_equal(rep.nproposals, 2);
	/* Per criterion: p_a rated 3 and 2 (m3 conflicted, left out), p_b 1, 0 and 1. */
	const int same[2][3] = {{3, 2, AGREEMENT_MISSING}, {1, 0, 1}};
	struct agreement_alpha want;
	agreement_alpha(&same[0][0], 2, 3, AGREE_ORDINAL, &want);
	assert_int_equal(want.undefined, AGREE_DEFINED);
	for (size_t k = 0; k < rep.ncrit; k++) {
		assert_int_equal(rep.crit[k].alpha.undefined, AGREE_DEFINED);
		assert_true(fabs(rep.crit[k].alpha.alpha - want.alpha) < 1e-12);
		assert_int_equal(rep.crit[k].nratings, 5);
		/* levels 0..3: one 0, two 1s, one 2, one 3 */
		assert_int_equal(rep.crit[k].counts[0], 1);
		assert_int_equal(rep.crit[k].counts[1], 2);
		assert_int_equal(rep.crit[k].counts[2], 1);
		assert_int_equal(rep.crit[k].counts[3], 1);
	}
	for (size_t c = 0; c < rep.nmembers; c++) {
		const struct agreement_member *m = &rep.members[c];
		if (m->user_id == f->m1) {
			/* p_a: 3 − 2 = 1; p_b: 1 − (0 + 1) / 2 = 0.5: mean 0.75, on every
			 * criterion. */
			assert_int_equal(m->leniency.units, 10);
			assert_true(fabs(m->leniency.mean - 0.75) < 1e-12);
		} else if (m->user_id == f->m3) {
			assert_int_equal(m->ratings, 5);
			assert_true(fabs(m->leniency.mean - 0.5) < 1e-12);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_agreement_of_the_call, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Decisions: amendments that keep both versions, each change an audit event. */
#include "decision_fixture.h"
#include "domain/audit.h"
#include "util/timeutil.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static void
test_amendment_keeps_both_versions(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	time_set_fake(T0 + 3600);
	struct decision_input am;
	input(f, &am, PS_DEFERRED);
	am.votes[1].vote = VOTE_NO;
	am.conditions = "Kosten des Transfers belegen.";
	am.amendment_reason = "Die Stimme von Bernd Bewerter war falsch erfasst.";
	assert_int_equal(amend(f, f->p_a, &am), DECISION_OK);
	struct decision d;
	assert_true(decision_find(f->s, &f->a, f->p_a, &d));
	assert_int_equal(d.nversions, 2);
	assert_int_equal(d.versions[0].outcome, PS_SELECTED);
	assert_string_equal(d.versions[0].amendment_reason, "");
	assert_int_equal(d.versions[1].outcome, PS_DEFERRED);
	assert_string_equal(d.versions[1].amendment_reason, am.amendment_reason);
	assert_int_equal(d.versions[0].counts[VOTE_YES], 2);
	assert_int_equal(d.versions[1].counts[VOTE_YES], 1);
	assert_int_equal(d.versions[1].counts[VOTE_NO], 1);
	assert_string_not_equal(d.versions[0].record_hash, d.versions[1].record_hash);
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &p));
	assert_int_equal(p.state, PS_DEFERRED);
	/* The amendment and the one changed vote are audit events. */
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)f->p_a);
	struct audit_filter fl = {.action = "decision.", .object = obj};
	struct audit_event ev[16];
	size_t total;
	audit_list(f->s, &f->a, &fl, ev, 16, 0, &total);
	assert_string_equal(ev[0].action, "decision.amend");
	assert_non_null(strstr(ev[0].details, "falsch erfasst"));
	assert_string_equal(ev[1].action, "decision.vote");
	assert_non_null(strstr(ev[1].details, "\"was\":\"yes\""));
	/* Versions cannot be changed in place. */
	int64_t checked = 0, bad_p = 0, bad_v = 0;
	assert_int_equal(decision_verify(f->s, &checked, &bad_p, &bad_v), 0);
	assert_int_equal(checked, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_amendment_keeps_both_versions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

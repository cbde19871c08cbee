/* The formal check: gate verdicts with notes, their audit, and the outcomes that end it. */
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/formal_check.h"
#include "domain/organisation.h"
#include "domain/proposal.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

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

/* A proposal row in a given state, without going through the form (tested elsewhere). */
static const struct store_query q_proposal = {
    "t_formal_proposal",
    "INSERT INTO proposal(call_id, organisation_id, state, title, created_by, updated_by, "
    "created_at, updated_at, submitted_at) VALUES (?1, ?2, ?3, 'Kompetenzcheck im Betrieb', "
    "?4, ?4, ?5, ?5, ?5) RETURNING id"};
static const struct store_query q_state = {"t_formal_state",
                                           "SELECT state FROM proposal WHERE id = ?1"};
static const struct store_query q_set_state = {"t_formal_set_state",
                                               "UPDATE proposal SET state = ?2 WHERE id = ?1"};
static const struct store_query q_rows = {"t_formal_rows",
                                          "SELECT count(*) FROM gate_check WHERE proposal_id = ?1"};

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
	struct user office;
	int64_t call, org, proposal;
	struct gate gates[8];
	size_t ngates;
};

static int64_t
add_proposal(struct fixture *f, const char *state)
{
	struct stmt *st = store_stmt(f->s, &q_proposal);
	stmt_bind_int(st, 1, f->call);
	stmt_bind_int(st, 2, f->org);
	stmt_bind_text(st, 3, state);
	stmt_bind_int(st, 4, f->office.id);
	stmt_bind_int(st, 5, T0);
	int64_t id;
	assert_int_equal(stmt_insert(st, &id), STORE_OK);
	return id;
}

/* What setup writes, in one transaction as a caller would. */
static int
setup_seed(struct store *tx_s, void *arg)
{
	struct fixture *f = arg;
	(void)tx_s;
	int64_t net =
	    organisation_create(f->s, 0, "IQ Netzwerk Hessen", "", "network", 0, "Hessen");
	f->org = organisation_create(f->s, 0, "Kompetenzfeststellung Frankfurt am Main", "",
	                             "teilprojekt", net, "Hessen");
	int64_t uid =
	    user_create(f->s, 0, "office@example.org", "Katrin Vogel", NULL, ROLE_ADMIN, 0);
	assert_true(uid > 0);
	assert_true(user_find_by_id(f->s, &f->a, uid, &f->office));
	assert_true(user_create(f->s, 0, "tp@example.org", "Thomas Berger", NULL, ROLE_SUBMITTER,
	                        f->org) > 0);
	f->call = call_create(f->s, uid, "Ausschreibungsrunde 2027/I", "", T0 - 10 * DAY,
	                      T0 + 30 * DAY, T0 + 60 * DAY, T0 + 70 * DAY);
	assert_true(f->call > 0);
	struct gate *gates = call_gates(f->s, &f->a, f->call, &f->ngates);
	memcpy(f->gates, gates, (f->ngates < 8 ? f->ngates : 8) * sizeof *gates);
	assert_int_equal(f->ngates, 4);
	f->proposal = add_proposal(f, "submitted");
	return STORE_OK;
}

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	user_set_pwhash_cost(PWHASH_MIN);
	temp_db_open(&f->s, f->path, sizeof f->path, "formal");
	time_set_fake(T0);
	TX_RUN(f->s, setup_seed, f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_end(f->s, f->path, &f->a);
	free(f);
	return 0;
}

static size_t
events(struct fixture *f, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)f->proposal);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	audit_list(f->s, &f->a, &filter, ev, 1, 0, &total);
	return total;
}

static const char *
state_of(struct fixture *f, int64_t id)
{
	struct stmt *st = store_stmt(f->s, &q_state);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *s = arena_strdup(&f->a, stmt_text(st, 0));
	stmt_done(st);
	return s;
}

static int64_t
rows(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &q_rows);
	stmt_bind_int(st, 1, f->proposal);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

/* Every gate with the same verdict. */
static int
save_all(struct fixture *f, enum gate_verdict v)
{
	struct gate_tick t[8];
	for (size_t i = 0; i < f->ngates; i++)
		t[i] = (struct gate_tick){f->gates[i].id, v, ""};
	return formal_check_save(f->s, f->office.id, f->proposal, t, f->ngates);
}

/* ---- the checklist ---- */

TX_TEST(test_list_starts_open_in_gate_order)
{
	struct fixture *f = *state;
	size_t n;
	struct gate_check *g = formal_check_list(f->s, &f->a, f->proposal, &n);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(g[i].gate.id, f->gates[i].id);
		assert_int_equal(g[i].verdict, GATE_OPEN);
		assert_string_equal(g[i].note, "");
		assert_int_equal(g[i].checked_at, 0);
	}
	assert_string_equal(g[0].gate.label_en, "Tested in practice");
	assert_false(formal_check_all_met(f->s, f->proposal));
	/* A proposal that does not exist has no checklist. */
	formal_check_list(f->s, &f->a, 999999, &n);
	assert_int_equal(n, 0);
}

TX_TEST(test_save_records_verdict_note_and_who)
{
	struct fixture *f = *state;
	time_set_fake(T0 + 3600);
	struct gate_tick t[2] = {{f->gates[0].id, GATE_MET, "Seit 2022 im Einsatz."},
	                         {f->gates[2].id, GATE_NOT_MET, "Zahlen fehlen."}};
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, t, 2), FORMAL_OK);
	size_t n;
	struct gate_check *g = formal_check_list(f->s, &f->a, f->proposal, &n);
	assert_int_equal(n, 4);
	assert_int_equal(g[0].verdict, GATE_MET);
	assert_string_equal(g[0].note, "Seit 2022 im Einsatz.");
	assert_int_equal(g[0].checked_by, f->office.id);
	assert_string_equal(g[0].checked_by_name, "Katrin Vogel");
	assert_int_equal(g[0].checked_at, T0 + 3600);
	assert_int_equal(g[1].verdict, GATE_OPEN);
	assert_int_equal(g[2].verdict, GATE_NOT_MET);
	assert_string_equal(g[2].note, "Zahlen fehlen.");
	assert_int_equal(events(f, "proposal.gate_check"), 1);
}

TX_TEST(test_save_unchanged_writes_no_event)
{
	struct fixture *f = *state;
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
	assert_int_equal(events(f, "proposal.gate_check"), 1);
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
	assert_int_equal(events(f, "proposal.gate_check"), 1);
	/* Open again removes the records. */
	assert_int_equal(save_all(f, GATE_OPEN), FORMAL_OK);
	assert_int_equal(rows(f), 0);
	assert_int_equal(events(f, "proposal.gate_check"), 2);
}

TX_TEST(test_save_refuses_foreign_gate_and_changes_nothing)
{
	struct fixture *f = *state;
	int64_t other = call_create(f->s, f->office.id, "Andere Runde", "", T0, T0 + DAY,
	                            T0 + 2 * DAY, T0 + 3 * DAY);
	size_t nog;
	struct gate *og = call_gates(f->s, &f->a, other, &nog);
	assert_int_equal(nog, 4);
	struct gate_tick t[2] = {{f->gates[0].id, GATE_MET, ""}, {og[0].id, GATE_MET, ""}};
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, t, 2),
	                 FORMAL_UNKNOWN_GATE);
	assert_int_equal(rows(f), 0);
	struct gate_tick bad = {f->gates[0].id, (enum gate_verdict)7, ""};
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, &bad, 1),
	                 FORMAL_UNKNOWN_GATE);
	assert_int_equal(events(f, "proposal.gate_check"), 0);
}

TX_TEST(test_save_refuses_overlong_note)
{
	struct fixture *f = *state;
	char *note = xmalloc(FORMAL_NOTE_MAX + 2);
	memset(note, 'x', FORMAL_NOTE_MAX + 1);
	note[FORMAL_NOTE_MAX + 1] = '\0';
	struct gate_tick t[2] = {{f->gates[0].id, GATE_MET, "gut"},
	                         {f->gates[1].id, GATE_MET, note}};
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, t, 2),
	                 FORMAL_NOTE_TOO_LONG);
	assert_int_equal(rows(f), 0);
	note[FORMAL_NOTE_MAX] = '\0'; /* exactly at the limit is fine */
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, t, 2), FORMAL_OK);
	free(note);
}

TX_TEST(test_save_only_while_the_check_is_open)
{
	struct fixture *f = *state;
	int64_t draft = add_proposal(f, "draft");
	struct gate_tick t = {f->gates[0].id, GATE_MET, ""};
	assert_int_equal(formal_check_save(f->s, f->office.id, draft, &t, 1), FORMAL_NOT_OPEN);
	assert_int_equal(formal_check_save(f->s, f->office.id, 999999, &t, 1), FORMAL_ERROR);
	int64_t again = add_proposal(f, "resubmitted");
	assert_int_equal(formal_check_save(f->s, f->office.id, again, &t, 1), FORMAL_OK);
	assert_true(formal_check_open(PS_SUBMITTED));
	assert_true(formal_check_open(PS_RESUBMITTED));
	assert_false(formal_check_open(PS_RETURNED));
	assert_false(formal_check_open(PS_ELIGIBLE));
}

TX_TEST(test_all_met)
{
	struct fixture *f = *state;
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
	assert_true(formal_check_all_met(f->s, f->proposal));
	struct gate_tick t = {f->gates[3].id, GATE_NOT_MET, "passt nicht"};
	assert_int_equal(formal_check_save(f->s, f->office.id, f->proposal, &t, 1), FORMAL_OK);
	assert_false(formal_check_all_met(f->s, f->proposal));
}

/* ---- the outcome ---- */

TX_TEST(test_eligible_needs_every_gate_met)
{
	struct fixture *f = *state;
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_ELIGIBLE, ""),
	                 FORMAL_GATES_OPEN);
	assert_string_equal(state_of(f, f->proposal), "submitted");
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_ELIGIBLE, ""),
	                 FORMAL_OK);
	assert_string_equal(state_of(f, f->proposal), "eligible");
	assert_int_equal(events(f, "proposal.formal_check"), 1);
	/* Decided is decided: neither the checklist nor the outcome change afterwards. */
	assert_int_equal(save_all(f, GATE_OPEN), FORMAL_NOT_OPEN);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_INELIGIBLE, "x"),
	                 FORMAL_NOT_OPEN);
	assert_string_equal(state_of(f, f->proposal), "eligible");
}

TX_TEST(test_ineligible_needs_a_reason)
{
	struct fixture *f = *state;
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_INELIGIBLE, "  "),
	                 PROPOSAL_NOT_EDITABLE);
	assert_string_equal(state_of(f, f->proposal), "submitted");
	/* Not met gates are no obstacle to ineligible: they are its grounds. */
	assert_int_equal(save_all(f, GATE_NOT_MET), FORMAL_OK);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_INELIGIBLE,
	                                     "Noch nicht in der Praxis erprobt."),
	                 FORMAL_OK);
	assert_string_equal(state_of(f, f->proposal), "ineligible");
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, f->proposal, &p));
	assert_string_equal(p.state_reason, "Noch nicht in der Praxis erprobt.");
}

TX_TEST(test_return_puts_the_message_in_the_thread)
{
	struct fixture *f = *state;
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_RETURNED, ""),
	                 PROPOSAL_NOT_EDITABLE);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_RETURNED,
	                                     "Bitte ergänzen Sie Zahlen."),
	                 FORMAL_OK);
	assert_string_equal(state_of(f, f->proposal), "returned");
	size_t nm;
	struct proposal_message *m = proposal_messages(f->s, &f->a, f->proposal, &nm);
	assert_int_equal(nm, 1);
	assert_true(m[0].from_office);
	assert_string_equal(m[0].body, "Bitte ergänzen Sie Zahlen.");
	assert_string_equal(m[0].author_name, "Katrin Vogel");
	/* Returned: the check waits for the resubmission. */
	assert_int_equal(save_all(f, GATE_MET), FORMAL_NOT_OPEN);
	struct stmt *st = store_stmt(f->s, &q_set_state);
	stmt_bind_int(st, 1, f->proposal);
	stmt_bind_text(st, 2, "resubmitted");
	assert_int_equal(stmt_exec(st), STORE_OK);
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
}

TX_TEST(test_other_outcomes_refused)
{
	struct fixture *f = *state;
	assert_int_equal(save_all(f, GATE_MET), FORMAL_OK);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_SELECTED, "x"),
	                 PROPOSAL_NOT_EDITABLE);
	assert_int_equal(formal_check_decide(f->s, &f->office, f->proposal, PS_WITHDRAWN, "x"),
	                 PROPOSAL_NOT_EDITABLE);
	assert_int_equal(formal_check_decide(f->s, &f->office, 999999, PS_ELIGIBLE, ""),
	                 FORMAL_ERROR);
	assert_string_equal(state_of(f, f->proposal), "submitted");
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_list_starts_open_in_gate_order),
	    T(test_save_records_verdict_note_and_who),
	    T(test_save_unchanged_writes_no_event),
	    T(test_save_refuses_foreign_gate_and_changes_nothing),
	    T(test_save_refuses_overlong_note),
	    T(test_save_only_while_the_check_is_open),
	    T(test_all_met),
	    T(test_eligible_needs_every_gate_met),
	    T(test_ineligible_needs_a_reason),
	    T(test_return_puts_the_message_in_the_thread),
	    T(test_other_outcomes_refused),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

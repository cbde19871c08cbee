/* Shared by the unit tests of decisions (test_decision_*.c): see decision_fixture.h. */
#include "decision_fixture.h"

#include "domain/audit.h"
#include "domain/call.h"
#include "domain/conflict.h"
#include "domain/organisation.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

static const struct store_query q_count_rows = {
    "t_decision_count",
    "SELECT (SELECT count(*) FROM decision), (SELECT count(*) FROM decision_version), "
    "(SELECT count(*) FROM decision_vote), (SELECT count(*) FROM audit_event), "
    "(SELECT count(*) FROM outbox)"};

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
	/* In the setup's transaction. */
	assert_int_equal(review_save(f->s, u, pid, &r, true, pr, 32, &npr), REVIEW_OK);
}

/* What setup writes, in one transaction as a caller would. */
static int
setup_seed(struct store *tx_s, void *arg)
{
	struct fixture *f = arg;
	(void)tx_s;
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
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m1, NULL), BOARD_OK);
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m2, NULL), BOARD_OK);
	assert_int_equal(board_member_add(s, f->admin, f->call, f->m3, "network"), BOARD_OK);
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
	return STORE_OK;
}

int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "decision");
	time_set_fake(T0);
	TX_RUN(f->s, setup_seed, f);
	*state = f;
	return 0;
}

int
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

/* An input with every justification given and votes for m1 and m2 (present). */
void
input(struct fixture *f, struct decision_input *in, enum proposal_state outcome)
{
	memset(in, 0, sizeof *in);
	in->outcome = outcome;
	for (size_t i = 0; i < f->nleaf; i++)
		in->just[in->njust++] = (struct decision_text){
		    f->leaf[i], "Das Gremium würdigt die klare Dokumentation."};
	in->votes[in->nvotes++] =
	    (struct decision_ballot){.user_id = f->m1, .present = true, .vote = VOTE_YES};
	in->votes[in->nvotes++] =
	    (struct decision_ballot){.user_id = f->m2, .present = true, .vote = VOTE_YES};
}

void
count_rows(struct fixture *f, struct counts *c)
{
	struct stmt *st = store_stmt(f->s, &q_count_rows);
	assert_int_equal(stmt_step(st), STORE_ROW);
	c->decisions = stmt_int(st, 0);
	c->versions = stmt_int(st, 1);
	c->votes = stmt_int(st, 2);
	c->events = stmt_int(st, 3);
	c->mails = stmt_int(st, 4);
	stmt_done(st);
}

void
assert_unchanged(struct fixture *f, const struct counts *before, int64_t pid,
                 enum proposal_state state)
{
	struct counts now;
	count_rows(f, &now);
	assert_memory_equal(&now, before, sizeof now);
	struct proposal p;
	assert_true(proposal_find(f->s, &f->a, pid, &p));
	assert_int_equal(p.state, state);
}

/* Runs decision_record or decision_amend in a transaction the way the pages do: commit
 * on success, roll back on any refusal. */
struct decide_tx {
	struct fixture *f;
	int64_t pid;
	const struct decision_input *in;
	bool amend;
};

static int
decide_body(struct store *s, void *arg)
{
	struct decide_tx *t = arg;
	struct decision_problem pr[32];
	size_t npr;
	const struct user *u = &t->f->u_admin;
	return t->amend ? decision_amend(s, u, t->pid, t->in, pr, 32, &npr)
	                : decision_record(s, u, t->pid, t->in, pr, 32, &npr);
}

int
record(struct fixture *f, int64_t pid, const struct decision_input *in)
{
	struct decide_tx t = {f, pid, in, false};
	return store_tx(f->s, decide_body, &t);
}

int
amend(struct fixture *f, int64_t pid, const struct decision_input *in)
{
	struct decide_tx t = {f, pid, in, true};
	return store_tx(f->s, decide_body, &t);
}

/* letter_send in a transaction of its own; *n gets the recipients. */
struct letter_tx {
	struct fixture *f;
	int64_t pid, *n;
};

static int
letter_body(struct store *s, void *arg)
{
	struct letter_tx *t = arg;
	return letter_send(s, t->f->admin, t->pid, t->n);
}

int
send_letter(struct fixture *f, int64_t pid, int64_t *n)
{
	struct letter_tx t = {f, pid, n};
	return store_tx(f->s, letter_body, &t);
}

static int
change_body(struct store *s, void *arg)
{
	struct change_tx *t = arg;
	struct fixture *f = t->f;
	switch (t->what) {
	case CH_MEETING:
		return decision_meeting_save(s, f->admin, f->call, t->held_at, "", t->present,
		                             t->npresent);
	case CH_TEMPLATE_SAVE:
		return letter_template_save(s, f->admin, f->call, LANG_DE, PS_SELECTED, t->subject,
		                            t->body, t->field, t->problem);
	case CH_TEMPLATE_RESET:
		return letter_template_reset(s, f->admin, f->call, LANG_DE, PS_SELECTED);
	case CH_WITHDRAW_B:
		return proposal_withdraw(s, f->admin, f->p_b);
	default:
		return call_set_phase(s, f->admin, f->call, PHASE_CLOSED);
	}
}

int
change(struct change_tx t)
{
	return store_tx(t.f->s, change_body, &t);
}

int
meeting_save(struct fixture *f, int64_t held_at, const int64_t *present, size_t n)
{
	return change((struct change_tx){
	    .f = f, .what = CH_MEETING, .held_at = held_at, .present = present, .npresent = n});
}

int
template_save(struct fixture *f, const char *subject, const char *body, const char **field,
              const char **problem)
{
	return change((struct change_tx){.f = f,
	                                 .what = CH_TEMPLATE_SAVE,
	                                 .subject = subject,
	                                 .body = body,
	                                 .field = field,
	                                 .problem = problem});
}

void
meeting_all(struct fixture *f)
{
	int64_t present[] = {f->m1, f->m2, f->m3};
	assert_int_equal(meeting_save(f, T0 - DAY, present, 3), DECISION_OK);
}

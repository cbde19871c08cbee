/* The board review of five in a fresh database (review_fixture.h). */
#include "review_fixture.h"
#include "domain/mail.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static const struct store_query fx_q_count = {"t_fx_count", "SELECT count(*) FROM outbox "
                                                            "WHERE to_addr = ?1"};
static const struct store_query fx_q_total = {"t_fx_total", "SELECT count(*) FROM outbox"};
static const struct store_query fx_q_last = {
    "t_fx_last", "SELECT subject, body FROM outbox WHERE to_addr = ?1 ORDER BY id DESC LIMIT 1"};
static const struct store_query fx_q_audit = {"t_fx_audit",
                                              "SELECT count(*) FROM audit_event WHERE action = ?1"};

/* What fx_setup writes, in one transaction as a caller would. */
static int
fx_setup_seed(struct store *tx_s, void *arg)
{
	struct fixture *f = arg;
	(void)tx_s;
	struct store *s = f->s;
	f->funder = organisation_create(s, 0, "BMAS", "BMAS", "funder", 0, "");
	f->transfer = organisation_create(s, 0, "MUT IQ", "", "transfer_project", 0, "");
	f->fachstelle = organisation_create(s, 0, "Fachstelle Beratung", "", "fachstelle", 0, "");
	f->network = organisation_create(s, 0, "IQ Netzwerk Berlin", "", "network", 0, "Berlin");
	int64_t other = organisation_create(s, 0, "IQ Netzwerk Bayern", "", "network", 0, "Bayern");
	f->tp_a = organisation_create(s, 0, "TP Berlin", "", "teilprojekt", f->network, "Berlin");
	f->tp_b = organisation_create(s, 0, "TP München", "", "teilprojekt", other, "Bayern");
	f->admin = user_create(s, 0, "office@example.org", "Office", NULL, ROLE_ADMIN, 0);
	assert_true(user_find_by_id(s, &f->a, f->admin, &f->u_admin));
	f->submitter =
	    user_create(s, 0, "tp@example.org", "Sub-project", NULL, ROLE_SUBMITTER, f->tp_a);
	assert_true(user_find_by_id(s, &f->a, f->submitter, &f->u_sub));
	f->m1 =
	    add_board_member(s, &f->a, "m1@example.org", "Anna Eins", f->funder, "funder", &f->u1);
	f->m2 =
	    add_board_member(s, &f->a, "m2@example.org", "Bernd Zwei", f->funder, "funder", &f->u2);
	f->m3 = add_board_member(s, &f->a, "m3@example.org", "Clara Drei", f->network, "network",
	                         &f->u3);
	f->m4 = add_board_member(s, &f->a, "m4@example.org", "Dora Vier", f->fachstelle,
	                         "fachstelle", &f->u4);
	f->m5 = add_board_member(s, &f->a, "m5@example.org", "Emil Fünf", f->transfer,
	                         "transfer_project", &f->u5);
	f->outsider = add_board_member(s, &f->a, "out@example.org", "Olga Außen", f->funder,
	                               "funder", &f->u_out);
	f->call = call_create(s, f->admin, "Runde 2027", "", T0 - 20 * DAY, T0 - 10 * DAY, UNTIL,
	                      T0 + 14 * DAY);
	assert_true(f->call > 0);
	f->p_a = add_eligible_proposal(s, f->call, f->tp_a, "Lotsen Berlin", f->admin);
	f->p_b = add_eligible_proposal(s, f->call, f->tp_b, "Pflege München", f->admin);
	f->p_c = add_eligible_proposal(s, f->call, f->tp_b, "Brücke Bayern", f->admin);
	const int64_t members[] = {f->m1, f->m2, f->m3, f->m4, f->m5};
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(board_member_add(s, f->admin, f->call, members[i], NULL),
		                 BOARD_OK);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_OPEN), 0);
	int64_t last_mail = mail_last_id(s);
	assert_int_equal(call_set_phase(s, f->admin, f->call, PHASE_REVIEW), 0);
	/* The start of the review told the five members (board_tell_review_start); dropped, so
	 * the tests count only the mail they cause. */
	assert_int_equal(mail_last_id(s) - last_mail, 5);
	assert_int_equal(mail_discard_after(s, last_mail), 0);
	return STORE_OK;
}

/* The database "review-more", seeded in one transaction; quiet log, the clock at T0. */
int
fx_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "review-more");
	time_set_fake(T0);
	TX_RUN(f->s, fx_setup_seed, f);
	*state = f;
	return 0;
}

/* Checks the audit chain, then removes the database. */
int
fx_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_end(f->s, f->path, &f->a);
	free(f);
	return 0;
}

/* The arguments of fx_rate's transaction. */
struct fx_rate_tx {
	struct fixture *f;
	const struct user *u;
	int64_t pid;
	int score;
	bool submit;
};

/* The transaction of fx_rate. */
static int
fx_rate_body(struct store *s, void *arg)
{
	struct fx_rate_tx *t = arg;
	struct review r;
	memset(&r, 0, sizeof r);
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t n = review_leaf_criteria(s, &t->f->a, t->f->call, leaves, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < n; i++)
		r.scores[r.nscores++] = (struct review_score){leaves[i].id, t->score, "Begründet."};
	r.recommendation = REC_SELECT;
	r.comment = "";
	struct review_problem pr[32];
	size_t npr;
	return review_save(s, t->u, t->pid, &r, t->submit, pr, 32, &npr);
}

/* Saves a rating with every leaf criterion at score, in the test's transaction if any. */
int
fx_rate(struct fixture *f, const struct user *u, int64_t pid, int score, bool submit)
{
	struct fx_rate_tx t = {f, u, pid, score, submit};
	if (store_in_transaction(f->s))
		return fx_rate_body(f->s, &t);
	return store_tx(f->s, fx_rate_body, &t);
}

/* How many e-mails to `to` the outbox holds. */
int64_t
fx_mails_to(struct fixture *f, const char *to)
{
	struct stmt *st = store_stmt(f->s, &fx_q_count);
	stmt_bind_text(st, 1, to);
	int64_t n = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return n;
}

/* How many e-mails the outbox holds. */
int64_t
fx_mails(struct fixture *f)
{
	struct stmt *st = store_stmt(f->s, &fx_q_total);
	int64_t n = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return n;
}

/* The newest e-mail to `to` as "subject\n\nbody", in f's arena; NULL when there is none. */
const char *
fx_last_mail(struct fixture *f, const char *to)
{
	struct stmt *st = store_stmt(f->s, &fx_q_last);
	stmt_bind_text(st, 1, to);
	const char *m = stmt_step(st) == STORE_ROW
	                    ? arena_printf(&f->a, "%s\n\n%s", stmt_text(st, 0), stmt_text(st, 1))
	                    : NULL;
	stmt_done(st);
	return m;
}

/* How many audit events with this action there are. */
int64_t
fx_audits(struct fixture *f, const char *action)
{
	struct stmt *st = store_stmt(f->s, &fx_q_audit);
	stmt_bind_text(st, 1, action);
	int64_t n = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : -1;
	stmt_done(st);
	return n;
}

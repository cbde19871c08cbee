/* DESIGN.md §3 in one table: every role × every question of access.h, in each phase of a
 * call and for the proposal states that change an answer, against a seeded database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "domain/access.h"
#include "domain/board.h"

#include "review_fixture.h"

enum role {
	R_ANON,       /* not logged in */
	R_OWN,        /* a submitter of the proposal's organisation */
	R_OTHER,      /* a submitter of another organisation */
	R_MEMBER,     /* on the call's board */
	R_CONFLICTED, /* on the call's board, conflicted automatically (network) */
	R_OFF_BOARD,  /* holds the board role, not on this call's board */
	R_ADMIN,      /* the coordination office */
	R_ADMIN_CONF, /* office and on the board, conflicted (set by the office) */
	R_COUNT
};
static const char *const role_names[R_COUNT] = {"public",
                                                "own submitter",
                                                "other submitter",
                                                "board member",
                                                "conflicted member",
                                                "off-board member",
                                                "admin",
                                                "conflicted admin on the board"};

enum question {
	Q_READ,       /* access_may_read_proposal */
	Q_EDIT,       /* access_may_edit_proposal */
	Q_WITHDRAW,   /* access_may_withdraw */
	Q_CARRY,      /* access_may_carry_over */
	Q_QUESTION,   /* access_may_post_question */
	Q_REVIEW,     /* access_may_read_review */
	Q_RATE,       /* access_may_rate */
	Q_DECLARE,    /* access_may_declare_conflict */
	Q_RATINGS,    /* access_may_see_ratings */
	Q_DISCUSSION, /* access_may_read_discussion */
	Q_POST,       /* access_may_post_discussion */
	Q_REQUEST,    /* access_may_request_rating */
	Q_DECISION,   /* access_may_read_decision */
	Q_COUNT
};
static const char *const question_names[Q_COUNT] = {
    "read proposal",   "edit",         "withdraw",         "carry over", "question thread",
    "board page",      "rate",         "declare conflict", "ratings",    "read discussion",
    "post discussion", "ask one more", "board's decision"};

/* One letter per answer in the tables below. */
static enum access_result
answer_of(char c)
{
	switch (c) {
	case 'A':
		return ACCESS_ALLOWED;
	case 'N':
		return ACCESS_NOT_FOUND;
	case 'C':
		return ACCESS_CONFLICTED;
	case 'F':
		return ACCESS_FORBIDDEN;
	case 'X':
		return ACCESS_CLOSED;
	case 'P':
		return ACCESS_PENDING;
	}
	fail_msg("unknown answer letter %c", c);
	return ACCESS_NOT_FOUND;
}

static enum access_result
ask(struct store *s, enum question q, const struct user *u, const struct proposal *p)
{
	switch (q) {
	case Q_READ:
		return access_may_read_proposal(s, u, p);
	case Q_EDIT:
		return access_may_edit_proposal(s, u, p);
	case Q_WITHDRAW:
		return access_may_withdraw(s, u, p);
	case Q_CARRY:
		return access_may_carry_over(s, u, p);
	case Q_QUESTION:
		return access_may_post_question(s, u, p);
	case Q_REVIEW:
		return access_may_read_review(s, u, p);
	case Q_RATE:
		return access_may_rate(s, u, p, NULL);
	case Q_DECLARE:
		return access_may_declare_conflict(s, u, p);
	case Q_RATINGS:
		return access_may_see_ratings(s, u, p, NULL);
	case Q_DISCUSSION:
		return access_may_read_discussion(s, u, p);
	case Q_POST:
		return access_may_post_discussion(s, u, p);
	case Q_REQUEST:
		return access_may_request_rating(s, u, p);
	case Q_DECISION:
		return access_may_read_decision(s, u, p);
	case Q_COUNT:
		break;
	}
	return ACCESS_NOT_FOUND;
}

struct people {
	const struct user *who[R_COUNT];
	struct user other, admin_conf;
};

/* The two roles review_fixture.h does not have: a submitter of another organisation, and
 * an office member on the board who is conflicted on p_a. */
static void
people(struct fixture *f, struct people *pp)
{
	struct store *s = f->s;
	int64_t other =
	    user_create(s, 0, "tp-b@example.org", "Sub-project B", NULL, ROLE_SUBMITTER, f->tp_b);
	assert_true(user_find_by_id(s, &f->a, other, &pp->other));
	int64_t ac = add_board_member(s, &f->a, "ac@example.org", "Ada Amt", f->transfer,
	                              "transfer_project", &pp->admin_conf);
	assert_int_equal(user_set_roles(s, 0, ac, ROLE_ADMIN | ROLE_BOARD), 0);
	assert_int_equal(board_member_add(s, f->admin, f->call, ac, NULL), BOARD_OK);
	assert_int_equal(conflict_set(s, f->admin, f->p_a, ac, "Berät den Träger."), CONFLICT_OK);
	assert_true(user_find_by_id(s, &f->a, ac, &pp->admin_conf));
	pp->who[R_ANON] = NULL;
	pp->who[R_OWN] = &f->u_sub;
	pp->who[R_OTHER] = &pp->other;
	pp->who[R_MEMBER] = &f->u1;
	pp->who[R_CONFLICTED] = &f->u3;
	pp->who[R_OFF_BOARD] = &f->u_out;
	pp->who[R_ADMIN] = &f->u_admin;
	pp->who[R_ADMIN_CONF] = &pp->admin_conf;
}

/* Checks every cell of table (one string per role, one letter per question, spaces
 * ignored) for proposal p; names the cell that differs. */
static void
check_table(struct fixture *f, const struct people *pp, const struct proposal *p,
            const char *const table[R_COUNT], const char *scene)
{
	for (int r = 0; r < R_COUNT; r++) {
		const char *row = table[r];
		int q = 0;
		for (const char *c = row; *c; c++) {
			if (*c == ' ')
				continue;
			assert_true(q < Q_COUNT);
			enum access_result want = answer_of(*c);
			enum access_result got = ask(f->s, (enum question)q, pp->who[r], p);
			if (got != want)
				fail_msg("%s: %s, %s: expected %c, got %d", scene, role_names[r],
				         question_names[q], *c, (int)got);
			q++;
		}
		assert_int_equal(q, Q_COUNT);
	}
}

/* clang-format off */
/* One letter per question, in the order of enum question: Read the proposal, Edit,
 * Withdraw, Carry over, the Question thread | the Board page, Rate, Declare a conflict,
 * See the ratings, read the dIscussion, Post in it, asK one more member | the Decision.
 * Answers: A allowed, N not found, C conflicted, F forbidden, X closed, P pending.
 * The proposal p_a is past the formal check, in review. The call in review: */
static const char *const in_review[R_COUNT] = {
    /*                  R E W C Q  B R D S I P K  D */
    [R_ANON]         = "N F F F F  N N F N N N N  N",
    [R_OWN]          = "A X A A A  N N F N N N N  N",
    [R_OTHER]        = "N F F F F  N N F N N N N  N",
    [R_MEMBER]       = "A F F F F  A A A P A A N  A",
    [R_CONFLICTED]   = "N F F F F  C C A C C C N  N",
    [R_OFF_BOARD]    = "N F F F F  N N F N N N N  N",
    [R_ADMIN]        = "A F F F A  A N F A A A A  A",
    /* A conflicted office member who sits on the board too is excluded in both roles:
     * not the proposal's page, not the question thread, not the board's pages. */
    [R_ADMIN_CONF]   = "C F F F C  C C A C C C C  C",
};

/* The call in deciding: rating is over, the discussion and the pages stay. */
static const char *const deciding[R_COUNT] = {
    /*                  R E W C Q  B R D S I P K  D */
    [R_ANON]         = "N F F F F  N N F N N N N  N",
    [R_OWN]          = "A X A A A  N N F N N N N  N",
    [R_OTHER]        = "N F F F F  N N F N N N N  N",
    [R_MEMBER]       = "A F F F F  A X A P A A N  A",
    [R_CONFLICTED]   = "N F F F F  C C A C C C N  N",
    [R_OFF_BOARD]    = "N F F F F  N N F N N N N  N",
    [R_ADMIN]        = "A F F F A  A N F A A A A  A",
    [R_ADMIN_CONF]   = "C F F F C  C C A C C C C  C",
};

/* The call closed: the board's pages are gone for members; the office keeps them, but
 * the discussion is closed. */
static const char *const closed[R_COUNT] = {
    /*                  R E W C Q  B R D S I P K  D */
    [R_ANON]         = "N F F F F  N N F N N N N  N",
    [R_OWN]          = "A X A A A  N N F N N N N  N",
    [R_OTHER]        = "N F F F F  N N F N N N N  N",
    [R_MEMBER]       = "N F F F F  N X A N N N N  N",
    [R_CONFLICTED]   = "N F F F F  C C A C C C N  N",
    [R_OFF_BOARD]    = "N F F F F  N N F N N N N  N",
    [R_ADMIN]        = "A F F F A  A N F A A X A  A",
    [R_ADMIN_CONF]   = "C F F F C  C C A C C C C  C",
};
/* clang-format on */

TX_TEST(test_table_by_phase)
{
	struct fixture *f = *state;
	struct people pp;
	people(f, &pp);
	struct proposal pa;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	check_table(f, &pp, &pa, in_review, "in review");
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_DECIDING), 0);
	check_table(f, &pp, &pa, deciding, "deciding");
	assert_int_equal(call_set_phase(f->s, f->admin, f->call, PHASE_CLOSED), 0);
	check_table(f, &pp, &pa, closed, "closed");
}

/* The proposal's state, seen by its sub-project, the office and a board member (the call
 * in review): what each may do with it. A draft or a revision is not editable either: the
 * call has moved on, so it could never be submitted (issue #10). */
struct state_row {
	enum proposal_state state;
	const char *own, *admin, *member; /* READ EDIT WITHDRAW | REVIEW RATE */
};
static const struct state_row states[] = {
    {PS_DRAFT, "A X A  N N", "A F F  N N", "N F F  N X"},
    {PS_SUBMITTED, "A X A  N N", "A F F  A N", "N F F  N X"},
    {PS_RETURNED, "A X A  N N", "A F F  A N", "N F F  N X"},
    {PS_ELIGIBLE, "A X A  N N", "A F F  A N", "A F F  A A"},
    {PS_INELIGIBLE, "A X X  N N", "A F F  A N", "N F F  N X"},
    {PS_IN_REVIEW, "A X A  N N", "A F F  A N", "A F F  A A"},
    {PS_SELECTED, "A X X  N N", "A F F  A N", "A F F  A X"},
    {PS_DEFERRED, "A X X  N N", "A F F  A N", "A F F  A X"},
    {PS_PUBLISHED, "A X X  N N", "A F F  A N", "A F F  A X"},
    {PS_WITHDRAWN, "A X X  N N", "A F F  A N", "N F F  N X"},
};

static void
check_state_row(struct fixture *f, const struct user *u, const struct proposal *p, const char *row,
                const char *who)
{
	static const enum question qs[] = {Q_READ, Q_EDIT, Q_WITHDRAW, Q_REVIEW, Q_RATE};
	size_t q = 0;
	for (const char *c = row; *c; c++) {
		if (*c == ' ')
			continue;
		enum access_result got = ask(f->s, qs[q], u, p);
		if (got != answer_of(*c))
			fail_msg("state %s, %s, %s: expected %c, got %d",
			         proposal_state_name(p->state), who, question_names[qs[q]], *c,
			         (int)got);
		q++;
	}
	assert_int_equal(q, sizeof qs / sizeof qs[0]);
}

static void
test_table_by_state(void **state)
{
	struct fixture *f = *state;
	struct proposal pa;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
		/* The answers read the state from the proposal as the caller loaded it. */
		struct proposal p = pa;
		p.state = states[i].state;
		check_state_row(f, &f->u_sub, &p, states[i].own, "own submitter");
		check_state_row(f, &f->u_admin, &p, states[i].admin, "admin");
		check_state_row(f, &f->u1, &p, states[i].member, "board member");
		/* A draft has no decision page, as it has no board page. */
		if (p.state == PS_DRAFT)
			assert_int_equal(access_may_read_decision(f->s, &f->u_admin, &p),
			                 ACCESS_NOT_FOUND);
		else
			assert_int_equal(access_may_read_decision(f->s, &f->u_admin, &p),
			                 ACCESS_ALLOWED);
	}
}

/* One change of the review, in a transaction of its own as a page runs it. */
enum event { EV_SHOW_AT_ONCE, EV_ASSIGNMENTS, EV_ASSIGN_M2, EV_DECLARE_M2 };
struct event_tx {
	struct fixture *f;
	enum event what;
};

static int
event_body(struct store *s, void *arg)
{
	struct event_tx *t = arg;
	struct fixture *f = t->f;
	switch (t->what) {
	case EV_SHOW_AT_ONCE:
		return review_set_visibility(s, f->admin, f->call, false);
	case EV_ASSIGNMENTS:
		return review_set_assignment_mode(s, f->admin, f->call, true);
	case EV_ASSIGN_M2:
		return review_assign(s, f->admin, f->p_b, f->m2);
	case EV_DECLARE_M2:
		return conflict_declare(s, &f->u2, f->p_b, "Früher dort tätig.");
	}
	return STORE_ERR;
}

static int
event(struct fixture *f, enum event what)
{
	struct event_tx t = {f, what};
	return store_tx(f->s, event_body, &t);
}

/* The answers that depend on what happened in the review: the deadline, assignments, one's
 * own submitted rating, a conflict declared later. */
static void
test_review_events(void **state)
{
	struct fixture *f = *state;
	struct proposal pa, pb;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	assert_true(proposal_find(f->s, &f->a, f->p_b, &pb));
	int why = -99;
	/* Others' ratings wait for one's own; then they show. */
	assert_int_equal(access_may_see_ratings(f->s, &f->u1, &pa, &why), ACCESS_PENDING);
	assert_int_equal(why, REVIEW_HIDDEN);
	assert_int_equal(fx_rate(f, &f->u1, f->p_a, 2, true), REVIEW_OK);
	assert_int_equal(access_may_see_ratings(f->s, &f->u1, &pa, &why), ACCESS_ALLOWED);
	assert_int_equal(why, REVIEW_OK);
	/* A call that shows them at once. */
	assert_int_equal(event(f, EV_SHOW_AT_ONCE), REVIEW_OK);
	assert_int_equal(access_may_see_ratings(f->s, &f->u2, &pa, NULL), ACCESS_ALLOWED);
	/* Assignments: the unassigned member may read but not rate. */
	assert_int_equal(event(f, EV_ASSIGNMENTS), REVIEW_OK);
	assert_int_equal(access_may_rate(f->s, &f->u2, &pb, &why), ACCESS_FORBIDDEN);
	assert_int_equal(why, REVIEW_NOT_ASSIGNED);
	assert_int_equal(access_may_read_review(f->s, &f->u2, &pb), ACCESS_ALLOWED);
	assert_int_equal(event(f, EV_ASSIGN_M2), REVIEW_OK);
	assert_int_equal(access_may_rate(f->s, &f->u2, &pb, NULL), ACCESS_ALLOWED);
	/* A conflict declared later hides the proposal from that member at once. */
	assert_int_equal(event(f, EV_DECLARE_M2), CONFLICT_OK);
	assert_int_equal(access_may_read_review(f->s, &f->u2, &pb), ACCESS_CONFLICTED);
	assert_int_equal(access_may_rate(f->s, &f->u2, &pb, &why), ACCESS_CONFLICTED);
	assert_int_equal(why, REVIEW_CONFLICTED);
	assert_int_equal(access_may_read_proposal(f->s, &f->u2, &pb), ACCESS_NOT_FOUND);
	assert_int_equal(access_may_read_discussion(f->s, &f->u2, &pb), ACCESS_CONFLICTED);
	/* After the deadline, on the server's clock, nobody rates. */
	time_set_fake(UNTIL);
	assert_int_equal(access_may_rate(f->s, &f->u1, &pa, &why), ACCESS_CLOSED);
	assert_int_equal(why, REVIEW_DEADLINE);
	assert_int_equal(access_may_read_review(f->s, &f->u1, &pa), ACCESS_ALLOWED);
}

/* Files: whoever may read the proposal; a removed one only the office; another
 * proposal's never through this one. */
static void
test_attachments(void **state)
{
	struct fixture *f = *state;
	struct proposal pa;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	struct attachment cur = {.id = 1, .proposal_id = f->p_a};
	struct attachment gone = {.id = 2, .proposal_id = f->p_a, .removed_at = T0};
	struct attachment foreign = {.id = 3, .proposal_id = f->p_b};
	assert_int_equal(access_may_read_attachment(f->s, &f->u_sub, &pa, &cur), ACCESS_ALLOWED);
	assert_int_equal(access_may_read_attachment(f->s, &f->u1, &pa, &cur), ACCESS_ALLOWED);
	assert_int_equal(access_may_read_attachment(f->s, &f->u_admin, &pa, &cur), ACCESS_ALLOWED);
	assert_int_equal(access_may_read_attachment(f->s, &f->u3, &pa, &cur), ACCESS_NOT_FOUND);
	assert_int_equal(access_may_read_attachment(f->s, NULL, &pa, &cur), ACCESS_NOT_FOUND);
	assert_int_equal(access_may_read_attachment(f->s, &f->u_sub, &pa, &gone), ACCESS_NOT_FOUND);
	assert_int_equal(access_may_read_attachment(f->s, &f->u1, &pa, &gone), ACCESS_NOT_FOUND);
	assert_int_equal(access_may_read_attachment(f->s, &f->u_admin, &pa, &gone), ACCESS_ALLOWED);
	assert_int_equal(access_may_read_attachment(f->s, &f->u_admin, &pa, &foreign),
	                 ACCESS_NOT_FOUND);
}

/* An office member conflicted on the proposal opens neither its page nor its files. */
TX_TEST(test_attachments_hidden_from_a_conflicted_office_member)
{
	struct fixture *f = *state;
	struct people pp;
	people(f, &pp);
	struct proposal pa;
	assert_true(proposal_find(f->s, &f->a, f->p_a, &pa));
	struct attachment cur = {.id = 1, .proposal_id = f->p_a};
	assert_int_equal(access_may_read_proposal(f->s, &pp.admin_conf, &pa), ACCESS_CONFLICTED);
	assert_int_equal(access_may_post_question(f->s, &pp.admin_conf, &pa), ACCESS_CONFLICTED);
	assert_int_equal(access_may_read_attachment(f->s, &pp.admin_conf, &pa, &cur),
	                 ACCESS_CONFLICTED);
	assert_int_equal(access_may_read_decision(f->s, &pp.admin_conf, &pa), ACCESS_CONFLICTED);
	/* The call's record shows every vote: not for an office member conflicted on one. */
	assert_int_equal(access_may_read_decision_record(f->s, &pp.admin_conf, f->call),
	                 ACCESS_CONFLICTED);
	assert_int_equal(access_may_read_decision_record(f->s, &f->u_admin, f->call),
	                 ACCESS_ALLOWED);
	assert_int_equal(access_may_read_decision_record(f->s, &f->u1, f->call), ACCESS_FORBIDDEN);
}

/* The statuses the pages send for each answer. */
static void
test_http_status(void **state)
{
	(void)state;
	assert_int_equal(access_http_status(ACCESS_ALLOWED), 200);
	assert_int_equal(access_http_status(ACCESS_PENDING), 200);
	assert_int_equal(access_http_status(ACCESS_NOT_FOUND), 404);
	assert_int_equal(access_http_status(ACCESS_CONFLICTED), 404);
	assert_int_equal(access_http_status(ACCESS_FORBIDDEN), 403);
	assert_int_equal(access_http_status(ACCESS_CLOSED), 409);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_table_by_phase, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_table_by_state, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_review_events, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_attachments, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_attachments_hidden_from_a_conflicted_office_member,
	                                    fx_setup, fx_teardown),
	    cmocka_unit_test(test_http_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

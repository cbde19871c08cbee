/* The board's writes: saving or submitting one's own rating of a proposal, and declaring a
 * conflict of interest. The rules (membership, conflicts, deadline, scale, required
 * justifications) are checked by domain/review.c inside the transaction. */
#include "domain/access.h"
#include "domain/conflict.h"
#include "domain/review.h"
#include "pages/review_pages.h"
#include "pages/view_result.h"
#include "pages/view_review.h"
#include "pages/view_review_proposal.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

static const char *const actions[] = {"save", "submit", NULL};
static const char *const recommendations[] = {"select", "dont_select", "discuss", NULL};

#define CRITERION_KEYS(i)                                                                          \
	{"score_" #i, FORM_INT, false, 0, 100, NULL},                                              \
	{                                                                                          \
		"just_" #i, FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL                         \
	}

_Static_assert(RATE_KEYS == 2 * REVIEW_MAX_CRITERIA + 5, "rate_keys: one pair per criterion");

const struct form_key rate_keys[RATE_KEYS] = {
    CRITERION_KEYS(0),
    CRITERION_KEYS(1),
    CRITERION_KEYS(2),
    CRITERION_KEYS(3),
    CRITERION_KEYS(4),
    CRITERION_KEYS(5),
    CRITERION_KEYS(6),
    CRITERION_KEYS(7),
    CRITERION_KEYS(8),
    CRITERION_KEYS(9),
    CRITERION_KEYS(10),
    CRITERION_KEYS(11),
    CRITERION_KEYS(12),
    CRITERION_KEYS(13),
    CRITERION_KEYS(14),
    CRITERION_KEYS(15),
    {"recommendation", FORM_CHOICE, false, 0, 0, recommendations},
    {"comment", FORM_LONGTEXT, false, 0, REVIEW_TEXT_MAX, NULL},
    {"abstain", FORM_BOOL, false, 0, 0, NULL},
    {"abstain_reason", FORM_LONGTEXT, false, 0, REVIEW_REASON_MAX, NULL},
    {"action", FORM_CHOICE, true, 0, 0, actions},
};

const struct form_key declare_keys[1] = {
    {"reason", FORM_LONGTEXT, true, 0, CONFLICT_REASON_MAX, NULL},
};

static const char *
back_to(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/gremium/vorschlag/%lld", (long long)id);
}

/* The form's field for a problem the domain found. */
static const char *
field_for(struct request *r, const struct review_problem *pr, const struct criterion *leaves,
          size_t nleaves)
{
	if (!pr->criterion_id)
		return pr->field;
	for (size_t i = 0; i < nleaves; i++)
		if (leaves[i].id == pr->criterion_id)
			return arena_printf(
			    &r->arena, "%s_%zu",
			    strcmp(pr->field, "justification") == 0 ? "just" : "score", i);
	return "action";
}

/* The answer to a refusal that is not about the form's content. */
static void
refuse(struct request *r, int rc)
{
	result_refuse(r, result_of_review((enum review_result)rc));
}

struct rate_tx {
	const struct user *actor;
	int64_t proposal_id;
	const struct review *in;
	bool submit;
	struct review_problem pr[64]; /* out */
	size_t npr;                   /* out */
};

static int
rate_body(struct store *s, void *arg)
{
	struct rate_tx *t = arg;
	t->npr = 0;
	return review_save(s, t->actor, t->proposal_id, t->in, t->submit, t->pr, 64, &t->npr);
}

void
page_board_rate(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!review_proposal_load(r, s, &p))
		return;
	/* Checked before the form's content: a late or forged POST learns only why not. */
	int rc;
	enum access_result may = access_may_rate(s, r->user, &p, &rc);
	if (may != ACCESS_ALLOWED) {
		http_error(r, access_http_status(may), review_result_message(rc));
		return;
	}
	struct criterion leaves[REVIEW_MAX_CRITERIA];
	size_t nleaves = review_leaf_criteria(s, &r->arena, p.call_id, leaves, REVIEW_MAX_CRITERIA);
	struct review in;
	memset(&in, 0, sizeof in);
	for (size_t i = 0; i < nleaves; i++) {
		char key[32];
		snprintf(key, sizeof key, "score_%zu", i);
		int score = form_has(r, key) && !form_error(r, key) ? (int)form_int(r, key) : -1;
		snprintf(key, sizeof key, "just_%zu", i);
		in.scores[in.nscores++] =
		    (struct review_score){leaves[i].id, score, form_value(r, key)};
	}
	int rec = review_rec_parse(form_value(r, "recommendation"));
	in.recommendation = rec < 0 ? REC_NONE : (enum review_rec)rec;
	in.comment = form_value(r, "comment");
	in.abstain = form_has(r, "abstain");
	in.abstain_reason = form_value(r, "abstain_reason");
	bool submit = strcmp(form_value(r, "action"), "submit") == 0;
	if (form_error_count(r)) {
		r->resp.status = 422;
		review_proposal_page(r, s, &p);
		return;
	}
	struct rate_tx t = {.actor = r->user, .proposal_id = p.id, .in = &in, .submit = submit};
	rc = store_tx(s, rate_body, &t);
	const struct review_problem *pr = t.pr;
	size_t npr = t.npr;
	if (!review_change_answer(r, rc, back_to(r, p.id),
	                          submit ? N_("Your rating has been submitted.")
	                                 : N_("Your rating has been saved as a draft.")))
		return;
	if (rc == REVIEW_INVALID) {
		for (size_t i = 0; i < npr && i < 64; i++)
			form_set_error(r, field_for(r, &pr[i], leaves, nleaves), pr[i].msgid);
		r->resp.status = 422;
		review_proposal_page(r, s, &p);
	} else {
		refuse(r, rc);
	}
}

struct declare_tx {
	struct request *r;
	int64_t proposal_id;
};

static int
declare_body(struct store *s, void *arg)
{
	struct declare_tx *t = arg;
	return review_result_of_conflict(
	    conflict_declare(s, t->r->user, t->proposal_id, form_value(t->r, "reason")));
}

void
page_board_declare(struct request *r)
{
	struct store *s = r->store;
	struct proposal p;
	if (!review_proposal_load(r, s, &p))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		review_proposal_page(r, s, &p);
		return;
	}
	struct declare_tx t = {r, p.id};
	int rc = store_tx(s, declare_body, &t);
	if (!review_change_answer(r, rc, "/gremium",
	                          N_("Your conflict of interest has been recorded. The proposal is "
	                             "no longer shown to you.")))
		return;
	if (rc == REVIEW_INVALID) {
		form_set_error(r, "reason", N_("Please give a reason."));
		r->resp.status = 422;
		review_proposal_page(r, s, &p);
	} else {
		refuse(r, rc);
	}
}

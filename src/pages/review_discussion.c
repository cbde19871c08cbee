/* The board's internal discussion on a proposal's board page (for members and the office),
 * posting to it, and the person's choice of e-mail notifications on /gremium. Who may read
 * and write is decided in domain/access.c (with discussion.c's own rule). */
#include "domain/access.h"
#include "domain/discussion.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/review_pages.h"
#include "store/store.h"
#include "domain/access.h"
#include "domain/discussion.h"
#include "domain/review.h"
#include "pages/review_pages.h"
#include "pages/view_review.h"
#include "pages/view_review_proposal.h"
#include "store/store.h"

const struct form_key discussion_keys[1] = {
    {"body", FORM_LONGTEXT, true, 0, DISCUSSION_TEXT_MAX, NULL},
};

const struct form_key notify_keys[1] = {
    {"board_discussion", FORM_BOOL, false, 0, 0, NULL},
};

static const char *
board_path(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/gremium/vorschlag/%lld%s", (long long)id, rest);
}

/* The post, or the person's notification setting: the request has the form. */
struct post_tx {
	struct request *r;
	int64_t proposal_id;
};

static int
post_body(struct store *s, void *arg)
{
	struct post_tx *t = arg;
	return discussion_post(s, t->r->user, t->proposal_id, form_value(t->r, "body"), NULL);
}

static int
notify_body(struct store *s, void *arg)
{
	struct post_tx *t = arg;
	return notify_set_board_discussion(s, t->r->user->id, t->r->user->id,
	                                   form_has(t->r, "board_discussion"));
}

void
page_board_discussion_post(struct request *r)
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
	/* A closed discussion is a 409; one the person may not see, the 404 of a proposal one
	 * may not see at all. */
	enum access_result may = access_may_post_discussion(s, r->user, &p);
	if (may != ACCESS_ALLOWED) {
		http_error(r, access_http_status(may),
		           may == ACCESS_CLOSED
		               ? N_("The discussion is closed: the call is no longer in review.")
		               : N_("There is no such proposal, or you may not see it."));
		return;
	}
	struct post_tx t = {r, p.id};
	int rc = store_tx(s, post_body, &t);
	if (!review_change_answer(r, rc, board_path(r, p.id, "#diskussion"),
	                          N_("Your post has been added.")))
		return;
	if (rc == REVIEW_INVALID) {
		form_set_error(r, "body", N_("This field is required."));
		r->resp.status = 422;
		review_proposal_page(r, s, &p);
	} else {
		/* The same answer as for a proposal one may not see at all. */
		http_error(r, rc == REVIEW_CLOSED ? 409 : 404,
		           rc == REVIEW_CLOSED
		               ? N_("The discussion is closed: the call is no longer in review.")
		               : N_("There is no such proposal, or you may not see it."));
	}
}

void
page_board_notify(struct request *r)
{
	struct post_tx t = {r, 0};
	if (store_tx(r->store, notify_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/gremium", N_("The setting has been saved."));
}

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

#include <string.h>

#define MAX_POSTS 500

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

static void
render_post(struct request *r, struct html *h, const struct discussion_post *d)
{
	html_open(h, "li", NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	html_elem(h, "strong", d->author_name, NULL);
	html_textf(h, " (%s), %s",
	           d->constituency[0] ? tr(r, board_constituency_label(d->constituency))
	           : d->from_office   ? tr(r, "Coordination office")
	                              : tr(r, "former member"),
	           office_when(r, d->created_at));
	html_close(h, "p");
	office_plain_text(h, d->body);
	html_close(h, "li");
}

void
board_discussion_section(struct request *r, struct html *h, struct store *s,
                         const struct proposal *p)
{
	/* Nothing at all, not even the heading, for someone who may not take part. */
	if (access_may_read_discussion(s, r->user, p) != ACCESS_ALLOWED)
		return;
	struct discussion_post *posts = arena_alloc(&r->arena, MAX_POSTS * sizeof *posts);
	int rc;
	size_t n = discussion_list(s, &r->arena, r->user, p->id, posts, MAX_POSTS, &rc);
	if (rc != REVIEW_OK)
		return;
	bool open = access_may_post_discussion(s, r->user, p) == ACCESS_ALLOWED;
	html_open(h, "section", "class", "panel", "id", "diskussion", "aria-labelledby",
	          "discussion-h", NULL);
	html_elem(h, "h2", tr(r, "Internal discussion"), "id", "discussion-h", NULL);
	html_elem(h, "p",
	          tr(r, "For the board and the coordination office only: the sub-project does not "
	                "see this discussion, nor does anyone with a conflict of interest on the "
	                "proposal."),
	          "class", "hint", NULL);
	if (!n)
		html_elem(h, "p", tr(r, "No posts yet."), "class", "muted", NULL);
	else {
		html_open(h, "ol", "class", "thread", NULL);
		for (size_t i = 0; i < n; i++)
			render_post(r, h, &posts[i]);
		html_close(h, "ol");
	}
	if (!open) {
		html_elem(h, "p",
		          tr(r, "The discussion is closed: the call is no longer in review."),
		          "class", "muted", NULL);
		html_close(h, "section");
		return;
	}
	widget_form_begin(r, h, board_path(r, p->id, "/diskussion"));
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "body",
	                     .label = tr(r, "Your post"),
	                     .hint = tr(r, "The others who take part get an e-mail without the "
	                                   "text, unless they have turned these e-mails off."),
	                     .required = true,
	                     .maxlength = DISCUSSION_TEXT_MAX,
	                     .rows = 4});
	widget_submit(h, tr(r, "Post to the discussion"));
	html_close(h, "form");
	html_close(h, "section");
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
	struct store *s = store_thread();
	struct proposal p;
	if (!board_load(r, s, &p))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		board_proposal_page(r, s, &p);
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
		board_proposal_page(r, s, &p);
	} else {
		/* The same answer as for a proposal one may not see at all. */
		http_error(r, rc == REVIEW_CLOSED ? 409 : 404,
		           rc == REVIEW_CLOSED
		               ? N_("The discussion is closed: the call is no longer in review.")
		               : N_("There is no such proposal, or you may not see it."));
	}
}

void
board_notify_section(struct request *r, struct html *h, struct store *s)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "notify-h", NULL);
	html_elem(h, "h2", tr(r, "E-mail notifications"), "id", "notify-h", NULL);
	widget_form_begin(r, h, "/gremium/benachrichtigungen");
	widget_checkbox(r, h, "board_discussion",
	                tr(r, "E-mail me when someone writes in the internal discussion of a "
	                      "proposal I take part in."),
	                notify_board_discussion(s, r->user->id));
	html_elem(h, "p",
	          tr(r, "Reminders before the review deadline and requests of the coordination "
	                "office are always sent."),
	          "class", "hint", NULL);
	widget_submit(h, tr(r, "Save setting"));
	html_close(h, "form");
	html_close(h, "section");
}

void
page_board_notify(struct request *r)
{
	struct post_tx t = {r, 0};
	if (store_tx(store_thread(), notify_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/gremium", N_("The setting has been saved."));
}

/* A proposal's page for the advisory board (view_review_proposal.h): its content,
 * attachments and self-assessment beside the rating form, the others' ratings once
 * visible, the declaration of a conflict of interest and the internal discussion. Shown by
 * the member's page and again, with what was typed, by the rating and discussion posts. */
#include "pages/view_review_proposal.h"
#include "domain/access.h"
#include "domain/conflict.h"
#include "domain/decision.h"
#include "domain/discussion.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_attachments.h"
#include "pages/view_office.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OTHERS 64
#define MAX_POSTS 500

/* Defined in view_proposal.c: the proposal's content, read-only, in the sections of the form. */
void submit_render_content(struct request *r, struct html *h, const struct proposal *p);

static const char *
board_path(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/gremium/vorschlag/%lld%s", (long long)id, rest);
}

bool
review_proposal_load(struct request *r, struct store *s, struct proposal *p)
{
	int64_t id;
	/* A conflicted person gets the same 404 as for a proposal that does not exist. */
	bool ok = office_param_id(r, 0, &id) && proposal_find(s, &r->arena, id, p) &&
	          access_may_read_review(s, r->user, p) == ACCESS_ALLOWED;
	if (!ok)
		http_error(r, 404, N_("There is no such proposal, or you may not see it."));
	return ok;
}

static const struct scale_level *
level_of(const struct scale_level *levels, size_t n, int v)
{
	for (size_t i = 0; i < n; i++)
		if (levels[i].level == v)
			return &levels[i];
	return NULL;
}

static const struct review_score *
score_of(const struct review *rv, int64_t criterion_id)
{
	for (size_t i = 0; rv && i < rv->nscores; i++)
		if (rv->scores[i].criterion_id == criterion_id)
			return &rv->scores[i];
	return NULL;
}

static const char *
score_text(struct request *r, const struct scale_level *levels, size_t nlevels, int score)
{
	if (score < 0)
		return tr(r, "no score");
	const struct scale_level *l = level_of(levels, nlevels, score);
	return l ? arena_printf(&r->arena, "%d – %s", score, scale_level_label(l, r->lang))
	         : arena_printf(&r->arena, "%d", score);
}

/* A rating, read-only: recommendation, per criterion score and justification. */
static void
render_review(struct request *r, struct html *h, const struct review *rv,
              const struct criterion *leaves, size_t nleaves, const struct scale_level *levels,
              size_t nlevels, const char *heading)
{
	html_open(h, "article", "class", "panel", NULL);
	html_elem(h, "h3", heading, NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	if (rv->submitted)
		html_textf(h, tr(r, "Submitted on %s"), office_when(r, rv->submitted_at));
	else
		html_textf(h, tr(r, "Draft, last saved on %s"), office_when(r, rv->updated_at));
	html_close(h, "p");
	if (rv->abstain) {
		html_open(h, "p", NULL);
		html_elem(h, "strong", tr(r, "Abstains."), NULL);
		html_text(h, " ");
		html_textf(h, tr(r, "Reason: %s"), rv->abstain_reason);
		html_close(h, "p");
		html_close(h, "article");
		return;
	}
	html_open(h, "p", NULL);
	html_elem(h, "strong", tr(r, "Recommendation:"), NULL);
	html_text(h, " ");
	html_text(h, tr(r, review_rec_label(rv->recommendation)));
	html_close(h, "p");
	if (rv->comment[0])
		office_long_text(r, h, rv->comment);
	html_open(h, "dl", "class", "meta-list", NULL);
	for (size_t i = 0; i < nleaves; i++) {
		const struct review_score *sc = score_of(rv, leaves[i].id);
		html_elem(h, "dt", criterion_label(&leaves[i], r->lang), NULL);
		html_open(h, "dd", NULL);
		html_elem(h, "strong", score_text(r, levels, nlevels, sc ? sc->score : -1), NULL);
		if (sc && sc->justification[0]) {
			html_text(h, ": ");
			html_text(h, sc->justification);
		}
		html_close(h, "dd");
	}
	html_close(h, "dl");
	html_close(h, "article");
}

static const char *
key_name(struct request *r, const char *prefix, size_t i)
{
	return arena_printf(&r->arena, "%s_%zu", prefix, i);
}

/* The scale as radio buttons with each level's descriptor, and the justification. */
static void
criterion_fields(struct request *r, struct html *h, const struct criterion *c, size_t i,
                 const struct review_score *sc, const struct scale_level *levels, size_t nlevels)
{
	const char *score_key = key_name(r, "score", i), *just_key = key_name(r, "just", i);
	const char *stored = sc && sc->score >= 0 ? arena_printf(&r->arena, "%d", sc->score) : "";
	const char *value = widget_value(r, score_key, stored);
	const char *error = form_error(r, score_key);
	const char *hint_id = arena_printf(&r->arena, "f-%s-hint", score_key);
	const char *err_id = arena_printf(&r->arena, "f-%s-error", score_key);
	html_open(h, "fieldset", "class", error ? "field has-error" : "field", "aria-describedby",
	          error ? arena_printf(&r->arena, "%s %s", hint_id, err_id) : hint_id, NULL);
	html_open(h, "legend", NULL);
	html_text(h, criterion_label(c, r->lang));
	html_text(h, " ");
	html_elem(h, "span", tr(r, "(required)"), "class", "req", NULL);
	html_close(h, "legend");
	html_elem(h, "p", criterion_guidance(c, r->lang), "class", "hint", "id", hint_id, NULL);
	if (error) {
		html_open(h, "p", "class", "field-error", "id", err_id, NULL);
		html_elem(h, "span", tr(r, "Error:"), "class", "visually-hidden", NULL);
		html_text(h, " ");
		html_text(h, tr(r, error));
		html_close(h, "p");
	}
	for (size_t k = 0; k < nlevels; k++) {
		char lv[16];
		snprintf(lv, sizeof lv, "%d", levels[k].level);
		/* The first radio carries the field's id, so the error summary's link lands. */
		const char *id =
		    k == 0 ? arena_printf(&r->arena, "f-%s", score_key)
		           : arena_printf(&r->arena, "f-%s-%d", score_key, levels[k].level);
		html_open(h, "div", "class", "field-checkbox", NULL);
		html_void(h, "input", "type", "radio", "id", id, "name", score_key, "value", lv,
		          "checked", strcmp(value, lv) == 0 ? "" : NULL, "aria-invalid",
		          error ? "true" : NULL, NULL);
		html_elem(h, "label",
		          arena_printf(&r->arena, "%d – %s", levels[k].level,
		                       scale_level_label(&levels[k], r->lang)),
		          "for", id, NULL);
		html_close(h, "div");
	}
	widget_textarea(r, h,
	                &(struct widget){.name = just_key,
	                                 .label = tr(r, "Justification"),
	                                 .value = sc ? sc->justification : "",
	                                 .required = true,
	                                 .maxlength = REVIEW_TEXT_MAX,
	                                 .rows = 4});
	html_close(h, "fieldset");
}

static void
rating_form(struct request *r, struct html *h, const struct proposal *p, const struct review *own,
            const struct criterion *leaves, size_t nleaves, const struct scale_level *levels,
            size_t nlevels)
{
	widget_form_begin(r, h, board_path(r, p->id, ""));
	html_elem(h, "p",
	          tr(r, "Save a draft at any time; submit when every criterion has a score and a "
	                "justification. You can change a submitted rating until the deadline."),
	          "class", "hint", NULL);
	for (size_t i = 0; i < nleaves; i++)
		criterion_fields(r, h, &leaves[i], i, score_of(own, leaves[i].id), levels, nlevels);
	const char *options[] = {"",
	                         tr(r, "– please choose –"),
	                         "select",
	                         tr(r, review_rec_label(REC_SELECT)),
	                         "dont_select",
	                         tr(r, review_rec_label(REC_DONT_SELECT)),
	                         "discuss",
	                         tr(r, review_rec_label(REC_DISCUSS)),
	                         NULL};
	widget_select(r, h,
	              &(struct widget){.name = "recommendation",
	                               .label = tr(r, "Overall recommendation"),
	                               .value = own ? review_rec_name(own->recommendation) : "",
	                               .required = true},
	              options);
	widget_textarea(r, h,
	                &(struct widget){.name = "comment",
	                                 .label = tr(r, "Comment on your recommendation"),
	                                 .value = own ? own->comment : "",
	                                 .maxlength = REVIEW_TEXT_MAX,
	                                 .rows = 4});
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Abstain"), NULL);
	widget_checkbox(r, h, "abstain", tr(r, "I abstain: I feel unable to judge this proposal."),
	                own && own->abstain);
	widget_textarea(r, h,
	                &(struct widget){.name = "abstain_reason",
	                                 .label = tr(r, "Reason for abstaining"),
	                                 .hint = tr(r, "Required when you abstain."),
	                                 .value = own ? own->abstain_reason : "",
	                                 .maxlength = REVIEW_REASON_MAX,
	                                 .rows = 2});
	html_close(h, "fieldset");
	html_open(h, "div", "class", "actions", NULL);
	html_elem(h, "button", tr(r, "Save draft"), "type", "submit", "name", "action", "value",
	          "save", "class", "btn btn-secondary", NULL);
	html_elem(h, "button",
	          own && own->submitted ? tr(r, "Submit changes") : tr(r, "Submit rating"), "type",
	          "submit", "name", "action", "value", "submit", "class", "btn btn-primary", NULL);
	html_close(h, "div");
	if (own && own->submitted)
		html_elem(h, "p",
		          tr(r, "Saving as a draft takes your submitted rating back until you "
		                "submit it again."),
		          "class", "hint", NULL);
	html_close(h, "form");
}

static void
others_section(struct request *r, struct html *h, struct store *s, const struct proposal *p,
               const struct criterion *leaves, size_t nleaves, const struct scale_level *levels,
               size_t nlevels)
{
	struct review *others = arena_alloc(&r->arena, MAX_OTHERS * sizeof *others);
	int rc;
	size_t n = 0;
	if (access_may_see_ratings(s, r->user, p, &rc) == ACCESS_ALLOWED)
		n = review_others(s, &r->arena, r->user, p, others, MAX_OTHERS, &rc);
	html_open(h, "section", "aria-labelledby", "others-h", NULL);
	html_elem(h, "h2", tr(r, "The other members' ratings"), "id", "others-h", NULL);
	if (rc != REVIEW_OK)
		html_elem(h, "p", tr(r, review_result_message(rc)), "class", "muted", NULL);
	else if (!n)
		html_elem(h, "p", tr(r, "No other member has submitted a rating yet."), "class",
		          "muted", NULL);
	for (size_t i = 0; i < n; i++)
		render_review(
		    r, h, &others[i], leaves, nleaves, levels, nlevels,
		    arena_printf(&r->arena, "%s (%s)", others[i].user_name,
		                 tr(r, board_constituency_label(others[i].constituency))));
	html_close(h, "section");
}

static void
declare_section(struct request *r, struct html *h, const struct proposal *p)
{
	html_open(h, "details", "class", "panel", NULL);
	html_elem(h, "summary", tr(r, "Declare a conflict of interest"), NULL);
	html_elem(h, "p",
	          tr(r, "If you are involved with this proposal or its organisation, declare a "
	                "conflict. The proposal is then hidden from you, and a rating you gave no "
	                "longer counts. Only the coordination office can lift it."),
	          NULL);
	widget_form_begin(r, h,
	                  arena_printf(&r->arena, "%s/befangenheit", board_path(r, p->id, "")));
	widget_textarea(r, h,
	                &(struct widget){.name = "reason",
	                                 .label = tr(r, "Reason"),
	                                 .required = true,
	                                 .maxlength = CONFLICT_REASON_MAX,
	                                 .rows = 3});
	widget_submit(h, tr(r, "Declare the conflict"));
	html_close(h, "form");
	html_close(h, "details");
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

static void
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

void
review_proposal_page(struct request *r, struct store *s, const struct proposal *p)
{
	struct call c;
	if (!call_find(s, &r->arena, p->call_id, &c)) {
		http_error(r, 404, N_("There is no such call."));
		return;
	}
	struct criterion *leaves = arena_alloc(&r->arena, REVIEW_MAX_CRITERIA * sizeof *leaves);
	size_t nleaves =
	    review_leaf_criteria(s, &r->arena, p->call_id, leaves, REVIEW_MAX_CRITERIA);
	struct scale_level levels[REVIEW_MAX_LEVELS];
	size_t nlevels = review_scale(s, &r->arena, p->call_id, levels, REVIEW_MAX_LEVELS);
	struct review *own = arena_alloc(&r->arena, sizeof *own);
	bool has_own = review_find_own(s, &r->arena, r->user->id, p->id, own);
	bool member = access_may_declare_conflict(s, r->user, p) == ACCESS_ALLOWED;
	int may = REVIEW_NOT_MEMBER;
	if (member)
		access_may_rate(s, r->user, p, &may);

	const char *title = p->text[PT_TITLE][0] ? p->text[PT_TITLE] : tr(r, "(untitled)");
	const char *crumbs[] = {"/gremium", tr(r, "Board review"), NULL};
	struct html *h = office_begin(r, title, crumbs);
	html_open(h, "p", NULL);
	office_state_tag(r, h, p->state);
	html_text(h, " ");
	html_textf(h, tr(r, "%s, in the call \"%s\"."), p->organisation_name, c.title);
	html_close(h, "p");
	review_deadline_line(r, h, &c);
	struct decision d;
	if (decision_find(s, &r->arena, p->id, &d)) {
		html_open(h, "p", NULL);
		html_elem(
		    h, "a", tr(r, "The board's decision on this proposal"), "href",
		    arena_printf(&r->arena, "/gremium/vorschlag/%lld/beschluss", (long long)p->id),
		    NULL);
		html_close(h, "p");
	}
	widget_error_summary(r, h);

	html_open(h, "div", "class", "grid-2", NULL);
	html_open(h, "div", NULL);
	html_elem(h, "h2", tr(r, "The proposal"), NULL);
	submit_render_content(r, h, p);
	attachments_section(r, h, p, false);
	html_close(h, "div");

	html_open(h, "section", "aria-labelledby", "rating-h", NULL);
	html_elem(h, "h2", tr(r, "Your rating"), "id", "rating-h", NULL);
	if (may == REVIEW_OK) {
		rating_form(r, h, p, has_own ? own : NULL, leaves, nleaves, levels, nlevels);
	} else {
		if (member)
			layout_notice(h, "info", tr(r, review_result_message(may)));
		else
			html_elem(h, "p",
			          tr(r, "You are not a member of the advisory board of this "
			                "call; you see the ratings as the coordination office."),
			          "class", "muted", NULL);
		if (has_own)
			render_review(r, h, own, leaves, nleaves, levels, nlevels,
			              tr(r, "Your rating"));
	}
	html_close(h, "section");
	html_close(h, "div");

	others_section(r, h, s, p, leaves, nleaves, levels, nlevels);
	board_discussion_section(r, h, s, p);
	if (member)
		declare_section(r, h, p);
	layout_end(r, h);
}

/* The pieces of the decision pages that several of them show: the heading and links of a
 * call's decision pages, the decision form (for deciding in meeting mode and for amending)
 * with its reading and saving, and one version of a decision as recorded. */
#include "pages/view_decision.h"
#include "pages/view_result.h"
#include "domain/access.h"
#include "domain/conflict.h"
#include "domain/review.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/view_review.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#define MAX_RATINGS 64

static const char *
key_i(struct request *r, const char *prefix, size_t i)
{
	return arena_printf(&r->arena, "%s_%zu", prefix, i);
}

struct html *
decision_begin(struct request *r, const struct call *c, const char *title)
{
	const char *links[][2] = {{"/sitzung", tr(r, "Meeting mode")},
	                          {"/ranking", tr(r, "Ranking")},
	                          {"/statistik", tr(r, "Agreement statistics")},
	                          {"/briefvorlagen", tr(r, "Letter templates")},
	                          {"/protokoll.pdf", tr(r, "Decision record (PDF)")}};
	return office_call_begin(r, c, title, tr(r, "Decisions of this call"), links,
	                         sizeof links / sizeof links[0]);
}

static const char *
just_default(struct request *r, struct store *s, const struct proposal *p, int64_t crit,
             const struct decision_form_defaults *d)
{
	if (d->from) {
		for (size_t i = 0; i < d->from->njust; i++)
			if (d->from->just[i].criterion_id == crit)
				return d->from->just[i].body;
		return "";
	}
	/* Prefilled from the ratings' justifications, without the raters' names: the text
	 * may go into the letter to the sub-project as it stands. */
	struct review *rv = arena_alloc(&r->arena, MAX_RATINGS * sizeof *rv);
	int rc = 0;
	size_t n = review_others(s, &r->arena, r->user, p, rv, MAX_RATINGS, &rc);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (rv[i].abstain)
			continue;
		for (size_t k = 0; k < rv[i].nscores; k++)
			if (rv[i].scores[k].criterion_id == crit &&
			    rv[i].scores[k].justification[0])
				buf_printf(&b, "%s– %s", b.len ? "\n" : "",
				           rv[i].scores[k].justification);
	}
	const char *out = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return out;
}

static enum decision_vote
vote_default(const struct decision_form_defaults *d, int64_t user_id, bool *present)
{
	if (d->from) {
		for (size_t i = 0; i < d->from->nvotes; i++)
			if (d->from->votes[i].user_id == user_id) {
				*present = d->from->votes[i].vote != VOTE_ABSENT;
				return d->from->votes[i].vote;
			}
		*present = false;
		return VOTE_NONE;
	}
	*present = decision_meeting_present(d->meeting, user_id);
	return VOTE_NONE;
}

/* The select's value for a vote: "" unless it is one a member can give. */
static const char *
is_vote_name(enum decision_vote v)
{
	return v == VOTE_YES || v == VOTE_NO || v == VOTE_ABSTAIN ? decision_vote_name(v) : "";
}

static void
members_fieldset(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                 const struct decision_form_defaults *d)
{
	size_t nm;
	struct board_member *bm = review_members(s, &r->arena, p->call_id, &nm);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Members present and votes"), NULL);
	html_elem(h, "p",
	          tr(r, "Members with a conflict of interest are recused: they have no vote. A "
	                "member who was not present has no vote either."),
	          "class", "hint", NULL);
	const char *opts[] = {"",   tr(r, "– no vote –"), "yes",     tr(r, "yes"),
	                      "no", tr(r, "no"),          "abstain", tr(r, "abstention"),
	                      NULL};
	for (size_t i = 0; i < nm; i++) {
		html_void(h, "input", "type", "hidden", "name", key_i(r, "m", i), "value",
		          arena_printf(&r->arena, "%lld", (long long)bm[i].user_id), NULL);
		html_open(h, "div", "class", "panel", NULL);
		html_open(h, "p", NULL);
		html_elem(h, "strong", bm[i].name, NULL);
		html_textf(h, " (%s)", tr(r, board_constituency_label(bm[i].constituency)));
		html_close(h, "p");
		enum conflict_kind k = conflict_of(s, bm[i].user_id, p->id);
		if (k != CONFLICT_NONE) {
			html_open(h, "p", NULL);
			html_elem(h, "span", tr(r, "recused"), "class", "badge badge-review", NULL);
			html_text(h, " ");
			html_textf(h, tr(r, "Conflict of interest: %s"),
			           tr(r, conflict_kind_label(k)));
			html_close(h, "p");
			/* An error on this member (a vote given anyway) still shows. */
			const char *err = r->nfields ? form_error(r, key_i(r, "v", i)) : NULL;
			if (err)
				html_elem(h, "p", tr(r, err), "class", "field-error", "id",
				          arena_printf(&r->arena, "f-v_%zu", i), NULL);
			html_close(h, "div");
			continue;
		}
		bool present;
		enum decision_vote v = vote_default(d, bm[i].user_id, &present);
		widget_checkbox(r, h, key_i(r, "p", i), tr(r, "present"), present);
		widget_select(r, h,
		              &(struct widget){
		                  .name = key_i(r, "v", i),
		                  .label = arena_printf(&r->arena, tr(r, "Vote of %s"), bm[i].name),
		                  .value = is_vote_name(v)},
		              opts);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
}

static const char **
call_options(struct request *r, struct store *s, const struct call *c)
{
	size_t n;
	size_t k = 0;
	struct call *calls = call_list(s, &r->arena, &n);
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	opt[k++] = "";
	opt[k++] = tr(r, "– none yet –");
	for (size_t i = 0; i < n; i++) {
		if (calls[i].id == c->id || calls[i].phase == PHASE_CLOSED)
			continue;
		opt[k++] = arena_printf(&r->arena, "%lld", (long long)calls[i].id);
		opt[k++] = calls[i].title;
	}
	opt[k] = NULL;
	return opt;
}

/* The outcome, and for a deferral its conditions and the call it goes to. */
static void
outcome_fieldset(struct request *r, struct html *h, struct store *s, const struct call *c,
                 const struct decision_form_defaults *d)
{
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Outcome"), NULL);
	const char *outcomes[] = {"",
	                          tr(r, "– please choose –"),
	                          "selected",
	                          tr(r, proposal_state_label(PS_SELECTED)),
	                          "not_selected",
	                          tr(r, proposal_state_label(PS_NOT_SELECTED)),
	                          "deferred",
	                          tr(r, proposal_state_label(PS_DEFERRED)),
	                          NULL};
	widget_select(
	    r, h,
	    &(struct widget){.name = "outcome",
	                     .label = tr(r, "Decision"),
	                     .value = d->outcome >= 0
	                                  ? proposal_state_name((enum proposal_state)d->outcome)
	                                  : "",
	                     .required = true},
	    outcomes);
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "conditions",
	                     .label = tr(r, "Conditions"),
	                     .hint = tr(r, "Only for a deferral: what the sub-project is to "
	                                   "deliver before the board decides again."),
	                     .value = d->conditions,
	                     .maxlength = DECISION_REASON_MAX,
	                     .rows = 3});
	widget_select(r, h,
	              &(struct widget){.name = "target_call",
	                               .label = tr(r, "To be decided again in the call"),
	                               .hint = tr(r, "Only for a deferral."),
	                               .value = d->target_call_id
	                                            ? arena_printf(&r->arena, "%lld",
	                                                           (long long)d->target_call_id)
	                                            : ""},
	              call_options(r, s, c));
	html_close(h, "fieldset");
}

/* One justification per rated criterion, the feedback the letter gives. */
static void
justification_fieldset(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                       const struct decision_form_defaults *d)
{
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Justification per criterion"), NULL);
	html_elem(h, "p",
	          tr(r, "Prefilled from the board's ratings, without names. This text is the "
	                "feedback in the letter to the sub-project: edit it accordingly."),
	          "class", "hint", NULL);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, &r->arena, p->call_id, leaf, REVIEW_MAX_CRITERIA);
	for (size_t i = 0; i < nl; i++) {
		html_void(h, "input", "type", "hidden", "name", key_i(r, "c", i), "value",
		          arena_printf(&r->arena, "%lld", (long long)leaf[i].id), NULL);
		widget_textarea(r, h,
		                &(struct widget){.name = key_i(r, "j", i),
		                                 .label = criterion_label(&leaf[i], r->lang),
		                                 .value = just_default(r, s, p, leaf[i].id, d),
		                                 .required = true,
		                                 .maxlength = DECISION_TEXT_MAX,
		                                 .rows = 4});
	}
	html_close(h, "fieldset");
}

void
decision_form(struct request *r, struct html *h, struct store *s, const struct call *c,
              const struct proposal *p, const char *action, const struct decision_form_defaults *d,
              bool all_met)
{
	widget_form_begin(r, h, action);
	members_fieldset(r, h, s, p, d);
	outcome_fieldset(r, h, s, c, d);
	justification_fieldset(r, h, s, p, d);
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "deviation_reason",
	                     .label = tr(r, "Reason for deviating from the scores"),
	                     .hint = all_met ? tr(r, "Required if the proposal is not selected "
	                                             "although every criterion is met.")
	                                     : tr(r, "Required if the proposal is selected "
	                                             "although not every criterion is met."),
	                     .value = d->deviation_reason,
	                     .maxlength = DECISION_REASON_MAX,
	                     .rows = 3});
	widget_textarea(r, h,
	                &(struct widget){.name = "vote_reason",
	                                 .label = tr(r, "Reason for deciding against the majority "
	                                                "of the votes"),
	                                 .hint = tr(r, "Required if the proposal is selected "
	                                               "although more members voted no, or not "
	                                               "selected although more voted yes."),
	                                 .value = d->vote_reason,
	                                 .maxlength = DECISION_REASON_MAX,
	                                 .rows = 3});
	if (d->from)
		widget_textarea(
		    r, h,
		    &(struct widget){.name = "amendment_reason",
		                     .label = tr(r, "Reason for the amendment"),
		                     .hint = tr(r, "Required. The earlier version stays "
		                                   "visible."),
		                     .required = true,
		                     .maxlength = DECISION_REASON_MAX,
		                     .rows = 3});
	widget_submit(h, d->from ? tr(r, "Amend the decision") : tr(r, "Record the decision"));
	html_close(h, "form");
}

/* Reads the decision form into in (strings live in the request). */
static void
read_input(struct request *r, struct decision_input *in)
{
	memset(in, 0, sizeof *in);
	int o = proposal_state_parse(form_value(r, "outcome"));
	in->outcome = o < 0 ? PS_DRAFT : (enum proposal_state)o;
	in->conditions = form_value(r, "conditions");
	in->target_call_id = form_int(r, "target_call");
	in->deviation_reason = form_value(r, "deviation_reason");
	in->vote_reason = form_value(r, "vote_reason");
	in->amendment_reason = form_value(r, "amendment_reason");
	for (size_t i = 0; i < DECISION_MAX_MEMBERS; i++) {
		if (!form_has(r, key_i(r, "m", i)))
			continue;
		int v = decision_vote_parse(form_value(r, key_i(r, "v", i)));
		in->votes[in->nvotes++] =
		    (struct decision_ballot){.user_id = form_int(r, key_i(r, "m", i)),
		                             .present = form_has(r, key_i(r, "p", i)),
		                             .vote = v < 0 ? VOTE_NONE : (enum decision_vote)v};
	}
	for (size_t i = 0; i < REVIEW_MAX_CRITERIA; i++) {
		if (!form_has(r, key_i(r, "c", i)))
			continue;
		in->just[in->njust++] = (struct decision_text){form_int(r, key_i(r, "c", i)),
		                                               form_value(r, key_i(r, "j", i))};
	}
}

/* Puts the domain's problems on the form's fields. */
static void
set_problems(struct request *r, const struct decision_problem *pr, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *key = pr[i].field;
		if (strcmp(pr[i].field, "vote") == 0 || strcmp(pr[i].field, "just") == 0) {
			const char *idk = pr[i].field[0] == 'v' ? "m" : "c";
			key = NULL;
			size_t max = idk[0] == 'm' ? DECISION_MAX_MEMBERS : REVIEW_MAX_CRITERIA;
			for (size_t k = 0; k < max && !key; k++)
				if (form_has(r, key_i(r, idk, k)) &&
				    form_int(r, key_i(r, idk, k)) == pr[i].id)
					key = key_i(r, pr[i].field[0] == 'v' ? "v" : "j", k);
			if (!key)
				continue;
		}
		if (!form_error(r, key))
			form_set_error(r, key, pr[i].msgid);
	}
}

/* The HTTP status of a refusal: the proposal's or call's state (409) or the input (422). */
int
decision_refusal_status(int rc)
{
	return result_of_decision((enum decision_result)rc).status;
}

/* A decision or an amendment (write is decision_record or decision_amend), with the
 * problems it found. */
struct decide_tx {
	int (*write)(struct store *, const struct user *, int64_t, const struct decision_input *,
	             struct decision_problem *, size_t, size_t *);
	const struct user *actor;
	int64_t proposal_id;
	const struct decision_input *in;
	struct decision_problem pr[64]; /* out */
	size_t npr;                     /* out */
};

static int
decide_body(struct store *s, void *arg)
{
	struct decide_tx *t = arg;
	t->npr = 0;
	return t->write(s, t->actor, t->proposal_id, t->in, t->pr, 64, &t->npr);
}

bool
decision_save(struct request *r, struct store *s, const struct call *c, const struct proposal *p,
              int (*write)(struct store *, const struct user *, int64_t,
                           const struct decision_input *, struct decision_problem *, size_t,
                           size_t *),
              void (*reshow)(struct request *, struct store *, const struct call *,
                             const struct proposal *, const char *))
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		reshow(r, s, c, p, NULL);
		return false;
	}
	struct decision_input in;
	read_input(r, &in);
	struct decide_tx t = {.write = write, .actor = r->user, .proposal_id = p->id, .in = &in};
	int rc = store_tx(s, decide_body, &t);
	if (rc != DECISION_OK) {
		if (rc < 0) {
			http_fail(r);
			return false;
		}
		set_problems(r, t.pr, t.npr < 64 ? t.npr : 64);
		r->resp.status = decision_refusal_status(rc);
		reshow(r, s, c, p, decision_result_message(rc));
		return false;
	}
	return true;
}

static void
votes_table(struct request *r, struct html *h, const struct decision_version *v)
{
	const char *heads[] = {tr(r, "Member"), tr(r, "Constituency"), tr(r, "Vote")};
	widget_table_begin(h,
	                   arena_printf(&r->arena, tr(r, "Votes: %d yes, %d no, %d abstentions"),
	                                v->counts[VOTE_YES], v->counts[VOTE_NO],
	                                v->counts[VOTE_ABSTAIN]),
	                   heads, 3);
	for (size_t i = 0; i < v->nvotes; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", v->votes[i].name, "scope", "row", NULL);
		html_elem(h, "td",
		          v->votes[i].constituency[0]
		              ? tr(r, board_constituency_label(v->votes[i].constituency))
		              : "–",
		          NULL);
		html_elem(h, "td", tr(r, decision_vote_label(v->votes[i].vote)), NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

void
decision_version_block(struct request *r, struct html *h, struct store *s, const struct proposal *p,
                       const struct decision_version *v, bool current)
{
	html_open(h, "article", "class", current ? "panel" : "card", "aria-labelledby",
	          arena_printf(&r->arena, "version-%lld", (long long)v->number), NULL);
	/* The current version is a section of the page, earlier ones sit under their own h2. */
	const char *hx = current ? "h2" : "h3";
	html_open(h, hx, "id", arena_printf(&r->arena, "version-%lld", (long long)v->number), NULL);
	html_textf(h, current ? tr(r, "Version %lld (current)") : tr(r, "Version %lld"),
	           (long long)v->number);
	html_close(h, hx);
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "Outcome"), NULL);
	html_open(h, "dd", NULL);
	office_state_tag(r, h, v->outcome);
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "Recorded"), NULL);
	html_elem(h, "dd",
	          arena_printf(&r->arena, "%s (%s)", office_when(r, v->created_at),
	                       v->created_by_name[0] ? v->created_by_name : "–"),
	          NULL);
	if (v->amendment_reason[0]) {
		html_elem(h, "dt", tr(r, "Reason for the amendment"), NULL);
		html_elem(h, "dd", v->amendment_reason, NULL);
	}
	if (v->outcome == PS_DEFERRED) {
		html_elem(h, "dt", tr(r, "Conditions"), NULL);
		html_elem(h, "dd", v->conditions, NULL);
		html_elem(h, "dt", tr(r, "To be decided again in the call"), NULL);
		html_elem(h, "dd", v->target_call_title[0] ? v->target_call_title : "–", NULL);
	}
	html_elem(h, "dt", tr(r, "The scores recommended"), NULL);
	html_elem(h, "dd",
	          v->all_met ? tr(r, "selecting it (every criterion met)")
	                     : tr(r, "not selecting it (not every criterion met)"),
	          NULL);
	html_elem(h, "dt", tr(r, "Compared with the scores"), NULL);
	html_elem(h, "dd", tr(r, decision_scores_statement(v)), NULL);
	if (v->deviation_reason[0]) {
		html_elem(h, "dt", tr(r, "Reason for deviating from the scores"), NULL);
		html_elem(h, "dd", v->deviation_reason, NULL);
	}
	html_elem(h, "dt", tr(r, "Compared with the votes"), NULL);
	html_elem(h, "dd", tr(r, decision_votes_statement(v)), NULL);
	if (v->vote_reason[0]) {
		html_elem(h, "dt", tr(r, "Reason for deciding against the majority of the votes"),
		          NULL);
		html_elem(h, "dd", v->vote_reason, NULL);
	}
	html_elem(h, "dt", tr(r, "Checksum (SHA-256)"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "code", v->record_hash, NULL);
	html_close(h, "dd");
	html_close(h, "dl");
	votes_table(r, h, v);
	html_elem(h, current ? "h3" : "h4", tr(r, "Justification per criterion"), NULL);
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, &r->arena, p->call_id, leaf, REVIEW_MAX_CRITERIA);
	html_open(h, "dl", NULL);
	for (size_t k = 0; k < nl; k++)
		for (size_t i = 0; i < v->njust; i++)
			if (v->just[i].criterion_id == leaf[k].id) {
				html_elem(h, "dt", criterion_label(&leaf[k], r->lang), NULL);
				html_open(h, "dd", NULL);
				office_plain_text(h, v->just[i].body);
				html_close(h, "dd");
			}
	html_close(h, "dl");
	html_close(h, "article");
}

bool
decision_conflict_refused(struct request *r, const struct proposal *p)
{
	if (access_may_read_decision(r->store, r->user, p) != ACCESS_CONFLICTED)
		return false;
	http_error(r, 404, N_("There is no such proposal, or you may not see it."));
	return true;
}

/* The yearly check's pages: the owners' link (the link is the only key: no account and
 * no round id in the form, so one practice's link never reaches another's round), the
 * office's review, and the practice page's part. */
#include "pages/yearly_pages.h"
#include "domain/access.h"
#include "domain/yearly_check.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct form_key yearly_answer_keys[3] = {
    {"answer", FORM_CHOICE, true, 0, 0, yearly_answer_names},
    {"people_reached", FORM_INT, false, 0, 10000000, NULL},
    {"update_text", FORM_LONGTEXT, false, 0, 2000, NULL},
};

static const char *const answer_labels[YA_COUNT] = {"", N_("Yes, still in use as described"),
                                                    N_("Yes, but it has changed"),
                                                    N_("No, it has ended")};

const char *
yearly_month(struct request *r, int64_t t)
{
	static const char *const de[] = {"Januar",    "Februar", "März",     "April",
	                                 "Mai",       "Juni",    "Juli",     "August",
	                                 "September", "Oktober", "November", "Dezember"};
	static const char *const en[] = {"January",   "February", "March",    "April",
	                                 "May",       "June",     "July",     "August",
	                                 "September", "October",  "November", "December"};
	time_t local = (time_t)(t + time_berlin_offset(t));
	struct tm tm;
	gmtime_r(&local, &tm);
	return arena_printf(&r->arena, "%s %d", (r->lang == LANG_EN ? en : de)[tm.tm_mon],
	                    tm.tm_year + 1900);
}

static void
link_gone(struct request *r)
{
	http_error(r, 410, N_("This link is invalid, expired or has been used already."));
}

static void
answer_form(struct request *r, const struct yearly_check *c)
{
	struct html *h = layout_begin(r, tr(r, "Yearly check of your good practice"));
	html_open(h, "p", NULL);
	html_text(h, tr(r, "Good practice:"));
	html_text(h, " ");
	html_elem(h, "a", c->practice_title, "href",
	          arena_printf(&r->arena, "/praxis/%s", c->practice_slug), NULL);
	html_close(h, "p");
	widget_error_summary(r, h);
	widget_form_begin(r, h, arena_printf(&r->arena, "/jahrescheck/%s", r->params[0]));
	const char *opt[2 * (YA_COUNT - 1) + 1];
	size_t k = 0;
	for (int i = YA_IN_USE; i < YA_COUNT; i++) {
		opt[k++] = yearly_answer_names[i - 1];
		opt[k++] = tr(r, answer_labels[i]);
	}
	opt[k] = NULL;
	widget_select(r, h,
	              &(struct widget){.name = "answer",
	                               .label = tr(r, "Is the practice still in use?"),
	                               .value = form_value(r, "answer"),
	                               .required = true},
	              opt);
	widget_input(r, h,
	             &(struct widget){.name = "people_reached",
	                              .label = tr(r, "People reached in the last year"),
	                              .type = "number",
	                              .value = form_value(r, "people_reached")});
	widget_textarea(r, h,
	                &(struct widget){.name = "update_text",
	                                 .label = tr(r, "Short yearly update"),
	                                 .hint = tr(r, "Plain text. Public once the coordination "
	                                               "office has approved it."),
	                                 .value = form_value(r, "update_text"),
	                                 .maxlength = 2000,
	                                 .rows = 5});
	widget_submit(h, tr(r, "Send the yearly check"));
	html_close(h, "form");
	layout_end(r, h);
}

static bool
load(struct request *r, struct yearly_check *c)
{
	int64_t id = yearly_check_link_round(r->store, r->params[0], time_now());
	if (!id || !yearly_check_find(r->store, &r->arena, id, c)) {
		link_gone(r);
		return false;
	}
	return true;
}

void
page_yearly_form(struct request *r)
{
	struct yearly_check c;
	if (load(r, &c))
		answer_form(r, &c);
}

struct answer_tx {
	const char *token;
	struct yearly_input in;
};

static int
answer_body(struct store *s, void *arg)
{
	struct answer_tx *t = arg;
	int rc = yearly_check_answer(s, t->token, time_now(), &t->in);
	return rc == YEARLY_OK ? STORE_OK : rc;
}

void
page_yearly_answer(struct request *r)
{
	struct yearly_check c;
	if (!load(r, &c))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		answer_form(r, &c);
		return;
	}
	const char *a = form_value(r, "answer");
	int answer = YA_NONE;
	for (int i = 0; yearly_answer_names[i]; i++)
		if (strcmp(a, yearly_answer_names[i]) == 0)
			answer = i + 1;
	struct answer_tx t = {
	    r->params[0],
	    {.answer = (enum yearly_answer)answer,
	     .people_reached = form_has(r, "people_reached") && form_value(r, "people_reached")[0]
	                           ? form_int(r, "people_reached")
	                           : -1,
	     .update_text = form_value(r, "update_text")}};
	int rc = store_tx(r->store, answer_body, &t);
	if (rc == YEARLY_GONE) {
		link_gone(r);
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/praxis/%s", c.practice_slug),
	              N_("Thank you. The coordination office will look at your yearly check."));
}

/* ---- the office ---- */

static void
office_rows(struct request *r, struct html *h, const struct yearly_check *rows, size_t n,
            bool pending)
{
	if (!n) {
		html_elem(h, "p", tr(r, "None."), "class", "muted", NULL);
		return;
	}
	html_open(h, "ul", "class", "yearly-list", NULL);
	for (size_t i = 0; i < n; i++) {
		const struct yearly_check *c = &rows[i];
		html_open(h, "li", "id", arena_printf(&r->arena, "check-%lld", (long long)c->id),
		          NULL);
		html_elem(h, "a", c->practice_title, "href",
		          arena_printf(&r->arena, "/praxis/%s", c->practice_slug), NULL);
		html_open(h, "p", "class", "card-meta", NULL);
		html_textf(h, tr(r, "Asked on %s"), office_when(r, c->sent_at));
		html_close(h, "p");
		if (pending) {
			html_elem(h, "p", tr(r, answer_labels[c->answer]), NULL);
			if (c->people_reached >= 0)
				html_elem(h, "p",
				          arena_printf(&r->arena, tr(r, "People reached: %lld"),
				                       (long long)c->people_reached),
				          NULL);
			html_elem(h, "p", c->update_text, "class", "yearly-update", NULL);
		}
		static const char *const pending_acts[] = {"approve", N_("Approve and publish"),
		                                           "reject", N_("Reject"), NULL};
		static const char *const overdue_acts[] = {
		    "kept",     N_("Keep it"),    "ended", N_("Mark as no longer in use"),
		    "archived", N_("Archive it"), NULL};
		const char *const *acts = pending ? pending_acts : overdue_acts;
		for (size_t k = 0; acts[k]; k += 2)
			widget_button_form(r, h,
			                   arena_printf(&r->arena, "/admin/jahrescheck/%lld/%s",
			                                (long long)c->id, acts[k]),
			                   tr(r, acts[k + 1]), "btn", NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
}

void
page_yearly_office(struct request *r)
{
	if (access_may_review_yearly_check(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office reviews the yearly checks."));
		return;
	}
	struct html *h = layout_begin(r, tr(r, "Yearly checks"));
	size_t np, no;
	struct yearly_check *p = yearly_check_list(r->store, &r->arena, true, time_now(), &np);
	struct yearly_check *o = yearly_check_list(r->store, &r->arena, false, time_now(), &no);
	html_elem(h, "h2", tr(r, "Answers to review"), NULL);
	office_rows(r, h, p, np, true);
	html_elem(h, "h2", tr(r, "Not confirmed after two reminders"), NULL);
	office_rows(r, h, o, no, false);
	layout_end(r, h);
}

struct act_tx {
	int64_t actor, id;
	const char *action;
};

static int
act_body(struct store *s, void *arg)
{
	struct act_tx *t = arg;
	int rc;
	if (strcmp(t->action, "approve") == 0 || strcmp(t->action, "reject") == 0)
		rc = yearly_check_review(s, t->actor, t->id, strcmp(t->action, "approve") == 0);
	else
		rc = yearly_check_resolve(s, t->actor, t->id, t->action);
	return rc == YEARLY_OK ? STORE_OK : rc;
}

void
page_yearly_office_act(struct request *r)
{
	if (access_may_review_yearly_check(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office reviews the yearly checks."));
		return;
	}
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	struct act_tx t = {r->user->id, *end || id <= 0 ? 0 : id, r->params[1]};
	int rc = t.id ? store_tx(r->store, act_body, &t) : YEARLY_WRONG_STATE;
	if (rc == YEARLY_WRONG_STATE || rc == YEARLY_INVALID) {
		http_error(r, 409, N_("This yearly check is not waiting for this step."));
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/admin/jahrescheck", N_("The yearly check has been updated."));
}

/* ---- the practice page ---- */

void
yearly_render_practice(struct request *r, struct html *h, int64_t practice_id)
{
	int64_t confirmed;
	bool in_use;
	yearly_check_public_state(r->store, practice_id, &confirmed, &in_use);
	if (!in_use)
		layout_notice(h, "warning", tr(r, "No longer in use"));
	if (confirmed)
		html_elem(h, "p",
		          arena_printf(&r->arena, tr(r, "Last confirmed: %s"),
		                       yearly_month(r, confirmed)),
		          "class", "yearly-confirmed", NULL);
	size_t n;
	struct yearly_check *t = yearly_check_timeline(r->store, &r->arena, practice_id, &n);
	if (!n)
		return;
	html_open(h, "section", "class", "yearly-timeline", "aria-labelledby", "yearly-h", NULL);
	html_elem(h, "h2", tr(r, "Yearly updates"), "id", "yearly-h", NULL);
	html_open(h, "ol", NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "strong", yearly_month(r, t[i].answered_at), NULL);
		html_text(h, " · ");
		html_text(h, tr(r, answer_labels[t[i].answer]));
		if (t[i].people_reached >= 0) {
			html_text(h, " · ");
			html_textf(h, tr(r, "People reached: %lld"),
			           (long long)t[i].people_reached);
		}
		if (t[i].update_text[0])
			html_elem(h, "p", t[i].update_text, NULL);
		html_close(h, "li");
	}
	html_close(h, "ol");
	html_close(h, "section");
}

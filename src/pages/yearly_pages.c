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
	char out[40];
	time_format_month_berlin(out, sizeof out, t, r->lang != LANG_EN);
	return arena_strdup(&r->arena, out);
}

static void
link_gone(struct request *r)
{
	http_error(r, 410, N_("This link is invalid, expired or has been used already."));
}

static void
answer_form_at(struct request *r, const struct yearly_check *c, const char *action)
{
	struct html *h = layout_begin(r, tr(r, "Yearly check of your good practice"));
	html_open(h, "p", NULL);
	html_text(h, tr(r, "Good practice:"));
	html_text(h, " ");
	html_elem(h, "a", c->practice_title, "href",
	          arena_printf(&r->arena, "/praxis/%s", c->practice_slug), NULL);
	html_close(h, "p");
	widget_error_summary(r, h);
	widget_form_begin(r, h, action);
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

static void
answer_form(struct request *r, const struct yearly_check *c)
{
	answer_form_at(r, c, arena_printf(&r->arena, "/jahrescheck/%s", r->params[0]));
}

/* The form's answer as the domain takes it (the form keys have checked its values). */
static struct yearly_input
form_input(struct request *r)
{
	const char *a = form_value(r, "answer");
	int answer = YA_NONE;
	for (int i = 0; yearly_answer_names[i]; i++)
		if (strcmp(a, yearly_answer_names[i]) == 0)
			answer = i + 1;
	return (struct yearly_input){.answer = (enum yearly_answer)answer,
	                             .people_reached = form_has(r, "people_reached") &&
	                                                       form_value(r, "people_reached")[0]
	                                                   ? form_int(r, "people_reached")
	                                                   : -1,
	                             .update_text = form_value(r, "update_text")};
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
	struct answer_tx t = {r->params[0], form_input(r)};
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

/* ---- the owners' own view (logged in) ---- */

static const char *
round_state(struct request *r, const struct yearly_check *c)
{
	if (yearly_check_is_open(c))
		return tr(r, "Waiting for your answer");
	if (strcmp(c->moderation, "pending") == 0)
		return tr(r, "Answered; the coordination office is looking at it");
	if (strcmp(c->moderation, "approved") == 0)
		return tr(r, "Answered and published");
	if (strcmp(c->moderation, "rejected") == 0)
		return tr(r, "Answered; not published by the coordination office");
	return tr(r, "Closed by the coordination office");
}

void
page_yearly_mine(struct request *r)
{
	size_t n;
	struct yearly_check *rows =
	    yearly_check_owned(r->store, &r->arena, r->user->id, time_now(), &n);
	struct html *h = layout_begin(r, tr(r, "Yearly check of our good practices"));
	html_elem(h, "p",
	          tr(r, "Once a year we ask whether your published good practices are still in "
	                "use. You can answer here or with the link in the e-mail."),
	          NULL);
	if (!n) {
		html_elem(h, "p", tr(r, "Nothing to answer at the moment."), "class", "muted",
		          NULL);
		layout_end(r, h);
		return;
	}
	html_open(h, "ul", "class", "yearly-list", NULL);
	for (size_t i = 0; i < n; i++) {
		const struct yearly_check *c = &rows[i];
		html_open(h, "li", "id", arena_printf(&r->arena, "check-%lld", (long long)c->id),
		          NULL);
		html_elem(h, "a", c->practice_title, "href",
		          arena_printf(&r->arena, "/praxis/%s", c->practice_slug), "lang", "de",
		          NULL);
		html_open(h, "p", "class", "card-meta", NULL);
		html_textf(h, tr(r, "Asked on %s"), office_when(r, c->sent_at));
		html_text(h, " · ");
		html_text(h, round_state(r, c));
		html_close(h, "p");
		if (yearly_check_is_open(c))
			html_elem(
			    h, "a", tr(r, "Answer the yearly check"), "class", "btn", "href",
			    arena_printf(&r->arena, "/konto/jahrescheck/%lld", (long long)c->id),
			    NULL);
		else if (c->answer != YA_NONE)
			html_elem(h, "p", tr(r, answer_labels[c->answer]), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	layout_end(r, h);
}

/* The round of the address, when the viewer owns its practice; else the page's answer
 * is sent and false returned. */
static bool
load_owned(struct request *r, struct yearly_check *c)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0 || !yearly_check_find(r->store, &r->arena, id, c) ||
	    access_may_answer_yearly_check(r->store, r->user, c->practice_id) != ACCESS_ALLOWED) {
		http_error(r, 404, N_("There is no page at this address."));
		return false;
	}
	if (!yearly_check_is_open(c)) {
		http_error(r, 409, N_("This yearly check has been answered or closed already."));
		return false;
	}
	return true;
}

static const char *
mine_action(struct request *r, const struct yearly_check *c)
{
	return arena_printf(&r->arena, "/konto/jahrescheck/%lld", (long long)c->id);
}

void
page_yearly_mine_form(struct request *r)
{
	struct yearly_check c;
	if (load_owned(r, &c))
		answer_form_at(r, &c, mine_action(r, &c));
}

struct owner_tx {
	int64_t actor, id;
	struct yearly_input in;
};

static int
owner_body(struct store *s, void *arg)
{
	struct owner_tx *t = arg;
	int rc = yearly_check_answer_owner(s, t->actor, t->id, time_now(), &t->in);
	return rc == YEARLY_OK ? STORE_OK : rc;
}

void
page_yearly_mine_answer(struct request *r)
{
	struct yearly_check c;
	if (!load_owned(r, &c))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		answer_form_at(r, &c, mine_action(r, &c));
		return;
	}
	struct owner_tx t = {r->user->id, c.id, form_input(r)};
	int rc = store_tx(r->store, owner_body, &t);
	if (rc == YEARLY_GONE) {
		http_error(r, 409, N_("This yearly check has been answered or closed already."));
		return;
	}
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/konto/jahrescheck",
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
	html_elem(h, "h2", tr(r, "Settings"), "id", "settings", NULL);
	widget_form_begin(r, h, "/admin/jahrescheck/einstellungen");
	char days[24];
	snprintf(days, sizeof days, "%lld", (long long)yearly_check_interval_days(r->store));
	widget_input(
	    r, h,
	    &(struct widget){.name = "interval_days",
	                     .label = tr(r, "Days between two yearly checks"),
	                     .hint = arena_printf(&r->arena,
	                                          tr(r, "From %d to %d days; 365 is once "
	                                                "a year. A practice is asked this "
	                                                "long after its publication or its "
	                                                "last check."),
	                                          YEARLY_INTERVAL_MIN, YEARLY_INTERVAL_MAX),
	                     .type = "number",
	                     .required = true,
	                     .value = widget_value(r, "interval_days", days)});
	widget_submit(h, tr(r, "Save the settings"));
	html_close(h, "form");
	layout_end(r, h);
}

const struct form_key yearly_settings_keys[1] = {
    {"interval_days", FORM_INT, true, YEARLY_INTERVAL_MIN, YEARLY_INTERVAL_MAX, NULL},
};

struct settings_tx {
	int64_t actor, days;
};

static int
settings_body(struct store *s, void *arg)
{
	struct settings_tx *t = arg;
	int rc = yearly_check_set_interval(s, t->actor, t->days);
	return rc == YEARLY_OK ? STORE_OK : rc;
}

void
page_yearly_settings(struct request *r)
{
	if (access_may_review_yearly_check(r->user) != ACCESS_ALLOWED) {
		http_error(r, 403, N_("Only the coordination office reviews the yearly checks."));
		return;
	}
	if (form_error_count(r)) {
		r->resp.status = 422;
		page_yearly_office(r);
		return;
	}
	struct settings_tx t = {r->user->id, form_int(r, "interval_days")};
	int rc = store_tx(r->store, settings_body, &t);
	if (rc != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/admin/jahrescheck", N_("The settings have been saved."));
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

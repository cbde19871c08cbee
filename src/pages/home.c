/* The home page, the personal overview, the about page and the language switch. */
#include "domain/tasks.h"
#include "domain/yearly_check.h"
#include "html/layout.h"
#include "http/parse.h"
#include "pages/pages.h"
#include "pages/site_pages.h"
#include "pages/view_tasks.h"
#include "domain/call.h"
#include "pages/view_proposal.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <string.h>

void
page_home(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "Good practice that lights the way"));
	html_elem(h, "p",
	          tr(r, "Leuchtturm makes the best approaches of the IQ sub-projects visible "
	                "and ready for transfer: tested products, instruments, concepts, measures "
	                "and event formats that help people with a migration history into skilled "
	                "work."),
	          "class", "lead", NULL);
	html_open(h, "div", "class", "grid-2", NULL);
	html_open(h, "section", "class", "panel", NULL);
	html_elem(h, "h2", tr(r, "For sub-projects"), NULL);
	html_elem(h, "p",
	          tr(r, "Submit an approach that has proved itself. The advisory board rates "
	                "it against four criteria: transferable, innovative, sustainable and "
	                "efficient."),
	          NULL);
	html_close(h, "section");
	html_open(h, "section", "class", "panel", NULL);
	html_elem(h, "h2", tr(r, "For job centres, agencies and companies"), NULL);
	html_elem(h, "p",
	          tr(r, "Find practices you can adopt, with the experience of those who "
	                "developed them and what a transfer takes."),
	          NULL);
	html_close(h, "section");
	html_close(h, "div");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "How the selection works"), "href", "/ueber", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

static void
overview_item(struct request *r, struct html *h, const char *href, const char *title,
              const char *text)
{
	html_open(h, "li", "class", "card", NULL);
	html_open(h, "h2", "class", "card-title", NULL);
	html_elem(h, "a", title, "href", href, NULL);
	html_close(h, "h2");
	html_elem(h, "p", text, NULL);
	html_close(h, "li");
}

/* What waits: the office's list, and a board member's own ratings due. */
static void
overview_tasks(struct request *r, struct html *h)
{
	struct task_list l;
	if (r->user->roles & ROLE_ADMIN) {
		tasks_for_office(r->store, &r->arena, r->user, &l);
		view_tasks_office(r, h, &l);
	}
	if (r->user->roles & ROLE_BOARD) {
		tasks_for_board_member(r->store, &r->arena, r->user, &l);
		view_tasks_board(r, h, &l);
	}
}

void
page_overview(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "Overview"));
	html_open(h, "p", "class", "lead", NULL);
	html_textf(h, tr(r, "Welcome, %s."), r->user->name);
	if (r->user->organisation_name[0]) {
		html_text(h, " ");
		html_textf(h, tr(r, "You work for %s."), r->user->organisation_name);
	}
	html_close(h, "p");
	overview_tasks(r, h);
	html_open(h, "ul", "class", "cards", NULL);
	if (r->user->roles & ROLE_ADMIN) {
		overview_item(r, h, "/admin/benutzer", tr(r, "Users"),
		              tr(r, "Invite people, set their roles and organisations."));
		overview_item(r, h, "/admin/protokoll", tr(r, "Audit log"),
		              tr(r, "Every change, in a tamper-evident chain."));
		overview_item(r, h, "/admin/seiten", tr(r, "Legal pages"),
		              tr(r, "Impressum, privacy policy and accessibility statement; the "
		                    "feedback on accessibility."));
	}
	if (r->user->roles & ROLE_BOARD)
		overview_item(r, h, "/gremium", tr(r, "Board review"),
		              tr(r, "Rate the proposals of the calls in review, see your progress "
		                    "and, once you have rated, the other members' ratings."));
	if (r->user->roles & ROLE_SUBMITTER)
		overview_item(r, h, "/einreichung", tr(r, "Our proposals"),
		              tr(r, "Submit a good practice of your sub-project, follow its "
		                    "state and answer questions of the coordination office."));
	/* Each open call, so that a sub-project reads it before starting a proposal. */
	if (r->user->roles & ROLE_SUBMITTER) {
		size_t n;
		struct call *calls = call_list(r->store, &r->arena, &n);
		for (size_t i = 0; i < n; i++)
			if (call_accepts_submissions(&calls[i], time_now()))
				overview_item(
				    r, h, submit_call_url(r, calls[i].id),
				    arena_printf(&r->arena, tr(r, "Call: %s"), calls[i].title),
				    arena_printf(&r->arena,
				                 tr(r, "Open until %s. Read the criteria and "
				                       "requirements before you start."),
				                 submit_when(r, calls[i].closes_at)));
	}
	/* The owners of published practices: their yearly check (#12). */
	size_t nchecks, nopen = 0;
	struct yearly_check *checks =
	    yearly_check_owned(r->store, &r->arena, r->user->id, time_now(), &nchecks);
	for (size_t i = 0; i < nchecks; i++)
		nopen += yearly_check_is_open(&checks[i]);
	if (nchecks)
		overview_item(
		    r, h, "/konto/jahrescheck", tr(r, "Yearly check"),
		    nopen ? arena_printf(&r->arena,
		                         trn(r,
		                             "%lld of your good practices waits for its "
		                             "yearly check.",
		                             "%lld of your good practices wait for their "
		                             "yearly check.",
		                             (long)nopen),
		                         (long long)nopen)
		          : tr(r, "Your answers to the yearly check of your good practices."));
	overview_item(r, h, "/konto", tr(r, "My account"),
	              tr(r, "Your name, language and password."));
	html_close(h, "ul");
	layout_end(r, h);
}

void
page_language(struct request *r)
{
	int lang = i18n_parse(r->params[0]);
	if (lang < 0) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	/* A logged-in person's language is the account's: an old link asks before it
	 * changes the account (a GET changes nothing). */
	if (r->user) {
		page_language_confirm(r, (enum lang)lang, http_query(r, "next"));
		return;
	}
	/* A year: the choice is a preference, not a secret. */
	http_set_cookie(r, "lt_lang", i18n_code((enum lang)lang), 365L * 24 * 3600);
	const char *next = http_query(r, "next");
	http_redirect(r, str_is_local_path(next) ? next : "/", NULL);
}

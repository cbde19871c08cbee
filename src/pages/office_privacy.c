/* The office's data-protection pages (GDPR Art. 5(1)(e), 17; issue #15, point 11):
 * erasing a person, with a confirmation step, and the retention of proposals' contact
 * data. */
#include "domain/access.h"
#include "domain/erasure.h"
#include "domain/retention.h"
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct form_key erase_keys[1] = {
    {"confirm_email", FORM_TEXT, true, 0, 320, NULL},
};

const struct form_key retention_keys[1] = {
    {"years", FORM_INT, true, 0, RETENTION_YEARS_MAX, NULL},
};

/* The account of the address's :id, or a 404 (sent) and false. */
static bool
erase_target(struct request *r, struct user *u)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0 || !user_find_by_id(r->store, &r->arena, id, u)) {
		http_error(r, 404, N_("There is no such account."));
		return false;
	}
	return true;
}

/* Whether the office may erase u; sends the refusal when not. */
static bool
erase_allowed(struct request *r, const struct user *u)
{
	enum access_result a =
	    access_may_erase_person(r->user, u, erasure_is_erased(r->store, u->id));
	if (a == ACCESS_ALLOWED)
		return true;
	if (a == ACCESS_CLOSED)
		http_error(r, 409,
		           u->id == r->user->id ? N_("You cannot erase your own account.")
		                                : N_("This person has been erased already."));
	else
		http_error(r, 403, N_("Only the coordination office erases a person's data."));
	return false;
}

static void
erase_form(struct request *r, const struct user *u)
{
	struct html *h = layout_begin(r, tr(r, "Erase a person's data"));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       tr(r, "You are about to erase the personal data of %s (%s)."),
	                       u->name, u->email),
	          NULL);
	html_open(h, "ul", NULL);
	html_elem(h, "li",
	          tr(r, "The account gets a pseudonym, cannot log in any more and keeps its "
	                "ratings, votes and comments under the pseudonym, so the board's record "
	                "stays complete."),
	          NULL);
	html_elem(h, "li",
	          tr(r, "Contact fields of proposals and practices with this address are "
	                "emptied; transfer reports, messages and e-mails get the pseudonym; "
	                "e-mails to the person are deleted."),
	          NULL);
	html_elem(h, "li",
	          tr(r, "The audit log keeps its events without the details naming the person; "
	                "its chain still verifies."),
	          NULL);
	html_close(h, "ul");
	html_elem(
	    h, "p",
	    tr(r, "This cannot be undone. Download the person's data first if they asked for it."),
	    "class", "notice notice-warning", NULL);
	widget_form_begin(
	    r, h, arena_printf(&r->arena, "/admin/benutzer/%lld/loeschen", (long long)u->id));
	widget_input(r, h,
	             &(struct widget){.name = "confirm_email",
	                              .label = tr(r, "Type the person's e-mail address to confirm"),
	                              .type = "text",
	                              .autocomplete = "off",
	                              .required = true,
	                              .maxlength = 320,
	                              .value = widget_value(r, "confirm_email", "")});
	widget_submit(h, tr(r, "Erase this person's data"));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the account"), "href",
	          arena_printf(&r->arena, "/admin/benutzer/%lld", (long long)u->id), NULL);
	html_close(h, "p");
	layout_end(r, h);
}

void
page_user_erase_form(struct request *r)
{
	struct user u;
	if (erase_target(r, &u) && erase_allowed(r, &u))
		erase_form(r, &u);
}

struct erase_tx {
	int64_t actor, id;
	struct erasure_result res;
	enum erasure_code code;
};

static int
erase_body(struct store *s, void *arg)
{
	struct erase_tx *t = arg;
	t->code = erasure_erase_person(s, t->actor, t->id, &t->res);
	if (t->code == ERASURE_OK)
		return STORE_OK;
	return t->code == ERASURE_ERROR ? STORE_ERR : 1;
}

void
page_user_erase(struct request *r)
{
	struct user u;
	if (!erase_target(r, &u) || !erase_allowed(r, &u))
		return;
	if (!form_error_count(r) && strcasecmp(form_value(r, "confirm_email"), u.email) != 0)
		form_set_error(r, "confirm_email",
		               N_("This is not the person's e-mail address; nothing was erased."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		erase_form(r, &u);
		return;
	}
	struct erase_tx t = {.actor = r->user->id, .id = u.id};
	int rc = store_tx(r->store, erase_body, &t);
	erasure_done(&t.res);
	if (rc != STORE_OK) {
		if (t.code == ERASURE_ALREADY)
			http_error(r, 409, N_("This person has been erased already."));
		else
			http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/benutzer/%lld", (long long)u.id),
	              N_("The person's data has been erased."));
}

/* ---- retention ---- */

void
page_retention(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "Retention of personal data"));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          tr(r, "Proposals that were not selected, were ineligible or were withdrawn keep "
	                "their contact data (name, e-mail address, telephone) for this many years "
	                "after their last change; then the scheduler removes it, in the proposal "
	                "and in every submitted version, and records it in the audit log. The "
	                "texts stay."),
	          NULL);
	html_elem(h, "p",
	          tr(r, "Unconfirmed interest in a practice is deleted after 30 days. Access logs "
	                "are rotated by logrotate (deploy/logrotate-leuchtturm)."),
	          NULL);
	widget_form_begin(r, h, "/admin/aufbewahrung");
	char years[16];
	snprintf(years, sizeof years, "%d", retention_years(r->store));
	widget_input(
	    r, h,
	    &(struct widget){.name = "years",
	                     .label = tr(r, "Years to keep the contact data of proposals "
	                                    "not selected"),
	                     .hint = arena_printf(&r->arena, tr(r, "From 0 to %d; 0 keeps it."),
	                                          RETENTION_YEARS_MAX),
	                     .type = "number",
	                     .required = true,
	                     .value = widget_value(r, "years", years)});
	widget_submit(h, tr(r, "Save the settings"));
	html_close(h, "form");
	layout_end(r, h);
}

struct retention_tx {
	int64_t actor;
	int years;
};

static int
retention_body(struct store *s, void *arg)
{
	struct retention_tx *t = arg;
	return retention_set_years(s, t->actor, t->years) == 0 ? STORE_OK : STORE_ERR;
}

void
page_retention_update(struct request *r)
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		page_retention(r);
		return;
	}
	struct retention_tx t = {r->user->id, (int)form_int(r, "years")};
	if (store_tx(r->store, retention_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, "/admin/aufbewahrung", N_("The settings have been saved."));
}

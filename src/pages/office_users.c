/* The coordination office's user administration: list, invite, roles, organisation. */
#include "domain/erasure.h"
#include "domain/organisation.h"
#include "domain/user.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "pages/view_account.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USERS_PER_PAGE 50

static const char *const constituencies[] = {"",        "funder",     "transfer_project",
                                             "network", "fachstelle", NULL};

const struct form_key invite_keys[6] = {
    {"email", FORM_EMAIL, true, 0, 0, NULL},
    {"name", FORM_TEXT, true, 0, 200, NULL},
    {"organisation", FORM_INT, false, 0, INT64_MAX, NULL},
    {"role_admin", FORM_BOOL, false, 0, 0, NULL},
    {"role_board", FORM_BOOL, false, 0, 0, NULL},
    {"role_submitter", FORM_BOOL, false, 0, 0, NULL},
};

const struct form_key user_edit_keys[6] = {
    {"organisation", FORM_INT, false, 0, INT64_MAX, NULL},
    {"constituency", FORM_CHOICE, false, 0, 0, constituencies},
    {"role_admin", FORM_BOOL, false, 0, 0, NULL},
    {"role_board", FORM_BOOL, false, 0, 0, NULL},
    {"role_submitter", FORM_BOOL, false, 0, 0, NULL},
    {"active", FORM_BOOL, false, 0, 0, NULL},
};

static const char *
role_label(struct request *r, unsigned role)
{
	switch (role) {
	case ROLE_ADMIN:
		return tr(r, "Coordination office");
	case ROLE_BOARD:
		return tr(r, "Advisory board");
	default:
		return tr(r, "Sub-project");
	}
}

static const char *
roles_text(struct request *r, unsigned roles)
{
	struct buf b = BUF_INIT;
	for (unsigned bit = ROLE_ADMIN; bit <= ROLE_SUBMITTER; bit <<= 1)
		if (roles & bit)
			buf_printf(&b, "%s%s", b.len ? ", " : "", role_label(r, bit));
	const char *s = arena_strdup(&r->arena, b.len ? buf_str(&b) : "–");
	buf_free(&b);
	return s;
}

/* The organisation select: value/label pairs for widget_select. */
static const char **
organisation_options(struct request *r, struct store *s)
{
	size_t n;
	struct organisation *orgs = organisation_list(s, &r->arena, &n);
	const char **opt = arena_alloc(&r->arena, (2 * n + 3) * sizeof *opt);
	opt[0] = "0";
	opt[1] = tr(r, "– none –");
	for (size_t i = 0; i < n; i++) {
		opt[2 + 2 * i] = arena_printf(&r->arena, "%lld", (long long)orgs[i].id);
		opt[3 + 2 * i] = orgs[i].name;
	}
	opt[2 + 2 * n] = NULL;
	return opt;
}

static void
role_checkboxes(struct request *r, struct html *h, unsigned roles)
{
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Roles"), NULL);
	widget_checkbox(r, h, "role_admin", role_label(r, ROLE_ADMIN), roles & ROLE_ADMIN);
	widget_checkbox(r, h, "role_board", role_label(r, ROLE_BOARD), roles & ROLE_BOARD);
	widget_checkbox(r, h, "role_submitter", role_label(r, ROLE_SUBMITTER),
	                roles & ROLE_SUBMITTER);
	html_close(h, "fieldset");
}

static unsigned
roles_from_form(struct request *r)
{
	return (form_has(r, "role_admin") ? ROLE_ADMIN : 0) |
	       (form_has(r, "role_board") ? ROLE_BOARD : 0) |
	       (form_has(r, "role_submitter") ? ROLE_SUBMITTER : 0);
}

static void
user_table(struct request *r, struct html *h, struct store *s)
{
	long page = 1;
	const char *p = http_query(r, "seite");
	if (p)
		page = strtol(p, NULL, 10);
	size_t total = user_count(s);
	/* Out of range (or not a number): the first or the last page, never an overflow. */
	long last = (long)((total + USERS_PER_PAGE - 1) / USERS_PER_PAGE);
	if (page < 1)
		page = 1;
	if (last >= 1 && page > last)
		page = last;
	struct user *users = arena_alloc(&r->arena, USERS_PER_PAGE * sizeof *users);
	size_t n =
	    user_list(s, &r->arena, users, USERS_PER_PAGE, (size_t)(page - 1) * USERS_PER_PAGE);
	const char *heads[] = {tr(r, "Name"), tr(r, "E-mail address"), tr(r, "Organisation"),
	                       tr(r, "Roles"), tr(r, "Status")};
	widget_table_begin(
	    h, arena_printf(&r->arena, trn(r, "%zu account", "%zu accounts", (long)total), total),
	    heads, 5);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", users[i].name, "href",
		          arena_printf(&r->arena, "/admin/benutzer/%lld", (long long)users[i].id),
		          NULL);
		html_close(h, "td");
		html_elem(h, "td", users[i].email, NULL);
		html_elem(h, "td", users[i].organisation_name[0] ? users[i].organisation_name : "–",
		          NULL);
		html_elem(h, "td", roles_text(r, users[i].roles), NULL);
		html_open(h, "td", NULL);
		html_elem(h, "span", users[i].active ? tr(r, "active") : tr(r, "deactivated"),
		          "class",
		          users[i].active ? "badge badge-published" : "badge badge-neutral", NULL);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	if (total > USERS_PER_PAGE) {
		html_open(h, "nav", "class", "pager", "aria-label", tr(r, "Pages"), NULL);
		html_open(h, "ul", NULL);
		if (page > 1) {
			html_open(h, "li", NULL);
			html_elem(h, "a", tr(r, "Previous"), "rel", "prev", "href",
			          arena_printf(&r->arena, "/admin/benutzer?seite=%ld", page - 1),
			          NULL);
			html_close(h, "li");
		}
		if ((size_t)page * USERS_PER_PAGE < total) {
			html_open(h, "li", NULL);
			html_elem(h, "a", tr(r, "Next"), "rel", "next", "href",
			          arena_printf(&r->arena, "/admin/benutzer?seite=%ld", page + 1),
			          NULL);
			html_close(h, "li");
		}
		html_close(h, "ul");
		html_close(h, "nav");
	}
}

static void
users_page(struct request *r)
{
	struct store *s = r->store;
	struct html *h = layout_begin(r, tr(r, "Users"));
	widget_error_summary(r, h);
	user_table(r, h, s);
	html_open(h, "section", "class", "panel", "aria-labelledby", "invite-h", NULL);
	html_elem(h, "h2", tr(r, "Invite a person"), "id", "invite-h", NULL);
	html_elem(h, "p",
	          tr(r, "The person receives an e-mail with a link to choose a password. The link "
	                "is valid for 14 days."),
	          NULL);
	widget_form_begin(r, h, "/admin/benutzer/einladen");
	widget_input(r, h,
	             &(struct widget){.name = "email",
	                              .label = tr(r, "E-mail address"),
	                              .type = "email",
	                              .required = true});
	widget_input(
	    r, h,
	    &(struct widget){
	        .name = "name", .label = tr(r, "Name"), .required = true, .maxlength = 200});
	widget_select(r, h,
	              &(struct widget){.name = "organisation", .label = tr(r, "Organisation")},
	              organisation_options(r, s));
	role_checkboxes(r, h, ROLE_SUBMITTER);
	widget_submit(h, tr(r, "Send invitation"));
	html_close(h, "form");
	html_close(h, "section");
	layout_end(r, h);
}

void
page_users(struct request *r)
{
	users_page(r);
}

static bool
organisation_valid(struct request *r, struct store *s)
{
	struct organisation o;
	int64_t id = form_int(r, "organisation");
	if (id && organisation_find(s, &r->arena, id, &o) != 0) {
		form_set_error(r, "organisation", N_("Please choose one of the options."));
		return false;
	}
	return true;
}

struct invite_tx {
	struct request *r;
	unsigned roles;
	int64_t id; /* out: the new account's, 0 when the address is taken, -1 on an error */
};

/* The account and its invitation (token and e-mail), together or not at all. */
static int
invite_body(struct store *s, void *arg)
{
	struct invite_tx *t = arg;
	struct request *r = t->r;
	t->id = user_create(s, r->user->id, form_value(r, "email"), form_value(r, "name"), NULL,
	                    t->roles, form_int(r, "organisation"));
	if (t->id == 0)
		return 1;
	struct user u;
	if (t->id < 0 || !user_find_by_id(s, &r->arena, t->id, &u) ||
	    account_send_invitation(r, s, &u) != 0)
		return STORE_ERR;
	return STORE_OK;
}

void
page_user_invite(struct request *r)
{
	struct store *s = r->store;
	unsigned roles = roles_from_form(r);
	organisation_valid(r, s);
	if (!roles)
		form_set_error(r, "role_submitter", N_("Please choose at least one role."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		users_page(r);
		return;
	}
	struct invite_tx t = {r, roles, -1};
	if (store_tx(s, invite_body, &t) != STORE_OK) {
		if (t.id != 0) {
			http_fail(r);
			return;
		}
		form_set_error(r, "email", N_("There is already an account with this address."));
		r->resp.status = 422;
		users_page(r);
		return;
	}
	http_redirect(r, "/admin/benutzer", N_("The invitation has been sent."));
}

static bool
load_user(struct request *r, struct store *s, struct user *u)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0 || !user_find_by_id(s, &r->arena, id, u)) {
		http_error(r, 404, N_("There is no such account."));
		return false;
	}
	return true;
}

static void
user_page(struct request *r, struct store *s, const struct user *u)
{
	struct html *h = layout_begin(r, u->name);
	widget_error_summary(r, h);
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "E-mail address"), NULL);
	html_elem(h, "dd", u->email, NULL);
	html_close(h, "dl");
	widget_form_begin(r, h, arena_printf(&r->arena, "/admin/benutzer/%lld", (long long)u->id));
	widget_select(r, h,
	              &(struct widget){
	                  .name = "organisation",
	                  .label = tr(r, "Organisation"),
	                  .value = arena_printf(&r->arena, "%lld", (long long)u->organisation_id)},
	              organisation_options(r, s));
	const char *cons[] = {"",
	                      tr(r, "– none –"),
	                      "funder",
	                      tr(r, "Funder (BMAS)"),
	                      "transfer_project",
	                      tr(r, "Transfer project"),
	                      "network",
	                      tr(r, "Regional network"),
	                      "fachstelle",
	                      tr(r, "Fachstelle"),
	                      NULL};
	widget_select(r, h,
	              &(struct widget){.name = "constituency",
	                               .label = tr(r, "Constituency on the advisory board"),
	                               .hint = tr(r, "Whom the person represents when rating."),
	                               .value = u->constituency},
	              cons);
	role_checkboxes(r, h, u->roles);
	widget_checkbox(r, h, "active", tr(r, "Account is active"), u->active);
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	/* GDPR Art. 15 and 20: the office answers a person's request for their data. */
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Download this person's data (ZIP)"), "href",
	          arena_printf(&r->arena, "/admin/benutzer/%lld/daten.zip", (long long)u->id),
	          "download", "", NULL);
	html_close(h, "p");
	/* GDPR Art. 17: the confirmation page says what happens. */
	if (u->id != r->user->id && !erasure_is_erased(s, u->id)) {
		html_open(h, "p", NULL);
		html_elem(
		    h, "a", tr(r, "Erase this person's data …"), "href",
		    arena_printf(&r->arena, "/admin/benutzer/%lld/loeschen", (long long)u->id),
		    NULL);
		html_close(h, "p");
	}
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to the list"), "href", "/admin/benutzer", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

void
page_user(struct request *r)
{
	struct store *s = r->store;
	struct user u;
	if (load_user(r, s, &u))
		user_page(r, s, &u);
}

/* The account's roles, organisation and state as the form has them; only what changed
 * is written (and audited). */
struct user_update_tx {
	struct request *r;
	const struct user *u;
	unsigned roles;
	bool active;
};

static int
user_update_body(struct store *s, void *arg)
{
	struct user_update_tx *t = arg;
	struct request *r = t->r;
	const struct user *u = t->u;
	int rc = 0;
	if (t->roles != u->roles)
		rc |= user_set_roles(s, r->user->id, u->id, t->roles);
	if (form_int(r, "organisation") != u->organisation_id ||
	    strcmp(form_value(r, "constituency"), u->constituency) != 0)
		rc |= user_set_organisation(s, r->user->id, u->id, form_int(r, "organisation"),
		                            form_value(r, "constituency"));
	if (t->active != u->active)
		rc |= user_set_active(s, r->user->id, u->id, t->active);
	return rc == 0 ? STORE_OK : STORE_ERR;
}

void
page_user_update(struct request *r)
{
	struct store *s = r->store;
	struct user u;
	if (!load_user(r, s, &u))
		return;
	unsigned roles = roles_from_form(r);
	bool active = form_has(r, "active");
	organisation_valid(r, s);
	/* The office must not lock itself out: nobody removes their own admin role. */
	if (u.id == r->user->id && (!(roles & ROLE_ADMIN) || !active))
		form_set_error(r, "role_admin",
		               N_("You cannot remove your own administrator role or deactivate "
		                  "yourself."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		user_page(r, s, &u);
		return;
	}
	struct user_update_tx t = {r, &u, roles, active};
	if (store_tx(s, user_update_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/benutzer/%lld", (long long)u.id),
	              N_("Your changes have been saved."));
}

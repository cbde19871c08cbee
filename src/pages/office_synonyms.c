/* The search's synonyms at /admin/stammdaten/synonyme (issue 13): the office lists, adds,
 * changes and deletes groups of ways of writing the same thing; the search uses a change
 * at once (domain/synonym.h). */
#include "domain/synonym.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/office_pages.h"
#include "pages/view_office.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

const struct form_key synonym_keys[1] = {
    {"terms", FORM_TEXT, true, 0, SYNONYM_MAX_CHARS, NULL},
};

#define SYNONYMS "/admin/stammdaten/synonyme"

static const char *
synonym_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, SYNONYMS "/%lld%s", (long long)id, rest);
}

static void
terms_field(struct request *r, struct html *h, const char *value)
{
	widget_input(r, h,
	             &(struct widget){.name = "terms",
	                              .label = tr(r, "Ways of writing"),
	                              .hint = tr(r, "Separated by commas, e.g. \"BA, Bundesagentur "
	                                            "für Arbeit\". A search for one finds the "
	                                            "others."),
	                              .value = widget_value(r, "terms", value),
	                              .required = true,
	                              .maxlength = SYNONYM_MAX_CHARS});
}

static void
synonyms_page(struct request *r)
{
	const char *crumbs[] = {"/admin/stammdaten", tr(r, "Reference data"), NULL};
	struct html *h = office_begin(r, tr(r, "Search synonyms"), crumbs);
	html_elem(h, "p",
	          tr(r, "Words that mean the same for the catalog's search. A change works for "
	                "the next search."),
	          "class", "lead", NULL);
	widget_error_summary(r, h);
	size_t n;
	struct synonym *list = synonym_list(r->store, &r->arena, &n);
	static const char *const heads[] = {N_("Ways of writing"), N_("Change")};
	const char *theads[2] = {tr(r, heads[0]), tr(r, heads[1])};
	widget_table_begin(
	    h, arena_printf(&r->arena, trn(r, "%zu synonym", "%zu synonyms", (long)n), n), theads,
	    2);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_elem(h, "th", list[i].terms, "scope", "row", "lang", "de", NULL);
		html_open(h, "td", NULL);
		html_elem(h, "a", tr(r, "Edit"), "href", synonym_href(r, list[i].id, ""),
		          "aria-label", arena_printf(&r->arena, tr(r, "Edit: %s"), list[i].terms),
		          NULL);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_open(h, "section", "class", "panel", "aria-labelledby", "synonym-new-h", NULL);
	html_elem(h, "h2", tr(r, "Add a synonym"), "id", "synonym-new-h", NULL);
	widget_form_begin(r, h, SYNONYMS);
	terms_field(r, h, "");
	widget_submit(h, tr(r, "Add the synonym"));
	html_close(h, "form");
	html_close(h, "section");
	layout_end(r, h);
}

void
page_synonyms(struct request *r)
{
	synonyms_page(r);
}

struct synonym_tx {
	struct request *r;
	int64_t id;
	int64_t out;
};

static int
create_body(struct store *s, void *arg)
{
	struct synonym_tx *t = arg;
	t->out = synonym_create(s, t->r->user->id, form_value(t->r, "terms"));
	return t->out > 0 ? STORE_OK : STORE_ERR;
}

static int
update_body(struct store *s, void *arg)
{
	struct synonym_tx *t = arg;
	t->out = synonym_update(s, t->r->user->id, t->id, form_value(t->r, "terms"));
	return t->out == 0 ? STORE_OK : STORE_ERR;
}

static int
delete_body(struct store *s, void *arg)
{
	struct synonym_tx *t = arg;
	t->out = synonym_delete(s, t->r->user->id, t->id);
	return t->out == 0 ? STORE_OK : STORE_ERR;
}

/* Checks the field; false (with the error set) when it is not a group. */
static bool
terms_ok(struct request *r)
{
	if (form_error(r, "terms"))
		return false;
	const char *problem = synonym_problem(form_value(r, "terms"));
	if (problem)
		form_set_error(r, "terms", problem);
	return !problem;
}

void
page_synonym_create(struct request *r)
{
	if (!terms_ok(r)) {
		r->resp.status = 422;
		synonyms_page(r);
		return;
	}
	struct synonym_tx t = {.r = r};
	if (store_tx(r->store, create_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, SYNONYMS, N_("The synonym has been added."));
}

/* The group of the address's id; a 404 when there is none. */
static const struct synonym *
load_synonym(struct request *r, int64_t *id)
{
	size_t n;
	struct synonym *list = synonym_list(r->store, &r->arena, &n);
	if (office_param_id(r, 0, id))
		for (size_t i = 0; i < n; i++)
			if (list[i].id == *id)
				return &list[i];
	http_error(r, 404, N_("There is no such synonym."));
	return NULL;
}

static void
synonym_page(struct request *r, const struct synonym *g)
{
	const char *crumbs[] = {"/admin/stammdaten", tr(r, "Reference data"), SYNONYMS,
	                        tr(r, "Search synonyms"), NULL};
	struct html *h = office_begin(r, g->terms, crumbs);
	widget_error_summary(r, h);
	html_open(h, "section", "class", "panel", "aria-labelledby", "synonym-edit-h", NULL);
	html_elem(h, "h2", tr(r, "Change"), "id", "synonym-edit-h", NULL);
	widget_form_begin(r, h, synonym_href(r, g->id, ""));
	terms_field(r, h, g->terms);
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	html_close(h, "section");
	html_open(h, "section", "class", "panel", "aria-labelledby", "synonym-delete-h", NULL);
	html_elem(h, "h2", tr(r, "Delete"), "id", "synonym-delete-h", NULL);
	widget_button_form(r, h, synonym_href(r, g->id, "/loeschen"), tr(r, "Delete the synonym"),
	                   "btn btn-danger",
	                   tr(r, "Delete this synonym? Searches will no longer "
	                         "find its words for each other."));
	html_close(h, "section");
	layout_end(r, h);
}

void
page_synonym(struct request *r)
{
	int64_t id;
	const struct synonym *g = load_synonym(r, &id);
	if (g)
		synonym_page(r, g);
}

void
page_synonym_update(struct request *r)
{
	int64_t id;
	const struct synonym *g = load_synonym(r, &id);
	if (!g)
		return;
	if (!terms_ok(r)) {
		r->resp.status = 422;
		synonym_page(r, g);
		return;
	}
	struct synonym_tx t = {.r = r, .id = id};
	if (store_tx(r->store, update_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, SYNONYMS, N_("The synonym has been saved."));
}

void
page_synonym_delete(struct request *r)
{
	int64_t id;
	if (!load_synonym(r, &id))
		return;
	struct synonym_tx t = {.r = r, .id = id};
	if (store_tx(r->store, delete_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, SYNONYMS, N_("The synonym has been deleted."));
}

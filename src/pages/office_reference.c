/* The coordination office's reference data: taxonomy terms (add, rename, retire, restore,
 * delete when unused) and organisations (add, edit). Every change goes through a domain
 * function that writes its audit event. */
#include "domain/organisation.h"
#include "domain/taxonomy.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/view_office.h"
#include "pages/office_pages.h"
#include "store/store.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

const struct form_key term_new_keys[4] = {
    {"kind", FORM_CHOICE, true, 0, 0, taxonomy_kinds},
    {"label_de", FORM_TEXT, true, 0, 200, NULL},
    {"label_en", FORM_TEXT, false, 0, 200, NULL},
    {"key", FORM_TEXT, false, 0, 60, NULL},
};

const struct form_key term_rename_keys[2] = {
    {"label_de", FORM_TEXT, true, 0, 200, NULL},
    {"label_en", FORM_TEXT, false, 0, 200, NULL},
};

const struct form_key organisation_keys[5] = {
    {"name", FORM_TEXT, true, 0, 200, NULL},
    {"short_name", FORM_TEXT, false, 0, 40, NULL},
    {"kind", FORM_CHOICE, true, 0, 0, organisation_kinds},
    {"parent", FORM_INT, false, 0, INT64_MAX, NULL},
    {"bundesland", FORM_TEXT, false, 0, 100, NULL},
};

/* ---- taxonomy terms ---- */

static const char *
kind_label(struct request *r, const char *kind)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {
	    {"art", N_("Type of practice (Art)")},
	    {"handlungsfeld", N_("Fields of action (Handlungsfelder)")},
	    {"zielgruppe", N_("Target groups (Zielgruppen)")},
	    {"adressat", N_("Addressees (Adressaten)")},
	    {"bundesland", N_("Federal states (Bundesländer)")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].kind, kind) == 0)
			return tr(r, labels[i].label);
	return kind;
}

static const char *
term_href(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/admin/stammdaten/begriffe/%lld%s", (long long)id, rest);
}

static void
term_table(struct request *r, struct html *h, struct store *s, const char *kind)
{
	size_t n;
	struct term *terms = taxonomy_list(s, &r->arena, kind, true, &n);
	const char *hid = arena_printf(&r->arena, "kind-%s", kind);
	html_open(h, "section", "aria-labelledby", hid, NULL);
	html_elem(h, "h2", kind_label(r, kind), "id", hid, NULL);
	const char *heads[] = {tr(r, "German"), tr(r, "English"), tr(r, "In use"), tr(r, "Status")};
	widget_table_begin(h, NULL, heads, 4);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", terms[i].label_de, "href", term_href(r, terms[i].id, ""), "lang",
		          "de", NULL);
		html_close(h, "th");
		html_elem(h, "td", terms[i].label_en[0] ? terms[i].label_en : "–", "lang", "en",
		          NULL);
		html_elem(h, "td", arena_printf(&r->arena, "%lld", (long long)terms[i].uses), NULL);
		html_open(h, "td", NULL);
		html_elem(h, "span", terms[i].retired ? tr(r, "retired") : tr(r, "active"), "class",
		          terms[i].retired ? "badge badge-neutral" : "badge badge-published", NULL);
		html_close(h, "td");
		html_close(h, "tr");
	}
	widget_table_end(h);
	html_close(h, "section");
}

static void
term_new_form(struct request *r, struct html *h)
{
	html_open(h, "section", "class", "panel", "aria-labelledby", "term-new-h", NULL);
	html_elem(h, "h2", tr(r, "Add a term"), "id", "term-new-h", NULL);
	widget_form_begin(r, h, "/admin/stammdaten/begriffe");
	const char **opt = arena_alloc(&r->arena, 12 * sizeof *opt);
	size_t k = 0;
	for (size_t i = 0; taxonomy_kinds[i] && k < 10; i++) {
		opt[k++] = taxonomy_kinds[i];
		opt[k++] = kind_label(r, taxonomy_kinds[i]);
	}
	opt[k] = NULL;
	widget_select(r, h, &(struct widget){.name = "kind", .label = tr(r, "List")}, opt);
	widget_input(r, h,
	             &(struct widget){.name = "label_de",
	                              .label = tr(r, "German label"),
	                              .required = true,
	                              .maxlength = 200});
	widget_input(r, h,
	             &(struct widget){.name = "label_en",
	                              .label = tr(r, "English label"),
	                              .hint = tr(r, "Shown on the English pages; the German label "
	                                            "is used when it is empty."),
	                              .maxlength = 200});
	widget_input(r, h,
	             &(struct widget){.name = "key",
	                              .label = tr(r, "Key"),
	                              .hint = tr(r, "Optional. Lower-case letters, digits and "
	                                            "hyphens; used in exports and addresses. Made "
	                                            "from the German label when empty."),
	                              .maxlength = 60});
	widget_submit(h, tr(r, "Add the term"));
	html_close(h, "form");
	html_close(h, "section");
}

static void
reference_page(struct request *r, struct store *s)
{
	struct html *h = layout_begin(r, tr(r, "Reference data"));
	html_elem(h, "p",
	          tr(r, "The lists that proposals and good practices are described with. A term "
	                "in use cannot be deleted, only retired: it then no longer appears in new "
	                "forms but stays where it is used."),
	          "class", "lead", NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Organisations"), "href", "/admin/stammdaten/organisationen", NULL);
	html_text(h, " · ");
	html_elem(h, "a", tr(r, "Search synonyms"), "href", "/admin/stammdaten/synonyme", NULL);
	html_close(h, "p");
	widget_error_summary(r, h);
	html_open(h, "nav", "aria-label", tr(r, "Lists"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; taxonomy_kinds[i]; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", kind_label(r, taxonomy_kinds[i]), "href",
		          arena_printf(&r->arena, "#kind-%s", taxonomy_kinds[i]), NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
	term_new_form(r, h);
	for (size_t i = 0; taxonomy_kinds[i]; i++)
		term_table(r, h, s, taxonomy_kinds[i]);
	layout_end(r, h);
}

void
page_reference(struct request *r)
{
	reference_page(r, r->store);
}

/* A key from a German label: "Berufsbezogenes Deutsch" → "berufsbezogenes-deutsch". */
static const char *
key_from_label(struct request *r, const char *label)
{
	static const struct {
		const char *from, *to;
	} fold[] = {{"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"},
	            {"Ö", "oe"}, {"Ü", "ue"}, {"ß", "ss"}};
	struct buf b = BUF_INIT;
	for (const char *p = label; *p && b.len < 60;) {
		bool folded = false;
		for (size_t i = 0; i < sizeof fold / sizeof fold[0] && !folded; i++)
			if (str_starts(p, fold[i].from)) {
				buf_puts(&b, fold[i].to);
				p += strlen(fold[i].from);
				folded = true;
			}
		if (folded)
			continue;
		unsigned char c = (unsigned char)*p++;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			buf_putc(&b, (char)c);
		else if (c >= 'A' && c <= 'Z')
			buf_putc(&b, (char)(c - 'A' + 'a'));
		else if (b.len && b.data[b.len - 1] != '-')
			buf_putc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.data[--b.len] = '\0';
	const char *key = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return key;
}

static bool
key_valid(const char *key)
{
	if (!*key)
		return false;
	for (const char *p = key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

/* A change of the reference data: the request (its form has the fields), the term's or
 * organisation's id, and what the body made (a new id; for a term, 0 when its key is
 * taken, -1 on an error). */
struct ref_tx {
	struct request *r;
	int64_t id;
	const char *key;
	bool retired;
	int64_t out;
};

static int
term_create_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	struct request *r = t->r;
	t->out = taxonomy_create(s, r->user->id, form_value(r, "kind"), t->key,
	                         form_value(r, "label_de"), form_value(r, "label_en"));
	return t->out > 0 ? STORE_OK : STORE_ERR;
}

static int
term_rename_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	return taxonomy_rename(s, t->r->user->id, t->id, form_value(t->r, "label_de"),
	                       form_value(t->r, "label_en")) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

static int
term_retire_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	return taxonomy_set_retired(s, t->r->user->id, t->id, t->retired) == 0 ? STORE_OK
	                                                                       : STORE_ERR;
}

/* taxonomy_delete's code: 0, 1 for a term in use, or -1. */
static int
term_delete_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	return taxonomy_delete(s, t->r->user->id, t->id);
}

static int
org_create_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	struct request *r = t->r;
	t->out = organisation_create(s, r->user->id, form_value(r, "name"),
	                             form_value(r, "short_name"), form_value(r, "kind"),
	                             form_int(r, "parent"), form_value(r, "bundesland"));
	return t->out > 0 ? STORE_OK : STORE_ERR;
}

static int
org_update_body(struct store *s, void *arg)
{
	struct ref_tx *t = arg;
	struct request *r = t->r;
	return organisation_update(s, r->user->id, t->id, form_value(r, "name"),
	                           form_value(r, "short_name"), form_value(r, "kind"),
	                           form_int(r, "parent"), form_value(r, "bundesland")) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

void
page_term_create(struct request *r)
{
	struct store *s = r->store;
	const char *key = form_value(r, "key");
	if (*key && !key_valid(key))
		form_set_error(r, "key",
		               N_("Please use only lower-case letters, digits and "
		                  "hyphens."));
	if (!*key)
		key = key_from_label(r, form_value(r, "label_de"));
	if (!form_error(r, "label_de") && !form_error(r, "key") && !key_valid(key))
		form_set_error(r, "key",
		               N_("Please enter a key: the label has no letters to "
		                  "make one from."));
	if (form_error_count(r))
		goto invalid;
	struct ref_tx t = {.r = r, .key = key, .out = -1};
	if (store_tx(s, term_create_body, &t) != STORE_OK) {
		if (t.out != 0)
			goto fail;
		form_set_error(r, form_value(r, "key")[0] ? "key" : "label_de",
		               N_("This list has a term with this key already."));
		goto invalid;
	}
	http_redirect(r,
	              arena_printf(&r->arena, "/admin/stammdaten#kind-%s", form_value(r, "kind")),
	              N_("The term has been added."));
	return;
invalid:
	r->resp.status = 422;
	reference_page(r, s);
	return;
fail:
	http_fail(r);
}

static bool
load_term(struct request *r, struct store *s, struct term *t)
{
	int64_t id;
	if (!office_param_id(r, 0, &id) || !taxonomy_find(s, &r->arena, id, NULL, t)) {
		http_error(r, 404, N_("There is no such term."));
		return false;
	}
	t->uses = taxonomy_uses(s, t->id);
	return true;
}

static void
term_page(struct request *r, const struct term *t, const char *error)
{
	const char *crumbs[] = {"/admin/stammdaten", tr(r, "Reference data"),
	                        arena_printf(&r->arena, "/admin/stammdaten#kind-%s", t->kind),
	                        kind_label(r, t->kind), NULL};
	struct html *h = office_begin(r, t->label_de, crumbs);
	widget_errors(r, h, error ? tr(r, error) : NULL);
	html_open(h, "dl", "class", "meta-list", NULL);
	html_elem(h, "dt", tr(r, "List"), NULL);
	html_elem(h, "dd", kind_label(r, t->kind), NULL);
	html_elem(h, "dt", tr(r, "Key"), NULL);
	html_open(h, "dd", NULL);
	html_elem(h, "code", t->key, NULL);
	html_close(h, "dd");
	html_elem(h, "dt", tr(r, "In use"), NULL);
	html_elem(h, "dd",
	          arena_printf(&r->arena,
	                       trn(r, "by %lld record", "by %lld records", (long)t->uses),
	                       (long long)t->uses),
	          NULL);
	html_elem(h, "dt", tr(r, "Status"), NULL);
	html_elem(h, "dd", t->retired ? tr(r, "retired") : tr(r, "active"), NULL);
	html_close(h, "dl");

	html_open(h, "section", "class", "panel", "aria-labelledby", "rename-h", NULL);
	html_elem(h, "h2", tr(r, "Rename"), "id", "rename-h", NULL);
	html_elem(h, "p",
	          tr(r, "A new label shows everywhere the term is used, also in proposals that "
	                "have been submitted already."),
	          NULL);
	widget_form_begin(r, h, term_href(r, t->id, ""));
	widget_input(r, h,
	             &(struct widget){.name = "label_de",
	                              .label = tr(r, "German label"),
	                              .value = t->label_de,
	                              .required = true,
	                              .maxlength = 200});
	widget_input(r, h,
	             &(struct widget){.name = "label_en",
	                              .label = tr(r, "English label"),
	                              .value = t->label_en,
	                              .maxlength = 200});
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	html_close(h, "section");

	html_open(h, "section", "class", "panel", "aria-labelledby", "retire-h", NULL);
	html_elem(h, "h2", tr(r, "Retire or delete"), "id", "retire-h", NULL);
	if (t->retired) {
		html_elem(h, "p",
		          tr(r, "This term is retired: new forms do not offer it. Restore it to "
		                "offer it again."),
		          NULL);
		widget_button_form(r, h, term_href(r, t->id, "/reaktivieren"),
		                   tr(r, "Restore the term"), NULL, NULL);
	} else {
		html_elem(h, "p",
		          tr(r, "A retired term no longer appears in new forms but stays where it "
		                "is used."),
		          NULL);
		widget_button_form(r, h, term_href(r, t->id, "/ausmustern"),
		                   tr(r, "Retire the term"), NULL,
		                   tr(r, "Retire this term? New forms will no longer offer it."));
	}
	if (t->uses > 0) {
		html_elem(h, "p",
		          tr(r, "A term in use cannot be deleted, only retired. Deleting it would "
		                "change proposals and good practices that use it."),
		          "class", "muted", NULL);
	} else {
		html_text(h, " ");
		widget_button_form(r, h, term_href(r, t->id, "/loeschen"), tr(r, "Delete the term"),
		                   "btn btn-danger",
		                   tr(r, "Delete this term for good? This cannot be undone."));
	}
	html_close(h, "section");
	layout_end(r, h);
}

void
page_term(struct request *r)
{
	struct term t;
	if (load_term(r, r->store, &t))
		term_page(r, &t, NULL);
}

void
page_term_rename(struct request *r)
{
	struct store *s = r->store;
	struct term t;
	if (!load_term(r, s, &t))
		return;
	if (form_error_count(r)) {
		r->resp.status = 422;
		term_page(r, &t, NULL);
		return;
	}
	struct ref_tx x = {.r = r, .id = t.id};
	if (store_tx(s, term_rename_body, &x) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, term_href(r, t.id, ""), N_("Your changes have been saved."));
}

static void
set_retired(struct request *r, bool retired)
{
	struct store *s = r->store;
	struct term t;
	if (!load_term(r, s, &t))
		return;
	struct ref_tx x = {.r = r, .id = t.id, .retired = retired};
	if (t.retired != retired && store_tx(s, term_retire_body, &x) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, term_href(r, t.id, ""),
	              retired ? N_("The term has been retired.")
	                      : N_("The term has been restored."));
}

void
page_term_retire(struct request *r)
{
	set_retired(r, true);
}

void
page_term_restore(struct request *r)
{
	set_retired(r, false);
}

void
page_term_delete(struct request *r)
{
	struct store *s = r->store;
	struct term t;
	if (!load_term(r, s, &t))
		return;
	struct ref_tx x = {.r = r, .id = t.id};
	int rc = store_tx(s, term_delete_body, &x);
	if (rc == 1) {
		r->resp.status = 409;
		term_page(r, &t,
		          N_("A term in use cannot be deleted, only retired. Deleting it would "
		             "change proposals and good practices that use it."));
		return;
	}
	if (rc != 0) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/stammdaten#kind-%s", t.kind),
	              N_("The term has been deleted."));
}

/* ---- organisations ---- */

static const char *
org_kind_label(struct request *r, const char *kind)
{
	static const struct {
		const char *kind, *label;
	} labels[] = {
	    {"network", N_("Regional network")},
	    {"fachstelle", N_("Fachstelle")},
	    {"funder", N_("Funder")},
	    {"transfer_project", N_("Transfer project")},
	    {"teilprojekt", N_("Sub-project")},
	    {"external", N_("External organisation")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].kind, kind) == 0)
			return tr(r, labels[i].label);
	return kind;
}

struct org_list {
	struct organisation *items;
	size_t n;
};

static struct org_list
all_orgs(struct request *r, struct store *s)
{
	struct org_list l;
	l.items = organisation_list(s, &r->arena, &l.n);
	return l;
}

static const char *
org_name(const struct org_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return l->items[i].name;
	return "–";
}

static const char *
org_href(struct request *r, int64_t id)
{
	return arena_printf(&r->arena, "/admin/stammdaten/organisationen/%lld", (long long)id);
}

static void
org_table(struct request *r, struct html *h, const struct org_list *l)
{
	const char *heads[] = {tr(r, "Name"), tr(r, "Short name"), tr(r, "Kind"),
	                       tr(r, "Belongs to"), tr(r, "Federal state")};
	widget_table_begin(h,
	                   arena_printf(&r->arena,
	                                trn(r, "%zu organisation", "%zu organisations", (long)l->n),
	                                l->n),
	                   heads, 5);
	for (size_t i = 0; i < l->n; i++) {
		const struct organisation *o = &l->items[i];
		html_open(h, "tr", NULL);
		html_open(h, "th", "scope", "row", NULL);
		html_elem(h, "a", o->name, "href", org_href(r, o->id), NULL);
		html_close(h, "th");
		html_elem(h, "td", o->short_name[0] ? o->short_name : "–", NULL);
		html_elem(h, "td", org_kind_label(r, o->kind), NULL);
		html_elem(h, "td", o->parent_id ? org_name(l, o->parent_id) : "–", NULL);
		html_elem(h, "td", o->bundesland[0] ? o->bundesland : "–", NULL);
		html_close(h, "tr");
	}
	widget_table_end(h);
}

/* The organisation form's fields, filled from o (NULL for a new one). */
static void
org_fields(struct request *r, struct html *h, struct store *s, const struct org_list *l,
           const struct organisation *o)
{
	widget_input(r, h,
	             &(struct widget){.name = "name",
	                              .label = tr(r, "Name"),
	                              .value = o ? o->name : NULL,
	                              .required = true,
	                              .maxlength = 200});
	widget_input(r, h,
	             &(struct widget){.name = "short_name",
	                              .label = tr(r, "Short name"),
	                              .hint = tr(r, "Optional, for example FS AQ."),
	                              .value = o ? o->short_name : NULL,
	                              .maxlength = 40});
	const char **kinds = arena_alloc(&r->arena, 16 * sizeof *kinds);
	size_t k = 0;
	for (size_t i = 0; organisation_kinds[i] && k < 14; i++) {
		kinds[k++] = organisation_kinds[i];
		kinds[k++] = org_kind_label(r, organisation_kinds[i]);
	}
	kinds[k] = NULL;
	widget_select(r, h,
	              &(struct widget){.name = "kind",
	                               .label = tr(r, "Kind"),
	                               .value = o ? o->kind : "teilprojekt"},
	              kinds);
	const char **parents = arena_alloc(&r->arena, (2 * l->n + 3) * sizeof *parents);
	k = 0;
	parents[k++] = "0";
	parents[k++] = tr(r, "– none –");
	for (size_t i = 0; i < l->n; i++) {
		const struct organisation *p = &l->items[i];
		if ((strcmp(p->kind, "network") != 0 && strcmp(p->kind, "fachstelle") != 0) ||
		    (o && p->id == o->id))
			continue;
		parents[k++] = arena_printf(&r->arena, "%lld", (long long)p->id);
		parents[k++] = p->name;
	}
	parents[k] = NULL;
	widget_select(
	    r, h,
	    &(struct widget){
	        .name = "parent",
	        .label = tr(r, "Belongs to"),
	        .hint = tr(r, "For a sub-project: its network or Fachstelle."),
	        .value = arena_printf(&r->arena, "%lld", (long long)(o ? o->parent_id : 0))},
	    parents);
	size_t nl;
	struct term *lands = taxonomy_list(s, &r->arena, "bundesland", false, &nl);
	const char **opt = arena_alloc(&r->arena, (2 * nl + 5) * sizeof *opt);
	k = 0;
	opt[k++] = "";
	opt[k++] = tr(r, "– none –");
	bool current_listed = !o || !o->bundesland[0];
	for (size_t i = 0; i < nl; i++) {
		opt[k++] = lands[i].label_de;
		opt[k++] = lands[i].label_de;
		current_listed |= o && strcmp(o->bundesland, lands[i].label_de) == 0;
	}
	if (!current_listed) { /* a retired or renamed state stays selectable where set */
		opt[k++] = o->bundesland;
		opt[k++] = o->bundesland;
	}
	opt[k] = NULL;
	widget_select(r, h,
	              &(struct widget){.name = "bundesland",
	                               .label = tr(r, "Federal state"),
	                               .value = o ? o->bundesland : ""},
	              opt);
}

static void
organisations_page(struct request *r, struct store *s)
{
	struct org_list l = all_orgs(r, s);
	const char *crumbs[] = {"/admin/stammdaten", tr(r, "Reference data"), NULL};
	struct html *h = office_begin(r, tr(r, "Organisations"), crumbs);
	widget_error_summary(r, h);
	org_table(r, h, &l);
	html_open(h, "section", "class", "panel", "aria-labelledby", "org-new-h", NULL);
	html_elem(h, "h2", tr(r, "Add an organisation"), "id", "org-new-h", NULL);
	widget_form_begin(r, h, "/admin/stammdaten/organisationen");
	org_fields(r, h, s, &l, NULL);
	widget_submit(h, tr(r, "Add the organisation"));
	html_close(h, "form");
	html_close(h, "section");
	layout_end(r, h);
}

void
page_organisations(struct request *r)
{
	organisations_page(r, r->store);
}

/* Checks the fields beyond their types; id is 0 for a new organisation. */
static void
check_org(struct request *r, struct store *s, int64_t id, const struct organisation *old)
{
	const char *land = form_value(r, "bundesland");
	if (*land && !(old && strcmp(old->bundesland, land) == 0)) {
		size_t nl;
		struct term *lands = taxonomy_list(s, &r->arena, "bundesland", false, &nl);
		bool known = false;
		for (size_t i = 0; i < nl; i++)
			known |= strcmp(lands[i].label_de, land) == 0;
		if (!known)
			form_set_error(r, "bundesland", N_("Please choose one of the options."));
	}
	if (form_error(r, "kind") || form_error(r, "parent"))
		return;
	const char *field = NULL;
	const char *err =
	    organisation_check(s, id, form_value(r, "kind"), form_int(r, "parent"), &field);
	if (err)
		form_set_error(r, field, err);
}

void
page_organisation_create(struct request *r)
{
	struct store *s = r->store;
	check_org(r, s, 0, NULL);
	if (form_error_count(r)) {
		r->resp.status = 422;
		organisations_page(r, s);
		return;
	}
	struct ref_tx t = {.r = r};
	if (store_tx(s, org_create_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, org_href(r, t.out), N_("The organisation has been added."));
}

static bool
load_org(struct request *r, struct store *s, struct organisation *o)
{
	int64_t id;
	if (!office_param_id(r, 0, &id) || organisation_find(s, &r->arena, id, o) != 0) {
		http_error(r, 404, N_("There is no such organisation."));
		return false;
	}
	return true;
}

static void
organisation_page(struct request *r, struct store *s, const struct organisation *o)
{
	struct org_list l = all_orgs(r, s);
	const char *crumbs[] = {"/admin/stammdaten", tr(r, "Reference data"),
	                        "/admin/stammdaten/organisationen", tr(r, "Organisations"), NULL};
	struct html *h = office_begin(r, o->name, crumbs);
	widget_error_summary(r, h);
	int64_t children = organisation_children(s, o->id);
	if (children)
		html_elem(h, "p",
		          arena_printf(&r->arena,
		                       trn(r, "%lld sub-project belongs to this organisation.",
		                           "%lld sub-projects belong to this organisation.",
		                           (long)children),
		                       (long long)children),
		          NULL);
	widget_form_begin(r, h, org_href(r, o->id));
	org_fields(r, h, s, &l, o);
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	layout_end(r, h);
}

void
page_organisation(struct request *r)
{
	struct store *s = r->store;
	struct organisation o;
	if (load_org(r, s, &o))
		organisation_page(r, s, &o);
}

void
page_organisation_update(struct request *r)
{
	struct store *s = r->store;
	struct organisation o;
	if (!load_org(r, s, &o))
		return;
	check_org(r, s, o.id, &o);
	if (form_error_count(r)) {
		r->resp.status = 422;
		organisation_page(r, s, &o);
		return;
	}
	struct ref_tx t = {.r = r, .id = o.id};
	if (store_tx(s, org_update_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, org_href(r, o.id), N_("Your changes have been saved."));
}

/* The coordination office's collections: list and new, the edit form (title, Markdown
 * introduction, audience, one line per practice with its note), preview, publish and
 * unpublish. The practices are written as lines "address | note" so that the form works
 * without JavaScript and the order is simply the lines' order. */
#include "domain/collection.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/collection_pages.h"
#include "pages/view_catalog.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"

#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#define LIST_MAX 500

const struct form_key collection_new_keys[1] = {
    {"title", FORM_TEXT, true, 0, COLLECTION_TITLE_MAX, NULL},
};
const struct form_key collection_form_keys[4] = {
    {"title", FORM_TEXT, true, 0, COLLECTION_TITLE_MAX, NULL},
    {"intro", FORM_LONGTEXT, false, 0, COLLECTION_INTRO_MAX, NULL},
    {"practices", FORM_LONGTEXT, false, 0, 100000, NULL},
    {"audience", FORM_INT, false, 1, INT64_MAX, NULL},
};

static const char *
admin_url(struct request *r, int64_t id, const char *tail)
{
	return arena_printf(&r->arena, "/admin/sammlungen/%lld%s", (long long)id, tail);
}

void
page_collections_admin(struct request *r)
{
	struct collection_row *rows = arena_alloc(&r->arena, LIST_MAX * sizeof *rows);
	size_t n = collection_list(r->store, &r->arena, false, rows, LIST_MAX);
	struct html *h = layout_begin(r, tr(r, "Collections"));
	widget_error_summary(r, h);
	html_elem(h, "p",
	          tr(r, "A collection brings practices together for an audience, with an "
	                "introduction and a short note on each. Published collections are listed "
	                "under /sammlungen."),
	          NULL);
	if (n) {
		const char *heads[] = {N_("Title"), N_("Status"), N_("Public practices"),
		                       N_("Last change")};
		widget_table_begin(h, NULL, heads, 4);
		for (size_t i = 0; i < n; i++) {
			html_open(h, "tr", NULL);
			html_open(h, "td", NULL);
			html_elem(h, "a", rows[i].title, "href", admin_url(r, rows[i].id, ""),
			          "lang", layout_de(r), NULL);
			html_close(h, "td");
			html_elem(h, "td", tr(r, rows[i].published ? "Published" : "Draft"), NULL);
			html_elem(h, "td", arena_printf(&r->arena, "%zu", rows[i].npublic), NULL);
			html_elem(h, "td", catalog_date(r, rows[i].updated_at), NULL);
			html_close(h, "tr");
		}
		widget_table_end(h);
	} else {
		html_elem(h, "p", tr(r, "There are no collections yet."), NULL);
	}
	html_elem(h, "h2", tr(r, "New collection"), NULL);
	widget_form_begin(r, h, "/admin/sammlungen");
	widget_input(r, h,
	             &(struct widget){.name = "title",
	                              .label = tr(r, "Title"),
	                              .required = true,
	                              .maxlength = COLLECTION_TITLE_MAX});
	widget_submit(h, tr(r, "Create"));
	html_close(h, "form");
	layout_end(r, h);
}

struct create_tx {
	int64_t actor, id;
	const char *title;
};

static int
create_body(struct store *s, void *arg)
{
	struct create_tx *t = arg;
	t->id = collection_create(s, t->actor, t->title);
	return t->id > 0 ? STORE_OK : STORE_ERR;
}

void
page_collection_create(struct request *r)
{
	if (form_error_count(r)) {
		r->resp.status = 422;
		page_collections_admin(r);
		return;
	}
	struct create_tx t = {.actor = r->user->id, .title = form_value(r, "title")};
	if (store_tx(r->store, create_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, admin_url(r, t.id, ""), N_("The collection has been created."));
}

static bool
load(struct request *r, struct collection *c)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0 || !collection_find(r->store, &r->arena, id, c)) {
		http_error(r, 404, N_("There is no such collection."));
		return false;
	}
	return true;
}

/* The items as the form's lines: "slug | note". */
static const char *
items_text(struct request *r, const struct collection *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->nitems; i++)
		buf_printf(&b, "%s%s%s\n", c->items[i].slug, c->items[i].note[0] ? " | " : "",
		           c->items[i].note);
	const char *out = arena_strdup(&r->arena, buf_str(&b));
	buf_free(&b);
	return out;
}

static bool
audience_checked(struct request *r, const struct collection *c, int64_t id)
{
	if (strcmp(r->method, "POST") == 0) {
		for (size_t i = 0; i < r->form.n; i++)
			if (strcmp(r->form.items[i].key, "audience") == 0 &&
			    strtoll(r->form.items[i].value, NULL, 10) == id)
				return true;
		return false;
	}
	for (size_t i = 0; i < c->naudience; i++)
		if (c->audience[i].id == id)
			return true;
	return false;
}

static void
audience_fieldset(struct request *r, struct html *h, const struct collection *c)
{
	size_t n;
	struct term *terms = taxonomy_list(r->store, &r->arena, "adressat", false, &n);
	html_open(h, "fieldset", NULL);
	html_elem(h, "legend", tr(r, "Audience"), NULL);
	for (size_t i = 0; i < n; i++) {
		const char *id = arena_printf(&r->arena, "f-audience-%lld", (long long)terms[i].id);
		html_open(h, "div", "class", "field field-checkbox", NULL);
		html_void(h, "input", "type", "checkbox", "id", id, "name", "audience", "value",
		          arena_printf(&r->arena, "%lld", (long long)terms[i].id), "checked",
		          audience_checked(r, c, terms[i].id) ? "" : NULL, NULL);
		html_elem(h, "label", term_label(&terms[i], r->lang), "for", id, "lang",
		          term_lang(&terms[i], r->lang), NULL);
		html_close(h, "div");
	}
	html_close(h, "fieldset");
}

/* What the office must know: practices the public does not see. */
static void
left_out_notice(struct request *r, struct html *h, const struct collection *c)
{
	size_t hidden = c->nitems - collection_public_count(c);
	if (!hidden)
		return;
	html_open(h, "div", "class", "notice notice-warning", "role", "status", NULL);
	html_elem(h, "p",
	          trn(r, "This practice is not published and is left out of the public page:",
	              "These practices are not published and are left out of the public page:",
	              (long)hidden),
	          NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < c->nitems; i++) {
		if (c->items[i].status == PRACTICE_PUBLISHED)
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a", c->items[i].title, "href",
		          arena_printf(&r->arena, "/admin/praxis/%lld",
		                       (long long)c->items[i].practice_id),
		          "lang", layout_de(r), NULL);
		html_textf(h, " (%s)", tr(r, practice_status_label(c->items[i].status)));
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "div");
}

static void
edit_page(struct request *r, const struct collection *c)
{
	struct html *h =
	    layout_begin(r, arena_printf(&r->arena, tr(r, "Collection: %s"), c->title));
	widget_error_summary(r, h);
	if (c->published) {
		const char *path = arena_printf(&r->arena, "/sammlung/%s", c->slug);
		html_open(h, "p", NULL);
		html_text(h, tr(r, "Published at"));
		html_text(h, " ");
		html_elem(h, "a", path, "href", path, NULL);
		html_close(h, "p");
	} else {
		html_elem(h, "p", tr(r, "Draft: not public yet."), NULL);
	}
	left_out_notice(r, h, c);
	widget_form_begin(r, h, admin_url(r, c->id, ""));
	widget_input(r, h,
	             &(struct widget){.name = "title",
	                              .label = tr(r, "Title"),
	                              .value = c->title,
	                              .required = true,
	                              .maxlength = COLLECTION_TITLE_MAX});
	widget_textarea(r, h,
	                &(struct widget){.name = "intro",
	                                 .label = tr(r, "Introduction (Markdown)"),
	                                 .hint = tr(r, "## for a heading, **bold**, - for a list, "
	                                               "[text](https://…) for a link. HTML tags "
	                                               "are not allowed."),
	                                 .value = c->intro,
	                                 .maxlength = COLLECTION_INTRO_MAX,
	                                 .rows = 10});
	audience_fieldset(r, h, c);
	widget_textarea(
	    r, h,
	    &(struct widget){.name = "practices",
	                     .label = tr(r, "Practices, in order"),
	                     .hint = tr(r, "One line per practice: its address (the part after "
	                                   "/praxis/, or the whole link), then | and a short "
	                                   "note. Example: mentoring-im-betrieb | Gut für den "
	                                   "Einstieg"),
	                     .value = items_text(r, c),
	                     .rows = 12});
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Preview"), "href", admin_url(r, c->id, "/vorschau"), NULL);
	html_close(h, "p");
	if (c->published)
		widget_button_form(r, h, admin_url(r, c->id, "/zurueckziehen"),
		                   tr(r, "Take offline"), "button-secondary", NULL);
	else
		widget_button_form(r, h, admin_url(r, c->id, "/veroeffentlichen"), tr(r, "Publish"),
		                   NULL, NULL);
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "All collections"), "href", "/admin/sammlungen", NULL);
	html_close(h, "p");
	layout_end(r, h);
}

void
page_collection_edit(struct request *r)
{
	struct collection c;
	if (load(r, &c))
		edit_page(r, &c);
}

/* "…/praxis/slug" or "slug" → "slug" (in place). */
static char *
slug_of(char *s)
{
	char *p = strstr(s, "/praxis/");
	if (p)
		s = p + strlen("/praxis/");
	size_t n = strcspn(s, "/?#");
	s[n] = '\0';
	return s;
}

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Parses the practices' lines into in; a field error names the first bad line. Returns how
 * many of the practices are published. */
static size_t
parse_items(struct request *r, struct collection_input *in)
{
	char *text = arena_strdup(&r->arena, form_value(r, "practices"));
	int64_t *ids = arena_alloc(&r->arena, COLLECTION_MAX_ITEMS * sizeof *ids);
	const char **notes = arena_alloc(&r->arena, COLLECTION_MAX_ITEMS * sizeof *notes);
	size_t n = 0, line = 0, published = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		line++;
		char *bar = strchr(l, '|');
		char *note = bar ? trim(bar + 1) : "";
		if (bar)
			*bar = '\0';
		char *slug = slug_of(trim(l));
		if (!slug[0])
			continue;
		struct practice p;
		const char *err = NULL;
		if (n == COLLECTION_MAX_ITEMS)
			err = N_("A collection holds at most 100 practices.");
		else if (!practice_find_slug(r->store, &r->arena, slug, false, &p))
			err = N_("There is no practice at this address.");
		else if (str_utf8_len(note) > COLLECTION_NOTE_MAX)
			err = N_("A note has at most 1000 characters.");
		for (size_t i = 0; !err && i < n; i++)
			if (ids[i] == p.id)
				err = N_("This practice is in the list twice.");
		if (err) {
			form_set_error(r, "practices",
			               arena_printf(&r->arena, tr(r, "Line %zu (%s): %s"), line,
			                            slug, tr(r, err)));
			return 0;
		}
		published += p.status == PRACTICE_PUBLISHED;
		ids[n] = p.id;
		notes[n++] = note;
	}
	in->practices = ids;
	in->notes = notes;
	in->nitems = n;
	return published;
}

static void
parse_audience(struct request *r, struct collection_input *in)
{
	int64_t *ids = arena_alloc(&r->arena, COLLECTION_MAX_AUDIENCE * sizeof *ids);
	size_t n = 0;
	for (size_t i = 0; i < r->form.n && n < COLLECTION_MAX_AUDIENCE; i++) {
		if (strcmp(r->form.items[i].key, "audience") != 0)
			continue;
		struct term t;
		int64_t id = strtoll(r->form.items[i].value, NULL, 10);
		if (!taxonomy_find(r->store, &r->arena, id, "adressat", &t)) {
			form_set_error(r, "audience", N_("Please choose from the list."));
			return;
		}
		ids[n++] = id;
	}
	in->audience = ids;
	in->naudience = n;
}

struct save_tx {
	int64_t actor, id;
	const struct collection_input *in;
	enum collection_code rc;
};

static int
save_body(struct store *s, void *arg)
{
	struct save_tx *t = arg;
	t->rc = collection_update(s, t->actor, t->id, t->in);
	return t->rc == COLLECTION_OK ? STORE_OK : STORE_ERR;
}

void
page_collection_save(struct request *r)
{
	struct collection c;
	if (!load(r, &c))
		return;
	struct collection_input in = {.title = form_value(r, "title"),
	                              .intro = form_value(r, "intro")};
	if (!form_error(r, "intro") && html_markdown_has_raw_html(in.intro))
		form_set_error(r, "intro",
		               N_("The text contains HTML tags. Please write it in Markdown: "
		                  "## for a heading, **bold**, [text](https://…) for a link."));
	/* A published collection keeps at least one published practice: emptying it is
	 * taking it offline, which the office does with its own button. */
	if (!form_error(r, "practices") && parse_items(r, &in) == 0 && c.published &&
	    !form_error(r, "practices"))
		form_set_error(r, "practices",
		               N_("A published collection needs at least one published practice. "
		                  "Take it offline first to empty it."));
	parse_audience(r, &in);
	if (form_error_count(r)) {
		r->resp.status = 422;
		/* What was typed stays in the fields (the widgets read the posted values). */
		edit_page(r, &c);
		return;
	}
	struct save_tx t = {.actor = r->user->id, .id = c.id, .in = &in, .rc = COLLECTION_ERROR};
	if (store_tx(r->store, save_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, admin_url(r, c.id, ""), N_("Your changes have been saved."));
}

void
page_collection_preview(struct request *r)
{
	struct collection c;
	if (!load(r, &c))
		return;
	struct html *h =
	    layout_begin_bare(r, arena_printf(&r->arena, "%s – %s", tr(r, "Preview"), c.title));
	layout_notice(h, "info",
	              tr(r, "Preview: this is how the collection's public page looks when it is "
	                    "published."));
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "Back to editing"), "href", admin_url(r, c.id, ""), NULL);
	html_close(h, "p");
	left_out_notice(r, h, &c);
	collection_render(r, h, &c);
	layout_end(r, h);
}

struct status_tx {
	int64_t actor, id;
	bool publish;
	enum collection_code rc;
};

static int
status_body(struct store *s, void *arg)
{
	struct status_tx *t = arg;
	t->rc = t->publish ? collection_publish(s, t->actor, t->id)
	                   : collection_unpublish(s, t->actor, t->id);
	return t->rc == COLLECTION_OK ? STORE_OK : STORE_ERR;
}

static void
change_status(struct request *r, bool publish)
{
	struct collection c;
	if (!load(r, &c))
		return;
	const char *back = admin_url(r, c.id, "");
	struct status_tx t = {
	    .actor = r->user->id, .id = c.id, .publish = publish, .rc = COLLECTION_ERROR};
	if (store_tx(r->store, status_body, &t) == STORE_OK) {
		http_redirect(r, back,
		              publish ? N_("The collection has been published.")
		                      : N_("The collection has been taken offline."));
		return;
	}
	if (t.rc == COLLECTION_EMPTY)
		http_redirect_error(r, back,
		                    N_("Not published: the collection has no published practice."));
	else if (t.rc == COLLECTION_WRONG_STATE)
		http_redirect_error(r, back, N_("The collection has this status already."));
	else
		http_fail(r);
}

void
page_collection_publish(struct request *r)
{
	change_status(r, true);
}

void
page_collection_unpublish(struct request *r)
{
	change_status(r, false);
}

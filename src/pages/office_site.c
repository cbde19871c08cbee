/* The coordination office's legal pages (Markdown; raw HTML is refused, and would be
 * shown as text anyway) and the feedback that came through the accessibility form. */
#include "domain/site.h"
#include "html/layout.h"
#include "html/widgets.h"
#include "pages/site_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdlib.h>
#include <string.h>

#define FEEDBACK_PER_PAGE 50

const struct form_key site_page_keys[1] = {
    {"body", FORM_LONGTEXT, true, 0, 50000, NULL},
};

static void
office_site_nav(struct request *r, struct html *h)
{
	html_open(h, "ul", "class", "link-list", NULL);
	for (size_t i = 0; site_page_slugs[i]; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, site_page_title(site_page_slugs[i])), "href",
		          arena_printf(&r->arena, "/admin/seiten/%s", site_page_slugs[i]), NULL);
		html_close(h, "li");
	}
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "Feedback on accessibility"), "href", "/admin/rueckmeldungen",
	          NULL);
	html_close(h, "li");
	html_close(h, "ul");
}

void
page_site_pages(struct request *r)
{
	struct html *h = layout_begin(r, tr(r, "Legal pages"));
	html_elem(h, "p",
	          tr(r, "The pages every visitor reaches from the footer. Replace what is in "
	                "[square brackets] with your own details before going live."),
	          NULL);
	office_site_nav(r, h);
	layout_end(r, h);
}

static void
edit_page(struct request *r, const struct site_page *p)
{
	const char *title = tr(r, site_page_title(p->slug));
	struct html *h = layout_begin(r, arena_printf(&r->arena, tr(r, "Edit: %s"), title));
	widget_error_summary(r, h);
	if (p->updated_at) {
		char when[40];
		time_format_berlin(when, sizeof when, p->updated_at, r->lang == LANG_DE);
		html_elem(h, "p",
		          arena_printf(&r->arena, tr(r, "Last changed by %s on %s."),
		                       p->updated_by[0] ? p->updated_by : tr(r, "The system"),
		                       when),
		          "class", "muted", NULL);
	} else {
		html_elem(h, "p", tr(r, "This is still the default text."), "class", "muted", NULL);
	}
	widget_form_begin(r, h, arena_printf(&r->arena, "/admin/seiten/%s", p->slug));
	widget_textarea(r, h,
	                &(struct widget){.name = "body",
	                                 .label = tr(r, "Text (Markdown)"),
	                                 .hint = tr(r, "## for a heading, **bold**, - for a list, "
	                                               "[text](https://…) for a link. HTML tags "
	                                               "are not allowed."),
	                                 .value = p->body,
	                                 .required = true,
	                                 .maxlength = 50000,
	                                 .rows = 24});
	widget_submit(h, tr(r, "Save"));
	html_close(h, "form");
	html_open(h, "p", NULL);
	html_elem(h, "a", tr(r, "View the page"), "href", arena_printf(&r->arena, "/%s", p->slug),
	          NULL);
	html_close(h, "p");
	layout_end(r, h);
}

static bool
load_page(struct request *r, struct site_page *p)
{
	if (site_page_get(r->store, &r->arena, r->params[0], p))
		return true;
	http_error(r, 404, N_("There is no page at this address."));
	return false;
}

void
page_site_page_edit(struct request *r)
{
	struct site_page p;
	if (load_page(r, &p))
		edit_page(r, &p);
}

struct site_tx {
	struct request *r;
	const char *slug;
};

static int
site_save_body(struct store *s, void *arg)
{
	struct site_tx *t = arg;
	return site_page_save(s, t->r->user->id, t->slug, form_value(t->r, "body")) == 0
	           ? STORE_OK
	           : STORE_ERR;
}

void
page_site_page_save(struct request *r)
{
	struct site_page p;
	if (!load_page(r, &p))
		return;
	if (!form_error_count(r) && html_markdown_has_raw_html(form_value(r, "body")))
		form_set_error(r, "body",
		               N_("The text contains HTML tags. Please write it in Markdown: "
		                  "## for a heading, **bold**, [text](https://…) for a link."));
	if (form_error_count(r)) {
		r->resp.status = 422;
		edit_page(r, &p);
		return;
	}
	struct site_tx t = {r, p.slug};
	if (store_tx(r->store, site_save_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, arena_printf(&r->arena, "/admin/seiten/%s", p.slug),
	              N_("Your changes have been saved."));
}

static void
feedback_item(struct request *r, struct html *h, const struct site_feedback *f)
{
	char when[40];
	time_format_berlin(when, sizeof when, f->created_at, r->lang == LANG_DE);
	html_open(h, "article", "class", "panel", "aria-labelledby",
	          arena_printf(&r->arena, "fb-%lld", (long long)f->id), NULL);
	html_elem(h, "h2", arena_printf(&r->arena, tr(r, "No. %lld, %s"), (long long)f->id, when),
	          "id", arena_printf(&r->arena, "fb-%lld", (long long)f->id), NULL);
	html_open(h, "dl", "class", "facts", NULL);
	html_elem(h, "dt", tr(r, "Name"), NULL);
	html_elem(h, "dd", f->name[0] ? f->name : "–", NULL);
	html_elem(h, "dt", tr(r, "E-mail"), NULL);
	if (f->email[0]) {
		html_open(h, "dd", NULL);
		html_elem(h, "a", f->email, "href", arena_printf(&r->arena, "mailto:%s", f->email),
		          NULL);
		html_close(h, "dd");
	} else {
		html_elem(h, "dd", "–", NULL);
	}
	html_elem(h, "dt", tr(r, "Page"), NULL);
	html_elem(h, "dd", f->page[0] ? f->page : "–", NULL);
	html_close(h, "dl");
	/* As written: plain text with its line breaks, never Markdown from a stranger. */
	html_elem(h, "p", f->message, "class", "pre-line", NULL);
	html_close(h, "article");
}

void
page_feedback_list(struct request *r)
{
	const char *pg = http_query(r, "seite");
	long page = pg ? strtol(pg, NULL, 10) : 1;
	if (page < 1 || page > 100000)
		page = 1;
	size_t total = 0;
	struct site_feedback *f = arena_alloc(&r->arena, FEEDBACK_PER_PAGE * sizeof *f);
	size_t n = site_feedback_list(r->store, &r->arena, f, FEEDBACK_PER_PAGE,
	                              (size_t)(page - 1) * FEEDBACK_PER_PAGE, &total);
	struct html *h = layout_begin(r, tr(r, "Feedback on accessibility"));
	html_elem(h, "p",
	          arena_printf(&r->arena,
	                       trn(r, "%zu message has come through the form.",
	                           "%zu messages have come through the form.", (long)total),
	                       total),
	          NULL);
	for (size_t i = 0; i < n; i++)
		feedback_item(r, h, &f[i]);
	if ((size_t)page * FEEDBACK_PER_PAGE < total) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Older"), "rel", "next", "href",
		          arena_printf(&r->arena, "/admin/rueckmeldungen?seite=%ld", page + 1),
		          NULL);
		html_close(h, "p");
	}
	office_site_nav(r, h);
	layout_end(r, h);
}

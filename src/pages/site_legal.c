/* The legal pages as every visitor reads them: the operator's Markdown, German content
 * marked as such on English pages. */
#include "domain/site.h"
#include "html/layout.h"
#include "pages/site_pages.h"
#include "util/timeutil.h"

#include <string.h>

void
page_site_page(struct request *r)
{
	struct site_page p;
	if (!site_page_get(r->store, &r->arena, r->path + 1, &p)) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	struct html *h = layout_begin(r, tr(r, site_page_title(p.slug)));
	/* The operator writes these pages in German (WCAG 3.1.2 on English pages). */
	html_open(h, "div", "class", "prose legal", "lang", r->lang != LANG_DE ? "de" : NULL, NULL);
	html_markdown(h, p.body);
	html_close(h, "div");
	if (strcmp(p.slug, "barrierefreiheit") == 0) {
		html_open(h, "p", NULL);
		html_elem(h, "a", tr(r, "Report a barrier"), "href", "/barrierefreiheit/feedback",
		          "class", "btn btn-primary", NULL);
		html_close(h, "p");
	}
	if (p.updated_at) {
		char when[40];
		time_format_berlin(when, sizeof when, p.updated_at, r->lang == LANG_DE);
		html_elem(h, "p", arena_printf(&r->arena, tr(r, "Last changed: %s"), when), "class",
		          "muted", NULL);
	}
	layout_end(r, h);
}

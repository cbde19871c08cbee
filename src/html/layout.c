/* The page layout. */
#include "html/layout.h"
#include "http/assets.h"
#include "http/route.h"
#include "util/log.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

/* The header navigation; an entry shows when the visitor's access matches. */
static const struct nav_item {
	const char *path;
	const char *label;
	unsigned access; /* ACCESS_PUBLIC, ACCESS_ANON, ACCESS_LOGIN or ROLE_* bits */
} nav[] = {
    {"/", N_("Home"), ACCESS_PUBLIC},
    {"/praxis", N_("Good practices"), ACCESS_PUBLIC},
    {"/admin/praxis", N_("Practices"), ROLE_ADMIN},
    {"/ueber", N_("About IQ Good Practice"), ACCESS_PUBLIC},
    {"/start", N_("Overview"), ACCESS_LOGIN},
    {"/einreichung", N_("Our proposals"), ROLE_SUBMITTER},
    {"/gremium", N_("Board review"), ROLE_BOARD | ROLE_ADMIN},
    {"/admin/ausschreibungen", N_("Calls"), ROLE_ADMIN},
    {"/admin/stammdaten", N_("Reference data"), ROLE_ADMIN},
    {"/admin/benutzer", N_("Users"), ROLE_ADMIN},
    {"/admin/protokoll", N_("Audit log"), ROLE_ADMIN},
    {"/konto", N_("My account"), ACCESS_LOGIN},
    {"/anmelden", N_("Log in"), ACCESS_ANON},
};

static bool
nav_visible(const struct request *r, unsigned access)
{
	if (access == ACCESS_PUBLIC)
		return true;
	if (access == ACCESS_ANON)
		return !r->user;
	if (!r->user)
		return false;
	return access == ACCESS_LOGIN || (r->user->roles & access);
}

static bool
nav_current(const struct request *r, const char *path)
{
	if (strcmp(path, "/") == 0)
		return strcmp(r->path, "/") == 0;
	size_t n = strlen(path);
	return strncmp(r->path, path, n) == 0 && (r->path[n] == '\0' || r->path[n] == '/');
}

/* The canonical address, description, Open Graph tags and alternate links of m. */
static void
write_meta(struct request *r, struct html *h, const char *title, const struct layout_meta *m)
{
	if (m->canonical)
		html_void(h, "link", "rel", "canonical", "href", m->canonical, NULL);
	if (m->description)
		html_void(h, "meta", "name", "description", "content", m->description, NULL);
	for (size_t i = 0; i < sizeof m->alternates / sizeof m->alternates[0]; i++)
		if (m->alternates[i].href)
			html_void(h, "link", "rel", "alternate", "type", m->alternates[i].type,
			          "title", m->alternates[i].title, "href", m->alternates[i].href,
			          NULL);
	if (!m->og_type)
		return;
	html_void(h, "meta", "property", "og:type", "content", m->og_type, NULL);
	html_void(h, "meta", "property", "og:title", "content", title, NULL);
	html_void(h, "meta", "property", "og:site_name", "content", "Leuchtturm – IQ Good Practice",
	          NULL);
	html_void(h, "meta", "property", "og:locale", "content",
	          r->lang == LANG_EN ? "en_GB" : "de_DE", NULL);
	if (m->canonical)
		html_void(h, "meta", "property", "og:url", "content", m->canonical, NULL);
	if (m->description)
		html_void(h, "meta", "property", "og:description", "content", m->description, NULL);
}

static void
write_head(struct request *r, struct html *h, const char *title, const struct layout_meta *m)
{
	html_doctype(h);
	html_open(h, "html", "lang", i18n_code(r->lang), NULL);
	html_open(h, "head", NULL);
	html_void(h, "meta", "charset", "utf-8", NULL);
	html_void(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1",
	          NULL);
	html_open(h, "title", NULL);
	html_text(h, title);
	html_text(h, " – Leuchtturm");
	html_close(h, "title");
	html_void(h, "link", "rel", "stylesheet", "href", asset_url("style.css"), NULL);
	html_void(h, "link", "rel", "icon", "href", asset_url("favicon.svg"), "type",
	          "image/svg+xml", NULL);
	html_open(h, "script", "src", asset_url("app.js"), "defer", "", NULL);
	html_close(h, "script");
	if (m)
		write_meta(r, h, title, m);
	html_close(h, "head");
}

static void
write_user_menu(struct request *r, struct html *h)
{
	html_open(h, "div", "class", "user-menu", NULL);
	html_elem(h, "span", r->user->name, "class", "user-name", NULL);
	html_open(h, "form", "class", "inline", "method", "post", "action", "/abmelden", NULL);
	html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r), NULL);
	html_elem(h, "button", tr(r, "Log out"), "type", "submit", "class", "link-button", NULL);
	html_close(h, "form");
	html_close(h, "div");
}

static void
write_header(struct request *r, struct html *h)
{
	html_elem(h, "a", tr(r, "Skip to content"), "class", "skip-link", "href", "#main", NULL);
	html_open(h, "header", "class", "site-header", NULL);
	html_open(h, "div", "class", "wrap", NULL);
	html_open(h, "a", "class", "brand", "href", "/", NULL);
	html_void(h, "img", "src", asset_url("logo.svg"), "alt", "", "width", "40", "height", "40",
	          NULL);
	html_elem(h, "span", "Leuchtturm", "class", "brand-name", NULL);
	html_elem(h, "span", "IQ Good Practice", "class", "brand-sub", NULL);
	html_close(h, "a");
	html_open(h, "nav", "class", "site-nav", "aria-label", tr(r, "Main navigation"), NULL);
	html_open(h, "ul", NULL);
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
		if (!nav_visible(r, nav[i].access))
			continue;
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, nav[i].label), "href", nav[i].path, "aria-current",
		          nav_current(r, nav[i].path) ? "page" : NULL, NULL);
		html_close(h, "li");
	}
	html_close(h, "ul");
	html_close(h, "nav");
	if (r->user)
		write_user_menu(r, h);
	html_close(h, "div");
	html_close(h, "header");
}

const char *
layout_de(const struct request *r)
{
	return r->lang != LANG_DE ? "de" : NULL;
}

void
layout_notice(struct html *h, const char *kind, const char *text)
{
	char cls[32];
	snprintf(cls, sizeof cls, "notice notice-%s", kind);
	bool urgent = strcmp(kind, "error") == 0;
	html_open(h, "div", "class", cls, "role", urgent ? "alert" : "status", NULL);
	html_text(h, text);
	html_close(h, "div");
}

static struct html *
begin(struct request *r, const char *title, const struct layout_meta *m)
{
	struct html *h = html_new(&r->arena, &r->resp.body);
	buf_reset(&r->resp.body);
	write_head(r, h, title, m);
	html_open(h, "body", NULL);
	write_header(r, h);
	html_open(h, "main", "id", "main", "class", "wrap", "tabindex", "-1", NULL);
	if (r->notice)
		layout_notice(h, r->notice_error ? "error" : "success", tr(r, r->notice));
	return h;
}

struct html *
layout_begin_bare(struct request *r, const char *title)
{
	return begin(r, title, NULL);
}

struct html *
layout_begin_meta(struct request *r, const char *title, const struct layout_meta *m)
{
	return begin(r, title, m);
}

struct html *
layout_begin_content(struct request *r, const char *title)
{
	struct html *h = layout_begin_bare(r, title);
	html_elem(h, "h1", title, "lang", layout_de(r), NULL);
	return h;
}

struct html *
layout_begin(struct request *r, const char *title)
{
	struct html *h = layout_begin_bare(r, title);
	html_elem(h, "h1", title, NULL);
	return h;
}

/* The switch names the other language in that language, so its readers find it. For a
 * logged-in person it is a button that sets the account's language (a change, so a POST
 * with the CSRF token); for everyone else a link that sets a cookie. */
static void
write_language_switch(struct request *r, struct html *h)
{
	bool de = r->lang == LANG_DE;
	const char *other = de ? "en" : "de", *name = de ? "English" : "Deutsch";
	html_open(h, "li", NULL);
	if (r->user) {
		html_open(h, "form", "class", "inline-form", "method", "post", "action", "/sprache",
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "_csrf", "value", http_csrf(r),
		          NULL);
		html_void(h, "input", "type", "hidden", "name", "lang", "value", other, NULL);
		html_void(h, "input", "type", "hidden", "name", "next", "value", r->path, NULL);
		html_elem(h, "button", name, "type", "submit", "class", "link-button", "lang",
		          other, NULL);
		html_close(h, "form");
	} else {
		struct buf href = BUF_INIT;
		buf_printf(&href, "/sprache/%s?next=", other);
		url_encode(&href, r->path);
		html_elem(h, "a", name, "href", buf_str(&href), "lang", other, "hreflang", other,
		          NULL);
		buf_free(&href);
	}
	html_close(h, "li");
}

static void
write_footer(struct request *r, struct html *h)
{
	html_open(h, "footer", "class", "site-footer", NULL);
	html_open(h, "div", "class", "wrap", NULL);
	html_open(h, "nav", "aria-label", tr(r, "Footer"), NULL);
	html_open(h, "ul", NULL);
	html_open(h, "li", NULL);
	html_elem(h, "a", tr(r, "About IQ Good Practice"), "href", "/ueber", NULL);
	html_close(h, "li");
	/* The legal pages, on every page (§ 5 DDG: always reachable). */
	static const struct {
		const char *path, *label;
	} legal[] = {
	    {"/impressum", N_("Legal notice")},
	    {"/datenschutz", N_("Privacy")},
	    {"/barrierefreiheit", N_("Accessibility")},
	};
	for (size_t i = 0; i < sizeof legal / sizeof legal[0]; i++) {
		html_open(h, "li", NULL);
		html_elem(h, "a", tr(r, legal[i].label), "href", legal[i].path, "aria-current",
		          strcmp(r->path, legal[i].path) == 0 ? "page" : NULL, NULL);
		html_close(h, "li");
	}
	write_language_switch(r, h);
	html_close(h, "ul");
	html_close(h, "nav");
	html_elem(h, "p",
	          tr(r, "Leuchtturm – the IQ Good Practice platform of the programme "
	                "\"Integration durch Qualifizierung (IQ)\"."),
	          "class", "muted", NULL);
	html_close(h, "div");
	html_close(h, "footer");
}

/* The answer instead of a page whose tags did not match. The check sits here, where every
 * HTML page ends, rather than in the dispatcher: only the writer knows its stack, an
 * element left open means something only once the page is finished, and http must not
 * include html. A flag the writer set on the request would still need this place to say
 * "finished"; so the layout, which sets a page's status anyway, sets 500 instead. */
static void
refuse_broken(struct request *r, const char *problem)
{
	/* Set while the error page is written: were that page broken too, it gets plain text
	 * instead of another round. */
	static _Thread_local bool failing;
	log_error("html: %s %s: %s; answered 500 instead", r->method ? r->method : "-",
	          r->route ? r->route->pattern : r->path, problem);
	if (failing) {
		const char *text = tr(r, "Something went wrong");
		http_send(r, 500, "text/plain; charset=utf-8", text, strlen(text));
		return;
	}
	failing = true;
	http_error(r, 500, N_("The request could not be completed. Please try again."));
	failing = false;
}

void
layout_end(struct request *r, struct html *h)
{
	html_close(h, "main");
	write_footer(r, h);
	html_close_to(h, 0);
	const char *problem = html_problem(h, &r->arena);
	if (problem) {
		refuse_broken(r, problem);
		return;
	}
	if (!r->resp.status)
		r->resp.status = 200;
	r->resp.content_type = "text/html; charset=utf-8";
	/* Pages for a logged-in person must not sit in shared caches. */
	http_set_header(r, "Cache-Control", r->user ? "private, no-store" : "no-cache");
	http_set_header(r, "Vary", "Cookie, Accept-Language");
}

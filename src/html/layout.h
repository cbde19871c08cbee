/* The page layout: document head, header with role-dependent navigation, main landmark,
 * one-time notices, and the footer with the language switch. */
#ifndef HTML_LAYOUT_H
#define HTML_LAYOUT_H

#include "html/html.h"
#include "http/request.h"

/* Starts an HTML page whose <title> and <h1> are title (already translated) and returns
 * the writer for the rest of it: the only way a page writes its body. The writer lives in
 * the request's arena. */
struct html *layout_begin(struct request *r, const char *title);
/* Like layout_begin for a title people wrote (a proposal's): German content, so its <h1>
 * carries lang="de" on a page that is not German (WCAG 3.1.2). */
struct html *layout_begin_content(struct request *r, const char *title);
/* Like layout_begin, without the <h1> (for pages that write their own heading block). */
struct html *layout_begin_bare(struct request *r, const char *title);
/* Optional head elements of public pages; every field may be NULL. */
struct layout_meta {
	const char *canonical;   /* absolute URL: <link rel="canonical">, og:url */
	const char *description; /* plain text: <meta name="description">, og:description */
	const char *og_type;     /* "website", "article"; NULL writes no Open Graph tags */
	struct {
		const char *type, *title, *href; /* <link rel="alternate"> (feeds) */
	} alternates[4];
};
/* Like layout_begin_bare (no <h1>), with m's elements in the head. */
struct html *layout_begin_meta(struct request *r, const char *title, const struct layout_meta *m);
/* Closes main, writes the footer, and sets a 200 text/html response (status kept when
 * the handler set one). A page whose tags did not match (the writer broke, or an element
 * inside main was left open) is not sent: the answer becomes the 500 error page, and the
 * log names the route and the tag. */
void layout_end(struct request *r, struct html *h);

/* "de" on a page that is not German, else NULL: the lang attribute for a container of
 * content people wrote in German (practice and proposal texts, titles, terms without a
 * translation), so that English pages say where German starts (WCAG 3.1.2). */
const char *layout_de(const struct request *r);

/* A notice box; kind is "success", "error", "info" or "warning". */
void layout_notice(struct html *h, const char *kind, const char *text);

#endif

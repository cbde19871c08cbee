/* Handlers and form key tables of the legal pages every visitor reaches from the footer
 * (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit with its feedback
 * form), the office's editing of them and its list of feedback, and the language switch
 * of a logged-in person; routes.c wires them to addresses. */
#ifndef PAGES_SITE_PAGES_H
#define PAGES_SITE_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* site_legal.c: GET /impressum, /datenschutz, /barrierefreiheit (the page by its path). */
void page_site_page(struct request *r);
/* site_feedback.c: the accessibility feedback form, for anyone, no account needed. */
extern const struct form_key feedback_keys[6];
void page_feedback_form(struct request *r);
void page_feedback_send(struct request *r);

/* office_site.c: the office edits the pages (Markdown, no raw HTML) and reads feedback. */
extern const struct form_key site_page_keys[1];
void page_site_pages(struct request *r);
void page_site_page_edit(struct request *r);
void page_site_page_save(struct request *r);
void page_feedback_list(struct request *r);

/* account_language.c: POST /sprache — the footer's switch for a logged-in person sets the
 * account's language (and the cookie, for after logging out). */
extern const struct form_key language_keys[2];
void page_language_set(struct request *r);
/* The page GET /sprache/:lang shows a logged-in person: a button that switches the
 * account to lang, then goes to next (a local path, or "/"). */
void page_language_confirm(struct request *r, enum lang lang, const char *next);

#endif

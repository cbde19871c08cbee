/* The office's edit page of a good practice (view_practice_form.c): shown by the
 * practice's own routes and again after a refused upload of its files. */
#ifndef PAGES_VIEW_PRACTICE_FORM_H
#define PAGES_VIEW_PRACTICE_FORM_H

#include "domain/practice.h"
#include "html/html.h"
#include "http/request.h"

/* The badge classes for a practice's status. */
const char *practice_form_badge(enum practice_status s);
/* The form of every public field and the terms, posting to action; values are p's (NULL
 * for a new practice), or what was typed after a refused POST. */
void practice_form(struct request *r, struct html *h, const struct practice *p, const char *action);
/* The whole edit page of p: the status with its actions, the form, the panel "Image and
 * downloads" (id "dateien") with its upload forms; with the status and field errors the
 * handler set on r. */
void practice_form_edit_page(struct request *r, const struct practice *p);

#endif

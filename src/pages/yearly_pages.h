/* The yearly check's pages (issue #12): the owners' single-use link /jahrescheck/TOKEN,
 * the office's list /admin/jahrescheck with its actions, and what the practice page shows
 * (last confirmation, "no longer in use", the timeline of approved updates). */
#ifndef PAGES_YEARLY_PAGES_H
#define PAGES_YEARLY_PAGES_H

#include "html/html.h"
#include "http/form.h"
#include "http/request.h"

extern const struct form_key yearly_answer_keys[3];
void page_yearly_form(struct request *r);
void page_yearly_answer(struct request *r);
void page_yearly_office(struct request *r);
void page_yearly_office_act(struct request *r);
/* The owners' own view when logged in: /konto/jahrescheck and /konto/jahrescheck/ID. */
void page_yearly_mine(struct request *r);
void page_yearly_mine_form(struct request *r);
void page_yearly_mine_answer(struct request *r);
/* The office's settings: POST /admin/jahrescheck/einstellungen. */
extern const struct form_key yearly_settings_keys[1];
void page_yearly_settings(struct request *r);

/* "März 2027" (English: "March 2027"), Berlin time. */
const char *yearly_month(struct request *r, int64_t t);
/* On the practice page: the last confirmation, "no longer in use", the timeline. */
void yearly_render_practice(struct request *r, struct html *h, int64_t practice_id);

#endif

/* The frame of the board review's pages (view_review.h): the office's review pages of a
 * call, the answer to a change of the review, numbers as the board reads them. */
#include "pages/view_review.h"
#include "domain/review.h"
#include "pages/view_office.h"
#include "util/timeutil.h"

#include <string.h>

/* Breadcrumbs up to the call, and the links between the review's pages. */
struct html *
review_begin(struct request *r, const struct call *c, const char *title)
{
	const char *links[][2] = {{"/gremium", tr(r, "Board and conflicts")},
	                          {"/rubrik", tr(r, "Rubric")},
	                          {"/zuteilung", tr(r, "Assignments")},
	                          {"/fortschritt", tr(r, "Progress")},
	                          {"/ranking", tr(r, "Ranking")}};
	return office_call_begin(r, c, title, tr(r, "Board review of this call"), links,
	                         sizeof links / sizeof links[0]);
}

bool
review_change_answer(struct request *r, int rc, const char *href, const char *notice)
{
	if (rc == REVIEW_OK)
		http_redirect(r, href, notice);
	else if (rc < 0)
		http_fail(r);
	return rc > 0;
}

const char *
review_number(struct request *r, double v)
{
	char *s = arena_printf(&r->arena, "%.2f", v);
	/* "2.50" → "2.5", "2.00" → "2". */
	char *end = s + strlen(s) - 1;
	while (*end == '0')
		*end-- = '\0';
	if (*end == '.')
		*end = '\0';
	if (r->lang == LANG_DE)
		for (char *c = s; *c; c++)
			if (*c == '.')
				*c = ',';
	return s;
}

void
review_deadline_line(struct request *r, struct html *h, const struct call *c)
{
	html_open(h, "p", NULL);
	if (c->phase == PHASE_REVIEW && time_now() < c->review_until) {
		html_textf(h, tr(r, "Ratings can be given and changed until %s (Berlin time)."),
		           office_when(r, c->review_until));
		html_text(h, " ");
		html_textf(h, tr(r, "Still %s."), office_span(r, c->review_until - time_now()));
	} else {
		html_text(h, tr(r, "The review deadline has passed; ratings can no longer be "
		                   "changed."));
	}
	html_close(h, "p");
}

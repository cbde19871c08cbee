/* The decision letter as the pages show it: one letter sent (on the decision's page) and
 * the sub-project's view of its latest letter (on its proposal page). */
#include "pages/view_letter.h"
#include "domain/letter.h"
#include "pages/view_office.h"

void
letter_card(struct request *r, struct html *h, const struct decision_letter *l)
{
	html_open(h, "div", "class", "card letter", NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	html_textf(h, tr(r, "Sent on %s for version %lld (%s)"), office_when(r, l->sent_at),
	           (long long)l->version_number,
	           l->lang == LANG_EN ? tr(r, "English") : tr(r, "German"));
	html_close(h, "p");
	html_elem(h, "p", l->subject, "class", "letter-subject", NULL);
	office_plain_text(h, l->body);
	html_close(h, "div");
}

void
decision_letter_section(struct request *r, struct html *h, struct store *s,
                        const struct proposal *p)
{
	const struct decision_letter *l = decision_letter_for(s, &r->arena, p->id, r->lang);
	if (!l)
		return;
	html_open(h, "section", "class", "panel", "aria-labelledby", "decision-letter-h", NULL);
	html_elem(h, "h2", tr(r, "Decision of the advisory board"), "id", "decision-letter-h",
	          NULL);
	html_open(h, "p", "class", "card-meta", NULL);
	html_textf(h, tr(r, "Letter of %s"), office_when(r, l->sent_at));
	html_close(h, "p");
	html_elem(h, "p", l->subject, "class", "letter-subject", NULL);
	office_plain_text(h, l->body);
	html_close(h, "section");
}

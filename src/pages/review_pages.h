/* Handlers and form key tables of the board review: the board's pages (review_member.c,
 * review_rate.c) and the coordination office's (review_office_board.c); routes.c wires them. */
#ifndef PAGES_REVIEW_PAGES_H
#define PAGES_REVIEW_PAGES_H
#include <stdbool.h>

#include "domain/call.h"
#include "domain/proposal.h"
#include "domain/review_assign.h"
#include "html/html.h"
#include "http/form.h"
#include "http/request.h"

struct store;

/* Answers a change of the review by the board or the office whose store_tx returned rc
 * (a REVIEW_ code; review_office_board.c): REVIEW_OK redirects to href with notice, an error (a
 * negative code) sends the 500 page. True only for a refusal, which the caller answers. */
bool review_change_answer(struct request *r, int rc, const char *href, const char *notice);

/* review_member.c */
void page_board(struct request *r);
void page_board_proposal(struct request *r);
/* Loads the proposal of r->params[0] for the board's pages, for whom access_may_read_review
 * allows: a board member who may read it, or an admin who is not conflicted on it.
 * Otherwise a 404 (the same answer whether it does not exist or is hidden from this
 * person) and false. */
bool board_load(struct request *r, struct store *s, struct proposal *p);
/* The proposal's page with the rating form; after a refused POST it shows what was typed
 * and the field errors (set on r). */
void board_proposal_page(struct request *r, struct store *s, const struct proposal *p);
/* "2,5" (German) or "2.5": a number with at most two decimals, in the request's arena. */
const char *board_number(struct request *r, double v);

/* review_rate.c: one score and justification per rated criterion, by its index among the
 * call's rated criteria ("score_0", "just_0" …), then the rating's own fields. */
#define RATE_KEYS (2 * 16 + 5)
extern const struct form_key rate_keys[RATE_KEYS];
extern const struct form_key declare_keys[1];
void page_board_rate(struct request *r);
void page_board_declare(struct request *r);

/* review_office_board.c */
extern const struct form_key member_add_keys[2];
extern const struct form_key review_settings_keys[1];
extern const struct form_key conflict_set_keys[3];
#define RUBRIC_KEYS (5 * 16 + 2 * 11 + 1)
extern const struct form_key rubric_keys[RUBRIC_KEYS];
void page_review_board(struct request *r);
void page_review_member_add(struct request *r);
void page_review_member_remove(struct request *r);
void page_review_settings(struct request *r);
void page_review_conflict_set(struct request *r);
void page_review_conflict_remove(struct request *r);
void page_review_rubric(struct request *r);
void page_review_rubric_update(struct request *r);
void page_review_ranking(struct request *r);
void page_review_ranking_csv(struct request *r);
void page_review_ranking_xlsx(struct request *r);
/* The heading, breadcrumbs and the links between the office's review pages of call c. */
struct html *review_begin(struct request *r, const struct call *c, const char *title);

/* review_discussion.c: the internal discussion on a proposal's board page, and the person's
 * e-mail notifications on /gremium. */
extern const struct form_key discussion_keys[1];
extern const struct form_key notify_keys[1];
void board_discussion_section(struct request *r, struct html *h, struct store *s,
                              const struct proposal *p);
void board_notify_section(struct request *r, struct html *h, struct store *s);
void page_board_discussion_post(struct request *r);
void page_board_notify(struct request *r);

/* review_office_progress.c: the office's progress page, the assignments, "ask one more
 * member" from the ranking. */
extern const struct form_key assignment_add_keys[2];
extern const struct form_key assignment_mode_keys[1];
extern const struct form_key assignment_auto_keys[1];
void page_review_progress(struct request *r);
void page_review_assignments(struct request *r);
void page_review_assignment_add(struct request *r);
void page_review_assignment_remove(struct request *r);
void page_review_assignment_mode(struct request *r);
void page_review_assignment_auto(struct request *r);
void page_review_ask(struct request *r);
/* The requests for one more rating of call c, loaded once per ranking page. */
struct review_asks {
	const struct call *call;
	struct review_request *requests; /* by proposal */
	size_t n;
	bool open; /* ratings can still be given: the call is in review before its deadline */
};
void review_asks_load(struct request *r, struct store *s, const struct call *c,
                      struct review_asks *out);
/* For a ranking row whose raters disagree: the members asked already, and (while ratings
 * can still be given) the one-click form that asks one more. */
void review_ask_cell(struct request *r, struct html *h, const struct review_asks *asks,
                     int64_t proposal_id);

#endif

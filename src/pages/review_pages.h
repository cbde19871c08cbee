/* Handlers and form key tables of the board review: the board's pages (review_member.c,
 * review_rate.c, review_discussion.c) and the coordination office's (review_office_*.c);
 * routes.c wires them. */
#ifndef PAGES_REVIEW_PAGES_H
#define PAGES_REVIEW_PAGES_H
#include <stdbool.h>

#include "domain/call.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/form.h"
#include "http/request.h"

struct store;

/* review_member.c */
void page_board(struct request *r);
void page_board_proposal(struct request *r);
/* review_rate.c: one score and justification per rated criterion, by its index among the
 * call's rated criteria ("score_0", "just_0" …), then the rating's own fields. */
#define RATE_KEYS (2 * 16 + 5)
extern const struct form_key rate_keys[RATE_KEYS];
extern const struct form_key declare_keys[1];
void page_board_rate(struct request *r);
void page_board_declare(struct request *r);

/* review_office_board.c: the board and its conflicts; review_office_rubric.c: the rubric;
 * review_office_ranking.c: the ranking, its exports and "ask one more member". */
extern const struct form_key member_add_keys[2];
extern const struct form_key review_settings_keys[2];
/* Several members at once (the picked accounts, MEMBER_PICK_MAX of them, and the pasted
 * addresses) and copying the board of an earlier call. */
#define MEMBER_PICK_MAX 60
#define MEMBER_MANY_KEYS (2 + MEMBER_PICK_MAX)
extern const struct form_key member_many_keys[MEMBER_MANY_KEYS];
extern const struct form_key board_copy_keys[1];
void page_review_member_many(struct request *r);
void page_review_board_copy(struct request *r);
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
void page_review_ask(struct request *r);

/* review_discussion.c: the internal discussion on a proposal's board page, and the person's
 * e-mail notifications on /gremium. */
extern const struct form_key discussion_keys[1];
extern const struct form_key notify_keys[1];
void page_board_discussion_post(struct request *r);
void page_board_notify(struct request *r);

/* review_office_progress.c: the office's progress page and the assignments. */
extern const struct form_key assignment_add_keys[2];
extern const struct form_key assignment_mode_keys[1];
extern const struct form_key assignment_auto_keys[1];
void page_review_progress(struct request *r);
/* The reminder by hand to one member (review_nudge.h). */
void page_review_remind(struct request *r);
void page_review_assignments(struct request *r);
void page_review_assignment_add(struct request *r);
void page_review_assignment_remove(struct request *r);
void page_review_assignment_mode(struct request *r);
void page_review_assignment_auto(struct request *r);

#endif

/* Handlers and form key tables of the board's decisions: meeting mode, the decision with
 * its amendments and letter (decision_meeting.c, decision_detail.c), letter templates
 * (decision_letters.c), the agreement statistics (decision_agreement.c) and the decision record as
 * a PDF (decision_record_page.c); routes.c wires them. */
#ifndef PAGES_DECISION_PAGES_H
#define PAGES_DECISION_PAGES_H
#include <stdint.h>

#include "domain/call.h"
#include "domain/decision.h"
#include "domain/proposal.h"
#include "html/html.h"
#include "http/form.h"
#include "http/request.h"
#include "util/buf.h"

struct store;

/* decision_meeting.c. The meeting form: date, notes, and per board member (by their place
 * in the list) the id and a "present" box. The decision form: outcome and its fields, and
 * per member the id, "present" and the vote; per rated criterion the id and the
 * justification. */
#define MEETING_KEYS (2 + 2 * DECISION_MAX_MEMBERS)
#define DECIDE_KEYS (6 + 3 * DECISION_MAX_MEMBERS + 2 * REVIEW_MAX_CRITERIA)
extern const struct form_key meeting_keys[MEETING_KEYS];
extern const struct form_key decide_keys[DECIDE_KEYS];
void page_meeting(struct request *r);
void page_meeting_save(struct request *r);
void page_meeting_proposal(struct request *r);
void page_meeting_decide(struct request *r);

/* decision_detail.c: one decision, its amendments and letter. */
void page_decision(struct request *r);
/* GET /gremium/vorschlag/:id/beschluss: the decision, read-only, for board members. */
void page_board_decision(struct request *r);
void page_decision_amend(struct request *r);
void page_decision_letter(struct request *r);

/* decision_letters.c */
extern const struct form_key letter_template_keys[5];
void page_letter_templates(struct request *r);
void page_letter_template_save(struct request *r);
/* GET and POST /admin/briefvorlagen: the default templates every call starts from. */
void page_letter_defaults(struct request *r);
void page_letter_default_save(struct request *r);

/* decision_agreement.c */
void page_agreement(struct request *r);

/* decision_record_page.c: the decision record as a PDF (src/export/decision_record.c). */
/* GET …/protokoll.pdf: the record as it stands (not issued). */
void page_protocol_pdf(struct request *r);
/* POST …/protokoll: issues the record: its SHA-256 goes into the audit log, the PDF is
 * the answer. */
void page_protocol_issue(struct request *r);

#endif

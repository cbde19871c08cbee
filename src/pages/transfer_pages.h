/* Handlers and form key tables of transfer (issue 11): the interest form and its
 * confirmation, the reporter's private link, the office's moderation, the public transfer
 * page, feed and API, the sub-project's list; routes.c wires them to addresses. */
#ifndef PAGES_TRANSFER_PAGES_H
#define PAGES_TRANSFER_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* transfer_form.c: /praxis/SLUG/interesse and /uebernahme/bestaetigen/TOKEN */
extern const struct form_key transfer_interest_keys[11];
/* The minimum time (seconds) between showing the form and sending it; fewer is a robot.
 * serve sets it from LEUCHTTURM_FORM_MIN_SECONDS (default 3; the tests use 0). */
void transfer_form_set_min_seconds(int seconds);
void page_transfer_interest_form(struct request *r);
void page_transfer_interest(struct request *r);
void page_transfer_confirm_form(struct request *r);
void page_transfer_confirm(struct request *r);

/* transfer_manage.c: /uebernahme/meldung/TOKEN, the reporter's private link */
extern const struct form_key transfer_update_keys[8];
void page_transfer_manage(struct request *r);
void page_transfer_update(struct request *r);
void page_transfer_withdraw(struct request *r);

/* transfer_office.c: the office's moderation, and the sub-project's list */
extern const struct form_key transfer_moderate_keys[3];
void page_transfer_office_list(struct request *r);
void page_transfer_office_report(struct request *r);
void page_transfer_office_moderate(struct request *r);
void page_transfer_own(struct request *r);
void page_transfer_filed(struct request *r);
/* transfer_year_pdf.c: /admin/uebernahmen/jahresbericht/YEAR.pdf, the funder's report */
void page_transfer_year_pdf(struct request *r);
/* transfer_export.c: every report with its contact, for the office */
void page_transfer_office_csv(struct request *r);
void page_transfer_office_xlsx(struct request *r);

/* transfer_public.c: /transfer, /transfer.atom, /api/v1/transfers */
void page_transfer_overview(struct request *r);
void page_transfer_feed(struct request *r);
void page_api_transfers(struct request *r);

/* transfer_package.c: /praxis/SLUG/transferpaket.zip */
void page_transfer_package(struct request *r);

#endif

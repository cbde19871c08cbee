/* What the account pages and the office's user pages share (view_account.c). */
#ifndef PAGES_VIEW_ACCOUNT_H
#define PAGES_VIEW_ACCOUNT_H

#include "domain/user.h"
#include "html/html.h"
#include "http/request.h"

struct store;

/* Queues the e-mail with a single-use link for u: kind "invite" (the invitation, valid 14
 * days) or "reset" (a password reset, valid an hour), in u's language. Call it in the
 * transaction that records why (store_tx). Returns 0, or -1. */
int account_send_token_mail(struct request *r, struct store *s, const struct user *u,
                            const char *kind);
/* Queues the invitation e-mail with a single-use link for a user just created. */
int account_send_invitation(struct request *r, struct store *s, const struct user *u);
/* The fields of a new password: "password", with its rules as the hint, and "password2"
 * to repeat it (their keys: FORM_PASSWORD and FORM_SECRET). */
void account_password_fields(struct request *r, struct html *h);
/* After a POST of those fields: marks "password2" when it differs from a valid password. */
void account_check_password(struct request *r);
/* What a person is told whose password attempt is held back by the throttle: how long to
 * wait, and that the account is not locked. Also sets the Retry-After header. */
const char *account_throttle_message(struct request *r, int64_t wait_seconds);

#endif

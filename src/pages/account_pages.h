/* Handlers and form key tables of a person's account: logging in and out, password reset
 * and invitations (account_auth.c), their own settings (account_settings.c); routes.c
 * wires them. */
#ifndef PAGES_ACCOUNT_PAGES_H
#define PAGES_ACCOUNT_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* account_auth.c */
extern const struct form_key login_keys[3];
extern const struct form_key forgot_keys[1];
extern const struct form_key new_password_keys[3];
void page_login_form(struct request *r);
void page_login(struct request *r);
void page_logout(struct request *r);
void page_forgot_form(struct request *r);
void page_forgot(struct request *r);
void page_reset_form(struct request *r);
void page_reset(struct request *r);
void page_invite_form(struct request *r);
void page_invite(struct request *r);

/* account_settings.c */
extern const struct form_key profile_keys[2];
extern const struct form_key password_keys[3];
void page_account(struct request *r);
/* account_data.c: a person's data as JSON in a ZIP (GDPR Art. 15, 20), one's own and, for
 * the office, any account's (/admin/benutzer/:id/daten.zip). */
void page_account_data(struct request *r);
void page_user_data(struct request *r);
void page_account_profile(struct request *r);
void page_account_password(struct request *r);

#endif

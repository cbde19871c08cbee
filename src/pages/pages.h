/* Handlers of every page group; routes.c wires them to addresses. */
#ifndef PAGES_PAGES_H
#define PAGES_PAGES_H

#include "http/form.h"
#include "http/request.h"

/* errors.c */
void page_error(struct request *r, int status, const char *reason);

/* home.c */
void page_home(struct request *r);
void page_overview(struct request *r);
void page_about(struct request *r);
void page_language(struct request *r);

/* auth.c */
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
struct store;
struct html;
/* Queues the invitation e-mail with a single-use link for a user just created. */
int auth_send_invitation(struct request *r, struct store *s, const struct user *u);
/* The fields of a new password: "password", with its rules as the hint, and "password2"
 * to repeat it (their keys: FORM_PASSWORD and FORM_SECRET). */
void auth_new_password_fields(struct request *r, struct html *h);
/* After a POST of those fields: marks "password2" when it differs from a valid password. */
void auth_check_new_password(struct request *r);

/* account.c */
extern const struct form_key profile_keys[2];
extern const struct form_key password_keys[3];
void page_account(struct request *r);
void page_account_profile(struct request *r);
void page_account_password(struct request *r);

/* admin_users.c */
extern const struct form_key invite_keys[6];
extern const struct form_key user_edit_keys[6];
void page_users(struct request *r);
void page_user_invite(struct request *r);
void page_user(struct request *r);
void page_user_update(struct request *r);

/* admin_audit.c */
void page_audit(struct request *r);

#endif

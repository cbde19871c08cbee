/* What the account pages and the office's user pages share: the e-mail with a single-use
 * link (an invitation, a password reset) and the fields of a new password. */
#include "pages/view_account.h"
#include "domain/mail.h"
#include "domain/token.h"
#include "html/widgets.h"
#include "http/dispatch.h"
#include "util/str.h"

#include <string.h>

int
account_send_token_mail(struct request *r, struct store *s, const struct user *u, const char *kind)
{
	char token[65];
	if (token_create(s, kind, u->id, token) != 0)
		return -1;
	bool invite = strcmp(kind, "invite") == 0;
	const char *link = http_absolute_url(
	    r, arena_printf(&r->arena, "%s%s", invite ? "/einladung/" : "/passwort-neu/", token));
	enum lang l = u->locale;
	const char *subject = invite ? i18n_get(l, "Your invitation to Leuchtturm")
	                             : i18n_get(l, "Reset your Leuchtturm password");
	const char *body =
	    invite ? arena_printf(&r->arena,
	                          i18n_get(l, "Hello %s,\n\nyou have been invited to Leuchtturm, "
	                                      "the IQ Good Practice platform of the IQ programme. "
	                                      "Please choose your password with this link (valid "
	                                      "for 14 days):\n\n%s\n"),
	                          u->name, link)
	           : arena_printf(&r->arena,
	                          i18n_get(l, "Hello %s,\n\nsomeone asked to reset the password "
	                                      "of your Leuchtturm account. To choose a new "
	                                      "password, open this link (valid for one hour):\n\n"
	                                      "%s\n\nIf that was not you, ignore this message; "
	                                      "your password stays as it is.\n"),
	                          u->name, link);
	return mail_enqueue(s, u->email, subject, body) > 0 ? 0 : -1;
}

/* Counts the request, and sends the link when the account exists and is active. */
void
account_password_fields(struct request *r, struct html *h)
{
	widget_input(r, h,
	             &(struct widget){.name = "password",
	                              .label = tr(r, "New password"),
	                              .hint = tr(r, "At least 10 characters. A short sentence is "
	                                            "easy to remember and hard to guess."),
	                              .type = "password",
	                              .autocomplete = "new-password",
	                              .required = true});
	widget_input(r, h,
	             &(struct widget){.name = "password2",
	                              .label = tr(r, "Repeat the new password"),
	                              .type = "password",
	                              .autocomplete = "new-password",
	                              .required = true});
}

void
account_check_password(struct request *r)
{
	if (!form_error(r, "password") &&
	    strcmp(form_value(r, "password"), form_value(r, "password2")) != 0)
		form_set_error(r, "password2", N_("The two passwords are not the same."));
}

int
account_send_invitation(struct request *r, struct store *s, const struct user *u)
{
	return account_send_token_mail(r, s, u, "invite");
}

const char *
account_throttle_message(struct request *r, int64_t wait_seconds)
{
	http_set_header(r, "Retry-After", arena_printf(&r->arena, "%lld", (long long)wait_seconds));
	/* Minutes once the wait is long, rounded up: "1 minute" never means 90 seconds. */
	const char *wait =
	    wait_seconds < 120
	        ? arena_printf(&r->arena, trn(r, "%lld second", "%lld seconds", (long)wait_seconds),
	                       (long long)wait_seconds)
	        : arena_printf(
	              &r->arena,
	              trn(r, "%lld minute", "%lld minutes", (long)(wait_seconds + 59) / 60),
	              (long long)(wait_seconds + 59) / 60);
	return arena_printf(&r->arena,
	                    tr(r, "Too many failed attempts. Please wait %s, then try again, or "
	                          "reset your password. Your account is not locked: the wait "
	                          "only slows down guessing from this device."),
	                    wait);
}

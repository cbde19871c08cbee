/* Single-use, expiring links for invitations and password resets. */
#ifndef DOMAIN_TOKEN_H
#define DOMAIN_TOKEN_H
#include <stdbool.h>
#include <stdint.h>

struct store;

#define TOKEN_INVITE_SECONDS (14 * 24 * 3600)
#define TOKEN_RESET_SECONDS (3600)

/* Creates a token of kind "invite" or "reset" for user_id; the raw token goes to out (it
 * is sent by e-mail and never stored). Earlier unused tokens of that kind are voided. */
int token_create(struct store *s, const char *kind, int64_t user_id, char out[65]);
/* The user of a valid (unused, unexpired) token, or 0. Does not use it up. */
int64_t token_check(struct store *s, const char *kind, const char *token);
/* Uses the token up; returns its user, or 0 when it was not valid. */
int64_t token_consume(struct store *s, const char *kind, const char *token);

#endif

/* Server-side login sessions. The cookie holds a random 256-bit token; the database keeps
 * only its SHA-256, so a copy of the database opens no session. */
#ifndef DOMAIN_SESSION_H
#define DOMAIN_SESSION_H
#include <stdint.h>

struct store;

/* A session ends after this long without a request, and in any case after the absolute
 * limit. Eight idle hours let someone fill a long form over a working day. */
#define SESSION_IDLE_SECONDS (8 * 3600)
#define SESSION_ABSOLUTE_SECONDS (7 * 24 * 3600)

/* Starts a session for user_id; writes the 64-hex-digit token to out. Returns 0 or -1. */
int session_create(struct store *s, int64_t user_id, char out[65]);
/* The user of a live session, 0 when the token is unknown or expired. Refreshes the
 * session's last use at most once a minute (a write per request would serialise reads). */
int64_t session_lookup(struct store *s, const char *token);
int session_end(struct store *s, const char *token);
/* Ends every session of a user (password change, deactivation). */
int session_end_all(struct store *s, int64_t user_id);
/* SHA-256 of a token as 64 hex digits (also used for single-use links). */
void session_hash_token(char out[65], const char *token);
/* 32 random bytes as 64 hex digits. */
void session_random_token(char out[65]);

#endif

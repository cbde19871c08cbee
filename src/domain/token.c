/* Single-use, expiring links. Only the SHA-256 of a token is stored. */
#include "domain/token.h"
#include "domain/session.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <string.h>

static const struct store_query q_void = {
    "token_void", "UPDATE auth_token SET used_at = ?3 WHERE user_id = ?1 AND kind = ?2 "
                  "AND used_at IS NULL"};
static const struct store_query q_insert = {
    "token_insert", "INSERT INTO auth_token(token_hash, kind, user_id, created_at, expires_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5)"};
static const struct store_query q_check = {
    "token_check", "SELECT user_id FROM auth_token WHERE token_hash = ?1 AND kind = ?2 "
                   "AND used_at IS NULL AND expires_at > ?3"};
static const struct store_query q_use = {
    "token_use", "UPDATE auth_token SET used_at = ?3 WHERE token_hash = ?1 AND kind = ?2 "
                 "AND used_at IS NULL AND expires_at > ?3"};

int
token_create(struct store *s, const char *kind, int64_t user_id, char out[65])
{
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_void);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_text(st, 2, kind);
	stmt_bind_int(st, 3, now);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	char hash[65];
	session_random_token(out);
	session_hash_token(hash, out);
	st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, kind);
	stmt_bind_int(st, 3, user_id);
	stmt_bind_int(st, 4, now);
	stmt_bind_int(
	    st, 5,
	    now + (strcmp(kind, "invite") == 0 ? TOKEN_INVITE_SECONDS : TOKEN_RESET_SECONDS));
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int64_t
token_check(struct store *s, const char *kind, const char *token)
{
	if (!token || strlen(token) != 64)
		return 0;
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_check);
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, kind);
	stmt_bind_int(st, 3, time_now());
	return stmt_one_int(st);
}

int64_t
token_consume(struct store *s, const char *kind, const char *token)
{
	int64_t user = token_check(s, kind, token);
	if (!user)
		return 0;
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_use);
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, kind);
	stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return 0;
	return user;
}

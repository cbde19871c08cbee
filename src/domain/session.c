/* Server-side login sessions. */
#include "domain/session.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <string.h>

void
session_random_token(char out[65])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	str_hex(out, raw, sizeof raw);
}

void
session_hash_token(char out[65], const char *token)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	str_hex(out, digest, sizeof digest);
}

static const struct store_query q_insert = {
    "session_insert",
    "INSERT INTO session(id_hash, user_id, created_at, last_seen) VALUES (?1, ?2, ?3, ?3)"};
static const struct store_query q_lookup = {
    "session_lookup",
    "SELECT s.user_id, s.created_at, s.last_seen FROM session s "
    "JOIN user_account u ON u.id = s.user_id AND u.active = 1 WHERE s.id_hash = ?1"};
static const struct store_query q_touch = {"session_touch",
                                           "UPDATE session SET last_seen = ?2 WHERE id_hash = ?1"};
static const struct store_query q_delete = {"session_delete",
                                            "DELETE FROM session WHERE id_hash = ?1"};
static const struct store_query q_delete_user = {"session_delete_user",
                                                 "DELETE FROM session WHERE user_id = ?1"};
static const struct store_query q_purge = {
    "session_purge", "DELETE FROM session WHERE last_seen < ?1 OR created_at < ?2"};

int
session_create(struct store *s, int64_t user_id, char out[65])
{
	char hash[65];
	session_random_token(out);
	session_hash_token(hash, out);
	int64_t now = time_now();
	/* Expired sessions are cleared here, on the rare write path, not on every read. */
	struct stmt *st = store_stmt(s, &q_purge);
	stmt_bind_int(st, 1, now - SESSION_IDLE_SECONDS);
	stmt_bind_int(st, 2, now - SESSION_ABSOLUTE_SECONDS);
	stmt_exec(st);
	st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, hash);
	stmt_bind_int(st, 2, user_id);
	stmt_bind_int(st, 3, now);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int64_t
session_lookup(struct store *s, const char *token)
{
	if (!token || strlen(token) != 64)
		return 0;
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_lookup);
	stmt_bind_text(st, 1, hash);
	int64_t user = 0, created = 0, seen = 0;
	if (stmt_step(st) == STORE_ROW) {
		user = stmt_int(st, 0);
		created = stmt_int(st, 1);
		seen = stmt_int(st, 2);
	}
	stmt_done(st);
	int64_t now = time_now();
	if (!user || now - seen > SESSION_IDLE_SECONDS || now - created > SESSION_ABSOLUTE_SECONDS)
		return 0;
	if (now - seen > 60) {
		st = store_stmt(s, &q_touch);
		stmt_bind_text(st, 1, hash);
		stmt_bind_int(st, 2, now);
		stmt_exec(st);
	}
	return user;
}

int
session_end(struct store *s, const char *token)
{
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_delete);
	stmt_bind_text(st, 1, hash);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int
session_end_all(struct store *s, int64_t user_id)
{
	struct stmt *st = store_stmt(s, &q_delete_user);
	stmt_bind_int(st, 1, user_id);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

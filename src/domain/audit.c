/* The audit log: each event's hash covers the previous hash and the event's canonical
 * form, so changing, removing or reordering any row breaks every hash after it. */
#include "domain/audit.h"
#include "store/store.h"
#include "util/log.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Takes the chain's head: the first statement of audit_log, so that it holds the head's
 * lock from here to the commit. On PostgreSQL the UPDATE takes the row lock of audit_head
 * (a second writer waits here, then reads the head the first one left); on SQLite the
 * transaction holds the database's one write lock since BEGIN IMMEDIATE. Either way no two
 * writers get the same seq or prev_hash. */
static const struct store_query q_take_head = {
    "audit_take_head", "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"};
static const struct store_query q_set_head = {"audit_set_head",
                                              "UPDATE audit_head SET hash = ?1 WHERE id = 1"};
static const struct store_query q_insert = {
    "audit_insert", "INSERT INTO audit_event(seq, at, actor_id, action, object, details, "
                    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};
static const struct store_query q_walk = {
    "audit_walk", "SELECT seq, at, actor_id, action, object, details, prev_hash, hash "
                  "FROM audit_event ORDER BY seq"};

/* The canonical event is a compact JSON array, so no field can smuggle a separator. */
static void
event_hash(char out[65], const char *prev, int64_t seq, int64_t at, int64_t actor,
           const char *action, const char *object, const char *details)
{
	json_t *arr = json_pack("[I,I,I,s,s,s]", (json_int_t)seq, (json_int_t)at, (json_int_t)actor,
	                        action, object, details);
	char *canon = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)canon, strlen(canon));
	crypto_hash_sha256_final(&st, digest);
	str_hex(out, digest, sizeof digest);
	free(canon);
	json_decref(arr);
}

int
audit_log(struct store *s, int64_t actor_id, const char *action, const char *object,
          json_t *details)
{
	store_assert_tx(s);
	if (!details)
		details = json_object();
	char *det = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	json_decref(details);
	if (!det)
		return -1;

	struct stmt *st = store_stmt(s, &q_take_head);
	int64_t seq = 0;
	char prev[65] = GENESIS;
	int rc = stmt_step(st);
	if (rc == STORE_ROW) {
		seq = stmt_int(st, 0);
		snprintf(prev, sizeof prev, "%s", stmt_text(st, 1));
	}
	stmt_done(st);
	if (rc == STORE_BUSY) { /* store_tx tries the transaction again */
		free(det);
		return -1;
	}
	if (seq <= 0) {
		log_error("audit: the chain's head (audit_head) is missing");
		free(det);
		return -1;
	}

	int64_t at = time_now();
	char hash[65];
	event_hash(hash, prev, seq, at, actor_id, action, object, det);
	st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, seq);
	stmt_bind_int(st, 2, at);
	if (actor_id)
		stmt_bind_int(st, 3, actor_id);
	else
		stmt_bind_null(st, 3);
	stmt_bind_text(st, 4, action);
	stmt_bind_text(st, 5, object);
	stmt_bind_text(st, 6, det);
	stmt_bind_text(st, 7, prev);
	stmt_bind_text(st, 8, hash);
	rc = stmt_exec(st);
	free(det);
	if (rc != STORE_OK)
		return -1;
	st = store_stmt(s, &q_set_head);
	stmt_bind_text(st, 1, hash);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int
audit_on(struct store *s, int64_t actor, const char *kind, int64_t id, const char *action,
         json_t *details)
{
	char obj[64];
	snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
	return audit_log(s, actor, action, obj, details);
}

int64_t
audit_verify(struct store *s, int64_t *checked)
{
	struct stmt *st = store_stmt(s, &q_walk);
	char prev[65] = GENESIS;
	int64_t expect_seq = 1, broken = 0, n = 0;
	while (stmt_step(st) == STORE_ROW) {
		int64_t seq = stmt_int(st, 0);
		char hash[65];
		event_hash(hash, prev, seq, stmt_int(st, 1), stmt_int(st, 2), stmt_text(st, 3),
		           stmt_text(st, 4), stmt_text(st, 5));
		if (seq != expect_seq || strcmp(stmt_text(st, 6), prev) != 0 ||
		    strcmp(stmt_text(st, 7), hash) != 0) {
			broken = seq;
			break;
		}
		snprintf(prev, sizeof prev, "%s", stmt_text(st, 7));
		expect_seq = seq + 1;
		n++;
	}
	stmt_done(st);
	if (checked)
		*checked = n;
	return broken;
}

#define AUDIT_FILTER                                                                               \
	"FROM audit_event e LEFT JOIN user_account u ON u.id = e.actor_id "                        \
	"WHERE (?1 = '' OR substr(e.action, 1, length(?1)) = ?1) AND (?2 = '' OR e.object = ?2) "  \
	"AND (?3 = 0 OR coalesce(e.actor_id, -1) = ?3) AND (?4 = 0 OR e.at >= ?4) "                \
	"AND (?5 = 0 OR e.at < ?5) "

static const struct store_query q_list = {
    "audit_list",
    "SELECT e.seq, e.at, coalesce(e.actor_id, 0), coalesce(u.name, ''), e.action, "
    "e.object, e.details, e.hash " AUDIT_FILTER "ORDER BY e.seq DESC LIMIT ?6 OFFSET ?7"};
static const struct store_query q_count = {"audit_count", "SELECT count(*) " AUDIT_FILTER};

static void
bind_filter(struct stmt *st, const struct audit_filter *f)
{
	stmt_bind_text(st, 1, f->action ? f->action : "");
	stmt_bind_text(st, 2, f->object ? f->object : "");
	stmt_bind_int(st, 3, f->actor_id);
	stmt_bind_int(st, 4, f->from);
	stmt_bind_int(st, 5, f->until);
}

size_t
audit_list(struct store *s, struct arena *a, const struct audit_filter *f, struct audit_event *out,
           size_t max, size_t offset, size_t *total)
{
	struct stmt *st = store_stmt(s, &q_count);
	bind_filter(st, f);
	*total = stmt_step(st) == STORE_ROW ? (size_t)stmt_int(st, 0) : 0;
	stmt_done(st);
	st = store_stmt(s, &q_list);
	bind_filter(st, f);
	stmt_bind_int(st, 6, (int64_t)max);
	stmt_bind_int(st, 7, (int64_t)offset);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct audit_event *e = &out[n++];
		e->seq = stmt_int(st, 0);
		e->at = stmt_int(st, 1);
		e->actor_id = stmt_int(st, 2);
		e->actor_name = arena_strdup(a, stmt_text(st, 3));
		e->action = arena_strdup(a, stmt_text(st, 4));
		e->object = arena_strdup(a, stmt_text(st, 5));
		e->details = arena_strdup(a, stmt_text(st, 6));
		e->hash = arena_strdup(a, stmt_text(st, 7));
	}
	stmt_done(st);
	return n;
}

static const struct store_query q_actors = {
    "audit_actors", "SELECT u.id, u.name FROM user_account u WHERE EXISTS (SELECT 1 FROM "
                    "audit_event e WHERE e.actor_id = u.id) ORDER BY u.name_sort, u.id LIMIT ?1"};

size_t
audit_actors(struct store *s, struct arena *a, int64_t *ids, const char **names, size_t max)
{
	struct stmt *st = store_stmt(s, &q_actors);
	stmt_bind_int(st, 1, (int64_t)max);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		ids[n] = stmt_int(st, 0);
		names[n++] = arena_strdup(a, stmt_text(st, 1));
	}
	stmt_done(st);
	return n;
}

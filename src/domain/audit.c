/* The audit log: each event's hash covers the previous hash and the event's canonical
 * form, so changing, removing or reordering any row breaks every hash after it. */
#include "domain/audit.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
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
                    "prev_hash, hash, details_digest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                    "?9)"};
static const struct store_query q_insert_salt = {
    "audit_insert_salt", "INSERT INTO audit_salt(seq, salt) VALUES (?1, ?2)"};
static const struct store_query q_walk = {
    "audit_walk", "SELECT e.seq, e.at, e.actor_id, e.action, e.object, e.details, e.prev_hash, "
                  "e.hash, e.details_digest, s.salt FROM audit_event e LEFT JOIN audit_salt s "
                  "ON s.seq = e.seq ORDER BY e.seq"};

/* SHA-256 of a followed by b, as 64 lowercase hex digits. */
static void
sha256_hex2(char out[65], const char *a, const char *b)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)a, strlen(a));
	crypto_hash_sha256_update(&st, (const unsigned char *)b, strlen(b));
	crypto_hash_sha256_final(&st, digest);
	str_hex(out, digest, sizeof digest);
}

/* The canonical event is a compact JSON array, so no field can smuggle a separator. Its
 * last member is the details themselves for the events before migration 030 (digest
 * NULL), and "sha256:" followed by SHA-256(salt || details) after: a string no details
 * (always a JSON object) can be, so neither formula can pass for the other. */
static void
event_hash(char out[65], const char *prev, int64_t seq, int64_t at, int64_t actor,
           const char *action, const char *object, const char *details, const char *digest)
{
	char ref[72];
	if (digest)
		snprintf(ref, sizeof ref, "sha256:%s", digest);
	json_t *arr = json_pack("[I,I,I,s,s,s]", (json_int_t)seq, (json_int_t)at, (json_int_t)actor,
	                        action, object, digest ? ref : details);
	char *canon = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
	sha256_hex2(out, prev, canon);
	free(canon);
	json_decref(arr);
}

/* What the erasure event keeps of a legacy event whose details it replaced: a hash of
 * the row's other fields, which the old formula no longer lets the chain check. */
static void
legacy_row_digest(char out[65], int64_t seq, int64_t at, int64_t actor, const char *action,
                  const char *object, const char *hash)
{
	json_t *arr = json_pack("[I,I,I,s,s,s]", (json_int_t)seq, (json_int_t)at, (json_int_t)actor,
	                        action, object, hash);
	char *canon = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
	sha256_hex2(out, "leuchtturm-erased-legacy-event:", canon);
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
	unsigned char raw[16];
	char salt[33], digest[65], hash[65];
	randombytes_buf(raw, sizeof raw);
	str_hex(salt, raw, sizeof raw);
	sha256_hex2(digest, salt, det);
	event_hash(hash, prev, seq, at, actor_id, action, object, det, digest);
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
	stmt_bind_text(st, 9, digest);
	rc = stmt_exec(st);
	free(det);
	if (rc != STORE_OK)
		return -1;
	st = store_stmt(s, &q_insert_salt);
	stmt_bind_int(st, 1, seq);
	stmt_bind_text(st, 2, salt);
	if (stmt_exec(st) != STORE_OK)
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

/* The legacy events erased so far in the walk, each waiting for the erasure event that
 * lists it (a later event of the chain, so the walk meets it afterwards). */
struct pending {
	int64_t *seq;
	char (*digest)[65];
	size_t n, cap;
};

static void
pending_add(struct pending *p, int64_t seq, const char *digest)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->seq = xrealloc(p->seq, p->cap * sizeof *p->seq);
		p->digest = xrealloc(p->digest, p->cap * sizeof *p->digest);
	}
	p->seq[p->n] = seq;
	snprintf(p->digest[p->n], 65, "%s", digest);
	p->n++;
}

/* An erasure event's (user.erased) details name the legacy events it erased ({"legacy": {"seq":
 * "digest", …}}): those that match leave the list. */
static void
pending_settle(struct pending *p, const char *details)
{
	if (!p->n || !strstr(details, "\"legacy\""))
		return;
	json_t *j = json_loads(details, 0, NULL);
	json_t *legacy = json_object_get(j, "legacy");
	size_t k = 0;
	for (size_t i = 0; i < p->n; i++) {
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)p->seq[i]);
		const char *d = json_string_value(json_object_get(legacy, key));
		if (d && strcmp(d, p->digest[i]) == 0)
			continue;
		p->seq[k] = p->seq[i];
		memcpy(p->digest[k], p->digest[i], 65);
		k++;
	}
	p->n = k;
	json_decref(j);
}

int64_t
audit_verify(struct store *s, int64_t *checked)
{
	struct stmt *st = store_stmt(s, &q_walk);
	char prev[65] = GENESIS;
	int64_t expect_seq = 1, broken = 0, n = 0;
	struct pending pend = {0};
	while (stmt_step(st) == STORE_ROW) {
		int64_t seq = stmt_int(st, 0), at = stmt_int(st, 1), actor = stmt_int(st, 2);
		const char *action = stmt_text(st, 3), *object = stmt_text(st, 4),
		           *details = stmt_text(st, 5), *stored = stmt_text(st, 7);
		const char *digest = stmt_is_null(st, 8) ? NULL : stmt_text(st, 8);
		bool erased = strcmp(details, AUDIT_ERASED) == 0, ok = true;
		char hash[65];
		if (digest) {
			/* The chain covers the digest; the details must match it while the salt
			 * exists, and be the erasure's marker once it is gone. */
			event_hash(hash, prev, seq, at, actor, action, object, details, digest);
			ok = strcmp(stored, hash) == 0;
			if (ok && !stmt_is_null(st, 9)) {
				char d[65];
				sha256_hex2(d, stmt_text(st, 9), details);
				ok = strcmp(d, digest) == 0;
			} else if (ok) {
				ok = erased;
			}
		} else if (erased) {
			/* An erased legacy event: its own hash cannot be recomputed; the next
			 * event's link checks it, and a later erasure event must list the rest. */
			char d[65];
			legacy_row_digest(d, seq, at, actor, action, object, stored);
			pending_add(&pend, seq, d);
		} else {
			event_hash(hash, prev, seq, at, actor, action, object, details, NULL);
			ok = strcmp(stored, hash) == 0;
		}
		if (seq != expect_seq || strcmp(stmt_text(st, 6), prev) != 0 || !ok) {
			broken = seq;
			break;
		}
		if (digest && !erased && strcmp(action, "user.erased") == 0)
			pending_settle(&pend, details);
		snprintf(prev, sizeof prev, "%s", stored);
		expect_seq = seq + 1;
		n++;
	}
	stmt_done(st);
	/* An erased legacy event no erasure event accounts for. */
	if (!broken && pend.n) {
		broken = pend.seq[0]; /* the smallest: they were added in order */
		n = broken - 1;
	}
	free(pend.seq);
	free(pend.digest);
	if (checked)
		*checked = n;
	return broken;
}

/* The events whose details hold the pattern (lowercase, a LIKE pattern) and are not
 * erased yet. */
static const struct store_query q_naming = {
    "audit_naming", "SELECT seq, at, coalesce(actor_id, 0), action, object, hash, "
                    "details_digest IS NULL FROM audit_event WHERE details <> '{\"erased\":true}' "
                    "AND (lower(details) LIKE ?1 ESCAPE '\\' OR lower(details) LIKE ?2 "
                    "ESCAPE '\\') ORDER BY seq"};
static const struct store_query q_erase_details = {
    "audit_erase_details", "UPDATE audit_event SET details = '{\"erased\":true}' WHERE seq = ?1"};
static const struct store_query q_erase_salt = {"audit_erase_salt",
                                                "DELETE FROM audit_salt WHERE seq = ?1"};

/* "%text%" for LIKE, lowercase, with its own % _ and \ escaped. */
static char *
like_pattern(const char *text)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, (char)((*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p));
	}
	buf_putc(&b, '%');
	char *out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}

/* text as a JSON string the way details are written (quoted, non-ASCII escaped). */
static char *
json_token(const char *text)
{
	json_t *j = json_string(text);
	char *out = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
	json_decref(j);
	return out ? out : xstrdup("\"\"");
}

int
audit_erase_naming(struct store *s, const char *email, const char *name, json_t *legacy)
{
	store_assert_tx(s);
	char *tok_mail = json_token(email), *tok_name = json_token(name);
	/* The address anywhere in a string (a "to" of a mail), the name as a whole value. */
	tok_mail[strlen(tok_mail) - 1] = '\0';
	char *p1 = like_pattern(tok_mail + 1), *p2 = like_pattern(tok_name);
	free(tok_mail);
	free(tok_name);
	struct stmt *st = store_stmt(s, &q_naming);
	stmt_bind_text(st, 1, p1);
	stmt_bind_text(st, 2, name[0] ? p2 : "");
	size_t n = 0, cap = 0;
	int64_t *seqs = NULL;
	while (stmt_step(st) == STORE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			seqs = xrealloc(seqs, cap * sizeof *seqs);
		}
		seqs[n++] = stmt_int(st, 0);
		if (stmt_int(st, 6)) {
			char d[65], key[24];
			legacy_row_digest(d, stmt_int(st, 0), stmt_int(st, 1), stmt_int(st, 2),
			                  stmt_text(st, 3), stmt_text(st, 4), stmt_text(st, 5));
			snprintf(key, sizeof key, "%lld", (long long)stmt_int(st, 0));
			json_object_set_new(legacy, key, json_string(d));
		}
	}
	stmt_done(st);
	free(p1);
	free(p2);
	int rc = (int)n;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		st = store_stmt(s, &q_erase_details);
		stmt_bind_int(st, 1, seqs[i]);
		if (stmt_exec(st) != STORE_OK)
			rc = -1;
		st = store_stmt(s, &q_erase_salt);
		stmt_bind_int(st, 1, seqs[i]);
		if (rc >= 0 && stmt_exec(st) != STORE_OK)
			rc = -1;
	}
	free(seqs);
	return rc;
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

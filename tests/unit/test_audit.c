/* The audit hash chain: known hashes, tamper detection at the right seq, and audit_list. */
#include "domain/audit.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

static const struct store_query q_row = {
    "t_audit_row", "SELECT prev_hash, hash, details, actor_id IS NULL FROM audit_event "
                   "WHERE seq = ?1"};

struct fixture {
	char path[64];
	struct store *s;
	struct arena a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "audit");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	time_set_fake(0);
	free(f);
	return 0;
}

/* SHA-256 of prev followed by canon, as 64 lowercase hex digits: the chain's rule,
 * computed here without the code under test. */
static void
expected_hash(char out[65], const char *prev, const char *canon)
{
	size_t np = strlen(prev), nc = strlen(canon);
	unsigned char *msg = xmalloc(np + nc);
	memcpy(msg, prev, np);
	memcpy(msg + np, canon, nc);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, msg, np + nc);
	sodium_bin2hex(out, 65, digest, sizeof digest);
	free(msg);
}

static const struct store_query q_salt = {"t_audit_salt",
                                          "SELECT salt FROM audit_salt WHERE seq = ?1"};

/* What the chain hashes in place of an event's details since migration 030:
 * "sha256:" and SHA-256(salt || details), the salt read from audit_salt. */
static void
details_ref(char out[72], struct store *s, int64_t seq, const char *details)
{
	struct stmt *st = store_stmt(s, &q_salt);
	stmt_bind_int(st, 1, seq);
	assert_int_equal(stmt_step(st), STORE_ROW);
	char salt[64], digest[65];
	snprintf(salt, sizeof salt, "%s", stmt_text(st, 0));
	stmt_done(st);
	assert_int_equal(strlen(salt), 32);
	expected_hash(digest, salt, details);
	snprintf(out, 72, "sha256:%s", digest);
}

struct row {
	char prev[65], hash[65], details[256];
	bool actor_null;
};

static void
read_row(struct store *s, int64_t seq, struct row *r)
{
	struct stmt *st = store_stmt(s, &q_row);
	stmt_bind_int(st, 1, seq);
	assert_int_equal(stmt_step(st), STORE_ROW);
	snprintf(r->prev, sizeof r->prev, "%s", stmt_text(st, 0));
	snprintf(r->hash, sizeof r->hash, "%s", stmt_text(st, 1));
	snprintf(r->details, sizeof r->details, "%s", stmt_text(st, 2));
	r->actor_null = stmt_int(st, 3) != 0;
	stmt_done(st);
}

/* audit_log in a transaction of its own, as every caller runs it. */
struct log_args {
	int64_t actor;
	const char *action, *object;
	json_t *details;
};

static int
log_body(struct store *s, void *arg)
{
	struct log_args *l = arg;
	return audit_log(s, l->actor, l->action, l->object, l->details) == 0 ? STORE_OK : STORE_ERR;
}

static int
logged(struct store *s, int64_t actor, const char *action, const char *object, json_t *details)
{
	struct log_args l = {actor, action, object, details};
	return store_tx(s, log_body, &l) == STORE_OK ? 0 : -1;
}

/* Five events: event k at T0+k by actor k with action "test.ek", object "test:k" and
 * details {"n":k}. */
static void
append_five(struct store *s)
{
	char action[16], object[16];
	for (int k = 1; k <= 5; k++) {
		time_set_fake(T0 + k);
		snprintf(action, sizeof action, "test.e%d", k);
		snprintf(object, sizeof object, "test:%d", k);
		assert_int_equal(logged(s, k, action, object, json_pack("{s:i}", "n", k)), 0);
	}
}

/* Runs sql on the database file through a connection of its own, with the append-only
 * triggers dropped: what someone with the file in hand could do. */
static void
tamper(const char *path, const char *sql)
{
	/* The SQLite file in hand; on PostgreSQL the same tampering needs the server's
	 * owner, which the application is not meant to be: these tests are SQLite's. */
	if (temp_db_is_pg())
		skip();
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *err = NULL;
	int rc = sqlite3_exec(db,
	                      "DROP TRIGGER IF EXISTS audit_event_no_update;"
	                      "DROP TRIGGER IF EXISTS audit_event_no_delete;",
	                      NULL, NULL, &err);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK)
		fail_msg("tamper: %s", err ? err : "?");
	sqlite3_close(db);
}

static void
assert_broken_at(struct store *s, int64_t seq, int64_t checked_before)
{
	int64_t checked = -1;
	assert_int_equal(audit_verify(s, &checked), seq);
	assert_int_equal(checked, checked_before);
}

static void
test_empty_chain_is_intact(void **state)
{
	struct fixture *f = *state;
	int64_t checked = -1;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	assert_int_equal(checked, 0);
}

static void
test_append_verifies_with_count(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	assert_int_equal(checked, 5);
}

static void
test_first_prev_hash_is_zeros(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	struct row r;
	read_row(f->s, 1, &r);
	assert_string_equal(r.prev, ZEROS);
}

static void
test_each_prev_hash_links_to_previous(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	struct row before, r;
	read_row(f->s, 1, &before);
	for (int64_t seq = 2; seq <= 5; seq++) {
		read_row(f->s, seq, &r);
		assert_string_equal(r.prev, before.hash);
		before = r;
	}
}

static void
test_known_first_hash(void **state)
{
	struct fixture *f = *state;
	time_set_fake(T0);
	/* Keys are sorted and non-ASCII is escaped (jansson writes upper-case hex) in details;
	 * the canonical array holds their salted digest, not the details themselves. */
	assert_int_equal(
	    logged(f->s, 7, "user.create", "user:7",
	           json_pack("{s:s,s:s}", "name", "Jürgen Groß", "email", "j@example.org")),
	    0);
	const char *details = "{\"email\":\"j@example.org\",\"name\":\"J\\u00FCrgen Gro\\u00DF\"}";
	char ref[72], canon[200], want[65];
	details_ref(ref, f->s, 1, details);
	snprintf(canon, sizeof canon, "[1,1800000000,7,\"user.create\",\"user:7\",\"%s\"]", ref);
	expected_hash(want, ZEROS, canon);

	struct row r;
	read_row(f->s, 1, &r);
	assert_string_equal(r.details, details);
	assert_string_equal(r.hash, want);
}

static void
test_known_hash_system_actor(void **state)
{
	struct fixture *f = *state;
	time_set_fake(T0);
	assert_int_equal(logged(f->s, 0, "system.start", "system", NULL), 0);
	char ref[72], canon[200], want[65];
	details_ref(ref, f->s, 1, "{}");
	snprintf(canon, sizeof canon, "[1,1800000000,0,\"system.start\",\"system\",\"%s\"]", ref);
	expected_hash(want, ZEROS, canon);
	struct row r;
	read_row(f->s, 1, &r);
	assert_true(r.actor_null); /* stored as NULL, hashed as 0 */
	assert_string_equal(r.details, "{}");
	assert_string_equal(r.hash, want);
}

static void
test_known_second_hash(void **state)
{
	struct fixture *f = *state;
	time_set_fake(T0);
	assert_int_equal(logged(f->s, 0, "system.start", "system", NULL), 0);
	time_set_fake(T0 + 60);
	assert_int_equal(logged(f->s, 3, "user.roles", "user:3",
	                        json_pack("{s:[s,s]}", "roles", "admin", "board")),
	                 0);
	char first[65], want[65], ref[72], canon[200];
	details_ref(ref, f->s, 1, "{}");
	snprintf(canon, sizeof canon, "[1,1800000000,0,\"system.start\",\"system\",\"%s\"]", ref);
	expected_hash(first, ZEROS, canon);
	details_ref(ref, f->s, 2, "{\"roles\":[\"admin\",\"board\"]}");
	snprintf(canon, sizeof canon, "[2,1800000060,3,\"user.roles\",\"user:3\",\"%s\"]", ref);
	expected_hash(want, first, canon);
	struct row r;
	read_row(f->s, 2, &r);
	assert_string_equal(r.prev, first);
	assert_string_equal(r.hash, want);
}

static void
test_tampered_details_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "UPDATE audit_event SET details = '{\"n\":99}' WHERE seq = 3");
	assert_broken_at(f->s, 3, 2);
}

static void
test_tampered_action_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "UPDATE audit_event SET action = 'test.harmless' WHERE seq = 2");
	assert_broken_at(f->s, 2, 1);
}

static void
test_tampered_time_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "UPDATE audit_event SET at = at - 86400 WHERE seq = 4");
	assert_broken_at(f->s, 4, 3);
}

static void
test_tampered_actor_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "UPDATE audit_event SET actor_id = NULL WHERE seq = 5");
	assert_broken_at(f->s, 5, 4);
}

static void
test_deleted_middle_row_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "DELETE FROM audit_event WHERE seq = 3");
	/* seq 1 and 2 still check out; the gap shows at the next row. */
	assert_broken_at(f->s, 4, 2);
}

static void
test_reordered_seq_detected(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	tamper(f->path, "UPDATE audit_event SET seq = -2 WHERE seq = 2;"
	                "UPDATE audit_event SET seq = 2 WHERE seq = 3;"
	                "UPDATE audit_event SET seq = 3 WHERE seq = -2;");
	assert_broken_at(f->s, 2, 1);
}

static void
test_rehashed_row_breaks_next_link(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	/* A forger who rewrites event 3 and recomputes its own hash correctly still breaks
	 * event 4, whose prev_hash names the original. */
	struct row r2;
	read_row(f->s, 2, &r2);
	char forged[65], sql[400], ref[72], canon[200];
	details_ref(ref, f->s, 3, "{\"n\":99}");
	snprintf(canon, sizeof canon, "[3,1800000003,3,\"test.e3\",\"test:3\",\"%s\"]", ref);
	expected_hash(forged, r2.hash, canon);
	snprintf(
	    sql, sizeof sql,
	    "UPDATE audit_event SET details = '{\"n\":99}', details_digest = '%s', hash = '%s' "
	    "WHERE seq = 3",
	    ref + 7, forged);
	tamper(f->path, sql);
	assert_broken_at(f->s, 4, 3);
}

/* ---- events from before migration 030, and erasure ---- */

static const struct store_query q_legacy_insert = {
    "t_audit_legacy_insert", "INSERT INTO audit_event(seq, at, actor_id, action, object, "
                             "details, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};
static const struct store_query q_head_set = {
    "t_audit_head_set", "UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1"};

/* Event seq as the code before migration 030 wrote it: hashed over its details. */
static void
legacy_event(struct store *s, int64_t seq, const char *prev, const char *details, char hash[65])
{
	json_t *arr = json_pack("[I,I,I,s,s,s]", (json_int_t)seq, (json_int_t)(T0 + seq), 1,
	                        "user.create", "user:1", details);
	char *canon = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
	expected_hash(hash, prev, canon);
	free(canon);
	json_decref(arr);
	struct stmt *st = store_stmt(s, &q_legacy_insert);
	stmt_bind_int(st, 1, seq);
	stmt_bind_int(st, 2, T0 + seq);
	stmt_bind_int(st, 3, 1);
	stmt_bind_text(st, 4, "user.create");
	stmt_bind_text(st, 5, "user:1");
	stmt_bind_text(st, 6, details);
	stmt_bind_text(st, 7, prev);
	stmt_bind_text(st, 8, hash);
	assert_int_equal(stmt_exec(st), STORE_OK);
	st = store_stmt(s, &q_head_set);
	stmt_bind_int(st, 1, seq);
	stmt_bind_text(st, 2, hash);
	assert_int_equal(stmt_exec(st), STORE_OK);
}

/* Two legacy events (1 names Anna), then two new ones (3 names her). */
static void
mixed_chain(struct store *s)
{
	char h1[65], h2[65];
	legacy_event(s, 1, ZEROS, "{\"email\":\"anna@example.org\",\"name\":\"Anna Bauer\"}", h1);
	legacy_event(s, 2, h1, "{\"email\":\"bernd@example.org\",\"name\":\"Bernd\"}", h2);
	time_set_fake(T0 + 3);
	assert_int_equal(logged(s, 0, "mail.sent", "outbox:1",
	                        json_pack("{s:i,s:s}", "id", 1, "to", "Anna@Example.org")),
	                 0);
	time_set_fake(T0 + 4);
	assert_int_equal(
	    logged(s, 1, "user.profile", "user:2", json_pack("{s:s}", "name", "Bernd")), 0);
}

struct erase_args {
	bool record_legacy;
	int erased;
};

static int
erase_body(struct store *s, void *arg)
{
	struct erase_args *e = arg;
	json_t *legacy = json_object();
	e->erased = audit_erase_naming(s, "ANNA@example.org", "Anna Bauer", legacy);
	json_t *details = json_pack("{s:i}", "audit_events", e->erased);
	if (e->record_legacy)
		json_object_set(details, "legacy", legacy);
	json_decref(legacy);
	return e->erased >= 0 && audit_log(s, 1, "user.erased", "user:1", details) == 0 ? STORE_OK
	                                                                                : STORE_ERR;
}

static int
erase_juergen(struct store *s, void *arg)
{
	int *n = arg;
	json_t *legacy = json_object();
	*n = audit_erase_naming(s, "juergen@example.org", "Jürgen Groß", legacy);
	json_decref(legacy);
	return *n >= 0 ? STORE_OK : STORE_ERR;
}

static void
test_erasure_finds_an_escaped_name(void **state)
{
	struct fixture *f = *state;
	/* Details escape non-ASCII (J\u00FCrgen Gro\u00DF): the name is found all the same,
	 * as a whole value only; the address also inside a longer string. */
	assert_int_equal(
	    logged(f->s, 1, "user.profile", "user:1", json_pack("{s:s}", "name", "Jürgen Groß")),
	    0);
	assert_int_equal(logged(f->s, 1, "user.profile", "user:2",
	                        json_pack("{s:s}", "name", "Jürgen Großmann")),
	                 0);
	assert_int_equal(logged(f->s, 0, "mail.sent", "outbox:1",
	                        json_pack("{s:s}", "to", "Jürgen <JUERGEN@example.org>")),
	                 0);
	int n = -1;
	assert_int_equal(store_tx(f->s, erase_juergen, &n), STORE_OK);
	assert_int_equal(n, 2);
	struct row r;
	read_row(f->s, 1, &r);
	assert_string_equal(r.details, AUDIT_ERASED);
	read_row(f->s, 2, &r);
	assert_string_equal(r.details, "{\"name\":\"J\\u00FCrgen Gro\\u00DFmann\"}");
	read_row(f->s, 3, &r);
	assert_string_equal(r.details, AUDIT_ERASED);
	assert_int_equal(audit_verify(f->s, NULL), 0);
}

static void
test_legacy_events_still_verify(void **state)
{
	struct fixture *f = *state;
	mixed_chain(f->s);
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	assert_int_equal(checked, 4);
	/* A legacy event changed is found as before. */
	tamper(f->path, "UPDATE audit_event SET details = '{}' WHERE seq = 2");
	assert_broken_at(f->s, 2, 1);
}

static void
test_erasure_keeps_the_chain_verifying(void **state)
{
	struct fixture *f = *state;
	mixed_chain(f->s);
	struct erase_args e = {true, 0};
	assert_int_equal(store_tx(f->s, erase_body, &e), STORE_OK);
	assert_int_equal(e.erased, 2); /* seq 1 (legacy) and 3; not Bernd's */
	struct row r;
	read_row(f->s, 1, &r);
	assert_string_equal(r.details, AUDIT_ERASED);
	read_row(f->s, 3, &r);
	assert_string_equal(r.details, AUDIT_ERASED);
	read_row(f->s, 4, &r);
	assert_string_equal(r.details, "{\"name\":\"Bernd\"}");
	/* The salt of the erased new event is gone: its digest ties to no guess any more. */
	struct stmt *st = store_stmt(f->s, &q_salt);
	stmt_bind_int(st, 1, 3);
	assert_int_equal(stmt_step(st), STORE_DONE);
	stmt_done(st);
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	assert_int_equal(checked, 5);
	/* An erased legacy event's other fields are held by the erasure's record. */
	tamper(f->path, "UPDATE audit_event SET action = 'user.harmless' WHERE seq = 1");
	assert_broken_at(f->s, 1, 0);
}

static void
test_erased_legacy_event_needs_its_record(void **state)
{
	struct fixture *f = *state;
	mixed_chain(f->s);
	struct erase_args e = {false, 0};
	assert_int_equal(store_tx(f->s, erase_body, &e), STORE_OK);
	assert_broken_at(f->s, 1, 0);
}

static void
test_erasure_marker_needs_the_salt_gone(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	/* The marker while the salt exists: the details no longer match their digest. */
	tamper(f->path, "UPDATE audit_event SET details = '{\"erased\":true}' WHERE seq = 2");
	assert_broken_at(f->s, 2, 1);
}

static void
test_salt_gone_without_the_marker_is_broken(void **state)
{
	struct fixture *f = *state;
	append_five(f->s);
	/* Deleting a salt to hide a change of the details does not pass either. */
	tamper(f->path, "UPDATE audit_event SET details = '{\"n\":99}' WHERE seq = 4;"
	                "DELETE FROM audit_salt WHERE seq = 4");
	assert_broken_at(f->s, 4, 3);
}

/* Five events for the list tests:
 *   1 user.create         user:1          by Anna (1)
 *   2 user.roles          user:2          by Anna (1)
 *   3 organisation.create organisation:1  by Bernd (2)
 *   4 user.password       user:1          by Bernd (2)
 *   5 mail.sent           outbox:1        by the system */
static void
append_list_events(struct store *s)
{
	add_user_row(s, 1, "anna@example.org", "Anna");
	add_user_row(s, 2, "bernd@example.org", "Bernd");
	const struct {
		int64_t actor;
		const char *action, *object;
	} ev[] = {{1, "user.create", "user:1"},
	          {1, "user.roles", "user:2"},
	          {2, "organisation.create", "organisation:1"},
	          {2, "user.password", "user:1"},
	          {0, "mail.sent", "outbox:1"}};
	for (int i = 0; i < 5; i++) {
		time_set_fake(T0 + 100 * (i + 1));
		assert_int_equal(logged(s, ev[i].actor, ev[i].action, ev[i].object, NULL), 0);
	}
}

static void
assert_seqs(const struct audit_event *ev, size_t n, const int64_t *want, size_t nwant)
{
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ev[i].seq, want[i]);
}

static void
test_list_all_newest_first(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter all = {0};
	size_t n = audit_list(f->s, &f->a, &all, ev, 10, 0, &total);
	assert_int_equal(total, 5);
	assert_seqs(ev, n, (const int64_t[]){5, 4, 3, 2, 1}, 5);
	assert_int_equal(ev[0].at, T0 + 500);
	assert_int_equal(ev[0].actor_id, 0);
	assert_string_equal(ev[0].actor_name, "");
	assert_string_equal(ev[0].action, "mail.sent");
	assert_string_equal(ev[0].object, "outbox:1");
	assert_string_equal(ev[0].details, "{}");
	assert_int_equal(ev[1].actor_id, 2);
	assert_string_equal(ev[1].actor_name, "Bernd");
	assert_int_equal(ev[4].at, T0 + 100);
	assert_string_equal(ev[4].actor_name, "Anna");
	assert_int_equal(strlen(ev[4].hash), 64);
}

static void
test_list_pages_keep_total(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter all = {0};
	size_t n = audit_list(f->s, &f->a, &all, ev, 2, 1, &total);
	assert_int_equal(total, 5);
	assert_seqs(ev, n, (const int64_t[]){4, 3}, 2);
	n = audit_list(f->s, &f->a, &all, ev, 2, 4, &total);
	assert_int_equal(total, 5);
	assert_seqs(ev, n, (const int64_t[]){1}, 1);
	n = audit_list(f->s, &f->a, &all, ev, 2, 5, &total);
	assert_int_equal(total, 5);
	assert_int_equal(n, 0);
}

static void
test_list_action_prefix(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter by_action = {.action = "user."};
	size_t n = audit_list(f->s, &f->a, &by_action, ev, 10, 0, &total);
	assert_int_equal(total, 3);
	assert_seqs(ev, n, (const int64_t[]){4, 2, 1}, 3);

	struct audit_filter exact = {.action = "user.roles"};
	n = audit_list(f->s, &f->a, &exact, ev, 10, 0, &total);
	assert_int_equal(total, 1);
	assert_seqs(ev, n, (const int64_t[]){2}, 1);

	struct audit_filter none = {.action = "users"};
	n = audit_list(f->s, &f->a, &none, ev, 10, 0, &total);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

static void
test_list_object_exact(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter by_object = {.object = "user:1"};
	size_t n = audit_list(f->s, &f->a, &by_object, ev, 10, 0, &total);
	assert_int_equal(total, 2);
	assert_seqs(ev, n, (const int64_t[]){4, 1}, 2);

	/* Exact, not a prefix. */
	struct audit_filter prefix = {.object = "user:"};
	n = audit_list(f->s, &f->a, &prefix, ev, 10, 0, &total);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
}

static void
test_list_actor(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter by_actor = {.actor_id = 2};
	size_t n = audit_list(f->s, &f->a, &by_actor, ev, 10, 0, &total);
	assert_int_equal(total, 2);
	assert_seqs(ev, n, (const int64_t[]){4, 3}, 2);
	assert_string_equal(ev[0].actor_name, "Bernd");
}

static void
test_list_filters_combine(void **state)
{
	struct fixture *f = *state;
	append_list_events(f->s);
	struct audit_event ev[10];
	size_t total = 0;
	struct audit_filter both = {.action = "user.", .actor_id = 1};
	size_t n = audit_list(f->s, &f->a, &both, ev, 10, 0, &total);
	assert_int_equal(total, 2);
	assert_seqs(ev, n, (const int64_t[]){2, 1}, 2);

	struct audit_filter all3 = {.action = "user.", .object = "user:1", .actor_id = 2};
	n = audit_list(f->s, &f->a, &all3, ev, 10, 0, &total);
	assert_int_equal(total, 1);
	assert_seqs(ev, n, (const int64_t[]){4}, 1);
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_empty_chain_is_intact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_append_verifies_with_count, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_first_prev_hash_is_zeros, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_each_prev_hash_links_to_previous, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_known_first_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_known_hash_system_actor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_known_second_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_details_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_action_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_time_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tampered_actor_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deleted_middle_row_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reordered_seq_detected, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rehashed_row_breaks_next_link, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erasure_finds_an_escaped_name, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_legacy_events_still_verify, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_erasure_keeps_the_chain_verifying, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_erased_legacy_event_needs_its_record, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_erasure_marker_needs_the_salt_gone, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_salt_gone_without_the_marker_is_broken, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_list_all_newest_first, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_pages_keep_total, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_action_prefix, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_object_exact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_actor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_list_filters_combine, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

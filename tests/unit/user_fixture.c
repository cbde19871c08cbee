/* The fixture and helpers of the account tests (user_fixture.h). */
#include "user_fixture.h"
#include "domain/audit.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <setjmp.h>
#include <cmocka.h>

const struct store_query q_session_count = {"t_user_session_count",
                                            "SELECT count(*) FROM session WHERE user_id = ?1"};
const struct store_query q_updated_at = {"t_user_updated_at",
                                         "SELECT updated_at FROM user_account WHERE id = ?1"};

/* The database "user", quiet log, PWHASH_MIN, the clock at T0. */
int
user_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	user_set_pwhash_cost(PWHASH_MIN);
	temp_db_open(&f->s, f->path, sizeof f->path, "user");
	time_set_fake(T0);
	*state = f;
	return 0;
}

/* Checks the audit chain, then removes the database and resets the clock. */
int
user_teardown(void **state)
{
	struct fixture *f = *state;
	/* Every test leaves an intact chain behind. */
	temp_db_end(f->s, f->path, &f->a);
	free(f);
	return 0;
}

/* anna@example.org, a submitter with PASSWORD, created by ADMIN. */
int64_t
create_anna(struct fixture *f)
{
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", PASSWORD,
	                         ROLE_SUBMITTER, 0);
	assert_true(id > 0);
	return id;
}

/* How many events with this action (a prefix) the user has in the audit log. */
size_t
events(struct fixture *f, int64_t user_id, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	audit_list(f->s, &f->a, &filter, ev, 1, 0, &total);
	return total;
}

/* The newest event of the user with this action; fails when there is none. */
struct audit_event
last_event(struct fixture *f, int64_t user_id, const char *action)
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	struct audit_filter filter = {.action = action, .object = obj};
	struct audit_event ev[1];
	size_t total = 0;
	assert_int_equal(audit_list(f->s, &f->a, &filter, ev, 1, 0, &total), 1);
	return ev[0];
}

/* The integer the one-row query q gives for ?1 = id. */
int64_t
int_of(struct store *s, const struct store_query *q, int64_t id)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t v = stmt_int(st, 0);
	stmt_done(st);
	return v;
}

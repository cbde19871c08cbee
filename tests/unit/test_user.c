/* Accounts: creation, passwords, roles, profile and organisation changes with their audit. */
#include "domain/audit.h"
#include "domain/organisation.h"
#include "domain/session.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#define T0 1800000000 /* Fri, 15 Jan 2027 08:00:00 UTC */
#define ADMIN 99      /* the acting administrator in audit events */
#define PASSWORD "korrekt Pferd Batterie"

static const struct store_query q_password_hash = {
    "t_user_password_hash", "SELECT password_hash FROM user_account WHERE id = ?1"};
static const struct store_query q_session_count = {
    "t_user_session_count", "SELECT count(*) FROM session WHERE user_id = ?1"};
static const struct store_query q_updated_at = {
    "t_user_updated_at", "SELECT updated_at FROM user_account WHERE id = ?1"};

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
	user_set_pwhash_cost(PWHASH_MIN);
	temp_db_open(&f->s, f->path, sizeof f->path, "user");
	time_set_fake(T0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	/* Every test leaves an intact chain behind. */
	int64_t checked = 0;
	assert_int_equal(audit_verify(f->s, &checked), 0);
	temp_db_close(f->s, f->path);
	arena_free(&f->a);
	time_set_fake(0);
	free(f);
	return 0;
}

static int64_t
create_anna(struct fixture *f)
{
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", PASSWORD,
	                         ROLE_SUBMITTER, 0);
	assert_true(id > 0);
	return id;
}

/* How many events with this action (a prefix) the user has in the audit log. */
static size_t
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
static struct audit_event
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

static int64_t
int_of(struct store *s, const struct store_query *q, int64_t id)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t v = stmt_int(st, 0);
	stmt_done(st);
	return v;
}

/* ---- creating and finding ---- */

TX_TEST(test_create_and_find)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", PASSWORD,
	                         ROLE_ADMIN | ROLE_SUBMITTER, 0);
	assert_true(id > 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.id, id);
	assert_string_equal(u.email, "anna@example.org");
	assert_string_equal(u.name, "Anna Schmidt");
	assert_int_equal(u.roles, ROLE_ADMIN | ROLE_SUBMITTER);
	assert_true(u.active);
	assert_int_equal(u.locale, LANG_DE);
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.organisation_name, "");
	assert_string_equal(u.constituency, "");
	assert_false(user_find_by_id(f->s, &f->a, id + 1, &u));
}

TX_TEST(test_find_by_email_ignores_case)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct user u;
	assert_true(user_find_by_email(f->s, &f->a, "Anna@Example.ORG", &u));
	assert_int_equal(u.id, id);
	assert_false(user_find_by_email(f->s, &f->a, "anna@example.com", &u));
}

TX_TEST(test_create_writes_audit_event)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna Schmidt", NULL,
	                         ROLE_SUBMITTER | ROLE_ADMIN, 0);
	assert_true(id > 0);
	assert_int_equal(events(f, id, ""), 1);
	struct audit_event e = last_event(f, id, "user.create");
	assert_int_equal(e.actor_id, ADMIN);
	assert_int_equal(e.at, T0);
	assert_string_equal(e.details, "{\"email\":\"anna@example.org\",\"name\":\"Anna Schmidt\","
	                               "\"organisation\":0,\"roles\":[\"admin\",\"submitter\"]}");
}

TX_TEST(test_create_duplicate_email)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(
	    user_create(f->s, ADMIN, "ANNA@Example.org", "Other Anna", PASSWORD, ROLE_BOARD, 0), 0);
	assert_int_equal(user_count(f->s), 1);
	struct audit_filter all = {.action = "user.create"};
	struct audit_event ev[4];
	size_t total = 0;
	audit_list(f->s, &f->a, &all, ev, 4, 0, &total);
	assert_int_equal(total, 1);
	/* The first account is untouched. */
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_string_equal(u.name, "Anna Schmidt");
	assert_int_equal(u.roles, ROLE_SUBMITTER);
}

TX_TEST(test_create_unknown_organisation_is_error)
{
	struct fixture *f = *state;
	/* Not "e-mail taken" (0): the address is free, the organisation does not exist. */
	assert_int_equal(
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, 4711),
	    -1);
	assert_int_equal(user_count(f->s), 0);
}

TX_TEST(test_create_with_organisation)
{
	struct fixture *f = *state;
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "HH");
	assert_true(org > 0);
	int64_t id =
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, org);
	assert_true(id > 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, org);
	assert_string_equal(u.organisation_name, "Netzwerk Nord");
}

TX_TEST(test_password_stored_as_argon2id)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct stmt *st = store_stmt(f->s, &q_password_hash);
	stmt_bind_int(st, 1, id);
	assert_int_equal(stmt_step(st), STORE_ROW);
	const char *hash = stmt_text(st, 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_null(strstr(hash, PASSWORD));
	stmt_done(st);
}

/* ---- checking passwords ---- */

TX_TEST(test_password_right)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	struct user u;
	assert_true(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
	assert_int_equal(u.id, id);
	assert_true(user_check_password(f->s, &f->a, "ANNA@example.org", PASSWORD, &u));
}

TX_TEST(test_password_wrong)
{
	struct fixture *f = *state;
	create_anna(f);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "korrekt Pferd", &u));
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "", &u));
	assert_false(
	    user_check_password(f->s, &f->a, "anna@example.org", "Korrekt Pferd Batterie", &u));
}

TX_TEST(test_password_unknown_user)
{
	struct fixture *f = *state;
	create_anna(f);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "bernd@example.org", PASSWORD, &u));
}

TX_TEST(test_password_inactive_user)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

TX_TEST(test_password_not_set_yet)
{
	struct fixture *f = *state;
	int64_t id = user_create(f->s, ADMIN, "anna@example.org", "Anna", NULL, ROLE_BOARD, 0);
	assert_true(id > 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", "", &u));
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

/* ---- changing passwords ---- */

TX_TEST(test_set_password_replaces_old)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	struct user u;
	assert_false(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
	assert_true(
	    user_check_password(f->s, &f->a, "anna@example.org", "ein ganz neues Passwort", &u));
}

TX_TEST(test_set_password_ends_sessions)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t bernd =
	    user_create(f->s, ADMIN, "bernd@example.org", "Bernd", PASSWORD, ROLE_BOARD, 0);
	char a1[65], a2[65], b1[65];
	assert_int_equal(session_create(f->s, id, a1), 0);
	assert_int_equal(session_create(f->s, id, a2), 0);
	assert_int_equal(session_create(f->s, bernd, b1), 0);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	assert_int_equal(session_lookup(f->s, a1), 0);
	assert_int_equal(session_lookup(f->s, a2), 0);
	assert_int_equal(int_of(f->s, &q_session_count, id), 0);
	assert_int_equal(session_lookup(f->s, b1), bernd);
}

TX_TEST(test_set_password_audit)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	time_set_fake(T0 + 3600);
	assert_int_equal(user_set_password(f->s, id, id, "ein ganz neues Passwort"), 0);
	assert_int_equal(events(f, id, "user.password"), 1);
	struct audit_event e = last_event(f, id, "user.password");
	assert_int_equal(e.actor_id, id);
	assert_int_equal(e.at, T0 + 3600);
	assert_string_equal(e.details, "{}"); /* never the password, nor its hash */
	assert_int_equal(int_of(f->s, &q_updated_at, id), T0 + 3600);
}

TX_TEST(test_set_password_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_password(f->s, ADMIN, 4711, "ein ganz neues Passwort"), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

/* ---- roles ---- */

static void
test_roles_parse(void **state)
{
	unsigned roles = 99;
	assert_true(user_roles_parse("admin", &roles));
	assert_int_equal(roles, 1);
	assert_true(user_roles_parse("admin,board", &roles));
	assert_int_equal(roles, 3);
	assert_true(user_roles_parse("submitter, board", &roles));
	assert_int_equal(roles, 6);
	assert_true(user_roles_parse(" admin ,, submitter,board,admin ", &roles));
	assert_int_equal(roles, 7);
	assert_true(user_roles_parse("", &roles));
	assert_int_equal(roles, 0);
}

static void
test_roles_parse_refuses_unknown(void **state)
{
	unsigned roles = 0;
	assert_false(user_roles_parse("admin,root", &roles));
	assert_false(user_roles_parse("Admin", &roles));
	assert_false(user_roles_parse("admin;board", &roles));
	assert_false(user_roles_parse("boards", &roles));
}

static void
test_roles_parse_refuses_long_list(void **state)
{
	unsigned roles = 0;
	/* 180 characters, longer than any real list: refused rather than cut short. */
	char list[200];
	memset(list, 0, sizeof list);
	for (int i = 0; i < 30; i++)
		strcat(list, "admin,");
	assert_false(user_roles_parse(list, &roles));
}

static void
test_role_names(void **state)
{
	assert_int_equal(user_role_from_name("admin"), ROLE_ADMIN);
	assert_int_equal(user_role_from_name("board"), ROLE_BOARD);
	assert_int_equal(user_role_from_name("submitter"), ROLE_SUBMITTER);
	assert_int_equal(user_role_from_name("root"), 0);
	assert_int_equal(user_role_from_name(""), 0);
	assert_string_equal(user_role_name(ROLE_ADMIN), "admin");
	assert_string_equal(user_role_name(ROLE_BOARD), "board");
	assert_string_equal(user_role_name(ROLE_SUBMITTER), "submitter");
	assert_string_equal(user_role_name(ROLE_ADMIN | ROLE_BOARD), ""); /* one role only */
	assert_string_equal(user_role_name(0), "");
}

TX_TEST(test_set_roles)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_roles(f->s, ADMIN, id, ROLE_BOARD | ROLE_ADMIN), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.roles, ROLE_ADMIN | ROLE_BOARD); /* submitter is gone */
	assert_int_equal(events(f, id, "user.roles"), 1);
	struct audit_event e = last_event(f, id, "user.roles");
	assert_int_equal(e.actor_id, ADMIN);
	assert_string_equal(e.details, "{\"roles\":[\"admin\",\"board\"]}");
}

TX_TEST(test_set_roles_none)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_roles(f->s, ADMIN, id, 0), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.roles, 0);
	assert_string_equal(last_event(f, id, "user.roles").details, "{\"roles\":[]}");
}

/* ---- activation ---- */

TX_TEST(test_deactivate_ends_sessions)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	char tok[65];
	assert_int_equal(session_create(f->s, id, tok), 0);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	assert_int_equal(int_of(f->s, &q_session_count, id), 0);
	assert_int_equal(session_lookup(f->s, tok), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_false(u.active);
}

TX_TEST(test_set_active_audit)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	assert_int_equal(user_set_active(f->s, ADMIN, id, false), 0);
	assert_int_equal(user_set_active(f->s, ADMIN, id, true), 0);
	assert_int_equal(events(f, id, "user.deactivate"), 1);
	assert_int_equal(events(f, id, "user.activate"), 1);
	assert_int_equal(events(f, id, "user."), 3); /* with user.create */
	assert_int_equal(last_event(f, id, "").seq, last_event(f, id, "user.activate").seq);
	struct user u;
	assert_true(user_check_password(f->s, &f->a, "anna@example.org", PASSWORD, &u));
}

TX_TEST(test_set_active_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_active(f->s, ADMIN, 4711, false), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

/* ---- profile and organisation ---- */

TX_TEST(test_set_profile)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	time_set_fake(T0 + 60);
	assert_int_equal(user_set_profile(f->s, id, id, "Anna Meier", LANG_EN), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_string_equal(u.name, "Anna Meier");
	assert_int_equal(u.locale, LANG_EN);
	assert_int_equal(int_of(f->s, &q_updated_at, id), T0 + 60);
	assert_int_equal(events(f, id, "user.profile"), 1);
	assert_string_equal(last_event(f, id, "user.profile").details,
	                    "{\"locale\":\"en\",\"name\":\"Anna Meier\"}");
}

TX_TEST(test_set_profile_unknown_user)
{
	struct fixture *f = *state;
	assert_int_equal(user_set_profile(f->s, ADMIN, 4711, "Niemand", LANG_DE), -1);
	assert_int_equal(events(f, 4711, ""), 0);
}

TX_TEST(test_set_organisation)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t org = organisation_create(f->s, ADMIN, "Stiftung Licht", "SL", "funder", 0, "");
	assert_true(org > 0);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org, "funder"), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, org);
	assert_string_equal(u.organisation_name, "Stiftung Licht");
	assert_string_equal(u.constituency, "funder");
	assert_int_equal(events(f, id, "user.organisation"), 1);
	char want[80];
	snprintf(want, sizeof want, "{\"constituency\":\"funder\",\"organisation\":%lld}",
	         (long long)org);
	assert_string_equal(last_event(f, id, "user.organisation").details, want);
}

TX_TEST(test_set_organisation_none)
{
	struct fixture *f = *state;
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "");
	int64_t id =
	    user_create(f->s, ADMIN, "anna@example.org", "Anna", PASSWORD, ROLE_SUBMITTER, org);
	assert_true(id > 0);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, 0, NULL), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.organisation_name, "");
	assert_string_equal(u.constituency, "");
	assert_string_equal(last_event(f, id, "user.organisation").details,
	                    "{\"constituency\":\"\",\"organisation\":0}");
}

TX_TEST(test_set_organisation_refuses_bad_values)
{
	struct fixture *f = *state;
	int64_t id = create_anna(f);
	int64_t org = organisation_create(f->s, ADMIN, "Netzwerk Nord", "NN", "network", 0, "");
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org, "shareholders"), -1);
	assert_int_equal(user_set_organisation(f->s, ADMIN, id, org + 1, ""), -1);
	assert_int_equal(events(f, id, "user.organisation"), 0);
	struct user u;
	assert_true(user_find_by_id(f->s, &f->a, id, &u));
	assert_int_equal(u.organisation_id, 0);
	assert_string_equal(u.constituency, "");
}

/* ---- listing ---- */

TX_TEST(test_list_by_name)
{
	struct fixture *f = *state;
	assert_true(user_create(f->s, ADMIN, "c@example.org", "cem", NULL, ROLE_BOARD, 0) > 0);
	assert_true(user_create(f->s, ADMIN, "a@example.org", "Berta", NULL, ROLE_BOARD, 0) > 0);
	assert_true(user_create(f->s, ADMIN, "b@example.org", "anton", NULL, ROLE_BOARD, 0) > 0);
	assert_int_equal(user_count(f->s), 3);
	struct user u[4];
	assert_int_equal(user_list(f->s, &f->a, u, 4, 0), 3);
	assert_string_equal(u[0].name, "anton");
	assert_string_equal(u[1].name, "Berta");
	assert_string_equal(u[2].name, "cem");
	assert_int_equal(user_list(f->s, &f->a, u, 1, 2), 1);
	assert_string_equal(u[0].name, "cem");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_create_and_find),
	    T(test_find_by_email_ignores_case),
	    T(test_create_writes_audit_event),
	    T(test_create_duplicate_email),
	    T(test_create_unknown_organisation_is_error),
	    T(test_create_with_organisation),
	    T(test_password_stored_as_argon2id),
	    T(test_password_right),
	    T(test_password_wrong),
	    T(test_password_unknown_user),
	    T(test_password_inactive_user),
	    T(test_password_not_set_yet),
	    T(test_set_password_replaces_old),
	    T(test_set_password_ends_sessions),
	    T(test_set_password_audit),
	    T(test_set_password_unknown_user),
	    cmocka_unit_test(test_roles_parse),
	    cmocka_unit_test(test_roles_parse_refuses_unknown),
	    cmocka_unit_test(test_roles_parse_refuses_long_list),
	    cmocka_unit_test(test_role_names),
	    T(test_set_roles),
	    T(test_set_roles_none),
	    T(test_deactivate_ends_sessions),
	    T(test_set_active_audit),
	    T(test_set_active_unknown_user),
	    T(test_set_profile),
	    T(test_set_profile_unknown_user),
	    T(test_set_organisation),
	    T(test_set_organisation_none),
	    T(test_set_organisation_refuses_bad_values),
	    T(test_list_by_name),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

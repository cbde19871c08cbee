/* Accounts and roles. Passwords are hashed with argon2id (libsodium). */
#include "domain/user.h"
#include "domain/audit.h"
#include "domain/session.h"
#include "search/search.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <string.h>

static enum pwhash_cost pw_cost = PWHASH_INTERACTIVE;

void
user_set_pwhash_cost(enum pwhash_cost cost)
{
	pw_cost = cost;
}

static const struct {
	const char *name;
	unsigned bit;
} role_names[] = {{"admin", ROLE_ADMIN}, {"board", ROLE_BOARD}, {"submitter", ROLE_SUBMITTER}};

unsigned
user_role_from_name(const char *name)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(role_names[i].name, name) == 0)
			return role_names[i].bit;
	return 0;
}

const char *
user_role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (role_names[i].bit == role)
			return role_names[i].name;
	return "";
}

bool
user_roles_parse(const char *list, unsigned *roles)
{
	char tmp[128];
	if (strlen(list) >= sizeof tmp)
		return false;
	strcpy(tmp, list);
	*roles = 0;
	char *save = NULL;
	for (char *t = strtok_r(tmp, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		unsigned bit = user_role_from_name(t);
		if (!bit)
			return false;
		*roles |= bit;
	}
	return true;
}

static int
hash_password(char out[crypto_pwhash_STRBYTES], const char *password)
{
	unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (pw_cost == PWHASH_MODERATE) {
		ops = crypto_pwhash_OPSLIMIT_MODERATE;
		mem = crypto_pwhash_MEMLIMIT_MODERATE;
	} else if (pw_cost == PWHASH_MIN) {
		ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
		mem = 8192;
	}
	return crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
	                             crypto_pwhash_ALG_ARGON2ID13);
}

static const struct store_query q_insert = {
    "user_insert",
    "INSERT INTO user_account(email, name, password_hash, organisation_id, "
    "created_at, updated_at, name_sort) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) RETURNING id"};
static const struct store_query q_role_add = {
    "user_role_add", "INSERT INTO user_role(user_id, role) VALUES (?1, ?2) ON CONFLICT DO NOTHING"};
static const struct store_query q_role_clear = {"user_role_clear",
                                                "DELETE FROM user_role WHERE user_id = ?1"};

/* A user's roles as one integer of ROLE_* bits, summed in SQL over the (distinct: the
 * primary key) rows of user_role — rather than a list to parse, which SQLite and
 * PostgreSQL would each aggregate with a function of their own. */
#define ROLE_BITS "CASE r.role WHEN 'admin' THEN 1 WHEN 'board' THEN 2 WHEN 'submitter' THEN 4 END"
_Static_assert(ROLE_ADMIN == 1 && ROLE_BOARD == 2 && ROLE_SUBMITTER == 4, "ROLE_BITS");

#define USER_COLUMNS                                                                               \
	"u.id, u.email, u.name, u.locale, coalesce(u.organisation_id, 0), "                        \
	"coalesce(o.name, ''), u.constituency, u.active, "                                         \
	"(SELECT coalesce(sum(" ROLE_BITS "), 0) FROM user_role r WHERE r.user_id = u.id), "       \
	"u.password_hash "                                                                         \
	"FROM user_account u LEFT JOIN organisation o ON o.id = u.organisation_id "

static const struct store_query q_by_email = {"user_by_email",
                                              "SELECT " USER_COLUMNS "WHERE u.email = ?1"};
static const struct store_query q_by_id = {"user_by_id", "SELECT " USER_COLUMNS "WHERE u.id = ?1"};
static const struct store_query q_list = {
    "user_list", "SELECT " USER_COLUMNS "ORDER BY u.name_sort, u.id LIMIT ?1 OFFSET ?2"};
static const struct store_query q_count = {"user_count", "SELECT count(*) FROM user_account"};
static const struct store_query q_office = {
    "user_list_office", "SELECT " USER_COLUMNS "WHERE u.active = 1 AND EXISTS (SELECT 1 FROM "
                        "user_role x WHERE x.user_id = u.id AND x.role = 'admin') "
                        "ORDER BY u.name_sort, u.id LIMIT ?1"};

static void
read_user(struct stmt *st, struct arena *a, struct user *u)
{
	u->id = stmt_int(st, 0);
	u->email = arena_strdup(a, stmt_text(st, 1));
	u->name = arena_strdup(a, stmt_text(st, 2));
	u->locale = strcmp(stmt_text(st, 3), "en") == 0 ? LANG_EN : LANG_DE;
	u->organisation_id = stmt_int(st, 4);
	u->organisation_name = arena_strdup(a, stmt_text(st, 5));
	u->constituency = arena_strdup(a, stmt_text(st, 6));
	u->active = stmt_int(st, 7) != 0;
	u->roles = (unsigned)stmt_int(st, 8) & ROLE_ALL;
}

static int
add_roles(struct store *s, int64_t id, unsigned roles)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++) {
		if (!(roles & role_names[i].bit))
			continue;
		struct stmt *st = store_stmt(s, &q_role_add);
		stmt_bind_int(st, 1, id);
		stmt_bind_text(st, 2, role_names[i].name);
		if (stmt_exec(st) != STORE_OK)
			return -1;
	}
	return 0;
}

static json_t *
roles_json(unsigned roles)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (roles & role_names[i].bit)
			json_array_append_new(arr, json_string(role_names[i].name));
	return arr;
}

static const struct store_query q_email_taken = {
    "user_email_taken", "SELECT count(*) FROM user_account WHERE email = ?1"};

static bool
email_taken(struct store *s, const char *email)
{
	struct stmt *st = store_stmt(s, &q_email_taken);
	stmt_bind_text(st, 1, email);
	bool taken = stmt_step(st) == STORE_ROW && stmt_int(st, 0) > 0;
	stmt_done(st);
	return taken;
}

int64_t
user_create(struct store *s, int64_t actor, const char *email, const char *name,
            const char *password, unsigned roles, int64_t organisation_id)
{
	store_assert_tx(s);
	char hash[crypto_pwhash_STRBYTES] = "";
	if (password && hash_password(hash, password) != 0)
		return -1;
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, email);
	stmt_bind_text(st, 2, name);
	stmt_bind_text(st, 3, hash);
	if (organisation_id)
		stmt_bind_int(st, 4, organisation_id);
	stmt_bind_int(st, 5, time_now());
	search_bind_sort_key(st, 6, name);
	int64_t id;
	int rc = stmt_insert(st, &id);
	/* A constraint is also an unknown organisation: only a taken address means 0, or the
	 * caller would tell the person the e-mail is in use. */
	if (rc == STORE_CONSTRAINT)
		return email_taken(s, email) ? 0 : -1;
	if (rc != STORE_OK)
		return -1;
	if (add_roles(s, id, roles) != 0)
		return -1;
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)id);
	if (audit_log(s, actor, "user.create", obj,
	              json_pack("{s:s,s:s,s:o,s:I}", "email", email, "name", name, "roles",
	                        roles_json(roles), "organisation", (json_int_t)organisation_id)) !=
	    0)
		return -1;
	return id;
}

static bool
find_one(struct store *s, struct arena *a, const struct store_query *q, const char *text,
         int64_t id, struct user *u, char *hash, size_t hashlen)
{
	struct stmt *st = store_stmt(s, q);
	if (text)
		stmt_bind_text(st, 1, text);
	else
		stmt_bind_int(st, 1, id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		read_user(st, a, u);
		if (hash)
			snprintf(hash, hashlen, "%s", stmt_text(st, 9));
	}
	stmt_done(st);
	return found;
}

bool
user_find_by_email(struct store *s, struct arena *a, const char *email, struct user *u)
{
	return find_one(s, a, &q_by_email, email, 0, u, NULL, 0);
}

bool
user_find_by_id(struct store *s, struct arena *a, int64_t id, struct user *u)
{
	return find_one(s, a, &q_by_id, NULL, id, u, NULL, 0);
}

bool
user_check_password(struct store *s, struct arena *a, const char *email, const char *password,
                    struct user *u)
{
	char hash[crypto_pwhash_STRBYTES + 1] = "";
	bool found = find_one(s, a, &q_by_email, email, 0, u, hash, sizeof hash);
	if (!found || !hash[0] || !u->active) {
		/* Spend the same effort as a real check, so timing does not reveal accounts. */
		char dummy[crypto_pwhash_STRBYTES];
		hash_password(dummy, password);
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static const struct store_query q_set_pw = {
    "user_set_password",
    "UPDATE user_account SET password_hash = ?2, updated_at = ?3 WHERE id = ?1"};

static int
audit_user(struct store *s, int64_t actor, int64_t user_id, const char *action, json_t *details)
{
	char obj[32];
	snprintf(obj, sizeof obj, "user:%lld", (long long)user_id);
	return audit_log(s, actor, action, obj, details);
}

int
user_set_password(struct store *s, int64_t actor, int64_t user_id, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(hash, password) != 0)
		return -1;
	struct stmt *st = store_stmt(s, &q_set_pw);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_text(st, 2, hash);
	stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	if (session_end_all(s, user_id) != 0)
		return -1;
	return audit_user(s, actor, user_id, "user.password", NULL);
}

static const struct store_query q_set_profile = {
    "user_set_profile",
    "UPDATE user_account SET name = ?2, locale = ?3, updated_at = ?4, name_sort = ?5 WHERE id = "
    "?1"};

int
user_set_profile(struct store *s, int64_t actor, int64_t user_id, const char *name,
                 enum lang locale)
{
	struct stmt *st = store_stmt(s, &q_set_profile);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_text(st, 2, name);
	stmt_bind_text(st, 3, i18n_code(locale));
	stmt_bind_int(st, 4, time_now());
	search_bind_sort_key(st, 5, name);
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_user(s, actor, user_id, "user.profile",
	                  json_pack("{s:s,s:s}", "name", name, "locale", i18n_code(locale)));
}

int
user_set_roles(struct store *s, int64_t actor, int64_t user_id, unsigned roles)
{
	struct stmt *st = store_stmt(s, &q_role_clear);
	stmt_bind_int(st, 1, user_id);
	if (stmt_exec(st) != STORE_OK || add_roles(s, user_id, roles) != 0)
		return -1;
	return audit_user(s, actor, user_id, "user.roles",
	                  json_pack("{s:o}", "roles", roles_json(roles)));
}

static const struct store_query q_set_active = {
    "user_set_active", "UPDATE user_account SET active = ?2, updated_at = ?3 WHERE id = ?1"};

int
user_set_active(struct store *s, int64_t actor, int64_t user_id, bool active)
{
	struct stmt *st = store_stmt(s, &q_set_active);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, active);
	stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	if (!active && session_end_all(s, user_id) != 0)
		return -1;
	return audit_user(s, actor, user_id, active ? "user.activate" : "user.deactivate", NULL);
}

static const struct store_query q_set_org = {
    "user_set_org", "UPDATE user_account SET organisation_id = nullif(?2, 0), "
                    "constituency = ?3, updated_at = ?4 WHERE id = ?1"};

int
user_set_organisation(struct store *s, int64_t actor, int64_t user_id, int64_t org_id,
                      const char *constituency)
{
	struct stmt *st = store_stmt(s, &q_set_org);
	stmt_bind_int(st, 1, user_id);
	stmt_bind_int(st, 2, org_id);
	stmt_bind_text(st, 3, constituency ? constituency : "");
	stmt_bind_int(st, 4, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		return -1;
	return audit_user(s, actor, user_id, "user.organisation",
	                  json_pack("{s:I,s:s}", "organisation", (json_int_t)org_id, "constituency",
	                            constituency ? constituency : ""));
}

size_t
user_list(struct store *s, struct arena *a, struct user *out, size_t max, size_t offset)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, (int64_t)max);
	stmt_bind_int(st, 2, (int64_t)offset);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW)
		read_user(st, a, &out[n++]);
	stmt_done(st);
	return n;
}

size_t
user_list_office(struct store *s, struct arena *a, struct user *out, size_t max)
{
	struct stmt *st = store_stmt(s, &q_office);
	stmt_bind_int(st, 1, (int64_t)max);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW)
		read_user(st, a, &out[n++]);
	stmt_done(st);
	return n;
}

size_t
user_count(struct store *s)
{
	struct stmt *st = store_stmt(s, &q_count);
	size_t n = stmt_step(st) == STORE_ROW ? (size_t)stmt_int(st, 0) : 0;
	stmt_done(st);
	return n;
}

/* Transfer reports: the first form and its confirmation (double opt-in), staff reports,
 * the private link's updates and withdrawal, and the e-mails that go with them. */
#include "domain/transfer.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "domain/practice.h"
#include "domain/session.h"
#include "domain/taxonomy.h"
#include "domain/throttle.h"
#include "domain/transfer_internal.h"
#include "domain/user.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

const char *const transfer_stage_names[] = {"interest", "preparing", "adopted", "given_up", NULL};
const char *const transfer_first_stage_names[] = {"interest", "preparing", "adopted", NULL};
static const char *const stage_labels[TS_COUNT] = {N_("Interested"), N_("Preparing an adoption"),
                                                   N_("Adopted"), N_("Given up")};
const char *const transfer_kind_other_label = N_("Other institution");

static char origin[512] = "http://localhost";

void
transfer_set_origin(const char *o)
{
	if (o && *o)
		snprintf(origin, sizeof origin, "%s", o);
}

const char *
transfer_link_url(struct arena *a, const char *path, const char *token)
{
	return arena_printf(a, "%s%s%s", origin, path, token);
}

const char *
transfer_stage_name(enum transfer_stage st)
{
	return st >= 0 && st < TS_COUNT ? transfer_stage_names[st] : "interest";
}

int
transfer_stage_parse(const char *name)
{
	for (int i = 0; name && i < TS_COUNT; i++)
		if (strcmp(name, transfer_stage_names[i]) == 0)
			return i;
	return -1;
}

const char *
transfer_stage_label(enum transfer_stage st)
{
	return st >= 0 && st < TS_COUNT ? stage_labels[st] : stage_labels[0];
}

/* ---- rate limits ---- */

void
transfer_network(const char *addr, char *out, size_t n)
{
	if (!addr)
		addr = "";
	if (strchr(addr, ':')) {
		/* IPv6: the first four groups as written (a shortened "::" early counts as the
		 * prefix it shows, which is still one network). */
		const char *p = addr;
		int groups = 0;
		while (*p && groups < 4) {
			if (*p == ':')
				groups++;
			p++;
		}
		snprintf(out, n, "%.*s/64", (int)(p - addr), addr);
		return;
	}
	const char *last = strrchr(addr, '.');
	snprintf(out, n, "%.*s/24", last ? (int)(last - addr) : (int)strlen(addr), addr);
}

/* The throttle's keys: its "account" is the e-mail address, its "address" the network,
 * both prefixed so they never meet the login's counts. */
static void
throttle_keys(const char *email, const char *addr, char *k1, size_t n1, char *k2, size_t n2)
{
	char net[80];
	transfer_network(addr, net, sizeof net);
	snprintf(k1, n1, "transfer:%s", email ? email : "");
	snprintf(k2, n2, "transfer:%s", net);
}

bool
transfer_throttled(struct store *s, const char *email, const char *addr)
{
	char k1[300], k2[100];
	throttle_keys(email, addr, k1, sizeof k1, k2, sizeof k2);
	return throttle_count_account(s, k1) >= TRANSFER_MAX_PER_EMAIL ||
	       throttle_count_address(s, k2) >= TRANSFER_MAX_PER_NETWORK;
}

void
transfer_count_form(struct store *s, const char *email, const char *addr)
{
	char k1[300], k2[100];
	throttle_keys(email, addr, k1, sizeof k1, k2, sizeof k2);
	throttle_failure(s, k1, k2);
}

/* ---- checking an input ---- */

/* Control characters other than line breaks and tabs, or an HTML tag ("<a", "</", "<!"). */
static const char *
plain_text_problem(const char *t, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return N_("Please remove the control characters from this text.");
		if (*p == '<' && (p[1] == '/' || p[1] == '!' || p[1] == '?' ||
		                  (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z')))
			return N_("Please write plain text without HTML tags.");
	}
	return NULL;
}

static void
problem(struct transfer_problem *out, size_t max, size_t *n, const char *field, const char *msgid)
{
	if (*n < max)
		out[*n] = (struct transfer_problem){field, msgid};
	(*n)++;
}

static void
check_text(struct transfer_problem *out, size_t max, size_t *n, const char *field, const char *t,
           size_t limit, bool required, bool multiline)
{
	if (!t || !*t) {
		if (required)
			problem(out, max, n, field, N_("This field is required."));
		return;
	}
	const char *why = plain_text_problem(t, multiline);
	if (!why && str_utf8_len(t) > limit)
		why = N_("The text is too long.");
	if (why)
		problem(out, max, n, field, why);
}

static bool
kind_valid(struct store *s, const char *kind)
{
	if (!kind || !*kind)
		return false;
	if (strcmp(kind, TRANSFER_KIND_OTHER) == 0)
		return true;
	struct arena a = {0};
	struct term t;
	bool ok = taxonomy_find_key(s, &a, "adressat", kind, &t) && !t.retired;
	arena_free(&a);
	return ok;
}

static bool
land_valid(struct store *s, const char *key)
{
	if (!key || !*key)
		return false;
	struct arena a = {0};
	struct term t;
	bool ok = taxonomy_find_key(s, &a, "bundesland", key, &t);
	arena_free(&a);
	return ok;
}

static bool
month_valid(const char *m)
{
	if (!m || !*m)
		return true;
	int y, mo;
	char rest;
	return strlen(m) == 7 && sscanf(m, "%4d-%2d%c", &y, &mo, &rest) == 2 && y >= 1990 &&
	       y <= 2100 && mo >= 1 && mo <= 12;
}

size_t
transfer_check(struct store *s, const struct transfer_input *in, bool first,
               struct transfer_problem *out, size_t max)
{
	size_t n = 0;
	if (first) {
		check_text(out, max, &n, "name", in->reporter_name, 200, true, false);
		if (!in->reporter_email || !*in->reporter_email)
			problem(out, max, &n, "email", N_("This field is required."));
		else if (!str_is_email(in->reporter_email) || strlen(in->reporter_email) > 254)
			problem(out, max, &n, "email", N_("Please enter a valid e-mail address."));
	}
	check_text(out, max, &n, "organisation", in->organisation_name, 200, true, false);
	if (!kind_valid(s, in->organisation_kind))
		problem(out, max, &n, "kind", N_("Please choose one of the options."));
	if (!land_valid(s, in->bundesland))
		problem(out, max, &n, "bundesland", N_("Please choose one of the options."));
	if (in->stage < 0 || in->stage >= TS_COUNT || (first && in->stage == TS_GIVEN_UP))
		problem(out, max, &n, "stage", N_("Please choose one of the options."));
	if (first)
		check_text(out, max, &n, "message", in->message, 4000, false, true);
	check_text(out, max, &n, "report_text", in->report_text, 4000, false, true);
	if (!month_valid(in->since))
		problem(out, max, &n, "since", N_("Please enter a month such as 2026-03."));
	if (in->people_reached < -1 || in->people_reached > 10000000)
		problem(out, max, &n, "people_reached", N_("The number is out of range."));
	return n;
}

/* ---- reading ---- */

static const struct store_query q_find = {"transfer_find",
                                          "SELECT " REPORT_COLUMNS "WHERE r.id = ?1"};

static int
parse_state(const char *s)
{
	return strcmp(s, "confirmed") == 0   ? TR_CONFIRMED
	       : strcmp(s, "withdrawn") == 0 ? TR_WITHDRAWN
	                                     : TR_UNCONFIRMED;
}

static int
parse_moderation(const char *s)
{
	return strcmp(s, "approved") == 0   ? TM_APPROVED
	       : strcmp(s, "rejected") == 0 ? TM_REJECTED
	                                    : TM_PENDING;
}

void
transfer_read_row(struct stmt *st, struct arena *a, struct transfer_report *r)
{
	int c = 0;
	r->id = stmt_int(st, c++);
	r->practice_id = stmt_int(st, c++);
	r->practice_slug = arena_strdup(a, stmt_text(st, c++));
	r->practice_title = arena_strdup(a, stmt_text(st, c++));
	r->state = parse_state(stmt_text(st, c++));
	r->reporter_name = arena_strdup(a, stmt_text(st, c++));
	r->reporter_email = arena_strdup(a, stmt_text(st, c++));
	r->reporter_user_id = stmt_int(st, c++);
	r->organisation_name = arena_strdup(a, stmt_text(st, c++));
	r->organisation_kind = arena_strdup(a, stmt_text(st, c++));
	r->bundesland = arena_strdup(a, stmt_text(st, c++));
	r->name_public = stmt_int(st, c++) != 0;
	int stage = transfer_stage_parse(stmt_text(st, c++));
	r->stage = stage < 0 ? TS_INTEREST : stage;
	r->message = arena_strdup(a, stmt_text(st, c++));
	r->report_text = arena_strdup(a, stmt_text(st, c++));
	r->since = arena_strdup(a, stmt_text(st, c++));
	r->people_reached = stmt_int(st, c++);
	r->moderation = parse_moderation(stmt_text(st, c++));
	r->reject_reason = arena_strdup(a, stmt_text(st, c++));
	r->public_stage = arena_strdup(a, stmt_text(st, c++));
	r->public_text = arena_strdup(a, stmt_text(st, c++));
	r->public_name = arena_strdup(a, stmt_text(st, c++));
	r->public_kind = arena_strdup(a, stmt_text(st, c++));
	r->public_bundesland = arena_strdup(a, stmt_text(st, c++));
	r->public_at = stmt_int(st, c++);
	r->interest_at = stmt_int(st, c++);
	r->followup_sent_at = stmt_int(st, c++);
	r->confirmed_at = stmt_int(st, c++);
	r->created_at = stmt_int(st, c++);
	r->updated_at = stmt_int(st, c++);
}

bool
transfer_find(struct store *s, struct arena *a, int64_t id, struct transfer_report *out)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		transfer_read_row(st, a, out);
	stmt_done(st);
	return found;
}

/* ---- links ---- */

static const struct store_query q_link_insert = {
    "transfer_link_insert", "INSERT INTO transfer_link(token_hash, report_id, kind, created_at, "
                            "expires_at) VALUES (?1, ?2, ?3, ?4, ?5)"};
static const struct store_query q_link_check = {
    "transfer_link_check", "SELECT report_id FROM transfer_link WHERE token_hash = ?1 AND "
                           "kind = ?2 AND used_at IS NULL AND (expires_at IS NULL OR "
                           "expires_at > ?3)"};
static const struct store_query q_link_use = {
    "transfer_link_use", "UPDATE transfer_link SET used_at = ?2 WHERE token_hash = ?1 AND "
                         "used_at IS NULL"};
static const struct store_query q_link_drop = {"transfer_link_drop",
                                               "DELETE FROM transfer_link WHERE report_id = ?1"};

int
transfer_link_create(struct store *s, int64_t id, const char *kind, char out[65])
{
	char hash[65];
	session_random_token(out);
	session_hash_token(hash, out);
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_link_insert);
	stmt_bind_text(st, 1, hash);
	stmt_bind_int(st, 2, id);
	stmt_bind_text(st, 3, kind);
	stmt_bind_int(st, 4, now);
	if (strcmp(kind, "confirm") == 0)
		stmt_bind_int(st, 5, now + TRANSFER_CONFIRM_SECONDS);
	else
		stmt_bind_null(st, 5);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

static int64_t
link_check(struct store *s, const char *kind, const char *token)
{
	if (!token || strlen(token) != 64)
		return 0;
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_link_check);
	stmt_bind_text(st, 1, hash);
	stmt_bind_text(st, 2, kind);
	stmt_bind_int(st, 3, time_now());
	return stmt_one_int(st);
}

int64_t
transfer_confirm_check(struct store *s, const char *token)
{
	return link_check(s, "confirm", token);
}

int64_t
transfer_manage_check(struct store *s, const char *token)
{
	return link_check(s, "manage", token);
}

/* ---- e-mails ---- */

static const struct store_query q_office = {
    "transfer_office", "SELECT u.email FROM user_account u JOIN user_role ro ON ro.user_id = "
                       "u.id AND ro.role = 'admin' WHERE u.active = 1 ORDER BY u.id"};

static int
mail_confirm_link(struct store *s, struct arena *a, const struct transfer_report *r,
                  const char *token, enum lang l)
{
	const char *link = transfer_link_url(a, "/uebernahme/bestaetigen/", token);
	const char *body = arena_printf(
	    a,
	    i18n_get(l, "Hello %s,\n\nthank you for your interest in the good practice \"%s\". "
	                "Please confirm your e-mail address with this link (valid for 7 days); "
	                "only then is your message forwarded to the practice's contact:\n\n%s\n\n"
	                "If you did not fill in the form, ignore this message; your data will be "
	                "deleted after 30 days.\n"),
	    r->reporter_name, r->practice_title, link);
	return mail_enqueue(s, r->reporter_email, i18n_get(l, "Please confirm your interest"),
	                    body) > 0
	           ? 0
	           : -1;
}

static int
mail_manage_link(struct store *s, struct arena *a, const struct transfer_report *r,
                 const char *token)
{
	enum lang l = LANG_DE;
	const char *link = transfer_link_url(a, "/uebernahme/meldung/", token);
	const char *body = arena_printf(
	    a,
	    i18n_get(l,
	             "Hello %s,\n\nyour report on the good practice \"%s\" has been received "
	             "and forwarded to the practice's contact, who will answer you directly.\n\n"
	             "With this private link you can update your report later (for instance "
	             "once you have adopted the practice) or withdraw it. Keep it to yourself:\n\n"
	             "%s\n\nWhat you write becomes public only after the coordination office "
	             "has approved it, and never with your name or e-mail address.\n"),
	    r->reporter_name, r->practice_title, link);
	return mail_enqueue(s, r->reporter_email, i18n_get(l, "Your transfer report"), body) > 0
	           ? 0
	           : -1;
}

/* The forwarding to the practice's contact and the office. */
static int
mail_forward(struct store *s, struct arena *a, const struct transfer_report *r)
{
	enum lang l = LANG_DE;
	struct practice p;
	if (!practice_find(s, a, r->practice_id, &p))
		return -1;
	struct buf body = BUF_INIT;
	buf_printf(&body,
	           i18n_get(l, "Hello,\n\nsomeone is interested in adopting the good practice "
	                       "\"%s\" (%s):\n\n"),
	           r->practice_title, transfer_link_url(a, "/praxis/", r->practice_slug));
	buf_printf(&body, "%s: %s <%s>\n", i18n_get(l, "Name"), r->reporter_name,
	           r->reporter_email);
	buf_printf(&body, "%s: %s\n", i18n_get(l, "Organisation"), r->organisation_name);
	buf_printf(&body, "%s: %s\n", i18n_get(l, "Kind of institution"),
	           transfer_kind_label(s, a, r->organisation_kind, l));
	buf_printf(&body, "%s: %s\n", i18n_get(l, "Bundesland"),
	           transfer_land_label(s, a, r->bundesland, l));
	buf_printf(&body, "%s: %s\n", i18n_get(l, "Stage"),
	           i18n_get(l, transfer_stage_label(r->stage)));
	if (r->message[0])
		buf_printf(&body, "\n%s\n", r->message);
	buf_puts(&body, "\n");
	buf_puts(&body, i18n_get(l, "The e-mail address has been confirmed. Please answer the "
	                            "person directly.\n"));
	const char *subject =
	    arena_printf(a, i18n_get(l, "Interest in adopting \"%s\""), r->practice_title);
	int rc = 0;
	const char *contact = p.text[PX_CONTACT_EMAIL];
	if (contact[0] && str_is_email(contact) &&
	    mail_enqueue(s, contact, subject, buf_str(&body)) < 0)
		rc = -1;
	struct stmt *st = store_stmt(s, &q_office);
	struct {
		const char **v;
		size_t n, cap;
	} to = {0};
	while (stmt_step(st) == STORE_ROW)
		*(const char **)ARENA_PUSH(a, to.v, to.n, to.cap) =
		    arena_strdup(a, stmt_text(st, 0));
	stmt_done(st);
	for (size_t i = 0; i < to.n; i++)
		if (strcmp(to.v[i], contact) != 0 &&
		    mail_enqueue(s, to.v[i], subject, buf_str(&body)) < 0)
			rc = -1;
	buf_free(&body);
	return rc;
}

/* ---- the first form ---- */

static const struct store_query q_insert = {
    "transfer_insert",
    "INSERT INTO transfer_report(practice_id, state, reporter_name, reporter_email, "
    "reporter_user_id, organisation_name, organisation_key, organisation_kind, bundesland, "
    "name_public, stage, message, report_text, since, people_reached, interest_at, "
    "confirmed_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18) RETURNING id"};
static const struct store_query q_exists = {
    "transfer_exists", "SELECT count(*) FROM transfer_report WHERE practice_id = ?1 AND "
                       "organisation_key = ?2 AND state = 'confirmed' AND id <> ?3"};

static bool
org_taken(struct store *s, int64_t practice_id, const char *name, int64_t self)
{
	struct stmt *st = store_stmt(s, &q_exists);
	stmt_bind_int(st, 1, practice_id);
	search_bind_sort_key(st, 2, name);
	stmt_bind_int(st, 3, self);
	return stmt_one_int(st) > 0;
}

static int64_t
insert(struct store *s, int64_t practice_id, const struct transfer_input *in, bool confirmed,
       int64_t user_id, const char *name, const char *email)
{
	int64_t now = time_now();
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_text(st, 2, confirmed ? "confirmed" : "unconfirmed");
	stmt_bind_text(st, 3, name);
	stmt_bind_text(st, 4, email);
	if (user_id)
		stmt_bind_int(st, 5, user_id);
	else
		stmt_bind_null(st, 5);
	stmt_bind_text(st, 6, in->organisation_name);
	search_bind_sort_key(st, 7, in->organisation_name);
	stmt_bind_text(st, 8, in->organisation_kind);
	stmt_bind_text(st, 9, in->bundesland);
	stmt_bind_int(st, 10, in->name_public);
	stmt_bind_text(st, 11, transfer_stage_name(in->stage));
	stmt_bind_text(st, 12, in->message ? in->message : "");
	stmt_bind_text(st, 13, in->report_text ? in->report_text : "");
	stmt_bind_text(st, 14, in->since ? in->since : "");
	if (in->people_reached >= 0)
		stmt_bind_int(st, 15, in->people_reached);
	else
		stmt_bind_null(st, 15);
	if (confirmed && in->stage == TS_INTEREST)
		stmt_bind_int(st, 16, now);
	else
		stmt_bind_null(st, 16);
	if (confirmed)
		stmt_bind_int(st, 17, now);
	else
		stmt_bind_null(st, 17);
	stmt_bind_int(st, 18, now);
	int64_t id = 0;
	return stmt_insert(st, &id) == STORE_OK ? id : TRANSFER_ERROR;
}

static bool
published(struct store *s, struct arena *a, int64_t practice_id)
{
	struct practice p;
	return practice_find(s, a, practice_id, &p) && p.status == PRACTICE_PUBLISHED;
}

static json_t *
audit_details(const struct transfer_report *r)
{
	/* No personal data: the audit log is append-only, and a request is deleted after 30
	 * days. The kind, Land and stage say what happened. */
	return json_pack("{s:I, s:s, s:s, s:s}", "practice", (json_int_t)r->practice_id, "kind",
	                 r->organisation_kind, "bundesland", r->bundesland, "stage",
	                 transfer_stage_name(r->stage));
}

int64_t
transfer_request(struct store *s, int64_t practice_id, const struct transfer_input *in,
                 enum lang lang)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct transfer_problem pr[1];
	int64_t rc;
	if (!published(s, &a, practice_id)) {
		rc = TRANSFER_NOT_FOUND;
		goto out;
	}
	if (transfer_check(s, in, true, pr, 1)) {
		rc = TRANSFER_INVALID;
		goto out;
	}
	rc = insert(s, practice_id, in, false, 0, in->reporter_name, in->reporter_email);
	struct transfer_report r;
	char token[65];
	if (rc < 0 || !transfer_find(s, &a, rc, &r) ||
	    transfer_link_create(s, rc, "confirm", token) ||
	    mail_confirm_link(s, &a, &r, token, lang) ||
	    audit_on(s, 0, "transfer", rc, "transfer.request", audit_details(&r)))
		rc = TRANSFER_ERROR;
out:
	arena_free(&a);
	return rc;
}

static const struct store_query q_confirm = {
    "transfer_confirm",
    "UPDATE transfer_report SET state = 'confirmed', confirmed_at = ?2, updated_at = ?2, "
    "interest_at = CASE WHEN stage = 'interest' THEN ?2 END WHERE id = ?1 AND "
    "state = 'unconfirmed'"};

/* A confirmed report's e-mails: the forwarding, and the private link to its reporter. */
static int
confirmed_mails(struct store *s, struct arena *a, int64_t id)
{
	struct transfer_report r;
	char token[65];
	if (!transfer_find(s, a, id, &r) || transfer_link_create(s, id, "manage", token) ||
	    mail_forward(s, a, &r) || mail_manage_link(s, a, &r, token))
		return -1;
	return 0;
}

int
transfer_confirm(struct store *s, const char *token, int64_t *id)
{
	store_assert_tx(s);
	*id = transfer_confirm_check(s, token);
	if (!*id)
		return TRANSFER_GONE;
	struct arena a = {0};
	struct transfer_report r;
	int rc = TRANSFER_ERROR;
	if (!transfer_find(s, &a, *id, &r))
		goto out;
	if (r.state != TR_UNCONFIRMED) {
		rc = TRANSFER_GONE;
		goto out;
	}
	if (org_taken(s, r.practice_id, r.organisation_name, r.id)) {
		rc = TRANSFER_EXISTS;
		goto out;
	}
	char hash[65];
	session_hash_token(hash, token);
	struct stmt *st = store_stmt(s, &q_link_use);
	stmt_bind_text(st, 1, hash);
	stmt_bind_int(st, 2, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		goto out;
	st = store_stmt(s, &q_confirm);
	stmt_bind_int(st, 1, r.id);
	stmt_bind_int(st, 2, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1 ||
	    confirmed_mails(s, &a, r.id) != 0 ||
	    audit_on(s, 0, "transfer", r.id, "transfer.confirm", audit_details(&r)) != 0)
		goto out;
	rc = TRANSFER_OK;
out:
	arena_free(&a);
	return rc;
}

int64_t
transfer_report_staff(struct store *s, const struct user *u, int64_t practice_id,
                      const struct transfer_input *in)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct transfer_problem pr[1];
	int64_t rc;
	if (!published(s, &a, practice_id)) {
		rc = TRANSFER_NOT_FOUND;
		goto out;
	}
	if (transfer_check(s, in, false, pr, 1) ||
	    (in->message && plain_text_problem(in->message, true))) {
		rc = TRANSFER_INVALID;
		goto out;
	}
	if (org_taken(s, practice_id, in->organisation_name, 0)) {
		rc = TRANSFER_EXISTS;
		goto out;
	}
	rc = insert(s, practice_id, in, true, u->id, u->name, u->email);
	struct transfer_report r;
	if (rc < 0 || !transfer_find(s, &a, rc, &r) || confirmed_mails(s, &a, rc) != 0 ||
	    audit_on(s, u->id, "transfer", rc, "transfer.report", audit_details(&r)) != 0)
		rc = TRANSFER_ERROR;
out:
	arena_free(&a);
	return rc;
}

/* ---- the private link ---- */

static const struct store_query q_update = {
    "transfer_update",
    "UPDATE transfer_report SET organisation_name = ?2, organisation_key = ?3, "
    "organisation_kind = ?4, bundesland = ?5, name_public = ?6, stage = ?7, report_text = ?8, "
    "since = ?9, people_reached = ?10, moderation = 'pending', reject_reason = '', "
    "interest_at = CASE WHEN ?7 = 'interest' THEN coalesce(interest_at, ?11) END, "
    "updated_at = ?11 WHERE id = ?1 AND state = 'confirmed'"};

int
transfer_update(struct store *s, const char *token, const struct transfer_input *in)
{
	store_assert_tx(s);
	int64_t id = transfer_manage_check(s, token);
	if (!id)
		return TRANSFER_GONE;
	struct arena a = {0};
	struct transfer_problem pr[1];
	struct transfer_report r;
	int rc = TRANSFER_ERROR;
	if (!transfer_find(s, &a, id, &r) || r.state != TR_CONFIRMED) {
		rc = TRANSFER_GONE;
		goto out;
	}
	if (transfer_check(s, in, false, pr, 1)) {
		rc = TRANSFER_INVALID;
		goto out;
	}
	if (org_taken(s, r.practice_id, in->organisation_name, id)) {
		rc = TRANSFER_EXISTS;
		goto out;
	}
	struct stmt *st = store_stmt(s, &q_update);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, in->organisation_name);
	search_bind_sort_key(st, 3, in->organisation_name);
	stmt_bind_text(st, 4, in->organisation_kind);
	stmt_bind_text(st, 5, in->bundesland);
	stmt_bind_int(st, 6, in->name_public);
	stmt_bind_text(st, 7, transfer_stage_name(in->stage));
	stmt_bind_text(st, 8, in->report_text ? in->report_text : "");
	stmt_bind_text(st, 9, in->since ? in->since : "");
	if (in->people_reached >= 0)
		stmt_bind_int(st, 10, in->people_reached);
	else
		stmt_bind_null(st, 10);
	stmt_bind_int(st, 11, time_now());
	if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
		goto out;
	struct transfer_report now;
	if (!transfer_find(s, &a, id, &now) ||
	    audit_on(s, 0, "transfer", id, "transfer.update", audit_details(&now)) != 0)
		goto out;
	rc = TRANSFER_OK;
out:
	arena_free(&a);
	return rc;
}

static const struct store_query q_withdraw = {
    "transfer_withdraw",
    "UPDATE transfer_report SET state = 'withdrawn', reporter_name = '', reporter_email = '', "
    "message = '', public_stage = '', public_text = '', public_name = '', public_kind = '', "
    "public_bundesland = '', public_at = NULL, updated_at = ?2 WHERE id = ?1 AND "
    "state = 'confirmed'"};

int
transfer_withdraw(struct store *s, const char *token)
{
	store_assert_tx(s);
	int64_t id = transfer_manage_check(s, token);
	if (!id)
		return TRANSFER_GONE;
	struct stmt *st = store_stmt(s, &q_withdraw);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, time_now());
	if (stmt_exec(st) != STORE_OK)
		return TRANSFER_ERROR;
	if (store_changes(s) != 1)
		return TRANSFER_GONE;
	st = store_stmt(s, &q_link_drop);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK ||
	    audit_on(s, 0, "transfer", id, "transfer.withdraw", NULL) != 0)
		return TRANSFER_ERROR;
	return TRANSFER_OK;
}

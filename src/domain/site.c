/* The legal pages and the accessibility feedback: rows of site_page and site_feedback. */
#include "domain/site.h"
#include "domain/audit.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char *const site_page_slugs[] = {"impressum", "datenschutz", "barrierefreiheit", NULL};

const char *
site_page_title(const char *slug)
{
	static const char *const titles[] = {N_("Legal notice (Impressum)"), N_("Privacy policy"),
	                                     N_("Accessibility statement")};
	for (size_t i = 0; site_page_slugs[i]; i++)
		if (slug && strcmp(slug, site_page_slugs[i]) == 0)
			return titles[i];
	return NULL;
}

static const struct store_query q_page = {
    "site_page_get", "SELECT p.body, p.updated_at, coalesce(u.name, '') FROM site_page p "
                     "LEFT JOIN user_account u ON u.id = p.updated_by WHERE p.slug = ?1"};
static const struct store_query q_save = {
    "site_page_save", "INSERT INTO site_page(slug, body, updated_at, updated_by) "
                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(slug) DO UPDATE SET "
                      "body = excluded.body, updated_at = excluded.updated_at, "
                      "updated_by = excluded.updated_by"};

bool
site_page_get(struct store *s, struct arena *a, const char *slug, struct site_page *p)
{
	if (!site_page_title(slug))
		return false;
	*p = (struct site_page){.slug = arena_strdup(a, slug), .body = "", .updated_by = ""};
	struct stmt *st = store_stmt(s, &q_page);
	stmt_bind_text(st, 1, slug);
	if (stmt_step(st) == STORE_ROW) {
		p->body = arena_strdup(a, stmt_text(st, 0));
		p->updated_at = stmt_int(st, 1);
		p->updated_by = arena_strdup(a, stmt_text(st, 2));
	}
	stmt_done(st);
	return true;
}

int
site_page_save(struct store *s, int64_t actor, const char *slug, const char *body)
{
	store_assert_tx(s);
	if (!site_page_title(slug))
		return -1;
	struct stmt *st = store_stmt(s, &q_save);
	stmt_bind_text(st, 1, slug);
	stmt_bind_text(st, 2, body);
	stmt_bind_int(st, 3, time_now());
	if (actor)
		stmt_bind_int(st, 4, actor);
	else
		stmt_bind_null(st, 4);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(digest, (const unsigned char *)body, strlen(body));
	str_hex(hex, digest, sizeof digest);
	char obj[48];
	snprintf(obj, sizeof obj, "site_page:%s", slug);
	return audit_log(
	    s, actor, "site_page.update", obj,
	    json_pack("{s:I,s:s}", "length", (json_int_t)str_utf8_len(body), "sha256", hex));
}

/* ---- feedback ---- */

static const struct store_query q_purge = {"site_feedback_purge",
                                           "DELETE FROM site_feedback_sender WHERE at <= ?1"};
static const struct store_query q_sent = {
    "site_feedback_sent",
    "SELECT count(*) FROM site_feedback_sender WHERE address = ?1 AND at > ?2"};
static const struct store_query q_sender = {
    "site_feedback_sender", "INSERT INTO site_feedback_sender(address, at) VALUES (?1, ?2)"};
static const struct store_query q_insert = {
    "site_feedback_insert", "INSERT INTO site_feedback(created_at, name, email, page, message) "
                            "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"};
static const struct store_query q_office = {
    "site_feedback_office",
    "SELECT u.email, u.locale FROM user_account u JOIN user_role r ON r.user_id = u.id "
    "WHERE r.role = 'admin' AND u.active = 1 ORDER BY u.id"};
static const struct store_query q_list = {
    "site_feedback_list", "SELECT id, created_at, name, email, page, message FROM site_feedback "
                          "ORDER BY id DESC LIMIT ?1 OFFSET ?2"};
static const struct store_query q_count = {"site_feedback_count",
                                           "SELECT count(*) FROM site_feedback"};

/* The message for one member of the office, in their language. */
static void
office_mail(struct buf *b, enum lang lang, int64_t id, const struct site_feedback *in,
            const char *list_url)
{
	buf_printf(b,
	           i18n_get(lang, "A message about the accessibility of Leuchtturm has arrived "
	                          "through the feedback form (no. %lld).\n\n"),
	           (long long)id);
	const struct {
		const char *label, *value;
	} rows[] = {{N_("Name"), in->name}, {N_("E-mail"), in->email}, {N_("Page"), in->page}};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		buf_printf(b, "%s: %s\n", i18n_get(lang, rows[i].label),
		           rows[i].value[0] ? rows[i].value : "–");
	buf_printf(b, "\n%s\n\n", in->message);
	buf_printf(b, i18n_get(lang, "All messages: %s\n"), list_url);
}

static int
tell_office(struct store *s, int64_t id, const struct site_feedback *in, const char *list_url)
{
	struct stmt *st = store_stmt(s, &q_office);
	/* Collected first: queueing mail while the statement is open would reset it. */
	struct {
		char email[256];
		enum lang lang;
	} to[64];
	size_t n = 0;
	while (n < sizeof to / sizeof to[0] && stmt_step(st) == STORE_ROW) {
		snprintf(to[n].email, sizeof to[n].email, "%s", stmt_text(st, 0));
		to[n].lang = strcmp(stmt_text(st, 1), "en") == 0 ? LANG_EN : LANG_DE;
		n++;
	}
	stmt_done(st);
	for (size_t i = 0; i < n; i++) {
		struct buf body = BUF_INIT;
		office_mail(&body, to[i].lang, id, in, list_url);
		int64_t m =
		    mail_enqueue(s, to[i].email, i18n_get(to[i].lang, "Feedback on accessibility"),
		                 buf_str(&body));
		buf_free(&body);
		if (m < 0)
			return -1;
	}
	return 0;
}

enum site_feedback_result
site_feedback_add(struct store *s, const char *address, const struct site_feedback *in,
                  const char *list_url, int64_t *id)
{
	store_assert_tx(s);
	int64_t now = time_now();
	*id = 0;
	struct stmt *st = store_stmt(s, &q_purge);
	stmt_bind_int(st, 1, now - SITE_FEEDBACK_WINDOW_SECONDS);
	if (stmt_exec(st) != STORE_OK)
		return SITE_FEEDBACK_ERROR;
	st = store_stmt(s, &q_sent);
	stmt_bind_text(st, 1, address);
	stmt_bind_int(st, 2, now - SITE_FEEDBACK_WINDOW_SECONDS);
	if (stmt_one_int(st) >= SITE_FEEDBACK_MAX_PER_ADDRESS)
		return SITE_FEEDBACK_FLOOD;
	st = store_stmt(s, &q_sender);
	stmt_bind_text(st, 1, address);
	stmt_bind_int(st, 2, now);
	if (stmt_exec(st) != STORE_OK)
		return SITE_FEEDBACK_ERROR;
	st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, now);
	stmt_bind_text(st, 2, in->name);
	stmt_bind_text(st, 3, in->email);
	stmt_bind_text(st, 4, in->page);
	stmt_bind_text(st, 5, in->message);
	if (stmt_insert(st, id) != STORE_OK)
		return SITE_FEEDBACK_ERROR;
	if (tell_office(s, *id, in, list_url) != 0 ||
	    audit_on(s, 0, "feedback", *id, "feedback.receive", NULL) != 0)
		return SITE_FEEDBACK_ERROR;
	return SITE_FEEDBACK_OK;
}

size_t
site_feedback_list(struct store *s, struct arena *a, struct site_feedback *out, size_t max,
                   size_t offset, size_t *total)
{
	*total = (size_t)stmt_one_int(store_stmt(s, &q_count));
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, (int64_t)max);
	stmt_bind_int(st, 2, (int64_t)offset);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct site_feedback *f = &out[n++];
		f->id = stmt_int(st, 0);
		f->created_at = stmt_int(st, 1);
		f->name = arena_strdup(a, stmt_text(st, 2));
		f->email = arena_strdup(a, stmt_text(st, 3));
		f->page = arena_strdup(a, stmt_text(st, 4));
		f->message = arena_strdup(a, stmt_text(st, 5));
	}
	stmt_done(st);
	return n;
}

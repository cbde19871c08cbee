/* Decision letters: templates with placeholders, the letter of the current decision, its
 * sending through the outbox and its keeping for the sub-project's proposal page. */
#include "domain/letter.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/decision.h"
#include "domain/mail.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const letter_placeholders[] = {"title",       "organisation", "call",
                                           "outcome",     "feedback",     "conditions",
                                           "target_call", "date",         NULL};

static const char *
lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "de";
}

static const struct store_query q_template = {
    "letter_template_get",
    "SELECT subject, body, updated_at, call_id FROM letter_template WHERE lang = ?1 AND "
    "outcome = ?2 AND call_id IN (?3, 0) ORDER BY call_id DESC LIMIT 1"};
static const struct store_query q_template_upsert = {
    "letter_template_upsert",
    "INSERT INTO letter_template(call_id, lang, outcome, subject, body, updated_by, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(call_id, lang, outcome) DO UPDATE SET "
    "subject = excluded.subject, body = excluded.body, updated_by = excluded.updated_by, "
    "updated_at = excluded.updated_at"};
static const struct store_query q_template_delete = {
    "letter_template_delete",
    "DELETE FROM letter_template WHERE call_id = ?1 AND lang = ?2 AND outcome = ?3 AND "
    "call_id != 0"};

bool
letter_template_get(struct store *s, struct arena *a, int64_t call_id, enum lang lang,
                    enum proposal_state outcome, struct letter_template *out)
{
	struct stmt *st = store_stmt(s, &q_template);
	stmt_bind_text(st, 1, lang_code(lang));
	stmt_bind_text(st, 2, proposal_state_name(outcome));
	stmt_bind_int(st, 3, call_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		out->call_id = call_id;
		out->lang = lang;
		out->outcome = outcome;
		out->subject = arena_strdup(a, stmt_text(st, 0));
		out->body = arena_strdup(a, stmt_text(st, 1));
		out->updated_at = stmt_int(st, 2);
		out->own = call_id != 0 && stmt_int(st, 3) == call_id;
	}
	stmt_done(st);
	return found;
}

/* The first "{word}" in text that is not a placeholder, or NULL. */
static bool
placeholders_known(const char *text)
{
	for (const char *p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz_");
		if (!n || p[1 + n] != '}')
			continue;
		bool known = false;
		for (size_t i = 0; letter_placeholders[i]; i++)
			known |= strlen(letter_placeholders[i]) == n &&
			         strncmp(letter_placeholders[i], p + 1, n) == 0;
		if (!known)
			return false;
	}
	return true;
}

static int
audit_call(struct store *s, int64_t actor, int64_t call_id, const char *action, json_t *d)
{
	char obj[40];
	snprintf(obj, sizeof obj, "call:%lld", (long long)call_id);
	return audit_log(s, actor, action, obj, d);
}

int
letter_template_save(struct store *s, int64_t actor, int64_t call_id, enum lang lang,
                     enum proposal_state outcome, const char *subject, const char *body,
                     const char **field, const char **problem)
{
	*field = NULL;
	*problem = NULL;
	if (!decision_outcome_valid(outcome))
		return DECISION_INVALID;
	if (!subject || !subject[strspn(subject, " \t")] || strchr(subject, '\n') ||
	    strchr(subject, '\r'))
		*field = "subject", *problem = N_("Please enter a subject on one line.");
	else if (str_utf8_len(subject) > LETTER_SUBJECT_MAX)
		*field = "subject", *problem = N_("This text is too long.");
	else if (!placeholders_known(subject))
		*field = "subject",
		*problem = N_("The text uses a placeholder that does not exist.");
	else if (!body || !body[strspn(body, " \t\r\n")])
		*field = "body", *problem = N_("Please enter the text of the letter.");
	else if (str_utf8_len(body) > LETTER_BODY_MAX)
		*field = "body", *problem = N_("This text is too long.");
	else if (!placeholders_known(body))
		*field = "body", *problem = N_("The text uses a placeholder that does not exist.");
	if (*field)
		return DECISION_INVALID;
	struct stmt *st = store_stmt(s, &q_template_upsert);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_text(st, 2, lang_code(lang));
	stmt_bind_text(st, 3, proposal_state_name(outcome));
	stmt_bind_text(st, 4, subject);
	stmt_bind_text(st, 5, body);
	stmt_bind_int(st, 6, actor);
	stmt_bind_int(st, 7, time_now());
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	return audit_call(s, actor, call_id, "letter.template",
	                  json_pack("{s:s,s:s,s:s}", "lang", lang_code(lang), "outcome",
	                            proposal_state_name(outcome), "change", "save")) == 0
	           ? DECISION_OK
	           : DECISION_ERROR;
}

int
letter_template_reset(struct store *s, int64_t actor, int64_t call_id, enum lang lang,
                      enum proposal_state outcome)
{
	if (!call_id || !decision_outcome_valid(outcome))
		return DECISION_INVALID;
	struct stmt *st = store_stmt(s, &q_template_delete);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_text(st, 2, lang_code(lang));
	stmt_bind_text(st, 3, proposal_state_name(outcome));
	if (stmt_exec(st) != STORE_OK)
		return DECISION_ERROR;
	if (store_changes(s) == 0)
		return DECISION_OK;
	return audit_call(s, actor, call_id, "letter.template",
	                  json_pack("{s:s,s:s,s:s}", "lang", lang_code(lang), "outcome",
	                            proposal_state_name(outcome), "change", "reset")) == 0
	           ? DECISION_OK
	           : DECISION_ERROR;
}

/* ---- making a letter ---- */

/* "24.11.2026" (German) or "24 November 2026" (English), the day in Berlin. */
static void
date_text(char *out, size_t n, int64_t utc, enum lang lang)
{
	static const char *const months[] = {"January",   "February", "March",    "April",
	                                     "May",       "June",     "July",     "August",
	                                     "September", "October",  "November", "December"};
	time_t local = (time_t)(utc + time_berlin_offset(utc));
	struct tm tm;
	gmtime_r(&local, &tm);
	if (lang == LANG_EN)
		snprintf(out, n, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
	else
		snprintf(out, n, "%02d.%02d.%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

/* Writes text to b with every known placeholder replaced by its value. */
static void
fill(struct buf *b, const char *text, const char *const *values)
{
	const char *p = text;
	while (*p) {
		const char *open = strchr(p, '{');
		if (!open) {
			buf_puts(b, p);
			return;
		}
		buf_append(b, p, (size_t)(open - p));
		size_t n = strspn(open + 1, "abcdefghijklmnopqrstuvwxyz_");
		int hit = -1;
		if (n && open[1 + n] == '}')
			for (int i = 0; letter_placeholders[i]; i++)
				if (strlen(letter_placeholders[i]) == n &&
				    strncmp(letter_placeholders[i], open + 1, n) == 0)
					hit = i;
		if (hit < 0) {
			buf_append(b, open, 1);
			p = open + 1;
			continue;
		}
		buf_puts(b, values[hit]);
		p = open + n + 2;
	}
}

/* The feedback per criterion: the criterion's name and the decision's justification, in
 * rubric order. Only the office-edited justifications go in, never a rating or a name. */
static void
feedback_text(struct store *s, struct arena *a, int64_t call_id, const struct decision_version *v,
              enum lang lang, struct buf *out)
{
	struct criterion leaf[REVIEW_MAX_CRITERIA];
	size_t nl = review_leaf_criteria(s, a, call_id, leaf, REVIEW_MAX_CRITERIA);
	bool first = true;
	for (size_t k = 0; k < nl; k++)
		for (size_t i = 0; i < v->njust; i++) {
			if (v->just[i].criterion_id != leaf[k].id)
				continue;
			buf_printf(out, "%s%s:\n%s\n", first ? "" : "\n",
			           criterion_label(&leaf[k], lang), v->just[i].body);
			first = false;
		}
}

static const struct store_query q_call_title = {"letter_call_title",
                                                "SELECT title FROM call WHERE id = ?1"};
static const struct store_query q_meeting_at = {"letter_meeting_at",
                                                "SELECT held_at FROM meeting WHERE call_id = ?1"};

static int64_t
meeting_at(struct store *s, int64_t call_id, int64_t fallback)
{
	struct stmt *st = store_stmt(s, &q_meeting_at);
	stmt_bind_int(st, 1, call_id);
	int64_t t = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : fallback;
	stmt_done(st);
	return t;
}

static const char *
call_title(struct store *s, struct arena *a, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_call_title);
	stmt_bind_int(st, 1, id);
	const char *t = stmt_step(st) == STORE_ROW ? arena_strdup(a, stmt_text(st, 0)) : "";
	stmt_done(st);
	return t;
}

static int
make_letter(struct store *s, struct arena *a, const struct proposal *p,
            const struct decision_version *v, enum lang lang, struct decision_letter *out)
{
	struct letter_template t;
	if (!letter_template_get(s, a, p->call_id, lang, v->outcome, &t))
		return DECISION_ERROR;
	struct buf feedback = BUF_INIT, subject = BUF_INIT, body = BUF_INIT;
	feedback_text(s, a, p->call_id, v, lang, &feedback);
	char date[40];
	date_text(date, sizeof date, meeting_at(s, p->call_id, v->created_at), lang);
	const char *values[] = {
	    p->text[PT_TITLE],
	    p->organisation_name,
	    call_title(s, a, p->call_id),
	    i18n_get(lang, proposal_state_label(v->outcome)),
	    buf_str(&feedback),
	    v->conditions[0] ? v->conditions : "–",
	    v->target_call_title[0] ? v->target_call_title : "–",
	    date,
	};
	fill(&subject, t.subject, values);
	fill(&body, t.body, values);
	/* A title cannot break the header: it is one line in the form, but be sure. */
	for (char *c = subject.data; c && *c; c++)
		if (*c == '\r' || *c == '\n')
			*c = ' ';
	memset(out, 0, sizeof *out);
	out->proposal_id = p->id;
	out->version_number = v->number;
	out->lang = lang;
	out->subject = arena_strdup(a, buf_str(&subject));
	out->body = arena_strdup(a, buf_str(&body));
	buf_free(&feedback);
	buf_free(&subject);
	buf_free(&body);
	return DECISION_OK;
}

int
letter_render(struct store *s, struct arena *a, int64_t proposal_id, enum lang lang,
              struct decision_letter *out)
{
	struct proposal p;
	struct decision d;
	if (!proposal_find(s, a, proposal_id, &p))
		return DECISION_NOT_FOUND;
	if (p.state == PS_WITHDRAWN)
		return DECISION_WITHDRAWN;
	if (!decision_find(s, a, proposal_id, &d) || !d.nversions)
		return DECISION_NOT_DECIDED;
	return make_letter(s, a, &p, decision_current(&d), lang, out);
}

static const struct store_query q_recipients = {
    "letter_recipients",
    "SELECT u.email, u.locale FROM user_account u JOIN user_role r ON r.user_id = u.id "
    "JOIN proposal p ON p.organisation_id = u.organisation_id "
    "WHERE p.id = ?1 AND r.role = 'submitter' AND u.active = 1 ORDER BY u.id"};
static const struct store_query q_sent = {"letter_sent",
                                          "SELECT 1 FROM decision_letter WHERE version_id = ?1"};
static const struct store_query q_letter_insert = {
    "letter_insert",
    "INSERT INTO decision_letter(proposal_id, version_id, lang, subject, body, recipients, "
    "sent_by, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"};

static void
sha256_hex(char out[65], const char *text)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
	str_hex(out, d, sizeof d);
}

/* True when a letter of this decision version has been sent already. */
static bool
already_sent(struct store *s, int64_t version_id)
{
	struct stmt *st = store_stmt(s, &q_sent);
	stmt_bind_int(st, 1, version_id);
	bool sent = stmt_step(st) == STORE_ROW;
	stmt_done(st);
	return sent;
}

struct letter_to {
	const char *email;
	enum lang lang;
};

/* Every recipient of the proposal's letter, in an array in a; *n gets their number and
 * per_lang how many read each language. */
static struct letter_to *
read_recipients(struct store *s, struct arena *a, int64_t proposal_id, size_t *n,
                int64_t per_lang[2])
{
	struct letter_to *to = NULL;
	size_t cap = 0;
	*n = 0;
	struct stmt *st = store_stmt(s, &q_recipients);
	stmt_bind_int(st, 1, proposal_id);
	while (stmt_step(st) == STORE_ROW) {
		size_t i = *n;
		ARENA_PUSH(a, to, *n, cap);
		to[i].email = arena_strdup(a, stmt_text(st, 0));
		to[i].lang = strcmp(stmt_text(st, 1), "en") == 0 ? LANG_EN : LANG_DE;
		per_lang[to[i].lang]++;
	}
	stmt_done(st);
	return to;
}

/* Makes the letter in both languages and stores each; hashes gets the SHA-256 of each
 * body by language code. Returns DECISION_OK or DECISION_ERROR. */
static int
store_letters(struct store *s, struct arena *a, const struct proposal *p,
              const struct decision_version *v, int64_t actor, const int64_t per_lang[2],
              struct decision_letter letters[2], json_t *hashes)
{
	int64_t now = time_now();
	for (int l = LANG_DE; l <= LANG_EN; l++) {
		if (make_letter(s, a, p, v, (enum lang)l, &letters[l]) != DECISION_OK)
			return DECISION_ERROR;
		struct stmt *st = store_stmt(s, &q_letter_insert);
		stmt_bind_int(st, 1, p->id);
		stmt_bind_int(st, 2, v->id);
		stmt_bind_text(st, 3, lang_code((enum lang)l));
		stmt_bind_text(st, 4, letters[l].subject);
		stmt_bind_text(st, 5, letters[l].body);
		stmt_bind_int(st, 6, per_lang[l]);
		stmt_bind_int(st, 7, actor);
		stmt_bind_int(st, 8, now);
		if (stmt_exec(st) != STORE_OK)
			return DECISION_ERROR;
		char h[65];
		sha256_hex(h, letters[l].body);
		json_object_set_new(hashes, lang_code((enum lang)l), json_string(h));
	}
	return DECISION_OK;
}

/* Stores the letters, queues one mail per recipient and writes the audit event. */
static int
send_letters(struct store *s, struct arena *a, const struct proposal *p,
             const struct decision_version *v, int64_t actor, const struct letter_to *to,
             size_t nto, const int64_t per_lang[2])
{
	struct decision_letter letters[2];
	json_t *hashes = json_object();
	if (store_letters(s, a, p, v, actor, per_lang, letters, hashes) != DECISION_OK) {
		json_decref(hashes);
		return DECISION_ERROR;
	}
	for (size_t i = 0; i < nto; i++)
		if (mail_enqueue(s, to[i].email, letters[to[i].lang].subject,
		                 letters[to[i].lang].body) < 0) {
			json_decref(hashes);
			return DECISION_ERROR;
		}
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)p->id);
	if (audit_log(s, actor, "decision.letter", obj,
	              json_pack("{s:I,s:s,s:I,s:o}", "version", (json_int_t)v->number, "outcome",
	                        proposal_state_name(v->outcome), "recipients", (json_int_t)nto,
	                        "sha256", hashes)) != 0)
		return DECISION_ERROR;
	return DECISION_OK;
}

int
letter_send(struct store *s, int64_t actor, int64_t proposal_id, int64_t *recipients)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal p;
	struct decision d;
	int rc = DECISION_NOT_FOUND;
	if (recipients)
		*recipients = 0;
	if (!proposal_find(s, &a, proposal_id, &p))
		goto out;
	if (p.state == PS_WITHDRAWN) {
		rc = DECISION_WITHDRAWN;
		goto out;
	}
	if (!decision_find(s, &a, proposal_id, &d) || !d.nversions) {
		rc = DECISION_NOT_DECIDED;
		goto out;
	}
	const struct decision_version *v = decision_current(&d);
	if (already_sent(s, v->id)) {
		rc = DECISION_LETTER_SENT;
		goto out;
	}
	/* The addresses first: queueing mail while the statement is open would reset it. */
	size_t nto;
	int64_t per_lang[2] = {0, 0};
	struct letter_to *to = read_recipients(s, &a, p.id, &nto, per_lang);
	if (!nto) {
		rc = DECISION_NO_RECIPIENT;
		goto out;
	}
	rc = send_letters(s, &a, &p, v, actor, to, nto, per_lang);
	if (rc == DECISION_OK && recipients)
		*recipients = (int64_t)nto;
out:
	arena_free(&a);
	return rc;
}

#define LETTER_COLUMNS                                                                             \
	"SELECT l.id, l.proposal_id, v.number, l.sent_at, l.lang, l.subject, l.body, "             \
	"l.recipients FROM decision_letter l JOIN decision_version v ON v.id = l.version_id "

static const struct store_query q_letter_for = {"letter_for", LETTER_COLUMNS
                                                "WHERE l.proposal_id = ?1 ORDER BY v.number DESC, "
                                                "l.lang = ?2 DESC, l.id DESC LIMIT 1"};
static const struct store_query q_letters = {
    "letter_list", LETTER_COLUMNS "WHERE l.proposal_id = ?1 ORDER BY l.sent_at DESC, l.id DESC"};

static void
read_letter(struct stmt *st, struct arena *a, struct decision_letter *l)
{
	l->id = stmt_int(st, 0);
	l->proposal_id = stmt_int(st, 1);
	l->version_number = stmt_int(st, 2);
	l->sent_at = stmt_int(st, 3);
	l->lang = strcmp(stmt_text(st, 4), "en") == 0 ? LANG_EN : LANG_DE;
	l->subject = arena_strdup(a, stmt_text(st, 5));
	l->body = arena_strdup(a, stmt_text(st, 6));
	l->recipients = stmt_int(st, 7);
}

const struct decision_letter *
decision_letter_for(struct store *s, struct arena *a, int64_t proposal_id, enum lang lang)
{
	struct stmt *st = store_stmt(s, &q_letter_for);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_text(st, 2, lang_code(lang));
	struct decision_letter *l = NULL;
	if (stmt_step(st) == STORE_ROW) {
		l = arena_calloc(a, sizeof *l);
		read_letter(st, a, l);
	}
	stmt_done(st);
	return l;
}

struct decision_letter *
letter_list(struct store *s, struct arena *a, int64_t proposal_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_letters);
	stmt_bind_int(st, 1, proposal_id);
	struct decision_letter *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_letter(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

/* Proposals: content, states, versions, the question thread. The rules of DESIGN.md §2
 * live here; who may see or do what (§3) is answered by access.c. */
#include "domain/proposal.h"
#include "domain/audit.h"
#include "domain/call.h"
#include "domain/mail.h"
#include "domain/taxonomy.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct proposal_field proposal_fields[PT_COUNT] = {
    [PT_TITLE] = {"title", N_("Title"), N_("A short, telling name for the practice."), 150, true,
                  false, SEC_OVERVIEW},
    [PT_TEASER] = {"teaser", N_("Summary"),
                   N_("Two or three sentences: what is it, for whom, with what success?"), 600,
                   true, false, SEC_OVERVIEW},
    [PT_IN_USE_SINCE] = {"in_use_since", N_("In use since"), N_("Year, e.g. 2023."), 20, true,
                         false, SEC_OVERVIEW},
    [PT_SITUATION] = {"situation", N_("Situation and challenge"),
                      N_("Which need for action did you recognise?"), 4000, true, true,
                      SEC_SITUATION},
    [PT_IMPLEMENTATION] = {"implementation", N_("Implementation"),
                           N_("What did you do, with whom, in which steps?"), 4000, true, true,
                           SEC_IMPLEMENTATION},
    [PT_RESOURCES] = {"resources", N_("Resources used"),
                      N_("Staff, time and cost it took to create the practice."), 2000, true, true,
                      SEC_IMPLEMENTATION},
    [PT_RESULTS] = {"results", N_("Results and impact"),
                    N_("What has it achieved? Please give figures where you can."), 4000, true,
                    true, SEC_RESULTS},
    [PT_EXPERIENCE] = {"experience", N_("Experience"),
                       N_("What worked well, what would you do differently?"), 4000, true, true,
                       SEC_EXPERIENCE},
    [PT_TRANSFER_REQUIREMENTS] = {"transfer_requirements", N_("Requirements for a transfer"),
                                  N_("What does someone need who wants to adopt it?"), 3000, true,
                                  true, SEC_TRANSFER},
    [PT_TRANSFER_EFFORT] = {"transfer_effort", N_("Effort of a transfer"),
                            N_("Staff, time and cost of adopting it."), 3000, true, true,
                            SEC_TRANSFER},
    [PT_TRANSFER_MATERIALS] = {"transfer_materials", N_("Materials"),
                               N_("Guides, templates, curricula that others can use."), 3000, false,
                               true, SEC_TRANSFER},
    [PT_LINKS] = {"links", N_("Links"), N_("One web address per line."), 2000, false, false,
                  SEC_CONTACT},
    [PT_CONTACT_NAME] = {"contact_name", N_("Contact person"), NULL, 200, true, false, SEC_CONTACT},
    [PT_CONTACT_EMAIL] = {"contact_email", N_("Contact e-mail address"), NULL, 254, true, false,
                          SEC_CONTACT},
    [PT_CONTACT_PHONE] = {"contact_phone", N_("Contact telephone"), NULL, 50, false, false,
                          SEC_CONTACT},
};

const char *const proposal_section_titles[SEC_COUNT] = {
    N_("Overview"),        N_("Situation and challenge"),
    N_("Implementation"),  N_("Results and impact"),
    N_("Experience"),      N_("Transfer"),
    N_("Self-assessment"), N_("Contact and links")};

const char *const proposal_term_kinds[] = {"handlungsfeld", "zielgruppe", "adressat", "bundesland",
                                           NULL};

static const char *const state_names[PS_COUNT] = {
    "draft",     "submitted", "returned",     "resubmitted", "eligible",  "ineligible",
    "in_review", "selected",  "not_selected", "deferred",    "published", "withdrawn"};

const char *
proposal_state_name(enum proposal_state s)
{
	return state_names[s];
}

int
proposal_state_parse(const char *name)
{
	for (int i = 0; i < PS_COUNT; i++)
		if (name && strcmp(state_names[i], name) == 0)
			return i;
	return -1;
}

const char *
proposal_state_label(enum proposal_state s)
{
	static const char *const labels[PS_COUNT] = {
	    N_("Draft"),       N_("Submitted"), N_("Returned for revision"),
	    N_("Resubmitted"), N_("Eligible"),  N_("Not eligible"),
	    N_("In review"),   N_("Selected"),  N_("Not selected"),
	    N_("Deferred"),    N_("Published"), N_("Withdrawn")};
	return labels[s];
}

bool
proposal_can_edit(const struct user *u, const struct proposal *p)
{
	return u && (u->roles & ROLE_SUBMITTER) && u->organisation_id == p->organisation_id &&
	       (p->state == PS_DRAFT || p->state == PS_RETURNED);
}

static int
audit_proposal(struct store *s, int64_t actor, int64_t id, const char *action, json_t *details)
{
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)id);
	return audit_log(s, actor, action, obj, details);
}

static const struct store_query q_insert = {
    "proposal_insert", "INSERT INTO proposal(call_id, organisation_id, created_by, updated_by, "
                       "created_at, updated_at, contact_name, contact_email) "
                       "VALUES (?1, ?2, ?3, ?3, ?4, ?4, ?5, ?6) RETURNING id"};
static const struct store_query q_org_kind = {"proposal_org_kind",
                                              "SELECT kind FROM organisation WHERE id = ?1"};

int64_t
proposal_create(struct store *s, const struct user *actor, int64_t call_id, int64_t organisation_id)
{
	struct arena a = {0};
	struct call c;
	int64_t rc = -PROPOSAL_ERROR;
	if (!call_find(s, &a, call_id, &c) || !call_accepts_submissions(&c, time_now())) {
		rc = -PROPOSAL_DEADLINE;
		goto out;
	}
	/* Only sub-projects submit; the organisation comes from the account, never a form. */
	struct stmt *st = store_stmt(s, &q_org_kind);
	stmt_bind_int(st, 1, organisation_id);
	bool tp = stmt_step(st) == STORE_ROW && strcmp(stmt_text(st, 0), "teilprojekt") == 0;
	stmt_done(st);
	if (!tp) {
		rc = -PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, call_id);
	stmt_bind_int(st, 2, organisation_id);
	stmt_bind_int(st, 3, actor->id);
	stmt_bind_int(st, 4, time_now());
	stmt_bind_text(st, 5, actor->name);
	stmt_bind_text(st, 6, actor->email);
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		goto out;
	if (audit_proposal(s, actor->id, id, "proposal.create",
	                   json_pack("{s:I,s:I}", "call", (json_int_t)call_id, "organisation",
	                             (json_int_t)organisation_id)) != 0)
		goto out;
	rc = id;
out:
	arena_free(&a);
	return rc;
}

#define PROPOSAL_COLUMNS                                                                           \
	"SELECT p.id, p.call_id, p.organisation_id, o.name, coalesce(o.parent_id, 0), p.state, "   \
	"coalesce(p.art_id, 0), p.revision, p.state_reason, p.created_by, p.updated_by, "          \
	"p.created_at, p.updated_at, coalesce(p.submitted_at, 0), coalesce(u.name, ''), "          \
	"p.title, p.teaser, p.in_use_since, p.situation, p.implementation, p.resources, "          \
	"p.results, p.experience, p.transfer_requirements, p.transfer_effort, "                    \
	"p.transfer_materials, p.links, p.contact_name, p.contact_email, p.contact_phone "         \
	"FROM proposal p JOIN organisation o ON o.id = p.organisation_id "                         \
	"LEFT JOIN user_account u ON u.id = p.updated_by "
#define FIRST_TEXT_COLUMN 15

static const struct store_query q_find = {"proposal_find", PROPOSAL_COLUMNS "WHERE p.id = ?1"};
static const struct store_query q_terms = {
    "proposal_terms", "SELECT term_id FROM proposal_term WHERE proposal_id = ?1 ORDER BY term_id"};
static const struct store_query q_self = {
    "proposal_self", "SELECT criterion_key, body FROM self_assessment WHERE proposal_id = ?1 "
                     "ORDER BY criterion_key"};

bool
proposal_find(struct store *s, struct arena *a, int64_t id, struct proposal *p)
{
	memset(p, 0, sizeof *p);
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		p->id = stmt_int(st, 0);
		p->call_id = stmt_int(st, 1);
		p->organisation_id = stmt_int(st, 2);
		p->organisation_name = arena_strdup(a, stmt_text(st, 3));
		p->network_id = stmt_int(st, 4);
		int state = proposal_state_parse(stmt_text(st, 5));
		p->state = state < 0 ? PS_DRAFT : (enum proposal_state)state;
		p->art_id = stmt_int(st, 6);
		p->revision = stmt_int(st, 7);
		p->state_reason = arena_strdup(a, stmt_text(st, 8));
		p->created_by = stmt_int(st, 9);
		p->updated_by = stmt_int(st, 10);
		p->created_at = stmt_int(st, 11);
		p->updated_at = stmt_int(st, 12);
		p->submitted_at = stmt_int(st, 13);
		p->updated_by_name = arena_strdup(a, stmt_text(st, 14));
		for (int i = 0; i < PT_COUNT; i++)
			p->text[i] = arena_strdup(a, stmt_text(st, FIRST_TEXT_COLUMN + i));
	}
	stmt_done(st);
	if (!found)
		return false;
	st = store_stmt(s, &q_terms);
	stmt_bind_int(st, 1, id);
	while (p->nterms < PROPOSAL_MAX_TERMS && stmt_step(st) == STORE_ROW)
		p->term_ids[p->nterms++] = stmt_int(st, 0);
	stmt_done(st);
	st = store_stmt(s, &q_self);
	stmt_bind_int(st, 1, id);
	while (p->nself < PROPOSAL_MAX_SELF && stmt_step(st) == STORE_ROW) {
		p->self[p->nself].criterion_key = arena_strdup(a, stmt_text(st, 0));
		p->self[p->nself].body = arena_strdup(a, stmt_text(st, 1));
		p->nself++;
	}
	stmt_done(st);
	return true;
}

static const struct store_query q_save = {
    "proposal_save",
    "UPDATE proposal SET title = ?3, teaser = ?4, in_use_since = ?5, situation = ?6, "
    "implementation = ?7, resources = ?8, results = ?9, experience = ?10, "
    "transfer_requirements = ?11, transfer_effort = ?12, transfer_materials = ?13, links = ?14, "
    "contact_name = ?15, contact_email = ?16, contact_phone = ?17, art_id = nullif(?18, 0), "
    "revision = revision + 1, updated_by = ?19, updated_at = ?20, title_sort = ?21 "
    "WHERE id = ?1 AND revision = ?2 AND state IN ('draft', 'returned')"};
/* The same for a revision of a submitted proposal (proposal_revise). */
static const struct store_query q_save_submitted = {
    "proposal_save_submitted",
    "UPDATE proposal SET title = ?3, teaser = ?4, in_use_since = ?5, situation = ?6, "
    "implementation = ?7, resources = ?8, results = ?9, experience = ?10, "
    "transfer_requirements = ?11, transfer_effort = ?12, transfer_materials = ?13, links = ?14, "
    "contact_name = ?15, contact_email = ?16, contact_phone = ?17, art_id = nullif(?18, 0), "
    "revision = revision + 1, updated_by = ?19, updated_at = ?20, title_sort = ?21 "
    "WHERE id = ?1 AND revision = ?2 AND state IN ('submitted', 'resubmitted')"};
static const struct store_query q_terms_clear = {
    "proposal_terms_clear", "DELETE FROM proposal_term WHERE proposal_id = ?1"};
static const struct store_query q_term_add = {
    "proposal_term_add",
    "INSERT INTO proposal_term(proposal_id, term_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING"};
static const struct store_query q_self_clear = {
    "proposal_self_clear", "DELETE FROM self_assessment WHERE proposal_id = ?1"};
static const struct store_query q_self_add = {
    "proposal_self_add",
    "INSERT INTO self_assessment(proposal_id, criterion_key, body) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (proposal_id, criterion_key) DO UPDATE SET body = excluded.body"};

/* Terms must exist, be current (not retired) and be of a kind the proposal uses. A term
 * already on the proposal may stay even when retired since. */
static bool
terms_valid(struct store *s, const struct proposal *p, const struct proposal *stored)
{
	struct arena a = {0};
	bool ok = true;
	for (size_t i = 0; ok && i < p->nterms; i++) {
		struct term t;
		bool had = false;
		for (size_t k = 0; stored && k < stored->nterms; k++)
			had |= stored->term_ids[k] == p->term_ids[i];
		ok = taxonomy_find(s, &a, p->term_ids[i], NULL, &t) && (had || !t.retired) &&
		     strcmp(t.kind, "art") != 0;
	}
	if (ok && p->art_id) {
		struct term t;
		ok = taxonomy_find(s, &a, p->art_id, "art", &t) &&
		     (!t.retired || (stored && stored->art_id == p->art_id));
	}
	arena_free(&a);
	return ok;
}

static bool
lengths_valid(const struct proposal *p)
{
	for (int i = 0; i < PT_COUNT; i++)
		if (!p->text[i] || (int)str_utf8_len(p->text[i]) > proposal_fields[i].max)
			return false;
	for (size_t i = 0; i < p->nself; i++)
		if (str_utf8_len(p->self[i].body) > PROPOSAL_SELF_MAX)
			return false;
	return true;
}

/* Writes p's content over the stored proposal (found as stored) with the query q; the
 * revision grows by one. Shared by saving a draft and revising a submitted proposal. */
static enum proposal_result
write_content(struct store *s, int64_t actor, struct proposal *p, const struct proposal *stored,
              const struct store_query *q)
{
	int rc = PROPOSAL_ERROR;
	if (stored->revision != p->revision) {
		rc = PROPOSAL_CONFLICT;
		goto out;
	}
	if (!lengths_valid(p)) {
		rc = PROPOSAL_TOO_LONG;
		goto out;
	}
	if (!terms_valid(s, p, stored)) {
		rc = PROPOSAL_BAD_TERM;
		goto out;
	}
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, p->id);
	stmt_bind_int(st, 2, p->revision);
	for (int i = 0; i < PT_COUNT; i++)
		stmt_bind_text(st, 3 + i, p->text[i]);
	stmt_bind_int(st, 18, p->art_id);
	stmt_bind_int(st, 19, actor);
	stmt_bind_int(st, 20, time_now());
	search_bind_sort_key(st, 21, p->text[PT_TITLE]);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	/* A concurrent save between our read and this update changed the revision. */
	if (store_changes(s) != 1) {
		rc = PROPOSAL_CONFLICT;
		goto out;
	}
	st = store_stmt(s, &q_terms_clear);
	stmt_bind_int(st, 1, p->id);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	for (size_t i = 0; i < p->nterms; i++) {
		st = store_stmt(s, &q_term_add);
		stmt_bind_int(st, 1, p->id);
		stmt_bind_int(st, 2, p->term_ids[i]);
		if (stmt_exec(st) != STORE_OK)
			goto out;
	}
	st = store_stmt(s, &q_self_clear);
	stmt_bind_int(st, 1, p->id);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	for (size_t i = 0; i < p->nself; i++) {
		st = store_stmt(s, &q_self_add);
		stmt_bind_int(st, 1, p->id);
		stmt_bind_text(st, 2, p->self[i].criterion_key);
		stmt_bind_text(st, 3, p->self[i].body);
		if (stmt_exec(st) != STORE_OK)
			goto out;
	}
	p->revision++;
	rc = PROPOSAL_OK;
out:
	return rc;
}

enum proposal_result
proposal_save(struct store *s, int64_t actor, struct proposal *p)
{
	struct arena a = {0};
	struct proposal stored;
	int rc = PROPOSAL_ERROR;
	if (!proposal_find(s, &a, p->id, &stored))
		goto out;
	if (stored.state != PS_DRAFT && stored.state != PS_RETURNED) {
		rc = PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if ((rc = write_content(s, actor, p, &stored, &q_save)) != PROPOSAL_OK)
		goto out;
	rc = audit_proposal(s, actor, p->id, "proposal.save",
	                    json_pack("{s:I}", "revision", (json_int_t)p->revision)) == 0
	         ? PROPOSAL_OK
	         : PROPOSAL_ERROR;
out:
	arena_free(&a);
	return rc;
}

static bool
has_term_of_kind(struct store *s, struct arena *a, const struct proposal *p, const char *kind)
{
	for (size_t i = 0; i < p->nterms; i++) {
		struct term t;
		if (taxonomy_find(s, a, p->term_ids[i], kind, &t))
			return true;
	}
	return false;
}

size_t
proposal_missing(struct store *s, struct arena *out, const struct proposal *p, const char **keys,
                 const char **msgids, size_t max)
{
	struct arena a = {0};
	size_t n = 0;
#define MISSING(k, m)                                                                              \
	do {                                                                                       \
		if (n < max) {                                                                     \
			keys[n] = (k);                                                             \
			msgids[n] = (m);                                                           \
			n++;                                                                       \
		}                                                                                  \
	} while (0)
	for (int i = 0; i < PT_COUNT; i++) {
		const char *t = p->text[i] ? p->text[i] : "";
		if (proposal_fields[i].required && !t[strspn(t, " \t\r\n")])
			MISSING(proposal_fields[i].key, N_("This field is required."));
		else if ((int)str_utf8_len(t) > proposal_fields[i].max)
			MISSING(proposal_fields[i].key, N_("The text is too long."));
	}
	const char *email = p->text[PT_CONTACT_EMAIL] ? p->text[PT_CONTACT_EMAIL] : "";
	if (email[0] && (!strchr(email, '@') || strpbrk(email, " \r\n<>,;")))
		MISSING("contact_email", N_("Please enter a valid e-mail address."));
	if (!p->art_id)
		MISSING("art", N_("Please choose the kind of practice."));
	static const char *const kind_msg[] = {N_("Please choose at least one field of action."),
	                                       N_("Please choose at least one target group."),
	                                       N_("Please choose at least one addressee."),
	                                       N_("Please choose at least one federal state.")};
	for (size_t k = 0; proposal_term_kinds[k]; k++)
		if (!has_term_of_kind(s, &a, p, proposal_term_kinds[k]))
			MISSING(proposal_term_kinds[k], kind_msg[k]);
	/* Every leaf criterion of the call's rubric needs a self-assessment. */
	struct criterion crit[32];
	size_t nc = call_criteria(s, &a, p->call_id, crit, 32);
	for (size_t c = 0; c < nc; c++) {
		bool parent = false;
		for (size_t d = 0; d < nc; d++)
			parent |= strcmp(crit[d].parent_key, crit[c].key) == 0;
		if (parent)
			continue;
		bool given = false;
		for (size_t i = 0; i < p->nself; i++)
			given |= strcmp(p->self[i].criterion_key, crit[c].key) == 0 &&
			         p->self[i].body[strspn(p->self[i].body, " \t\r\n")];
		if (!given)
			MISSING(arena_printf(out, "self_%s", crit[c].key),
			        N_("Please assess the proposal against this criterion."));
	}
#undef MISSING
	arena_free(&a);
	return n;
}

/* The current files of a proposal for its version, read here rather than through
 * attachment.h, which builds on this module (attachment_add asks proposal_can_edit). The
 * limit is the one of the attachment list this replaced. */
static const struct store_query q_version_files = {
    "proposal_version_files", "SELECT id, sha256, filename, size FROM attachment "
                              "WHERE proposal_id = ?1 AND removed_at IS NULL ORDER BY id"};

/* The whole proposal as submitted, for the immutable version and the receipt. */
static json_t *
snapshot(struct store *s, const struct proposal *p)
{
	json_t *o = json_object();
	for (int i = 0; i < PT_COUNT; i++)
		json_object_set_new(o, proposal_fields[i].key, json_string(p->text[i]));
	json_object_set_new(o, "art_id", json_integer(p->art_id));
	json_t *terms = json_array();
	for (size_t i = 0; i < p->nterms; i++)
		json_array_append_new(terms, json_integer(p->term_ids[i]));
	json_object_set_new(o, "term_ids", terms);
	json_t *self = json_object();
	for (size_t i = 0; i < p->nself; i++)
		json_object_set_new(self, p->self[i].criterion_key, json_string(p->self[i].body));
	json_object_set_new(o, "self", self);
	/* The files as they were: content-addressed, so the version can still open them. */
	json_t *att = json_array();
	struct stmt *st = store_stmt(s, &q_version_files);
	stmt_bind_int(st, 1, p->id);
	while (stmt_step(st) == STORE_ROW)
		json_array_append_new(att, json_pack("{s:I,s:s,s:s,s:I}", "id",
		                                     (json_int_t)stmt_int(st, 0), "sha256",
		                                     stmt_text(st, 1), "filename", stmt_text(st, 2),
		                                     "size", (json_int_t)stmt_int(st, 3)));
	stmt_done(st);
	json_object_set_new(o, "attachments", att);
	return o;
}

/* Read after set_state's UPDATE of the proposal row in the same transaction, so under its
 * lock: on PostgreSQL the row lock (a second submission at once waits, then finds the
 * state moved on and fails), on SQLite the write lock of BEGIN IMMEDIATE. */
static const struct store_query q_version_next = {
    "proposal_version_next",
    "SELECT coalesce(max(number), 0) + 1 FROM proposal_version WHERE proposal_id = ?1"};
static const struct store_query q_version_insert = {
    "proposal_version_insert", "INSERT INTO proposal_version(proposal_id, number, content, "
                               "submitted_by, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5)"};
static const struct store_query q_set_state = {
    "proposal_set_state", "UPDATE proposal SET state = ?3, state_reason = ?4, updated_at = ?5, "
                          "updated_by = coalesce(nullif(?6, 0), updated_by), submitted_at = CASE "
                          "WHEN ?3 IN ('submitted', 'resubmitted') THEN ?5 "
                          "ELSE submitted_at END WHERE id = ?1 AND state = ?2"};

/* actor: who changes the state, named as the last to change the proposal. */
static int
set_state(struct store *s, int64_t actor, int64_t id, enum proposal_state from,
          enum proposal_state to, const char *reason)
{
	struct stmt *st = store_stmt(s, &q_set_state);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, proposal_state_name(from));
	stmt_bind_text(st, 3, proposal_state_name(to));
	stmt_bind_text(st, 4, reason ? reason : "");
	stmt_bind_int(st, 5, time_now());
	stmt_bind_int(st, 6, actor);
	if (stmt_exec(st) != STORE_OK)
		return PROPOSAL_ERROR;
	/* Zero rows: another request changed the state first (a double submit). */
	return store_changes(s) == 1 ? PROPOSAL_OK : PROPOSAL_NOT_EDITABLE;
}

static void
receipt_text(struct store *s, struct buf *b, const struct user *u, const struct proposal *p,
             const struct call *c, int64_t version)
{
	enum lang l = u->locale;
	char when[40];
	time_format_berlin(when, sizeof when, time_now(), l == LANG_DE);
	buf_printf(b,
	           i18n_get(l, "Hello %s,\n\nthank you: your proposal for the call \"%s\" "
	                       "has been received on %s (version %lld). This is what you "
	                       "submitted:\n"),
	           u->name, c->title, when, (long long)version);
	if (version > 1 && (p->state == PS_SUBMITTED || p->state == PS_RESUBMITTED))
		buf_printf(b,
		           i18n_get(l, "\nThis is a revised version: it replaces version %lld. The "
		                       "coordination office sees what you changed.\n"),
		           (long long)(version - 1));
	for (int i = 0; i < PT_COUNT; i++) {
		if (!p->text[i][0])
			continue;
		buf_printf(b, "\n== %s ==\n%s\n", i18n_get(l, proposal_fields[i].label),
		           p->text[i]);
	}
	struct arena a = {0};
	struct criterion crit[32];
	size_t nc = call_criteria(s, &a, c->id, crit, 32);
	/* In the rubric's order, under the names the form shows. */
	for (size_t k = 0; k < nc; k++)
		for (size_t i = 0; i < p->nself; i++)
			if (strcmp(p->self[i].criterion_key, crit[k].key) == 0)
				buf_printf(b, "\n== %s: %s ==\n%s\n",
				           i18n_get(l, "Self-assessment"),
				           criterion_label(&crit[k], l), p->self[i].body);
	arena_free(&a);
}

/* Stores the next version of p (as it is now, state to) with the receipt e-mail to the
 * actor; *number gets the version's number. */
static enum proposal_result
store_version(struct store *s, const struct user *actor, const struct proposal *p,
              const struct call *c, int64_t *number)
{
	struct stmt *st = store_stmt(s, &q_version_next);
	stmt_bind_int(st, 1, p->id);
	*number = stmt_step(st) == STORE_ROW ? stmt_int(st, 0) : 1;
	stmt_done(st);
	json_t *snap = snapshot(s, p);
	char *content = json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(snap);
	st = store_stmt(s, &q_version_insert);
	stmt_bind_int(st, 1, p->id);
	stmt_bind_int(st, 2, *number);
	stmt_bind_text(st, 3, content);
	stmt_bind_int(st, 4, actor->id);
	stmt_bind_int(st, 5, time_now());
	int ins = stmt_exec(st);
	free(content);
	if (ins != STORE_OK)
		return PROPOSAL_ERROR;
	struct buf body = BUF_INIT;
	receipt_text(s, &body, actor, p, c, *number);
	int64_t mail = mail_enqueue(s, actor->email,
	                            i18n_get(actor->locale, "Your proposal has been received"),
	                            buf_str(&body));
	buf_free(&body);
	return mail < 0 ? PROPOSAL_ERROR : PROPOSAL_OK;
}

bool
proposal_can_revise(const struct user *u, const struct proposal *p, const struct call *c,
                    int64_t now)
{
	return u && (u->roles & ROLE_SUBMITTER) && u->organisation_id == p->organisation_id &&
	       (p->state == PS_SUBMITTED || p->state == PS_RESUBMITTED) && c &&
	       c->id == p->call_id && call_accepts_submissions(c, now);
}

enum proposal_result
proposal_revise(struct store *s, const struct user *actor, struct proposal *p, int64_t *number)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct proposal stored;
	struct call c;
	int rc = PROPOSAL_ERROR;
	if (!proposal_find(s, &a, p->id, &stored) || !call_find(s, &a, stored.call_id, &c))
		goto out;
	if (stored.state != PS_SUBMITTED && stored.state != PS_RESUBMITTED) {
		rc = PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if (!proposal_can_revise(actor, &stored, &c, time_now())) {
		rc = call_accepts_submissions(&c, time_now()) ? PROPOSAL_NOT_EDITABLE
		                                              : PROPOSAL_DEADLINE;
		goto out;
	}
	/* The revision is checked as a submit is: the stored version stays until a complete
	 * one replaces it. */
	p->call_id = stored.call_id;
	p->state = stored.state;
	const char *keys[64], *msgids[64];
	if (proposal_missing(s, &a, p, keys, msgids, 64) > 0) {
		rc = PROPOSAL_INCOMPLETE;
		goto out;
	}
	if ((rc = write_content(s, actor->id, p, &stored, &q_save_submitted)) != PROPOSAL_OK)
		goto out;
	/* submitted_at moves to the revision's time; the state stays. */
	if ((rc = set_state(s, actor->id, p->id, stored.state, stored.state, NULL)) != PROPOSAL_OK)
		goto out;
	if ((rc = store_version(s, actor, p, &c, number)) != PROPOSAL_OK)
		goto out;
	rc = audit_proposal(s, actor->id, p->id, "proposal.revise",
	                    json_pack("{s:I,s:I}", "version", (json_int_t)*number, "revision",
	                              (json_int_t)p->revision)) == 0
	         ? PROPOSAL_OK
	         : PROPOSAL_ERROR;
out:
	arena_free(&a);
	return rc;
}

enum proposal_result
proposal_submit(struct store *s, const struct user *actor, int64_t id)
{
	struct arena a = {0};
	struct proposal p;
	struct call c;
	int rc = PROPOSAL_ERROR;
	if (!proposal_find(s, &a, id, &p) || !call_find(s, &a, p.call_id, &c))
		goto out;
	if (!proposal_can_edit(actor, &p)) {
		rc = PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if (!call_accepts_submissions(&c, time_now())) {
		rc = PROPOSAL_DEADLINE;
		goto out;
	}
	const char *keys[64], *msgids[64];
	if (proposal_missing(s, &a, &p, keys, msgids, 64) > 0) {
		rc = PROPOSAL_INCOMPLETE;
		goto out;
	}
	enum proposal_state to = p.state == PS_RETURNED ? PS_RESUBMITTED : PS_SUBMITTED;
	if ((rc = set_state(s, actor->id, id, p.state, to, NULL)) != PROPOSAL_OK)
		goto out;
	int64_t number;
	if ((rc = store_version(s, actor, &p, &c, &number)) != PROPOSAL_OK)
		goto out;
	rc = audit_proposal(s, actor->id, id,
	                    to == PS_RESUBMITTED ? "proposal.resubmit" : "proposal.submit",
	                    json_pack("{s:I}", "version", (json_int_t)number)) == 0
	         ? PROPOSAL_OK
	         : PROPOSAL_ERROR;
out:
	arena_free(&a);
	return rc;
}

enum proposal_result
proposal_withdraw(struct store *s, int64_t actor, int64_t id)
{
	struct arena a = {0};
	struct proposal p;
	int rc = PROPOSAL_ERROR;
	if (!proposal_find(s, &a, id, &p))
		goto out;
	/* Withdrawing is possible at any point before a decision. */
	if (p.state >= PS_SELECTED || p.state == PS_INELIGIBLE) {
		rc = PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if ((rc = set_state(s, actor, id, p.state, PS_WITHDRAWN, NULL)) != PROPOSAL_OK)
		goto out;
	rc = audit_proposal(s, actor, id, "proposal.withdraw",
	                    json_pack("{s:s}", "from", proposal_state_name(p.state))) == 0
	         ? PROPOSAL_OK
	         : PROPOSAL_ERROR;
out:
	arena_free(&a);
	return rc;
}

static int notify_outcome(struct store *s, int64_t id, const char *title,
                          enum proposal_state outcome, const char *reason);

enum proposal_result
proposal_decide_formal(struct store *s, const struct user *office, int64_t id,
                       enum proposal_state outcome, const char *reason)
{
	struct arena a = {0};
	struct proposal p;
	int rc = PROPOSAL_ERROR;
	if (!proposal_find(s, &a, id, &p))
		goto out;
	bool open = p.state == PS_SUBMITTED || p.state == PS_RESUBMITTED;
	bool outcome_ok =
	    outcome == PS_ELIGIBLE || outcome == PS_INELIGIBLE || outcome == PS_RETURNED;
	bool reason_ok = outcome == PS_ELIGIBLE || (reason && reason[strspn(reason, " \r\n\t")]);
	if (!open || !outcome_ok || !reason_ok) {
		rc = PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if ((rc = set_state(s, office->id, id, p.state, outcome, reason)) != PROPOSAL_OK)
		goto out;
	rc = PROPOSAL_ERROR;
	if (audit_proposal(s, office->id, id, "proposal.formal_check",
	                   json_pack("{s:s,s:s}", "outcome", proposal_state_name(outcome), "reason",
	                             reason ? reason : "")) != 0)
		goto out;
	/* A return for revision is a message to the sub-project, in the thread. */
	if (outcome == PS_RETURNED && proposal_message_add(s, office, id, true, reason) != 0)
		goto out;
	if (outcome != PS_RETURNED &&
	    notify_outcome(s, id, p.text[PT_TITLE][0] ? p.text[PT_TITLE] : "–", outcome, reason) !=
	        0)
		goto out;
	rc = PROPOSAL_OK;
out:
	arena_free(&a);
	return rc;
}

#define SUMMARY_COLUMNS                                                                            \
	"SELECT p.id, p.call_id, p.organisation_id, p.title, o.name, c.title, p.state, "           \
	"c.closes_at, p.updated_at, coalesce(p.submitted_at, 0), coalesce(p.art_id, 0) "           \
	"FROM proposal p JOIN organisation o ON o.id = p.organisation_id "                         \
	"JOIN call c ON c.id = p.call_id "

static const struct store_query q_by_org = {
    "proposal_by_org",
    SUMMARY_COLUMNS "WHERE p.organisation_id = ?1 ORDER BY c.closes_at DESC, p.id DESC"};
static const struct store_query q_list = {
    "proposal_list", SUMMARY_COLUMNS
    "WHERE p.call_id = ?1 AND (?2 = '' OR p.state = ?2) AND (?3 = 0 OR o.parent_id = ?3) "
    "AND (?4 = 0 OR p.art_id = ?4) AND (?5 = 0 OR EXISTS (SELECT 1 FROM proposal_term t "
    "WHERE t.proposal_id = p.id AND t.term_id = ?5)) AND (?6 OR p.state != 'draft') "
    "ORDER BY o.name_sort, p.id"};

static struct proposal_summary *
read_summaries(struct stmt *st, struct arena *a, size_t *n)
{
	struct proposal_summary *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct proposal_summary *p = ARENA_PUSH(a, out, *n, cap);
		p->id = stmt_int(st, 0);
		p->call_id = stmt_int(st, 1);
		p->organisation_id = stmt_int(st, 2);
		p->title = arena_strdup(a, stmt_text(st, 3));
		p->organisation_name = arena_strdup(a, stmt_text(st, 4));
		p->call_title = arena_strdup(a, stmt_text(st, 5));
		int state = proposal_state_parse(stmt_text(st, 6));
		p->state = state < 0 ? PS_DRAFT : (enum proposal_state)state;
		p->closes_at = stmt_int(st, 7);
		p->updated_at = stmt_int(st, 8);
		p->submitted_at = stmt_int(st, 9);
		p->art_id = stmt_int(st, 10);
	}
	stmt_done(st);
	return out;
}

struct proposal_summary *
proposal_list_by_org(struct store *s, struct arena *a, int64_t org_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_by_org);
	stmt_bind_int(st, 1, org_id);
	return read_summaries(st, a, n);
}

struct proposal_summary *
proposal_list(struct store *s, struct arena *a, const struct proposal_filter *f, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, f->call_id);
	stmt_bind_text(st, 2,
	               f->state >= 0 && f->state < PS_COUNT
	                   ? proposal_state_name((enum proposal_state)f->state)
	                   : "");
	stmt_bind_int(st, 3, f->network_id);
	stmt_bind_int(st, 4, f->art_id);
	stmt_bind_int(st, 5, f->term_id);
	stmt_bind_int(st, 6, f->include_drafts);
	return read_summaries(st, a, n);
}

static const struct store_query q_counts = {
    "proposal_counts", "SELECT state, count(*) FROM proposal WHERE call_id = ?1 GROUP BY state"};

void
proposal_count_states(struct store *s, int64_t call_id, int64_t counts[PS_COUNT])
{
	memset(counts, 0, PS_COUNT * sizeof counts[0]);
	struct stmt *st = store_stmt(s, &q_counts);
	stmt_bind_int(st, 1, call_id);
	while (stmt_step(st) == STORE_ROW) {
		int state = proposal_state_parse(stmt_text(st, 0));
		if (state >= 0)
			counts[state] = stmt_int(st, 1);
	}
	stmt_done(st);
}

static const struct store_query q_versions = {
    "proposal_versions", "SELECT number, submitted_at, submitted_by, content FROM "
                         "proposal_version WHERE proposal_id = ?1 ORDER BY number"};

struct proposal_version *
proposal_versions(struct store *s, struct arena *a, int64_t id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_versions);
	stmt_bind_int(st, 1, id);
	struct proposal_version *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct proposal_version *v = ARENA_PUSH(a, out, *n, cap);
		v->number = stmt_int(st, 0);
		v->submitted_at = stmt_int(st, 1);
		v->submitted_by = stmt_int(st, 2);
		v->content = arena_strdup(a, stmt_text(st, 3));
	}
	stmt_done(st);
	return out;
}

static const char *
json_text(struct arena *a, json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));
	return arena_strdup(a, v ? v : "");
}

bool
proposal_version_read(struct arena *a, const char *content, struct proposal *out,
                      struct proposal_version_file **files, size_t *nfiles)
{
	*files = NULL;
	*nfiles = 0;
	json_t *o = json_loads(content ? content : "", 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return false;
	}
	for (int i = 0; i < PT_COUNT; i++)
		out->text[i] = json_text(a, o, proposal_fields[i].key);
	out->art_id = json_integer_value(json_object_get(o, "art_id"));
	out->nterms = 0;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "term_ids"), i, v)
	{
		if (out->nterms < PROPOSAL_MAX_TERMS)
			out->term_ids[out->nterms++] = json_integer_value(v);
	}
	out->nself = 0;
	const char *key;
	json_object_foreach(json_object_get(o, "self"), key, v)
	{
		if (out->nself < PROPOSAL_MAX_SELF && json_is_string(v)) {
			out->self[out->nself].criterion_key = arena_strdup(a, key);
			out->self[out->nself].body = arena_strdup(a, json_string_value(v));
			out->nself++;
		}
	}
	size_t cap = 0;
	json_array_foreach(json_object_get(o, "attachments"), i, v)
	{
		struct proposal_version_file *f = ARENA_PUSH(a, *files, *nfiles, cap);
		f->filename = json_text(a, v, "filename");
		f->sha256 = json_text(a, v, "sha256");
		f->size = json_integer_value(json_object_get(v, "size"));
	}
	json_decref(o);
	return true;
}

static const struct store_query q_msg_insert = {
    "proposal_message_insert",
    "INSERT INTO proposal_message(proposal_id, author_id, "
    "from_office, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id"};
static const struct store_query q_msgs = {
    "proposal_messages",
    "SELECT m.id, m.author_id, m.created_at, u.name, m.body, m.from_office FROM "
    "proposal_message m JOIN user_account u ON u.id = m.author_id WHERE m.proposal_id = ?1 "
    "ORDER BY m.created_at, m.id"};
/* Who hears of a message: the office hears of the sub-project's, and back. */
static const struct store_query q_recipients_office = {
    "proposal_recipients_office",
    "SELECT u.email, u.locale FROM user_account u JOIN user_role r ON r.user_id = u.id "
    "WHERE r.role = 'admin' AND u.active = 1"};
static const struct store_query q_recipients_org = {
    "proposal_recipients_org",
    "SELECT u.email, u.locale FROM user_account u JOIN user_role r ON r.user_id = u.id "
    "JOIN proposal p ON p.organisation_id = u.organisation_id "
    "WHERE p.id = ?1 AND r.role = 'submitter' AND u.active = 1"};

struct recipient {
	const char *email;
	enum lang lang;
};

/* Everyone to tell, the office or the sub-project, with their languages, in a. */
static struct recipient *
recipients(struct store *s, struct arena *a, int64_t id, bool office, size_t *n)
{
	struct stmt *st = store_stmt(s, office ? &q_recipients_office : &q_recipients_org);
	if (!office)
		stmt_bind_int(st, 1, id);
	/* Collected first: queueing mail while the statement is open would reset it. */
	struct recipient *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct recipient *to = ARENA_PUSH(a, out, *n, cap);
		to->email = arena_strdup(a, stmt_text(st, 0));
		to->lang = strcmp(stmt_text(st, 1), "en") == 0 ? LANG_EN : LANG_DE;
	}
	stmt_done(st);
	return out;
}

static int
notify(struct store *s, int64_t id, bool to_office, const char *title)
{
	struct arena a = {0};
	size_t n;
	struct recipient *to = recipients(s, &a, id, to_office, &n);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char body[1024];
		snprintf(body, sizeof body,
		         i18n_get(to[i].lang, "There is a new message on the proposal \"%s\" "
		                              "(no. %lld). Please log in to Leuchtturm to read and "
		                              "answer it.\n"),
		         title, (long long)id);
		if (mail_enqueue(s, to[i].email, i18n_get(to[i].lang, "New message on a proposal"),
		                 body) < 0)
			rc = -1;
	}
	arena_free(&a);
	return rc;
}

/* Tells the sub-project the outcome of the formal check (a return goes through the
 * thread, which notifies on its own). */
static int
notify_outcome(struct store *s, int64_t id, const char *title, enum proposal_state outcome,
               const char *reason)
{
	struct arena a = {0};
	size_t n;
	struct recipient *to = recipients(s, &a, id, false, &n);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct buf body = BUF_INIT;
		if (outcome == PS_ELIGIBLE)
			buf_printf(&body,
			           i18n_get(to[i].lang,
			                    "The formal check of your proposal \"%s\" "
			                    "(no. %lld) is complete: it is eligible. The "
			                    "advisory board will now rate it.\n"),
			           title, (long long)id);
		else
			buf_printf(&body,
			           i18n_get(to[i].lang,
			                    "The formal check of your proposal \"%s\" "
			                    "(no. %lld) is complete: it does not meet the "
			                    "formal requirements.\n\nReason: %s\n"),
			           title, (long long)id, reason ? reason : "");
		if (mail_enqueue(s, to[i].email,
		                 i18n_get(to[i].lang, "Formal check of your proposal"),
		                 buf_str(&body)) < 0)
			rc = -1;
		buf_free(&body);
	}
	arena_free(&a);
	return rc;
}

int
proposal_message_add(struct store *s, const struct user *author, int64_t id, bool from_office,
                     const char *body)
{
	struct arena a = {0};
	struct proposal p;
	int rc = -1;
	if (!proposal_find(s, &a, id, &p))
		goto out;
	struct stmt *st = store_stmt(s, &q_msg_insert);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, author->id);
	stmt_bind_int(st, 3, from_office);
	stmt_bind_text(st, 4, body);
	stmt_bind_int(st, 5, time_now());
	int64_t mid;
	if (stmt_insert(st, &mid) != STORE_OK)
		goto out;
	if (audit_proposal(s, author->id, id, "proposal.message",
	                   json_pack("{s:I,s:b}", "message", (json_int_t)mid, "from_office",
	                             from_office)) != 0)
		goto out;
	rc = notify(s, id, !from_office, p.text[PT_TITLE][0] ? p.text[PT_TITLE] : "–");
out:
	arena_free(&a);
	return rc;
}

struct proposal_message *
proposal_messages(struct store *s, struct arena *a, int64_t id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_msgs);
	stmt_bind_int(st, 1, id);
	struct proposal_message *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct proposal_message *m = ARENA_PUSH(a, out, *n, cap);
		m->id = stmt_int(st, 0);
		m->author_id = stmt_int(st, 1);
		m->created_at = stmt_int(st, 2);
		m->author_name = arena_strdup(a, stmt_text(st, 3));
		m->body = arena_strdup(a, stmt_text(st, 4));
		m->from_office = stmt_int(st, 5) != 0;
	}
	stmt_done(st);
	return out;
}

/* ---- carrying a deferred proposal into its later call ---- */

static const struct store_query q_carry = {
    "proposal_carry",
    "INSERT INTO proposal(call_id, organisation_id, title, teaser, art_id, in_use_since, "
    "situation, implementation, results, experience, transfer_requirements, transfer_effort, "
    "transfer_materials, resources, links, contact_name, contact_email, contact_phone, "
    "created_by, updated_by, created_at, updated_at, carried_from, title_sort) "
    "SELECT ?2, organisation_id, title, teaser, art_id, in_use_since, situation, "
    "implementation, results, experience, transfer_requirements, transfer_effort, "
    "transfer_materials, resources, links, contact_name, contact_email, contact_phone, ?3, ?3, "
    "?4, ?4, id, title_sort FROM proposal WHERE id = ?1 RETURNING id"};
static const struct store_query q_carry_terms = {
    "proposal_carry_terms", "INSERT INTO proposal_term(proposal_id, term_id) "
                            "SELECT ?2, term_id FROM proposal_term WHERE proposal_id = ?1"};
static const struct store_query q_carry_self = {
    "proposal_carry_self",
    "INSERT INTO self_assessment(proposal_id, criterion_key, body) "
    "SELECT ?2, criterion_key, body FROM self_assessment WHERE proposal_id = ?1"};
static const struct store_query q_carry_files = {
    "proposal_carry_files",
    "INSERT INTO attachment(proposal_id, sha256, filename, content_type, size, uploaded_by, "
    "uploaded_at) SELECT ?2, sha256, filename, content_type, size, uploaded_by, uploaded_at "
    "FROM attachment WHERE proposal_id = ?1 AND removed_at IS NULL ORDER BY id"};
static const struct store_query q_carried_into = {
    "proposal_carried_into",
    "SELECT coalesce((SELECT id FROM proposal WHERE carried_from = ?1), 0)"};

int64_t
proposal_carried_into(struct store *s, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_carried_into);
	stmt_bind_int(st, 1, id);
	return stmt_one_int(st);
}

static int
carry_rows(struct store *s, const struct store_query *q, int64_t from, int64_t to)
{
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, from);
	stmt_bind_int(st, 2, to);
	return stmt_exec(st) == STORE_OK ? 0 : -1;
}

int64_t
proposal_carry_over(struct store *s, const struct user *actor, int64_t id, int64_t target_call_id)
{
	struct arena a = {0};
	struct proposal p;
	struct call c;
	int64_t rc = -PROPOSAL_ERROR;
	if (!proposal_find(s, &a, id, &p))
		goto out;
	bool own =
	    actor && (actor->roles & ROLE_SUBMITTER) && actor->organisation_id == p.organisation_id;
	if (!own || p.state != PS_DEFERRED || !target_call_id || target_call_id == p.call_id ||
	    proposal_carried_into(s, id)) {
		rc = -PROPOSAL_NOT_EDITABLE;
		goto out;
	}
	if (!call_find(s, &a, target_call_id, &c) || !call_accepts_submissions(&c, time_now())) {
		rc = -PROPOSAL_DEADLINE;
		goto out;
	}
	struct stmt *st = store_stmt(s, &q_carry);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, target_call_id);
	stmt_bind_int(st, 3, actor->id);
	stmt_bind_int(st, 4, time_now());
	int64_t fresh;
	int ins = stmt_insert(st, &fresh);
	if (ins == STORE_CONSTRAINT) {
		rc = -PROPOSAL_NOT_EDITABLE; /* carried by someone else a moment ago */
		goto out;
	}
	if (ins != STORE_OK)
		goto out;
	if (carry_rows(s, &q_carry_terms, id, fresh) != 0 ||
	    carry_rows(s, &q_carry_self, id, fresh) != 0 ||
	    carry_rows(s, &q_carry_files, id, fresh) != 0)
		goto out;
	if (audit_proposal(s, actor->id, id, "proposal.carried_over",
	                   json_pack("{s:I,s:I}", "into", (json_int_t)fresh, "call",
	                             (json_int_t)target_call_id)) != 0 ||
	    audit_proposal(s, actor->id, fresh, "proposal.create",
	                   json_pack("{s:I,s:I,s:I}", "call", (json_int_t)target_call_id,
	                             "organisation", (json_int_t)p.organisation_id, "carried_from",
	                             (json_int_t)id)) != 0)
		goto out;
	rc = fresh;
out:
	arena_free(&a);
	return rc;
}

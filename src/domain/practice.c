/* Good practices: records, terms, checks, slugs, status changes. */
#include "domain/practice.h"
#include "domain/audit.h"
#include "search/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct practice_field practice_fields[PX_COUNT] = {
    [PX_TITLE] = {"title", N_("Title"), NULL, 200, true, false},
    [PX_TEASER] = {"teaser", N_("Summary"),
                   N_("Two or three sentences: what is it, for whom, with what success?"), 1000,
                   true, false},
    [PX_ORGANISATION_NAME] = {"organisation_name", N_("Organisation"),
                              N_("The sub-project or organisation that developed it."), 200, true,
                              false},
    [PX_ORGANISATION_KIND] = {"organisation_kind", N_("Kind of organisation"), NULL, 20, false,
                              false},
    [PX_BUNDESLAND] = {"bundesland", N_("Federal state of the organisation"), NULL, 100, false,
                       false},
    [PX_CONTACT_NAME] = {"contact_name", N_("Contact person"), NULL, 200, false, false},
    [PX_CONTACT_EMAIL] = {"contact_email", N_("Contact e-mail address"), NULL, 254, false, false},
    [PX_CONTACT_PHONE] = {"contact_phone", N_("Contact telephone"), NULL, 50, false, false},
    [PX_IN_USE_SINCE] = {"in_use_since", N_("In use since"), N_("Year, e.g. 2023."), 50, false,
                         false},
    [PX_SITUATION] = {"situation", N_("Situation and challenge"), NULL, 20000, true, true},
    [PX_IMPLEMENTATION] = {"implementation", N_("Implementation"), NULL, 20000, true, true},
    [PX_RESULTS] = {"results", N_("Results and impact"), NULL, 20000, true, true},
    [PX_TRANSFER] = {"transfer", N_("Transfer"),
                     N_("Requirements, effort and materials of a transfer."), 20000, true, true},
    [PX_CRITERION_TRANSFERABLE] = {"criterion_transferable", N_("Transferable"), NULL, 8000, false,
                                   true},
    [PX_CRITERION_INNOVATIVE] = {"criterion_innovative", N_("Innovative"), NULL, 8000, false, true},
    [PX_CRITERION_SUSTAINABLE] = {"criterion_sustainable", N_("Sustainable"), NULL, 8000, false,
                                  true},
    [PX_CRITERION_EFFICIENT] = {"criterion_efficient", N_("Efficient"), NULL, 8000, false, true},
    [PX_LINKS] = {"links", N_("Links"),
                  N_("One web address per line, optionally followed by a space and a label."), 4000,
                  false, false},
};

const enum practice_text practice_sections[4] = {PX_SITUATION, PX_IMPLEMENTATION, PX_RESULTS,
                                                 PX_TRANSFER};
const enum practice_text practice_criteria[4] = {PX_CRITERION_TRANSFERABLE, PX_CRITERION_INNOVATIVE,
                                                 PX_CRITERION_SUSTAINABLE, PX_CRITERION_EFFICIENT};
const char *const practice_term_kinds[] = {"handlungsfeld", "zielgruppe", "adressat", "bundesland",
                                           NULL};

static const char *const status_names[] = {"unpublished", "published", "archived"};

const char *
practice_status_name(enum practice_status s)
{
	return status_names[s];
}

int
practice_status_parse(const char *name)
{
	for (int i = 0; i < 3; i++)
		if (name && strcmp(name, status_names[i]) == 0)
			return i;
	return -1;
}

const char *
practice_status_label(enum practice_status s)
{
	switch (s) {
	case PRACTICE_PUBLISHED:
		return N_("published");
	case PRACTICE_ARCHIVED:
		return N_("archived");
	default:
		return N_("not published");
	}
}

/* ---- slugs ---- */

void
practice_slugify(const char *title, char *out)
{
	size_t n = strlen(title), o = 0;
	bool dash = false;
	for (size_t i = 0; i < n && o < PRACTICE_SLUG_MAX;) {
		unsigned cp;
		i += search_utf8_next(title + i, n - i, &cp);
		char tmp[4];
		size_t k;
		/* German transliteration for addresses: Förderung → foerderung. */
		switch (cp) {
		case 0xC4:
		case 0xE4:
			memcpy(tmp, "ae", 2);
			k = 2;
			break;
		case 0xD6:
		case 0xF6:
			memcpy(tmp, "oe", 2);
			k = 2;
			break;
		case 0xDC:
		case 0xFC:
			memcpy(tmp, "ue", 2);
			k = 2;
			break;
		default:
			k = search_fold_cp(cp, tmp);
		}
		for (size_t j = 0; j < k && o < PRACTICE_SLUG_MAX; j++) {
			char c = tmp[j];
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				if (dash && o > 0)
					out[o++] = '-';
				dash = false;
				if (o < PRACTICE_SLUG_MAX)
					out[o++] = c;
			} else {
				dash = true;
			}
		}
	}
	out[o] = '\0';
	/* Cut at the last hyphen when the title went on, so no word is cut in half. */
	if (o == PRACTICE_SLUG_MAX) {
		char *last = strrchr(out, '-');
		if (last && last - out >= PRACTICE_SLUG_MAX / 2)
			*last = '\0';
	}
	while (o > 0 && out[o - 1] == '-')
		out[--o] = '\0';
	if (!out[0])
		strcpy(out, "praxis");
}

bool
practice_slug_valid(const char *slug)
{
	size_t n = strlen(slug);
	if (n == 0 || n > PRACTICE_SLUG_MAX || slug[0] == '-' || slug[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = slug[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
		if (c == '-' && slug[i + 1] == '-')
			return false;
	}
	return true;
}

static const struct store_query q_slug_taken = {
    "practice_slug_taken", "SELECT count(*) FROM practice WHERE slug = ?1 AND id <> ?2"};

static bool
slug_taken(struct store *s, const char *slug, int64_t self_id)
{
	struct stmt *st = store_stmt(s, &q_slug_taken);
	stmt_bind_text(st, 1, slug);
	stmt_bind_int(st, 2, self_id);
	bool taken = stmt_step(st) == STORE_ROW && stmt_int(st, 0) > 0;
	stmt_done(st);
	return taken;
}

int
practice_unique_slug(struct store *s, const char *base, int64_t self_id, char *out)
{
	snprintf(out, PRACTICE_SLUG_MAX + 1, "%s", base);
	for (int i = 2; i < 10000; i++) {
		if (!slug_taken(s, out, self_id))
			return PRACTICE_OK;
		char suffix[8];
		int k = snprintf(suffix, sizeof suffix, "-%d", i);
		size_t keep = strlen(base);
		if (keep + (size_t)k > PRACTICE_SLUG_MAX)
			keep = PRACTICE_SLUG_MAX - (size_t)k;
		while (keep > 0 && base[keep - 1] == '-')
			keep--;
		snprintf(out, PRACTICE_SLUG_MAX + 1, "%.*s%s", (int)keep, base, suffix);
	}
	return PRACTICE_ERROR;
}

/* ---- links ---- */

static bool
url_ok(const char *url, size_t n)
{
	if (!(n > 8 && strncmp(url, "https://", 8) == 0) &&
	    !(n > 7 && strncmp(url, "http://", 7) == 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || strchr("\"<>\\^`{|}", url[i]))
			return false;
	return true;
}

struct practice_link *
practice_links(struct arena *a, const char *links, size_t *n)
{
	struct practice_link *out = NULL;
	size_t count = 0, cap = 0;
	const char *p = links ? links : "";
	while (*p) {
		size_t len = strcspn(p, "\n");
		char *line = str_trim(arena_strndup(a, p, len));
		p += len + (p[len] == '\n');
		if (!*line)
			continue;
		size_t ulen = strcspn(line, " \t");
		if (!url_ok(line, ulen))
			continue;
		const char *label = "";
		if (line[ulen]) {
			line[ulen] = '\0';
			label = str_trim(line + ulen + 1);
		}
		struct practice_link *l = ARENA_PUSH(a, out, count, cap);
		l->url = line;
		l->label = *label ? label : line;
	}
	*n = count;
	return out;
}

/* ---- checks ---- */

static bool
kind_ok(const char *kind)
{
	static const char *const kinds[] = {
	    "",         "network", "fachstelle", "funder", "transfer_project", "teilprojekt",
	    "external", NULL};
	for (const char *const *k = kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

static bool
term_kind_ok(const char *kind)
{
	for (const char *const *k = practice_term_kinds; *k; k++)
		if (strcmp(*k, kind) == 0)
			return true;
	return false;
}

static const struct store_query q_has_term = {
    "practice_has_term",
    "SELECT count(*) FROM practice_term WHERE practice_id = ?1 AND term_id = ?2"};
static const struct store_query q_has_art = {
    "practice_has_art", "SELECT count(*) FROM practice WHERE id = ?1 AND art_id = ?2"};

static bool
has_already(struct store *s, const struct store_query *q, int64_t self_id, int64_t term)
{
	if (!self_id)
		return false;
	struct stmt *st = store_stmt(s, q);
	stmt_bind_int(st, 1, self_id);
	stmt_bind_int(st, 2, term);
	bool yes = stmt_step(st) == STORE_ROW && stmt_int(st, 0) > 0;
	stmt_done(st);
	return yes;
}

struct problems {
	struct practice_problem *out;
	size_t max, n;
};

static void
problem(struct problems *p, const char *field, const char *msgid)
{
	if (p->n < p->max)
		p->out[p->n] = (struct practice_problem){field, msgid};
	p->n++;
}

static const char *
text_of(const struct practice_input *in, enum practice_text t)
{
	return in->text[t] ? in->text[t] : "";
}

static void
check_texts(const struct practice_input *in, bool publishing, struct problems *p)
{
	for (int i = 0; i < PX_COUNT; i++) {
		const struct practice_field *f = &practice_fields[i];
		const char *v = text_of(in, (enum practice_text)i);
		size_t n = strlen(v);
		if (!str_utf8_valid(v, n)) {
			problem(p, f->key,
			        N_("The text contains characters that are not allowed."));
			continue;
		}
		bool blank = true;
		for (const char *c = v; *c && blank; c++)
			blank = *c == ' ' || *c == '\t' || *c == '\r' || *c == '\n';
		if (blank) {
			if ((publishing && f->required) || i == PX_TITLE)
				problem(p, f->key, N_("This field is required."));
			continue;
		}
		if ((int64_t)str_utf8_len(v) > f->max)
			problem(p, f->key, N_("The text is too long."));
		else if (!f->markdown && i != PX_LINKS && i != PX_TEASER && strpbrk(v, "\r\n\t"))
			problem(p, f->key, N_("Please enter a single line."));
	}
	if (*text_of(in, PX_CONTACT_EMAIL) && !str_is_email(text_of(in, PX_CONTACT_EMAIL)))
		problem(p, "contact_email", N_("Please enter a valid e-mail address."));
	if (!kind_ok(text_of(in, PX_ORGANISATION_KIND)))
		problem(p, "organisation_kind", N_("Please choose one of the options."));
	const char *l = text_of(in, PX_LINKS);
	while (*l) {
		size_t len = strcspn(l, "\n");
		size_t start = 0;
		while (start < len && (l[start] == ' ' || l[start] == '\t' || l[start] == '\r'))
			start++;
		size_t ulen = strcspn(l + start, " \t\r\n");
		if (start < len && !url_ok(l + start, ulen)) {
			problem(
			    p, "links",
			    N_("Each line must start with a web address (http:// or https://)."));
			break;
		}
		l += len + (l[len] == '\n');
	}
}

static void
check_terms(struct store *s, const struct practice_input *in, int64_t self_id, bool publishing,
            struct problems *p)
{
	struct arena a = {0};
	struct term t;
	if (in->art_id) {
		if (!taxonomy_find(s, &a, in->art_id, "art", &t) ||
		    (t.retired && !has_already(s, &q_has_art, self_id, t.id)))
			problem(p, "art", N_("Please choose one of the options."));
	} else if (publishing) {
		problem(p, "art", N_("Please choose the kind of practice."));
	}
	if (in->nterms > PRACTICE_MAX_TERMS)
		problem(p, "terms", N_("Please choose fewer terms."));
	for (size_t i = 0; i < in->nterms && i < PRACTICE_MAX_TERMS; i++) {
		if (!taxonomy_find(s, &a, in->term_ids[i], NULL, &t) || !term_kind_ok(t.kind) ||
		    (t.retired && !has_already(s, &q_has_term, self_id, t.id))) {
			problem(p, "terms", N_("Please choose one of the options."));
			break;
		}
	}
	arena_free(&a);
}

size_t
practice_check(struct store *s, const struct practice_input *in, int64_t self_id, bool publishing,
               struct practice_problem *out, size_t max)
{
	struct problems p = {out, max, 0};
	check_texts(in, publishing, &p);
	if (in->slug && in->slug[0]) {
		if (!practice_slug_valid(in->slug))
			problem(
			    &p, "slug",
			    N_("Use lower-case letters, digits and single hyphens (at most 80)."));
		else if (slug_taken(s, in->slug, self_id))
			problem(&p, "slug", N_("Another practice has this address already."));
	}
	check_terms(s, in, self_id, publishing, &p);
	return p.n;
}

/* ---- reading ---- */

#define TEXT_COLS                                                                                  \
	"title, teaser, organisation_name, organisation_kind, bundesland, contact_name, "          \
	"contact_email, contact_phone, in_use_since, situation, implementation, results, "         \
	"transfer, criterion_transferable, criterion_innovative, criterion_sustainable, "          \
	"criterion_efficient, links"

static const struct store_query q_find = {
    "practice_find", "SELECT id, coalesce(proposal_id, 0), slug, " TEXT_COLS
                     ", coalesce(art_id, 0), status, coalesce(published_at, 0), updated_at, "
                     "created_at FROM practice WHERE id = ?1"};
/* The same row by its address: a public page asks for it in one query, not for its id
 * first. */
static const struct store_query q_find_slug = {
    "practice_find_slug", "SELECT id, coalesce(proposal_id, 0), slug, " TEXT_COLS
                          ", coalesce(art_id, 0), status, coalesce(published_at, 0), "
                          "updated_at, created_at FROM practice WHERE slug = ?1 AND (?2 = 0 "
                          "OR status = 'published')"};
static const struct store_query q_terms = {
    "practice_terms",
    "SELECT t.id, t.kind, t.key, t.label_de, t.label_en, t.position, t.retired "
    "FROM practice_term x JOIN taxonomy_term t ON t.id = x.term_id WHERE x.practice_id = ?1 "
    "ORDER BY CASE t.kind WHEN 'handlungsfeld' THEN 1 WHEN 'zielgruppe' THEN 2 "
    "WHEN 'adressat' THEN 3 ELSE 4 END, t.position, t.label_de"};
static const struct store_query q_of_proposal = {"practice_of_proposal",
                                                 "SELECT id FROM practice WHERE proposal_id = ?1"};

/* The practice of st's row (q_find's columns, bound), with its Art and terms. */
static bool
find_row(struct store *s, struct arena *a, struct stmt *st, struct practice *out)
{
	memset(out, 0, sizeof *out);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		return false;
	}
	out->id = stmt_int(st, 0);
	out->proposal_id = stmt_int(st, 1);
	out->slug = arena_strdup(a, stmt_text(st, 2));
	for (int i = 0; i < PX_COUNT; i++)
		out->text[i] = arena_strdup(a, stmt_text(st, 3 + i));
	out->art_id = stmt_int(st, 3 + PX_COUNT);
	int status = practice_status_parse(stmt_text(st, 4 + PX_COUNT));
	out->status = status < 0 ? PRACTICE_UNPUBLISHED : (enum practice_status)status;
	out->published_at = stmt_int(st, 5 + PX_COUNT);
	out->updated_at = stmt_int(st, 6 + PX_COUNT);
	out->created_at = stmt_int(st, 7 + PX_COUNT);
	stmt_done(st);
	if (out->art_id && !taxonomy_find(s, a, out->art_id, "art", &out->art))
		out->art_id = 0;
	st = store_stmt(s, &q_terms);
	stmt_bind_int(st, 1, out->id);
	while (out->nterms < PRACTICE_MAX_TERMS && stmt_step(st) == STORE_ROW) {
		struct term *t = &out->terms[out->nterms++];
		t->id = stmt_int(st, 0);
		t->kind = arena_strdup(a, stmt_text(st, 1));
		t->key = arena_strdup(a, stmt_text(st, 2));
		t->label_de = arena_strdup(a, stmt_text(st, 3));
		t->label_en = arena_strdup(a, stmt_text(st, 4));
		t->position = (int)stmt_int(st, 5);
		t->retired = stmt_int(st, 6) != 0;
	}
	stmt_done(st);
	return true;
}

bool
practice_find_slug(struct store *s, struct arena *a, const char *slug, bool published_only,
                   struct practice *out)
{
	struct stmt *st = store_stmt(s, &q_find_slug);
	stmt_bind_text(st, 1, slug);
	stmt_bind_int(st, 2, published_only);
	return find_row(s, a, st, out);
}

bool
practice_find(struct store *s, struct arena *a, int64_t id, struct practice *out)
{
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	return find_row(s, a, st, out);
}

int64_t
practice_of_proposal(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_of_proposal);
	stmt_bind_int(st, 1, proposal_id);
	return stmt_one_int(st);
}

static const struct store_query q_candidates = {
    "practice_candidates",
    "SELECT p.id, p.title, o.name FROM proposal p JOIN organisation o ON o.id = "
    "p.organisation_id WHERE p.state = 'selected' AND NOT EXISTS (SELECT 1 FROM practice x "
    "WHERE x.proposal_id = p.id) ORDER BY p.updated_at DESC, p.id DESC"};

struct practice_candidate *
practice_candidates(struct store *s, struct arena *a, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_candidates);
	struct practice_candidate *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW) {
		struct practice_candidate *o = ARENA_PUSH(a, out, *n, cap);
		o->proposal_id = stmt_int(st, 0);
		o->title = arena_strdup(a, stmt_text(st, 1));
		o->organisation_name = arena_strdup(a, stmt_text(st, 2));
	}
	stmt_done(st);
	return out;
}

static const struct store_query q_admin_list = {
    "practice_admin_list",
    "SELECT id, slug, title, status, coalesce(published_at, 0), updated_at FROM practice "
    "WHERE ?1 IS NULL OR status = ?1 ORDER BY updated_at DESC, id DESC LIMIT ?2 OFFSET ?3"};
static const struct store_query q_admin_count = {
    "practice_admin_count", "SELECT count(*) FROM practice WHERE ?1 IS NULL OR status = ?1"};

size_t
practice_admin_list(struct store *s, struct arena *a, int status, struct practice_row *out,
                    size_t max, size_t offset, size_t *total)
{
	const char *name = status >= 0 ? status_names[status] : NULL;
	struct stmt *st = store_stmt(s, &q_admin_count);
	stmt_bind_text(st, 1, name);
	*total = stmt_step(st) == STORE_ROW ? (size_t)stmt_int(st, 0) : 0;
	stmt_done(st);
	st = store_stmt(s, &q_admin_list);
	stmt_bind_text(st, 1, name);
	stmt_bind_int(st, 2, (int64_t)max);
	stmt_bind_int(st, 3, (int64_t)offset);
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		struct practice_row *row = &out[n++];
		row->id = stmt_int(st, 0);
		row->slug = arena_strdup(a, stmt_text(st, 1));
		row->title = arena_strdup(a, stmt_text(st, 2));
		int v = practice_status_parse(stmt_text(st, 3));
		row->status = v < 0 ? PRACTICE_UNPUBLISHED : (enum practice_status)v;
		row->published_at = stmt_int(st, 4);
		row->updated_at = stmt_int(st, 5);
	}
	stmt_done(st);
	return n;
}

/* ---- writing ---- */

static const struct store_query q_insert = {
    "practice_insert",
    "INSERT INTO practice(" TEXT_COLS ", slug, title_sort, art_id, proposal_id, status, "
    "updated_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, nullif(?21, 0), nullif(?22, 0), 'unpublished', ?23, "
    "?23) RETURNING id"};
static const struct store_query q_update = {
    "practice_update",
    "UPDATE practice SET title = ?1, teaser = ?2, organisation_name = ?3, organisation_kind = "
    "?4, bundesland = ?5, contact_name = ?6, contact_email = ?7, contact_phone = ?8, "
    "in_use_since = ?9, situation = ?10, implementation = ?11, results = ?12, transfer = ?13, "
    "criterion_transferable = ?14, criterion_innovative = ?15, criterion_sustainable = ?16, "
    "criterion_efficient = ?17, links = ?18, slug = ?19, title_sort = ?20, "
    "art_id = nullif(?21, 0), updated_at = ?23 WHERE id = ?24"};
static const struct store_query q_terms_clear = {
    "practice_terms_clear", "DELETE FROM practice_term WHERE practice_id = ?1"};
static const struct store_query q_term_add = {
    "practice_term_add", "INSERT INTO practice_term(practice_id, term_id) VALUES (?1, ?2) "
                         "ON CONFLICT DO NOTHING"};

/* Texts are stored without outer white space, as the form gives them. malloc'd. */
static char *
trimmed(const char *v)
{
	size_t start = strspn(v, " \t\r\n"), end = strlen(v);
	while (end > start && strchr(" \t\r\n", v[end - 1]))
		end--;
	return xstrndup(v + start, end - start);
}

static void
bind_fields(struct stmt *st, const struct practice_input *in, const char *slug, int64_t now)
{
	for (int i = 0; i < PX_COUNT; i++) {
		char *t = trimmed(text_of(in, (enum practice_text)i));
		stmt_bind_text(st, i + 1, t);
		free(t);
	}
	stmt_bind_text(st, 19, slug);
	search_bind_sort_key(st, 20, text_of(in, PX_TITLE));
	stmt_bind_int(st, 21, in->art_id);
	stmt_bind_int(st, 23, now);
}

static int
write_terms(struct store *s, int64_t id, const int64_t *ids, size_t n)
{
	struct stmt *st = store_stmt(s, &q_terms_clear);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK)
		return PRACTICE_ERROR;
	for (size_t i = 0; i < n; i++) {
		st = store_stmt(s, &q_term_add);
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, ids[i]);
		if (stmt_exec(st) != STORE_OK)
			return PRACTICE_ERROR;
	}
	return PRACTICE_OK;
}

static const char *
object_name(char *buf, size_t n, int64_t id)
{
	snprintf(buf, n, "practice:%lld", (long long)id);
	return buf;
}

static int
audit_practice(struct store *s, int64_t actor, int64_t id, const char *action, json_t *details)
{
	char obj[40];
	return audit_log(s, actor, action, object_name(obj, sizeof obj, id), details) == 0
	           ? PRACTICE_OK
	           : PRACTICE_ERROR;
}

/* Inserts without audit: the callers audit with what they know (form, proposal, import). */
static int64_t
insert(struct store *s, const struct practice_input *in, int64_t proposal_id, char *slug)
{
	struct practice_problem pr[1];
	if (practice_check(s, in, 0, false, pr, 1) > 0)
		return PRACTICE_INVALID;
	char base[PRACTICE_SLUG_MAX + 1];
	if (in->slug && in->slug[0])
		snprintf(base, sizeof base, "%s", in->slug);
	else
		practice_slugify(text_of(in, PX_TITLE), base);
	if (practice_unique_slug(s, base, 0, slug) != PRACTICE_OK)
		return PRACTICE_ERROR;
	struct stmt *st = store_stmt(s, &q_insert);
	bind_fields(st, in, slug, time_now());
	stmt_bind_int(st, 22, proposal_id);
	int64_t id;
	if (stmt_insert(st, &id) != STORE_OK)
		return PRACTICE_ERROR;
	if (write_terms(s, id, in->term_ids, in->nterms) != PRACTICE_OK)
		return PRACTICE_ERROR;
	return id;
}

int64_t
practice_create(struct store *s, int64_t actor, const struct practice_input *in)
{
	store_assert_tx(s);
	char slug[PRACTICE_SLUG_MAX + 1];
	int64_t id = insert(s, in, 0, slug);
	if (id <= 0)
		return id;
	if (audit_practice(s, actor, id, "practice.create",
	                   json_pack("{s:s,s:s}", "slug", slug, "title", text_of(in, PX_TITLE))))
		return PRACTICE_ERROR;
	return id;
}

static const struct store_query q_imported = {
    "practice_imported",
    "UPDATE practice SET status = ?2, published_at = nullif(?3, 0), updated_at = ?4, "
    "created_at = CASE WHEN created_at < ?4 THEN created_at ELSE ?4 END WHERE id = ?1"};

int64_t
practice_create_imported(struct store *s, int64_t actor, const struct practice_input *in,
                         enum practice_status status, int64_t published_at, int64_t updated_at)
{
	store_assert_tx(s);
	char slug[PRACTICE_SLUG_MAX + 1];
	int64_t id = insert(s, in, 0, slug);
	if (id <= 0)
		return id;
	if (!updated_at)
		updated_at = published_at ? published_at : time_now();
	if (status == PRACTICE_PUBLISHED && !published_at)
		published_at = updated_at;
	struct stmt *st = store_stmt(s, &q_imported);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, status_names[status]);
	stmt_bind_int(st, 3, published_at);
	stmt_bind_int(st, 4, updated_at);
	if (stmt_exec(st) != STORE_OK)
		return PRACTICE_ERROR;
	if (audit_practice(s, actor, id, "practice.import",
	                   json_pack("{s:s,s:s,s:s}", "slug", slug, "title", text_of(in, PX_TITLE),
	                             "status", status_names[status])))
		return PRACTICE_ERROR;
	return id;
}

static bool
same_terms(const struct practice *old, const struct practice_input *in)
{
	if (old->nterms != in->nterms)
		return false;
	for (size_t i = 0; i < in->nterms; i++) {
		bool found = false;
		for (size_t j = 0; j < old->nterms && !found; j++)
			found = old->terms[j].id == in->term_ids[i];
		if (!found)
			return false;
	}
	/* And the other way round (the input may name a term twice). */
	for (size_t j = 0; j < old->nterms; j++) {
		bool found = false;
		for (size_t i = 0; i < in->nterms && !found; i++)
			found = old->terms[j].id == in->term_ids[i];
		if (!found)
			return false;
	}
	return true;
}

enum practice_code
practice_update(struct store *s, int64_t actor, int64_t id, const struct practice_input *in)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct practice old;
	int rc = PRACTICE_NOT_FOUND;
	if (!practice_find(s, &a, id, &old))
		goto out;
	rc = PRACTICE_INVALID;
	struct practice_problem pr[1];
	if (practice_check(s, in, id, old.status == PRACTICE_PUBLISHED, pr, 1) > 0)
		goto out;
	const char *slug = in->slug && in->slug[0] ? in->slug : old.slug;
	/* Published addresses are promises: bookmarks and feed readers keep them. */
	if (strcmp(slug, old.slug) != 0 && old.published_at)
		goto out;
	json_t *changed = json_array();
	for (int i = 0; i < PX_COUNT; i++) {
		char *t = trimmed(text_of(in, (enum practice_text)i));
		if (strcmp(t, old.text[i]) != 0)
			json_array_append_new(changed, json_string(practice_fields[i].key));
		free(t);
	}
	if (strcmp(slug, old.slug) != 0)
		json_array_append_new(changed, json_string("slug"));
	if (in->art_id != old.art_id)
		json_array_append_new(changed, json_string("art"));
	bool terms_same = same_terms(&old, in);
	if (!terms_same)
		json_array_append_new(changed, json_string("terms"));
	rc = PRACTICE_ERROR;
	struct stmt *st = store_stmt(s, &q_update);
	bind_fields(st, in, slug, time_now());
	stmt_bind_int(st, 24, id);
	/* Terms written anew only when they changed: each written term re-indexes a published
	 * practice (its labels are in the text index, 029_search_fields.sql). */
	if (stmt_exec(st) != STORE_OK ||
	    (!terms_same && write_terms(s, id, in->term_ids, in->nterms) != 0)) {
		json_decref(changed);
		goto out;
	}
	rc = audit_practice(s, actor, id, "practice.update", json_pack("{s:o}", "fields", changed));
out:
	arena_free(&a);
	return rc;
}

static const struct store_query q_status = {
    "practice_status",
    "UPDATE practice SET status = ?2, updated_at = ?3, published_at = CASE WHEN ?2 = "
    "'published' THEN coalesce(published_at, ?3) ELSE published_at END WHERE id = ?1 AND "
    "status = ?4"};

static bool
blank(const char *v)
{
	return !v || !v[strspn(v, " \t\r\n")];
}

size_t
practice_publish_missing(struct store *s, const struct practice *p, struct practice_problem *out,
                         size_t max)
{
	struct practice_input in = {.slug = p->slug, .art_id = p->art_id};
	for (int i = 0; i < PX_COUNT; i++)
		in.text[i] = p->text[i];
	int64_t ids[PRACTICE_MAX_TERMS];
	for (size_t i = 0; i < p->nterms; i++)
		ids[i] = p->terms[i].id;
	in.term_ids = ids;
	in.nterms = p->nterms;
	struct problems pr = {out, max, 0};
	pr.n = practice_check(s, &in, p->id, true, out, max);
	/* The same messages as the proposal form's, which asks for the same. */
	static const char *const kind_msg[] = {N_("Please choose at least one field of action."),
	                                       N_("Please choose at least one target group."),
	                                       N_("Please choose at least one addressee."),
	                                       N_("Please choose at least one federal state.")};
	for (size_t k = 0; practice_term_kinds[k]; k++) {
		bool has = false;
		for (size_t i = 0; i < p->nterms && !has; i++)
			has = strcmp(p->terms[i].kind, practice_term_kinds[k]) == 0;
		if (!has)
			problem(&pr, "term", kind_msg[k]);
	}
	for (size_t i = 0; i < 4; i++)
		if (blank(p->text[practice_criteria[i]]))
			problem(&pr, practice_fields[practice_criteria[i]].key,
			        N_("This field is required."));
	if (blank(p->text[PX_CONTACT_NAME]))
		problem(&pr, "contact_name", N_("This field is required."));
	if (blank(p->text[PX_CONTACT_EMAIL]))
		problem(&pr, "contact_email", N_("This field is required."));
	return pr.n;
}

/* Moves a practice to status `to` if it is in one of the `from` statuses. */
static int
set_status(struct store *s, int64_t actor, int64_t id, enum practice_status to, unsigned from,
           const char *action)
{
	struct arena a = {0};
	struct practice p;
	int rc = PRACTICE_NOT_FOUND;
	if (!practice_find(s, &a, id, &p))
		goto out;
	rc = PRACTICE_WRONG_STATE;
	if (!(from & (1u << p.status)))
		goto out;
	if (to == PRACTICE_PUBLISHED) {
		struct practice_input in = {.slug = p.slug, .art_id = p.art_id};
		for (int i = 0; i < PX_COUNT; i++)
			in.text[i] = p.text[i];
		int64_t ids[PRACTICE_MAX_TERMS];
		for (size_t i = 0; i < p.nterms; i++)
			ids[i] = p.terms[i].id;
		in.term_ids = ids;
		in.nterms = p.nterms;
		struct practice_problem pr[1];
		rc = PRACTICE_INCOMPLETE;
		if (practice_check(s, &in, id, true, pr, 1) > 0)
			goto out;
	}
	rc = PRACTICE_ERROR;
	struct stmt *st = store_stmt(s, &q_status);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, status_names[to]);
	stmt_bind_int(st, 3, time_now());
	stmt_bind_text(st, 4, status_names[p.status]);
	if (stmt_exec(st) != STORE_OK)
		goto out;
	/* Guarded by the status read above: a concurrent change in between is refused. */
	rc = PRACTICE_WRONG_STATE;
	if (store_changes(s) != 1)
		goto out;
	rc = audit_practice(s, actor, id, action,
	                    json_pack("{s:s,s:s,s:s}", "slug", p.slug, "from",
	                              status_names[p.status], "to", status_names[to]));
out:
	arena_free(&a);
	return rc;
}

#define FROM(x) (1u << (x))

static const struct store_query q_proposal_published = {
    "practice_proposal_published",
    "UPDATE proposal SET state = 'published', updated_at = ?2, updated_by = coalesce(nullif(?3, "
    "0), updated_by) WHERE state = 'selected' AND "
    "id = (SELECT proposal_id FROM practice WHERE id = ?1)"};
static const struct store_query q_proposal_of = {
    "practice_proposal_of", "SELECT coalesce(proposal_id, 0) FROM practice WHERE id = ?1"};

/* The first publication of a practice made from a selected proposal completes that
 * proposal's way: it becomes published, in the same transaction and the audit log. */
static int
proposal_published(struct store *s, int64_t actor, int64_t id)
{
	struct stmt *st = store_stmt(s, &q_proposal_of);
	stmt_bind_int(st, 1, id);
	int64_t proposal = stmt_one_int(st);
	if (!proposal)
		return PRACTICE_OK;
	st = store_stmt(s, &q_proposal_published);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, time_now());
	stmt_bind_int(st, 3, actor);
	if (stmt_exec(st) != STORE_OK)
		return PRACTICE_ERROR;
	if (store_changes(s) == 0)
		return PRACTICE_OK;
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)proposal);
	return audit_log(s, actor, "proposal.published", obj,
	                 json_pack("{s:I}", "practice", (json_int_t)id)) == 0
	           ? PRACTICE_OK
	           : PRACTICE_ERROR;
}

enum practice_code
practice_publish(struct store *s, int64_t actor, int64_t id)
{
	int rc =
	    set_status(s, actor, id, PRACTICE_PUBLISHED,
	               FROM(PRACTICE_UNPUBLISHED) | FROM(PRACTICE_ARCHIVED), "practice.publish");
	return rc == PRACTICE_OK ? proposal_published(s, actor, id) : rc;
}

enum practice_code
practice_publish_complete(struct store *s, int64_t actor, int64_t id)
{
	struct arena a = {0};
	struct practice p;
	struct practice_problem pr[1];
	int rc = PRACTICE_NOT_FOUND;
	if (practice_find(s, &a, id, &p))
		rc = practice_publish_missing(s, &p, pr, 1) > 0 ? PRACTICE_INCOMPLETE
		                                                : practice_publish(s, actor, id);
	arena_free(&a);
	return rc;
}

enum practice_code
practice_unpublish(struct store *s, int64_t actor, int64_t id)
{
	return set_status(s, actor, id, PRACTICE_UNPUBLISHED,
	                  FROM(PRACTICE_PUBLISHED) | FROM(PRACTICE_ARCHIVED), "practice.unpublish");
}

enum practice_code
practice_archive(struct store *s, int64_t actor, int64_t id)
{
	return set_status(s, actor, id, PRACTICE_ARCHIVED,
	                  FROM(PRACTICE_PUBLISHED) | FROM(PRACTICE_UNPUBLISHED),
	                  "practice.archive");
}

/* ---- from a proposal ---- */

static const struct store_query q_proposal = {
    "practice_proposal",
    "SELECT p.state, p.title, p.teaser, coalesce(p.art_id, 0), p.in_use_since, p.situation, "
    "p.implementation, p.experience, p.results, p.transfer_requirements, p.transfer_effort, "
    "p.transfer_materials, p.links, p.contact_name, p.contact_email, p.contact_phone, o.name, "
    "o.kind, o.bundesland FROM proposal p JOIN organisation o ON o.id = p.organisation_id "
    "WHERE p.id = ?1"};
static const struct store_query q_proposal_terms = {
    "practice_proposal_terms", "SELECT term_id FROM proposal_term WHERE proposal_id = ?1"};
static const struct store_query q_proposal_self = {
    "practice_proposal_self",
    "SELECT criterion_key, body FROM self_assessment WHERE proposal_id = ?1 AND body <> '' "
    "ORDER BY criterion_key"};

/* Appends a part under a bold heading (German: the practice's text is German content). */
static void
part(struct buf *b, const char *heading, const char *text)
{
	if (!text || !*text)
		return;
	if (b->len)
		buf_puts(b, "\n\n");
	if (heading)
		buf_printf(b, "**%s**\n\n", heading);
	buf_puts(b, text);
}

static const char *
keep(struct arena *a, struct buf *b)
{
	const char *s = arena_strdup(a, buf_str(b));
	buf_free(b);
	return s;
}

/* The criteria texts from the self-assessment; "efficient" has two children. */
static void
criteria_from_self(struct store *s, struct arena *a, int64_t proposal_id, struct practice_input *in)
{
	struct buf c[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	struct buf creation = BUF_INIT, transfer = BUF_INIT;
	struct stmt *st = store_stmt(s, &q_proposal_self);
	stmt_bind_int(st, 1, proposal_id);
	while (stmt_step(st) == STORE_ROW) {
		const char *key = stmt_text(st, 0), *body = stmt_text(st, 1);
		if (strcmp(key, "transferable") == 0)
			part(&c[0], NULL, body);
		else if (strcmp(key, "innovative") == 0)
			part(&c[1], NULL, body);
		else if (strcmp(key, "sustainable") == 0)
			part(&c[2], NULL, body);
		else if (strcmp(key, "efficient") == 0)
			part(&c[3], NULL, body);
		else if (strcmp(key, "efficient_creation") == 0)
			part(&creation, NULL, body);
		else if (strcmp(key, "efficient_transfer") == 0)
			part(&transfer, NULL, body);
	}
	stmt_done(st);
	part(&c[3], "In der Erstellung", buf_str(&creation));
	part(&c[3], "Im Transfer", buf_str(&transfer));
	buf_free(&creation);
	buf_free(&transfer);
	for (int i = 0; i < 4; i++)
		in->text[practice_criteria[i]] = keep(a, &c[i]);
}

int64_t
practice_create_from_proposal(struct store *s, int64_t actor, int64_t proposal_id)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct practice_input in = {0};
	int64_t rc = PRACTICE_NOT_FOUND;
	struct stmt *st = store_stmt(s, &q_proposal);
	stmt_bind_int(st, 1, proposal_id);
	if (stmt_step(st) != STORE_ROW) {
		stmt_done(st);
		goto out;
	}
	const char *state = arena_strdup(&a, stmt_text(st, 0));
#define COL(i) arena_strdup(&a, stmt_text(st, i))
	in.text[PX_TITLE] = COL(1);
	in.text[PX_TEASER] = COL(2);
	in.art_id = stmt_int(st, 3);
	in.text[PX_IN_USE_SINCE] = COL(4);
	in.text[PX_SITUATION] = COL(5);
	struct buf impl = BUF_INIT, transfer = BUF_INIT;
	part(&impl, NULL, stmt_text(st, 6));
	part(&impl, "Erfahrungen", stmt_text(st, 7));
	in.text[PX_IMPLEMENTATION] = keep(&a, &impl);
	in.text[PX_RESULTS] = COL(8);
	part(&transfer, "Voraussetzungen", stmt_text(st, 9));
	part(&transfer, "Aufwand", stmt_text(st, 10));
	part(&transfer, "Materialien", stmt_text(st, 11));
	in.text[PX_TRANSFER] = keep(&a, &transfer);
	in.text[PX_LINKS] = COL(12);
	in.text[PX_CONTACT_NAME] = COL(13);
	in.text[PX_CONTACT_EMAIL] = COL(14);
	in.text[PX_CONTACT_PHONE] = COL(15);
	in.text[PX_ORGANISATION_NAME] = COL(16);
	in.text[PX_ORGANISATION_KIND] = COL(17);
	in.text[PX_BUNDESLAND] = COL(18);
#undef COL
	stmt_done(st);
	rc = PRACTICE_WRONG_STATE;
	if (strcmp(state, "selected") != 0)
		goto out;
	rc = PRACTICE_EXISTS;
	if (practice_of_proposal(s, proposal_id))
		goto out;
	criteria_from_self(s, &a, proposal_id, &in);
	int64_t *ids = arena_alloc(&a, PRACTICE_MAX_TERMS * sizeof *ids);
	st = store_stmt(s, &q_proposal_terms);
	stmt_bind_int(st, 1, proposal_id);
	while (in.nterms < PRACTICE_MAX_TERMS && stmt_step(st) == STORE_ROW)
		ids[in.nterms++] = stmt_int(st, 0);
	stmt_done(st);
	in.term_ids = ids;
	char slug[PRACTICE_SLUG_MAX + 1];
	rc = insert(s, &in, proposal_id, slug);
	if (rc <= 0)
		goto out;
	if (audit_practice(s, actor, rc, "practice.create",
	                   json_pack("{s:s,s:s,s:I}", "slug", slug, "title", in.text[PX_TITLE],
	                             "proposal", (json_int_t)proposal_id)))
		rc = PRACTICE_ERROR;
out:
	arena_free(&a);
	return rc;
}

/* The JSON import of good practices: every record is checked before anything is written. */
#include "domain/practice_import.h"
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The term arrays of a record and the taxonomy kind of each. */
static const struct {
	const char *key, *kind;
} term_keys[] = {
    {"handlungsfelder", "handlungsfeld"},
    {"zielgruppen", "zielgruppe"},
    {"adressaten", "adressat"},
    {"bundeslaender", "bundesland"},
};
#define NTERM_KEYS (sizeof term_keys / sizeof term_keys[0])

struct record {
	struct practice_input in;
	enum practice_status status;
	int64_t published_at, updated_at;
	bool ok;
};

struct ctx {
	struct store *s;
	struct arena *a;
	struct import_result *res;
	size_t cap;
	size_t dropped; /* problems beyond IMPORT_MAX_PROBLEMS */
};

static void problem(struct ctx *c, size_t record, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
problem(struct ctx *c, size_t record, const char *field, const char *fmt, ...)
{
	struct import_result *r = c->res;
	if (r->nproblems == IMPORT_MAX_PROBLEMS) {
		c->dropped++;
		return;
	}
	if (r->nproblems == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct import_problem *p = arena_alloc(c->a, cap * sizeof *p);
		if (r->nproblems)
			memcpy(p, r->problems, r->nproblems * sizeof *p);
		r->problems = p;
		c->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	/* Keys from the JSON document die with it: copy. */
	r->problems[r->nproblems++] = (struct import_problem){record, arena_strdup(c->a, field),
	                                                      arena_strdup(c->a, buf_str(&b))};
	buf_free(&b);
}

/* "YYYY-MM-DD" (noon in Berlin, so the day and the year are right everywhere) or
 * "YYYY-MM-DDTHH:MM:SSZ". */
static bool
parse_time(const char *v, int64_t *out)
{
	int y, m, d, hh, mm, ss, n = 0;
	if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
		char local[20];
		snprintf(local, sizeof local, "%.10sT12:00", v);
		return time_parse_berlin(local, out);
	}
	if (strlen(v) == 20 &&
	    sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &m, &d, &hh, &mm, &ss, &n) == 6 &&
	    n == 20 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && hh < 24 && mm < 60 && ss < 61 &&
	    y >= 1970) {
		*out = time_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + hh * 3600 +
		       mm * 60 + ss;
		return true;
	}
	return false;
}

static int
text_index(const char *key)
{
	for (int i = 0; i < PX_COUNT; i++)
		if (strcmp(practice_fields[i].key, key) == 0)
			return i;
	return -1;
}

/* links: a string (one per line), or an array of "URL" or {"url": …, "label": …}. */
static const char *
read_links(struct ctx *c, size_t rec, json_t *v)
{
	if (json_is_string(v))
		return arena_strdup(c->a, json_string_value(v));
	if (!json_is_array(v)) {
		problem(c, rec, "links", "must be a list of web addresses");
		return NULL;
	}
	struct buf b = BUF_INIT;
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		const char *url = NULL, *label = "";
		if (json_is_string(item)) {
			url = json_string_value(item);
		} else if (json_is_object(item)) {
			url = json_string_value(json_object_get(item, "url"));
			const char *l = json_string_value(json_object_get(item, "label"));
			label = l ? l : "";
			if (json_object_size(item) != (size_t)(1 + (l != NULL)))
				url = NULL;
		}
		if (!url || strpbrk(url, " \t\r\n") || strpbrk(label, "\r\n")) {
			problem(c, rec, "links",
			        "link %zu: want \"URL\" or {\"url\": \"…\", \"label\": \"…\"}",
			        i + 1);
			continue;
		}
		buf_printf(&b, "%s%s%s\n", url, *label ? " " : "", label);
	}
	const char *s = arena_strdup(c->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static void
read_terms(struct ctx *c, size_t rec, const char *key, const char *kind, json_t *v, int64_t *ids,
           size_t *n)
{
	if (!json_is_array(v)) {
		problem(c, rec, key, "must be a list of keys");
		return;
	}
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item)
	{
		const char *k = json_string_value(item);
		struct term t;
		if (!k || !taxonomy_find_key(c->s, c->a, kind, k, &t) || t.retired) {
			problem(c, rec, key, "unknown key %s%s%s", k ? "\"" : "",
			        k ? k : "(not a string)", k ? "\"" : "");
			continue;
		}
		if (*n < PRACTICE_MAX_TERMS)
			ids[(*n)++] = t.id;
		else
			problem(c, rec, key, "too many terms");
	}
}

static void
read_record(struct ctx *c, size_t rec, json_t *obj, struct record *r)
{
	memset(r, 0, sizeof *r);
	r->status = PRACTICE_PUBLISHED;
	size_t before = c->res->nproblems + c->dropped;
	if (!json_is_object(obj)) {
		problem(c, rec, "", "a record must be a JSON object");
		return;
	}
	int64_t *ids = arena_alloc(c->a, PRACTICE_MAX_TERMS * sizeof *ids);
	r->in.term_ids = ids;
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		int t = text_index(key);
		if (t >= 0 && t != PX_LINKS) {
			if (!json_is_string(v))
				problem(c, rec, key, "must be a string");
			else
				r->in.text[t] = arena_strdup(c->a, json_string_value(v));
			continue;
		}
		if (t == PX_LINKS) {
			r->in.text[PX_LINKS] = read_links(c, rec, v);
			continue;
		}
		if (strcmp(key, "slug") == 0) {
			if (!json_is_string(v))
				problem(c, rec, key, "must be a string");
			else
				r->in.slug = arena_strdup(c->a, json_string_value(v));
			continue;
		}
		if (strcmp(key, "art") == 0) {
			const char *k = json_string_value(v);
			struct term term;
			if (!k || !taxonomy_find_key(c->s, c->a, "art", k, &term) || term.retired)
				problem(c, rec, key, "unknown key %s%s%s", k ? "\"" : "",
				        k ? k : "(not a string)", k ? "\"" : "");
			else
				r->in.art_id = term.id;
			continue;
		}
		if (strcmp(key, "status") == 0) {
			int st = practice_status_parse(json_string_value(v));
			if (st < 0)
				problem(c, rec, key,
				        "must be \"published\", \"unpublished\" or "
				        "\"archived\"");
			else
				r->status = (enum practice_status)st;
			continue;
		}
		if (strcmp(key, "published_at") == 0 || strcmp(key, "updated_at") == 0) {
			const char *s = json_string_value(v);
			int64_t *at = key[0] == 'p' ? &r->published_at : &r->updated_at;
			if (!s || !parse_time(s, at))
				problem(c, rec, key,
				        "want a date \"YYYY-MM-DD\" or a UTC time "
				        "\"YYYY-MM-DDTHH:MM:SSZ\"");
			continue;
		}
		bool known = false;
		for (size_t i = 0; i < NTERM_KEYS && !known; i++) {
			if (strcmp(key, term_keys[i].key) == 0) {
				read_terms(c, rec, key, term_keys[i].kind, v, ids, &r->in.nterms);
				known = true;
			}
		}
		if (!known)
			problem(c, rec, key, "unknown field");
	}
	if (r->status == PRACTICE_UNPUBLISHED && r->published_at)
		problem(c, rec, "published_at", "an unpublished practice has no publication date");
	if (r->updated_at && r->published_at && r->updated_at < r->published_at)
		problem(c, rec, "updated_at", "lies before published_at");
	r->ok = c->res->nproblems + c->dropped == before;
}

/* The rules practice_check applies (lengths, required fields for a published practice,
 * e-mail, links, slug form and uniqueness in the database). */
static void
check_record(struct ctx *c, size_t rec, struct record *r)
{
	struct practice_problem pr[PX_COUNT + 4];
	size_t n = practice_check(c->s, &r->in, 0, r->status != PRACTICE_UNPUBLISHED, pr,
	                          sizeof pr / sizeof pr[0]);
	for (size_t i = 0; i < n && i < sizeof pr / sizeof pr[0]; i++) {
		const char *field = pr[i].field;
		if (strcmp(field, "art") == 0 && !r->in.art_id)
			problem(c, rec, field, "is required");
		else
			problem(c, rec, field, "%s", pr[i].msgid);
	}
	if (n)
		r->ok = false;
}

static bool
read_top(struct ctx *c, json_t *root, json_t **list)
{
	if (!json_is_object(root)) {
		problem(c, 0, "", "the file must hold a JSON object with a \"practices\" list");
		return false;
	}
	const char *key;
	json_t *v;
	bool ok = true;
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "format") == 0) {
			const char *f = json_string_value(v);
			if (!f || strcmp(f, "leuchtturm-practices") != 0) {
				problem(c, 0, key, "must be \"leuchtturm-practices\"");
				ok = false;
			}
		} else if (strcmp(key, "version") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) != 1) {
				problem(c, 0, key, "this program reads version 1");
				ok = false;
			}
		} else if (strcmp(key, "practices") != 0) {
			problem(c, 0, key, "unknown field");
			ok = false;
		}
	}
	*list = json_object_get(root, "practices");
	if (!json_is_array(*list)) {
		problem(c, 0, "practices", "must be a list of records");
		return false;
	}
	if (json_array_size(*list) > IMPORT_MAX_RECORDS) {
		problem(c, 0, "practices", "more than %d records", IMPORT_MAX_RECORDS);
		return false;
	}
	return ok;
}

/* Explicit slugs must differ within the file too (the database check cannot see them). */
static void
check_duplicate_slugs(struct ctx *c, struct record *recs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!recs[i].in.slug || !recs[i].in.slug[0])
			continue;
		for (size_t j = 0; j < i; j++) {
			if (recs[j].in.slug && strcmp(recs[i].in.slug, recs[j].in.slug) == 0) {
				problem(c, i + 1, "slug", "\"%s\" is used by record %zu already",
				        recs[i].in.slug, j + 1);
				recs[i].ok = false;
				break;
			}
		}
	}
}

int
practice_import(struct store *s, struct arena *a, int64_t actor, const char *json, size_t len,
                struct import_result *res)
{
	store_assert_tx(s);
	memset(res, 0, sizeof *res);
	struct ctx c = {s, a, res, 0, 0};
	json_error_t err;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		problem(&c, 0, "", "not valid JSON: %s (line %d, column %d)", err.text, err.line,
		        err.column);
		return 1;
	}
	json_t *list;
	int rc = 1;
	if (!read_top(&c, root, &list))
		goto out;
	size_t n = json_array_size(list);
	res->records = n;
	struct record *recs = arena_calloc(a, (n ? n : 1) * sizeof *recs);
	for (size_t i = 0; i < n; i++) {
		read_record(&c, i + 1, json_array_get(list, i), &recs[i]);
		if (recs[i].ok)
			check_record(&c, i + 1, &recs[i]);
	}
	check_duplicate_slugs(&c, recs, n);
	if (res->nproblems || c.dropped) {
		if (c.dropped)
			problem(&c, 0, "", "and %zu more problems", c.dropped);
		goto out;
	}
	/* Records with their own slug first, so a slug made from a title cannot take one a
	 * later record asks for. */
	rc = -1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			bool own = recs[i].in.slug && recs[i].in.slug[0];
			if (own != (pass == 0))
				continue;
			int64_t id =
			    practice_create_imported(s, actor, &recs[i].in, recs[i].status,
			                             recs[i].published_at, recs[i].updated_at);
			if (id <= 0) {
				problem(&c, i + 1, "", "could not be stored");
				goto out;
			}
			res->imported++;
		}
	}
	rc = 0;
out:
	json_decref(root);
	if (rc != 0)
		res->imported = 0;
	return rc;
}

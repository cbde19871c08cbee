/* The JSON import of good practices: every record is checked before anything is written. */
#include "domain/practice_import.h"
#include "domain/practice.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"
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
	struct arena *a;  /* the problems: kept for the caller */
	struct arena *ra; /* one record's strings: freed after each record */
	struct import_result *res;
	const char *json; /* the whole file, for the parser's word on where it is not JSON */
	size_t len;
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
		return arena_strdup(c->ra, json_string_value(v));
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
	const char *s = arena_strdup(c->ra, buf_str(&b));
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
		if (!k || !taxonomy_find_key(c->s, c->ra, kind, k, &t) || t.retired) {
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
	int64_t *ids = arena_alloc(c->ra, PRACTICE_MAX_TERMS * sizeof *ids);
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
				r->in.text[t] = arena_strdup(c->ra, json_string_value(v));
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
				r->in.slug = arena_strdup(c->ra, json_string_value(v));
			continue;
		}
		if (strcmp(key, "art") == 0) {
			const char *k = json_string_value(v);
			struct term term;
			if (!k || !taxonomy_find_key(c->s, c->ra, "art", k, &term) || term.retired)
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

/* ---- the file, a record at a time ----
 * The file is not parsed whole: a scanner finds the top-level fields and each record of the
 * "practices" list, and only that record is parsed (jansson), checked, written and freed, so
 * the memory needed does not grow with the file (a whole parse of 50,000 records took 850
 * MB). The scanner only finds where a value ends; the parser checks each piece. */

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at a '"': just past the closing quote, or NULL. */
static const char *
string_end(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* Just past the JSON value at p (a string, an object or array with what it holds, or a
 * scalar), or NULL when the file ends first. */
static const char *
value_end(const char *p, const char *end)
{
	if (p >= end)
		return NULL;
	if (*p == '"')
		return string_end(p, end);
	if (*p == '{' || *p == '[') {
		size_t depth = 0;
		for (; p < end; p++) {
			if (*p == '"') {
				p = string_end(p, end);
				if (!p)
					return NULL;
				p--;
			} else if (*p == '{' || *p == '[') {
				depth++;
			} else if (*p == '}' || *p == ']') {
				if (--depth == 0)
					return p + 1;
			}
		}
		return NULL;
	}
	const char *q = p;
	while (q < end && !strchr(",}] \t\r\n", *q))
		q++;
	return q > p ? q : NULL;
}

/* The file is not JSON: this is the only problem, in the words of the parser of the whole
 * file (its position is the one people can find), else with the line and column of at. */
static void
json_problem(struct ctx *c, const char *json, const char *at, const char *what)
{
	json_error_t err;
	json_t *whole = json_loadb(c->json, c->len, JSON_REJECT_DUPLICATES, &err);
	c->res->nproblems = 0;
	c->dropped = 0;
	if (!whole) {
		problem(c, 0, "", "not valid JSON: %s (line %d, column %d)", err.text, err.line,
		        err.column);
		return;
	}
	json_decref(whole);
	int line = 1, column = 1;
	for (const char *p = json; p < at; p++) {
		if (*p == '\n') {
			line++;
			column = 1;
		} else {
			column++;
		}
	}
	problem(c, 0, "", "not valid JSON: %s (line %d, column %d)", what, line, column);
}

/* Parses the piece [p, q) (one value); NULL after a json_problem. */
static json_t *
parse_piece(struct ctx *c, const char *json, const char *p, const char *q)
{
	json_error_t err;
	json_t *v = json_loadb(p, (size_t)(q - p), JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
	if (!v)
		json_problem(c, json, p + (err.position > 0 ? err.position - 1 : 0), err.text);
	return v;
}

/* A file that does not start with an object: not JSON (-1), or the wrong JSON (1). */
static int
not_an_object(struct ctx *c, const char *json, size_t len)
{
	json_error_t err;
	json_t *v = json_loadb(json, len, JSON_DECODE_ANY, &err);
	if (!v) {
		json_problem(c, json, json + (err.position > 0 ? err.position - 1 : 0), err.text);
		return -1;
	}
	json_decref(v);
	problem(c, 0, "", "the file must hold a JSON object with a \"practices\" list");
	return 1;
}

/* A top-level field beside the list: format and version as this program reads them. */
static bool
top_field(struct ctx *c, const char *key, json_t *v)
{
	if (strcmp(key, "format") == 0) {
		const char *f = json_string_value(v);
		if (f && strcmp(f, "leuchtturm-practices") == 0)
			return true;
		problem(c, 0, key, "must be \"leuchtturm-practices\"");
		return false;
	}
	if (strcmp(key, "version") == 0) {
		if (json_is_integer(v) && json_integer_value(v) == 1)
			return true;
		problem(c, 0, key, "this program reads version 1");
		return false;
	}
	problem(c, 0, key, "unknown field");
	return false;
}

/* The top level as it is read. */
struct top {
	const char *list, *list_end; /* the "practices" value */
	bool ok, seen_format, seen_version;
};

/* One "key": value of the top level, p at the key; the position after it, NULL after a
 * json_problem. */
static const char *
top_member(struct ctx *c, const char *json, const char *p, const char *end, struct top *t)
{
	const char *kend = p < end && *p == '"' ? string_end(p, end) : NULL;
	if (!kend) {
		json_problem(c, json, p, "a key expected");
		return NULL;
	}
	json_t *k = parse_piece(c, json, p, kend);
	if (!k)
		return NULL;
	char key[64];
	snprintf(key, sizeof key, "%s", json_string_value(k));
	json_decref(k);
	p = skip_ws(kend, end);
	if (p == end || *p != ':') {
		json_problem(c, json, p, "':' expected");
		return NULL;
	}
	p = skip_ws(p + 1, end);
	const char *vend = value_end(p, end);
	bool list = strcmp(key, "practices") == 0;
	bool *seen = strcmp(key, "format") == 0    ? &t->seen_format
	             : strcmp(key, "version") == 0 ? &t->seen_version
	                                           : NULL;
	if (!vend || (seen && *seen) || (list && t->list)) {
		json_problem(c, json, p, vend ? "duplicate object key" : "unexpected end of file");
		return NULL;
	}
	if (seen)
		*seen = true;
	if (list) {
		t->list = p;
		t->list_end = vend;
		return vend;
	}
	json_t *v = parse_piece(c, json, p, vend);
	if (!v)
		return NULL;
	t->ok &= top_field(c, key, v);
	json_decref(v);
	return vend;
}

/* The top level: format and version checked, the "practices" list's bounds in *list and
 * *list_end. 0: fine; 1: problems (listed); -1: not JSON (the one problem). */
static int
read_top(struct ctx *c, const char *json, size_t len, const char **list, const char **list_end)
{
	const char *end = json + len, *p = skip_ws(json, end);
	if (p == end || *p != '{')
		return not_an_object(c, json, len);
	struct top t = {NULL, NULL, true, false, false};
	p = skip_ws(p + 1, end);
	bool more = p == end || *p != '}';
	if (!more)
		p++;
	while (more) {
		p = top_member(c, json, p, end, &t);
		if (!p)
			return -1;
		p = skip_ws(p, end);
		if (p == end || (*p != ',' && *p != '}')) {
			json_problem(c, json, p, "',' or '}' expected");
			return -1;
		}
		more = *p == ',';
		p = skip_ws(p + 1, end);
	}
	p = skip_ws(p, end);
	if (p != end) {
		json_problem(c, json, p, "end of file expected");
		return -1;
	}
	*list = t.list;
	*list_end = t.list_end;
	if (!t.list || *t.list != '[') {
		problem(c, 0, "practices", "must be a list of records");
		return 1;
	}
	return t.ok ? 0 : 1;
}

/* Calls fn for each record of the list [list, list_end) with its number and parsed value
 * (freed after fn). 0 when every record was read, -1 after a json_problem, or fn's non-zero
 * code. */
typedef int (*record_fn)(struct ctx *c, size_t rec, json_t *obj, void *arg);

static int
each_record(struct ctx *c, const char *json, const char *list, const char *list_end, record_fn fn,
            void *arg)
{
	const char *p = skip_ws(list + 1, list_end);
	if (p < list_end && *p == ']')
		return 0;
	for (size_t rec = 1;; rec++) {
		const char *vend = value_end(p, list_end);
		if (!vend) {
			json_problem(c, json, p, "a record expected");
			return -1;
		}
		json_t *obj = parse_piece(c, json, p, vend);
		if (!obj)
			return -1;
		int rc = fn(c, rec, obj, arg);
		json_decref(obj);
		arena_free(c->ra);
		if (rc)
			return rc;
		p = skip_ws(vend, list_end);
		if (p < list_end && *p == ',') {
			p = skip_ws(p + 1, list_end);
			continue;
		}
		if (p < list_end && *p == ']')
			return 0;
		json_problem(c, json, p, "',' or ']' expected");
		return -1;
	}
}

/* Explicit slugs of the file, to refuse a repeat within it (the database check cannot
 * see those not written yet): an open-addressing table of (slug, record). */
struct slug_set {
	char **slug;
	size_t *rec;
	size_t cap, n;
};

static size_t
slug_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The record that used slug before, or 0 after adding it for rec. */
static size_t
slug_add(struct slug_set *set, const char *slug, size_t rec)
{
	if (2 * (set->n + 1) > set->cap) {
		struct slug_set bigger = {NULL, NULL, set->cap ? 2 * set->cap : 1024, 0};
		bigger.slug = xcalloc(bigger.cap, sizeof *bigger.slug);
		bigger.rec = xcalloc(bigger.cap, sizeof *bigger.rec);
		for (size_t i = 0; i < set->cap; i++)
			if (set->slug[i]) {
				size_t j = slug_hash(set->slug[i]) % bigger.cap;
				while (bigger.slug[j])
					j = (j + 1) % bigger.cap;
				bigger.slug[j] = set->slug[i];
				bigger.rec[j] = set->rec[i];
				bigger.n++;
			}
		free(set->slug);
		free(set->rec);
		*set = bigger;
	}
	size_t j = slug_hash(slug) % set->cap;
	while (set->slug[j]) {
		if (strcmp(set->slug[j], slug) == 0)
			return set->rec[j];
		j = (j + 1) % set->cap;
	}
	set->slug[j] = xstrdup(slug);
	set->rec[j] = rec;
	set->n++;
	return 0;
}

static void
slug_set_free(struct slug_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slug[i]);
	free(set->slug);
	free(set->rec);
}

struct pass {
	struct slug_set slugs;
	size_t records;
	int write; /* 0: check only; 1: write those with their own slug; 2: the others */
	int64_t actor;
	const struct import_progress *progress;
};

static void
report_progress(const struct pass *ps, size_t rec)
{
	if (ps->progress && ps->progress->fn && rec % 500 == 0)
		ps->progress->fn(ps->progress->ctx, ps->write ? "imported" : "checked", rec,
		                 ps->records);
}

static int
check_one(struct ctx *c, size_t rec, json_t *obj, void *arg)
{
	struct pass *ps = arg;
	ps->records = rec;
	if (rec > IMPORT_MAX_RECORDS)
		return 0; /* counted, not checked: the list is refused as a whole */
	struct record r;
	read_record(c, rec, obj, &r);
	if (r.ok)
		check_record(c, rec, &r);
	if (r.in.slug && r.in.slug[0]) {
		size_t before = slug_add(&ps->slugs, r.in.slug, rec);
		if (before)
			problem(c, rec, "slug", "\"%s\" is used by record %zu already", r.in.slug,
			        before);
	}
	report_progress(ps, rec);
	return 0;
}

static int
write_one(struct ctx *c, size_t rec, json_t *obj, void *arg)
{
	struct pass *ps = arg;
	struct record r;
	read_record(c, rec, obj, &r);
	bool own = r.in.slug && r.in.slug[0];
	if (own != (ps->write == 1))
		return 0;
	if (!r.ok)
		return -1; /* checked before: the database changed meanwhile */
	int64_t id = practice_create_imported(c->s, ps->actor, &r.in, r.status, r.published_at,
	                                      r.updated_at);
	if (id <= 0) {
		problem(c, rec, "", "could not be stored");
		return -1;
	}
	c->res->imported++;
	report_progress(ps, c->res->imported);
	return 0;
}

int
practice_import(struct store *s, struct arena *a, int64_t actor, const char *json, size_t len,
                struct import_result *res)
{
	return practice_import_with(s, a, actor, json, len, res, NULL);
}

int
practice_import_with(struct store *s, struct arena *a, int64_t actor, const char *json, size_t len,
                     struct import_result *res, const struct import_progress *progress)
{
	store_assert_tx(s);
	memset(res, 0, sizeof *res);
	struct arena ra = {0};
	struct ctx c = {s, a, &ra, res, json, len, 0, 0};
	struct pass ps = {.actor = actor, .progress = progress};
	const char *list = NULL, *list_end = NULL;
	int rc = read_top(&c, json, len, &list, &list_end);
	if (rc != 0) {
		rc = 1;
		goto out;
	}
	rc = 1;
	if (each_record(&c, json, list, list_end, check_one, &ps) != 0)
		goto out;
	res->records = ps.records;
	if (ps.records > IMPORT_MAX_RECORDS) {
		res->nproblems = 0;
		c.dropped = 0;
		problem(&c, 0, "practices", "more than %d records", IMPORT_MAX_RECORDS);
		goto out;
	}
	if (res->nproblems || c.dropped) {
		if (c.dropped)
			problem(&c, 0, "", "and %zu more problems", c.dropped);
		goto out;
	}
	/* Records with their own slug first, so a slug made from a title cannot take one a
	 * later record asks for. */
	rc = -1;
	for (ps.write = 1; ps.write <= 2; ps.write++)
		if (each_record(&c, json, list, list_end, write_one, &ps) != 0)
			goto out;
	rc = 0;
out:
	slug_set_free(&ps.slugs);
	arena_free(&ra);
	if (rc != 0)
		res->imported = 0;
	return rc;
}

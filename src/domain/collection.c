/* Collections: rows of collection, collection_term and collection_item. */
#include "domain/collection.h"
#include "domain/audit.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const struct store_query q_slug_taken = {"collection_slug_taken",
                                                "SELECT count(*) FROM collection WHERE slug = ?1"};
static const struct store_query q_insert = {
    "collection_insert", "INSERT INTO collection(slug, title, created_at, updated_at) "
                         "VALUES (?1, ?2, ?3, ?3) RETURNING id"};
static const struct store_query q_update = {
    "collection_update",
    "UPDATE collection SET title = ?2, intro = ?3, updated_at = ?4 WHERE id = ?1"};
static const struct store_query q_clear_terms = {
    "collection_clear_terms", "DELETE FROM collection_term WHERE collection_id = ?1"};
static const struct store_query q_add_term = {
    "collection_add_term", "INSERT INTO collection_term(collection_id, term_id) SELECT ?1, id "
                           "FROM taxonomy_term WHERE id = ?2 AND kind = 'adressat'"};
static const struct store_query q_clear_items = {
    "collection_clear_items", "DELETE FROM collection_item WHERE collection_id = ?1"};
static const struct store_query q_add_item = {
    "collection_add_item",
    "INSERT INTO collection_item(collection_id, position, practice_id, note) "
    "SELECT ?1, ?2, id, ?4 FROM practice WHERE id = ?3"};
static const struct store_query q_set_status = {
    "collection_set_status",
    "UPDATE collection SET status = ?2, updated_at = ?3, published_at = CASE WHEN ?2 = "
    "'published' THEN coalesce(published_at, ?3) ELSE published_at END WHERE id = ?1"};
static const struct store_query q_get = {
    "collection_get",
    "SELECT id, slug, title, intro, status = 'published', coalesce(published_at, 0), "
    "created_at, updated_at FROM collection WHERE id = ?1"};
static const struct store_query q_get_slug = {
    "collection_get_slug",
    "SELECT id, slug, title, intro, status = 'published', coalesce(published_at, 0), "
    "created_at, updated_at FROM collection WHERE slug = ?1"};
static const struct store_query q_terms = {
    "collection_terms", "SELECT t.id, t.kind, t.key, t.label_de, t.label_en, t.position, t.retired "
                        "FROM collection_term x JOIN taxonomy_term t ON t.id = x.term_id "
                        "WHERE x.collection_id = ?1 ORDER BY t.position, t.id"};
static const struct store_query q_items = {
    "collection_items",
    "SELECT p.id, p.slug, p.title, p.teaser, i.note, p.status, coalesce(p.published_at, 0), "
    "p.updated_at FROM collection_item i JOIN practice p ON p.id = i.practice_id "
    "WHERE i.collection_id = ?1 ORDER BY i.position"};
#define ROW_COLUMNS                                                                                \
	"c.id, c.slug, c.title, c.status = 'published', coalesce(c.published_at, 0), "             \
	"c.updated_at, (SELECT count(*) FROM collection_item i JOIN practice p ON p.id = "         \
	"i.practice_id WHERE i.collection_id = c.id AND p.status = 'published') "
static const struct store_query q_list_all = {
    "collection_list_all",
    "SELECT " ROW_COLUMNS "FROM collection c ORDER BY c.updated_at DESC, c.id DESC LIMIT ?1"};
static const struct store_query q_list_public = {
    "collection_list_public", "SELECT " ROW_COLUMNS "FROM collection c WHERE c.status = "
                              "'published' ORDER BY c.published_at DESC, c.id DESC LIMIT ?1"};
static const struct store_query q_of_practice = {
    "collection_of_practice",
    "SELECT " ROW_COLUMNS "FROM collection c JOIN collection_item x ON x.collection_id = c.id "
    "WHERE x.practice_id = ?1 AND c.status = 'published' ORDER BY c.title, c.id LIMIT ?2"};

static int
audit_collection(struct store *s, int64_t actor, int64_t id, const char *action, json_t *d)
{
	return audit_on(s, actor, "collection", id, action, d);
}

int64_t
collection_create(struct store *s, int64_t actor, const char *title)
{
	store_assert_tx(s);
	char base[PRACTICE_SLUG_MAX + 1], slug[PRACTICE_SLUG_MAX + 1];
	practice_slugify(title, base);
	if (!base[0])
		snprintf(base, sizeof base, "sammlung");
	snprintf(slug, sizeof slug, "%s", base);
	for (int i = 2;; i++) {
		struct stmt *st = store_stmt(s, &q_slug_taken);
		stmt_bind_text(st, 1, slug);
		if (stmt_one_int(st) == 0)
			break;
		if (i > 10000)
			return -1;
		snprintf(slug, sizeof slug, "%.*s-%d", PRACTICE_SLUG_MAX - 8, base, i);
	}
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_text(st, 1, slug);
	stmt_bind_text(st, 2, title);
	stmt_bind_int(st, 3, time_now());
	int64_t id = 0;
	if (stmt_insert(st, &id) != STORE_OK || id <= 0)
		return -1;
	if (audit_collection(s, actor, id, "collection.create",
	                     json_pack("{s:s,s:s}", "slug", slug, "title", title)) != 0)
		return -1;
	return id;
}

static bool
exists(struct store *s, int64_t id)
{
	struct arena a = {0};
	struct collection c;
	bool found = collection_find(s, &a, id, &c);
	arena_free(&a);
	return found;
}

/* Runs an INSERT … SELECT of one row: COLLECTION_BAD_INPUT when it selected none (an
 * unknown id) or broke a uniqueness (a practice twice). */
static enum collection_code
insert_one(struct stmt *st)
{
	int rc = stmt_exec(st);
	if (rc == STORE_OK)
		return COLLECTION_OK;
	return rc == STORE_CONSTRAINT ? COLLECTION_BAD_INPUT : COLLECTION_ERROR;
}

static enum collection_code
replace_parts(struct store *s, int64_t id, const struct collection_input *in)
{
	struct stmt *st = store_stmt(s, &q_clear_terms);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK)
		return COLLECTION_ERROR;
	for (size_t i = 0; i < in->naudience; i++) {
		st = store_stmt(s, &q_add_term);
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, in->audience[i]);
		enum collection_code rc = insert_one(st);
		if (rc != COLLECTION_OK)
			return rc;
		if (store_changes(s) != 1)
			return COLLECTION_BAD_INPUT;
	}
	st = store_stmt(s, &q_clear_items);
	stmt_bind_int(st, 1, id);
	if (stmt_exec(st) != STORE_OK)
		return COLLECTION_ERROR;
	for (size_t i = 0; i < in->nitems; i++) {
		st = store_stmt(s, &q_add_item);
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, (int64_t)i + 1);
		stmt_bind_int(st, 3, in->practices[i]);
		stmt_bind_text(st, 4, in->notes && in->notes[i] ? in->notes[i] : "");
		enum collection_code rc = insert_one(st);
		if (rc != COLLECTION_OK)
			return rc;
		if (store_changes(s) != 1)
			return COLLECTION_BAD_INPUT;
	}
	return COLLECTION_OK;
}

enum collection_code
collection_update(struct store *s, int64_t actor, int64_t id, const struct collection_input *in)
{
	store_assert_tx(s);
	if (!exists(s, id))
		return COLLECTION_NOT_FOUND;
	if (!in->title || !in->title[0] || in->nitems > COLLECTION_MAX_ITEMS ||
	    in->naudience > COLLECTION_MAX_AUDIENCE)
		return COLLECTION_BAD_INPUT;
	struct stmt *st = store_stmt(s, &q_update);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, in->title);
	stmt_bind_text(st, 3, in->intro ? in->intro : "");
	stmt_bind_int(st, 4, time_now());
	if (stmt_exec(st) != STORE_OK)
		return COLLECTION_ERROR;
	enum collection_code rc = replace_parts(s, id, in);
	if (rc != COLLECTION_OK)
		return rc;
	json_t *ids = json_array();
	for (size_t i = 0; i < in->nitems; i++)
		json_array_append_new(ids, json_integer(in->practices[i]));
	return audit_collection(s, actor, id, "collection.update",
	                        json_pack("{s:s,s:o}", "title", in->title, "practices", ids)) == 0
	           ? COLLECTION_OK
	           : COLLECTION_ERROR;
}

static enum collection_code
set_status(struct store *s, int64_t actor, int64_t id, bool publish)
{
	store_assert_tx(s);
	struct arena a = {0};
	struct collection c;
	bool found = collection_find(s, &a, id, &c);
	size_t npublic = found ? collection_public_count(&c) : 0;
	bool was = found && c.published;
	arena_free(&a);
	if (!found)
		return COLLECTION_NOT_FOUND;
	if (was == publish)
		return COLLECTION_WRONG_STATE;
	if (publish && npublic == 0)
		return COLLECTION_EMPTY;
	struct stmt *st = store_stmt(s, &q_set_status);
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, publish ? "published" : "draft");
	stmt_bind_int(st, 3, time_now());
	if (stmt_exec(st) != STORE_OK)
		return COLLECTION_ERROR;
	return audit_collection(
	           s, actor, id, publish ? "collection.publish" : "collection.unpublish",
	           publish ? json_pack("{s:I}", "practices", (json_int_t)npublic) : NULL) == 0
	           ? COLLECTION_OK
	           : COLLECTION_ERROR;
}

enum collection_code
collection_publish(struct store *s, int64_t actor, int64_t id)
{
	return set_status(s, actor, id, true);
}

enum collection_code
collection_unpublish(struct store *s, int64_t actor, int64_t id)
{
	return set_status(s, actor, id, false);
}

static void
load_terms(struct store *s, struct arena *a, struct collection *c)
{
	struct term buf[COLLECTION_MAX_AUDIENCE];
	size_t n = 0;
	struct stmt *st = store_stmt(s, &q_terms);
	stmt_bind_int(st, 1, c->id);
	while (n < COLLECTION_MAX_AUDIENCE && stmt_step(st) == STORE_ROW) {
		buf[n] = (struct term){.id = stmt_int(st, 0),
		                       .kind = arena_strdup(a, stmt_text(st, 1)),
		                       .key = arena_strdup(a, stmt_text(st, 2)),
		                       .label_de = arena_strdup(a, stmt_text(st, 3)),
		                       .label_en = arena_strdup(a, stmt_text(st, 4)),
		                       .position = (int)stmt_int(st, 5),
		                       .retired = stmt_int(st, 6) != 0};
		n++;
	}
	stmt_done(st);
	c->audience = arena_alloc(a, (n ? n : 1) * sizeof *c->audience);
	memcpy(c->audience, buf, n * sizeof *buf);
	c->naudience = n;
}

static void
load_items(struct store *s, struct arena *a, struct collection *c)
{
	c->items = arena_alloc(a, COLLECTION_MAX_ITEMS * sizeof *c->items);
	c->nitems = 0;
	struct stmt *st = store_stmt(s, &q_items);
	stmt_bind_int(st, 1, c->id);
	while (c->nitems < COLLECTION_MAX_ITEMS && stmt_step(st) == STORE_ROW) {
		int status = practice_status_parse(stmt_text(st, 5));
		c->items[c->nitems++] = (struct collection_item){
		    .practice_id = stmt_int(st, 0),
		    .slug = arena_strdup(a, stmt_text(st, 1)),
		    .title = arena_strdup(a, stmt_text(st, 2)),
		    .teaser = arena_strdup(a, stmt_text(st, 3)),
		    .note = arena_strdup(a, stmt_text(st, 4)),
		    .status = status < 0 ? PRACTICE_UNPUBLISHED : (enum practice_status)status,
		    .published_at = stmt_int(st, 6),
		    .updated_at = stmt_int(st, 7)};
	}
	stmt_done(st);
}

static bool
load(struct store *s, struct arena *a, struct stmt *st, bool published_only, struct collection *out)
{
	bool found = stmt_step(st) == STORE_ROW;
	if (found) {
		*out = (struct collection){.id = stmt_int(st, 0),
		                           .slug = arena_strdup(a, stmt_text(st, 1)),
		                           .title = arena_strdup(a, stmt_text(st, 2)),
		                           .intro = arena_strdup(a, stmt_text(st, 3)),
		                           .published = stmt_int(st, 4) != 0,
		                           .published_at = stmt_int(st, 5),
		                           .created_at = stmt_int(st, 6),
		                           .updated_at = stmt_int(st, 7)};
	}
	stmt_done(st);
	if (!found || (published_only && !out->published))
		return false;
	load_terms(s, a, out);
	load_items(s, a, out);
	return true;
}

bool
collection_find(struct store *s, struct arena *a, int64_t id, struct collection *out)
{
	struct stmt *st = store_stmt(s, &q_get);
	stmt_bind_int(st, 1, id);
	return load(s, a, st, false, out);
}

bool
collection_find_slug(struct store *s, struct arena *a, const char *slug, bool published_only,
                     struct collection *out)
{
	struct stmt *st = store_stmt(s, &q_get_slug);
	stmt_bind_text(st, 1, slug);
	return load(s, a, st, published_only, out);
}

size_t
collection_public_count(const struct collection *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->nitems; i++)
		n += c->items[i].status == PRACTICE_PUBLISHED;
	return n;
}

static size_t
rows(struct arena *a, struct stmt *st, struct collection_row *out, size_t max)
{
	size_t n = 0;
	while (n < max && stmt_step(st) == STORE_ROW) {
		out[n++] = (struct collection_row){.id = stmt_int(st, 0),
		                                   .slug = arena_strdup(a, stmt_text(st, 1)),
		                                   .title = arena_strdup(a, stmt_text(st, 2)),
		                                   .published = stmt_int(st, 3) != 0,
		                                   .published_at = stmt_int(st, 4),
		                                   .updated_at = stmt_int(st, 5),
		                                   .npublic = (size_t)stmt_int(st, 6)};
	}
	stmt_done(st);
	return n;
}

size_t
collection_list(struct store *s, struct arena *a, bool published_only, struct collection_row *out,
                size_t max)
{
	struct stmt *st = store_stmt(s, published_only ? &q_list_public : &q_list_all);
	stmt_bind_int(st, 1, (int64_t)max);
	return rows(a, st, out, max);
}

size_t
collection_of_practice(struct store *s, struct arena *a, int64_t practice_id,
                       struct collection_row *out, size_t max)
{
	struct stmt *st = store_stmt(s, &q_of_practice);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_int(st, 2, (int64_t)max);
	return rows(a, st, out, max);
}

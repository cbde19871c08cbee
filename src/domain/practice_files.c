/* A good practice's image and downloads: the rules, the rows, the audit events. */
#include "domain/practice_files.h"
#include "domain/audit.h"
#include "store/blob.h"
#include "store/store.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {"image", "download"};

/* ---- image headers ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned
be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Sizes beyond this are no real photo; the page then leaves width and height out. */
#define IMAGE_SIDE_MAX 100000u

static bool
set_size(uint32_t w, uint32_t h, int *width, int *height)
{
	if (w == 0 || h == 0 || w > IMAGE_SIDE_MAX || h > IMAGE_SIDE_MAX)
		return false;
	*width = (int)w;
	*height = (int)h;
	return true;
}

/* JPEG: the markers up to the first start-of-frame; each segment says its own length. */
static bool
jpeg_size(const unsigned char *p, size_t n, int *width, int *height)
{
	size_t i = 2; /* after SOI */
	while (i + 4 <= n) {
		if (p[i] != 0xff)
			return false;
		unsigned char m = p[i + 1];
		if (m == 0xff) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0x01 || (m >= 0xd0 && m <= 0xd8)) { /* markers without a length */
			i += 2;
			continue;
		}
		if (m == 0xd9 || m == 0xda) /* end of image, start of scan: no frame header */
			return false;
		size_t len = be16(p + i + 2);
		if (len < 2)
			return false;
		/* SOF0 … SOF15, but not DHT (C4), JPG (C8) and DAC (CC), which share the range. */
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			if (len < 7 || i + 9 > n)
				return false;
			return set_size(be16(p + i + 7), be16(p + i + 5), width, height);
		}
		i += 2 + len;
	}
	return false;
}

bool
practice_file_image_size(const void *data, size_t n, int *width, int *height)
{
	const unsigned char *p = data;
	*width = *height = 0;
	if (n >= 24 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(p + 12, "IHDR", 4) == 0)
		return set_size(be32(p + 16), be32(p + 20), width, height);
	if (n >= 4 && p[0] == 0xff && p[1] == 0xd8)
		return jpeg_size(p, n, width, height);
	return false;
}

/* ---- rows ---- */

#define FILE_COLUMNS                                                                               \
	"SELECT id, practice_id, kind, sha256, filename, content_type, size, alt, title, width, "  \
	"height, position, created_at, coalesce(removed_at, 0) FROM practice_file "

static const struct store_query q_find = {"practice_file_find",
                                          FILE_COLUMNS "WHERE id = ?1 AND practice_id = ?2"};
static const struct store_query q_list = {"practice_file_list", FILE_COLUMNS
                                          "WHERE practice_id = ?1 AND removed_at IS NULL "
                                          "ORDER BY kind = 'download', position, id"};
static const struct store_query q_downloads = {
    "practice_file_downloads",
    "SELECT count(*), coalesce(max(position), 0) FROM practice_file WHERE practice_id = ?1 "
    "AND kind = 'download' AND removed_at IS NULL"};
static const struct store_query q_current_image = {
    "practice_file_current_image", "SELECT id, filename FROM practice_file WHERE practice_id "
                                   "= ?1 AND kind = 'image' AND removed_at IS NULL"};
static const struct store_query q_insert = {
    "practice_file_insert",
    "INSERT INTO practice_file(practice_id, kind, sha256, filename, content_type, size, alt, "
    "title, width, height, position, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, 0), ?13) RETURNING id"};
static const struct store_query q_remove = {
    "practice_file_remove", "UPDATE practice_file SET removed_at = ?3 WHERE id = ?1 AND "
                            "practice_id = ?2 AND removed_at IS NULL"};
/* The practice's page changed: Last-Modified and the API's ETag key on updated_at. */
static const struct store_query q_touch = {
    "practice_file_touch",
    "UPDATE practice SET updated_at = CASE WHEN updated_at > ?2 THEN updated_at ELSE ?2 END "
    "WHERE id = ?1"};
/* The same as the first write of an upload, so that the practice's lock is held before
 * the count of its downloads and the next position are read: on PostgreSQL the row lock
 * (a second upload at once waits, then counts the first one's file), on SQLite the write
 * lock BEGIN IMMEDIATE holds already. The id comes back when the practice exists. */
static const struct store_query q_touch_first = {
    "practice_file_touch_first",
    "UPDATE practice SET updated_at = CASE WHEN updated_at > ?2 THEN updated_at ELSE ?2 END "
    "WHERE id = ?1 RETURNING id"};

static void
read_row(struct stmt *st, struct arena *a, struct practice_file *out)
{
	out->id = stmt_int(st, 0);
	out->practice_id = stmt_int(st, 1);
	out->kind =
	    strcmp(stmt_text(st, 2), "image") == 0 ? PRACTICE_FILE_IMAGE : PRACTICE_FILE_DOWNLOAD;
	out->sha256 = arena_strdup(a, stmt_text(st, 3));
	out->filename = arena_strdup(a, stmt_text(st, 4));
	out->content_type = arena_strdup(a, stmt_text(st, 5));
	out->size = stmt_int(st, 6);
	out->alt = arena_strdup(a, stmt_text(st, 7));
	out->title = arena_strdup(a, stmt_text(st, 8));
	out->width = (int)stmt_int(st, 9);
	out->height = (int)stmt_int(st, 10);
	out->position = stmt_int(st, 11);
	out->created_at = stmt_int(st, 12);
	out->removed_at = stmt_int(st, 13);
}

bool
practice_file_find(struct store *s, struct arena *a, int64_t practice_id, int64_t id,
                   struct practice_file *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, practice_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_row(st, a, out);
	stmt_done(st);
	return found;
}

struct practice_file *
practice_file_list(struct store *s, struct arena *a, int64_t practice_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, practice_id);
	struct practice_file *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_row(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

int
practice_file_read(const struct practice_file *f, struct buf *out)
{
	return blob_read(f->sha256, f->size, out);
}

/* ---- adding and removing ---- */

static int
audit_file(struct store *s, int64_t actor, int64_t practice_id, const char *action, json_t *details)
{
	char obj[40];
	snprintf(obj, sizeof obj, "practice:%lld", (long long)practice_id);
	return audit_log(s, actor, action, obj, details) == 0 ? ATTACHMENT_OK : ATTACHMENT_ERROR;
}

static int
touch(struct store *s, int64_t practice_id, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_touch);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_int(st, 2, now);
	return stmt_exec(st) == STORE_OK ? ATTACHMENT_OK : ATTACHMENT_ERROR;
}

/* Touches the practice and takes its lock (q_touch_first); false when it does not exist
 * (or on a storage error, which the next statement then reports as well). */
static bool
practice_take(struct store *s, int64_t practice_id, int64_t now)
{
	struct stmt *st = store_stmt(s, &q_touch_first);
	stmt_bind_int(st, 1, practice_id);
	stmt_bind_int(st, 2, now);
	return stmt_one_int(st) == practice_id;
}

/* The text trimmed, its line breaks and tabs made spaces (it is one line on the page). */
static char *
one_line(struct arena *a, const char *text)
{
	char *t = arena_strdup(a, text ? text : "");
	for (char *c = t; *c; c++)
		if (*c == '\n' || *c == '\r' || *c == '\t')
			*c = ' ';
	return str_trim(t);
}

/* The checks that need no storage: the text, the name and the content. */
static int
check_file(enum practice_file_kind kind, const char *name, const void *data, size_t n,
           const char *text, struct attachment_verdict *v)
{
	size_t max = kind == PRACTICE_FILE_IMAGE ? PRACTICE_FILE_ALT_MAX : PRACTICE_FILE_TITLE_MAX;
	if (!text[0])
		return PRACTICE_FILE_NO_TEXT;
	if (str_utf8_len(text) > max)
		return PRACTICE_FILE_TEXT_TOO_LONG;
	if (kind == PRACTICE_FILE_IMAGE && n > 0) {
		/* The name first: a PDF offered as the image is told "PNG or JPEG", not that
		 * its name and content disagree. */
		int claimed = attachment_type_from_name(name);
		if (claimed != AT_PNG && claimed != AT_JPEG)
			return PRACTICE_FILE_NOT_IMAGE;
	}
	int rc = attachment_check(name, data, n, v);
	if (rc == ATTACHMENT_OK && kind == PRACTICE_FILE_IMAGE && v->detected != AT_PNG &&
	    v->detected != AT_JPEG)
		rc = PRACTICE_FILE_NOT_IMAGE; /* not reached while names and content must agree */
	return rc;
}

struct new_file {
	int64_t practice_id;
	enum practice_file_kind kind;
	const char *sha, *name, *text;
	enum attachment_type type;
	size_t n;
	int width, height;
};

/* Inside the transaction: the practice, the limit or the old image, the row, the audit. */
static int
insert_file(struct store *s, int64_t actor, const struct new_file *f, int64_t *id)
{
	int64_t now = time_now(), position = 0, replaced = 0;
	if (!practice_take(s, f->practice_id, now))
		return PRACTICE_FILE_NO_PRACTICE;
	struct stmt *st;
	if (f->kind == PRACTICE_FILE_DOWNLOAD) {
		st = store_stmt(s, &q_downloads);
		stmt_bind_int(st, 1, f->practice_id);
		int64_t count = 0;
		if (stmt_step(st) == STORE_ROW) {
			count = stmt_int(st, 0);
			position = stmt_int(st, 1) + 1;
		}
		stmt_done(st);
		if (count >= (int64_t)attachment_config()->max_count)
			return ATTACHMENT_TOO_MANY;
	} else {
		st = store_stmt(s, &q_current_image);
		stmt_bind_int(st, 1, f->practice_id);
		if (stmt_step(st) == STORE_ROW)
			replaced = stmt_int(st, 0);
		stmt_done(st);
		if (replaced && practice_file_remove(s, actor, f->practice_id, replaced) != 0)
			return ATTACHMENT_ERROR;
	}
	st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, f->practice_id);
	stmt_bind_text(st, 2, kind_names[f->kind]);
	stmt_bind_text(st, 3, f->sha);
	stmt_bind_text(st, 4, f->name);
	stmt_bind_text(st, 5, attachment_types[f->type].mime);
	stmt_bind_int(st, 6, (int64_t)f->n);
	stmt_bind_text(st, 7, f->kind == PRACTICE_FILE_IMAGE ? f->text : "");
	stmt_bind_text(st, 8, f->kind == PRACTICE_FILE_DOWNLOAD ? f->text : "");
	stmt_bind_int(st, 9, f->width);
	stmt_bind_int(st, 10, f->height);
	stmt_bind_int(st, 11, position);
	stmt_bind_int(st, 12, actor);
	stmt_bind_int(st, 13, now);
	int64_t new_id;
	if (stmt_insert(st, &new_id) != STORE_OK)
		return ATTACHMENT_ERROR;
	json_t *details =
	    json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s}", "file", (json_int_t)new_id, "kind",
	              kind_names[f->kind], "filename", f->name, "sha256", f->sha, "content_type",
	              attachment_types[f->type].mime, "size", (json_int_t)f->n,
	              f->kind == PRACTICE_FILE_IMAGE ? "alt" : "title", f->text);
	if (replaced)
		json_object_set_new(details, "replaces", json_integer(replaced));
	if (audit_file(s, actor, f->practice_id, "practice.file_add", details) != ATTACHMENT_OK)
		return ATTACHMENT_ERROR;
	if (id)
		*id = new_id;
	return ATTACHMENT_OK;
}

struct add_tx {
	int64_t actor;
	const struct new_file *f;
	int64_t *id;
};

static int
add_body(struct store *s, void *arg)
{
	struct add_tx *t = arg;
	return insert_file(s, t->actor, t->f, t->id);
}

int
practice_file_add(struct store *s, int64_t actor, int64_t practice_id, enum practice_file_kind kind,
                  const char *filename, const void *data, size_t n, const char *text,
                  struct attachment_verdict *v, int64_t *id)
{
	struct blob_bytes b = {data, n, -1, NULL};
	return practice_file_add_bytes(s, actor, practice_id, kind, filename, &b, text, v, id);
}

int
practice_file_add_bytes(struct store *s, int64_t actor, int64_t practice_id,
                        enum practice_file_kind kind, const char *filename,
                        const struct blob_bytes *b, const char *text, struct attachment_verdict *v,
                        int64_t *id)
{
	const void *data = b->data;
	size_t n = b->n;
	struct arena a = {0};
	memset(v, 0, sizeof *v);
	v->claimed = v->detected = -1;
	struct new_file f = {.practice_id = practice_id, .kind = kind, .n = n};
	f.name = attachment_sanitize_filename(&a, filename ? filename : "");
	f.text = one_line(&a, text);
	v->code = check_file(kind, f.name, data, n, f.text, v);
	if (v->code != ATTACHMENT_OK)
		goto out;
	f.type = (enum attachment_type)v->detected;
	if (kind == PRACTICE_FILE_IMAGE)
		practice_file_image_size(data, n, &f.width, &f.height);
	/* Written outside the transaction so the write lock is not held during fsync. */
	char sha[65];
	if (blob_put_known(b, sha) != 0) {
		v->code = ATTACHMENT_ERROR;
		goto out;
	}
	f.sha = sha;
	struct add_tx t = {actor, &f, id};
	v->code = attachment_tx(s, "practice_file_add", add_body, &t);
out:
	arena_free(&a);
	return v->code;
}

/* name cut to at most max characters, on a character boundary, in a. */
static const char *
cut_title(struct arena *a, const char *name, size_t max)
{
	size_t bytes = 0, chars = 0;
	while (name[bytes] && chars < max) {
		bytes++;
		while (((unsigned char)name[bytes] & 0xC0) == 0x80)
			bytes++;
		chars++;
	}
	char *out = arena_alloc(a, bytes + 1);
	memcpy(out, name, bytes);
	out[bytes] = '\0';
	return out;
}

int
practice_files_from_proposal(struct store *s, int64_t actor, int64_t practice_id,
                             int64_t proposal_id, size_t *copied)
{
	store_assert_tx(s);
	struct arena a = {0};
	size_t n;
	struct attachment *att = attachment_list(s, &a, proposal_id, &n);
	int rc = ATTACHMENT_OK;
	*copied = 0;
	for (size_t i = 0; i < n && rc == ATTACHMENT_OK; i++) {
		/* Mapped, not read into a buffer: twenty files of 20 MB take no memory. */
		int fd = -1;
		const void *bytes = blob_map(att[i].sha256, att[i].size, &fd);
		if (!bytes) {
			rc = ATTACHMENT_ERROR;
		} else {
			struct attachment_verdict v = {
			    .code = ATTACHMENT_EMPTY, .claimed = -1, .detected = -1};
			/* Its name is its SHA-256, and blob_map checked its length: the bytes
			 * are not hashed again, and the blob is there already. */
			struct blob_bytes b = {bytes, (size_t)att[i].size, fd, att[i].sha256};
			rc = practice_file_add_bytes(
			    s, actor, practice_id, PRACTICE_FILE_DOWNLOAD, att[i].filename, &b,
			    cut_title(&a, att[i].filename, PRACTICE_FILE_TITLE_MAX), &v, NULL);
			if (rc == ATTACHMENT_OK)
				(*copied)++;
		}
		blob_unmap(bytes, att[i].size, fd);
	}
	arena_free(&a);
	return rc;
}

struct remove_tx {
	int64_t actor, practice_id, file_id;
};

static int
remove_body(struct store *s, void *arg)
{
	struct remove_tx *t = arg;
	struct arena a = {0};
	struct practice_file f;
	int rc = ATTACHMENT_OK;
	if (!practice_file_find(s, &a, t->practice_id, t->file_id, &f) || f.removed_at)
		rc = ATTACHMENT_NOT_FOUND;
	int64_t now = time_now();
	if (rc == ATTACHMENT_OK) {
		struct stmt *st = store_stmt(s, &q_remove);
		stmt_bind_int(st, 1, t->file_id);
		stmt_bind_int(st, 2, t->practice_id);
		stmt_bind_int(st, 3, now);
		if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
			rc = ATTACHMENT_ERROR;
	}
	if (rc == ATTACHMENT_OK)
		rc = touch(s, t->practice_id, now);
	if (rc == ATTACHMENT_OK)
		rc = audit_file(s, t->actor, t->practice_id, "practice.file_remove",
		                json_pack("{s:I,s:s,s:s,s:s}", "file", (json_int_t)t->file_id,
		                          "kind", kind_names[f.kind], "filename", f.filename,
		                          "sha256", f.sha256));
	arena_free(&a);
	return rc;
}

int
practice_file_remove(struct store *s, int64_t actor, int64_t practice_id, int64_t file_id)
{
	struct remove_tx t = {actor, practice_id, file_id};
	return attachment_tx(s, "practice_file_remove", remove_body, &t);
}

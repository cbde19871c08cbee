/* Attachments of proposals: type checks by content, content-addressed files, the rows. */
#include "domain/attachment.h"
#include "domain/audit.h"
#include "domain/proposal.h"
#include "io/filetype.h"
#include "store/blob.h"
#include "store/store.h"
#include "util/log.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const struct attachment_type_info attachment_types[AT_COUNT] = {
    [AT_PDF] = {"application/pdf", "PDF", {".pdf", NULL}},
    [AT_DOCX] = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 "DOCX",
                 {".docx", NULL}},
    [AT_XLSX] = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "XLSX",
                 {".xlsx", NULL}},
    [AT_ODT] = {"application/vnd.oasis.opendocument.text", "ODT", {".odt", NULL}},
    [AT_ODS] = {"application/vnd.oasis.opendocument.spreadsheet", "ODS", {".ods", NULL}},
    [AT_PNG] = {"image/png", "PNG", {".png", NULL}},
    [AT_JPEG] = {"image/jpeg", "JPEG", {".jpg", ".jpeg", NULL}},
};

/* ---- configuration ---- */

static struct attachment_config config = {"data/files", ATTACHMENT_DEFAULT_MAX_MB * 1024 * 1024,
                                          ATTACHMENT_DEFAULT_MAX_COUNT};

void
attachment_configure(const char *dir, size_t max_bytes, unsigned max_count)
{
	blob_fs_configure(dir);
	config.files_dir = blob_fs_dir();
	config.max_bytes = max_bytes;
	config.max_count = max_count;
}

const struct attachment_config *
attachment_config(void)
{
	return &config;
}

/* ---- type detection ---- */

/* The file-type inspection (io/filetype.h) knows the same types in the same order. */
_Static_assert((int)FT_PDF == (int)AT_PDF && (int)FT_DOCX == (int)AT_DOCX &&
                   (int)FT_XLSX == (int)AT_XLSX && (int)FT_ODT == (int)AT_ODT &&
                   (int)FT_ODS == (int)AT_ODS && (int)FT_PNG == (int)AT_PNG &&
                   (int)FT_JPEG == (int)AT_JPEG && (int)FT_COUNT == (int)AT_COUNT,
               "enum filetype and enum attachment_type differ");

enum attachment_result
attachment_detect(const void *data, size_t n, enum attachment_type *type, char *mime_out)
{
	enum filetype ft;
	switch (filetype_detect(data, n, &ft, mime_out)) {
	case FILETYPE_OK:
		*type = (enum attachment_type)ft;
		return ATTACHMENT_OK;
	case FILETYPE_NOT_ALLOWED:
		return ATTACHMENT_NOT_ALLOWED;
	case FILETYPE_DAMAGED:
		return ATTACHMENT_DAMAGED;
	case FILETYPE_ZIP_ENTRIES:
		return ATTACHMENT_ZIP_ENTRIES;
	case FILETYPE_ZIP_SIZE:
		return ATTACHMENT_ZIP_SIZE;
	case FILETYPE_ZIP_RATIO:
		return ATTACHMENT_ZIP_RATIO;
	case FILETYPE_ERROR:
		break;
	}
	return ATTACHMENT_ERROR;
}

int
attachment_type_from_name(const char *filename)
{
	const char *dot = strrchr(filename, '.');
	if (!dot)
		return -1;
	for (int t = 0; t < AT_COUNT; t++)
		for (size_t e = 0; attachment_types[t].ext[e]; e++)
			if (strcasecmp(dot, attachment_types[t].ext[e]) == 0)
				return t;
	return -1;
}

enum attachment_result
attachment_check(const char *filename, const void *data, size_t n, struct attachment_verdict *v)
{
	memset(v, 0, sizeof *v);
	v->claimed = v->detected = -1;
	if (n == 0) {
		v->code = ATTACHMENT_EMPTY;
		return v->code;
	}
	if (n > config.max_bytes) {
		v->code = ATTACHMENT_TOO_LARGE;
		return v->code;
	}
	v->claimed = attachment_type_from_name(filename);
	if (v->claimed < 0) {
		v->code = ATTACHMENT_BAD_NAME;
		return v->code;
	}
	enum attachment_type t;
	int rc = attachment_detect(data, n, &t, v->mime);
	if (rc == ATTACHMENT_OK)
		v->detected = (int)t;
	if (rc == ATTACHMENT_NOT_ALLOWED || (rc == ATTACHMENT_OK && v->detected != v->claimed))
		rc = ATTACHMENT_MISMATCH; /* a file that lies about its type */
	v->code = rc;
	return v->code;
}

/* ---- file names ---- */

/* Length of the UTF-8 sequence at s (1–4), 0 when it is not well-formed. */
static size_t
utf8_seq(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0)
		return 0;
	unsigned v = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* Characters that must not reach a stored name: controls, and the bidirectional
 * overrides that make "exe.pdf" look like "fdp.exe" (or the reverse). */
static bool
unsafe_cp(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x200e && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

char *
attachment_sanitize_filename(struct arena *a, const char *name)
{
	/* Old browsers send the whole path ("C:\\Users\\…\\a.pdf"): keep the last part. */
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base), len = 0;
	char *out = arena_alloc(a, n + 1); /* a replacement "_" is never longer than its input */
	const unsigned char *s = (const unsigned char *)base;
	for (size_t i = 0; i < n;) {
		unsigned cp = 0;
		size_t k = utf8_seq(s + i, &cp);
		if (k == 0 || unsafe_cp(cp)) {
			out[len++] = '_';
			i += k ? k : 1;
		} else {
			memcpy(out + len, s + i, k);
			len += k;
			i += k;
		}
	}
	/* Trim dots and spaces at both ends: no hidden files, no names Windows mangles. */
	while (len && (out[len - 1] == '.' || out[len - 1] == ' '))
		len--;
	out[len] = '\0';
	while (*out == '.' || *out == ' ')
		out++;
	if (str_utf8_len(out) <= ATTACHMENT_NAME_MAX)
		return out;
	/* Too long: shorten the stem and keep the extension (when it looks like one). */
	const char *dot = strrchr(out, '.');
	if (dot && str_utf8_len(dot) > 16)
		dot = NULL;
	size_t keep = ATTACHMENT_NAME_MAX - (dot ? str_utf8_len(dot) : 0), bytes = 0;
	for (size_t c = 0; c < keep; c++) {
		unsigned cp;
		bytes += utf8_seq((const unsigned char *)out + bytes, &cp);
	}
	char *cut = arena_alloc(a, bytes + (dot ? strlen(dot) : 0) + 1);
	memcpy(cut, out, bytes);
	strcpy(cut + bytes, dot ? dot : "");
	return cut;
}

/* ---- content-addressed files (the blob store) ---- */

bool
attachment_file_path(char *out, size_t size, const char *sha)
{
	/* On PostgreSQL the file may be only in the database yet: fetched here first. */
	return blob_local(sha) && blob_fs_path(out, size, sha);
}

int
attachment_store_file(const void *data, size_t n, char sha_hex[65])
{
	return blob_put(data, n, sha_hex);
}

int
attachment_read(const struct attachment *att, struct buf *out)
{
	return blob_read(att->sha256, att->size, out);
}

/* ---- rows ---- */

#define ATTACHMENT_COLUMNS                                                                         \
	"SELECT a.id, a.proposal_id, a.sha256, a.filename, a.content_type, a.size, "               \
	"a.uploaded_by, a.uploaded_at, coalesce(a.removed_at, 0), coalesce(u.name, '') "           \
	"FROM attachment a LEFT JOIN user_account u ON u.id = a.uploaded_by "

static const struct store_query q_find = {"attachment_find", ATTACHMENT_COLUMNS
                                          "WHERE a.id = ?1 AND a.proposal_id = ?2"};
static const struct store_query q_list = {
    "attachment_list",
    ATTACHMENT_COLUMNS "WHERE a.proposal_id = ?1 AND a.removed_at IS NULL ORDER BY a.id"};
static const struct store_query q_count = {
    "attachment_count",
    "SELECT count(*) FROM attachment WHERE proposal_id = ?1 AND removed_at IS NULL"};
static const struct store_query q_insert = {
    "attachment_insert",
    "INSERT INTO attachment(proposal_id, sha256, filename, content_type, size, uploaded_by, "
    "uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"};
static const struct store_query q_remove = {
    "attachment_remove", "UPDATE attachment SET removed_at = ?3 WHERE id = ?1 AND "
                         "proposal_id = ?2 AND removed_at IS NULL"};

static void
read_row(struct stmt *st, struct arena *a, struct attachment *out)
{
	out->id = stmt_int(st, 0);
	out->proposal_id = stmt_int(st, 1);
	out->sha256 = arena_strdup(a, stmt_text(st, 2));
	out->filename = arena_strdup(a, stmt_text(st, 3));
	out->content_type = arena_strdup(a, stmt_text(st, 4));
	out->size = stmt_int(st, 5);
	out->uploaded_by = stmt_int(st, 6);
	out->uploaded_at = stmt_int(st, 7);
	out->removed_at = stmt_int(st, 8);
	out->uploaded_by_name = arena_strdup(a, stmt_text(st, 9));
}

bool
attachment_find(struct store *s, struct arena *a, int64_t proposal_id, int64_t id,
                struct attachment *out)
{
	memset(out, 0, sizeof *out);
	struct stmt *st = store_stmt(s, &q_find);
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, proposal_id);
	bool found = stmt_step(st) == STORE_ROW;
	if (found)
		read_row(st, a, out);
	stmt_done(st);
	return found;
}

struct attachment *
attachment_list(struct store *s, struct arena *a, int64_t proposal_id, size_t *n)
{
	struct stmt *st = store_stmt(s, &q_list);
	stmt_bind_int(st, 1, proposal_id);
	struct attachment *out = NULL;
	size_t cap = 0;
	*n = 0;
	while (stmt_step(st) == STORE_ROW)
		read_row(st, a, ARENA_PUSH(a, out, *n, cap));
	stmt_done(st);
	return out;
}

size_t
attachment_count(struct store *s, int64_t proposal_id)
{
	struct stmt *st = store_stmt(s, &q_count);
	stmt_bind_int(st, 1, proposal_id);
	size_t n = stmt_step(st) == STORE_ROW ? (size_t)stmt_int(st, 0) : 0;
	stmt_done(st);
	return n;
}

/* Whether actor may change the proposal's attachments now, and how many it has. */
static int
may_attach(struct store *s, const struct user *actor, int64_t proposal_id, size_t *count)
{
	struct arena a = {0};
	struct proposal p;
	bool ok = proposal_find(s, &a, proposal_id, &p) && proposal_can_edit(actor, &p);
	arena_free(&a);
	if (!ok)
		return ATTACHMENT_NOT_EDITABLE;
	if (count)
		*count = attachment_count(s, proposal_id);
	return ATTACHMENT_OK;
}

static int
audit_attachment(struct store *s, int64_t actor, int64_t proposal_id, const char *action,
                 json_t *details)
{
	char obj[40];
	snprintf(obj, sizeof obj, "proposal:%lld", (long long)proposal_id);
	return audit_log(s, actor, action, obj, details);
}

int
attachment_tx(struct store *s, const char *name, store_tx_fn fn, void *ctx)
{
	if (store_in_transaction(s))
		return fn(s, ctx);
	int rc = store_tx_as(s, name, fn, ctx);
	/* fn's codes are ATTACHMENT_ ones; the store's own failures become ATTACHMENT_ERROR. */
	return rc == STORE_BUSY || rc == STORE_CONSTRAINT ? ATTACHMENT_ERROR : rc;
}

static int
insert_row(struct store *s, const struct user *actor, int64_t proposal_id, const char *name,
           const char *sha, enum attachment_type t, size_t n, int64_t *id)
{
	struct stmt *st = store_stmt(s, &q_insert);
	stmt_bind_int(st, 1, proposal_id);
	stmt_bind_text(st, 2, sha);
	stmt_bind_text(st, 3, name);
	stmt_bind_text(st, 4, attachment_types[t].mime);
	stmt_bind_int(st, 5, (int64_t)n);
	stmt_bind_int(st, 6, actor->id);
	stmt_bind_int(st, 7, time_now());
	int64_t new_id;
	if (stmt_insert(st, &new_id) != STORE_OK)
		return ATTACHMENT_ERROR;
	if (audit_attachment(s, actor->id, proposal_id, "attachment.add",
	                     json_pack("{s:I,s:s,s:s,s:s,s:I}", "attachment", (json_int_t)new_id,
	                               "filename", name, "sha256", sha, "content_type",
	                               attachment_types[t].mime, "size", (json_int_t)n)) != 0)
		return ATTACHMENT_ERROR;
	if (id)
		*id = new_id;
	return ATTACHMENT_OK;
}

struct add_tx {
	const struct user *actor;
	int64_t proposal_id;
	const char *name, *sha;
	enum attachment_type type;
	size_t n;
	int64_t *id;
};

/* Inside the transaction: the state or the count may have changed since the first check. */
static int
add_body(struct store *s, void *arg)
{
	struct add_tx *t = arg;
	size_t count = 0;
	int rc = may_attach(s, t->actor, t->proposal_id, &count);
	if (rc == ATTACHMENT_OK && count >= config.max_count)
		rc = ATTACHMENT_TOO_MANY;
	if (rc == ATTACHMENT_OK)
		rc = insert_row(s, t->actor, t->proposal_id, t->name, t->sha, t->type, t->n, t->id);
	return rc;
}

enum attachment_result
attachment_add(struct store *s, const struct user *actor, int64_t proposal_id, const char *filename,
               const void *data, size_t n, struct attachment_verdict *v, int64_t *id)
{
	struct blob_bytes b = {data, n, -1, NULL};
	return attachment_add_bytes(s, actor, proposal_id, filename, &b, v, id);
}

enum attachment_result
attachment_add_bytes(struct store *s, const struct user *actor, int64_t proposal_id,
                     const char *filename, const struct blob_bytes *b, struct attachment_verdict *v,
                     int64_t *id)
{
	const void *data = b->data;
	size_t n = b->n;
	struct arena a = {0};
	memset(v, 0, sizeof *v);
	v->claimed = v->detected = -1;
	size_t count = 0;
	/* Cheap refusals first, before the content is looked at or anything is written. */
	v->code = may_attach(s, actor, proposal_id, &count);
	if (v->code == ATTACHMENT_OK && count >= config.max_count)
		v->code = ATTACHMENT_TOO_MANY;
	const char *name = attachment_sanitize_filename(&a, filename ? filename : "");
	if (v->code != ATTACHMENT_OK || attachment_check(name, data, n, v) != ATTACHMENT_OK)
		goto out;
	/* The file is written outside the transaction so the write lock is not held during
	 * fsync; if the row does not follow, an unreferenced file remains, which is harmless. */
	char sha[65];
	if (blob_put_known(b, sha) != 0) {
		v->code = ATTACHMENT_ERROR;
		goto out;
	}
	struct add_tx t = {actor, proposal_id, name, sha, (enum attachment_type)v->detected, n, id};
	v->code = attachment_tx(s, "attachment_add", add_body, &t);
out:
	arena_free(&a);
	return v->code;
}

struct remove_tx {
	const struct user *actor;
	int64_t proposal_id, attachment_id;
};

static int
remove_body(struct store *s, void *arg)
{
	struct remove_tx *t = arg;
	struct arena a = {0};
	struct attachment att;
	int rc = may_attach(s, t->actor, t->proposal_id, NULL);
	if (rc == ATTACHMENT_OK &&
	    (!attachment_find(s, &a, t->proposal_id, t->attachment_id, &att) || att.removed_at))
		rc = ATTACHMENT_NOT_FOUND;
	if (rc == ATTACHMENT_OK) {
		struct stmt *st = store_stmt(s, &q_remove);
		stmt_bind_int(st, 1, t->attachment_id);
		stmt_bind_int(st, 2, t->proposal_id);
		stmt_bind_int(st, 3, time_now());
		if (stmt_exec(st) != STORE_OK || store_changes(s) != 1)
			rc = ATTACHMENT_ERROR;
	}
	if (rc == ATTACHMENT_OK &&
	    audit_attachment(s, t->actor->id, t->proposal_id, "attachment.remove",
	                     json_pack("{s:I,s:s,s:s}", "attachment", (json_int_t)t->attachment_id,
	                               "filename", att.filename, "sha256", att.sha256)) != 0)
		rc = ATTACHMENT_ERROR;
	arena_free(&a);
	return rc;
}

enum attachment_result
attachment_remove(struct store *s, const struct user *actor, int64_t proposal_id,
                  int64_t attachment_id)
{
	struct remove_tx t = {actor, proposal_id, attachment_id};
	return attachment_tx(s, "attachment_remove", remove_body, &t);
}

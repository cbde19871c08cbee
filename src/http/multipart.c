/* multipart/form-data bodies through libmicrohttpd's post processor. */
#include "http/multipart.h"
#include "http/parse.h"
#include "util/str.h"

#include <microhttpd.h>
#include <string.h>

/* libmicrohttpd hands part values over in pieces of at most this many bytes. */
#define CHUNK (64 * 1024)

/* The part being read and where all part values go. */
struct multipart_reader {
	struct request *r;
	char *pool; /* one block of body_len + 1 bytes: values never outgrow the body */
	size_t used, cap;
	bool open;                           /* a part has started and is not finished */
	size_t start;                        /* its value's offset in pool */
	const char *key;                     /* its field name (arena) */
	const char *filename, *content_type; /* for file parts (arena), else NULL */
	size_t nfiles, nfields;
	struct upload **tail;
	bool failed;
};

/* Browsers write '"', CR and LF in a file name as %22, %0D and %0A (HTML's multipart
 * encoding); nothing else is escaped, so only these three are decoded. */
static char *
decode_filename(struct arena *a, const char *name)
{
	char *out = arena_strdup(a, name), *w = out;
	for (const char *p = name; *p; p++) {
		if (p[0] == '%' && p[1] == '2' && p[2] == '2')
			*w++ = '"', p += 2;
		else if (p[0] == '%' && p[1] == '0' && (p[2] == 'D' || p[2] == 'd'))
			*w++ = '\r', p += 2;
		else if (p[0] == '%' && p[1] == '0' && (p[2] == 'A' || p[2] == 'a'))
			*w++ = '\n', p += 2;
		else
			*w++ = *p;
	}
	*w = '\0';
	return out;
}

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Ends the open part: NUL-terminates its value and files it as a field or an upload. */
static bool
finish_part(struct multipart_reader *rd)
{
	if (!rd->open)
		return true;
	rd->open = false;
	if (rd->used + 1 > rd->cap)
		return false;
	char *value = rd->pool + rd->start;
	size_t len = rd->used - rd->start;
	rd->pool[rd->used++] = '\0';
	struct request *r = rd->r;
	if (!rd->filename) {
		/* Text fields obey the same rules as urlencoded ones: UTF-8, no NUL. */
		if (++rd->nfields > PARSE_MAX_FIELDS || !str_utf8_valid(value, len))
			return false;
		kv_add(&r->arena, &r->form, rd->key, value, len);
		return true;
	}
	if (++rd->nfiles > MULTIPART_MAX_FILES)
		return false;
	struct upload *u = arena_calloc(&r->arena, sizeof *u);
	u->field = rd->key;
	u->filename = decode_filename(&r->arena, rd->filename);
	u->content_type = rd->content_type ? rd->content_type : "";
	u->data = value;
	u->size = len;
	*rd->tail = u;
	rd->tail = &u->next;
	return true;
}

struct multipart_reader *
http_multipart_reader(struct request *r)
{
	struct multipart_reader *rd = arena_calloc(&r->arena, sizeof *rd);
	rd->r = r;
	rd->tail = &r->uploads;
	return rd;
}

bool
http_multipart_piece(struct multipart_reader *rd, const char *key, const char *filename,
                     const char *content_type, uint64_t off, const char *data, size_t size)
{
	struct request *r = rd->r;
	if (rd->failed)
		return false;
	if (!key || !str_utf8_valid(key, strlen(key)))
		goto fail;
	/* A part starts at offset 0. libmicrohttpd may announce an empty value with one call
	 * of size 0; a repeated offset 0 for the same, still empty part is the same part. */
	bool new_part = off == 0 && (!rd->open || rd->used > rd->start ||
	                             strcmp(rd->key, key) != 0 || !same(rd->filename, filename));
	if (new_part) {
		if (!finish_part(rd))
			goto fail;
		if (!rd->pool) {
			rd->cap = r->body_len + 1;
			rd->pool = arena_alloc(&r->arena, rd->cap);
		}
		rd->open = true;
		rd->start = rd->used;
		rd->key = arena_strdup(&r->arena, key);
		rd->filename = filename ? arena_strdup(&r->arena, filename) : NULL;
		rd->content_type = content_type ? arena_strdup(&r->arena, content_type) : NULL;
	} else if (!rd->open || off != rd->used - rd->start) {
		goto fail; /* pieces out of order: never seen, but never guessed at either */
	}
	if (size) {
		if (size + 1 > rd->cap - rd->used)
			goto fail;
		memcpy(rd->pool + rd->used, data, size);
		rd->used += size;
	}
	return true;
fail:
	rd->failed = true;
	return false;
}

int
http_multipart_finish(struct multipart_reader *rd)
{
	if (rd->failed || !finish_part(rd)) {
		rd->failed = true;
		return -1;
	}
	return 0;
}

static enum MHD_Result
on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
        const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
        size_t size)
{
	return http_multipart_piece(cls, key, filename, content_type, off, data, size) ? MHD_YES
	                                                                               : MHD_NO;
}

int
http_multipart_parse(struct request *r)
{
	if (!r->conn)
		return -1;
	struct multipart_reader *rd = http_multipart_reader(r);
	struct MHD_PostProcessor *pp =
	    MHD_create_post_processor((struct MHD_Connection *)r->conn, CHUNK, on_part, rd);
	if (!pp)
		return -1; /* not multipart/form-data with a boundary */
	bool ok = MHD_post_process(pp, r->body, r->body_len) == MHD_YES;
	/* MHD_NO here means the body ended inside a part: a truncated or malformed body. */
	ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
	return ok ? http_multipart_finish(rd) : -1;
}

const struct upload *
http_upload(struct request *r, const char *field)
{
	for (const struct upload *u = r->uploads; u; u = u->next)
		if (strcmp(u->field, field) == 0)
			return u;
	return NULL;
}

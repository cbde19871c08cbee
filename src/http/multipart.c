/* multipart/form-data bodies through libmicrohttpd's post processor, file parts streamed
 * into temporary files while they are hashed. */
#include "http/multipart.h"
#include "http/parse.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* libmicrohttpd hands part values over in pieces of at most this many bytes. */
#define CHUNK (64 * 1024)

static char tmp_dir[4096];
static size_t file_max = SIZE_MAX;

void
http_multipart_configure(const char *dir, size_t max_file)
{
	snprintf(tmp_dir, sizeof tmp_dir, "%s", dir ? dir : "");
	file_max = max_file ? max_file : SIZE_MAX;
	http_multipart_sweep();
}

const char *
http_multipart_dir(void)
{
	return tmp_dir[0] ? tmp_dir : P_tmpdir;
}

void
http_multipart_sweep(void)
{
	const char *dir = http_multipart_dir();
	DIR *d = opendir(dir);
	if (!d)
		return;
	/* A day: a request is answered in minutes; a kept file waits for the person to send
	 * the form again, which a day is ample for. Several instances may share the folder,
	 * so a younger file may be another's upload still arriving. */
	time_t old = time(NULL) - 24 * 3600;
	for (struct dirent *e; (e = readdir(d));) {
		if (!str_starts(e->d_name, ".upload-") && !str_starts(e->d_name, ".kept-"))
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < old)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* The part being read and where all part values go. */
struct multipart_reader {
	struct request *r;
	bool open;                           /* a part has started and is not finished */
	uint64_t len;                        /* bytes of its value so far */
	const char *key;                     /* its field name (arena) */
	const char *filename, *content_type; /* for file parts (arena), else NULL */
	struct buf text;                     /* a text part's value */
	size_t text_total;                   /* bytes of all text values */
	int fd;                              /* a file part's temporary file, else -1 */
	/* A temporary file met a full disk: the files after it are not written (their bytes
	 * are read and dropped), the text fields still kept, and the body is answered as a
	 * full disk once it has ended (507). */
	bool full, skipping;
	crypto_hash_sha256_state sha;
	size_t nfiles, nfields;
	struct upload **tail, **lost_tail;
	/* When set, a file part needs a valid "_csrf" field before it (see multipart.h). */
	bool (*csrf_valid)(const char *token, const char *binding);
	const char *csrf_binding;
	int status; /* 0, or why everything after is refused */
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

/* Refuses the rest of the body; a file being written is given up at once (its disk space
 * comes back now, not when the sender gives up). */
static bool
refuse(struct multipart_reader *rd, int status)
{
	if (!rd->status)
		rd->status = status;
	if (rd->fd >= 0)
		close(rd->fd);
	rd->fd = -1;
	return false;
}

/* The file part being read met a full disk: it is given up (its space comes back now)
 * and named for the page that asks for it again; reading goes on. */
static bool
lost_to_full_disk(struct multipart_reader *rd)
{
	struct request *r = rd->r;
	if (rd->fd >= 0)
		close(rd->fd);
	rd->fd = -1;
	rd->full = rd->skipping = true;
	struct upload *u = arena_calloc(&r->arena, sizeof *u);
	u->field = rd->key;
	u->filename = decode_filename(&r->arena, rd->filename ? rd->filename : "");
	u->content_type = "";
	u->fd = -1;
	u->why = N_("the server's disk was full while it arrived");
	*rd->lost_tail = u;
	rd->lost_tail = &u->next;
	return true;
}

/* A temporary file could not be written or made: the status that says why (507 for lack
 * of space, noted for store_saw_full, /healthz and the log as the store's are; 503 else). */
static int
write_failure(int err)
{
	if (err == ENOSPC || err == EDQUOT) {
		store_note_full();
		return 507;
	}
	return 503;
}

/* Writes all of data to fd; false (logged) on a failed write, *status saying why. */
static bool
write_all(int fd, const char *data, size_t size, int *status)
{
	while (size) {
		ssize_t n = store_test_full(STORE_FULL_UPLOADS) ? (errno = ENOSPC, -1)
		                                                : write(fd, data, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : ENOSPC; /* a write of nothing: no room */
			*status = write_failure(err);
			if (*status != 507) /* a full disk is logged once a minute by the store */
				log_error("http: cannot write an upload's temporary file: %s",
				          strerror(err));
			return false;
		}
		data += n;
		size -= (size_t)n;
	}
	return true;
}

/* A fresh temporary file, 0600 and without a name (O_TMPFILE; where the file system has
 * none, made with mkstemp and unlinked at once): neither an error nor a crash leaves one
 * behind, and after a full disk it can still be given a name (http_kept_keep). -1 (logged
 * unless the disk is full) when it cannot be made, *status saying why. */
static int
open_temporary(int *status)
{
	const char *dir = http_multipart_dir();
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	if (errno == ENOSPC || errno == EDQUOT) {
		*status = write_failure(errno);
		return -1;
	}
	char path[sizeof tmp_dir + 32];
	snprintf(path, sizeof path, "%s/.upload-XXXXXX", dir);
	/* mkostemp makes the file 0600 whatever the umask (which is the whole process's: no
	 * thread may change it for its own file). */
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		*status = write_failure(err);
		if (*status != 507)
			log_error("http: cannot make a temporary file in %s: %s", dir,
			          strerror(err));
		return -1;
	}
	unlink(path);
	return fd;
}

/* Ends a file part: a NUL after the bytes (so the mapping ends in one, as text values do),
 * then the file mapped read-only and closed. */
static bool
finish_file(struct multipart_reader *rd)
{
	struct request *r = rd->r;
	if (rd->skipping)
		return true;
	int fd = rd->fd;
	void *map = MAP_FAILED;
	int status = 503;
	if (rd->len < SIZE_MAX && write_all(fd, "", 1, &status))
		map = mmap(NULL, (size_t)rd->len + 1, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return status == 507 ? lost_to_full_disk(rd) : refuse(rd, status);
	rd->fd = -1;
	struct upload *u = arena_calloc(&r->arena, sizeof *u);
	u->field = rd->key;
	u->filename = decode_filename(&r->arena, rd->filename);
	u->content_type = rd->content_type ? rd->content_type : "";
	u->data = map;
	u->size = (size_t)rd->len;
	u->fd = fd; /* for the blob store's copy, file to file (closed on release) */
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&rd->sha, digest);
	sodium_bin2hex(u->sha256, sizeof u->sha256, digest, sizeof digest);
	*rd->tail = u;
	rd->tail = &u->next;
	return true;
}

/* Ends the open part: files it as a field or an upload. */
static bool
finish_part(struct multipart_reader *rd)
{
	if (!rd->open)
		return true;
	rd->open = false;
	struct request *r = rd->r;
	if (rd->filename)
		return finish_file(rd);
	const char *value = buf_str(&rd->text);
	size_t len = rd->text.len;
	/* Text fields obey the same rules as urlencoded ones: UTF-8, no NUL. */
	if (++rd->nfields > PARSE_MAX_FIELDS || strlen(value) != len || !str_utf8_valid(value, len))
		return refuse(rd, 400);
	kv_add(&r->arena, &r->form, rd->key, arena_strndup(&r->arena, value, len), len);
	buf_reset(&rd->text);
	return true;
}

/* Starts a part; for a file, only once the form's token has come and is right. */
static bool
start_part(struct multipart_reader *rd, const char *key, const char *filename,
           const char *content_type)
{
	struct request *r = rd->r;
	if (filename) {
		if (++rd->nfiles > MULTIPART_MAX_FILES)
			return refuse(rd, 400);
		if (rd->csrf_valid && !rd->csrf_valid(kv_get(&r->form, "_csrf"), rd->csrf_binding))
			return refuse(rd, 403);
	}
	rd->open = true;
	rd->len = 0;
	rd->skipping = false;
	rd->key = arena_strdup(&r->arena, key);
	rd->filename = filename ? arena_strdup(&r->arena, filename) : NULL;
	rd->content_type = content_type ? arena_strdup(&r->arena, content_type) : NULL;
	if (filename) {
		/* After a full disk no file is written; a browser's empty part (no file
		 * chosen) is no loss. */
		if (rd->full)
			return filename[0] ? lost_to_full_disk(rd) : (rd->skipping = true);
		int status = 503;
		rd->fd = open_temporary(&status);
		if (rd->fd < 0)
			return status == 507 ? lost_to_full_disk(rd) : refuse(rd, status);
		crypto_hash_sha256_init(&rd->sha);
	}
	return true;
}

struct multipart_reader *
http_multipart_reader(struct request *r)
{
	struct multipart_reader *rd = arena_calloc(&r->arena, sizeof *rd);
	rd->r = r;
	rd->fd = -1;
	rd->tail = &r->uploads;
	rd->lost_tail = &r->lost_uploads;
	r->multipart = rd;
	return rd;
}

void
http_multipart_require_csrf(struct multipart_reader *rd,
                            bool (*valid)(const char *token, const char *binding),
                            const char *binding)
{
	rd->csrf_valid = valid;
	rd->csrf_binding = arena_strdup(&rd->r->arena, binding ? binding : "");
}

bool
http_multipart_piece(struct multipart_reader *rd, const char *key, const char *filename,
                     const char *content_type, uint64_t off, const char *data, size_t size)
{
	if (rd->status)
		return false;
	if (!key || !str_utf8_valid(key, strlen(key)))
		return refuse(rd, 400);
	/* A part starts at offset 0. libmicrohttpd may announce an empty value with one call
	 * of size 0; a repeated offset 0 for the same, still empty part is the same part. */
	bool new_part = off == 0 && (!rd->open || rd->len > 0 || strcmp(rd->key, key) != 0 ||
	                             !same(rd->filename, filename));
	if (new_part) {
		if (!finish_part(rd) || !start_part(rd, key, filename, content_type))
			return false;
	} else if (!rd->open || off != rd->len) {
		return refuse(rd, 400); /* pieces out of order: never seen, but never guessed at */
	}
	if (!size)
		return true;
	rd->len += size;
	if (!rd->filename) {
		rd->text_total += size;
		if (rd->text_total > MULTIPART_TEXT_MAX)
			return refuse(rd, 413);
		buf_append(&rd->text, data, size);
		return true;
	}
	if (rd->len > file_max)
		return refuse(rd, 413);
	if (rd->skipping)
		return true;
	crypto_hash_sha256_update(&rd->sha, (const unsigned char *)data, size);
	int status = 503;
	if (write_all(rd->fd, data, size, &status))
		return true;
	return status == 507 ? lost_to_full_disk(rd) : refuse(rd, status);
}

int
http_multipart_finish(struct multipart_reader *rd)
{
	if (!rd->status)
		finish_part(rd);
	if (!rd->status && rd->full)
		rd->status = 507;
	return rd->status ? -1 : 0;
}

int
http_multipart_status(const struct multipart_reader *rd)
{
	return rd->status;
}

void
http_multipart_release(struct request *r)
{
	for (struct upload *u = r->uploads; u; u = u->next)
		http_upload_release(u);
	r->uploads = NULL;
	struct multipart_reader *rd = r->multipart;
	if (rd) {
		if (rd->fd >= 0)
			close(rd->fd);
		rd->fd = -1;
		buf_free(&rd->text);
		r->multipart = NULL;
	}
}

static enum MHD_Result
on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
        const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
        size_t size)
{
	return http_multipart_piece(cls, key, filename, content_type, off, data, size) ? MHD_YES
	                                                                               : MHD_NO;
}

struct multipart_stream {
	struct MHD_PostProcessor *pp;
	struct multipart_reader *rd;
};

struct multipart_stream *
http_multipart_stream(struct http_conn *conn, struct request *r)
{
	if (!conn)
		return NULL;
	struct multipart_reader *rd = http_multipart_reader(r);
	struct MHD_PostProcessor *pp =
	    MHD_create_post_processor((struct MHD_Connection *)conn, CHUNK, on_part, rd);
	if (!pp)
		return NULL; /* not multipart/form-data with a boundary */
	struct multipart_stream *ms = arena_calloc(&r->arena, sizeof *ms);
	ms->pp = pp;
	ms->rd = rd;
	return ms;
}

bool
http_multipart_feed(struct multipart_stream *ms, const char *data, size_t size)
{
	if (ms->rd->status)
		return false;
	if (MHD_post_process(ms->pp, data, size) != MHD_YES)
		refuse(ms->rd, 400);
	return !ms->rd->status;
}

int
http_multipart_end(struct multipart_stream *ms)
{
	/* MHD_NO here means the body ended inside a part: a truncated or malformed body. */
	bool ended = MHD_destroy_post_processor(ms->pp) == MHD_YES;
	ms->pp = NULL;
	if (!ended)
		refuse(ms->rd, 400);
	http_multipart_finish(ms->rd);
	return ms->rd->status;
}

void
http_multipart_abandon(struct multipart_stream *ms)
{
	if (ms && ms->pp)
		MHD_destroy_post_processor(ms->pp);
	if (ms)
		ms->pp = NULL;
}

int
http_multipart_parse(struct request *r)
{
	struct multipart_stream *ms = http_multipart_stream(r->conn, r);
	if (!ms)
		return -1;
	http_multipart_feed(ms, r->body, r->body_len);
	return http_multipart_end(ms) ? -1 : 0;
}

void
http_upload_release(struct upload *u)
{
	if (u->data)
		munmap((void *)u->data, u->size + 1);
	u->data = NULL;
	if (u->fd >= 0)
		close(u->fd);
	u->fd = -1;
	/* A kept file given back to this request (the only uploads with a name) stays while it
	 * is kept (http_kept_keep), else it has been used and goes. */
	if (u->path && !u->kept)
		unlink(u->path);
	u->path = NULL;
}

struct blob_bytes
http_upload_bytes(const struct upload *u)
{
	return (struct blob_bytes){u->data, u->size, u->fd, u->sha256};
}

const struct upload *
http_upload(struct request *r, const char *field)
{
	for (const struct upload *u = r->uploads; u; u = u->next)
		if (strcmp(u->field, field) == 0)
			return u;
	return NULL;
}

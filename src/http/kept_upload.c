/* Files kept after a full disk under a signed token, and given back to the repeated form. */
#include "http/kept_upload.h"
#include "http/csrf.h"
#include "http/multipart.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEPT_ID_LEN 32
/* Longer names or types are not kept (a browser sends far shorter ones). */
#define KEPT_TEXT_MAX 400

static const char *
purpose(struct request *r, const char *binding)
{
	return arena_printf(&r->arena, "kept-upload %s", binding ? binding : "");
}

static const char *
kept_path(struct request *r, const char *id)
{
	return arena_printf(&r->arena, "%s/.kept-%s", http_multipart_dir(), id);
}

static const char *
hex_of(struct request *r, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(&r->arena, 2 * n + 1);
	str_hex(out, (const unsigned char *)s, n);
	return out;
}

/* The text of hex digits (NUL-terminated, in r's arena), or NULL when they are not. */
static const char *
text_of(struct request *r, const char *hex, size_t n)
{
	if (n % 2)
		return NULL;
	char *out = arena_alloc(&r->arena, n / 2 + 1);
	size_t len = 0;
	if (sodium_hex2bin((unsigned char *)out, n / 2, hex, n, NULL, &len, NULL) != 0 ||
	    len != n / 2 || memchr(out, '\0', len))
		return NULL;
	out[len] = '\0';
	return out;
}

static void
lose(struct request *r, const char *field, const char *filename, const char *why)
{
	struct upload *u = arena_calloc(&r->arena, sizeof *u);
	u->field = field;
	u->filename = filename;
	u->content_type = "";
	u->fd = -1;
	u->why = why;
	u->next = r->lost_uploads;
	r->lost_uploads = u;
}

/* Gives the nameless temporary file fd the name to, in the same folder (no byte copied,
 * so it needs no space but the name's). Only an O_TMPFILE file can be named again; one
 * made with mkstemp and unlinked cannot (ENOENT). */
static bool
link_fd(int fd, const char *to)
{
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, self, AT_FDCWD, to, AT_SYMLINK_FOLLOW) == 0)
		return true;
	if (errno != ENOSPC && errno != EDQUOT)
		log_error("http: cannot keep an upload after a full disk: %s", strerror(errno));
	return false;
}

void
http_kept_keep(struct request *r, const char *binding)
{
	bool kept_any = false;
	for (struct upload *u = r->uploads; u; u = u->next) {
		if (u->kept || u->fd < 0)
			continue;
		/* A browser's empty part (no file chosen) is nothing to keep. */
		if (!u->size && !u->filename[0])
			continue;
		unsigned char raw[KEPT_ID_LEN / 2];
		char id[KEPT_ID_LEN + 1];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(id, sizeof id, raw, sizeof raw);
		const char *to = kept_path(r, id);
		if (strlen(u->filename) > KEPT_TEXT_MAX ||
		    strlen(u->content_type) > KEPT_TEXT_MAX || strlen(u->field) > KEPT_TEXT_MAX ||
		    !link_fd(u->fd, to)) {
			lose(r, u->field, u->filename, N_("it could not be kept on the server"));
			continue;
		}
		u->path = to;
		const char *value = arena_printf(
		    &r->arena, "%s|%s|%zu|%s|%s|%s", id, u->sha256, u->size, hex_of(r, u->field),
		    hex_of(r, u->content_type), hex_of(r, u->filename));
		size_t n = strlen(value) + 40;
		char *token = arena_alloc(&r->arena, n);
		csrf_sign(token, n, purpose(r, binding), value);
		u->kept = token;
		kept_any = true;
	}
	if (kept_any)
		http_multipart_sweep();
}

/* The parts of a verified token's value. */
struct kept {
	const char *id, *sha256, *field, *content_type, *filename;
	size_t size;
};

static bool
parse_token(struct request *r, const char *token, const char *binding, struct kept *k)
{
	size_t n = strlen(token);
	char *value = arena_alloc(&r->arena, n + 1);
	if (!csrf_verify_signed(token, purpose(r, binding), value, n + 1))
		return false;
	const char *part[6];
	size_t len[6];
	const char *p = value;
	for (int i = 0; i < 6; i++) {
		const char *bar = i < 5 ? strchr(p, '|') : p + strlen(p);
		if (!bar)
			return false;
		part[i] = p;
		len[i] = (size_t)(bar - p);
		p = *bar ? bar + 1 : bar;
	}
	if (len[0] != KEPT_ID_LEN || len[1] != 64 || strspn(part[0], "0123456789abcdef") < len[0])
		return false;
	char *end;
	unsigned long long size = strtoull(part[2], &end, 10);
	if (end != part[2] + len[2] || size >= SIZE_MAX)
		return false;
	k->id = arena_strndup(&r->arena, part[0], len[0]);
	k->sha256 = arena_strndup(&r->arena, part[1], len[1]);
	k->size = (size_t)size;
	k->field = text_of(r, part[3], len[3]);
	k->content_type = text_of(r, part[4], len[4]);
	k->filename = text_of(r, part[5], len[5]);
	return k->field && k->content_type && k->filename;
}

/* A file chosen again for field in this request (not a browser's empty part). */
static bool
chosen_again(struct request *r, const char *field)
{
	for (const struct upload *u = r->uploads; u; u = u->next)
		if (!u->kept && strcmp(u->field, field) == 0 && (u->size || u->filename[0]))
			return true;
	return false;
}

struct upload *
http_kept_restore(struct request *r, const char *binding)
{
	struct upload *before = r->uploads;
	for (size_t i = 0; i < r->form.n; i++) {
		const struct kv *f = &r->form.items[i];
		struct kept k;
		if (strcmp(f->key, "_kept") != 0 || !parse_token(r, f->value, binding, &k))
			continue;
		const char *path = kept_path(r, k.id);
		if (chosen_again(r, k.field)) {
			unlink(path);
			continue;
		}
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		struct stat st;
		void *map = MAP_FAILED;
		/* The file holds the bytes and the NUL the reader wrote after them. */
		if (fd >= 0 && fstat(fd, &st) == 0 && (uint64_t)st.st_size == (uint64_t)k.size + 1)
			map = mmap(NULL, k.size + 1, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			if (fd >= 0)
				close(fd);
			lose(r, k.field, k.filename, N_("it was no longer kept on the server"));
			continue;
		}
		struct upload *u = arena_calloc(&r->arena, sizeof *u);
		u->field = k.field;
		u->filename = k.filename;
		u->content_type = k.content_type;
		u->data = map;
		u->size = k.size;
		snprintf(u->sha256, sizeof u->sha256, "%s", k.sha256);
		u->fd = fd;
		u->path = path;
		u->kept = arena_strdup(&r->arena, f->value);
		u->next = r->uploads;
		r->uploads = u;
	}
	return before;
}

void
http_kept_release(struct request *r, struct upload *before)
{
	for (struct upload *u = r->uploads; u && u != before; u = u->next) {
		if (!r->keep_form && !r->kept_offered)
			u->kept = NULL; /* used: removed with the release */
		http_upload_release(u);
	}
	r->uploads = before;
}

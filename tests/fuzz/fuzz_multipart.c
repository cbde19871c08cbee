/* libFuzzer entry point for the project's part of multipart/form-data parsing
 * (http_multipart_reader/piece/finish in src/http/multipart.c): gathering the pieces of part
 * values, filing text fields and uploads, decoding file names.
 *
 * libmicrohttpd's own post processor, which splits the body at its boundaries, needs a live
 * connection and is not fuzzed here. The input is read as the calls it would make: each
 * record is a flag byte, the field name, the file name and content type when the flags say
 * so (each up to a NUL), a length byte and that many value bytes. Flag bit 0: a file part;
 * bit 1: with a content type; bit 2: continue the current part at the next offset (else the
 * piece starts a part at offset 0); bit 3: take the offset from the next byte instead (out
 * of order, as libmicrohttpd never sends). Each upload's file name then goes through
 * attachment_sanitize_filename, which makes the name a proposal's file is stored under.
 * Besides crashes, the target checks what
 * multipart.h promises and aborts when a promise is broken. Build and run with
 * tests/fuzz/run.sh. */
#include "domain/attachment.h"
#include "http/multipart.h"
#include "http/parse.h"
#include "util/arena.h"
#include "util/str.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_multipart: broken promise: %s\n", what);
		abort();
	}
}

/* The next NUL-terminated string of the input (or the rest), as its own allocation. */
static char *
take_string(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nul = memchr(*p, '\0', (size_t)(end - *p));
	size_t n = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
	char *s = malloc(n + 1);
	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p += n + (nul ? 1 : 0);
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	struct request r = {0};
	/* Every value byte comes from the input, as every byte of a real body does. */
	r.body_len = size;
	struct multipart_reader *rd = http_multipart_reader(&r);
	const uint8_t *p = data, *end = data + size;
	uint64_t part_off = 0;
	bool ok = true;
	while (ok && p < end) {
		uint8_t flags = *p++;
		char *key = take_string(&p, end);
		char *filename = flags & 1 ? take_string(&p, end) : NULL;
		char *type = flags & 2 ? take_string(&p, end) : NULL;
		uint64_t off = flags & 4 ? part_off : 0;
		if (flags & 8 && p < end)
			off = *p++;
		size_t len = p < end ? *p++ : 0;
		if (len > (size_t)(end - p))
			len = (size_t)(end - p);
		/* An exact copy, so reading past the piece is past an allocation. */
		char *piece = malloc(len ? len : 1);
		if (!piece)
			abort();
		memcpy(piece, p, len);
		p += len;
		ok = http_multipart_piece(rd, key, filename, type, off, piece, len);
		part_off = off + len;
		free(piece);
		free(key);
		free(filename);
		free(type);
	}
	if (ok && http_multipart_finish(rd) == 0) {
		size_t total = 0, files = 0;
		for (size_t i = 0; i < r.form.n; i++) {
			const struct kv *kv = &r.form.items[i];
			check(kv->key && kv->value, "fields: key and value");
			check(strlen(kv->value) == kv->len, "fields: no NUL inside a value");
			check(str_utf8_valid(kv->value, kv->len), "fields: valid UTF-8");
			check(str_utf8_valid(kv->key, strlen(kv->key)),
			      "fields: valid UTF-8 names");
			total += kv->len;
		}
		check(r.form.n <= PARSE_MAX_FIELDS, "fields: at most PARSE_MAX_FIELDS");
		for (const struct upload *u = r.uploads; u; u = u->next) {
			check(u->field && u->filename && u->content_type && u->data,
			      "uploads: filled");
			check(u->data[u->size] == '\0', "uploads: bytes followed by a NUL");
			check(http_upload(&r, u->field) != NULL, "uploads: found by field");
			total += u->size;
			files++;
			const char *name = attachment_sanitize_filename(&r.arena, u->filename);
			check(str_utf8_valid(name, strlen(name)), "stored name: valid UTF-8");
			check(!strpbrk(name, "/\\"), "stored name: no path");
			check(str_utf8_len(name) <= ATTACHMENT_NAME_MAX,
			      "stored name: not too long");
			check(name[0] != '.' && name[0] != ' ',
			      "stored name: no leading dot or space");
			for (const unsigned char *c = (const unsigned char *)name; *c; c++)
				check(*c >= 0x20 && *c != 0x7f,
				      "stored name: no control characters");
		}
		check(files <= MULTIPART_MAX_FILES, "uploads: at most MULTIPART_MAX_FILES");
		check(total <= size, "values: never more than the body");
	} else {
		check(http_multipart_finish(rd) == -1, "a malformed body stays malformed");
	}
	http_multipart_release(&r);
	arena_free(&r.arena);
	return 0;
}

/* The database's side of the blob store (blob.h): every blob's bytes in rows of
 * blob_chunk, a chunk of at most CHUNK bytes each, under a row of blob that names its size
 * (034_blob_store.sql). Written in one transaction, so a blob is there whole or not at
 * all. The bytes travel as hex text (the drivers bind text), decoded by the server. */
#include "store/blob.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/timeutil.h"

#include <errno.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* 512 KiB: a megabyte of hex per statement, and a 20 MB file in 40 chunks. */
#define CHUNK (512 * 1024)

static atomic_bool enabled;

void
blob_db_enable(bool on)
{
	atomic_store(&enabled, on);
}

bool
blob_db_enabled(void)
{
	return atomic_load(&enabled);
}

static const struct store_query q_blob_has = {"blob_has",
                                              "SELECT count(*) FROM blob WHERE sha256 = ?1"};
static const struct store_query q_blob_add = {
    "blob_add", "INSERT INTO blob(sha256, size, chunks, created_at) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (sha256) DO NOTHING"};
static const struct store_query q_chunk_add = {
    "blob_chunk_add", "INSERT INTO blob_chunk(sha256, seq, data) VALUES (?1, ?2, "
                      "decode(?3, 'hex'))"};
static const struct store_query q_blob_size = {"blob_size",
                                               "SELECT size, chunks FROM blob WHERE sha256 = ?1"};
static const struct store_query q_chunk = {
    "blob_chunk", "SELECT encode(data, 'hex') FROM blob_chunk WHERE sha256 = ?1 AND seq = ?2"};

struct put_tx {
	const char *sha;
	const unsigned char *data;
	size_t n;
};

static int
put_body(struct store *s, void *arg)
{
	struct put_tx *t = arg;
	size_t chunks = (t->n + CHUNK - 1) / CHUNK;
	struct stmt *st = store_stmt(s, &q_blob_add);
	stmt_bind_text(st, 1, t->sha);
	stmt_bind_int(st, 2, (int64_t)t->n);
	stmt_bind_int(st, 3, (int64_t)chunks);
	stmt_bind_int(st, 4, time_now());
	if (stmt_exec(st) != STORE_OK)
		return STORE_ERR;
	if (store_changes(s) == 0) /* the same bytes are there already */
		return STORE_OK;
	char *hex = xmalloc(2 * CHUNK + 1);
	int rc = STORE_OK;
	for (size_t i = 0; i < chunks && rc == STORE_OK; i++) {
		size_t len = t->n - i * CHUNK < CHUNK ? t->n - i * CHUNK : CHUNK;
		str_hex(hex, t->data + i * CHUNK, len);
		st = store_stmt(s, &q_chunk_add);
		stmt_bind_text(st, 1, t->sha);
		stmt_bind_int(st, 2, (int64_t)i);
		stmt_bind_text(st, 3, hex);
		rc = stmt_exec(st);
	}
	free(hex);
	return rc;
}

static struct store *
conn(struct store *s)
{
	return s ? s : store_thread();
}

int
blob_db_put(struct store *s, const char *sha, const void *data, size_t n)
{
	s = conn(s);
	if (!s)
		return -1;
	struct put_tx t = {sha, data, n};
	int rc = store_in_transaction(s) ? put_body(s, &t) : store_tx(s, put_body, &t);
	if (rc != STORE_OK)
		log_error("blob %.12s…: cannot store it in the database (%d)", sha, rc);
	return rc == STORE_OK ? 0 : -1;
}

bool
blob_db_exists(struct store *s, const char *sha)
{
	s = conn(s);
	if (!s)
		return false;
	struct stmt *st = store_stmt(s, &q_blob_has);
	stmt_bind_text(st, 1, sha);
	return stmt_one_int(st) > 0;
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Appends the bytes of hex text (an even number of digits) to out; -1 on a bad digit. */
static int
append_hex(struct buf *out, const char *hex)
{
	size_t n = strlen(hex) / 2;
	buf_grow(out, n);
	unsigned char *p = (unsigned char *)out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		p[i] = (unsigned char)(hi << 4 | lo);
	}
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}

static int
write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
blob_db_write_fd(struct store *s, const char *sha, int fd)
{
	s = conn(s);
	if (!s)
		return -1;
	struct stmt *st = store_stmt(s, &q_blob_size);
	stmt_bind_text(st, 1, sha);
	bool found = stmt_step(st) == STORE_ROW;
	int64_t size = found ? stmt_int(st, 0) : 0, chunks = found ? stmt_int(st, 1) : 0;
	stmt_done(st);
	if (!found)
		return -1;
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	struct buf b = BUF_INIT;
	int64_t written = 0;
	int rc = 0;
	for (int64_t i = 0; i < chunks && rc == 0; i++) {
		st = store_stmt(s, &q_chunk);
		stmt_bind_text(st, 1, sha);
		stmt_bind_int(st, 2, i);
		buf_reset(&b);
		rc = stmt_step(st) == STORE_ROW ? append_hex(&b, stmt_text(st, 0)) : -1;
		stmt_done(st);
		if (rc == 0) {
			crypto_hash_sha256_update(&h, (const unsigned char *)b.data, b.len);
			rc = write_all(fd, (const unsigned char *)b.data, b.len);
			written += (int64_t)b.len;
		}
	}
	buf_free(&b);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, digest);
	char hex[65];
	str_hex(hex, digest, sizeof digest);
	if (rc != 0 || written != size || strcmp(hex, sha) != 0) {
		log_error("blob %.12s…: the database does not hold its bytes whole", sha);
		return -1;
	}
	return 0;
}

/* The blob store: content-addressed files (attachments, practice images and downloads),
 * each named by the SHA-256 of its bytes, written once and never changed. */
#ifndef STORE_BLOB_H
#define STORE_BLOB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* The drivers: blob_fs.c keeps each blob as a file DIR/ab/cdef… (the SHA-256 in hex,
 * split after two digits). On PostgreSQL (blob_db_enable) the database holds every blob
 * too, in chunks (blob_db.c, 034_blob_store.sql), so every instance has every file: a
 * blob is written to both, and one this instance's folder lacks is fetched into it on
 * first use — the folder is then each instance's cache. Callers name blobs only by their
 * SHA-256. */

/* Where the file-system driver keeps blobs (default "data/files"); dir is copied. serve
 * sets it once at start-up (through attachment_configure), tests too. */
void blob_fs_configure(const char *dir);
const char *blob_fs_dir(void);

/* True when name is a blob's name: 64 lower-case hex digits. */
bool blob_name_valid(const char *name);

/* Stores the bytes and gives their name (the SHA-256 in hex) in sha256_hex. Atomic: a
 * crash leaves no blob or the whole one; the same bytes already stored are reused.
 * Returns 0 or -1 (logged). */
int blob_put(const void *data, size_t n, char sha256_hex[65]);

/* Bytes whose SHA-256 is known already: an upload's, hashed by the upload reader as they
 * streamed into its temporary file (http/multipart.h). */
struct blob_bytes {
	const void *data; /* the bytes (an upload's read-only mapping) */
	size_t n;
	int fd;             /* the file whose first n bytes they are, or -1 */
	const char *sha256; /* their SHA-256 in hex, or NULL: blob_put hashes them */
};

/* Like blob_put, without hashing the bytes again: stores them under b->sha256 (which must
 * be a blob's name, blob_name_valid, and their true hash: the caller computed it). With a
 * file (b->fd), the file system's copy is made file to file in the kernel (sendfile), so
 * the bytes are never read into the process; the database's is written chunk by chunk
 * from b->data, as blob_put does. sha256_hex gets the name. Returns 0 or -1 (logged). */
int blob_put_known(const struct blob_bytes *b, char sha256_hex[65]);

/* Appends the blob's bytes to out. size is the length on record (-1: whatever is there);
 * a blob of another length counts as damaged. Returns 0, or -1 when it is missing,
 * unreadable or of another length (logged; out keeps its content). */
int blob_read(const char *sha256_hex, int64_t size, struct buf *out);

/* The blob's bytes as a read-only mapping of its file (fetched from the database first
 * when only it has the blob, as blob_local), so a large one takes no buffer; size is the
 * length on record, as for blob_read. *fd gets the open file (for blob_bytes). NULL
 * (logged) when it is missing, unreadable, empty or of another length. Undo with
 * blob_unmap. */
const void *blob_map(const char *sha256_hex, int64_t size, int *fd);
void blob_unmap(const void *data, int64_t size, int fd);

/* True when a blob of that name is stored (here or in the database). */
bool blob_exists(const char *sha256_hex);

/* Makes sure the blob's file is in this instance's folder (blob_fs_path), fetching it
 * from the database when it is only there. False when it is nowhere. */
bool blob_local(const char *sha256_hex);

/* ---- the database's side (blob_db.c) ----
 * blob_db_enable: blobs go to (and come from) the database of each thread's connection
 * (store_thread) as well: the server calls it at start-up on PostgreSQL. The functions
 * below take a store, or NULL for that thread's connection; put joins the caller's
 * transaction when one is open, else runs its own. */
void blob_db_enable(bool on);
bool blob_db_enabled(void);
struct store;
int blob_db_put(struct store *s, const char *sha256_hex, const void *data, size_t n);
bool blob_db_exists(struct store *s, const char *sha256_hex);
/* Writes the blob's bytes to fd chunk by chunk and checks them against its name: 0, or -1
 * when it is not in the database whole or its bytes are not the named ones (logged). */
int blob_db_write_fd(struct store *s, const char *sha256_hex, int fd);

/* The file-system driver only: the file of a blob; false when the name is not valid or
 * the path does not fit. */
bool blob_fs_path(char *out, size_t size, const char *sha256_hex);

#endif

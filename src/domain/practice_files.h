/* A good practice's own files: one image (PNG or JPEG, with its text alternative) and
 * downloads (the attachment types, with a title). Checked and stored by the attachment
 * module (content-addressed under DATA/files); rows in practice_file, audited on
 * "practice:ID". No permission checks here: the route table admits only the office. */
#ifndef DOMAIN_PRACTICE_FILES_H
#define DOMAIN_PRACTICE_FILES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/attachment.h"
#include "util/arena.h"
#include "util/buf.h"

struct store;

enum practice_file_kind { PRACTICE_FILE_IMAGE, PRACTICE_FILE_DOWNLOAD };

#define PRACTICE_FILE_ALT_MAX 300   /* characters of an image's text alternative */
#define PRACTICE_FILE_TITLE_MAX 200 /* characters of a download's title */

/* Result codes beyond the ATTACHMENT_* ones (ATTACHMENT_OK, ATTACHMENT_ERROR, the refusals
 * of attachment_check, ATTACHMENT_TOO_MANY, ATTACHMENT_NOT_FOUND), which keep their meaning;
 * these lie above them. */
enum {
	PRACTICE_FILE_NOT_IMAGE = 50, /* an image that is not PNG or JPEG (by name or content) */
	PRACTICE_FILE_NO_TEXT,        /* an image without a text alternative, a download untitled */
	PRACTICE_FILE_TEXT_TOO_LONG,  /* over PRACTICE_FILE_ALT_MAX / PRACTICE_FILE_TITLE_MAX */
	PRACTICE_FILE_NO_PRACTICE,    /* no such practice */
};

struct practice_file {
	int64_t id, practice_id;
	enum practice_file_kind kind;
	const char *sha256, *filename, *content_type;
	int64_t size;
	const char *alt;   /* an image's text alternative; "" for a download */
	const char *title; /* a download's title; "" for an image */
	int width, height; /* an image's pixels; 0 when unknown */
	int64_t position, created_at, removed_at; /* removed_at 0: current */
};

/* Adds a file to the practice. text is the image's alternative text or the download's
 * title (both required, trimmed, single line). An image must be PNG or JPEG by name and
 * content, and replaces the current image (marked removed, in the same transaction). A
 * download is any attachment type; a practice has at most attachment_config()->max_count
 * current downloads (ATTACHMENT_TOO_MANY). Sizes are limited as for attachments. Stores
 * the bytes (before the transaction: an unreferenced file is harmless), inserts the row
 * with the image's pixel size, moves the practice's updated_at (its page, feeds and API
 * record changed) and writes "practice.file_add" (with "replaces" for an image that
 * replaced another). Runs in its own transaction unless one is open. Fills v (may show
 * the detected type for a message); returns v->code; *id (may be NULL) gets the new id. */
int practice_file_add(struct store *s, int64_t actor, int64_t practice_id,
                      enum practice_file_kind kind, const char *filename, const void *data,
                      size_t n, const char *text, struct attachment_verdict *v, int64_t *id);
/* practice_file_add of bytes whose SHA-256 is known (an upload's, a stored attachment's:
 * store/blob.h, blob_put_known), so they are not hashed again. */
struct blob_bytes;
int practice_file_add_bytes(struct store *s, int64_t actor, int64_t practice_id,
                            enum practice_file_kind kind, const char *filename,
                            const struct blob_bytes *b, const char *text,
                            struct attachment_verdict *v, int64_t *id);

/* Carries the current attachments of a proposal into the practice's downloads (each titled
 * with its file name, cut to PRACTICE_FILE_TITLE_MAX characters), in upload order, with
 * practice_file_add (so each is audited as "practice.file_add"); call in the transaction
 * that made the practice from the proposal. *copied gets how many were carried. Returns
 * ATTACHMENT_OK or the first refusal (e.g. ATTACHMENT_TOO_MANY) or ATTACHMENT_ERROR. */
int practice_files_from_proposal(struct store *s, int64_t actor, int64_t practice_id,
                                 int64_t proposal_id, size_t *copied);

/* Marks a current file of the practice removed (the bytes stay: other rows may share them,
 * the audit log names them), moves updated_at and writes "practice.file_remove". Returns
 * ATTACHMENT_OK, ATTACHMENT_NOT_FOUND or ATTACHMENT_ERROR. Runs in its own transaction
 * unless one is open. */
int practice_file_remove(struct store *s, int64_t actor, int64_t practice_id, int64_t file_id);

/* One file of the practice, also a removed one. */
bool practice_file_find(struct store *s, struct arena *a, int64_t practice_id, int64_t id,
                        struct practice_file *out);
/* The current files: the image first, then the downloads in order. Returns the count. */
struct practice_file *practice_file_list(struct store *s, struct arena *a, int64_t practice_id,
                                         size_t *n);

/* Appends the stored bytes to out: 0, or -1 when missing or damaged (logged). */
int practice_file_read(const struct practice_file *f, struct buf *out);

/* The pixel size from a PNG's IHDR or a JPEG's first frame header (SOFn), without decoding.
 * False when the bytes are neither or the header is cut short. */
bool practice_file_image_size(const void *data, size_t n, int *width, int *height);

#endif

/* Attachments of proposals: files checked by content (libmagic, and libzip for the
 * zip-based office formats), stored once by SHA-256 under DATA/files/, listed per proposal. */
#ifndef DOMAIN_ATTACHMENT_H
#define DOMAIN_ATTACHMENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#include "domain/user.h"
#include "io/filetype.h"
#include "util/arena.h"
#include "util/buf.h"

struct store;

/* The types that may be uploaded. */
enum attachment_type { AT_PDF, AT_DOCX, AT_XLSX, AT_ODT, AT_ODS, AT_PNG, AT_JPEG, AT_COUNT };

struct attachment_type_info {
	const char *mime;   /* the content type stored and sent on download */
	const char *label;  /* "PDF", "DOCX" … (a file format's name, not translated) */
	const char *ext[3]; /* lower-case extensions with the dot, NULL-terminated */
};
extern const struct attachment_type_info attachment_types[AT_COUNT];

/* The limits (defaults: 20 MB per file, 10 per proposal) and where files go. */
struct attachment_config {
	const char *files_dir; /* DATA/files */
	size_t max_bytes;
	unsigned max_count;
};
#define ATTACHMENT_DEFAULT_MAX_MB 20
#define ATTACHMENT_DEFAULT_MAX_COUNT 10
/* Protection against zip bombs (io/filetype.h), from the central directory. */
#define ATTACHMENT_ZIP_MAX_ENTRIES FILETYPE_ZIP_MAX_ENTRIES
#define ATTACHMENT_ZIP_MAX_TOTAL FILETYPE_ZIP_MAX_TOTAL
#define ATTACHMENT_ZIP_MAX_RATIO FILETYPE_ZIP_MAX_RATIO
#define ATTACHMENT_ZIP_RATIO_FLOOR FILETYPE_ZIP_RATIO_FLOOR
#define ATTACHMENT_NAME_MAX 200 /* characters of a stored file name */

/* Sets the configuration (serve does it once at start-up; tests too). files_dir is copied. */
void attachment_configure(const char *files_dir, size_t max_bytes, unsigned max_count);
const struct attachment_config *attachment_config(void);

/* Result codes: 0, a storage error, or the reason of a refusal. */
enum attachment_result {
	ATTACHMENT_OK = 0,
	ATTACHMENT_ERROR = -1,   /* storage or file system */
	ATTACHMENT_EMPTY = 1,    /* no file, or zero bytes */
	ATTACHMENT_TOO_LARGE,    /* over max_bytes */
	ATTACHMENT_TOO_MANY,     /* the proposal has max_count attachments already */
	ATTACHMENT_BAD_NAME,     /* the name's extension is none of the allowed types */
	ATTACHMENT_NOT_ALLOWED,  /* the content is none of the allowed types */
	ATTACHMENT_MISMATCH,     /* the content is an allowed type, but not the one named */
	ATTACHMENT_DAMAGED,      /* a zip-based file that cannot be read */
	ATTACHMENT_ZIP_ENTRIES,  /* more than ATTACHMENT_ZIP_MAX_ENTRIES entries */
	ATTACHMENT_ZIP_SIZE,     /* would unpack to more than ATTACHMENT_ZIP_MAX_TOTAL */
	ATTACHMENT_ZIP_RATIO,    /* an entry compressed more than ATTACHMENT_ZIP_MAX_RATIO */
	ATTACHMENT_NOT_EDITABLE, /* the proposal cannot be changed by this person now */
	ATTACHMENT_NOT_FOUND,    /* no such (current) attachment of this proposal */
};

/* What the check found, for a precise message. */
struct attachment_verdict {
	int code;
	int claimed;   /* the type the file name says (enum attachment_type), -1 for none */
	int detected;  /* the type the content is, -1 for none of the allowed */
	char mime[96]; /* libmagic's answer, "" when it had none */
};

/* Detects an allowed type by content (io/filetype.h, filetype_detect): libmagic first; for zip
 * containers the archive is checked against zip bombs and its [Content_Types].xml (OOXML) or
 * mimetype entry (ODF) decides. Returns ATTACHMENT_OK with *type set, ATTACHMENT_NOT_ALLOWED,
 * ATTACHMENT_DAMAGED or an ATTACHMENT_ZIP_* code. mime (may be NULL, size 96) gets libmagic's
 * answer. Uses one libmagic handle per thread (libmagic is not thread-safe), opened on first use.
 */
enum attachment_result attachment_detect(const void *data, size_t n, enum attachment_type *type,
                                         char *mime);

/* The type a file name claims by its extension (case-insensitive), or -1. */
int attachment_type_from_name(const char *filename);

/* Checks a file for upload without storing anything: size against the configured limit,
 * the name's extension, the content, and that both agree. Fills v (v->code is returned). */
enum attachment_result attachment_check(const char *filename, const void *data, size_t n,
                                        struct attachment_verdict *v);

/* The stored form of an uploaded file name: the last path component only, without control
 * or bidirectional-override characters (replaced by "_"), invalid UTF-8 replaced, leading
 * and trailing dots and spaces trimmed, at most ATTACHMENT_NAME_MAX characters keeping the
 * extension. "" when nothing is left. */
char *attachment_sanitize_filename(struct arena *a, const char *name);

/* Stores the bytes in the blob store (store/blob.h, blob_put: with the file-system driver
 * DATA/files/ab/cdef…, written atomically); an existing blob with the same content is
 * reused. sha256_hex gets the 64 hex digits. Returns 0 or -1 (logged). */
int attachment_store_file(const void *data, size_t n, char sha256_hex[65]);
/* The path of the file for a SHA-256 in hex (blob_fs_path), fetched into this instance's
 * folder first when only the database has it (blob_local); false when sha256_hex is not
 * 64 hex digits or the file is nowhere. */
bool attachment_file_path(char *out, size_t size, const char *sha256_hex);

struct attachment {
	int64_t id, proposal_id;
	const char *sha256, *filename, *content_type;
	int64_t size, uploaded_by, uploaded_at, removed_at; /* removed_at 0: current */
	const char *uploaded_by_name;
};

/* Attaches a file to the proposal for actor, who must be allowed to edit it
 * (proposal_can_edit, re-checked inside the transaction). Checks as attachment_check plus
 * the count limit, stores the file, inserts the row and writes the audit event
 * "attachment.add" on "proposal:ID". Runs in its own transaction unless one is open.
 * Returns v->code; *id (may be NULL) gets the new attachment's id. */
enum attachment_result attachment_add(struct store *s, const struct user *actor,
                                      int64_t proposal_id, const char *filename, const void *data,
                                      size_t n, struct attachment_verdict *v, int64_t *id);
/* attachment_add of bytes whose SHA-256 is known (an upload's: store/blob.h,
 * blob_put_known), so they are not hashed again, and copied from their file. */
struct blob_bytes;
enum attachment_result attachment_add_bytes(struct store *s, const struct user *actor,
                                            int64_t proposal_id, const char *filename,
                                            const struct blob_bytes *b,
                                            struct attachment_verdict *v, int64_t *id);

/* For stores of files that write a row and an audit event: runs fn(s, ctx) in the
 * caller's transaction when one is open, else in one of its own (store_tx, logged as
 * name). Returns fn's code (ATTACHMENT_OK commits, anything else rolls back); a failure
 * of the store itself (a failed commit, a database that stays busy) is ATTACHMENT_ERROR. */
int attachment_tx(struct store *s, const char *name, store_tx_fn fn, void *ctx);

/* Marks the attachment removed (removed_at; the file stays: submitted versions refer to
 * it) with the audit event "attachment.remove". The actor must be allowed to edit the
 * proposal. Returns ATTACHMENT_OK, ATTACHMENT_NOT_EDITABLE, ATTACHMENT_NOT_FOUND or
 * ATTACHMENT_ERROR. Runs in its own transaction unless one is open. */
enum attachment_result attachment_remove(struct store *s, const struct user *actor,
                                         int64_t proposal_id, int64_t attachment_id);

/* One attachment of the proposal, also a removed one. */
bool attachment_find(struct store *s, struct arena *a, int64_t proposal_id, int64_t id,
                     struct attachment *out);
/* Every current (not removed) attachment in upload order, in an array in a; *n is set
 * to their number (NULL and 0 when there are none). */
struct attachment *attachment_list(struct store *s, struct arena *a, int64_t proposal_id,
                                   size_t *n);
size_t attachment_count(struct store *s, int64_t proposal_id);

/* Appends the stored file's bytes to out (blob_read). Returns 0, or -1 when it is missing,
 * unreadable or not of the recorded size (logged; out is left as it was). */
int attachment_read(const struct attachment *att, struct buf *out);

#endif

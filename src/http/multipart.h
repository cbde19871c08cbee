/* multipart/form-data bodies, read with libmicrohttpd's own post processor: text parts go
 * into r->form (so the dispatcher's CSRF check sees "_csrf"), file parts into r->uploads,
 * each streamed into a temporary file as it arrives, so no body is ever held whole. */
#ifndef HTTP_MULTIPART_H
#define HTTP_MULTIPART_H

#include "http/request.h"

/* At most this many file parts in one body; more make the body malformed. */
#define MULTIPART_MAX_FILES 16
/* All text parts of one body together: the largest form (a proposal, 15 fields of up to
 * 20,000 characters) is far below. More make the body too large (413). */
#define MULTIPART_TEXT_MAX ((size_t)4 * 1024 * 1024)

/* Where file parts are written while they arrive (the data folder; serve sets it once at
 * start-up). Each file is made there without a name (O_TMPFILE, 0600; where the file
 * system cannot, with mkstemp and unlinked at once): it lives as an open descriptor, then
 * as a read-only mapping, so neither an error nor a crash leaves one behind. Only a full
 * disk gives one a name, to keep it for the repeated form (http_kept_keep); kept files a
 * day old go at the next start or the next keep (http_multipart_sweep). NULL or unset:
 * P_tmpdir. dir is copied. */
void http_multipart_configure(const char *dir, size_t max_file);

/* Parses r->body (r->body_len bytes) by the request's Content-Type header, which must be
 * multipart/form-data with a boundary. Text values must be UTF-8 without NUL; file parts
 * are written out and mapped (struct upload). Returns 0, or -1 when the body is malformed
 * (the dispatcher answers 400). Needs r->conn: the post processor reads the header from
 * the libmicrohttpd connection. The server streams bodies itself (http_multipart_feed);
 * this is for a body that is at hand whole. */
int http_multipart_parse(struct request *r);

/* The project's own part of the parsing, below libmicrohttpd's post processor (which splits
 * the body at the boundaries and decodes each part's headers): it gathers text values into
 * r->form and writes file values into temporary files while hashing them (SHA-256), with the
 * rules above. The server drives it piece by piece as the body arrives; tests/fuzz/
 * fuzz_multipart.c drives it directly. */
struct multipart_reader;
/* A reader filling r's form and uploads. Lives in r's arena; free its files with
 * http_multipart_release(r) once the request is answered. */
struct multipart_reader *http_multipart_reader(struct request *r);
/* Before any file part is taken, the field "_csrf" must have arrived and valid(token,
 * binding) must hold (the server passes csrf_check): a body from elsewhere never reaches
 * the disk. binding is copied. */
void http_multipart_require_csrf(struct multipart_reader *rd,
                                 bool (*valid)(const char *token, const char *binding),
                                 const char *binding);
/* One piece of a part value, as the post processor hands it over: key, filename (NULL for a
 * text field) and content_type (may be NULL) name the part, off is the piece's offset in the
 * value (0 starts a part). Returns false when the body is refused; the reader then refuses
 * everything that follows, and http_multipart_status says why. */
bool http_multipart_piece(struct multipart_reader *rd, const char *key, const char *filename,
                          const char *content_type, uint64_t off, const char *data, size_t size);
/* Files the last part. Returns 0, or -1 when the body was refused. */
int http_multipart_finish(struct multipart_reader *rd);

/* Why the reader refused: 0 (it did not), 400 (malformed), 403 (no or a wrong "_csrf"
 * before a file), 413 (a file or the text parts too large), 507 (a temporary file could
 * not be written for lack of space: noted with store_note_full, answered as any full
 * disk is, 503 with the form kept; the reader has read the rest of the body, keeping its
 * text fields and the files that did fit, and names the files lost in r->lost_uploads),
 * 503 (a temporary file could not be written else). */
int http_multipart_status(const struct multipart_reader *rd);

/* The streaming reader of a request body, for the server: created from the connection's
 * head (NULL when it is no multipart/form-data with a boundary), fed the body's pieces as
 * they come, finished once the body has ended. */
struct multipart_stream;
struct multipart_stream *http_multipart_stream(struct http_conn *conn, struct request *r);
bool http_multipart_feed(struct multipart_stream *ms, const char *data, size_t size);
/* Ends the body: 0, else the status as http_multipart_status. Frees the post processor. */
int http_multipart_end(struct multipart_stream *ms);
/* Frees the post processor of a body that was not read to its end (its files stay in r
 * until http_multipart_release). */
void http_multipart_abandon(struct multipart_stream *ms);

/* Unmaps the files of r->uploads and closes a file still being written. */
void http_multipart_release(struct request *r);
/* Unmaps and closes one upload's file; a named one (u->path: a kept file given back) is
 * removed unless u->kept. */
void http_upload_release(struct upload *u);
/* The folder of the temporary files (see http_multipart_configure). */
const char *http_multipart_dir(void);
/* Removes temporary and kept files older than a day from that folder. */
void http_multipart_sweep(void);

#endif

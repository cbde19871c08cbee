/* multipart/form-data bodies, read with libmicrohttpd's own post processor: text parts go
 * into r->form (so the dispatcher's CSRF check sees "_csrf"), file parts into r->uploads. */
#ifndef HTTP_MULTIPART_H
#define HTTP_MULTIPART_H

#include "http/request.h"

/* At most this many file parts in one body; more make the body malformed. */
#define MULTIPART_MAX_FILES 16

/* Parses r->body (r->body_len bytes) by the request's Content-Type header, which must be
 * multipart/form-data with a boundary. Every string and every file's bytes live in the
 * request's arena (one block of body_len bytes holds all part values). Text values must be
 * UTF-8 without NUL or control characters other than tab, CR and LF. Returns 0, or -1 when
 * the body is malformed (the dispatcher answers 400). Needs r->conn: the post processor
 * reads the header from the libmicrohttpd connection. */
int http_multipart_parse(struct request *r);

/* The project's own part of the parsing, below libmicrohttpd's post processor (which splits
 * the body at the boundaries and decodes each part's headers): it gathers the pieces of each
 * part value into one block and files the part as a form field or an upload, with the rules
 * above. http_multipart_parse drives it from the post processor; tests/fuzz/fuzz_multipart.c
 * drives it directly, as the post processor needs a live libmicrohttpd connection. */
struct multipart_reader;
/* A reader for r's body: all values together may take up to r->body_len bytes. Lives in r's
 * arena. */
struct multipart_reader *http_multipart_reader(struct request *r);
/* One piece of a part value, as the post processor hands it over: key, filename (NULL for a
 * text field) and content_type (may be NULL) name the part, off is the piece's offset in the
 * value (0 starts a part). Returns false when the body is malformed; the reader then refuses
 * everything that follows. */
bool http_multipart_piece(struct multipart_reader *rd, const char *key, const char *filename,
                          const char *content_type, uint64_t off, const char *data, size_t size);
/* Files the last part. Returns 0, or -1 when the body was malformed. */
int http_multipart_finish(struct multipart_reader *rd);

#endif

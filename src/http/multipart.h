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

#endif

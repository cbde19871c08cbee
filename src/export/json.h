/* Helpers on jansson for the JSON API: values that may be absent, times, and writing a
 * document into a buffer. The prefix is jsonx_ because jansson owns json_. */
#ifndef EXPORT_JSON_H
#define EXPORT_JSON_H
#include <jansson.h>
#include <stdint.h>

#include "util/buf.h"

/* A JSON string, or null for NULL or "" (absent text is null in the API, never ""). Text
 * that is not valid UTF-8 becomes null too: the store holds only valid text, so that is
 * a bug elsewhere, not something to send. */
json_t *jsonx_text(const char *s);
/* An RFC 3339 UTC string ("2026-11-24T13:05:00Z"), or null for 0. */
json_t *jsonx_time(int64_t utc);
/* An integer, or null for 0. */
json_t *jsonx_int_or_null(int64_t v);

/* Sets key of obj to value, taking the reference (NULL values become null). */
void jsonx_set(json_t *obj, const char *key, json_t *value);

/* Appends the document: compact with JSON_PRESERVE_ORDER, non-ASCII as UTF-8, "/" not
 * escaped, and a final newline. */
void jsonx_dump(struct buf *out, const json_t *value);

/* {"error": {"status": status, "message": message}}. */
json_t *jsonx_error(int status, const char *message);

#endif

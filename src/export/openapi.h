/* The OpenAPI description of the JSON API (docs/openapi.json), embedded at build time by
 * scripts/embed.py's "blob" mode. */
#ifndef EXPORT_OPENAPI_H
#define EXPORT_OPENAPI_H
#include <stddef.h>

extern const unsigned char openapi_json[];
extern const size_t openapi_json_len;
extern const char openapi_json_etag[]; /* quoted, from the content's hash */

#endif

/* Parsers for untrusted request text: query strings, urlencoded forms, cookies, and the
 * route's path parameters. All are strict: malformed input is an error, never a guess. */
#ifndef HTTP_PARSE_H
#define HTTP_PARSE_H
#include <stddef.h>

#include "http/request.h"

#define PARSE_MAX_FIELDS 512

/* Decodes %XX and (when plus_is_space) '+'. Fails on a bad escape, a NUL byte, or text
 * that is not valid UTF-8. Returns the decoded length or -1. out must hold n+1 bytes. */
long parse_url_decode(char *out, const char *in, size_t n, int plus_is_space);
/* Parses "a=1&b=2" into list (strings in arena). Returns 0, or -1 when malformed or when
 * there are more than PARSE_MAX_FIELDS fields. */
int parse_urlencoded(struct arena *a, const char *s, size_t n, struct kvlist *list);
/* Parses a Cookie header ("a=1; b=2"). Malformed pairs are skipped, as browsers send what
 * other sites' scripts set; returns the number of cookies kept. */
int parse_cookies(struct arena *a, const char *header, struct kvlist *list);
void kv_add(struct arena *a, struct kvlist *list, const char *key, const char *value, size_t len);
const char *kv_get(const struct kvlist *list, const char *key);

#endif

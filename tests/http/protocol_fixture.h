/* The fixture and helpers shared by tests/http/test_http_protocol_*.c: the security headers of
 * every answer. */
#ifndef PROTOCOL_FIXTURE_H
#define PROTOCOL_FIXTURE_H

#include "harness.h"

/* The largest request body the server reads (2 MiB). */
#define LIMIT (2u * 1024 * 1024)

/* Every answer, whatever its status, carries the security headers. */
void assert_security_headers(struct resp *r);

#endif

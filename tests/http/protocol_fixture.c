/* Shared by tests/http/test_http_protocol_*.c: the security headers of every answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "protocol_fixture.h"

/* Every answer, whatever its status, carries the security headers. */
void
assert_security_headers(struct resp *r)
{
	const char *csp = resp_header(r, "Content-Security-Policy");
	if (!csp)
		resp_dump(r);
	assert_non_null(csp);
	assert_non_null(strstr(csp, "default-src 'self'"));
	assert_non_null(strstr(csp, "frame-ancestors 'none'"));
	assert_null(strstr(csp, "unsafe-inline"));
	assert_null(strstr(csp, "unsafe-eval"));
	const char *nosniff = resp_header(r, "X-Content-Type-Options");
	assert_non_null(nosniff);
	assert_string_equal(nosniff, "nosniff");
	assert_non_null(resp_header(r, "Referrer-Policy"));
}

/* Raw-socket helpers for the tests that speak HTTP byte by byte (slow clients, protocol
 * edges): what libcurl would tidy up is exactly what these tests send. */
#ifndef RAW_SOCKET_H
#define RAW_SOCKET_H
#include <stdbool.h>
#include <stddef.h>

#include "harness.h"

/* A connection to the server from the local address `from` ("127.0.0.2"; NULL: the
 * kernel's choice, 127.0.0.1). Returns the socket, or -1. */
int raw_connect(struct srv *s, const char *from);
/* Sends len bytes (0: strlen); false when the peer has gone (EPIPE, reset). */
bool raw_send(int fd, const char *data, size_t len);
/* Reads until the peer closes or timeout_ms pass; returns what came (lives as tstr's). */
const char *raw_read_until_closed(int fd, int timeout_ms);
/* True when the peer has closed the connection (or reset it) within timeout_ms. */
bool raw_closed(int fd, int timeout_ms);
/* Milliseconds on the monotonic clock. */
long raw_now_ms(void);
/* The server's resident memory in kB (VmRSS of /proc/PID/status), or -1. */
long raw_server_rss_kb(struct srv *s);

#endif

/* Deadlines for slow clients. libmicrohttpd's timeout counts only silence, so a client
 * sending a header byte every few seconds, or a body at a trickle, keeps its connection for
 * ever. This watch gives each request's head a deadline and each body a minimum rate, and
 * ends a connection that misses them by shutting its socket down (libmicrohttpd then sees
 * the end and cleans up as for any client that went away). */
#ifndef HTTP_WATCH_H
#define HTTP_WATCH_H
#include <stddef.h>

struct conn_watch;

/* Starts the thread that checks the deadlines: a head must be complete head_timeout_s after
 * the connection opened or its previous request ended; a body, after as long again, must
 * have come at min_body_rate bytes per second since. */
void watch_start(unsigned head_timeout_s, size_t min_body_rate);
/* Stops that thread (before the daemon stops). */
void watch_stop(void);

/* A connection opened on socket fd: its head's deadline runs from now. */
struct conn_watch *watch_open(int fd);
/* The connection has closed: forget it (before its socket is closed). */
void watch_close(struct conn_watch *w);
/* Waiting for the head of a (next) request: the deadline runs from now. */
void watch_head(struct conn_watch *w);
/* The head is complete; the body (if any) is read from now. */
void watch_body(struct conn_watch *w);
/* n more bytes of the body have come. */
void watch_body_bytes(struct conn_watch *w, size_t n);
/* Being answered: no deadline of ours (libmicrohttpd's timeout still counts silence). */
void watch_busy(struct conn_watch *w);

#endif

/* SMTP delivery (libcurl) for the mail outbox: send one finished message to an SMTP URL,
 * or, without a server, write it as an .eml file into a folder. */
#ifndef IO_SMTP_H
#define IO_SMTP_H
#include <stdint.h>

#include "util/buf.h"

struct smtp_server {
	const char *url;      /* "smtp://host:587" or "smtps://host:465" */
	const char *user;     /* may be NULL */
	const char *password; /* may be NULL */
	const char *from;     /* the envelope sender */
	int starttls;         /* require STARTTLS on smtp:// */
};

/* libcurl's global set-up. Not safe to race with other threads: call once (the outbox
 * does it under pthread_once) before the first smtp_send. */
void smtp_init(void);

/* Sends msg (a whole RFC 5322 message with CRLF line ends; dot-stuffing is libcurl's job)
 * to one recipient, with connect and transfer timeouts and no signals (threads). Returns 0,
 * or -1 with the reason (and the server's reply code) appended to err. */
int smtp_send(const struct smtp_server *srv, const char *to, const char *msg, struct buf *err);

/* Writes msg as DIR/ID.eml (folders created 0750, the file 0640), under a temporary name
 * then renamed and synced, so a reader never sees half a message; a retry replaces the
 * file. Returns 0, or -1 with the reason appended to err. */
int smtp_write_eml(const char *dir, int64_t id, const char *msg, struct buf *err);

/* Removes DIR/ID.eml (an erasure, GDPR Art. 17). Returns 0, also when there is none. */
int smtp_remove_eml(const char *dir, int64_t id);

#endif

/* E-mail outbox: messages are queued in the database inside the caller's transaction and
 * delivered later by mail_deliver_due(), over SMTP (libcurl) or, without SMTP, as .eml
 * files in a folder. */
#ifndef DOMAIN_MAIL_H
#define DOMAIN_MAIL_H
#include <stdint.h>

struct store;

struct mail_config {
	const char *smtp_url;      /* "smtp://host:587" or "smtps://host:465"; NULL: files */
	const char *smtp_user;     /* may be NULL */
	const char *smtp_password; /* may be NULL */
	const char *from;          /* envelope and header sender, e.g. "leuchtturm@example.org" */
	int starttls;              /* require STARTTLS on smtp:// */
	const char *outbox_dir;    /* where .eml files go without SMTP, e.g. "data/outbox" */
};

/* Queues a plain-text UTF-8 message. Returns the outbox id, or -1 on a storage error or
 * an address with CR/LF or no '@' (header injection is refused here, once for all). Call
 * in a transaction. */
int64_t mail_enqueue(struct store *s, const char *to, const char *subject, const char *body);

/* Names the function that mail_enqueue runs once the queuing transaction has committed
 * (the server wakes its mail worker with it, so a message leaves at once instead of at the
 * worker's next round); NULL for none. Set once, before any request. */
void mail_on_queued(void (*fn)(void));

/* Sends every queued message that is due. A failure is retried with growing delays
 * (1, 5, 30 minutes, 2 hours, …) and marked failed after 6 attempts. Each delivery and
 * each final failure writes an audit event. Returns the number delivered. */
int mail_deliver_due(struct store *s, const struct mail_config *cfg);

/* The newest outbox id (0 when empty), and dropping what was queued after it: for
 * `leuchtturm demo`, whose seeding must not send e-mail. Returns 0 or -1. */
int64_t mail_last_id(struct store *s);
int mail_discard_after(struct store *s, int64_t id);

#endif

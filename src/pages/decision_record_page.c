/* The decision record's pages: GET …/protokoll.pdf serves the record of a call as it
 * stands, POST …/protokoll issues it (its SHA-256, size and pages go into the audit log).
 * The PDF itself is made by src/export/decision_record.c. */
#include "domain/access.h"
#include "domain/decision.h"
#include "export/decision_record.h"
#include "pages/decision_pages.h"
#include "pages/view_office.h"
#include "store/store.h"
#include "util/str.h"

#include <sodium.h>

static bool
build(struct request *r, struct store *s, struct call *c, struct buf *body, int *pages)
{
	if (!office_load_call(r, s, 0, c))
		return false;
	/* Every proposal's votes and decision: not for an office member conflicted on one. */
	if (access_may_read_decision_record(s, r->user, c->id) != ACCESS_ALLOWED) {
		http_error(
		    r, 403,
		    N_("You have a conflict of interest on a proposal of this call, so another "
		       "member of the coordination office reads and issues its decision "
		       "record."));
		return false;
	}
	*pages = decision_protocol_pdf(s, c->id, r->lang, body);
	if (*pages < 0) {
		http_fail_with(r, N_("The PDF could not be made."));
		return false;
	}
	return true;
}

void
page_protocol_pdf(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	struct buf body = BUF_INIT;
	int pages;
	if (build(r, s, &c, &body, &pages)) {
		http_set_header(r, "Content-Disposition",
		                arena_printf(&r->arena,
		                             "inline; filename=\"entscheidungsprotokoll-%lld.pdf\"",
		                             (long long)c.id));
		/* Confidential: never kept by a shared cache or the browser's. */
		http_set_header(r, "Cache-Control", "private, no-store");
		http_send(r, 200, "application/pdf", body.data, body.len);
	}
	buf_free(&body);
}

/* The record's issue: its checksum, size and pages, as made before the transaction. */
struct issue_tx {
	int64_t actor, call_id;
	enum lang lang;
	const char *sha256;
	int64_t size;
	int pages;
};

static int
issue_body(struct store *s, void *arg)
{
	struct issue_tx *t = arg;
	return decision_protocol_issue(s, t->actor, t->call_id, t->lang, t->sha256, t->size,
	                               t->pages) == DECISION_OK
	           ? STORE_OK
	           : STORE_ERR;
}

void
page_protocol_issue(struct request *r)
{
	struct store *s = r->store;
	struct call c;
	struct buf body = BUF_INIT;
	int pages;
	if (!build(r, s, &c, &body, &pages)) {
		buf_free(&body);
		return;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)body.data, body.len);
	char hex[65];
	str_hex(hex, digest, sizeof digest);
	size_t len = body.len;
	buf_free(&body);
	struct issue_tx t = {r->user->id, c.id, r->lang, hex, (int64_t)len, pages};
	if (store_tx(s, issue_body, &t) != STORE_OK) {
		http_fail(r);
		return;
	}
	http_redirect(r, office_call_href(r, c.id, "/sitzung#protocol-h"),
	              N_("The decision record has been issued; its checksum is in the audit log."));
}

/* A person's data as a download (GDPR Art. 15 and 20; issue #15, point 11): the person's
 * own from /konto, anyone's for the coordination office from the user's page. JSON files
 * in a ZIP; each export is audited. */
#include "domain/privacy.h"
#include "export/json.h"
#include "export/package.h"
#include "pages/account_pages.h"
#include "store/store.h"
#include "util/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct export_tx {
	int64_t actor, user;
};

static int
audit_body(struct store *s, void *arg)
{
	struct export_tx *t = arg;
	return privacy_export_audit(s, t->actor, t->user) == 0 ? STORE_OK : STORE_ERR;
}

static void
send_export(struct request *r, int64_t user_id)
{
	struct privacy_part parts[PRIVACY_PARTS];
	int n = privacy_export(r->store, user_id, parts);
	if (n == 0) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	struct buf docs[PRIVACY_PARTS];
	struct package_entry entries[PRIVACY_PARTS];
	for (int i = 0; i < n; i++) {
		docs[i] = (struct buf)BUF_INIT;
		jsonx_dump(&docs[i], parts[i].doc);
		json_decref(parts[i].doc);
		entries[i] = (struct package_entry){.name = parts[i].file,
		                                    .data = docs[i].data ? docs[i].data : "",
		                                    .len = docs[i].len};
	}
	struct export_tx t = {r->user->id, user_id};
	uint64_t size = 0;
	int fd = package_zip(entries, (size_t)n, time_now(), &size);
	for (int i = 0; i < n; i++)
		buf_free(&docs[i]);
	/* Audited before it is sent: no export leaves without its entry. */
	if (fd < 0 || store_tx(r->store, audit_body, &t) != STORE_OK) {
		if (fd >= 0)
			close(fd);
		http_fail(r);
		return;
	}
	http_send_file(r, 200, "application/zip", fd, size);
	char disposition[96];
	snprintf(disposition, sizeof disposition,
	         "attachment; filename=\"leuchtturm-daten-%lld.zip\"", (long long)user_id);
	http_set_header(r, "Content-Disposition", arena_strdup(&r->arena, disposition));
	http_set_header(r, "Cache-Control", "no-store");
}

void
page_account_data(struct request *r)
{
	send_export(r, r->user->id);
}

void
page_user_data(struct request *r)
{
	char *end;
	long long id = strtoll(r->params[0], &end, 10);
	if (*end || id <= 0) {
		http_error(r, 404, N_("There is no page at this address."));
		return;
	}
	send_export(r, (int64_t)id);
}

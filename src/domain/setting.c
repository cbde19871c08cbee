/* Installation settings. */
#include "domain/setting.h"
#include "store/store.h"
#include "util/str.h"

#include <sodium.h>
#include <string.h>

static const struct store_query q_get = {"setting_get", "SELECT value FROM setting WHERE key = ?1"};
static const struct store_query q_put = {
    "setting_put", "INSERT INTO setting(key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING"};

static int
load(struct store *s, unsigned char out[SETTING_SECRET_BYTES])
{
	struct stmt *st = store_stmt(s, &q_get);
	stmt_bind_text(st, 1, "secret");
	int rc = -1;
	if (stmt_step(st) == STORE_ROW) {
		const char *hex = stmt_text(st, 0);
		size_t n = 0;
		if (sodium_hex2bin(out, SETTING_SECRET_BYTES, hex, strlen(hex), NULL, &n, NULL) ==
		        0 &&
		    n == SETTING_SECRET_BYTES)
			rc = 0;
	}
	stmt_done(st);
	return rc;
}

int
setting_secret(struct store *s, unsigned char out[SETTING_SECRET_BYTES])
{
	if (load(s, out) == 0)
		return 0;
	/* Two instances may start at once: insert-if-absent, then read whichever won. */
	unsigned char fresh[SETTING_SECRET_BYTES];
	char hex[2 * SETTING_SECRET_BYTES + 1];
	randombytes_buf(fresh, sizeof fresh);
	str_hex(hex, fresh, sizeof fresh);
	struct stmt *st = store_stmt(s, &q_put);
	stmt_bind_text(st, 1, "secret");
	stmt_bind_text(st, 2, hex);
	if (stmt_exec(st) != STORE_OK)
		return -1;
	return load(s, out);
}

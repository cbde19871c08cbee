/* The fixture and helpers of the session tests (session_fixture.h). */
#include "session_fixture.h"
#include "store/store.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"

#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

/* The database "session" with ANNA and BERND, quiet log, the clock at T0. */
int
session_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	log_set_quiet(1);
	temp_db_open(&f->s, f->path, sizeof f->path, "session");
	add_user_row(f->s, ANNA, "anna@example.org", "Anna");
	add_user_row(f->s, BERND, "bernd@example.org", "Bernd");
	time_set_fake(T0);
	*state = f;
	return 0;
}

/* Removes the database and resets the clock. */
int
session_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	time_set_fake(0);
	free(f);
	return 0;
}

/* SHA-256 of s as lowercase hex, computed without the code under test. */
void
sha256_hex(char out[65], const char *s)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

/* The count the one-row query q gives, with ?1 = text unless text is NULL. */
int64_t
count_text(struct store *s, const struct store_query *q, const char *text)
{
	struct stmt *st = store_stmt(s, q);
	if (text)
		stmt_bind_text(st, 1, text);
	assert_int_equal(stmt_step(st), STORE_ROW);
	int64_t n = stmt_int(st, 0);
	stmt_done(st);
	return n;
}

/* Whether s is exactly n lowercase hex digits. */
bool
is_lower_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return false;
	return true;
}

/* The access log's path: tokens masked, query strings dropped, other paths as they are. */
#include "http/log_mask.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

#define TOKEN "80b3c0ffee1234567890abcdef1234567890abcdef1234567890abcdef123456"

static const char *
mask(const char *target)
{
	static char out[256];
	log_mask_path(out, sizeof out, target);
	return out;
}

static void
test_tokens_are_masked(void **state)
{
	(void)state;
	assert_string_equal(mask("/passwort-neu/" TOKEN), "/passwort-neu/80b3\xe2\x80\xa6");
	assert_string_equal(mask("/einladung/" TOKEN), "/einladung/80b3\xe2\x80\xa6");
	assert_null(strstr(mask("/einladung/" TOKEN "/weiter"), "c0ffee"));
	assert_string_equal(mask("/x/" TOKEN "/weiter"), "/x/80b3\xe2\x80\xa6/weiter");
	/* Upper case hex too. */
	assert_string_equal(mask("/t/ABCDEF0123456789ABCDEF"), "/t/ABCD\xe2\x80\xa6");
}

static void
test_other_paths_unchanged(void **state)
{
	(void)state;
	assert_string_equal(mask("/praxis/digitale-teilhabe-im-quartier"),
	                    "/praxis/digitale-teilhabe-im-quartier");
	assert_string_equal(mask("/gremium/vorschlag/12/beschluss"),
	                    "/gremium/vorschlag/12/beschluss");
	assert_string_equal(mask("/"), "/");
	/* Short hex segments (ids, years) stay. */
	assert_string_equal(mask("/a/2026/beef"), "/a/2026/beef");
}

static void
test_query_and_length_cut(void **state)
{
	(void)state;
	assert_string_equal(mask("/suche?q=geheim"), "/suche");
	assert_string_equal(mask("/passwort-neu/" TOKEN "?x=1"), "/passwort-neu/80b3\xe2\x80\xa6");
	char longpath[400];
	memset(longpath, 'z', sizeof longpath - 1); /* not hex: no token */
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	assert_int_equal(strlen(mask(longpath)), 200);
	char tiny[5];
	log_mask_path(tiny, sizeof tiny, "/passwort-neu");
	assert_string_equal(tiny, "/pas");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tokens_are_masked),
	    cmocka_unit_test(test_other_paths_unchanged),
	    cmocka_unit_test(test_query_and_length_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

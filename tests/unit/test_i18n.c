/* Unit tests for i18n: catalog lookup, plurals and choosing a language from Accept-Language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util/i18n.h"
#include "util/i18n_tables.h"

static void
test_german_lookup(void **state)
{
	assert_string_equal(i18n_get(LANG_DE, "Log in"), "Anmelden");
	assert_string_equal(i18n_get(LANG_DE, "Log out"), "Abmelden");
	assert_string_equal(i18n_get(LANG_DE, "Skip to content"), "Zum Inhalt springen");
	assert_string_equal(i18n_get(LANG_DE, "Home"), "Startseite");
	assert_string_equal(i18n_get(LANG_DE, "My account"), "Mein Konto");
}

static void
test_english_lookup(void **state)
{
	/* en.po leaves msgstr empty, so the English msgid itself is shown. */
	assert_string_equal(i18n_get(LANG_EN, "Log in"), "Log in");
	assert_string_equal(i18n_get(LANG_EN, "My account"), "My account");
}

static void
test_fallback_to_msgid(void **state)
{
	const char *id = "No such message in any catalog";
	/* The very pointer comes back, not a copy: callers may rely on its lifetime. */
	assert_ptr_equal(i18n_get(LANG_DE, id), id);
	assert_ptr_equal(i18n_get(LANG_EN, id), id);
	assert_string_equal(i18n_get(LANG_DE, ""), "");
	assert_non_null(i18n_get(LANG_DE, NULL));
	/* A value outside the enum is treated as the default language, not read out of bounds. */
	assert_string_equal(i18n_get((enum lang)7, "Log in"), "Anmelden");
	assert_string_equal(i18n_get((enum lang)(-1), "Log in"), "Anmelden");
}

static void
test_plural(void **state)
{
	/* A pair the interface really uses (the user list's caption), so the catalog keeps it. */
	const char *one = "%zu account", *many = "%zu accounts";
	assert_string_equal(i18n_nget(LANG_DE, one, many, 1), "%zu Konto");
	assert_string_equal(i18n_nget(LANG_DE, one, many, 0), "%zu Konten");
	assert_string_equal(i18n_nget(LANG_DE, one, many, 2), "%zu Konten");
	assert_string_equal(i18n_nget(LANG_DE, one, many, -1), "%zu Konten");
	assert_ptr_equal(i18n_nget(LANG_EN, one, many, 1), one);
	assert_ptr_equal(i18n_nget(LANG_EN, one, many, 5), many);
	assert_string_equal(i18n_nget(LANG_DE, "%ld cat", "%ld cats", 1), "%ld cat");
	assert_string_equal(i18n_nget(LANG_DE, "%ld cat", "%ld cats", 3), "%ld cats");
	/* A message translated without plural forms keeps singular and plural in one language. */
	assert_string_equal(i18n_nget(LANG_DE, "Home", "Homes", 2), "Homes");
	assert_non_null(i18n_nget(LANG_DE, NULL, NULL, 2));
}

static void
test_codes(void **state)
{
	assert_string_equal(i18n_code(LANG_DE), "de");
	assert_string_equal(i18n_code(LANG_EN), "en");
	assert_int_equal(i18n_parse("de"), LANG_DE);
	assert_int_equal(i18n_parse("en"), LANG_EN);
	assert_int_equal(i18n_parse("en-GB"), LANG_EN);
	assert_int_equal(i18n_parse("EN-gb"), LANG_EN);
	assert_int_equal(i18n_parse("de_AT"), LANG_DE);
	assert_int_equal(i18n_parse("fr"), -1);
	assert_int_equal(i18n_parse(""), -1);
	assert_int_equal(i18n_parse(NULL), -1);
	assert_int_equal(i18n_parse("deu"), -1);
	assert_int_equal(i18n_parse("en-"), -1);
	assert_int_equal(i18n_parse(" en"), -1);
	assert_int_equal(i18n_parse("en;q=1"), -1);
}

static void
test_accept_language(void **state)
{
	assert_int_equal(i18n_from_accept_language("en-GB,en;q=0.9,de;q=0.8"), LANG_EN);
	assert_int_equal(i18n_from_accept_language("de-DE"), LANG_DE);
	assert_int_equal(i18n_from_accept_language("fr"), LANG_DE);
	assert_int_equal(i18n_from_accept_language("en;q=0.1, de;q=0.9"), LANG_DE);
	assert_int_equal(i18n_from_accept_language("*"), LANG_DE);
	assert_int_equal(i18n_from_accept_language(""), LANG_DE);
	assert_int_equal(i18n_from_accept_language(NULL), LANG_DE);
	assert_int_equal(i18n_from_accept_language("en"), LANG_EN);
	assert_int_equal(i18n_from_accept_language("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7"), LANG_EN);
	/* Equal q: the one listed first. */
	assert_int_equal(i18n_from_accept_language("en, de"), LANG_EN);
	assert_int_equal(i18n_from_accept_language("de, en"), LANG_DE);
	/* q=0 means "not acceptable"; "*" covers only languages not named. */
	assert_int_equal(i18n_from_accept_language("de;q=0, *"), LANG_EN);
	assert_int_equal(i18n_from_accept_language("en;q=0"), LANG_DE);
	assert_int_equal(i18n_from_accept_language("fr, *;q=0.5, de;q=0.1"), LANG_EN);
	/* Whitespace and case. */
	assert_int_equal(i18n_from_accept_language(" \tEN-us ; Q = 0.5 ,\tde ; q=0.4 "), LANG_EN);
	assert_int_equal(i18n_from_accept_language("en;q=1.000,de;q=0.999"), LANG_EN);
}

static void
test_accept_language_garbage(void **state)
{
	static const char *const junk[] = {
	    ",,,;;;===",    ";q=1",    "en;q=",          "en;q=2",       "en;q=1.5",
	    "en;q=0.1234",  "en;q=-1", "en;q=abc",       "en;level=1",   "en q=1",
	    "en-",          "en--GB",  "e\xc3\xa9n",     "\xff\xfe\x80", "englishlanguage",
	    "en-abcdefghi", "*;q=0",   "en;q=0.5;q=0.9",
	};
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
		assert_int_equal(i18n_from_accept_language(junk[i]), LANG_DE);
	/* One bad element does not spoil the good ones. */
	assert_int_equal(i18n_from_accept_language("en;q=abc, xx;;, en-GB;q=0.7, de;q=0.5"),
	                 LANG_EN);
}

static void
test_accept_language_long(void **state)
{
	enum { size = 10 * 1024 };
	static char buf[size + 1];
	/* 10 kB of well-formed foreign languages, then English: found at the very end. */
	const char *elem = "fr;q=0.5,";
	size_t len = 0;
	while (len + strlen(elem) + 2 <= size) {
		memcpy(buf + len, elem, strlen(elem));
		len += strlen(elem);
	}
	memcpy(buf + len, "en", 3);
	assert_int_equal(i18n_from_accept_language(buf), LANG_EN);

	/* 10 kB of one endless tag, and of bytes that are nothing at all. */
	memset(buf, 'e', size);
	buf[size] = '\0';
	assert_int_equal(i18n_from_accept_language(buf), LANG_DE);
	for (size_t i = 0; i < size; i++)
		buf[i] = (char)(1 + i % 255);
	assert_int_equal(i18n_from_accept_language(buf), LANG_DE);
}

static void
test_tables_sorted(void **state)
{
	/* bsearch relies on the generator's order matching strcmp's. */
	for (int l = 0; l < I18N_LANG_COUNT; l++) {
		const struct i18n_table *t = &i18n_tables[l];
		for (size_t i = 0; i + 1 < t->count; i++)
			assert_true(strcmp(t->entries[i].msgid, t->entries[i + 1].msgid) < 0);
		for (size_t i = 0; i < t->count; i++) {
			assert_true(t->entries[i].msgid[0] != '\0');
			assert_true(t->entries[i].msgstr[0] != '\0');
		}
	}
	assert_true(i18n_tables[LANG_DE].count >= 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_german_lookup),
	    cmocka_unit_test(test_english_lookup),
	    cmocka_unit_test(test_fallback_to_msgid),
	    cmocka_unit_test(test_plural),
	    cmocka_unit_test(test_codes),
	    cmocka_unit_test(test_accept_language),
	    cmocka_unit_test(test_accept_language_garbage),
	    cmocka_unit_test(test_accept_language_long),
	    cmocka_unit_test(test_tables_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

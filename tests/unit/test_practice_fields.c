/* Good practices in the domain: slugs, links and the checks of their fields. */
#include "domain/practice.h"
#include "domain/practice_import.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/timeutil.h"
#include "fixture.h"
#include "practice_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

static void
test_slugify(void **state)
{
	char out[PRACTICE_SLUG_MAX + 1];
	practice_slugify("Förderung für Geflüchtete – ein Überblick!", out);
	assert_string_equal(out, "foerderung-fuer-gefluechtete-ein-ueberblick");
	practice_slugify("ÄRZTINNEN & Straße ẞ", out);
	assert_string_equal(out, "aerztinnen-strasse-ss");
	practice_slugify("  Élan, Ça va? 2024 ", out);
	assert_string_equal(out, "elan-ca-va-2024");
	practice_slugify("", out);
	assert_string_equal(out, "praxis");
	practice_slugify("––– !!! ", out);
	assert_string_equal(out, "praxis");
	practice_slugify("日本語", out);
	assert_string_equal(out, "praxis");
	/* Long titles are cut at a hyphen, within the limit. */
	practice_slugify("Berufsbezogene Sprachförderung für zugewanderte Pflegefachkräfte in "
	                 "Krankenhäusern und Einrichtungen der Altenpflege im ländlichen Raum",
	                 out);
	assert_true(strlen(out) <= PRACTICE_SLUG_MAX);
	assert_true(practice_slug_valid(out));
	assert_string_equal(
	    out, "berufsbezogene-sprachfoerderung-fuer-zugewanderte-pflegefachkraefte-in");
	char word[300];
	memset(word, 'a', sizeof word - 1);
	word[sizeof word - 1] = '\0';
	practice_slugify(word, out);
	assert_int_equal(strlen(out), PRACTICE_SLUG_MAX);

	assert_true(practice_slug_valid("a"));
	assert_true(practice_slug_valid("mentoring-2024"));
	assert_false(practice_slug_valid(""));
	assert_false(practice_slug_valid("-a"));
	assert_false(practice_slug_valid("a-"));
	assert_false(practice_slug_valid("a--b"));
	assert_false(practice_slug_valid("A"));
	assert_false(practice_slug_valid("ä"));
	assert_false(practice_slug_valid("a.pdf"));
	assert_false(practice_slug_valid("a/b"));
	assert_false(practice_slug_valid(word));
}

static void
test_links(void **state)
{
	struct arena a = {0};
	size_t n;
	struct practice_link *l =
	    practice_links(&a,
	                   "https://example.org/a Projektseite\n\n  http://example.org/b  \n"
	                   "javascript:alert(1) Böse\nftp://example.org/c\nhttps://x.example "
	                   " Zwei  Wörter ",
	                   &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].url, "https://example.org/a");
	assert_string_equal(l[0].label, "Projektseite");
	assert_string_equal(l[1].url, "http://example.org/b");
	assert_string_equal(l[1].label, "http://example.org/b");
	assert_string_equal(l[2].url, "https://x.example");
	assert_string_equal(l[2].label, "Zwei  Wörter");
	practice_links(&a, "", &n);
	assert_int_equal(n, 0);
	practice_links(&a, NULL, &n);
	assert_int_equal(n, 0);
	arena_free(&a);
}

TX_TEST(test_unique_slugs)
{
	struct fixture *f = *state;
	struct practice_input in;
	input(f, &in, "Mentoring für Ingenieurinnen", "Text.", "konzept", NULL, 0);
	int64_t a = create(f, &in, false), b = create(f, &in, false), c = create(f, &in, false);
	struct practice p;
	assert_true(practice_find(f->s, &f->a, a, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen");
	assert_true(practice_find(f->s, &f->a, b, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen-2");
	assert_true(practice_find(f->s, &f->a, c, &p));
	assert_string_equal(p.slug, "mentoring-fuer-ingenieurinnen-3");
	/* An explicit slug that is taken is a problem, not silently changed. */
	in.slug = "mentoring-fuer-ingenieurinnen";
	struct practice_problem pr[8];
	size_t n = practice_check(f->s, &in, 0, false, pr, 8);
	assert_int_equal(n, 1);
	assert_string_equal(pr[0].field, "slug");
	/* … unless it is the practice's own. */
	assert_int_equal(practice_check(f->s, &in, a, false, pr, 8), 0);
}

TX_TEST(test_checks)
{
	struct fixture *f = *state;
	struct practice_input in;
	struct practice_problem pr[16];
	input(f, &in, "Titel", "Text.", "konzept", NULL, 0);
	assert_int_equal(practice_check(f->s, &in, 0, true, pr, 16), 0);

	in.text[PX_TITLE] = "  ";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "title");
	in.text[PX_TITLE] = "Zwei\nZeilen";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	in.text[PX_TITLE] = "Titel";

	in.text[PX_CONTACT_EMAIL] = "keine-adresse";
	in.text[PX_LINKS] = "https://example.org Beispiel\njavascript:alert(1)";
	in.text[PX_ORGANISATION_KIND] = "ministry";
	in.slug = "Nicht gültig";
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 4);
	assert_string_equal(pr[0].field, "contact_email");
	assert_string_equal(pr[1].field, "organisation_kind");
	assert_string_equal(pr[2].field, "links");
	assert_string_equal(pr[3].field, "slug");
	in.text[PX_CONTACT_EMAIL] = "";
	in.text[PX_LINKS] = "";
	in.text[PX_ORGANISATION_KIND] = "teilprojekt";
	in.slug = NULL;

	/* Terms: known, and of the practice's kinds (an Art is no Handlungsfeld). */
	int64_t bad[] = {term_id(f, "art", "produkt")};
	in.term_ids = bad;
	in.nterms = 1;
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "terms");
	int64_t unknown[] = {999999};
	in.term_ids = unknown;
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	in.nterms = 0;
	in.art_id = term_id(f, "handlungsfeld", "deutsch");
	assert_int_equal(practice_check(f->s, &in, 0, false, pr, 16), 1);
	assert_string_equal(pr[0].field, "art");

	/* Publishing wants the required fields; a draft does not. */
	struct practice_input draft = {0};
	draft.text[PX_TITLE] = "Nur ein Titel";
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 0);
	size_t n = practice_check(f->s, &draft, 0, true, pr, 16);
	assert_int_equal(n, 7); /* teaser, organisation, 4 sections, art */
	char longer[300];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	draft.text[PX_TITLE] = longer;
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 1);
	draft.text[PX_TITLE] = "Ungültig \xff";
	assert_int_equal(practice_check(f->s, &draft, 0, false, pr, 16), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slugify),
	    cmocka_unit_test(test_links),
	    cmocka_unit_test_setup_teardown(test_unique_slugs, practice_setup, practice_teardown),
	    cmocka_unit_test_setup_teardown(test_checks, practice_setup, practice_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

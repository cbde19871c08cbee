/* HTTP integration tests of adoption in the public catalog: the facet "übernommen in"
 * (by Land, and "anywhere"), the sort "am häufigsten übernommen", the count on a card,
 * the same parameters in the API and feeds, and the catalog following a new approval. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "transfer_fixture.h"

/* The demo's adoptions: three (Hessen, Sachsen, Schleswig-Holstein) and one (Niedersachsen);
 * a practice with an adoption still in moderation (Bayern) has none in public. */
#define MOST "anerkennungsberatung-im-betrieb"
#define SECOND "brueckenqualifizierung-fuer-pflegefachkraefte-aus-drittstaaten"
#define PENDING "mentoring-fuer-zugewanderte-ingenieurinnen"

#define CARD "class=\"card-title\"><a href=\"/praxis/"

/* The slug of the n-th card (from 0) of the last page, or "". */
static const char *
card_slug(const char *body, int n)
{
	const char *p = body;
	for (int i = 0; i <= n; i++) {
		p = strstr(p, CARD);
		if (!p)
			return "";
		p += strlen(CARD);
	}
	return tstr("%.*s", (int)strcspn(p, "\""), p);
}

static int
cards(const char *body)
{
	int n = 0;
	for (const char *p = body; (p = strstr(p, CARD)); p += strlen(CARD))
		n++;
	return n;
}

static void
test_facet_by_land(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis", &r);
	assert_status(&r, 200);
	/* The facet offers the Länder with adoptions, and "anywhere" with both practices. */
	assert_body_has(&r, "name=\"uebernommen\" value=\"sn\"");
	assert_body_has(&r, "name=\"uebernommen\" value=\"ni\"");
	assert_body_has(&r, "name=\"uebernommen\" value=\"ja\"");
	assert_body_lacks(&r, "name=\"uebernommen\" value=\"by\""); /* still in moderation */
	assert_body_lacks(&r, "name=\"uebernommen\" value=\"rp\""); /* only preparing */
	assert_body_has(&r, "Übernommen in");
	resp_free(&r);

	http_get(c, "/praxis?uebernommen=sn", &r);
	assert_status(&r, 200);
	assert_int_equal(cards(r.body), 1);
	assert_string_equal(card_slug(r.body, 0), MOST);
	assert_body_has(&r, "Übernommen in: Sachsen");
	/* The card says how often the practice was adopted. */
	assert_body_has(&r, "<span class=\"card-adopted\">Übernommen von 3 Einrichtungen</span>");
	resp_free(&r);

	/* Two Länder: either. */
	http_get(c, "/praxis?uebernommen=sn&uebernommen=ni", &r);
	assert_int_equal(cards(r.body), 2);
	resp_free(&r);
	http_get(c, "/praxis?uebernommen=ja", &r);
	assert_int_equal(cards(r.body), 2);
	assert_body_lacks(&r, "href=\"/praxis/" PENDING "\"");
	resp_free(&r);
	/* With another facet: both must hold. */
	http_get(c, "/praxis?uebernommen=ni&land=zz", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "land=zz");
	resp_free(&r);
	/* A Land without adoptions: none, with the filter named to take it away. */
	http_get(c, "/praxis?uebernommen=by", &r);
	assert_status(&r, 200);
	assert_int_equal(cards(r.body), 0);
	assert_body_has(&r, "Übernommen in: Bayern");
	resp_free(&r);
	/* An unknown value is ignored as with every facet. */
	http_get(c, "/praxis?uebernommen=xx", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "uebernommen=xx");
	assert_true(cards(r.body) > 2);
	resp_free(&r);

	/* The API, the feed and the CSV take the same parameter. */
	http_get(c, "/api/v1/practices?uebernommen=sn", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"slug\":\"" MOST "\"");
	assert_body_has(&r, "\"adopted\":3");
	assert_body_lacks(&r, SECOND);
	resp_free(&r);
	http_get(c, "/feed.atom?uebernommen=ni", &r);
	assert_status(&r, 200);
	assert_body_has(&r, SECOND);
	assert_body_lacks(&r, "/praxis/" MOST "<");
	resp_free(&r);
	client_free(c);
}

static void
test_sort_by_adoptions(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis?sort=uebernahmen", &r);
	assert_status(&r, 200);
	assert_string_equal(card_slug(r.body, 0), MOST);
	assert_string_equal(card_slug(r.body, 1), SECOND);
	assert_body_has(&r, "<option value=\"uebernahmen\" selected>Am häufigsten übernommen");
	resp_free(&r);
	/* The default order (newest first) is unchanged, and its address too. */
	http_get(c, "/praxis", &r);
	assert_body_has(&r, "<option value=\"uebernahmen\">");
	resp_free(&r);
	/* With a search, the order still wins over relevance when asked for. */
	http_get(c, "/praxis?q=Betrieb&sort=uebernahmen", &r);
	assert_status(&r, 200);
	assert_string_equal(card_slug(r.body, 0), MOST);
	resp_free(&r);
	http_get(c, "/api/v1/practices?sort=uebernahmen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"sort\":\"uebernahmen\"");
	const char *first = strstr(r.body, "\"slug\":\"");
	assert_non_null(first);
	assert_true(strncmp(first + strlen("\"slug\":\""), MOST, strlen(MOST)) == 0);
	resp_free(&r);
	client_free(c);
}

/* A new approved adoption moves the practice in the facet and the order at once (the
 * catalog's cached pages and its index follow the approval). */
static void
test_catalog_follows_approval(void **state)
{
	struct srv *s = *state;
	struct client *p = client_new(s);
	struct resp r;
	http_get(p, "/praxis?uebernommen=mv", &r);
	assert_int_equal(cards(r.body), 0);
	resp_free(&r);
	char *link = report_confirmed(s, "Mara Muster", "mara@jobcenter-rostock.example",
	                              "Jobcenter Rostock", "&bundesland=mv");
	long id = report_id(s, "Jobcenter Rostock");
	struct client *c = client_new(s);
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, link,
	               tstr("organisation=%s&kind=jobcenter&bundesland=mv&stage=adopted&"
	                    "report_text=%s",
	                    tenc("Jobcenter Rostock"), tenc("Übernommen an der Küste.")),
	               &r);
	assert_redirect(&r, link);
	resp_free(&r);
	/* Not yet approved: not in the facet. */
	http_get(p, "/praxis?uebernommen=mv", &r);
	assert_int_equal(cards(r.body), 0);
	resp_free(&r);
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, tstr("/admin/uebernahmen/%ld", id), &r);
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/uebernahmen/%ld", id),
	               tstr("action=approve&public_text=%s", tenc("Übernommen an der Küste.")), &r);
	assert_redirect(&r, "/admin/uebernahmen");
	resp_free(&r);
	http_get(p, "/praxis?uebernommen=mv", &r);
	assert_int_equal(cards(r.body), 1);
	assert_string_equal(card_slug(r.body, 0), TR_SLUG);
	resp_free(&r);
	http_get(p, "/praxis?sort=uebernahmen", &r);
	assert_string_equal(card_slug(r.body, 0), MOST);
	/* One adoption, like the second, and published later than it or not: among equals the
	 * newest comes first; either way it is among the first three. */
	assert_true(strcmp(card_slug(r.body, 1), TR_SLUG) == 0 ||
	            strcmp(card_slug(r.body, 2), TR_SLUG) == 0);
	resp_free(&r);
	/* Withdrawn: gone from the facet again. */
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, tstr("%s/zurueckziehen", link), "", &r);
	resp_free(&r);
	http_get(p, "/praxis?uebernommen=mv", &r);
	assert_int_equal(cards(r.body), 0);
	resp_free(&r);
	free(link);
	client_free(c);
	client_free(o);
	client_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_facet_by_land),
	    cmocka_unit_test(test_sort_by_adoptions),
	    cmocka_unit_test(test_catalog_follows_approval),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}

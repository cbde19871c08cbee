/* HTTP integration tests of the JSON API and its OpenAPI file: paging, search, bad
 * parameters as 400 JSON, details, 404s and 304s. One server for the group; the practices
 * are seeded through the domain's import (tests/http/seed_practices.c, $LEUCHTTURM_SEED). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "harness.h"
#include "open_data_fixture.h"

/* ---- the API ---- */

static json_t *
get_json(const char *path, long want)
{
	struct resp r;
	long status = http_get(web, path, &r);
	if (status != want)
		resp_dump(&r);
	assert_int_equal(status, want);
	assert_string_equal(resp_header(&r, "Content-Type"), "application/json");
	assert_string_equal(resp_header(&r, "Access-Control-Allow-Origin"), "*");
	assert_hidden(&r);
	json_error_t err;
	json_t *v = json_loads(r.body, 0, &err);
	if (!v)
		fail_msg("%s: not JSON: %s", path, err.text);
	resp_free(&r);
	return v;
}

static json_t *
find_item(json_t *items, const char *slug)
{
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "slug")), slug) == 0)
			return it;
	}
	return NULL;
}

static void
test_api_list_has_published_practices_with_paging(void **state)
{
	json_t *v = get_json("/api/v1/practices?pro_seite=100", 200);
	json_t *items = json_object_get(v, "items");
	assert_true(json_is_array(items));
	assert_true(json_integer_value(json_object_get(v, "total")) >= 3);
	assert_int_equal(json_integer_value(json_object_get(v, "page")), 1);
	json_t *m = find_item(items, "od-mentoring");
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "title")),
	                    "Mentoring für Ärztinnen & Ärzte");
	assert_string_equal(json_string_value(json_object_get(m, "published_at")),
	                    "2026-03-01T11:00:00Z");
	json_t *art = json_object_get(m, "art");
	assert_string_equal(json_string_value(json_object_get(art, "key")), "konzept");
	json_t *links = json_object_get(m, "links");
	assert_string_equal(json_string_value(json_object_get(links, "pdf")),
	                    tstr("%s/praxis/od-mentoring.pdf", server.base));
	json_decref(v);

	v = get_json("/api/v1/practices?art=produkt&pro_seite=100", 200);
	assert_non_null(find_item(json_object_get(v, "items"), "od-formel"));
	assert_null(find_item(json_object_get(v, "items"), "od-mentoring"));
	json_decref(v);

	/* One per page: the next page is linked, with the same selection. */
	v = get_json("/api/v1/practices?art=produkt&pro_seite=1", 200);
	assert_int_equal(json_integer_value(json_object_get(v, "per_page")), 1);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 1);
	json_t *nav = json_object_get(v, "links");
	if (json_integer_value(json_object_get(v, "total")) > 1)
		assert_string_equal(
		    json_string_value(json_object_get(nav, "next")),
		    tstr("%s/api/v1/practices?art=produkt&seite=2&pro_seite=1", server.base));
	assert_true(json_is_null(json_object_get(nav, "prev")));
	json_decref(v);

	/* Past the end: an empty page with the real total. */
	v = get_json("/api/v1/practices?art=produkt&seite=999", 200);
	assert_int_equal(json_array_size(json_object_get(v, "items")), 0);
	assert_true(json_integer_value(json_object_get(v, "total")) >= 1);
	json_decref(v);
}

static void
test_api_search_and_unknown_filters(void **state)
{
	json_t *v = get_json("/api/v1/practices?q=Zebrafink", 200);
	assert_int_equal(json_integer_value(json_object_get(v, "total")), 0);
	assert_string_equal(json_string_value(json_object_get(v, "query")), "Zebrafink");
	json_decref(v);
	/* FTS5 syntax is text; an unknown filter value is ignored and named. */
	v = get_json("/api/v1/practices?q=%22NEAR(%2A&art=gibt-es-nicht", 200);
	json_t *ignored = json_object_get(v, "ignored_filters");
	assert_int_equal(json_array_size(ignored), 1);
	assert_string_equal(json_string_value(json_array_get(ignored, 0)), "art=gibt-es-nicht");
	json_decref(v);
}

static void
test_api_bad_parameters_are_400_json(void **state)
{
	static const char *const bad[] = {
	    "/api/v1/practices?seite=0",     "/api/v1/practices?seite=-1",
	    "/api/v1/practices?seite=abc",   "/api/v1/practices?pro_seite=101",
	    "/api/v1/practices?sort=random",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *v = get_json(bad[i], 400);
		json_t *e = json_object_get(v, "error");
		assert_int_equal(json_integer_value(json_object_get(e, "status")), 400);
		assert_true(strlen(json_string_value(json_object_get(e, "message"))) > 0);
		json_decref(v);
	}
	/* A malformed query string is refused before any handler. */
	struct resp r;
	assert_int_equal(http_get(web, "/api/v1/practices?q=%ZZ", &r), 400);
	resp_free(&r);
}

static void
test_api_detail_and_404s(void **state)
{
	json_t *v = get_json("/api/v1/practices/od-mentoring", 200);
	assert_string_equal(json_string_value(json_object_get(v, "slug")), "od-mentoring");
	json_t *sections = json_object_get(v, "sections");
	assert_string_equal(json_string_value(json_object_get(sections, "situation")),
	                    "Viele **Ärztinnen** warten lange auf die Approbation.");
	json_t *terms = json_object_get(v, "terms");
	json_t *felder = json_object_get(terms, "handlungsfeld");
	assert_int_equal(json_array_size(felder), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(felder, 0), "key")),
	                    "anerkennungsberatung");
	json_t *contact = json_object_get(v, "contact");
	assert_string_equal(json_string_value(json_object_get(contact, "email")),
	                    "anna@example.org");
	assert_true(json_is_null(json_object_get(contact, "phone")));
	json_t *web_links = json_object_get(v, "web_links");
	json_t *link = json_array_get(web_links, 0);
	assert_string_equal(json_string_value(json_object_get(link, "url")),
	                    "https://example.org/mentoring");
	assert_string_equal(json_string_value(json_object_get(link, "label")), "Projektseite");
	assert_string_equal(json_string_value(json_object_get(v, "updated_at")),
	                    "2026-05-02T10:00:00Z");
	json_decref(v);
	static const char *const missing[] = {"od-entwurf", "od-archiv", "gibt-es-nicht"};
	for (size_t i = 0; i < 3; i++) {
		v = get_json(tstr("/api/v1/practices/%s", missing[i]), 404);
		json_t *e = json_object_get(v, "error");
		assert_int_equal(json_integer_value(json_object_get(e, "status")), 404);
		json_decref(v);
	}
}

static void
test_api_detail_answers_304(void **state)
{
	struct resp r;
	get_ok("/api/v1/practices/od-mentoring", &r, "application/json");
	assert_string_equal(resp_header(&r, "Last-Modified"), "Sat, 02 May 2026 10:00:00 GMT");
	const char *inm = tstr("If-None-Match: %s", resp_header(&r, "ETag"));
	resp_free(&r);
	struct req q = {.path = "/api/v1/practices/od-mentoring",
	                .headers = (const char *const[]){inm, NULL}};
	assert_int_equal(http_request(web, &q, &r), 304);
	resp_free(&r);
}

static void
test_openapi_describes_both_routes(void **state)
{
	struct resp r;
	get_ok("/openapi.json", &r, "application/json");
	assert_non_null(resp_header(&r, "ETag"));
	json_error_t err;
	json_t *v = json_loads(r.body, 0, &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(v, "openapi")), "3.0.3");
	json_t *paths = json_object_get(v, "paths");
	assert_non_null(json_object_get(paths, "/api/v1/practices"));
	assert_non_null(json_object_get(paths, "/api/v1/practices/{slug}"));
	json_t *schemas = json_object_get(json_object_get(v, "components"), "schemas");
	assert_non_null(json_object_get(schemas, "Practice"));
	assert_non_null(json_object_get(schemas, "PracticeList"));
	json_decref(v);
	resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api_list_has_published_practices_with_paging),
	    cmocka_unit_test(test_api_search_and_unknown_filters),
	    cmocka_unit_test(test_api_bad_parameters_are_400_json),
	    cmocka_unit_test(test_api_detail_and_404s),
	    cmocka_unit_test(test_api_detail_answers_304),
	    cmocka_unit_test(test_openapi_describes_both_routes),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/* Unit tests for the dispatcher's path matching (http/dispatch.c): ":name" segments,
 * ":name.ext" suffix segments, and the most specific pattern winning over table order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "http/dispatch.h"
#include "http/route.h"

static const char *called;

static void
h_detail(struct request *r)
{
	called = "detail";
}

static void
h_pdf(struct request *r)
{
	called = "pdf";
}

static void
h_two(struct request *r)
{
	called = "two";
}

static void
h_new(struct request *r)
{
	called = "new";
}

/* The PDF route comes after the detail route on purpose: order must not matter. */
static const struct route table[] = {
    {"GET", "/praxis/:slug", h_detail, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
    {"GET", "/praxis/:slug.pdf", h_pdf, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
    {"GET", "/praxis/neu", h_new, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
    {"GET", "/a/:x/b/:y.json", h_two, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
};

/* Dispatches a GET of uri; returns the status, sets called and params (copied). */
static int
get(const char *uri, char params[4][64])
{
	struct request r;
	memset(&r, 0, sizeof r);
	r.method = "GET";
	called = NULL;
	http_set_routes(table, sizeof table / sizeof table[0]);
	http_dispatch(&r, uri);
	for (int i = 0; i < 4 && params; i++) {
		params[i][0] = '\0';
		if (r.params[i])
			strncat(params[i], r.params[i], 63);
	}
	int status = r.resp.status ? r.resp.status : 200;
	buf_free(&r.resp.body);
	arena_free(&r.arena);
	return status;
}

static void
test_plain_segment_takes_the_whole_segment(void **state)
{
	char p[4][64];
	assert_int_equal(get("/praxis/mentoring-aerztinnen", p), 200);
	assert_string_equal(called, "detail");
	assert_string_equal(p[0], "mentoring-aerztinnen");
}

static void
test_suffix_segment_wins_and_captures_the_stem(void **state)
{
	char p[4][64];
	assert_int_equal(get("/praxis/mentoring-aerztinnen.pdf", p), 200);
	assert_string_equal(called, "pdf");
	assert_string_equal(p[0], "mentoring-aerztinnen");
}

static void
test_suffix_needs_a_stem(void **state)
{
	char p[4][64];
	/* ".pdf" alone is no PDF of anything: the plain segment takes it. */
	get("/praxis/.pdf", p);
	assert_string_equal(called, "detail");
	assert_string_equal(p[0], ".pdf");
}

static void
test_other_suffix_goes_to_plain_segment(void **state)
{
	char p[4][64];
	get("/praxis/x.pdfx", p);
	assert_string_equal(called, "detail");
	assert_string_equal(p[0], "x.pdfx");
	get("/praxis/x.PDF", p);
	assert_string_equal(called, "detail");
}

static void
test_literal_beats_parameter(void **state)
{
	get("/praxis/neu", NULL);
	assert_string_equal(called, "new");
}

static void
test_two_parameters_with_suffix(void **state)
{
	char p[4][64];
	assert_int_equal(get("/a/eins/b/zwei.json", p), 200);
	assert_string_equal(called, "two");
	assert_string_equal(p[0], "eins");
	assert_string_equal(p[1], "zwei");
	assert_int_equal(get("/a/eins/b/zwei", p), 404);
	assert_null(called);
}

static void
test_no_match_is_404(void **state)
{
	assert_int_equal(get("/praxis/x/y", NULL), 404);
	assert_null(called);
	assert_int_equal(get("/praxis/", NULL), 404);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_segment_takes_the_whole_segment),
	    cmocka_unit_test(test_suffix_segment_wins_and_captures_the_stem),
	    cmocka_unit_test(test_suffix_needs_a_stem),
	    cmocka_unit_test(test_other_suffix_goes_to_plain_segment),
	    cmocka_unit_test(test_literal_beats_parameter),
	    cmocka_unit_test(test_two_parameters_with_suffix),
	    cmocka_unit_test(test_no_match_is_404),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

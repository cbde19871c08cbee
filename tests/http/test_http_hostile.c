/* HTTP integration test: every route of src/routes.c, as the office (which reaches the most
 * handlers), with hostile path values, query strings and form bodies. Whatever arrives is
 * answered with a page or a 4xx with a reason, never a 5xx, and the server stays up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAX_ROUTES 256

static const char *const values[] = {"0", "-1", "abc", "99999999999999999999", "%00", ".."};
static const char *const queries[] = {
    "",
    "?seite=-5&pro_seite=0",
    "?seite=999999999999999999999",
    "?sort=zzz&order=x",
    "?status=zzz&netzwerk=abc&art=-1&handlungsfeld=%ff",
    "?q=%22%28*NEAR-%29&jahr=abc",
    "?vorlage=xx-yy&a=zz&b=-1",
    "?objekt=%C3%28&aktion=x",
};

/* The pattern with each ":name" (and its ".pdf"/".csv"/".xlsx" suffix kept) set to v. */
static const char *
fill(const char *pattern, const char *v)
{
	char out[512];
	size_t o = 0;
	for (const char *p = pattern; *p && o < sizeof out - 64;) {
		if (*p != ':') {
			out[o++] = *p++;
			continue;
		}
		while (*p && *p != '/' && *p != '.')
			p++;
		o += (size_t)snprintf(out + o, sizeof out - o, "%s", v);
	}
	out[o] = '\0';
	return tstr("%s", out);
}

static void
assert_answered(struct resp *r, const char *method, const char *path)
{
	if (r->status < 200 || r->status >= 500) {
		resp_dump(r);
		fail_msg("%s %s: status %ld", method, path, r->status);
	}
}

static void
test_hostile_input_never_reaches_a_5xx(void **state)
{
	struct srv *s = *state;
	struct route_row rows[MAX_ROUTES];
	int n = routes_read(rows, MAX_ROUTES);
	assert_true(n > 50);
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	struct resp r;
	http_get(c, "/start", &r);
	const char *token = tstr("%s", client_csrf(c));
	resp_free(&r);
	char *big = malloc(6001);
	memset(big, 'A', 6000);
	big[6000] = '\0';
	const char *forms[] = {
	    "",
	    tstr("_csrf=%s", token),
	    tstr("_csrf=%s&id=abc&call_id=-1&proposal=%%ff&outcome=zz&score_0=99&phase=zz&lang=xx"
	         "&revision=-3&action=explode&term=abc&locale=zz",
	         token),
	    tstr("_csrf=%s&title=%s&body=%s&name=%s", token, big, big, big),
	};
	free(big);
	long requests = 0;
	for (int i = 0; i < n; i++) {
		for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
			const char *path = fill(rows[i].pattern, values[v]);
			if (strcmp(rows[i].method, "GET") == 0) {
				for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
					const char *full = tstr("%s%s", path, queries[q]);
					http_get(c, full, &r);
					assert_answered(&r, "GET", full);
					resp_free(&r);
					requests++;
				}
			} else {
				for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
					http_post_form(c, path, forms[f], &r);
					assert_answered(&r, "POST", path);
					resp_free(&r);
					requests++;
				}
			}
		}
		/* Some POSTs above may end the session (logout): come back in. */
		if (!client_cookie(c, "lt_session")) {
			client_free(c);
			c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
			http_get(c, "/start", &r);
			resp_free(&r);
		}
	}
	print_message("%ld hostile requests, none answered with a 5xx\n", requests);
	client_free(c);
}

/* A page number past the end (or overflowing) shows the last page of the list. */
static void
test_page_past_the_end_shows_the_last_page(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	struct resp r;
	http_get(c, "/admin/benutzer?seite=999999999999999999", &r);
	assert_status(&r, 200);
	assert_body_has(&r, DEMO_SUBMITTER);
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hostile_input_never_reaches_a_5xx, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_page_past_the_end_shows_the_last_page, srv_setup,
	                                    srv_teardown),
	};
	return cmocka_run_group_tests_name("http_hostile", tests, NULL, NULL);
}

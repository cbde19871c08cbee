/* A page whose tags do not match is never sent: the writer names what broke it, the
 * layout's end (html/layout.c) turns the answer into the 500 error page and logs the
 * route and the tag, and a kept fragment (html_fragment_*) is whole elements or nothing.
 * The pages here are planted in this test's own route table, pushed through the real
 * dispatcher. */
#include "html/html.h"
#include "html/layout.h"
#include "http/dispatch.h"
#include "http/route.h"
#include "pages/pages.h"
#include "util/arena.h"
#include "util/buf.h"
#include "html_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

/* ---- the writer ---- */

static void
test_mismatch_names_both_tags(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "section", NULL);
	html_open(w->h, "p", NULL);
	html_close(w->h, "section");
	assert_true(html_broken(w->h));
	assert_string_equal(html_problem(w->h, &w->arena), "</section> does not match <p>");
	/* The first problem is the one kept. */
	html_close(w->h, "ul");
	assert_string_equal(html_problem(w->h, &w->arena), "</section> does not match <p>");
}

static void
test_unclosed_is_a_problem(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "div", NULL);
	html_open(w->h, "table", NULL);
	assert_false(html_broken(w->h));
	assert_string_equal(html_problem(w->h, &w->arena), "<table> is not closed");
	html_close(w->h, "table");
	html_close(w->h, "div");
	assert_null(html_problem(w->h, &w->arena));
}

static void
test_too_deep_is_a_problem(void **state)
{
	struct writer *w = *state;
	for (int i = 0; i <= 48; i++)
		html_open(w->h, "div", NULL);
	assert_true(html_broken(w->h));
	assert_non_null(strstr(html_problem(w->h, &w->arena), "<div> opened more than"));
}

/* ---- fragments ---- */

static void
test_fragment_of_whole_elements(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "main", NULL);
	html_fragment_begin(w->h);
	html_open(w->h, "form", NULL);
	html_void(w->h, "input", "name", "_csrf", "value", "tok-A", NULL);
	html_elem(w->h, "p", "tok-A & <b>", NULL);
	html_close(w->h, "form");
	struct html_fragment *f = html_fragment_take(w->h);
	assert_non_null(f);
	html_close(w->h, "main");
	const char *kept = "<form><input name=\"_csrf\" value=\"tok-A\"><p>tok-A &amp; &lt;b&gt;"
	                   "</p></form>";
	assert_int_equal(html_fragment_size(f), strlen(kept));

	/* Written again elsewhere, as it was and with another token in place of the old. */
	struct buf out = BUF_INIT;
	struct arena a = {0};
	struct html *h = html_new(&a, &out);
	html_fragment_append(h, f, NULL, NULL);
	assert_string_equal(buf_str(&out), kept);
	buf_reset(&out);
	html_fragment_append(h, f, "tok-A", "\"><script>");
	assert_string_equal(buf_str(&out),
	                    "<form><input name=\"_csrf\" value=\"&quot;&gt;&lt;script&gt;\"><p>"
	                    "&quot;&gt;&lt;script&gt; &amp; &lt;b&gt;</p></form>");
	assert_false(html_broken(h));
	html_fragment_free(f);
	arena_free(&a);
	buf_free(&out);
}

static void
test_fragment_unbalanced_is_refused(void **state)
{
	struct writer *w = *state;
	html_open(w->h, "main", NULL);
	html_fragment_begin(w->h);
	html_open(w->h, "div", NULL);
	assert_null(html_fragment_take(w->h)); /* <div> left open */
	html_close(w->h, "div");
	html_fragment_begin(w->h);
	html_close(w->h, "main");
	html_open(w->h, "aside", NULL);
	assert_null(html_fragment_take(w->h)); /* closed what it had not opened */
	html_close(w->h, "aside");
	assert_false(html_broken(w->h));
	assert_null(html_fragment_take(w->h)); /* none begun */
}

static void
test_fragment_of_broken_writer_is_refused(void **state)
{
	struct writer *w = *state;
	html_fragment_begin(w->h);
	html_open(w->h, "p", NULL);
	html_close(w->h, "div");
	html_close(w->h, "p");
	assert_null(html_fragment_take(w->h));
}

/* ---- pages through the dispatcher ---- */

static void
page_fine(struct request *r)
{
	struct html *h = layout_begin(r, "Heile Seite");
	html_elem(h, "p", "Alles gut", NULL);
	layout_end(r, h);
}

static void
page_mismatched(struct request *r)
{
	struct html *h = layout_begin(r, "Kaputte Seite");
	html_open(h, "section", NULL);
	html_open(h, "p", NULL);
	html_text(h, "Geheimer Entwurf");
	html_close(h, "section");
	layout_end(r, h);
}

static void
page_unclosed(struct request *r)
{
	struct html *h = layout_begin(r, "Offene Seite");
	html_open(h, "table", NULL);
	html_text(h, "Halbe Tabelle");
	layout_end(r, h);
}

static const struct route table[] = {
    {"GET", "/heil", page_fine, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
    {"GET", "/kaputt", page_mismatched, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
    {"GET", "/offen", page_unclosed, ACCESS_PUBLIC, CSRF_NO, NOKEYS},
};

struct answer {
	int status;
	char type[64];
	char *body; /* malloc'd */
	char *log;  /* what went to standard error, malloc'd */
};

/* GET uri through the dispatcher, with standard error caught in a file. */
static struct answer
get(const char *uri)
{
	struct answer a = {0};
	struct request r;
	memset(&r, 0, sizeof r);
	r.method = "GET";
	http_set_routes(table, sizeof table / sizeof table[0]);
	FILE *log = tmpfile();
	assert_non_null(log);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	dup2(fileno(log), STDERR_FILENO);
	http_dispatch(&r, uri);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	long n = ftell(log);
	a.log = calloc(1, (size_t)(n > 0 ? n : 0) + 1);
	rewind(log);
	if (n > 0)
		assert_int_equal(fread(a.log, 1, (size_t)n, log), (size_t)n);
	fclose(log);
	a.status = r.resp.status ? r.resp.status : 200;
	snprintf(a.type, sizeof a.type, "%s", r.resp.content_type ? r.resp.content_type : "");
	a.body = strdup(buf_str(&r.resp.body));
	buf_free(&r.resp.body);
	arena_free(&r.arena);
	return a;
}

static void
answer_free(struct answer *a)
{
	free(a->body);
	free(a->log);
}

static int
setup_pages(void **state)
{
	http_set_error_renderer(page_error);
	return 0;
}

static void
test_whole_page_is_sent(void **state)
{
	struct answer a = get("/heil");
	assert_int_equal(a.status, 200);
	assert_non_null(strstr(a.body, "<p>Alles gut</p>"));
	assert_non_null(strstr(a.body, "</html>"));
	assert_string_equal(a.log, "");
	answer_free(&a);
}

static void
test_mismatched_page_is_500(void **state)
{
	struct answer a = get("/kaputt");
	assert_int_equal(a.status, 500);
	assert_string_equal(a.type, "text/html; charset=utf-8");
	/* The normal error page (in the default language), not a word of the broken one. */
	assert_non_null(strstr(a.body, "Es ist ein Fehler aufgetreten"));
	assert_non_null(strstr(a.body, "</html>"));
	assert_null(strstr(a.body, "Geheimer Entwurf"));
	assert_null(strstr(a.body, "Kaputte Seite"));
	/* The log names the route and the tag. */
	assert_non_null(strstr(a.log, "GET /kaputt: </section> does not match <p>"));
	answer_free(&a);
}

static void
test_unclosed_page_is_500(void **state)
{
	struct answer a = get("/offen");
	assert_int_equal(a.status, 500);
	assert_null(strstr(a.body, "Halbe Tabelle"));
	assert_non_null(strstr(a.body, "Es ist ein Fehler aufgetreten"));
	assert_non_null(strstr(a.log, "GET /offen: </main> does not match <table>"));
	answer_free(&a);
}

/* An error page that is itself broken ends in plain text, not in another round. */
static void
broken_error_page(struct request *r, int status, const char *reason)
{
	(void)reason;
	r->resp.status = status;
	struct html *h = layout_begin(r, "Fehlerseite");
	html_open(h, "div", NULL);
	layout_end(r, h);
}

static void
test_broken_error_page_gives_plain_text(void **state)
{
	http_set_error_renderer(broken_error_page);
	struct answer a = get("/kaputt");
	http_set_error_renderer(page_error);
	assert_int_equal(a.status, 500);
	assert_string_equal(a.type, "text/plain; charset=utf-8");
	assert_string_equal(a.body, "Es ist ein Fehler aufgetreten");
	assert_non_null(strstr(a.log, "GET /kaputt: </section> does not match <p>"));
	assert_non_null(strstr(a.log, "GET /kaputt: </main> does not match <div>"));
	answer_free(&a);
}

int
main(void)
{
#define W(name) cmocka_unit_test_setup_teardown(name, setup_writer, teardown_writer)
	const struct CMUnitTest tests[] = {
	    W(test_mismatch_names_both_tags),
	    W(test_unclosed_is_a_problem),
	    W(test_too_deep_is_a_problem),
	    W(test_fragment_of_whole_elements),
	    W(test_fragment_unbalanced_is_refused),
	    W(test_fragment_of_broken_writer_is_refused),
	    cmocka_unit_test_setup(test_whole_page_is_sent, setup_pages),
	    cmocka_unit_test_setup(test_mismatched_page_is_500, setup_pages),
	    cmocka_unit_test_setup(test_unclosed_page_is_500, setup_pages),
	    cmocka_unit_test_setup(test_broken_error_page_gives_plain_text, setup_pages),
	};
#undef W
	return cmocka_run_group_tests(tests, NULL, NULL);
}

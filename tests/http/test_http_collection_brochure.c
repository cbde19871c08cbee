/* HTTP integration tests of a collection's brochure (issue 12): /sammlung/SLUG.pdf with a
 * cover, the introduction, a table of contents whose page numbers are the chapters' pages
 * (checked page by page with pdftotext), running heads, an outline and internal links; the
 * same bytes twice, an ETag until the data changes, the bytes kept on the server until then,
 * a tagged PDF, and 404 for an unknown, unpublished or empty collection; a visitor's
 * selection (Merkliste) as one brochure or a ZIP, and its limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SLUG "fuer-betriebe-internationale-fachkraefte-gewinnen-und-halten"
#define PDF "/sammlung/" SLUG ".pdf"

/* The text of page `page` (from 1; 0: all pages), malloc'd. */
static char *
page_text(const char *path, int page)
{
	char first[16], last[16];
	snprintf(first, sizeof first, "%d", page ? page : 1);
	snprintf(last, sizeof last, "%d", page ? page : 9999);
	const char *argv[] = {"pdftotext", "-f",    first, "-l", last, "-layout",
	                      "-enc",      "UTF-8", path,  "-",  NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	return out;
}

static long
page_count(const char *path)
{
	const char *argv[] = {"pdfinfo", path, NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	const char *p = strstr(out, "Pages:");
	assert_non_null(p);
	long n = strtol(p + 6, NULL, 10);
	free(out);
	return n;
}

/* The count of /metrics' sample name{cache="document"}. */
static long
doc_cache(struct client *c, const char *name)
{
	struct resp r;
	http_get(c, "/metrics", &r);
	assert_status(&r, 200);
	const char *sample = tstr("%s{cache=\"document\"} ", name);
	const char *p = strstr(r.body, sample);
	assert_non_null(p);
	long n = strtol(p + strlen(sample), NULL, 10);
	resp_free(&r);
	return n;
}

/* unzip's output for the arguments. */
static char *
unzip(const char *a, const char *b, const char *c)
{
	const char *argv[] = {"unzip", a, b, c, NULL};
	char *out = NULL;
	int rc = run_cmd(argv, NULL, &out);
	if (rc != 0)
		fail_msg("unzip %s %s %s failed (%d): %s", a, b, c ? c : "", rc, out ? out : "");
	return out;
}

static void
test_brochure(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	/* The collection's page links to it. */
	http_get(c, "/sammlung/" SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"" PDF "\"");
	resp_free(&r);
	http_get(c, PDF, &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "application/pdf"));
	const char *etag = resp_header(&r, "ETag");
	assert_non_null(etag);
	char *tag = strdup(etag);
	const char *path = resp_save(s, &r, "brochure.pdf");
	/* Outline and internal links (named destinations). */
	assert_true(resp_has_bytes(&r, "/Outlines"));
	assert_true(resp_has_bytes(&r, "/Dest (praxis-1)"));
	long pages = page_count(path);
	{
		const char *argv[] = {"pdfinfo", path, NULL};
		char *info = NULL;
		assert_int_equal(run_cmd(argv, NULL, &info), 0);
		assert_non_null(strstr(info, "Tagged:          yes"));
		free(info);
		assert_true(resp_has_bytes(&r, "/Lang (de)"));
	}
	char *all = page_text(path, 0);
	assert_non_null(strstr(all, "Für Betriebe: internationale Fachkräfte"));
	assert_non_null(strstr(all, "Einführung"));
	assert_non_null(strstr(all, "Inhalt"));
	assert_non_null(
	    strstr(all, "Warum in diesem Dossier: Beratung dort, wo die Beschäftigten"));
	free(all);

	/* The table of contents (page 2): each chapter's page number is where it starts, and
	 * the page after that, if still the chapter's, carries it as the running head. */
	static const char *const chapters[] = {
	    "1. Anerkennungsberatung im Betrieb",
	    "2. Praxistage Anerkennung für Personalverantwortliche",
	    "3. Diversity-Check für kleine Betriebe", "4. Betriebliche Integration im Hafen"};
	char *toc = page_text(path, 2);
	long prev = 2;
	for (size_t i = 0; i < 4; i++) {
		const char *line = strstr(toc, chapters[i]);
		assert_non_null(line);
		const char *end = strchr(line, '\n');
		assert_non_null(end);
		const char *num = end;
		while (num > line && num[-1] >= '0' && num[-1] <= '9')
			num--;
		long at = strtol(num, NULL, 10);
		assert_true(at > prev && at <= pages);
		char *text = page_text(path, (int)at);
		/* The chapter's title stands on that page (its start: the big type may wrap it). */
		char start[24];
		snprintf(start, sizeof start, "%s", chapters[i]);
		assert_non_null(strstr(text, start));
		free(text);
		if (at - 1 > 2) {
			text = page_text(path, (int)at - 1);
			assert_null(strstr(text, chapters[i]));
			free(text);
		}
		prev = at;
	}
	free(toc);
	/* A running head: chapter 1 spans more than a page in the demo. */
	char *p4 = page_text(path, 4);
	assert_non_null(strstr(p4, chapters[0]));
	free(p4);
	resp_free(&r);

	/* The same bytes for the same data, and the ETag until it changes; the second time
	 * from the server's keep, not made again. */
	long hits = doc_cache(c, "leuchtturm_cache_hits_total");
	http_get(c, PDF, &r);
	assert_status(&r, 200);
	const char *again = resp_save(s, &r, "again.pdf");
	resp_free(&r);
	assert_int_equal(doc_cache(c, "leuchtturm_cache_hits_total"), hits + 1);
	const char *cmp[] = {"cmp", path, again, NULL};
	assert_int_equal(run_cmd(cmp, NULL, NULL), 0);
	client_header(c, tstr("If-None-Match: %s", tag));
	http_get(c, PDF, &r);
	assert_status(&r, 304);
	resp_free(&r);
	client_free(c);
	/* A change to the data (the collection's introduction; its trigger moves the catalog's
	 * generation as the office's save does): made anew, not the kept bytes. */
	srv_sql_exec(s, "UPDATE collection SET intro = 'Neu: "
	                "Einführung zweite Fassung.' WHERE slug = '" SLUG "'");
	c = client_new(s);
	long misses = doc_cache(c, "leuchtturm_cache_misses_total");
	http_get(c, PDF, &r);
	assert_status(&r, 200);
	assert_string_not_equal(resp_header(&r, "ETag"), tag);
	const char *changed = resp_save(s, &r, "changed.pdf");
	resp_free(&r);
	assert_int_equal(doc_cache(c, "leuchtturm_cache_misses_total"), misses + 1);
	char *text = page_text(changed, 0);
	assert_non_null(strstr(text, "zweite Fassung"));
	free(text);
	client_free(c);
	free(tag);
}

static void
test_refusals(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/sammlung/gibt-es-nicht.pdf", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(c, "/sammlung/..%2Fetc.pdf", &r);
	assert_true(r.status == 404 || r.status == 400);
	resp_free(&r);
	/* Every practice of it unpublished (through the office's pages, as the text index
	 * follows the status): a clear 404, no empty brochure. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	for (;;) {
		long id =
		    srv_sql_long(s, "SELECT min(p.id) FROM practice p JOIN collection_item i ON "
		                    "i.practice_id = p.id JOIN collection k ON k.id = "
		                    "i.collection_id WHERE k.slug = '" SLUG "' AND p.status = "
		                    "'published'");
		if (id <= 0)
			break;
		http_get(o, tstr("/admin/praxis/%ld", id), &r);
		resp_free(&r);
		http_post_csrf(o, tstr("/admin/praxis/%ld/zurueckziehen", id), "", &r);
		assert_int_equal(r.status, 303);
		resp_free(&r);
	}
	client_free(o);
	http_get(c, PDF, &r);
	assert_status(&r, 404);
	assert_body_has(&r, "keine veröffentlichte Praxis");
	resp_free(&r);
	/* Unpublished collection. */
	srv_sql_exec(s, "UPDATE collection SET status = 'draft' "
	                "WHERE slug != '" SLUG "'");
	long other = srv_sql_long(s, "SELECT count(*) FROM collection WHERE status = 'draft'");
	assert_true(other >= 1);
	char *slug =
	    srv_sql_text(s, "SELECT slug FROM collection WHERE slug != '" SLUG "' LIMIT 1");
	http_get(c, tstr("/sammlung/%s.pdf", slug), &r);
	assert_status(&r, 404);
	resp_free(&r);
	free(slug);
	client_free(c);
}

/* A visitor's selection (Merkliste): in the URL, from the catalog's boxes and a practice
 * page; its brochure; unknown slugs named and left out, too many refused with 400. */
static void
test_merkliste(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/praxis", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "form=\"merkliste\"");
	assert_body_has(&r, "action=\"/merkliste\"");
	resp_free(&r);
	http_get(c, "/praxis/anerkennungslotsen", &r);
	assert_body_has(&r, "href=\"/merkliste?p=anerkennungslotsen\"");
	resp_free(&r);
	http_get(c, "/merkliste", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Ihre Merkliste ist leer.");
	resp_free(&r);
	const char *sel = "p=anerkennungslotsen&p=brueckenkurs-lehramt&p=gibt-es-nicht&p=..%2Fx&"
	                  "p=anerkennungslotsen";
	http_get(c, tstr("/merkliste?%s", sel), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "href=\"/praxis/anerkennungslotsen\"");
	assert_body_has(&r, "href=\"/praxis/brueckenkurs-lehramt\"");
	assert_body_has(&r, "gibt-es-nicht");
	assert_body_has(&r, "wurden weggelassen");
	/* Removing one keeps the other; the brochure and the shared link. */
	assert_body_has(&r, "href=\"/merkliste?p=brueckenkurs-lehramt\"");
	assert_body_has(&r,
	                "href=\"/merkliste.pdf?p=anerkennungslotsen&amp;p=brueckenkurs-lehramt\"");
	resp_free(&r);
	http_get(c, "/merkliste.pdf?p=anerkennungslotsen&p=brueckenkurs-lehramt", &r);
	assert_status(&r, 200);
	const char *path = resp_save(s, &r, "merkliste.pdf");
	char *text = page_text(path, 0);
	assert_non_null(strstr(text, "Meine Merkliste"));
	assert_non_null(strstr(text, "1. Anerkennungslotsen"));
	assert_non_null(strstr(text, "2. Brückenkurs Lehramt"));
	free(text);
	resp_free(&r);
	http_get(c, "/merkliste.pdf?p=gibt-es-nicht", &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* The same selection as a ZIP: a README with the addresses, each practice's PDF. */
	http_get(c, "/merkliste?p=anerkennungslotsen&p=brueckenkurs-lehramt", &r);
	assert_body_has(&r,
	                "href=\"/merkliste.zip?p=anerkennungslotsen&amp;p=brueckenkurs-lehramt\"");
	resp_free(&r);
	http_get(c, "/merkliste.zip?p=anerkennungslotsen&p=gibt-es-nicht&p=brueckenkurs-lehramt",
	         &r);
	assert_status(&r, 200);
	assert_non_null(strstr(resp_header(&r, "Content-Type"), "application/zip"));
	assert_non_null(strstr(resp_header(&r, "Content-Disposition"), "merkliste.zip"));
	const char *zip = resp_save(s, &r, "merkliste.zip");
	resp_free(&r);
	char *out = unzip("-tq", zip, NULL);
	assert_non_null(strstr(out, "No errors"));
	free(out);
	out = unzip("-Z1", zip, NULL);
	assert_string_equal(out,
	                    "README.txt\n01-anerkennungslotsen.pdf\n02-brueckenkurs-lehramt.pdf\n");
	free(out);
	out = unzip("-p", zip, "README.txt");
	assert_non_null(strstr(out, "1. Anerkennungslotsen"));
	assert_non_null(strstr(out, "/praxis/anerkennungslotsen/interesse"));
	assert_non_null(strstr(out, "2. Brückenkurs Lehramt"));
	free(out);
	out = unzip("-p", zip, "01-anerkennungslotsen.pdf");
	assert_true(strncmp(out, "%PDF", 4) == 0);
	free(out);
	http_get(c, "/merkliste.zip?p=gibt-es-nicht", &r);
	assert_status(&r, 404);
	resp_free(&r);
	/* 51 practices: a clear limit, never a 500. */
	char many[51 * 16 + 1] = "";
	for (int i = 0; i < 51; i++)
		snprintf(many + strlen(many), sizeof many - strlen(many), "%sp=x%d", i ? "&" : "",
		         i);
	http_get(c, tstr("/merkliste?%s", many), &r);
	assert_status(&r, 400);
	assert_body_has(&r, "höchstens 50");
	resp_free(&r);
	http_get(c, tstr("/merkliste.pdf?%s", many), &r);
	assert_status(&r, 400);
	resp_free(&r);
	http_get(c, tstr("/merkliste.zip?%s", many), &r);
	assert_status(&r, 400);
	resp_free(&r);
	/* 500 practices, the demo's real addresses over and over: a clear limit, never a 500
	 * (a 400 naming it, or the server's 414 for an address too long to read). */
	char *slug =
	    /* In an order of its own: without one the first row is the query planner's
	     * choice, which a new index changes (032_confirmed_index). */
	    srv_sql_text(s, "SELECT slug FROM practice WHERE status = 'published' ORDER BY "
	                    "title_sort, id LIMIT 1");
	size_t cap = 500 * (strlen(slug) + 4) + 1;
	char *five_hundred = calloc(1, cap);
	assert_non_null(five_hundred);
	for (int i = 0; i < 500; i++)
		snprintf(five_hundred + strlen(five_hundred), cap - strlen(five_hundred), "%sp=%s",
		         i ? "&" : "", slug);
	static const char *const paths[] = {"/merkliste", "/merkliste.pdf", "/merkliste.zip"};
	for (size_t i = 0; i < 3; i++) {
		http_get(c, tstr("%s?%s", paths[i], five_hundred), &r);
		assert_true(r.status == 400 || r.status == 414);
		if (r.status == 400)
			assert_body_has(&r, "höchstens 50");
		resp_free(&r);
	}
	free(five_hundred);
	free(slug);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_brochure, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_merkliste, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

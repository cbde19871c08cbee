/* HTTP integration tests of transfer after confirmation: the office's moderation (approve
 * with an edited text, reject with a reason, audited), who may moderate, what becomes
 * public (the practice page's count, map and stories; /transfer; the feed; the API) and
 * what never does (the reporter's name, e-mail and message: checked on every public page,
 * feed, API and download, the PDF, the spreadsheet and the transfer package read back as
 * text), and the sub-project's own list. */
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

#define REPORTER "Rita Geheim"
#define REPORTER_MAIL "rita.geheim@jobcenter.example"

/* The public addresses that show transfer, checked for the reporter's contact. */
static const char *const public_paths[] = {
    "/praxis/" TR_SLUG,
    "/transfer",
    "/transfer.atom",
    "/api/v1/transfers",
    "/praxis",
    "/feed.atom",
    "/api/v1/practices/" TR_SLUG,
    "/api/v1/practices",
    "/export/practices.csv",
    "/feed.rss",
    "/sitemap.xml",
    "/dcat.ttl",
    "/transfer?sprache=en",
    "/praxis?uebernommen=ja&sort=uebernahmen",
    "/api/v1/practices?uebernommen=he",
};

/* The public files whose text is packed: read back by the tools a person would use. */
static const struct {
	const char *path, *read; /* read: a shell command on the file $1 printing its text */
} public_files[] = {
    {"/export/practices.xlsx", "unzip -p \"$1\""},
    {"/praxis/" TR_SLUG ".pdf", "pdftotext \"$1\" -"},
    /* The package: each file, a PDF as its text. */
    {"/praxis/" TR_SLUG "/transferpaket.zip",
     "d=\"$1.d\" && mkdir -p \"$d\" && unzip -qo \"$1\" -d \"$d\" && find \"$d\" -type f | "
     "sort | while read -r f; do case $f in *.pdf) pdftotext \"$f\" - ;; *) cat \"$f\" ;; "
     "esac; done"},
};

static void
assert_lacks_contact(const char *where, const char *text)
{
	static const char *const secrets[] = {REPORTER, REPORTER_MAIL,
	                                      "Wir möchten die Praxis übernehmen."};
	for (size_t k = 0; k < 3; k++)
		if (strstr(text, secrets[k]))
			fail_msg("%s shows \"%s\"", where, secrets[k]);
}

static void
assert_no_contact_in_public(struct srv *s)
{
	struct client *c = client_new(s);
	for (size_t i = 0; i < sizeof public_paths / sizeof public_paths[0]; i++) {
		struct resp r;
		http_get(c, public_paths[i], &r);
		assert_status(&r, 200);
		assert_lacks_contact(public_paths[i], r.body);
		resp_free(&r);
	}
	for (size_t i = 0; i < sizeof public_files / sizeof public_files[0]; i++) {
		struct resp r;
		http_get(c, public_files[i].path, &r);
		assert_status(&r, 200);
		const char *file = tstr("%s/public-%zu.bin", s->dir, i);
		FILE *f = fopen(file, "wb");
		assert_non_null(f);
		fwrite(r.body, 1, r.body_len, f);
		fclose(f);
		resp_free(&r);
		const char *argv[] = {"/bin/sh", "-c", public_files[i].read, "sh", file, NULL};
		char *out = NULL;
		assert_int_equal(run_cmd(argv, NULL, &out), 0);
		assert_true(out && strlen(out) > 100); /* it was read */
		assert_lacks_contact(public_files[i].path, out);
		free(out);
	}
	client_free(c);
}

static void
test_moderation_and_public(void **state)
{
	struct srv *s = *state;
	char *link = report_confirmed(s, REPORTER, REPORTER_MAIL, "Jobcenter Werra-Meißner", "");
	long id = report_id(s, "Jobcenter Werra-Meißner");
	struct client *c = client_new(s);
	struct resp r;
	/* The reporter says it has been adopted, with the organisation's name public. */
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, link,
	               tstr("organisation=%s&kind=jobcenter&bundesland=he&name_public=1&"
	                    "stage=adopted&report_text=%s",
	                    tenc("Jobcenter Werra-Meißner"), tenc("Angepasst für Jobcenter.")),
	               &r);
	assert_redirect(&r, link);
	resp_free(&r);
	/* Before moderation nothing is public. */
	http_get(c, "/praxis/" TR_SLUG, &r);
	assert_body_lacks(&r, "Jobcenter Werra-Meißner");
	assert_body_lacks(&r, "transfer-map");
	resp_free(&r);
	assert_no_contact_in_public(s);

	/* The office sees it among the reports to check, with the contact. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_get(o, "/admin/uebernahmen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("href=\"/admin/uebernahmen/%ld\"", id));
	resp_free(&r);
	http_get(o, tstr("/admin/uebernahmen/%ld", id), &r);
	assert_status(&r, 200);
	assert_body_has(&r, REPORTER_MAIL);
	resp_free(&r);
	/* The office's export carries the contact data, and is never cached. */
	http_get(o, "/admin/uebernahmen.csv", &r);
	assert_status(&r, 200);
	assert_body_has(&r, REPORTER_MAIL);
	assert_body_has(&r, "Jobcenter Werra-Meißner");
	assert_string_equal(resp_header(&r, "Cache-Control"), "private, no-store");
	resp_free(&r);
	http_get(o, "/admin/uebernahmen.xlsx", &r);
	assert_status(&r, 200);
	assert_true(r.body_len > 100 && memcmp(r.body, "PK", 2) == 0);
	resp_free(&r);
	/* A rejection needs a reason. */
	http_post_csrf(o, tstr("/admin/uebernahmen/%ld", id), "action=reject&reason=", &r);
	assert_status(&r, 422);
	assert_body_has(&r, "id=\"f-reason-error\"");
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/uebernahmen/%ld", id),
	               tstr("action=reject&reason=%s", tenc("Bitte ohne Werbung.")), &r);
	assert_redirect(&r, "/admin/uebernahmen");
	resp_free(&r);
	/* The reporter sees the reason by the link; still nothing public. */
	http_get(c, link, &r);
	assert_body_has(&r, "Bitte ohne Werbung.");
	resp_free(&r);
	http_get(c, "/praxis/" TR_SLUG, &r);
	assert_body_lacks(&r, "transfer-map");
	resp_free(&r);
	/* Approved with an edited text. */
	http_get(o, tstr("/admin/uebernahmen/%ld", id), &r);
	resp_free(&r);
	http_post_csrf(o, tstr("/admin/uebernahmen/%ld", id),
	               tstr("action=approve&public_text=%s", tenc("Angepasst für das Jobcenter.")),
	               &r);
	assert_redirect(&r, "/admin/uebernahmen");
	resp_free(&r);
	assert_true(srv_sql_long(s, tstr("SELECT count(*) FROM audit_event WHERE object = "
	                                 "'transfer:%ld' AND action IN ('transfer.approve', "
	                                 "'transfer.reject')",
	                                 id)) == 2);

	/* The practice page: the count, the map with its table, the story. */
	struct client *p = client_new(s);
	http_get(p, "/praxis/" TR_SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "transfer-map");
	assert_body_has(&r, "<svg");
	assert_body_has(&r, "Angepasst für das Jobcenter.");
	assert_body_has(&r, "Jobcenter Werra-Meißner");
	assert_body_has(&r, "<th scope=\"row\">Hessen</th><td>1</td>");
	resp_free(&r);
	http_get(p, "/transfer", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Angepasst für das Jobcenter.");
	assert_body_has(&r, "href=\"/praxis/" TR_SLUG "\"");
	resp_free(&r);
	http_get(p, "/transfer.atom", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<feed");
	assert_body_has(&r, "Angepasst für das Jobcenter.");
	resp_free(&r);
	/* The practice's record in the API counts it; the validators change with it. */
	http_get(p, "/api/v1/practices/" TR_SLUG, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"transfer\":{");
	assert_body_has(&r, "\"adopted_per_bundesland\":{\"he\":1}");
	resp_free(&r);
	http_get(p, "/api/v1/transfers", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "\"stage\":\"adopted\"");
	assert_body_has(&r, "\"bundesland\":\"he\"");
	resp_free(&r);
	assert_no_contact_in_public(s);

	/* A later change waits; the approved version stays public meanwhile. */
	http_get(c, link, &r);
	resp_free(&r);
	http_post_csrf(c, link,
	               tstr("organisation=%s&kind=jobcenter&bundesland=he&stage=adopted&"
	                    "report_text=%s",
	                    tenc("Jobcenter Werra-Meißner"), tenc("Neu und ungeprüft.")),
	               &r);
	resp_free(&r);
	http_get(p, "/praxis/" TR_SLUG, &r);
	assert_body_has(&r, "Angepasst für das Jobcenter.");
	assert_body_lacks(&r, "Neu und ungeprüft.");
	resp_free(&r);
	/* Withdrawn: gone from every public page. */
	http_post_csrf(c, tstr("%s/zurueckziehen", link), "", &r);
	assert_redirect(&r, "/transfer");
	resp_free(&r);
	http_get(p, "/praxis/" TR_SLUG, &r);
	assert_body_lacks(&r, "Angepasst für das Jobcenter.");
	resp_free(&r);
	http_get(o, tstr("/admin/uebernahmen/%ld", id), &r);
	assert_status(&r, 404);
	resp_free(&r);
	free(link);
	client_free(c);
	client_free(o);
	client_free(p);
}

static void
test_who_may_moderate(void **state)
{
	struct srv *s = *state;
	char *link = report_confirmed(s, "Max M", "max@verwaltung.example", "Stadt Fulda", "");
	long id = report_id(s, "Stadt Fulda");
	free(link);
	struct resp r;
	/* Anonymous: to the login; board and sub-project: refused. */
	struct client *anon = client_new(s);
	http_get(anon, "/admin/uebernahmen", &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *who[] = {DEMO_BOARD, DEMO_SUBMITTER, TR_NETWORK_STAFF};
	for (size_t i = 0; i < 3; i++) {
		struct client *c = client_new(s);
		assert_int_equal(login(c, who[i], DEMO_PASSWORD), 0);
		http_get(c, "/admin/uebernahmen", &r);
		assert_status(&r, 403);
		resp_free(&r);
		http_get(c, "/admin/uebernahmen.csv", &r);
		assert_status(&r, 403);
		assert_body_lacks(&r, "max@verwaltung.example");
		resp_free(&r);
		http_get(c, tstr("/admin/uebernahmen/%ld", id), &r);
		assert_status(&r, 403);
		assert_body_lacks(&r, "max@verwaltung.example");
		resp_free(&r);
		http_post_csrf(c, tstr("/admin/uebernahmen/%ld", id),
		               "action=approve&public_text=x", &r);
		assert_status(&r, 403);
		resp_free(&r);
		client_free(c);
	}
	assert_string_equal(srv_sql_value(s, tstr("SELECT moderation FROM transfer_report WHERE "
	                                          "id = %ld",
	                                          id)),
	                    "pending");
	/* The office: without the token refused, a made-up report 404. */
	struct client *o = client_new(s);
	assert_int_equal(login(o, DEMO_ADMIN, DEMO_PASSWORD), 0);
	http_post_form(o, tstr("/admin/uebernahmen/%ld", id), "action=approve&public_text=x", &r);
	assert_status(&r, 403);
	resp_free(&r);
	http_get(o, "/admin/uebernahmen/999999", &r);
	assert_status(&r, 404);
	resp_free(&r);
	http_get(o, "/admin/uebernahmen", &r);
	resp_free(&r);
	http_post_csrf(o, "/admin/uebernahmen/999999", "action=approve&public_text=x", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(anon);
	client_free(o);
}

static void
test_sub_project_sees_its_practices(void **state)
{
	struct srv *s = *state;
	/* The practice made from a proposal of the demo sub-project's organisation. */
	srv_sql_exec(s, "UPDATE practice SET proposal_id = (SELECT p.id FROM proposal p JOIN "
	                "user_account u ON u.organisation_id = p.organisation_id WHERE u.email = "
	                "'" DEMO_SUBMITTER "' ORDER BY p.id LIMIT 1) WHERE slug = '" TR_SLUG "'");
	char *link = report_confirmed(s, "Eva E", "eva@unternehmen.example", "Werk Kassel", "");
	free(link);
	struct client *c = client_new(s);
	struct resp r;
	assert_int_equal(login(c, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	/* The sub-project's own start page leads there, with the number of reports. */
	long n = srv_sql_long(s, "SELECT count(*) FROM transfer_report WHERE state = 'confirmed' "
	                         "AND practice_id = (SELECT id FROM practice WHERE slug = '" TR_SLUG
	                         "')");
	assert_true(n >= 1);
	http_get(c, "/einreichung", &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("<a href=\"/einreichung/uebernahmen\">%ld %s</a>", n,
	                         n == 1 ? "Meldung" : "Meldungen"));
	resp_free(&r);
	http_get(c, "/einreichung/uebernahmen", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Betriebliche Integration im Hafen");
	/* The interest is there with its stage and Land, before the office has looked at it. */
	assert_body_has(&r, "Interessiert");
	assert_body_has(&r, "Hessen");
	/* Without the reporters' contact, and without the name the reporter did not release. */
	assert_body_lacks(&r, "eva@unternehmen.example");
	assert_body_lacks(&r, "Eva E");
	assert_body_lacks(&r, "Werk Kassel");
	resp_free(&r);
	client_free(c);
	/* Others: the route's role. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(b, "/einreichung/uebernahmen", &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(b);
}

/* The approved, public adoptions of published practices (the figures /transfer counts). */
#define ADOPTED                                                                                    \
	"FROM transfer_report r JOIN practice p ON p.id = r.practice_id WHERE r.state = "          \
	"'confirmed' AND r.public_at IS NOT NULL AND r.public_stage = 'adopted' AND p.status = "   \
	"'published' "

/* /transfer with the demo's adoptions: the map and the charts by kind and by quarter, each
 * an SVG with a table that gives the same numbers as the database, the most adopted
 * practices first, the latest adoptions, the feed and the open data linked. */
static void
test_transfer_page(void **state)
{
	struct srv *s = *state;
	struct client *c = client_new(s);
	struct resp r;
	http_get(c, "/transfer", &r);
	assert_status(&r, 200);
	assert_body_has(&r, "<h1>Transfer</h1>");
	/* Three pictures, each with its text alternative. */
	assert_body_has(&r, "aria-labelledby=\"transfer-map-title\"");
	assert_body_has(&r, "aria-labelledby=\"by-kind-title\"");
	assert_body_has(&r, "aria-labelledby=\"by-quarter-title\"");
	/* Per Land. */
	assert_body_has(
	    &r, tstr("<th scope=\"row\">Hessen</th><td>%ld</td>",
	             srv_sql_long(s, "SELECT count(*) " ADOPTED "AND r.public_bundesland = 'he'")));
	/* Per kind. */
	assert_body_has(&r, tstr("<th scope=\"row\">Jobcenter</th><td>%ld</td>",
	                         srv_sql_long(s, "SELECT count(*) " ADOPTED
	                                         "AND r.public_kind = 'jobcenter'")));
	/* Per quarter: the newest approval's. */
	const char *quarter =
	    tstr("%s",
	         srv_sql_value(s, "SELECT strftime('%Y', max(r.public_at), 'unixepoch') || '-Q' || "
	                          "((CAST(strftime('%m', max(r.public_at), 'unixepoch') AS "
	                          "INTEGER) + 2) / 3) " ADOPTED));
	long in_quarter = srv_sql_long(
	    s,
	    tstr("SELECT count(*) " ADOPTED "AND strftime('%%Y', r.public_at, 'unixepoch') || "
	         "'-Q' || ((CAST(strftime('%%m', r.public_at, 'unixepoch') AS INTEGER) + 2) / 3) "
	         "= '%s'",
	         quarter));
	assert_true(in_quarter >= 1);
	assert_body_has(&r, tstr(">%s</th><td>%ld</td>", quarter, in_quarter));
	/* The most adopted practice first, with its count. */
	const char *top = tstr("%s", srv_sql_value(s, "SELECT p.slug || '|' || count(*) " ADOPTED
	                                              "GROUP BY p.id ORDER BY count(*) DESC, "
	                                              "p.title LIMIT 1"));
	const char *bar = strchr(top, '|');
	assert_non_null(bar);
	assert_body_has(&r, tstr("<ol><li><a href=\"/praxis/%.*s\">", (int)(bar - top), top));
	/* The latest adoptions, the feed and the open data. */
	assert_body_has(&r, "class=\"transfer-stories\"");
	assert_body_has(&r, "href=\"/transfer.atom\"");
	assert_body_has(&r, "href=\"/api/v1/transfers\"");
	/* Still in moderation, withdrawn: not there. */
	assert_body_lacks(&r, "Das Mentoring läuft nun auch in Nürnberg.");
	assert_body_lacks(&r, "Firma Beispiel GmbH");
	resp_free(&r);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_transfer_page),
	    cmocka_unit_test(test_moderation_and_public),
	    cmocka_unit_test(test_who_may_moderate),
	    cmocka_unit_test(test_sub_project_sees_its_practices),
	};
	return cmocka_run_group_tests(tests, transfer_setup, transfer_teardown);
}

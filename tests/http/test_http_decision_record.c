/* HTTP integration tests of the decision record: the protocol as a PDF (its text via
 * pdftotext, the same bytes twice, its SHA-256 in the audit log) and the agreement
 * statistics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define MAIL_WAIT_MS 60000

/* The demo's proposals in the deciding call (src/cli/demo/decision.c). */
#define T_STUTTGART "Betriebliche Anerkennungslotsen" /* every criterion met; demo sub-project */
#define T_BREMEN "Hafen-Tandems: Einarbeitung im Betrieb" /* Okafor declared a conflict */
#define T_HANNOVER "Sprachpaten im Betrieb"               /* Brandt conflicted automatically */
#define T_LEIPZIG "Handwerk plus Sprache"

/* The board and its members' names, which a letter must never show. */
#define M_FUNDER DEMO_BOARD
#define M_TRANSFER "gremium-transfer@iq-demo.example"
#define M_NETWORK "gremium-netzwerk@iq-demo.example"
#define M_FACHSTELLE "gremium-fachstelle@iq-demo.example"

static long
deciding_call(struct srv *s)
{
	long id =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'deciding' ORDER BY id LIMIT 1");
	assert_true(id > 0);
	return id;
}

static long
proposal(struct srv *s, const char *title)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM proposal WHERE title = '%s'", title));
	assert_true(id > 0);
	return id;
}

static long
user(struct srv *s, const char *email)
{
	long id = srv_sql_long(s, tstr("SELECT id FROM user_account WHERE email = '%s'", email));
	assert_true(id > 0);
	return id;
}

/* POSTs form to path with the token of the page at page. */
static long
post_from(struct client *c, const char *page, const char *path, const char *form, struct resp *r)
{
	struct resp g;
	http_get(c, page, &g);
	assert_status(&g, 200);
	resp_free(&g);
	return http_post_csrf(c, path, form, r);
}

/* Records the meeting of the call with the members given (emails, NULL-terminated). */
static void
meeting(struct srv *s, struct client *c, long call, ...)
{
	const char *form = "held_at=2026-12-06T10:00&notes=Test";
	va_list ap;
	va_start(ap, call);
	int i = 0;
	for (const char *e = va_arg(ap, const char *); e; e = va_arg(ap, const char *), i++)
		form = tstr("%s&m_%d=%ld&p_%d=1", form, i, user(s, e), i);
	va_end(ap);
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung", call);
	struct resp r;
	post_from(c, page, page, form, &r);
	assert_redirect(&r, page);
	resp_free(&r);
}

/* The justification fields: every rated criterion of the call with text. */
static const char *
justifications(struct srv *s, long call, const char *text)
{
	char *ids =
	    srv_sql_text(s, tstr("SELECT group_concat(id, ' ') FROM (SELECT id FROM criterion "
	                         "c WHERE call_id = %ld AND NOT EXISTS (SELECT 1 FROM criterion "
	                         "k WHERE k.call_id = c.call_id AND k.parent_key = c.key) ORDER "
	                         "BY position)",
	                         call));
	const char *form = "";
	long id;
	int used, i = 0;
	for (const char *p = ids; sscanf(p, "%ld%n", &id, &used) == 1; p += used, i++)
		form = tstr("%s&c_%d=%ld&j_%d=%s", form, i, id, i, tenc(text));
	free(ids);
	return form;
}

/* A member's ballot: "email:vote" with vote yes|no|abstain|"" (present, no vote) or
 * "email:absent:yes" (marked absent, with a vote). */
static const char *
ballots(struct srv *s, const char *const *spec)
{
	const char *form = "";
	for (int i = 0; spec[i]; i++) {
		char email[128], vote[32] = "", extra[32] = "";
		sscanf(spec[i], "%127[^:]:%31[^:]:%31s", email, vote, extra);
		bool absent = strcmp(vote, "absent") == 0;
		form = tstr("%s&m_%d=%ld%s&v_%d=%s", form, i, user(s, email),
		            absent ? "" : tstr("&p_%d=1", i), i, absent ? extra : vote);
	}
	return form;
}

static long
decide(struct srv *s, struct client *c, long call, long pid, const char *outcome,
       const char *const *spec, const char *more, struct resp *r)
{
	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid);
	const char *form =
	    tstr("outcome=%s%s%s%s", outcome, ballots(s, spec),
	         justifications(s, call, "Das Gremium würdigt den Ansatz."), more ? more : "");
	return post_from(c, page, page, form, r);
}

static const char *const all_yes[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":yes",
                                      M_FACHSTELLE ":yes", NULL};

/* ---- the decision record ---- */

static char *
pdf_text(struct srv *s, const struct resp *r, const char *name)
{
	const char *path = tstr("%s/%s", s->dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(r->body, 1, r->body_len, f), r->body_len);
	fclose(f);
	const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
	char *out = NULL;
	assert_int_equal(run_cmd(argv, NULL, &out), 0);
	return out;
}

/* s without white space: lines wrap, and pdftotext splits a kerned pair ("T eil") now and
 * then, so the record is searched with all white space removed on both sides. */
static char *
squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	assert_non_null(out);
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f')
			*o++ = *s;
	*o = '\0';
	return out;
}

static void
test_protocol_pdf(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	const char *const without[] = {M_FUNDER ":no", M_TRANSFER ":no", M_FACHSTELLE ":yes", NULL};
	decide(s, c, call, proposal(s, T_HANNOVER), "not_selected", without, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	decide(s, c, call, proposal(s, T_STUTTGART), "selected", all_yes, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);

	const char *url = tstr("/admin/ausschreibungen/%ld/protokoll.pdf", call);
	struct resp a, b;
	http_get(c, url, &a);
	assert_status(&a, 200);
	assert_string_equal(resp_header(&a, "Content-Type"), "application/pdf");
	assert_true(a.body_len > 1000 && memcmp(a.body, "%PDF", 4) == 0);
	http_get(c, url, &b);
	assert_status(&b, 200);
	/* The same data, the same bytes. */
	assert_int_equal(a.body_len, b.body_len);
	assert_memory_equal(a.body, b.body, a.body_len);
	char *text = pdf_text(s, &a, "protokoll.pdf");
	const char *want[] = {"Decision record",
	                      "Ausschreibungsrunde 2025/II",
	                      DEMO_BOARD_NAME,
	                      "Funder",
	                      "Miriam Okafor",
	                      "Conflicts of interest and recusals",
	                      "Stefan Brandt",
	                      "Ich habe die Hafen-Tandems als Beraterin begleitet.",
	                      T_STUTTGART,
	                      T_HANNOVER,
	                      "Recused",
	                      "Votes",
	                      "Selected (version 1",
	                      "Not selected (version 1",
	                      "Das Gremium würdigt den Ansatz.",
	                      "Not decided yet.",
	                      "Page 1 of",
	                      NULL};
	char *flat = squeeze(text);
	for (size_t i = 0; want[i]; i++) {
		char *w = squeeze(want[i]);
		if (!strstr(flat, w))
			fail_msg("the record lacks \"%s\":\n%s", want[i], text);
		free(w);
	}
	free(flat);
	free(text);

	/* Issuing writes the SHA-256 of exactly these bytes into the audit log. */
	const char *argv[] = {"sha256sum", tstr("%s/protokoll.pdf", s->dir), NULL};
	char *sum = NULL;
	assert_int_equal(run_cmd(argv, NULL, &sum), 0);
	sum[64] = '\0';
	post_from(c, tstr("/admin/ausschreibungen/%ld/sitzung", call),
	          tstr("/admin/ausschreibungen/%ld/protokoll", call), "", &r);
	assert_status(&r, 303);
	resp_free(&r);
	char *det =
	    srv_sql_text(s, tstr("SELECT details FROM audit_event WHERE action = "
	                         "'protocol.issue' AND object = 'call:%ld' ORDER BY seq DESC "
	                         "LIMIT 1",
	                         call));
	assert_non_null(strstr(det, sum));
	free(det);
	free(sum);
	/* Issuing changed no data: still the same bytes. */
	struct resp d;
	http_get(c, url, &d);
	assert_int_equal(d.body_len, a.body_len);
	assert_memory_equal(d.body, a.body, a.body_len);
	resp_free(&d);
	resp_free(&a);
	resp_free(&b);
	client_free(c);
}

/* ---- statistics ---- */

static void
test_agreement_statistics(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s);
	struct resp r;
	http_get(c, tstr("/admin/ausschreibungen/%ld/statistik", call), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Krippendorff");
	assert_body_has(&r, "<svg");
	assert_body_has(&r, "role=\"img\"");
	assert_body_has(&r, "<title id=\"chart-0-title\">");
	assert_body_has(&r, "<desc id=\"chart-0-desc\">");
	assert_body_has(&r, "Leniency per member");
	assert_body_has(&r, DEMO_BOARD_NAME);
	assert_body_lacks(&r, "nan");
	resp_free(&r);
	client_free(c);
	/* The board member does not see the statistics: they are the office's. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, DEMO_BOARD, DEMO_PASSWORD), 0);
	http_get(b, tstr("/admin/ausschreibungen/%ld/statistik", call), &r);
	assert_status(&r, 403);
	resp_free(&r);
	client_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_protocol_pdf, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_agreement_statistics, srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

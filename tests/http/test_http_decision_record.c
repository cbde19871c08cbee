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
#include "decision_fixture.h"

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

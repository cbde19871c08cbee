/* HTTP integration tests for the board's decisions, on the demo's call in its deciding
 * phase: recusals (a conflicted member cannot vote), the refusals that change nothing, the
 * amendment trail, the letter's contents (no rater's name), the decision record as a PDF
 * (its text via pdftotext, the same bytes twice, its SHA-256 in the audit log), the
 * agreement statistics, and `leuchtturm audit verify` noticing a vote changed in the
 * database. */
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

/* The demo's proposals in the deciding call (src/cli/demo_decision.c). */
#define T_STUTTGART "Betriebliche Anerkennungslotsen" /* every criterion met; demo sub-project */
#define T_BREMEN "Hafen-Tandems: Einarbeitung im Betrieb" /* Okafor declared a conflict */
#define T_HANNOVER "Sprachpaten im Betrieb"               /* Brandt conflicted automatically */
#define T_LEIPZIG "Handwerk plus Sprache"

/* The board and its members' names, which a letter must never show. */
#define M_FUNDER DEMO_BOARD
#define M_TRANSFER "gremium-transfer@iq-demo.example"
#define M_NETWORK "gremium-netzwerk@iq-demo.example"
#define M_FACHSTELLE "gremium-fachstelle@iq-demo.example"
static const char *const member_names[] = {DEMO_BOARD_NAME, "Miriam Okafor", "Stefan Brandt",
                                           "Dr. Lena Hoffmann"};

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

/* Rows that a refusal must leave as they are. */
static const char *
fingerprint(struct srv *s)
{
	char *t = srv_sql_text(
	    s, "SELECT (SELECT count(*) FROM audit_event) || '/' || (SELECT count(*) "
	       "FROM decision) || '/' || (SELECT count(*) FROM decision_version) || "
	       "'/' || (SELECT count(*) FROM decision_vote) || '/' || (SELECT count(*) "
	       "FROM outbox) || '/' || (SELECT group_concat(state) FROM proposal)");
	const char *out = tstr("%s", t);
	free(t);
	return out;
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

/* ---- recusals ---- */

static void
test_conflicted_member_cannot_vote(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_HANNOVER);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	/* The form shows Brandt as recused, with no vote to give. */
	struct resp r;
	http_get(c, tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid), &r);
	assert_status(&r, 200);
	char *brandt = str_between(r.body, "<strong>Stefan Brandt</strong>", "</div>");
	assert_non_null(brandt);
	assert_non_null(strstr(brandt, "recused"));
	assert_null(strstr(brandt, "<select"));
	free(brandt);
	resp_free(&r);

	const char *before = fingerprint(s);
	decide(s, c, call, pid, "not_selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "conflict of interest on the proposal and is recused");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	const char *const without[] = {M_FUNDER ":no", M_TRANSFER ":no", M_FACHSTELLE ":abstain",
	                               NULL};
	decide(s, c, call, pid, "not_selected", without, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	char *vote =
	    srv_sql_text(s, tstr("SELECT v.vote FROM decision_vote v JOIN decision_version dv "
	                         "ON dv.id = v.version_id JOIN decision d ON d.id = "
	                         "dv.decision_id WHERE d.proposal_id = %ld AND v.user_id = %ld",
	                         pid, user(s, M_NETWORK)));
	assert_string_equal(vote, "recused");
	free(vote);
	char *st = srv_sql_text(s, tstr("SELECT state FROM proposal WHERE id = %ld", pid));
	assert_string_equal(st, "not_selected");
	free(st);
	/* The declared conflict works the same way. */
	long bremen = proposal(s, T_BREMEN);
	before = fingerprint(s);
	decide(s, c, call, bremen, "not_selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "is recused");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

/* ---- refusals ---- */

static void
test_refusals_change_nothing(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	struct resp r;

	/* No meeting recorded yet. */
	const char *before = fingerprint(s);
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 409);
	assert_body_has(&r, "record the meeting");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* A vote by a member who was not at the meeting, or marked absent. */
	meeting(s, c, call, M_FUNDER, M_NETWORK, M_FACHSTELLE, NULL);
	before = fingerprint(s);
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "was not present and cannot vote");
	resp_free(&r);
	const char *const marked[] = {M_FUNDER ":absent:yes", M_NETWORK ":yes", M_FACHSTELLE ":yes",
	                              NULL};
	decide(s, c, call, pid, "selected", marked, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "was not present and cannot vote");
	resp_free(&r);

	/* Every criterion met, not selected, no reason for the deviation. */
	const char *const present[] = {M_FUNDER ":no", M_NETWORK ":no", M_FACHSTELLE ":no", NULL};
	decide(s, c, call, pid, "not_selected", present, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "differs from what the scores recommend");
	resp_free(&r);
	/* A missing vote, a missing justification. */
	const char *const missing[] = {M_FUNDER ":yes", M_NETWORK ":", M_FACHSTELLE ":yes", NULL};
	decide(s, c, call, pid, "selected", missing, NULL, &r);
	assert_status(&r, 422);
	assert_body_has(&r, "vote of every member present");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* Decided; then a second decision, and an amendment without a reason. */
	const char *const ok[] = {M_FUNDER ":yes", M_NETWORK ":yes", M_FACHSTELLE ":abstain", NULL};
	decide(s, c, call, pid, "selected", ok, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	before = fingerprint(s);
	decide(s, c, call, pid, "selected", ok, NULL, &r);
	assert_status(&r, 409);
	assert_body_has(&r, "decided already");
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/aendern", dpage),
	          tstr("outcome=deferred&conditions=X%s%s", ballots(s, ok),
	               justifications(s, call, "Neu.")),
	          &r);
	assert_status(&r, 422);
	assert_body_has(&r, "An amendment needs a reason");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);

	/* A letter for a withdrawn proposal. */
	long withdrawn =
	    srv_sql_long(s, "SELECT id FROM proposal WHERE state = 'withdrawn' LIMIT 1");
	assert_true(withdrawn > 0);
	post_from(c, tstr("/admin/vorschlaege/%ld/beschluss", withdrawn),
	          tstr("/admin/vorschlaege/%ld/beschluss/brief", withdrawn), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "has been withdrawn");
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

/* ---- the amendment trail ---- */

static void
test_amendment_trail(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	const char *const no[] = {M_FUNDER ":no", M_TRANSFER ":no", M_NETWORK ":no",
	                          M_FACHSTELLE ":yes", NULL};
	decide(s, c, call, pid, "not_selected", no, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	const char *const later[] = {M_FUNDER ":yes", M_TRANSFER ":yes", M_NETWORK ":no",
	                             M_FACHSTELLE ":yes", NULL};
	post_from(c, dpage, tstr("%s/aendern", dpage),
	          tstr("outcome=deferred&conditions=%s&amendment_reason=%s%s%s",
	               tenc("Eine zweite Gruppe abschließen."),
	               tenc("Die Kammer hat nach der Sitzung die Finanzierung zugesagt."),
	               ballots(s, later), justifications(s, call, "Aussichtsreich.")),
	          &r);
	assert_redirect(&r, dpage);
	resp_free(&r);
	http_get(c, dpage, &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Version 2 (current)");
	assert_body_has(&r, "Version 1");
	assert_true(html_has(r.body, "Die Kammer hat nach der Sitzung die Finanzierung zugesagt."));
	assert_true(html_has(r.body, "Eine zweite Gruppe abschließen."));
	assert_body_has(&r, "Not selected");
	assert_body_has(&r, "Deferred");
	resp_free(&r);
	assert_int_equal(
	    srv_sql_long(s, tstr("SELECT count(*) FROM decision_version v JOIN decision d "
	                         "ON d.id = v.decision_id WHERE d.proposal_id = %ld",
	                         pid)),
	    2);
	/* The proposal's whole history in the audit log. */
	http_get(c, tstr("/admin/protokoll?objekt=proposal:%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "decision.record");
	assert_body_has(&r, "decision.amend");
	assert_body_has(&r, "decision.vote");
	resp_free(&r);
	/* The office's proposal page links to it. */
	http_get(c, tstr("/admin/vorschlaege/%ld", pid), &r);
	assert_body_has(&r, tstr("/admin/protokoll?objekt=proposal:%ld", pid));
	resp_free(&r);
	/* The demo's closed call shows an amended decision too. */
	long demo = proposal(s, "Praxistag Kompetenzfeststellung");
	http_get(c, tstr("/admin/vorschlaege/%ld/beschluss", demo), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Version 2 (current)");
	resp_free(&r);
	client_free(c);
}

/* ---- the letter ---- */

static void
test_letter_contents(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	/* The form is prefilled from the ratings' justifications, without the raters' names. */
	http_get(c, tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid), &r);
	assert_status(&r, 200);
	char *prefill = str_between(r.body, "<textarea id=\"f-j_0\"", "</textarea>");
	assert_non_null(prefill);
	assert_non_null(strstr(prefill, "Lotsen im Betrieb sind überall denkbar"));
	for (size_t i = 0; i < 4; i++)
		assert_null(strstr(prefill, member_names[i]));
	free(prefill);
	resp_free(&r);

	const char *page = tstr("/admin/ausschreibungen/%ld/sitzung/%ld", call, pid);
	post_from(c, page, page,
	          tstr("outcome=selected%s%s", ballots(s, all_yes),
	               justifications(s, call, "Feedback: der Ansatz ist bundesweit übertragbar.")),
	          &r);
	assert_status(&r, 303);
	resp_free(&r);
	const char *dpage = tstr("/admin/vorschlaege/%ld/beschluss", pid);
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_redirect(&r, tstr("%s#letter-h", dpage));
	resp_free(&r);
	char *mail = srv_wait_mail(s, DEMO_SUBMITTER, MAIL_WAIT_MS);
	assert_non_null(mail);
	assert_non_null(strstr(mail, T_STUTTGART));
	assert_non_null(strstr(mail, "Ausgewählt"));
	assert_non_null(strstr(mail, "Transferfähig:"));
	assert_non_null(strstr(mail, "der Ansatz ist bundesweit übertragbar"));
	for (size_t i = 0; i < 4; i++)
		if (strstr(mail, member_names[i]))
			fail_msg("the letter names the rater %s:\n%s", member_names[i], mail);
	/* The raters' own justifications stay internal. */
	assert_null(strstr(mail, "Lotsen im Betrieb sind überall denkbar"));
	free(mail);
	/* Once per version. */
	post_from(c, dpage, tstr("%s/brief", dpage), "", &r);
	assert_status(&r, 409);
	assert_body_has(&r, "has been sent already");
	resp_free(&r);
	client_free(c);

	/* The sub-project reads it on its proposal page, and the demo's letter too. */
	struct client *sub = client_new(s);
	assert_int_equal(login(sub, DEMO_SUBMITTER, DEMO_PASSWORD), 0);
	http_get(sub, tstr("/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_true(html_has(r.body, "der Ansatz ist bundesweit übertragbar"));
	for (size_t i = 0; i < 4; i++)
		assert_body_lacks(&r, member_names[i]);
	resp_free(&r);
	long demo = proposal(s, "Anerkennung in 100 Tagen: Fallmanagement mit der Kammer");
	http_get(sub, tstr("/vorschlag/%ld", demo), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "verbindliche Zusammenarbeit mit der Kammer");
	resp_free(&r);
	client_free(sub);
}

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

/* ---- audit verify ---- */

static void
test_verify_detects_changed_vote(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_STUTTGART);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(s, c, call, pid, "selected", all_yes, NULL, &r);
	assert_status(&r, 303);
	resp_free(&r);
	client_free(c);
	char *out = NULL;
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 0);
	assert_non_null(strstr(out, "decision records match"));
	free(out);
	/* Behind the application's back: the guard dropped, one vote turned round. */
	assert_int_equal(
	    srv_sql(s,
	            tstr("DROP TRIGGER decision_vote_no_update; UPDATE decision_vote "
	                 "SET vote = 'no' WHERE user_id = %ld AND version_id = (SELECT "
	                 "v.id FROM decision_version v JOIN decision d ON d.id = "
	                 "v.decision_id WHERE d.proposal_id = %ld)",
	                 user(s, M_FUNDER), pid),
	            NULL),
	    0);
	assert_int_equal(srv_cli(s, NULL, &out, "audit", "verify", NULL), 1);
	assert_non_null(strstr(out, "decision records CHANGED"));
	assert_non_null(strstr(out, tstr("proposal %ld version 1", pid)));
	free(out);
}

/* Board members see decisions (DESIGN.md §3), read-only; a conflicted one does not. */
static void
test_board_sees_the_decision_unless_conflicted(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG),
	     hannover = proposal(s, T_HANNOVER);
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(s, c, call, pid, "selected", all_yes,
	       tstr("&deviation_reason=%s", tenc("Der Bedarf im Handwerk ist besonders groß.")),
	       &r);
	assert_status(&r, 303);
	resp_free(&r);
	struct client *m = client_new(s);
	assert_int_equal(login(m, M_TRANSFER, DEMO_PASSWORD), 0);
	http_get(m, tstr("/gremium/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("/gremium/vorschlag/%ld/beschluss", pid));
	resp_free(&r);
	http_get(m, tstr("/gremium/vorschlag/%ld/beschluss", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Das Gremium würdigt den Ansatz.");
	assert_body_lacks(&r, "/aendern"); /* no amendment form for members */
	resp_free(&r);
	/* The member conflicted automatically on Hannover does not reach its decision page. */
	struct client *b = client_new(s);
	assert_int_equal(login(b, M_NETWORK, DEMO_PASSWORD), 0);
	http_get(b, tstr("/gremium/vorschlag/%ld/beschluss", hannover), &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(b);
	client_free(m);
	client_free(c);
}

/* The default templates every call starts from can be edited; a call without its own text
 * takes the new default, and a placeholder that does not exist is refused. */
static void
test_default_letter_templates(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s);
	struct resp r;
	post_from(c, "/admin/briefvorlagen?vorlage=de-selected", "/admin/briefvorlagen",
	          tstr("lang=de&outcome=selected&action=save&subject=%s&body=%s",
	               tenc("Neuer Standard: {title}"),
	               tenc("Guten Tag,\n\n{outcome}\n\n{feedback}\n")),
	          &r);
	assert_redirect(&r, "/admin/briefvorlagen?vorlage=de-selected");
	resp_free(&r);
	http_get(c, tstr("/admin/ausschreibungen/%ld/briefvorlagen?vorlage=de-selected", call), &r);
	assert_status(&r, 200);
	assert_body_has(&r, "Neuer Standard: {title}");
	resp_free(&r);
	const char *before = fingerprint(s);
	post_from(
	    c, "/admin/briefvorlagen", "/admin/briefvorlagen",
	    tstr("lang=de&outcome=selected&action=save&subject=x&body=%s", tenc("Hallo {raters}")),
	    &r);
	assert_status(&r, 422);
	resp_free(&r);
	assert_string_equal(fingerprint(s), before);
	client_free(c);
}

/* A proposal deferred to a later call is brought into it by its sub-project, once, as a
 * new draft with its content; nobody else can do that. */
static void
test_deferred_proposal_carried_into_the_later_call(void **state)
{
	struct srv *s = *state;
	struct client *c = login_english(s, DEMO_ADMIN, DEMO_PASSWORD);
	long call = deciding_call(s), pid = proposal(s, T_LEIPZIG);
	long later =
	    srv_sql_long(s, "SELECT id FROM call WHERE phase = 'open' ORDER BY id LIMIT 1");
	meeting(s, c, call, M_FUNDER, M_TRANSFER, M_NETWORK, M_FACHSTELLE, NULL);
	struct resp r;
	decide(
	    s, c, call, pid, "deferred", all_yes,
	    tstr("&conditions=%s&target_call=%ld", tenc("Eine zweite Gruppe abschließen."), later),
	    &r);
	assert_status(&r, 303);
	resp_free(&r);
	long org =
	    srv_sql_long(s, tstr("SELECT organisation_id FROM proposal WHERE id = %ld", pid));
	assert_int_equal(srv_cli(s, "ein langes Passwort\n", NULL, "user", "add",
	                         "leipzig@iq-demo.example", "--name", "Lea Leipzig", "--role",
	                         "submitter", "--organisation", tstr("%ld", org), NULL),
	                 0);
	struct client *sp = login_english(s, "leipzig@iq-demo.example", "ein langes Passwort");
	http_get(sp, tstr("/vorschlag/%ld", pid), &r);
	assert_status(&r, 200);
	assert_body_has(&r, tstr("action=\"/vorschlag/%ld/uebernehmen\"", pid));
	resp_free(&r);
	http_post_csrf(sp, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 303);
	long fresh = 0;
	assert_int_equal(sscanf(resp_header(&r, "Location"), "/vorschlag/%ld/bearbeiten", &fresh),
	                 1);
	resp_free(&r);
	assert_string_equal(
	    srv_sql_value(s, tstr("SELECT call_id || '|' || state || '|' || carried_from || '|' || "
	                          "(title = (SELECT title FROM proposal WHERE id = %ld)) FROM "
	                          "proposal WHERE id = %ld",
	                          pid, fresh)),
	    tstr("%ld|draft|%ld|1", later, pid));
	assert_int_equal(srv_sql_long(s, tstr("SELECT count(*) FROM proposal_term WHERE "
	                                      "proposal_id = %ld",
	                                      fresh)),
	                 srv_sql_long(s, tstr("SELECT count(*) FROM proposal_term WHERE "
	                                      "proposal_id = %ld",
	                                      pid)));
	/* Once only; and not by another sub-project. */
	http_get(sp, tstr("/vorschlag/%ld", pid), &r);
	assert_body_has(&r, tstr("href=\"/vorschlag/%ld\"", fresh));
	resp_free(&r);
	http_post_csrf(sp, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 409);
	resp_free(&r);
	struct client *other = login_english(s, DEMO_SUBMITTER, DEMO_PASSWORD);
	http_post_csrf(other, tstr("/vorschlag/%ld/uebernehmen", pid), "", &r);
	assert_status(&r, 404);
	resp_free(&r);
	client_free(other);
	client_free(sp);
	client_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_conflicted_member_cannot_vote, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_refusals_change_nothing, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_amendment_trail, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_letter_contents, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_protocol_pdf, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_agreement_statistics, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_verify_detects_changed_vote, srv_setup,
	                                    srv_teardown),
	    cmocka_unit_test_setup_teardown(test_board_sees_the_decision_unless_conflicted,
	                                    srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_default_letter_templates, srv_setup, srv_teardown),
	    cmocka_unit_test_setup_teardown(test_deferred_proposal_carried_into_the_later_call,
	                                    srv_setup, srv_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

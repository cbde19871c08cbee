/* Decisions: the letters (outcome and feedback, never a rater's name), and the call's
 * own template. */
#include "decision_fixture.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>
#include <cmocka.h>

static const struct store_query q_outbox = {
    "t_decision_outbox", "SELECT to_addr, subject, body FROM outbox ORDER BY id DESC LIMIT 1"};

static void
test_letter_contents(void **state)
{
	struct fixture *f = *state;
	meeting_all(f);
	struct decision_input in;
	input(f, &in, PS_SELECTED);
	in.just[0].body = "Der Ansatz ist gut auf andere Regionen übertragbar.";
	assert_int_equal(record(f, f->p_a, &in), DECISION_OK);
	int64_t n = 0;
	assert_int_equal(send_letter(f, f->p_a, &n), DECISION_OK);
	assert_int_equal(n, 1);
	struct stmt *st = store_stmt(f->s, &q_outbox);
	assert_int_equal(stmt_step(st), STORE_ROW);
	assert_string_equal(stmt_text(st, 0), "tp@example.org");
	char *subject = xstrdup(stmt_text(st, 1)), *body = xstrdup(stmt_text(st, 2));
	stmt_done(st);
	assert_non_null(strstr(subject, "Lotsen Berlin"));
	assert_non_null(strstr(body, "Ausgewählt") ? body : strstr(body, "Selected"));
	assert_non_null(strstr(body, "Transferfähig"));
	assert_non_null(strstr(body, "auf andere Regionen übertragbar"));
	/* Never the raters' names, nor their own justifications. */
	assert_null(strstr(body, "Rita"));
	assert_null(strstr(body, "Bernd"));
	assert_null(strstr(body, "Nora"));
	assert_null(strstr(body, "Gut dokumentiert"));
	assert_null(strstr(body, "{"));
	free(subject);
	free(body);
	/* Readable in the application, in either language. */
	const struct decision_letter *de = decision_letter_for(f->s, &f->a, f->p_a, LANG_DE);
	const struct decision_letter *en = decision_letter_for(f->s, &f->a, f->p_a, LANG_EN);
	assert_non_null(de);
	assert_non_null(en);
	assert_int_equal(de->lang, LANG_DE);
	assert_int_equal(en->lang, LANG_EN);
	assert_non_null(strstr(en->body, "Transferable"));
	assert_null(decision_letter_for(f->s, &f->a, f->p_b, LANG_DE));
	/* Once per version. */
	assert_int_equal(send_letter(f, f->p_a, &n), DECISION_LETTER_SENT);
	/* A call's own template wins over the default; unknown placeholders are refused. */
	const char *field, *problem;
	assert_int_equal(template_save(f, "Zusage: {title}", "Hallo {name}", &field, &problem),
	                 DECISION_INVALID);
	assert_string_equal(field, "body");
	assert_int_equal(template_save(f, "Zusage: {title}", "Ergebnis: {outcome}\n{feedback}",
	                               &field, &problem),
	                 DECISION_OK);
	struct decision_letter l;
	assert_int_equal(letter_render(f->s, &f->a, f->p_a, LANG_DE, &l), DECISION_OK);
	assert_string_equal(l.subject, "Zusage: Lotsen Berlin");
	assert_true(strncmp(l.body, "Ergebnis: Ausgewählt\nTransferfähig:\n", 36) == 0);
	assert_int_equal(change((struct change_tx){.f = f, .what = CH_TEMPLATE_RESET}),
	                 DECISION_OK);
	assert_int_equal(letter_render(f->s, &f->a, f->p_a, LANG_DE, &l), DECISION_OK);
	assert_string_not_equal(l.subject, "Zusage: Lotsen Berlin");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_letter_contents, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the audit log in words (domain/audit_text.h): one sentence per kind, the
 * variants chosen by an event's details, and a general sentence for a kind without one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "domain/audit_text.h"

static void
test_a_formal_check_is_told_by_its_outcome(void **state)
{
	assert_string_equal(audit_sentence("proposal.formal_check", "{\"outcome\":\"eligible\"}"),
	                    "{who} marked the proposal “{what}” as eligible");
	assert_string_equal(audit_sentence("proposal.formal_check",
	                                   "{\"outcome\":\"ineligible\",\"reason\":\"x\"}"),
	                    "{who} marked the proposal “{what}” as not eligible");
	assert_string_equal(audit_sentence("proposal.formal_check", "{\"outcome\":\"returned\"}"),
	                    "{who} returned the proposal “{what}” for revision");
	/* Details it does not know, or none at all: the kind's general sentence. */
	assert_string_equal(audit_sentence("proposal.formal_check", "{\"outcome\":\"later\"}"),
	                    "{who} completed the formal check of “{what}”");
	assert_string_equal(audit_sentence("proposal.formal_check", "not json"),
	                    "{who} completed the formal check of “{what}”");
	assert_string_equal(audit_sentence("proposal.formal_check", NULL),
	                    "{who} completed the formal check of “{what}”");
}

static void
test_a_phase_change_names_the_new_phase(void **state)
{
	assert_string_equal(audit_sentence("call.phase", "{\"from\":\"open\",\"to\":\"review\"}"),
	                    "{who} started the review of the call “{what}”");
	assert_string_equal(audit_sentence("call.phase", "{\"from\":\"review\",\"to\":\"open\"}"),
	                    "{who} opened the call “{what}” for proposals");
}

static void
test_an_unknown_kind_gets_the_general_sentence(void **state)
{
	assert_string_equal(audit_sentence("transfer.moderate", "{}"), "{who}: “{kind}” on {what}");
	assert_string_equal(audit_sentence("", "{}"), "{who}: “{kind}” on {what}");
}

static void
test_every_sentence_uses_known_placeholders_and_its_action_ends_the_group(void **state)
{
	for (size_t i = 0; i < audit_kinds_count; i++) {
		const struct audit_kind *k = &audit_kinds[i];
		for (const char *p = strchr(k->sentence, '{'); p; p = strchr(p + 1, '{'))
			assert_true(strncmp(p, "{who}", 5) == 0 || strncmp(p, "{what}", 6) == 0);
		assert_non_null(strchr(k->action, '.'));
		/* Variants come first; the last entry of an action is its general sentence. */
		bool last =
		    i + 1 == audit_kinds_count || strcmp(audit_kinds[i + 1].action, k->action) != 0;
		if (last)
			assert_null(k->detail_key);
		/* An action's entries stand together. */
		for (size_t j = 0; j + 1 < i; j++)
			if (strcmp(audit_kinds[j].action, k->action) == 0)
				assert_string_equal(audit_kinds[j + 1].action, k->action);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_formal_check_is_told_by_its_outcome),
	    cmocka_unit_test(test_a_phase_change_names_the_new_phase),
	    cmocka_unit_test(test_an_unknown_kind_gets_the_general_sentence),
	    cmocka_unit_test(
	        test_every_sentence_uses_known_placeholders_and_its_action_ends_the_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* leuchtturm audit verify: re-walks the hash chain and names the first broken event. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/audit.h"
#include "domain/decision.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

int
cmd_audit(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2 || first < 0 || argc - first != 1 || strcmp(argv[first], "verify") != 0) {
		fprintf(first == -2 ? stdout : stderr,
		        "Usage: leuchtturm audit verify [--data DIR]\n\nRe-computes the SHA-256 "
		        "chain of the audit log and re-checks every decision (votes, outcome, "
		        "reasons) against the hash its audit event recorded. Exit status 0 when "
		        "intact, 1 when an event or a decision was changed, removed or inserted "
		        "outside the application.\n");
		return first == -2 ? 0 : 2;
	}
	struct store *s = cli_open_store(&c);
	if (!s)
		return 1;
	int64_t checked = 0, broken = audit_verify(s, &checked);
	/* Decisions: each stored version against the SHA-256 its audit event recorded, so a
	 * vote changed in the tables (not in the chain) is found too. */
	int64_t versions = 0, bad_p = 0, bad_v = 0;
	int64_t bad = broken ? 0 : decision_verify(s, &versions, &bad_p, &bad_v);
	store_close(s);
	if (broken) {
		printf("audit chain BROKEN at event %lld (%lld events before it are intact)\n",
		       (long long)broken, (long long)checked);
		return 1;
	}
	printf("audit chain intact: %lld events\n", (long long)checked);
	if (bad) {
		printf("decision records CHANGED: %lld version(s) differ from the audit log, first "
		       "proposal %lld version %lld\n",
		       (long long)bad, (long long)bad_p, (long long)bad_v);
		return 1;
	}
	printf("decision records match the audit log: %lld versions\n", (long long)versions);
	return 0;
}

/* leuchtturm backup FILE: a consistent copy of the live database (online backup API). */
#include "cli/commands.h"
#include "cli/config.h"
#include "store/store.h"

#include <stdio.h>
#include <unistd.h>

int
cmd_backup(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2 || first < 0 || argc - first != 1) {
		fprintf(first == -2 ? stdout : stderr,
		        "Usage: leuchtturm backup [--data DIR] FILE\n\nCopies the database to FILE "
		        "while the server keeps running. FILE must not exist.\n");
		return first == -2 ? 0 : 2;
	}
	if (c.database) {
		fprintf(stderr,
		        "leuchtturm backup copies an SQLite database. On PostgreSQL, use pg_dump:\n"
		        "  pg_dump --format=custom --file=FILE \"$LEUCHTTURM_DATABASE_URL\"\n"
		        "and pg_restore to bring it back (see the README).\n");
		return 1;
	}
	const char *target = argv[first];
	if (access(target, F_OK) == 0) {
		fprintf(stderr, "%s exists already; choose a new file name\n", target);
		return 1;
	}
	struct store *s = cli_open_store(&c);
	if (!s)
		return 1;
	int rc = store_backup(s, target);
	store_close(s);
	if (rc != STORE_OK)
		return 1;
	printf("backup written to %s\n", target);
	return 0;
}

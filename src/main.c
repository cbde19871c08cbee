/* leuchtturm: one binary, one table of sub-commands. */
#include "cli/commands.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
    {"serve", cmd_serve, "serve the web application"},
    {"init", cmd_init, "create the data folder and database, apply migrations"},
    {"demo", cmd_demo, "fill the database with demo content"},
    {"user", cmd_user, "add, list, change passwords and roles of accounts"},
    {"import", cmd_import, "load good practices from a JSON file (docs/import-format.md)"},
    {"audit", cmd_audit, "verify the audit log's hash chain (audit verify)"},
    {"backup", cmd_backup, "copy the live database to a file"},
    {"site", cmd_site, "write the public catalog as a static site (site export DIR)"},
    {"migrate", cmd_migrate, "copy an SQLite installation into an empty PostgreSQL database"},
};

static int
usage(FILE *out, int code)
{
	fprintf(out, "Usage: leuchtturm COMMAND [options]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\nleuchtturm COMMAND --help tells more; --version prints the version.\n");
	return code;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr, 2);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("leuchtturm %s\n", LEUCHTTURM_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0)
		return usage(stdout, 0);
	if (sodium_init() < 0) {
		fprintf(stderr, "leuchtturm: libsodium could not be initialised\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "leuchtturm: unknown command '%s'\n", argv[1]);
	return usage(stderr, 2);
}

/* leuchtturm init: creates the data folder and the database, applies migrations. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/setting.h"
#include "domain/sort_key.h"
#include "store/store.h"

#include <stdio.h>

struct store *
cli_open_store(struct app_config *c)
{
	struct store *s;
	if (store_open(&s, c->db_path) != STORE_OK) {
		fprintf(stderr, "cannot open the database %s\n",
		        c->database ? "given with --database" : c->db_path);
		return NULL;
	}
	/* The sort keys right after the migrations, so that no list sorts a row from before
	 * migration 013 by an empty key: here, because every command opens its database here
	 * and the store (below the domain) cannot fold names itself. */
	if (store_migrate(s) != STORE_OK || sort_key_fill(s) != 0) {
		fprintf(stderr, "cannot bring the database %s up to date\n",
		        c->database ? "given with --database" : c->db_path);
		store_close(s);
		return NULL;
	}
	return s;
}

int
cmd_init(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2 || first < 0 || first != argc) {
		fprintf(first == -2 ? stdout : stderr,
		        "Usage: leuchtturm init [--data DIR] [--database URL]\n\nCreates the data "
		        "folder and the "
		        "database and applies the migrations. Safe to run again.\n");
		return first == -2 ? 0 : 2;
	}
	if (config_prepare(&c) != 0 || config_tighten(&c, stdout) != 0)
		return 1;
	struct store *s = cli_open_store(&c);
	unsigned char secret[SETTING_SECRET_BYTES];
	if (!s || setting_secret(s, secret) != 0)
		return 1;
	/* The address may carry a password: not printed. */
	printf("database %s ready (schema version %d)\n", c.database ? "(PostgreSQL)" : c.db_path,
	       store_schema_version(s));
	store_close(s);
	return 0;
}

/* leuchtturm migrate --to postgresql://…: moves an SQLite installation into an empty
 * PostgreSQL database (store_copy.h), then checks that both hold the same. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/audit.h"
#include "domain/decision.h"
#include "store/blob.h"
#include "store/store.h"
#include "store/store_copy.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
migrate_usage(int code)
{
	fprintf(code ? stderr : stdout,
	        "Usage: leuchtturm migrate [--data DIR] --to postgresql://USER@HOST/DB\n\n"
	        "Copies the SQLite installation in DIR (every table, the audit chain) into the "
	        "empty PostgreSQL database given, then compares the tables' counts and "
	        "verifies the audit chain and the decision records there. Refuses a database "
	        "that is not empty. The files (DIR/files) are copied into the database's blob "
	        "store, from which every instance fetches what its own data folder lacks. "
	        "Stop the server first; the copy holds SQLite's write lock while it runs.\n");
	return code;
}

/* Takes --to URL (or --to=URL) out of argv, for config_parse to read the rest. */
static const char *
take_target(int *argc, char **argv)
{
	const char *to = NULL;
	int o = 1;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--to") == 0 && i + 1 < *argc)
			to = argv[++i];
		else if (strncmp(argv[i], "--to=", 5) == 0)
			to = argv[i] + 5;
		else
			argv[o++] = argv[i];
	}
	argv[o] = NULL;
	*argc = o;
	return to;
}

static void
progress(void *ctx, const char *table, int index, int count, int64_t rows)
{
	bool tty = *(bool *)ctx;
	printf(tty ? "\rcopying: %d/%d tables, %s: %lld rows\033[K"
	           : "copying: %d/%d %s: %lld rows\n",
	       index, count, table, (long long)rows);
	if (tty && index == count)
		printf("\n");
	fflush(stdout);
}

/* Opens the target and makes sure it is empty; then gives it the schema. */
static struct store *
open_target(const char *to)
{
	struct store *dst;
	if (store_open(&dst, to) != STORE_OK) {
		fprintf(stderr, "cannot connect to the PostgreSQL database given with --to\n");
		return NULL;
	}
	bool empty = false;
	if (store_copy_target_empty(dst, &empty) != STORE_OK || !empty) {
		fprintf(stderr, "the PostgreSQL database is not empty: migrate copies an "
		                "installation into an empty database only (CREATE DATABASE …)\n");
		store_close(dst);
		return NULL;
	}
	if (store_migrate(dst) != STORE_OK) {
		fprintf(stderr, "cannot create the schema in the PostgreSQL database\n");
		store_close(dst);
		return NULL;
	}
	return dst;
}

/* The same counts, the same chain and intact decision records on both sides, and every
 * file the rows name in the file store. Returns 0 or 1. */
static int
check_copy(struct store *src, struct store *dst, const char *files_dir)
{
	int rc = 0;
	int differ = store_copy_verify(src, dst);
	if (differ != 0) {
		fprintf(stderr, "the counts differ in %d table(s)\n", differ);
		rc = 1;
	}
	int64_t events_src = 0, events_dst = 0;
	int64_t broken_src = audit_verify(src, &events_src),
	        broken = audit_verify(dst, &events_dst);
	if (broken || events_dst != events_src) {
		fprintf(stderr, "audit chain on PostgreSQL: %lld events%s, on SQLite %lld%s\n",
		        (long long)events_dst, broken ? " (BROKEN)" : "", (long long)events_src,
		        broken_src ? " (broken before the copy)" : "");
		rc = 1;
	}
	int64_t versions = 0, bad_p = 0, bad_v = 0;
	if (decision_verify(dst, &versions, &bad_p, &bad_v) != 0) {
		fprintf(stderr, "decision records differ from the audit log on PostgreSQL\n");
		rc = 1;
	}
	blob_fs_configure(files_dir);
	int64_t named = 0, missing = 0;
	if (store_copy_check_files(dst, &named, &missing) != STORE_OK || missing) {
		fprintf(stderr, "%lld of %lld files the rows name are missing in %s\n",
		        (long long)missing, (long long)named, files_dir);
		rc = 1;
	}
	if (rc == 0)
		printf(
		    "verified: the same rows in every table, audit chain intact (%lld events), "
		    "decision records match (%lld versions), %lld files from %s in the database\n",
		    (long long)events_dst, (long long)versions, (long long)named, files_dir);
	return rc;
}

int
cmd_migrate(int argc, char **argv)
{
	const char *to = take_target(&argc, argv);
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2)
		return migrate_usage(0);
	if (first < 0 || first != argc || !to)
		return migrate_usage(2);
	if (!store_is_server_address(to)) {
		fprintf(stderr, "--to wants a postgresql://… address\n");
		return 2;
	}
	/* The source is always the data folder's SQLite file, whatever LEUCHTTURM_DATABASE_URL
	 * says (that names where the installation goes next). */
	c.database = NULL;
	snprintf(c.db_path, sizeof c.db_path, "%s/leuchtturm.db", c.data_dir);
	if (access(c.db_path, F_OK) != 0) {
		fprintf(stderr, "no SQLite database in %s (--data DIR)\n", c.data_dir);
		return 1;
	}
	struct store *src = cli_open_store(&c);
	if (!src)
		return 1;
	struct store *dst = open_target(to);
	int rc = 1;
	if (dst && store_schema_version(src) != store_schema_version(dst)) {
		fprintf(stderr, "schema versions differ: SQLite %d, PostgreSQL %d\n",
		        store_schema_version(src), store_schema_version(dst));
	} else if (dst) {
		bool tty = isatty(STDOUT_FILENO);
		struct store_copy_report report;
		if (store_copy(src, dst, progress, &tty, &report) != STORE_OK) {
			fprintf(stderr,
			        "the copy failed and was rolled back; the PostgreSQL database "
			        "holds the empty schema: drop and create it again before the "
			        "next attempt\n");
		} else {
			printf("copied %d tables, %lld rows\n", report.tables,
			       (long long)report.rows);
			if (report.skipped[0])
				printf("not copied (SQLite's own, rebuilt by the search on "
				       "PostgreSQL): "
				       "%s\n",
				       report.skipped);
			fflush(stdout);
			rc = check_copy(src, dst, c.files_dir);
		}
	}
	store_close(dst);
	store_close(src);
	store_copy_release();
	return rc;
}

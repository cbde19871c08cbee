/* Moving an installation from SQLite to PostgreSQL (leuchtturm migrate): every table of
 * the schema copied row by row into an empty database, the identity sequences set past the
 * copied ids, and both sides counted afterwards. */
#ifndef STORE_STORE_COPY_H
#define STORE_STORE_COPY_H
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* Whether dst, a PostgreSQL database, holds no table at all in its schema (what migrate
 * accepts: it refuses to mix an installation into another). Returns STORE_OK and sets
 * *empty, or STORE_ERR. */
int store_copy_target_empty(struct store *dst, bool *empty);

/* Told after each table: its name, its place (1-based) among count tables, its rows. */
typedef void (*store_copy_progress)(void *ctx, const char *table, int index, int count,
                                    int64_t rows);

/* What a copy found: the tables copied and their rows, and the source's tables that have
 * no twin on PostgreSQL and were left behind (the SQLite search index: the search builds
 * its own), as a comma-separated list in skipped (at most n bytes). */
struct store_copy_report {
	int tables;
	int64_t rows;
	char skipped[512];
};

/* Copies src (SQLite, at the same schema version as dst: both migrated) into dst
 * (PostgreSQL, migrated from empty by store_migrate): in one transaction on dst, with the
 * source's write lock held so nothing changes while it is read. The rows the migrations
 * seeded on dst are replaced; dst's triggers (generation counters, the audit log's
 * append-only guard) do not fire for the copied rows, which carry their counters and
 * hashes as they are; foreign keys are checked (tables in dependency order). Afterwards
 * each identity column's sequence continues after the largest copied id. Returns STORE_OK
 * or an error (logged; dst is then as migrate left it). */
int store_copy(struct store *src, struct store *dst, store_copy_progress progress, void *ctx,
               struct store_copy_report *out);

/* Counts every copied table on both sides. Returns the number of tables whose counts
 * differ (each logged), or -1 on a storage error. */
int store_copy_verify(struct store *src, struct store *dst);

/* Copies the files the copied rows name (attachments, practice images and downloads) from
 * the file store (blob_fs_configure) into dst's blob tables (blob_db.c), each in a
 * transaction of its own, and reads back that each is there: how many the rows name, and
 * how many of them could not be copied (missing in the folder; each logged). Returns
 * STORE_OK or a storage error. */
int store_copy_check_files(struct store *dst, int64_t *named, int64_t *missing);

/* Frees the copy's statements' texts: call after closing both stores (their statement
 * caches refer to them). */
void store_copy_release(void);

#endif

/* The import of good practices from JSON (the format of docs/import-format.md), used by
 * `leuchtturm import` and by the demo data. */
#ifndef DOMAIN_PRACTICE_IMPORT_H
#define DOMAIN_PRACTICE_IMPORT_H
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

struct store;

/* One problem: the record (1-based; 0 for the file as a whole), the field (a key of the
 * format, "" for the record as a whole), and what is wrong (an English message, with the
 * offending value or the JSON parser's position where that helps). */
struct import_problem {
	size_t record;
	const char *field;
	const char *message;
};

struct import_result {
	size_t records;  /* records in the file */
	size_t imported; /* practices created (all records, or none) */
	struct import_problem *problems;
	size_t nproblems;
};

#define IMPORT_MAX_PROBLEMS 200 /* further problems are counted, not listed */
#define IMPORT_MAX_RECORDS 100000

/* Checks every record of json first (a record at a time, see practice_import_with) and
 * creates the practices only when none has a problem, so a file is imported whole or not at all.
 * Runs in the caller's transaction: on anything but 0 the caller rolls back. Strings live in a.
 * Returns 0 when imported, 1 when the file has problems (listed in res), -1 on a storage error. */
int practice_import(struct store *s, struct arena *a, int64_t actor, const char *json, size_t len,
                    struct import_result *res);

/* What practice_import_with tells while it works: fn(ctx, stage, done, total) every 500
 * records, stage "checked" (total: the records so far) or "imported" (total: all). */
struct import_progress {
	void (*fn)(void *ctx, const char *stage, size_t done, size_t total);
	void *ctx;
};
/* practice_import, reading the file a record at a time (only one record's parse is held in
 * memory; the file is read three times: checked, then the records with their own slug
 * written, then the others), with progress (NULL: none). */
int practice_import_with(struct store *s, struct arena *a, int64_t actor, const char *json,
                         size_t len, struct import_result *res,
                         const struct import_progress *progress);

#endif

/* The numbered migrations of sql/sqlite/ and of sql/pg/ (the same numbers and names, for
 * PostgreSQL: tests/pg/check-migrations fails when one lacks one of the other), embedded
 * at build time by scripts/embed.py. */
#ifndef STORE_MIGRATIONS_H
#define STORE_MIGRATIONS_H
#include <stddef.h>

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const size_t migrations_count;
extern const struct migration pg_migrations[];
extern const size_t pg_migrations_count;

#endif

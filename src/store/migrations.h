/* The numbered migrations of sql/sqlite/, embedded at build time by scripts/embed.py. */
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

#endif

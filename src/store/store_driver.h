/* The store's drivers: what store.c dispatches to. Only the store's own files include
 * this header. A driver's connection and statement structs begin with struct store and
 * struct stmt (the driver's vtable), so store.c finds the driver from either. */
#ifndef STORE_STORE_DRIVER_H
#define STORE_STORE_DRIVER_H
#include "store/store.h"

struct store_driver {
	const char *name;
	int (*open)(struct store **out, const char *target);
	void (*close)(struct store *s);
	int (*migrate)(struct store *s);
	int (*schema_version)(struct store *s);
	struct stmt *(*stmt)(struct store *s, const struct store_query *q);
	void (*bind_int)(struct stmt *st, int idx, int64_t v);
	void (*bind_text)(struct stmt *st, int idx, const char *v);
	void (*bind_null)(struct stmt *st, int idx);
	void (*bind_double)(struct stmt *st, int idx, double v);
	int (*step)(struct stmt *st);
	int64_t (*col_int)(struct stmt *st, int col);
	double (*col_double)(struct stmt *st, int col);
	const char *(*col_text)(struct stmt *st, int col);
	bool (*col_is_null)(struct stmt *st, int col);
	int (*columns)(struct stmt *st);
	const char *(*column_name)(struct stmt *st, int col);
	enum store_col (*column_kind)(struct stmt *st, int col);
	void (*done)(struct stmt *st);
	int (*tx)(struct store *s, const char *name, store_tx_fn fn, void *ctx);
	bool (*in_tx)(struct store *s);
	int (*busy_waits)(struct store *s);
	int (*changes)(struct store *s);
	int (*backup)(struct store *s, const char *path);
	/* Runs SQL without parameters that the store itself wrote (store_exec_trusted). */
	int (*exec)(struct store *s, const char *sql);
	bool (*try_lock)(struct store *s, int64_t key);
	void (*unlock)(struct store *s, int64_t key);
};

/* The head of every driver's connection and statement. */
struct store {
	const struct store_driver *drv;
};
struct stmt {
	const struct store_driver *drv;
};

extern const struct store_driver store_sqlite_driver;
extern const struct store_driver store_pg_driver;

/* The extensions registered with store_register_extension, for a driver's configure step
 * (the SQLite driver's: they speak to SQLite). Returns 0, or non-zero when one failed. */
int store_run_extensions(struct store *s);

/* Runs sql, which takes no parameters and was written by the store itself from names
 * the databases gave it (the copy between drivers, store_copy.c: ALTER TABLE, TRUNCATE,
 * setval), never from a caller's values. Returns STORE_OK or an error (logged). */
int store_exec_trusted(struct store *s, const char *sql);

/* Whether target names a PostgreSQL database (postgresql://… or postgres://…). */
bool store_target_is_pg(const char *target);

#endif

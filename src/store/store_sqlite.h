/* The SQLite driver's own handle of a connection, for the code that must speak to SQLite
 * itself: the search layer's FTS5 tokenizer (src/search/tokenizer.c), registered through
 * store_register_extension. Nothing else includes this header (or sqlite3.h). */
#ifndef STORE_STORE_SQLITE_H
#define STORE_STORE_SQLITE_H
#include <sqlite3.h>

struct store;

/* The connection's sqlite3 handle; owned by the store. */
sqlite3 *store_sqlite_db(struct store *s);

#endif

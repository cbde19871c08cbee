/* The storage interface must not show a driver's types. */
#include "util/log.h"
struct sqlite3;
void store_handle(struct sqlite3 *db);

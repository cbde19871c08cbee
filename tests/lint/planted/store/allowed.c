/* The store may include SQLite and run transactions: nothing here is reported. */
#include <sqlite3.h>
#include "util/log.h"

static const char *begin = "BEGIN IMMEDIATE";

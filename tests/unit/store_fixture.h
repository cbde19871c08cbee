/* Shared by the unit tests of the store (test_store*.c): a temporary database and its
 * path; each test program opens it in a setup of its own. */
#ifndef TESTS_UNIT_STORE_FIXTURE_H
#define TESTS_UNIT_STORE_FIXTURE_H
#include "store/store.h"

struct fixture {
	char path[64];
	struct store *s;
};

/* cmocka teardown: closes the database and removes its files. */
int store_teardown(void **state);

#endif

/* The fixture of the store's tests (store_fixture.h). */
#include "store_fixture.h"
#include "fixture.h"

#include <stdlib.h>

/* Closes the database and removes its files. */
int
store_teardown(void **state)
{
	struct fixture *f = *state;
	temp_db_close(f->s, f->path);
	free(f);
	return 0;
}

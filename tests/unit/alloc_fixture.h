/* Shared by the unit tests of the allocators (test_arena.c, test_buf_growable.c): their
 * sizes the tests cross, and a way to see an allocator refuse a size. */
#ifndef TESTS_UNIT_ALLOC_FIXTURE_H
#define TESTS_UNIT_ALLOC_FIXTURE_H
#include <stdbool.h>

/* The first allocation of a buffer is 256 bytes (buf.c); the tests cross that line. */
#define FIRST_CAP 256
/* An arena block holds 8192 bytes (arena.c); larger requests get a block of their own. */
#define BLOCK 8192

/* Runs fn in a child process and reports whether the child died of SIGABRT, which is
 * how the allocators refuse sizes they cannot serve. */
bool aborts(void (*fn)(void));

#endif

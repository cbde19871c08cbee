/* Unit tests for the region allocator (util/arena.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/buf.h"
#include "alloc_fixture.h"

/* ---- arena ---- */

static void
test_arena_alloc_returns_aligned_distinct_memory(void **state)
{
	struct arena a = {0};
	char *p = arena_alloc(&a, 1);
	char *q = arena_alloc(&a, 1);
	assert_non_null(p);
	assert_non_null(q);
	assert_ptr_not_equal(p, q);
	assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	assert_int_equal((uintptr_t)q % _Alignof(max_align_t), 0);
	arena_free(&a);
}

static void
test_arena_many_small_allocations_do_not_overlap(void **state)
{
	enum { COUNT = 20000, SIZE = 13 };
	struct arena a = {0};
	unsigned char **p = malloc(COUNT * sizeof *p);
	assert_non_null(p);
	for (int i = 0; i < COUNT; i++) {
		p[i] = arena_alloc(&a, SIZE);
		memset(p[i], i & 0xff, SIZE);
	}
	/* Any overlap would have overwritten an earlier pattern. */
	for (int i = 0; i < COUNT; i++)
		for (int k = 0; k < SIZE; k++)
			assert_int_equal(p[i][k], i & 0xff);
	free(p);
	arena_free(&a);
}

static void
test_arena_large_allocation_is_fully_usable(void **state)
{
	size_t n = 4 * 1024 * 1024 + 3;
	struct arena a = {0};
	unsigned char *p = arena_alloc(&a, n);
	memset(p, 0xab, n);
	assert_int_equal(p[0], 0xab);
	assert_int_equal(p[n - 1], 0xab);
	arena_free(&a);
}

static void
test_arena_small_after_large_does_not_overlap(void **state)
{
	struct arena a = {0};
	char *small1 = arena_alloc(&a, 100);
	memset(small1, 's', 100);
	char *large = arena_alloc(&a, BLOCK * 3);
	memset(large, 'L', BLOCK * 3);
	char *small2 = arena_alloc(&a, 100);
	memset(small2, 't', 100);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(small1[i], 's');
		assert_int_equal(small2[i], 't');
	}
	for (int i = 0; i < BLOCK * 3; i++)
		assert_int_equal(large[i], 'L');
	arena_free(&a);
}

static void
test_arena_allocation_of_exactly_one_block(void **state)
{
	struct arena a = {0};
	char *p = arena_alloc(&a, BLOCK);
	memset(p, 'b', BLOCK);
	char *q = arena_alloc(&a, 1);
	*q = 'c';
	assert_int_equal(p[BLOCK - 1], 'b');
	arena_free(&a);
}

static void
test_arena_alloc_of_zero_bytes_returns_pointer(void **state)
{
	struct arena a = {0};
	assert_non_null(arena_alloc(&a, 0));
	arena_free(&a);
}

static void
test_arena_calloc_zeroes_memory(void **state)
{
	struct arena a = {0};
	/* Dirty the block first so the zeroes cannot come from a fresh malloc by luck. */
	memset(arena_alloc(&a, 512), 0xff, 512);
	arena_free(&a);
	for (int round = 0; round < 3; round++) {
		memset(arena_alloc(&a, 256), 0xff, 256);
		unsigned char *p = arena_calloc(&a, 300);
		for (int i = 0; i < 300; i++)
			assert_int_equal(p[i], 0);
	}
	arena_free(&a);
}

static void
test_arena_strdup_copies_string(void **state)
{
	struct arena a = {0};
	char src[] = "Grüße";
	char *p = arena_strdup(&a, src);
	assert_ptr_not_equal(p, src);
	src[0] = 'X';
	assert_string_equal(p, "Grüße");
	arena_free(&a);
}

static void
test_arena_strdup_of_null_is_null(void **state)
{
	struct arena a = {0};
	assert_null(arena_strdup(&a, NULL));
	arena_free(&a);
}

static void
test_arena_strndup_stops_after_n_bytes(void **state)
{
	struct arena a = {0};
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(&a, "abcdef", 0), "");
	arena_free(&a);
}

static void
test_arena_printf_formats_short_text(void **state)
{
	struct arena a = {0};
	assert_string_equal(arena_printf(&a, "%s/%d/%x", "call", 12, 255), "call/12/ff");
	assert_string_equal(arena_printf(&a, "%s", ""), "");
	arena_free(&a);
}

static void
test_arena_printf_longer_than_a_block(void **state)
{
	size_t n = BLOCK * 2 + 5;
	char *big = malloc(n + 1);
	assert_non_null(big);
	memset(big, 'w', n);
	big[n] = '\0';
	struct arena a = {0};
	char *p = arena_printf(&a, "<%s>", big);
	assert_int_equal(strlen(p), n + 2);
	assert_int_equal(p[0], '<');
	assert_memory_equal(p + 1, big, n);
	assert_string_equal(p + n + 1, ">");
	free(big);
	arena_free(&a);
}

static void
test_arena_is_reusable_after_free(void **state)
{
	struct arena a = {0};
	arena_strdup(&a, "first round");
	arena_alloc(&a, BLOCK * 2);
	arena_free(&a);
	assert_null(a.head);
	assert_string_equal(arena_strdup(&a, "second round"), "second round");
	arena_free(&a);
	arena_free(&a); /* freeing an empty arena is harmless */
}

static void
arena_alloc_size_max(void)
{
	struct arena a = {0};
	arena_alloc(&a, SIZE_MAX);
}

static void
arena_alloc_size_max_minus_block_header(void)
{
	struct arena a = {0};
	/* Rounds up to a size that fits, but adding the block header wraps around. */
	arena_alloc(&a, SIZE_MAX - sizeof(max_align_t) - 8);
}

static void
test_arena_alloc_refuses_size_that_overflows_rounding(void **state)
{
	/* Rounding SIZE_MAX up to the alignment wraps to 0: it must not return a pointer. */
	assert_true(aborts(arena_alloc_size_max));
}

static void
test_arena_alloc_refuses_size_that_overflows_block_header(void **state)
{
	assert_true(aborts(arena_alloc_size_max_minus_block_header));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_arena_alloc_returns_aligned_distinct_memory),
	    cmocka_unit_test(test_arena_many_small_allocations_do_not_overlap),
	    cmocka_unit_test(test_arena_large_allocation_is_fully_usable),
	    cmocka_unit_test(test_arena_small_after_large_does_not_overlap),
	    cmocka_unit_test(test_arena_allocation_of_exactly_one_block),
	    cmocka_unit_test(test_arena_alloc_of_zero_bytes_returns_pointer),
	    cmocka_unit_test(test_arena_calloc_zeroes_memory),
	    cmocka_unit_test(test_arena_strdup_copies_string),
	    cmocka_unit_test(test_arena_strdup_of_null_is_null),
	    cmocka_unit_test(test_arena_strndup_stops_after_n_bytes),
	    cmocka_unit_test(test_arena_printf_formats_short_text),
	    cmocka_unit_test(test_arena_printf_longer_than_a_block),
	    cmocka_unit_test(test_arena_is_reusable_after_free),
	    cmocka_unit_test(test_arena_alloc_refuses_size_that_overflows_rounding),
	    cmocka_unit_test(test_arena_alloc_refuses_size_that_overflows_block_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for the growable buffer (util/buf.h). */
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

/* ---- buf ---- */

static void
test_buf_str_of_empty_buffer_is_empty_string(void **state)
{
	struct buf b = BUF_INIT;
	assert_non_null(buf_str(&b));
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.len, 0);
}

static void
test_buf_puts_putc_and_append_concatenate(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "Leucht");
	buf_putc(&b, 't');
	buf_append(&b, "urmXYZ", 3);
	assert_string_equal(buf_str(&b), "Leuchtturm");
	assert_int_equal(b.len, 10);
	buf_free(&b);
}

static void
test_buf_append_keeps_embedded_nul_bytes(void **state)
{
	struct buf b = BUF_INIT;
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4); /* and the terminating NUL after it */
	buf_free(&b);
}

static void
test_buf_append_of_zero_bytes_gives_valid_string(void **state)
{
	struct buf b = BUF_INIT;
	buf_append(&b, NULL, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void
test_buf_grows_byte_by_byte_past_initial_capacity(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(strlen(b.data), 10000);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(b.data[i], 'a' + i % 26);
	buf_free(&b);
}

static void
test_buf_append_of_one_large_block(void **state)
{
	size_t n = 3 * 1024 * 1024 + 7;
	char *src = malloc(n);
	assert_non_null(src);
	memset(src, 'x', n);
	struct buf b = BUF_INIT;
	buf_puts(&b, "<");
	buf_append(&b, src, n);
	buf_puts(&b, ">");
	assert_int_equal(b.len, n + 2);
	assert_int_equal(b.data[0], '<');
	assert_memory_equal(b.data + 1, src, n);
	assert_string_equal(b.data + n + 1, ">");
	free(src);
	buf_free(&b);
}

static void
test_buf_printf_formats_short_text(void **state)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s=%d;%05.1f|%c", "n", -42, 3.5, 'z');
	assert_string_equal(buf_str(&b), "n=-42;003.5|z");
	buf_free(&b);
}

static void
test_buf_printf_beyond_initial_capacity(void **state)
{
	char big[1001];
	memset(big, 'q', 1000);
	big[1000] = '\0';
	struct buf b = BUF_INIT;
	buf_printf(&b, "[%s]%d", big, 7);
	assert_int_equal(b.len, 1003);
	assert_int_equal(b.data[0], '[');
	assert_memory_equal(b.data + 1, big, 1000);
	assert_string_equal(b.data + 1001, "]7");
	buf_free(&b);
}

static void
test_buf_printf_crossing_capacity_after_existing_text(void **state)
{
	/* Leave a few bytes free, so the first vsnprintf is cut short and must be redone. */
	struct buf b = BUF_INIT;
	char fill[FIRST_CAP - 10 + 1];
	memset(fill, 'f', sizeof fill - 1);
	fill[sizeof fill - 1] = '\0';
	buf_puts(&b, fill);
	buf_printf(&b, "%s-%s", "0123456789", "abcdefghij");
	assert_int_equal(b.len, FIRST_CAP - 10 + 21);
	assert_memory_equal(b.data, fill, FIRST_CAP - 10);
	assert_string_equal(b.data + FIRST_CAP - 10, "0123456789-abcdefghij");
	buf_free(&b);
}

static void
test_buf_printf_appends_many_times(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%03d,", i);
	assert_int_equal(b.len, 4000);
	assert_memory_equal(b.data, "000,001,002,", 12);
	assert_string_equal(b.data + 3996, "999,");
	buf_free(&b);
}

static void
test_buf_printf_of_empty_format_changes_nothing(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "x");
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 1);
	assert_string_equal(buf_str(&b), "x");
	buf_free(&b);
}

static void
test_buf_reset_empties_and_keeps_capacity(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "some text that is kept in the buffer");
	size_t cap = b.cap;
	char *data = b.data;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(b.cap, cap);
	assert_ptr_equal(b.data, data);
	buf_puts(&b, "new");
	assert_string_equal(buf_str(&b), "new");
	buf_free(&b);
}

static void
test_buf_reset_of_empty_buffer_is_harmless(void **state)
{
	struct buf b = BUF_INIT;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
}

static void
test_buf_detach_hands_over_contents_and_empties(void **state)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s %d", "detached", 1);
	char *s = buf_detach(&b);
	assert_string_equal(s, "detached 1");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	assert_string_equal(buf_str(&b), "");
	/* The buffer is usable again and does not share memory with the detached string. */
	buf_puts(&b, "again");
	assert_string_equal(s, "detached 1");
	assert_string_equal(buf_str(&b), "again");
	free(s);
	buf_free(&b);
}

static void
test_buf_detach_of_empty_buffer_returns_freeable_empty_string(void **state)
{
	struct buf b = BUF_INIT;
	char *s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void
test_buf_free_leaves_buffer_reusable(void **state)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "first");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	buf_puts(&b, "second");
	assert_string_equal(buf_str(&b), "second");
	buf_free(&b);
}

static void
grow_by_size_max(void)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "x");
	buf_grow(&b, SIZE_MAX);
}

static void
test_buf_grow_refuses_size_that_overflows(void **state)
{
	/* len + extra + 1 wraps around; the buffer must not pretend to have grown. */
	assert_true(aborts(grow_by_size_max));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_buf_str_of_empty_buffer_is_empty_string),
	    cmocka_unit_test(test_buf_puts_putc_and_append_concatenate),
	    cmocka_unit_test(test_buf_append_keeps_embedded_nul_bytes),
	    cmocka_unit_test(test_buf_append_of_zero_bytes_gives_valid_string),
	    cmocka_unit_test(test_buf_grows_byte_by_byte_past_initial_capacity),
	    cmocka_unit_test(test_buf_append_of_one_large_block),
	    cmocka_unit_test(test_buf_printf_formats_short_text),
	    cmocka_unit_test(test_buf_printf_beyond_initial_capacity),
	    cmocka_unit_test(test_buf_printf_crossing_capacity_after_existing_text),
	    cmocka_unit_test(test_buf_printf_appends_many_times),
	    cmocka_unit_test(test_buf_printf_of_empty_format_changes_nothing),
	    cmocka_unit_test(test_buf_reset_empties_and_keeps_capacity),
	    cmocka_unit_test(test_buf_reset_of_empty_buffer_is_harmless),
	    cmocka_unit_test(test_buf_detach_hands_over_contents_and_empties),
	    cmocka_unit_test(test_buf_detach_of_empty_buffer_returns_freeable_empty_string),
	    cmocka_unit_test(test_buf_free_leaves_buffer_reusable),
	    cmocka_unit_test(test_buf_grow_refuses_size_that_overflows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
